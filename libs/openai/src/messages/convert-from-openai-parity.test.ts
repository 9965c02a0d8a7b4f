// The central property: for every recorded exchange, on both supported @langchain/core versions, concatenating the
// streamed chunks of a choice gives the message invoke gives for it.
import { beforeAll, describe, expect, it, jest } from "@jest/globals";
import type { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import type OpenAI from "openai";
import { comparableMessage, loadExchange, loadExchanges, type Exchange } from "./__fixtures__/exchanges.js";
import type * as CoreMessages from "@langchain/core/messages";
import type * as CoreStream from "@langchain/core/utils/stream";
import type * as ChunkModule from "./convert-from-openai-chunk.js";
import type { ConvertedChunk } from "./convert-from-openai-chunk.js";
import type * as MessageModule from "./convert-from-openai-message.js";
import type { ResponseContext } from "./convert-from-openai-message.js";
import type * as ParseModule from "./parse-tool-calls.js";

// Every test runs on both supported @langchain/core versions: our modules are loaded once against 1.4 (installed as
// @langchain/core) and once with @langchain/core redirected to 1.0.0 (installed as @langchain/core-min).
interface World {
  chunk: typeof ChunkModule;
  message: typeof MessageModule;
  parse: typeof ParseModule;
  stream: typeof CoreStream;
  messages: typeof CoreMessages;
}

async function loadWorld(corePackage: "@langchain/core" | "@langchain/core-min"): Promise<World> {
  let world: World | undefined;
  await jest.isolateModulesAsync(async () => {
    for (const subpath of ["messages", "utils/stream"]) {
      // doMock outlives the isolation, so the 1.4 world must undo what a 1.0 world set up before it.
      if (corePackage === "@langchain/core") jest.dontMock(`@langchain/core/${subpath}`);
      else jest.doMock(`@langchain/core/${subpath}`, () => jest.requireActual(`${corePackage}/${subpath}`));
    }
    world = {
      chunk: await import("./convert-from-openai-chunk.js"),
      message: await import("./convert-from-openai-message.js"),
      parse: await import("./parse-tool-calls.js"),
      stream: await import("@langchain/core/utils/stream"),
      messages: await import("@langchain/core/messages"),
    };
  });
  return world!;
}

const CORE_VERSIONS = [
  ["@langchain/core 1.4", "@langchain/core"],
  ["@langchain/core 1.0", "@langchain/core-min"],
] as const;

const CONTEXT: ResponseContext = { requestId: "req_7c1d2e3f4a5b6c7d8e9f", warnings: ["'temperature' was dropped: gpt-5 accepts only the default"] };
const SCALAR_KEYS = ["model_name", "system_fingerprint", "service_tier", "finish_reason", "request_id", "warnings", "tokenUsage"];

function streamChoices(world: World, exchange: Pick<Exchange, "chunks">, context = CONTEXT): Map<number, ConvertedChunk[]> {
  const convert = world.chunk.createChunkConverter(context);
  const byChoice = new Map<number, ConvertedChunk[]>();
  const add = (converted: ConvertedChunk) => byChoice.set(converted.choiceIndex, [...(byChoice.get(converted.choiceIndex) ?? []), converted]);
  for (const chunk of exchange.chunks) convert(chunk).forEach(add);
  convert.flush().forEach(add);
  return byChoice;
}

function aggregate(world: World, converted: readonly ConvertedChunk[]): AIMessageChunk {
  return converted.map(({ message }) => message).reduce((left, right) => world.stream.concat(left, right));
}

function invoke(world: World, exchange: Exchange): AIMessage[] {
  const streamHasUsage = exchange.chunks.some((chunk) => chunk.usage != null);
  return exchange.completion.choices.map((choice, index) =>
    world.message.convertFromOpenAIMessage(exchange.completion, choice, CONTEXT, { includeUsage: streamHasUsage && index === 0 }),
  );
}


/** A wire chunk for choice 0 of a synthetic stream. */
function wireChunk(delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): OpenAI.ChatCompletionChunk {
  return {
    id: "chatcmpl-synthetic",
    object: "chat.completion.chunk",
    created: 1763770100,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  } as OpenAI.ChatCompletionChunk;
}

const EXCHANGES = loadExchanges();

describe.each(CORE_VERSIONS)("streamed chunks concatenate to the non-streamed message (%s)", (_label, corePackage) => {
  let world: World;
  beforeAll(async () => {
    world = await loadWorld(corePackage);
  });

  describe.each(EXCHANGES.map((exchange) => [exchange.name, exchange] as const))("%s", (_name, exchange) => {
    it("gives, after finalizeStreamedMessage, the same message as invoke for every choice", () => {
      const expected = invoke(world, exchange);
      const streamed = streamChoices(world, exchange);
      expect([...streamed.keys()].sort()).toEqual(expected.map((_, index) => index));
      expected.forEach((message, index) => {
        const finalized = world.chunk.finalizeStreamedMessage(aggregate(world, streamed.get(index)!));
        expect(comparableMessage(finalized)).toStrictEqual(comparableMessage(message));
      });
    });

    it("gives the same message with plain concat alone when every tool call is valid", () => {
      const expected = invoke(world, exchange);
      if (expected.some((message) => message.invalid_tool_calls?.length)) return; // needs finalizeStreamedMessage
      const streamed = streamChoices(world, exchange);
      expected.forEach((message, index) => expect(comparableMessage(aggregate(world, streamed.get(index)!))).toStrictEqual(comparableMessage(message)));
    });

    it("sends each scalar response_metadata value at most once per choice and usage exactly once per stream", () => {
      const streamed = streamChoices(world, exchange);
      for (const converted of streamed.values()) {
        for (const key of SCALAR_KEYS) {
          expect(converted.filter(({ message }) => key in message.response_metadata).length).toBeLessThanOrEqual(1);
        }
      }
      const withUsage = [...streamed.values()].flat().filter(({ message }) => message.usage_metadata !== undefined);
      expect(withUsage.length).toBe(exchange.chunks.some((chunk) => chunk.usage != null) ? 1 : 0);
    });

    it("returns each delta's text, which adds up to the content", () => {
      const streamed = streamChoices(world, exchange);
      exchange.completion.choices.forEach((choice, index) => {
        expect(streamed.get(index)!.map(({ text }) => text).join("")).toBe(choice.message.content ?? "");
      });
    });
  });

  describe("tool-call arguments split at every character position", () => {
    const split = (args: string, at: number): OpenAI.ChatCompletionChunk[] => [
      wireChunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_split", type: "function", function: { name: "get_weather", arguments: "" } }] }),
      wireChunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, at) } }] }),
      wireChunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(at) } }] }),
      wireChunk({}, "tool_calls"),
    ];

    it("assembles the same tool_calls as invoke, with and without finalizeStreamedMessage", () => {
      const exchange = loadExchange("single-tool-call");
      const expected = invoke(world, exchange)[0]!.tool_calls!;
      const args = (exchange.completion.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments;
      for (let at = 0; at <= args.length; at++) {
        const message = aggregate(world, streamChoices(world, { chunks: split(args, at) }).get(0)!);
        const expectedHere = expected.map((call) => ({ ...call, id: "call_split" }));
        expect({ at, toolCalls: message.tool_calls }).toStrictEqual({ at, toolCalls: expectedHere });
        expect({ at, toolCalls: world.chunk.finalizeStreamedMessage(message).tool_calls }).toStrictEqual({ at, toolCalls: expectedHere });
      }
    });

    it("keeps a truncated call invalid with its raw arguments wherever the text is split", () => {
      const args = '{"path":"notes.md","content":"# Meeting notes\\n- Budget';
      for (let at = 0; at <= args.length; at++) {
        const chunks = split(args, at);
        chunks[3] = wireChunk({}, "length");
        const message = world.chunk.finalizeStreamedMessage(aggregate(world, streamChoices(world, { chunks }).get(0)!));
        expect({ at, toolCalls: message.tool_calls }).toStrictEqual({ at, toolCalls: [] });
        expect(message.invalid_tool_calls).toStrictEqual([
          { name: "get_weather", args, id: "call_split", error: world.parse.TRUNCATED_TOOL_CALL_ERROR, type: "invalid_tool_call" },
        ]);
      }
    });

    it("assembles interleaved parallel calls sent one character per fragment", () => {
      const exchange = loadExchange("parallel-tool-calls");
      const wireCalls = exchange.completion.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
      const chunks = wireCalls.map((call, index) =>
        wireChunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }),
      );
      const longest = Math.max(...wireCalls.map((call) => call.function.arguments.length));
      for (let position = 0; position < longest; position++) {
        wireCalls.forEach((call, index) => {
          const character = call.function.arguments[position];
          if (character !== undefined) chunks.push(wireChunk({ tool_calls: [{ index, function: { arguments: character } }] }));
        });
      }
      chunks.push(wireChunk({}, "tool_calls"));
      const message = world.chunk.finalizeStreamedMessage(aggregate(world, streamChoices(world, { chunks }).get(0)!));
      expect(message.tool_calls).toStrictEqual(invoke(world, exchange)[0]!.tool_calls);
    });
  });

  it("marks a truncated call invalid even when its cut-off text happens to parse", () => {
    const chunks = [
      wireChunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_cut", type: "function", function: { name: "count", arguments: "" } }] }),
      wireChunk({ tool_calls: [{ index: 0, function: { arguments: '{"n":1}' } }] }),
      wireChunk({}, "length"),
    ];
    const concatenated = aggregate(world, streamChoices(world, { chunks }).get(0)!);
    const message = world.chunk.finalizeStreamedMessage(concatenated);
    expect(message.tool_calls).toStrictEqual([]);
    expect(message.invalid_tool_calls).toStrictEqual([
      { name: "count", args: '{"n":1}', id: "call_cut", error: world.parse.TRUNCATED_TOOL_CALL_ERROR, type: "invalid_tool_call" },
    ]);
    expect(message.response_metadata.finish_reason).toBe("length");
  });

  it("carries the finalized tool calls into the serialized message and leaves the input untouched", () => {
    const exchange = loadExchange("truncated-tool-call");
    const concatenated = aggregate(world, streamChoices(world, exchange).get(0)!);
    const before = concatenated.tool_calls;
    const finalized = world.chunk.finalizeStreamedMessage(concatenated);
    expect(finalized).not.toBe(concatenated);
    expect(concatenated.tool_calls).toBe(before);
    expect(finalized.toJSON()).toMatchObject({ kwargs: { tool_calls: [], invalid_tool_calls: finalized.invalid_tool_calls } });
    expect(finalized.lc_kwargs).toMatchObject({ tool_calls: [], invalid_tool_calls: finalized.invalid_tool_calls });
    expect(finalized.invalid_tool_calls).toHaveLength(2);
  });
});

// Under TESSERA_DEPS=min both names resolve to core 1.0, so there is no newer core to compare with.
(process.env.TESSERA_DEPS === "min" ? describe.skip : describe)("the core 1.0 world", () => {
  it("really runs @langchain/core 1.0, whose collapse rejects whitespace-only arguments that 1.4 accepts", async () => {
    const legacy = await loadWorld("@langchain/core-min");
    const modern = await loadWorld("@langchain/core");
    const fields = { content: "", tool_call_chunks: [{ index: 0, id: "call_ws", name: "ping", args: "  ", type: "tool_call_chunk" as const }] };
    expect(new modern.messages.AIMessageChunk(fields).tool_calls).toHaveLength(1);
    expect(new legacy.messages.AIMessageChunk(fields).invalid_tool_calls).toHaveLength(1);
    // finalizeStreamedMessage makes both agree with the non-streamed parser: whitespace means "no arguments".
    for (const world of [modern, legacy]) {
      expect(world.chunk.finalizeStreamedMessage(new world.messages.AIMessageChunk(fields)).tool_calls).toStrictEqual([
        { name: "ping", args: {}, id: "call_ws", type: "tool_call" },
      ]);
    }
  });
});
