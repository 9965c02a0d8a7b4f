// The central property: for every recorded exchange, on both supported @langchain/core versions, concatenating the
// streamed chunks of a choice gives the message invoke gives for it.
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it, jest } from "@jest/globals";
import type { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import type OpenAI from "openai";
import { createTestModel } from "../__tests__/test-model.js";
import { finalizeStreamedMessage } from "./convert-from-openai-chunk.js";
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

/**
 * Whether every tool call of an exchange is one a tool can run, read from the wire data itself (not from our parser):
 * the response was not cut off by the token limit, and each call's arguments are empty or a JSON object.
 */
function hasOnlyValidToolCalls(exchange: Exchange): boolean {
  return exchange.completion.choices.every((choice) => {
    const calls = (choice.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    if (calls.length > 0 && choice.finish_reason === "length") return false;
    return calls.every((call) => {
      const text = call.function.arguments;
      if (text.trim() === "") return true;
      try {
        const value: unknown = JSON.parse(text);
        return typeof value === "object" && value !== null && !Array.isArray(value);
      } catch {
        return false;
      }
    });
  });
}

const EXCHANGES_WITH_INVALID_CALLS = EXCHANGES.filter((exchange) => !hasOnlyValidToolCalls(exchange)).map((exchange) => exchange.name);

/** The wire tool calls of choice 0 of a recorded exchange. */
function wireToolCalls(name: string): OpenAI.ChatCompletionMessageFunctionToolCall[] {
  return loadExchange(name).completion.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
}

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

    if (hasOnlyValidToolCalls(exchange)) {
      it("gives the same message with plain concat alone (every tool call is valid)", () => {
        const expected = invoke(world, exchange);
        expect(expected.every((message) => (message.invalid_tool_calls ?? []).length === 0)).toBe(true);
        const streamed = streamChoices(world, exchange);
        expected.forEach((message, index) => expect(comparableMessage(aggregate(world, streamed.get(index)!))).toStrictEqual(comparableMessage(message)));
      });
    } else {
      it("gives invalid_tool_calls with the raw wire arguments and an error, losing no call, in invoke and after finalizeStreamedMessage", () => {
        const expected = invoke(world, exchange);
        const streamed = streamChoices(world, exchange);
        exchange.completion.choices.forEach((choice, index) => {
          const wireCalls = (choice.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
          const finalized = world.chunk.finalizeStreamedMessage(aggregate(world, streamed.get(index)!));
          for (const message of [expected[index]!, finalized]) {
            const invalid = message.invalid_tool_calls ?? [];
            const ids = [...(message.tool_calls ?? []), ...invalid].map((call) => call.id).sort();
            expect(ids).toEqual(wireCalls.map((call) => call.id).sort());
            for (const call of invalid) {
              expect(call.args).toBe(wireCalls.find((wire) => wire.id === call.id)?.function.arguments);
              expect(call.error).toEqual(expect.stringMatching(/^(invalid_json|not_an_object|truncated_by_max_tokens): /u));
            }
          }
          expect((expected[index]!.invalid_tool_calls ?? []).length).toBeGreaterThan(0);
        });
      });
    }

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

  it("has fixtures with invalid calls, so the tests above cover both kinds", () => {
    expect(EXCHANGES_WITH_INVALID_CALLS).toEqual(["invalid-json-tool-call", "truncated-tool-call"]);
  });

  describe("the right answer for tool calls a tool cannot run", () => {
    it("keeps every call of a response cut off by the token limit invalid, with its raw arguments and the truncation error (invoke and stream)", () => {
      const exchange = loadExchange("truncated-tool-call");
      // finish_reason "length": the response is incomplete, so none of its calls is safe to run, not even the first,
      // whose text happens to parse; and the cut one is never "repaired" into a call with half a file as content.
      const expected = wireToolCalls("truncated-tool-call").map((call) => ({
        name: call.function.name,
        args: call.function.arguments,
        id: call.id,
        error: world.parse.TRUNCATED_TOOL_CALL_ERROR,
        type: "invalid_tool_call",
      }));
      const [invoked] = invoke(world, exchange);
      const streamed = world.chunk.finalizeStreamedMessage(aggregate(world, streamChoices(world, exchange).get(0)!));
      for (const message of [invoked!, streamed]) {
        expect(message.tool_calls).toStrictEqual([]);
        expect(message.invalid_tool_calls).toStrictEqual(expected);
      }
    });

    it("keeps a call whose arguments are not JSON invalid, with the raw text and an invalid_json error naming the parse failure (invoke and stream)", () => {
      const exchange = loadExchange("invalid-json-tool-call");
      const [call] = wireToolCalls("invalid-json-tool-call");
      const [invoked] = invoke(world, exchange);
      const streamed = world.chunk.finalizeStreamedMessage(aggregate(world, streamChoices(world, exchange).get(0)!));
      for (const message of [invoked!, streamed]) {
        expect(message.tool_calls).toStrictEqual([]);
        expect(message.invalid_tool_calls).toStrictEqual([
          { name: "get_weather", args: '{"city": Paris}', id: call!.id, error: expect.stringMatching(/^invalid_json: the arguments are not valid JSON \(.+\)$/u), type: "invalid_tool_call" },
        ]);
      }
      expect(streamed.invalid_tool_calls).toStrictEqual(invoked!.invalid_tool_calls);
    });
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

// @langchain/openai 1.6, run as a control on the same recorded exchanges through its real class (invoke and stream),
// shows what the tests above guard against. It is the benchmark package's dependency (bench/), loaded from there.
interface ControlModel {
  invoke(input: string): Promise<AIMessage>;
  stream(input: string): Promise<AsyncIterable<AIMessageChunk>>;
}
type ControlChatOpenAI = new (fields: { apiKey: string; configuration: { baseURL: string; fetch: typeof fetch } }) => ControlModel;

function loadControl(): ControlChatOpenAI | undefined {
  try {
    const requireFromBench = createRequire(path.resolve(__dirname, "../../../../bench/package.json"));
    return (requireFromBench("@langchain/openai") as { ChatOpenAI: ControlChatOpenAI }).ChatOpenAI;
  } catch {
    return undefined;
  }
}

const ControlChatOpenAI = loadControl();

/** A fetch that answers every request with the exchange, as JSON or as its SSE chunks. */
function cannedFetch(exchange: Exchange, form: "json" | "sse"): typeof fetch {
  return async () =>
    form === "json"
      ? new Response(JSON.stringify(exchange.completion), { status: 200, headers: { "content-type": "application/json" } })
      : new Response([...exchange.chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), "data: [DONE]\n\n"].join(""), {
          status: 200,
          headers: { "content-type": "text/event-stream" },
        });
}

async function wholeStream(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks.reduce((left, right) => left.concat(right));
}

/** The tool calls @langchain/openai and ours give for an exchange, invoked (JSON) and streamed (SSE). */
async function toolCallsBoth(name: string) {
  const exchange = loadExchange(name);
  const pick = (message: AIMessage | AIMessageChunk) => ({ tool_calls: message.tool_calls, invalid_tool_calls: message.invalid_tool_calls });
  // The control warns on the console about messages whose raw tool calls all failed to parse; not ours to print.
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    const control = (form: "json" | "sse") => new ControlChatOpenAI!({ apiKey: "test-key", configuration: { baseURL: "http://control.test/v1", fetch: cannedFetch(exchange, form) } });
    const ours = createTestModel();
    ours.answerNext({ status: 200, body: exchange.completion }, { status: 200, sse: exchange.chunks });
    const oursStreaming = createTestModel({ streaming: true });
    oursStreaming.answerNext({ status: 200, sse: exchange.chunks });
    return {
      control: { invoked: pick(await control("json").invoke("fixture")), streamed: pick(await wholeStream(await control("sse").stream("fixture"))) },
      ours: {
        invoked: pick(await ours.llm.invoke("fixture")),
        // stream() chunks concatenated by hand go through finalizeStreamedMessage, as docs/tools-and-structured-output.md
        // says; a streaming invoke does it itself.
        streamed: pick(finalizeStreamedMessage(await wholeStream(await ours.llm.stream("fixture")))),
        streamingInvoke: pick(await oursStreaming.llm.invoke("fixture")),
      },
    };
  } finally {
    warn.mockRestore();
  }
}

// Skipped where it cannot load: bench/ not installed, or @langchain/core below its peer range (^1.2.13), as in the
// minimum-versions run (TESSERA_DEPS=min maps @langchain/core to 1.0.0 for every module, the control's included).
(ControlChatOpenAI ? describe : describe.skip)("@langchain/openai 1.6 as a control on the invalid-call fixtures (skipped where it cannot load, e.g. on core 1.0.0)", () => {
  it("repairs a call cut off by the token limit into a runnable call when streaming; ours keeps every call of the cut response invalid, in both paths", async () => {
    const { control, ours } = await toolCallsBoth("truncated-tool-call");
    const [weather, write] = wireToolCalls("truncated-tool-call");
    // The control: invoke leaves the cut call invalid, but stream hands a tool half a file as if it were complete.
    expect(control.invoked.tool_calls?.map((call) => call.name)).toEqual(["get_weather"]);
    expect(control.invoked.invalid_tool_calls?.map((call) => call.name)).toEqual(["write_file"]);
    expect(control.streamed.tool_calls).toContainEqual(
      expect.objectContaining({ name: "write_file", args: { path: "notes.md", content: "# Meeting notes\n\n- Budget approved for Q3\n- Hiring" } }),
    );
    expect(control.streamed.invalid_tool_calls).toEqual([]);
    // Ours, the right answer: nothing runnable, each call with its raw text and the reason, the same in both paths.
    const expected = [weather!, write!].map((call) => ({
      name: call.function.name,
      args: call.function.arguments,
      id: call.id,
      error: expect.stringMatching(/^truncated_by_max_tokens: /u),
      type: "invalid_tool_call",
    }));
    for (const message of [ours.invoked, ours.streamed, ours.streamingInvoke]) {
      expect(message.tool_calls).toEqual([]);
      expect(message.invalid_tool_calls).toEqual(expected);
    }
  });

  it("reports arguments that are not JSON with different errors in its two paths; ours gives the raw text and one error in both", async () => {
    const { control, ours } = await toolCallsBoth("invalid-json-tool-call");
    expect(control.invoked.tool_calls).toEqual([]);
    expect(control.streamed.tool_calls).toEqual([]);
    expect(control.invoked.invalid_tool_calls?.[0]?.args).toBe('{"city": Paris}');
    expect(control.streamed.invalid_tool_calls?.[0]?.args).toBe('{"city": Paris}');
    expect(control.streamed.invalid_tool_calls?.[0]?.error).not.toBe(control.invoked.invalid_tool_calls?.[0]?.error);
    const [call] = wireToolCalls("invalid-json-tool-call");
    for (const message of [ours.invoked, ours.streamed, ours.streamingInvoke]) {
      expect(message.tool_calls).toEqual([]);
      expect(message.invalid_tool_calls).toEqual([
        { name: "get_weather", args: '{"city": Paris}', id: call!.id, error: expect.stringMatching(/^invalid_json: /u), type: "invalid_tool_call" },
      ]);
    }
    expect(ours.streamed.invalid_tool_calls).toEqual(ours.invoked.invalid_tool_calls);
    expect(ours.streamingInvoke.invalid_tool_calls).toEqual(ours.invoked.invalid_tool_calls);
  });
});
