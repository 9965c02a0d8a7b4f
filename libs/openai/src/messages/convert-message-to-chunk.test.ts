import { describe, expect, it } from "@jest/globals";
import { AIMessageChunk } from "@langchain/core/messages";
import type OpenAI from "openai";
import { finalizeStreamedMessage } from "./convert-from-openai-chunk.js";
import { convertFromOpenAIMessage } from "./convert-from-openai-message.js";
import { convertMessageToChunk } from "./convert-message-to-chunk.js";
import { TRUNCATED_TOOL_CALL_ERROR } from "./parse-tool-calls.js";

function completion(message: Record<string, unknown>, finishReason: string): OpenAI.ChatCompletion {
  return {
    id: "chatcmpl-unit",
    object: "chat.completion",
    created: 1763770200,
    model: "gpt-4o-mini-2024-07-18",
    system_fingerprint: "fp_0ba0d124f1",
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: null, ...message }, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 60, completion_tokens: 18, total_tokens: 78 },
  } as OpenAI.ChatCompletion;
}

const convert = (wire: OpenAI.ChatCompletion) => convertFromOpenAIMessage(wire, wire.choices[0]!, { requestId: "req_1" }, { includeUsage: true });

describe("convertMessageToChunk", () => {
  it("keeps text, id, metadata, usage and tool calls (valid and invalid, in wire order) as one chunk", () => {
    const message = convert(
      completion(
        {
          content: "Checking.",
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: "not json" } },
            { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"zone":"CET"}' } },
            { id: "call_3", type: "custom", custom: { name: "shell", input: "ls -la" } },
          ],
        },
        "tool_calls",
      ),
    );
    const chunk = convertMessageToChunk(message);
    expect(chunk).toBeInstanceOf(AIMessageChunk);
    expect(chunk.content).toBe("Checking.");
    expect(chunk.id).toBe("chatcmpl-unit");
    expect(chunk.response_metadata).toStrictEqual(message.response_metadata);
    expect(chunk.usage_metadata).toStrictEqual(message.usage_metadata);
    expect(chunk.tool_call_chunks).toStrictEqual([
      { type: "tool_call_chunk", index: 0, id: "call_1", name: "get_weather", args: "not json" },
      { type: "tool_call_chunk", index: 1, id: "call_2", name: "get_time", args: '{"zone":"CET"}' },
      { type: "tool_call_chunk", index: 2, id: "call_3", name: "shell", args: "ls -la", isCustomTool: true },
    ]);
    expect(chunk.tool_calls).toStrictEqual(message.tool_calls);
    expect(chunk.invalid_tool_calls).toStrictEqual(message.invalid_tool_calls);
    const finalized = finalizeStreamedMessage(chunk);
    expect(finalized.tool_calls).toStrictEqual(message.tool_calls);
    expect(finalized.invalid_tool_calls).toStrictEqual(message.invalid_tool_calls);
  });

  it("keeps calls cut off by the token limit invalid after finalizing", () => {
    const message = convert(completion({ tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] }, "length"));
    const finalized = finalizeStreamedMessage(convertMessageToChunk(message));
    expect(finalized.tool_calls).toStrictEqual([]);
    expect(finalized.invalid_tool_calls).toStrictEqual([
      { type: "invalid_tool_call", id: "call_1", name: "get_weather", args: '{"city":"Paris"}', error: TRUNCATED_TOOL_CALL_ERROR },
    ]);
  });

  it("gives a message without tool calls a chunk without tool_call_chunks", () => {
    const chunk = convertMessageToChunk(convert(completion({ content: "Hello" }, "stop")));
    expect(chunk.content).toBe("Hello");
    expect(chunk.tool_call_chunks).toStrictEqual([]);
    expect(chunk.tool_calls).toStrictEqual([]);
  });
});
