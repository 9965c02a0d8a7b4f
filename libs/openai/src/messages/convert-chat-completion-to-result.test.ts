import { describe, expect, it } from "@jest/globals";
import type { AIMessage } from "@langchain/core/messages";
import { loadExchange } from "./__fixtures__/exchanges.js";
import { convertChatCompletionToResult } from "./convert-chat-completion-to-result.js";

describe("convertChatCompletionToResult", () => {
  it("gives one generation per choice with its text and finish reason, usage on the first message only, and the usage as llmOutput", () => {
    const { completion } = loadExchange("two-choices");
    completion.choices[1]!.finish_reason = "length";
    const { generations, llmOutput } = convertChatCompletionToResult(completion, { requestId: "req_two" }, new Map());
    expect(generations.map(({ text, generationInfo, message }) => ({ text, generationInfo, usage: (message as AIMessage).usage_metadata?.total_tokens }))).toEqual([
      { text: "Red and blue.", generationInfo: { finish_reason: "stop" }, usage: 20 },
      { text: "Green.", generationInfo: { finish_reason: "length" }, usage: undefined },
    ]);
    expect(generations[1]?.message.response_metadata).toMatchObject({ request_id: "req_two", finish_reason: "length" });
    expect(llmOutput).toStrictEqual({ tokenUsage: { promptTokens: 14, completionTokens: 6, totalTokens: 20 } });
  });

  it("returns an empty llmOutput for a response without usage", () => {
    const { completion } = loadExchange("plain-text");
    delete (completion as { usage?: unknown }).usage;
    expect(convertChatCompletionToResult(completion, {}, new Map()).llmOutput).toStrictEqual({});
  });
});
