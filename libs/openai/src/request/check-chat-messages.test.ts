import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { InvalidInputError, InvalidMessageError } from "../errors/errors.js";
import { checkChatMessages } from "./check-chat-messages.js";

type Message = OpenAI.ChatCompletionMessageParam;
const call = (id: string, name = "f") => ({ id, type: "function" as const, function: { name, arguments: "{}" } });
const user: Message = { role: "user", content: "Hi" };
const asks = (...ids: string[]): Message => ({ role: "assistant", content: null, tool_calls: ids.map((id) => call(id)) });
const answers = (id: string): Message => ({ role: "tool", tool_call_id: id, content: "ok" });

describe("checkChatMessages (the API's conversation rules, before sending)", () => {
  it("accepts answered tool calls, parallel ones in any order, and an empty string as content", () => {
    expect(() => checkChatMessages([user, asks("a", "b"), answers("b"), answers("a"), { role: "user", content: "" }])).not.toThrow();
  });

  it.each<[string, Message[], number, RegExp]>([
    ["a tool result with no call before it", [user, answers("a")], 1, /Message 1 is a tool result for call "a", but the message before it is not an AIMessage/u],
    ["a tool result for a call not made", [user, asks("a"), answers("b")], 2, /called only "a"/u],
    ["a call answered twice", [user, asks("a"), answers("a"), answers("a")], 3, /answers tool call "a" a second time/u],
    ["a call unanswered before the next message", [user, asks("a", "b"), answers("a"), user], 1, /tool calls "b" that no ToolMessage answers before message 3/u],
    ["a call unanswered at the end", [user, asks("a")], 1, /answers by the end of the messages/u],
    ["a tool result after a user message closed the block", [user, asks("a"), answers("a"), user, answers("a")], 4, /is a tool result for call "a"/u],
    ["an empty content array", [{ role: "user", content: [] }], 0, /\(role "user"\) has an empty content array/u],
    ["a name OpenAI refuses", [{ role: "user", content: "Hi", name: "Ada Lovelace" }], 0, /has the name "Ada Lovelace"/u],
    ["a tool call name OpenAI refuses", [user, { role: "assistant", content: null, tool_calls: [call("a", "get weather")] }, answers("a")], 1, /tool call named "get weather"/u],
  ])("refuses %s, naming the message", (_name, messages, messageIndex, problem) => {
    const error = (() => {
      try {
        checkChatMessages(messages);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(InvalidMessageError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ messageIndex });
    expect((error as Error).message).toMatch(problem);
  });

  it("refuses an empty list with an InvalidInputError", () => {
    expect(() => checkChatMessages([])).toThrow(InvalidInputError);
  });
});
