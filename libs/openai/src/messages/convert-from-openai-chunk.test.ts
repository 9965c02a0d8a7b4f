import { describe, expect, it } from "@jest/globals";
import { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import type OpenAI from "openai";
import { loadExchange } from "./__fixtures__/exchanges.js";
import { createChunkConverter, finalizeStreamedMessage, type ConvertedChunk } from "./convert-from-openai-chunk.js";
import { EMPTY_OUTPUT_BUDGET_WARNING } from "./convert-from-openai-message.js";
import { wireChunk } from "./__fixtures__/wire-chunks.js";

const toolDelta = (fields: Record<string, unknown>) => ({ tool_calls: [fields] });

function convertAll(chunks: OpenAI.ChatCompletionChunk[]): ConvertedChunk[] {
  const convert = createChunkConverter({});
  return [...chunks.flatMap((chunk) => convert(chunk)), ...convert.flush()];
}

const aggregate = (converted: readonly ConvertedChunk[]) =>
  finalizeStreamedMessage(converted.map(({ message }) => message).reduce((left, right) => concat(left, right)));

describe("createChunkConverter", () => {
  it("returns one AIMessageChunk per choice delta, holding only that delta", () => {
    const convert = createChunkConverter({ requestId: "req_1" });
    const [first] = convert(wireChunk({ role: "assistant", content: "", refusal: null }));
    const [middle] = convert(wireChunk({ content: " world" }));
    expect(first!.message).toBeInstanceOf(AIMessageChunk);
    expect(first!.message.response_metadata).toStrictEqual({
      model_provider: "openai",
      request_id: "req_1",
      model_name: "gpt-4o-mini-2024-07-18",
      system_fingerprint: "fp_0ba0d124f1",
      service_tier: "default",
    });
    expect(middle).toMatchObject({ choiceIndex: 0, text: " world" });
    expect(middle!.message.content).toBe(" world");
    expect(middle!.message.id).toBe("chatcmpl-unit");
    expect(middle!.message.response_metadata).toStrictEqual({ model_provider: "openai" });
    expect(middle!.message.additional_kwargs).toStrictEqual({});
  });

  it("keeps only the first finish_reason of a choice (OpenRouter sends it twice)", () => {
    const converted = convertAll([wireChunk({ content: "Hi" }), wireChunk({ content: "" }, "stop"), wireChunk({ content: "" }, "stop")]);
    expect(converted.map(({ message }) => message.response_metadata.finish_reason)).toEqual([undefined, "stop", undefined]);
    expect(aggregate(converted).response_metadata.finish_reason).toBe("stop");
  });

  it("accumulates refusal deltas into additional_kwargs.refusal", () => {
    const converted = convertAll([wireChunk({ role: "assistant", content: null, refusal: "" }), wireChunk({ refusal: "I can't" }), wireChunk({ refusal: " help." }), wireChunk({}, "stop")]);
    expect(aggregate(converted).additional_kwargs).toStrictEqual({ refusal: "I can't help." });
    expect(converted.map(({ text }) => text).join("")).toBe("");
  });

  it("accumulates reasoning_content and vLLM's reasoning deltas into additional_kwargs.reasoning_content", () => {
    const converted = convertAll([wireChunk({ reasoning_content: "Think" }), wireChunk({ reasoning: "ing." }), wireChunk({ content: "Done" }, "stop")]);
    expect(aggregate(converted).additional_kwargs).toStrictEqual({ reasoning_content: "Thinking." });
  });

  it("assembles streamed audio with its id and expiry sent once", () => {
    const converted = convertAll([
      wireChunk({ audio: { id: "audio_1", transcript: "Hel", data: "AAA", expires_at: 1763773800 } }),
      wireChunk({ audio: { id: "audio_1", transcript: "lo", data: "BBB", expires_at: 1763773800 } }),
      wireChunk({}, "stop"),
    ]);
    expect(aggregate(converted).additional_kwargs.audio).toStrictEqual({ id: "audio_1", transcript: "Hello", data: "AAABBB", expires_at: 1763773800 });
  });

  it("assembles a legacy function_call from its fragments", () => {
    const converted = convertAll([wireChunk({ function_call: { name: "lookup", arguments: "" } }), wireChunk({ function_call: { arguments: '{"q":1}' } }), wireChunk({}, "function_call")]);
    expect(aggregate(converted).additional_kwargs.function_call).toStrictEqual({ name: "lookup", arguments: '{"q":1}' });
  });
});

describe("createChunkConverter: tool-call fragments", () => {
  const opening = (index: unknown, id: string, name: string) => toolDelta({ index, id, type: "function", function: { name, arguments: "" } });

  it("puts id and name on the first fragment only, also when a server repeats them on every fragment", () => {
    const converted = convertAll([
      wireChunk(opening(0, "call_r", "search")),
      wireChunk(toolDelta({ index: 0, id: "call_r", type: "function", function: { name: "search", arguments: '{"q":' } })),
      wireChunk(toolDelta({ index: 0, id: "call_r", type: "function", function: { name: "search", arguments: '"x"}' } })),
      wireChunk({}, "tool_calls"),
    ]);
    expect(converted.flatMap(({ message }) => message.tool_call_chunks)).toStrictEqual([
      { index: 0, id: "call_r", name: "search", args: "", type: "tool_call_chunk" },
      { index: 0, args: '{"q":', type: "tool_call_chunk" },
      { index: 0, args: '"x"}', type: "tool_call_chunk" },
    ]);
    const message = aggregate(converted);
    expect(message.tool_calls).toStrictEqual([{ name: "search", args: { q: "x" }, id: "call_r", type: "tool_call" }]);
    expect(message.additional_kwargs.tool_calls).toStrictEqual([{ index: 0, id: "call_r", type: "function", function: { name: "search", arguments: '{"q":"x"}' } }]);
  });

  it("reads string indexes, continues index-less fragments and ignores placeholder ids", () => {
    const converted = convertAll([
      wireChunk(opening("0", "call_s", "search")),
      wireChunk(toolDelta({ id: "null", function: { arguments: '{"q":' } })),
      wireChunk(toolDelta({ index: "0", id: "", function: { arguments: '"y"}' } })),
      wireChunk({}, "tool_calls"),
    ]);
    expect(aggregate(converted).tool_calls).toStrictEqual([{ name: "search", args: { q: "y" }, id: "call_s", type: "tool_call" }]);
  });

  it("opens a new call when a new id arrives on an occupied index", () => {
    const converted = convertAll([
      wireChunk(opening(0, "call_a", "first")),
      wireChunk(toolDelta({ index: 0, function: { arguments: "{}" } })),
      wireChunk(opening(0, "call_b", "second")),
      wireChunk(toolDelta({ index: 0, function: { arguments: '{"k":2}' } })),
      wireChunk({}, "tool_calls"),
    ]);
    expect(aggregate(converted).tool_calls).toStrictEqual([
      { name: "first", args: {}, id: "call_a", type: "tool_call" },
      { name: "second", args: { k: 2 }, id: "call_b", type: "tool_call" },
    ]);
  });

  it("turns malformed arguments into an invalid_tool_call instead of repairing them", () => {
    const converted = convertAll([wireChunk(opening(0, "call_m", "search")), wireChunk(toolDelta({ index: 0, function: { arguments: '{"q": "unclosed' } })), wireChunk({}, "tool_calls")]);
    const message = aggregate(converted);
    expect(message.tool_calls).toStrictEqual([]);
    expect(message.invalid_tool_calls).toMatchObject([{ name: "search", args: '{"q": "unclosed', id: "call_m", type: "invalid_tool_call" }]);
    expect(message.invalid_tool_calls![0]!.error).toMatch(/^invalid_json: /);
  });

  it("hands custom (free-form) tool input over as { input }", () => {
    const converted = convertAll([
      wireChunk(toolDelta({ index: 0, id: "call_c", type: "custom", custom: { name: "run_sql", input: "SELECT " } })),
      wireChunk(toolDelta({ index: 0, custom: { input: "1" } })),
      wireChunk({}, "tool_calls"),
    ]);
    expect(aggregate(converted).tool_calls).toStrictEqual([{ name: "run_sql", args: { input: "SELECT 1" }, id: "call_c", type: "tool_call" }]);
  });
});

describe("createChunkConverter: usage", () => {
  const usage = (completion: number) => ({ prompt_tokens: 10, completion_tokens: completion, total_tokens: 10 + completion });

  it("reports the usage-only chunk at once, as choice 0, and ignores a repeated one", () => {
    const convert = createChunkConverter({});
    convert(wireChunk({ content: "Hi" }, "stop", { usage: null }));
    const [report] = convert(wireChunk({}, null, { choices: [], usage: usage(2) }));
    expect(report).toMatchObject({ choiceIndex: 0, text: "" });
    expect(report!.message.usage_metadata).toStrictEqual({ input_tokens: 10, output_tokens: 2, total_tokens: 12, input_token_details: {}, output_token_details: {} });
    expect(report!.message.response_metadata).toStrictEqual({ model_provider: "openai", tokenUsage: { promptTokens: 10, completionTokens: 2, totalTokens: 12 } });
    expect(convert(wireChunk({}, null, { choices: [], usage: usage(2) }))).toEqual([]);
    expect(convert.flush()).toEqual([]);
  });

  it("holds cumulative usage on choice chunks back until flush, and reports the last value once", () => {
    const convert = createChunkConverter({});
    const converted = loadExchange("cumulative-usage").chunks.flatMap((chunk) => convert(chunk));
    expect(converted.some(({ message }) => message.usage_metadata !== undefined)).toBe(false);
    const [report] = convert.flush();
    expect(report!.message.usage_metadata).toMatchObject({ input_tokens: 24, output_tokens: 7, total_tokens: 31 });
    expect(convert.flush()).toEqual([]);
  });

  it("prefers a final usage-only chunk over cumulative values seen before it", () => {
    const convert = createChunkConverter({});
    convert(wireChunk({ content: "a" }, null, { usage: usage(1) }));
    convert(wireChunk({}, "stop", { usage: usage(2) }));
    const [report] = convert(wireChunk({}, null, { choices: [], usage: usage(3) }));
    expect(report!.message.usage_metadata?.output_tokens).toBe(3);
    expect(convert.flush()).toEqual([]);
  });
});

describe("finalizeStreamedMessage", () => {
  it("returns a message without tool_call_chunks unchanged", () => {
    const message = new AIMessageChunk({ content: "plain" });
    expect(finalizeStreamedMessage(message)).toBe(message);
  });
});

describe("createChunkConverter: the chunks it builds", () => {
  // The converter hands core's constructor every key it would add (see createMessageChunk); the chunk must be exactly
  // what the plain fields give, down to the order of keys that serialization writes.
  it("builds text, usage and tool-call chunks equal to core's constructor given the plain fields, keys in the same order", () => {
    const convert = createChunkConverter({ requestId: "req_1", warnings: [] });
    const converted = [
      ...convert(wireChunk({ role: "assistant", content: "Hi" })),
      ...convert(wireChunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: '{"a":' } }] })),
      ...convert({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
    ];
    expect(converted).toHaveLength(3);
    // What the converter passed core before it handed over every key: tool_call_chunks always named, usage apart.
    const plainFields = (message: AIMessageChunk) =>
      message.usage_metadata
        ? { content: message.content, id: message.id, usage_metadata: message.usage_metadata, response_metadata: message.response_metadata }
        : {
            content: message.content,
            id: message.id,
            additional_kwargs: message.additional_kwargs,
            response_metadata: message.response_metadata,
            tool_call_chunks: (message.tool_call_chunks?.length ?? 0) > 0 ? message.tool_call_chunks : undefined,
          };
    for (const { message } of converted) {
      const plain = new AIMessageChunk(plainFields(message));
      expect(message).toStrictEqual(plain);
      expect(message.tool_calls).toStrictEqual(plain.tool_calls);
      expect(message.invalid_tool_calls).toStrictEqual(plain.invalid_tool_calls);
      // Serialization writes lc_kwargs' keys in order: the same for a choice's chunk; a usage chunk's set is the same.
      if (message.usage_metadata) expect(new Set(Object.keys(message.lc_kwargs))).toEqual(new Set(Object.keys(plain.lc_kwargs)));
      else expect(Object.keys(message.lc_kwargs)).toEqual(Object.keys(plain.lc_kwargs));
    }
  });
});

describe("createChunkConverter: citations, headers and a budget spent before any output", () => {
  const citation = { type: "url_citation", url_citation: { start_index: 0, end_index: 5, title: "T", url: "https://example.com" } };

  it("keeps annotation deltas in additional_kwargs.annotations, appended in order", () => {
    const converted = convertAll([wireChunk({ content: "Hello" }), wireChunk({ annotations: [citation] }), wireChunk({ annotations: [] }, "stop")]);
    expect(aggregate(converted).additional_kwargs.annotations).toStrictEqual([citation]);
    expect(converted[2]!.message.additional_kwargs).toStrictEqual({});
  });

  it("puts the response headers on the first chunk only", () => {
    const convert = createChunkConverter({ headers: { "x-request-id": "req_1" } });
    const [first] = convert(wireChunk({ content: "Hi" }));
    const [second] = convert(wireChunk({ content: "!" }, "stop"));
    expect(first!.message.response_metadata.headers).toStrictEqual({ "x-request-id": "req_1" });
    expect(second!.message.response_metadata).not.toHaveProperty("headers");
  });

  it("warns on the finish chunk when finish_reason is length and nothing visible came, and only then", () => {
    const empty = convertAll([wireChunk({ role: "assistant", content: "" }), wireChunk({}, "length")]);
    expect(aggregate(empty).response_metadata.warnings).toStrictEqual([EMPTY_OUTPUT_BUDGET_WARNING]);
    expect(empty[1]!.message.response_metadata.warnings).toStrictEqual([EMPTY_OUTPUT_BUDGET_WARNING]);
    for (const visible of [{ content: "Hi" }, { refusal: "No." }, { audio: { id: "audio_1", transcript: "Hi" } }, toolDelta({ index: 0, id: "call_1", function: { name: "f", arguments: "{" } })]) {
      const converted = convertAll([wireChunk(visible), wireChunk({}, "length")]);
      expect(aggregate(converted).response_metadata).not.toHaveProperty("warnings");
    }
    expect(aggregate(convertAll([wireChunk({ content: "" }), wireChunk({}, "stop")])).response_metadata).not.toHaveProperty("warnings");
  });
});
