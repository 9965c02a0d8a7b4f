import { describe, expect, it } from "@jest/globals";
import type { ChatModelStreamEvent } from "@langchain/core/language_models/event";
import type OpenAI from "openai";
import { z } from "zod";
import { convertToOpenAITools } from "../tools/convert-to-openai-tools.js";
import { createChunkConverter } from "./convert-from-openai-chunk.js";
import { createStreamEventConverter, mapFinishReason, type StreamEventConverterOptions } from "./convert-chunks-to-stream-events.js";
import { TRUNCATED_TOOL_CALL_ERROR } from "./parse-tool-calls.js";
import { wireChunk } from "./__fixtures__/wire-chunks.js";

function usageChunk(usage: OpenAI.CompletionUsage): OpenAI.ChatCompletionChunk {
  return { id: "chatcmpl-unit", object: "chat.completion.chunk", created: 1763770200, model: "gpt-4o-mini-2024-07-18", choices: [], usage };
}

const toolDelta = (fields: Record<string, unknown>) => ({ tool_calls: [fields] });

/** Wire chunks -> our AIMessageChunks (choice 0) -> events, as ChatOpenAI runs them. */
function convertAll(wire: OpenAI.ChatCompletionChunk[], options?: StreamEventConverterOptions, context = {}): ChatModelStreamEvent[] {
  const toChunks = createChunkConverter(context);
  const toEvents = createStreamEventConverter(options);
  const messages = [...wire.flatMap((chunk) => toChunks(chunk)), ...toChunks.flush()].filter(({ choiceIndex }) => choiceIndex === 0);
  return [...messages.flatMap(({ message }) => toEvents(message)), ...toEvents.finish()];
}

const usage = {
  prompt_tokens: 60,
  completion_tokens: 18,
  total_tokens: 78,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
};
const usageMetadata = {
  input_tokens: 60,
  output_tokens: 18,
  total_tokens: 78,
  input_token_details: { cache_read: 0, audio: 0 },
  output_token_details: { reasoning: 0, audio: 0 },
};

describe("createStreamEventConverter", () => {
  it("gives text and a following tool call their own blocks, parses the call, and finishes with tool_use, usage and metadata", () => {
    const events = convertAll(
      [
        wireChunk({ role: "assistant", content: "", refusal: null }),
        wireChunk({ content: "Let me check." }),
        wireChunk(toolDelta({ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } })),
        wireChunk(toolDelta({ index: 0, function: { arguments: '{"city":' } })),
        wireChunk(toolDelta({ index: 0, function: { arguments: '"Paris"}' } })),
        wireChunk({}, "tool_calls"),
        usageChunk(usage),
      ],
      {},
      { requestId: "req_1", warnings: ["temperature was dropped"] },
    );
    expect(events).toStrictEqual([
      { event: "message-start", id: "chatcmpl-unit" },
      { event: "content-block-start", index: 0, content: { type: "text", text: "" } },
      { event: "content-block-delta", index: 0, delta: { type: "text-delta", text: "Let me check." } },
      { event: "content-block-start", index: 1, content: { type: "tool_call_chunk", id: "call_1", name: "get_weather", args: "", index: 0 } },
      { event: "content-block-delta", index: 1, delta: { type: "tool-call-delta", args: '{"city":' } },
      { event: "content-block-delta", index: 1, delta: { type: "tool-call-delta", args: '"Paris"}' } },
      { event: "usage", usage: usageMetadata },
      { event: "content-block-finish", index: 0, content: { type: "text", text: "Let me check." } },
      { event: "content-block-finish", index: 1, content: { type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } } },
      {
        event: "message-finish",
        reason: "tool_use",
        usage: usageMetadata,
        responseMetadata: {
          model_provider: "openai",
          request_id: "req_1",
          warnings: ["temperature was dropped"],
          model_name: "gpt-4o-mini-2024-07-18",
          system_fingerprint: "fp_0ba0d124f1",
          service_tier: "default",
          finish_reason: "tool_calls",
          tokenUsage: { promptTokens: 60, completionTokens: 18, totalTokens: 78 },
        },
      },
    ]);
  });

  it("streams reasoning_content (DeepSeek) and reasoning (vLLM) as a reasoning block before the text", () => {
    const events = convertAll([
      wireChunk({ role: "assistant", content: "", reasoning_content: "9.11 < 9.9" }),
      wireChunk({ reasoning: ", so 9.9." }),
      wireChunk({ content: "9.9 is larger." }),
      wireChunk({}, "stop"),
    ]);
    expect(events.filter((event) => event.event !== "message-finish")).toStrictEqual([
      { event: "message-start", id: "chatcmpl-unit" },
      { event: "content-block-start", index: 0, content: { type: "reasoning", reasoning: "" } },
      { event: "content-block-delta", index: 0, delta: { type: "reasoning-delta", reasoning: "9.11 < 9.9" } },
      { event: "content-block-delta", index: 0, delta: { type: "reasoning-delta", reasoning: ", so 9.9." } },
      { event: "content-block-start", index: 1, content: { type: "text", text: "" } },
      { event: "content-block-delta", index: 1, delta: { type: "text-delta", text: "9.9 is larger." } },
      { event: "content-block-finish", index: 0, content: { type: "reasoning", reasoning: "9.11 < 9.9, so 9.9." } },
      { event: "content-block-finish", index: 1, content: { type: "text", text: "9.9 is larger." } },
    ]);
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "stop" });
  });

  it("gives parallel tool calls one block each, in the order they open, with interleaved argument slices", () => {
    const events = convertAll([
      wireChunk(toolDelta({ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Pa' } })),
      wireChunk(toolDelta({ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: "" } })),
      wireChunk(toolDelta({ index: 0, function: { arguments: 'ris"}' } })),
      wireChunk(toolDelta({ index: 1, function: { arguments: "{}" } })),
      wireChunk({}, "tool_calls"),
    ]);
    const blockEvents = events.filter((event) => event.event.startsWith("content-block"));
    expect(blockEvents).toStrictEqual([
      { event: "content-block-start", index: 0, content: { type: "tool_call_chunk", id: "call_a", name: "get_weather", args: "", index: 0 } },
      { event: "content-block-delta", index: 0, delta: { type: "tool-call-delta", args: '{"city":"Pa' } },
      { event: "content-block-start", index: 1, content: { type: "tool_call_chunk", id: "call_b", name: "get_time", args: "", index: 1 } },
      { event: "content-block-delta", index: 0, delta: { type: "tool-call-delta", args: 'ris"}' } },
      { event: "content-block-delta", index: 1, delta: { type: "tool-call-delta", args: "{}" } },
      { event: "content-block-finish", index: 0, content: { type: "tool_call", id: "call_a", name: "get_weather", args: { city: "Paris" } } },
      { event: "content-block-finish", index: 1, content: { type: "tool_call", id: "call_b", name: "get_time", args: {} } },
    ]);
  });

  it("finishes a call cut off by finish_reason length as an invalid_tool_call with the raw text, never repaired", () => {
    const events = convertAll([
      wireChunk(toolDelta({ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Par' } })),
      wireChunk({}, "length"),
    ]);
    expect(events.filter((event) => event.event === "content-block-finish")).toStrictEqual([
      {
        event: "content-block-finish",
        index: 0,
        content: { type: "invalid_tool_call", id: "call_1", name: "get_weather", args: '{"city":"Par', error: TRUNCATED_TOOL_CALL_ERROR },
      },
    ]);
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "length", responseMetadata: { finish_reason: "length" } });
  });

  it("finishes arguments that are not a JSON object as an invalid_tool_call with our parser's error", () => {
    const events = convertAll([
      wireChunk(toolDelta({ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "[1, 2]" } })),
      wireChunk({}, "tool_calls"),
    ]);
    expect(events.find((event) => event.event === "content-block-finish")).toStrictEqual({
      event: "content-block-finish",
      index: 0,
      content: {
        type: "invalid_tool_call",
        id: "call_1",
        name: "get_weather",
        args: "[1, 2]",
        error: "not_an_object: the arguments are valid JSON but an array; tool arguments must be a JSON object",
      },
    });
  });

  it("maps strict mode's nulls for optional fields back to absent keys in a finished call", () => {
    const tool = { name: "get_weather", description: "Weather", schema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }) };
    const { restorePlans } = convertToOpenAITools([tool], { strict: true });
    const events = convertAll(
      [
        wireChunk(toolDelta({ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","unit":null}' } })),
        wireChunk({}, "tool_calls"),
      ],
      { restorePlans },
    );
    expect(events.find((event) => event.event === "content-block-finish")).toStrictEqual({
      event: "content-block-finish",
      index: 0,
      content: { type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } },
    });
  });

  it("streams a refusal as a refusal block updated by snapshots", () => {
    const events = convertAll([wireChunk({ role: "assistant", content: null, refusal: "" }), wireChunk({ refusal: "I can't" }), wireChunk({ refusal: " help." }), wireChunk({}, "stop")]);
    expect(events.filter((event) => event.event.startsWith("content-block"))).toStrictEqual([
      { event: "content-block-start", index: 0, content: { type: "refusal", refusal: "" } },
      { event: "content-block-delta", index: 0, delta: { type: "block-delta", fields: { type: "refusal", refusal: "I can't" } } },
      { event: "content-block-delta", index: 0, delta: { type: "block-delta", fields: { type: "refusal", refusal: "I can't help." } } },
      { event: "content-block-finish", index: 0, content: { type: "refusal", refusal: "I can't help." } },
    ]);
  });

  it("turns a legacy function_call into a tool call block and finishes with tool_use", () => {
    const events = convertAll([
      wireChunk({ role: "assistant", content: null, function_call: { name: "get_weather", arguments: "" } }),
      wireChunk({ function_call: { arguments: '{"city":"Paris"}' } }),
      wireChunk({}, "function_call"),
    ]);
    expect(events.filter((event) => event.event === "content-block-start" || event.event === "content-block-finish")).toStrictEqual([
      { event: "content-block-start", index: 0, content: { type: "tool_call_chunk", name: "get_weather", args: "" } },
      { event: "content-block-finish", index: 0, content: { type: "tool_call", name: "get_weather", args: { city: "Paris" } } },
    ]);
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "tool_use" });
  });

  it("streams audio as an audio block: base64 data slices and transcript snapshots", () => {
    const events = convertAll(
      [
        wireChunk({ role: "assistant", audio: { id: "audio_1", transcript: "Hel", data: "AAAA", expires_at: 1763773800 } }),
        wireChunk({ audio: { transcript: "lo", data: "BBBB" } }),
        wireChunk({}, "stop"),
      ],
      { audioFormat: "pcm16" },
    );
    expect(events.filter((event) => event.event.startsWith("content-block"))).toStrictEqual([
      { event: "content-block-start", index: 0, content: { type: "audio", data: "", mimeType: "audio/pcm" } },
      { event: "content-block-delta", index: 0, delta: { type: "block-delta", fields: { type: "audio", transcript: "Hel" } } },
      { event: "content-block-delta", index: 0, delta: { type: "data-delta", data: "AAAA", encoding: "base64" } },
      { event: "content-block-delta", index: 0, delta: { type: "block-delta", fields: { type: "audio", transcript: "Hello" } } },
      { event: "content-block-delta", index: 0, delta: { type: "data-delta", data: "BBBB", encoding: "base64" } },
      {
        event: "content-block-finish",
        index: 0,
        content: { type: "audio", id: "audio_1", data: "AAAABBBB", mimeType: "audio/pcm", transcript: "Hello", metadata: { expires_at: 1763773800 } },
      },
    ]);
  });

  it("joins each chunk's logprobs slice into the finished response metadata", () => {
    const token = (text: string) => ({ token: text, logprob: -0.1, bytes: [], top_logprobs: [] });
    const events = convertAll([
      wireChunk({ content: "Hi" }, null, {}),
      wireChunk({ content: " there" }, "stop"),
    ].map((chunk, position) => ({ ...chunk, choices: [{ ...chunk.choices[0]!, logprobs: { content: [token(position === 0 ? "Hi" : " there")], refusal: null } }] })));
    expect(events.at(-1)).toMatchObject({ responseMetadata: { logprobs: { content: [token("Hi"), token(" there")] } } });
  });

  it("claims no finish reason for a stream without one, and emits nothing for a stream without chunks", () => {
    const events = convertAll([wireChunk({ content: "Cut" })]);
    expect(events.at(-1)).toStrictEqual({
      event: "message-finish",
      responseMetadata: { model_provider: "openai", model_name: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_0ba0d124f1", service_tier: "default" },
    });
    expect(createStreamEventConverter().finish()).toStrictEqual([]);
  });
});

describe("mapFinishReason", () => {
  it.each([
    ["stop", "stop"],
    ["length", "length"],
    ["content_filter", "content_filter"],
    ["tool_calls", "tool_use"],
    ["function_call", "tool_use"],
    ["eos", undefined],
    [null, undefined],
    [undefined, undefined],
  ])("maps %p to %p", (reason, mapped) => {
    expect(mapFinishReason(reason)).toBe(mapped);
  });
});
