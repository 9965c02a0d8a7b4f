// ChatOpenAI streams through its own loop (runChatStream) and reads it directly (openDirectStream) instead of core's
// `BaseChatModel._streamIterator` and `Runnable.stream()`. These tests run every way of streaming twice, once on our
// path and once on core's default path (the same model with both methods put back to core's), on identical scripted
// answers, and require identical results: chunks, every callback with its arguments, streamEvents v2, streamLog,
// tracer runs, the async context callbacks run in, errors, aborts and early exits. They run on every core version the
// suite runs on (TESSERA_DEPS=min: core 1.0).
import { getEventListeners } from "node:events";
import { describe, expect, it } from "@jest/globals";
// Importing it installs the real AsyncLocalStorage, as LangGraph and traceable code do.
import { registerConfigureHook, setContextVariable } from "@langchain/core/context";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { Runnable } from "@langchain/core/runnables";
import { RunCollectorCallbackHandler } from "@langchain/core/tracers/run_collector";
import { IterableReadableStream } from "@langchain/core/utils/stream";
import OpenAI from "openai";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "./chat-openai-fields.js";
import { wrapOpenAIError } from "./errors/wrap-openai-error.js";
import { withTimeoutSignal } from "./internal/with-timeout-signal.js";

/** ChatOpenAI with core's own `stream()` and `_streamIterator`, as ChatOpenAI called them before its fast path. */
class CorePathChatOpenAI extends ChatOpenAI {
  override async stream(input: BaseLanguageModelInput, options?: ChatOpenAICallOptions): Promise<IterableReadableStream<AIMessageChunk>> {
    const callOptions = withTimeoutSignal(options);
    const signal = callOptions?.signal;
    const inner = (await (Runnable.prototype.stream as (this: unknown, ...args: unknown[]) => Promise<IterableReadableStream<AIMessageChunk>>)
      .call(this, input, callOptions)
      .catch((error: unknown) => {
        throw wrapOpenAIError(error, signal);
      })) as IterableReadableStream<AIMessageChunk>;
    if (signal === undefined) return inner;
    return IterableReadableStream.fromAsyncGenerator(
      (async function* () {
        try {
          yield* inner;
        } catch (error) {
          throw wrapOpenAIError(error, signal);
        }
      })(),
    );
  }

  override _streamIterator(input: BaseLanguageModelInput, options?: Partial<ChatOpenAICallOptions>): AsyncGenerator<AIMessageChunk> {
    return (BaseChatModel.prototype._streamIterator as (this: unknown, ...args: unknown[]) => AsyncGenerator<AIMessageChunk>).call(this, input, options);
  }
}

const PATHS = { fast: ChatOpenAI, core: CorePathChatOpenAI } as const;
type PathName = keyof typeof PATHS;

const BASE = { object: "chat.completion.chunk", created: 1763770200, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_script", service_tier: "default" };
const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-script",
  ...BASE,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  ...extra,
});
const usage = { id: "chatcmpl-script", ...BASE, choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } } };

/** Scripted answers, each a list of SSE events (objects as `data:` JSON, strings as written). */
const ANSWERS = {
  text: [chunk({ role: "assistant", content: "", refusal: null }), chunk({ content: "Hello" }), chunk({ content: ", " }), chunk({ content: "world." }), chunk({}, "stop"), usage],
  toolCalls: [
    chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: '{"zone":"CET"}' } }] }),
    chunk({}, "tool_calls"),
    usage,
  ],
  // No chunk id (some compatible servers): with a run, core names the chunks after it.
  noIds: [{ ...chunk({ role: "assistant", content: "Hi" }), id: "" }, { ...chunk({ content: " there" }), id: "" }, { ...chunk({}, "stop"), id: "" }, { ...usage, id: "" }],
  logprobsAndRefusal: [
    chunk({ role: "assistant", content: "" }),
    { ...chunk({ content: "No" }), choices: [{ index: 0, delta: { content: "No" }, logprobs: { content: [{ token: "No", logprob: -0.1, bytes: [78, 111], top_logprobs: [] }], refusal: null }, finish_reason: null }] },
    chunk({ refusal: "I can't help with that." }),
    chunk({}, "stop"),
    usage,
  ],
  // The server fails after two chunks, with an error event.
  failing: [chunk({ role: "assistant", content: "Par" }), chunk({ content: "tial" }), 'event: error\ndata: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}\n\n'],
} satisfies Record<string, Array<Record<string, unknown> | string>>;
type AnswerName = keyof typeof ANSWERS;

function sseBody(events: Array<Record<string, unknown> | string>, done = true): string {
  return events.map((event) => (typeof event === "string" ? event : `data: ${JSON.stringify(event)}\n\n`)).join("") + (done ? "data: [DONE]\n\n" : "");
}

/** A model on one path whose every request is answered with `answer`; `gate` (if given) holds the body after `gateAfter` events. */
function modelOn(path: PathName, answer: AnswerName, fields: Partial<ChatOpenAIFields> = {}): ChatOpenAI {
  const body = sseBody(ANSWERS[answer], answer !== "failing");
  const fetch = async (): Promise<Response> => new Response(body, { headers: { "content-type": "text/event-stream", "x-request-id": "req_script" } });
  const Model: typeof ChatOpenAI = PATHS[path];
  return new Model({ model: "gpt-4o-mini", apiKey: "test-key", streamUsage: true, maxRetries: 0, ...fields, configuration: { baseURL: "http://script.test/v1", fetch } });
}

/** Records every callback with its arguments. */
class Recorder extends BaseCallbackHandler {
  name = "recorder";
  override awaitHandlers = true;
  calls: Array<[string, ...unknown[]]> = [];
  constructor(readonly preferStreaming = false) {
    super();
  }
  get lc_prefer_streaming(): boolean {
    return this.preferStreaming;
  }
  #record(method: string, args: unknown[]): void {
    this.calls.push([method, ...args]);
  }
  override handleChatModelStart(...args: unknown[]): void {
    this.#record("handleChatModelStart", args);
  }
  override handleLLMStart(...args: unknown[]): void {
    this.#record("handleLLMStart", args);
  }
  override handleLLMNewToken(...args: unknown[]): void {
    this.#record("handleLLMNewToken", args);
  }
  override handleLLMEnd(...args: unknown[]): void {
    this.#record("handleLLMEnd", args);
  }
  override handleLLMError(...args: unknown[]): void {
    this.#record("handleLLMError", args);
  }
  override handleChainStart(...args: unknown[]): void {
    this.#record("handleChainStart", args);
  }
  override handleChainEnd(...args: unknown[]): void {
    this.#record("handleChainEnd", args);
  }
  override handleChainError(...args: unknown[]): void {
    this.#record("handleChainError", args);
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const STACK_FRAMES = /\n\s+at [^\n]*/g;
const TIME_KEYS = new Set(["start_time", "end_time", "_serialized_start_time", "time", "timestamp", "dotted_order", "trace_id"]);

/**
 * A plain, comparable picture of a value: class instances as `{ class, ...own enumerable properties }` (lazy getters
 * read), run ids numbered in order of appearance, times blanked, errors as class and message.
 */
function picture(value: unknown): unknown {
  const ids = new Map<string, string>();
  // The objects on the path to the current one: a shared object is pictured at each place, a cycle only once.
  const ancestors = new Set<object>();
  const visit = (item: unknown, key?: string): unknown => {
    if (key !== undefined && TIME_KEYS.has(key) && item !== undefined) return "<time>";
    // The reference path's class name shows in serialized ids; it stands for ChatOpenAI.
    if (item === "CorePathChatOpenAI") return "ChatOpenAI";
    // Stack traces (in a tracer's error text) name each path's own frames.
    if (typeof item === "string") return item.replace(STACK_FRAMES, "").replace(UUID, (id) => ids.get(id) ?? (ids.set(id, `<id ${ids.size}>`), `<id ${ids.size - 1}>`));
    if (typeof item === "function") return "<function>";
    if (typeof item !== "object" || item === null) return item;
    if (item instanceof Date) return "<date>";
    if (item instanceof Error) return { class: item.constructor.name, message: item.message };
    if (ancestors.has(item)) return "<cycle>";
    ancestors.add(item);
    try {
      if (Array.isArray(item)) return item.map((entry) => visit(entry));
      const result: Record<string, unknown> = {};
      const className = item.constructor?.name;
      if (className && className !== "Object") result.class = className === "CorePathChatOpenAI" ? "ChatOpenAI" : className;
      for (const [name, entry] of Object.entries(item)) if (entry !== undefined) result[name] = visit(entry, name);
      return result;
    } finally {
      ancestors.delete(item);
    }
  };
  return visit(value);
}

/** Runs `scenario` on both paths and requires the same picture. */
async function expectSameOnBothPaths(scenario: (path: PathName) => Promise<unknown>): Promise<unknown> {
  const fast = picture(await scenario("fast"));
  const core = picture(await scenario("core"));
  expect(fast).toEqual(core);
  return fast;
}

/** Lets work the consumer no longer waits for (a run ending after an abort) finish: a few turns of the event loop. */
async function settled(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

async function readAll<T>(stream: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

describe("ChatOpenAI's streaming path against core's default path", () => {
  for (const answer of ["text", "toolCalls", "noIds", "logprobsAndRefusal", "failing"] as const) {
    describe(`answer: ${answer}`, () => {
      it("stream() without callbacks: the same chunks (and the same error)", async () => {
        const result = (await expectSameOnBothPaths(async (path) => readAll(await modelOn(path, answer).stream("Hi")))) as { items: unknown[] };
        expect(result.items.length).toBeGreaterThan(1);
      });

      it("stream() with a callback handler: the same chunks and the same callbacks, in order, with their arguments", async () => {
        const result = (await expectSameOnBothPaths(async (path) => {
          const recorder = new Recorder();
          const streamed = await readAll(await modelOn(path, answer).stream("Hi", { callbacks: [recorder], runName: "greeting", tags: ["t1"], metadata: { m: 1 } }));
          return { streamed, calls: recorder.calls };
        })) as { calls: Array<[string]> };
        const methods = result.calls.map(([method]) => method);
        expect(methods[0]).toBe("handleChatModelStart");
        expect(methods.at(-1)).toBe(answer === "failing" ? "handleLLMError" : "handleLLMEnd");
        expect(methods.filter((method) => method === "handleLLMNewToken").length).toBeGreaterThan(1);
      });

      it("a chain (prompt.pipe(llm).stream) with callbacks: the same chunks and callbacks", async () => {
        const prompt = ChatPromptTemplate.fromMessages([["human", "Say {word}"]]);
        const result = (await expectSameOnBothPaths(async (path) => {
          const recorder = new Recorder();
          const streamed = await readAll(await prompt.pipe(modelOn(path, answer)).stream({ word: "hi" }, { callbacks: [recorder] }));
          return { streamed, calls: recorder.calls };
        })) as { calls: unknown[][] };
        expect(result.calls.length).toBeGreaterThan(4);
      });

      it("streamEvents v2: the same events", async () => {
        const result = (await expectSameOnBothPaths(async (path) => readAll(modelOn(path, answer).streamEvents("Hi", { version: "v2" })))) as { items: Array<{ event: string }> };
        expect(result.items.some((event) => event.event === "on_chat_model_stream")).toBe(true);
      });

      it("streamLog: the same patches", async () => {
        await expectSameOnBothPaths(async (path) => readAll(modelOn(path, answer).streamLog("Hi")));
      });

      it("a tracer: the same runs", async () => {
        await expectSameOnBothPaths(async (path) => {
          const tracer = new RunCollectorCallbackHandler();
          const streamed = await readAll(await modelOn(path, answer).stream("Hi", { callbacks: [tracer] }));
          return { streamed, runs: tracer.tracedRuns };
        });
      });
    });
  }

  it("handlers that the caller's async context supplies (a configure hook's context variable) hear the run, as on core's path", async () => {
    // How LangSmith's traceable and other integrations attach handlers without passing callbacks: core reads them from
    // the async context when it configures the run, so the run must start in the caller's context.
    registerConfigureHook({ contextVar: "fast_stream_recorder" });
    const result = (await expectSameOnBothPaths(async (path) => {
      const recorder = new Recorder();
      setContextVariable("fast_stream_recorder", recorder);
      const streamed = await readAll(await modelOn(path, "text").stream("Hi"));
      setContextVariable("fast_stream_recorder", undefined);
      return { streamed, calls: recorder.calls };
    })) as { calls: Array<[string]> };
    expect(result.calls.map(([method]) => method)).toEqual(["handleChatModelStart", ...Array(6).fill("handleLLMNewToken"), "handleLLMEnd"]);
  });

  it("outputVersion v1: the same standard-content chunks and callbacks", async () => {
    const result = (await expectSameOnBothPaths(async (path) => {
      const recorder = new Recorder();
      const streamed = await readAll(await modelOn(path, "toolCalls").stream("Hi", { callbacks: [recorder], outputVersion: "v1" } as ChatOpenAICallOptions));
      return { streamed, calls: recorder.calls };
    })) as { streamed: { items: Array<{ response_metadata: Record<string, unknown> }> } };
    expect(result.streamed.items[0]?.response_metadata.output_version).toBe("v1");
  });

  it("a tool-bound model (bindTools) with a streaming handler: the same chunks and callbacks", async () => {
    const tools = [
      { name: "get_weather", description: "Weather", schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
      { name: "get_time", description: "Time", schema: { type: "object", properties: { zone: { type: "string" } }, required: ["zone"] } },
    ];
    await expectSameOnBothPaths(async (path) => {
      const recorder = new Recorder(true);
      const streamed = await readAll(await modelOn(path, "toolCalls").bindTools(tools).stream("Weather?", { callbacks: [recorder] }));
      return { streamed, calls: recorder.calls };
    });
  });

  it("a consumer that stops early: the same chunks, and no end or error callback on either path", async () => {
    const result = (await expectSameOnBothPaths(async (path) => {
      const recorder = new Recorder();
      const seen: unknown[] = [];
      for await (const message of await modelOn(path, "text").stream("Hi", { callbacks: [recorder] })) {
        seen.push(message);
        if (seen.length === 2) break;
      }
      return { seen, calls: recorder.calls.map(([method]) => method) };
    })) as { calls: string[] };
    expect(result.calls).not.toContain("handleLLMEnd");
    expect(result.calls).not.toContain("handleLLMError");
  });

  it("an abort after the first chunk: the same chunks before it, the same typed error, and the run ends with the abort", async () => {
    const abortMidStream = async (path: PathName) => {
      const recorder = new Recorder();
      const controller = new AbortController();
      const seen: unknown[] = [];
      let error: unknown;
      try {
        for await (const message of await modelOn(path, "text").stream("Hi", { callbacks: [recorder], signal: controller.signal })) {
          seen.push(message);
          controller.abort();
        }
      } catch (caught) {
        error = caught;
      }
      // The run reports its end in the background once it learns of the abort.
      await settled();
      return { seen, error, calls: recorder.calls.map(([method]) => method) };
    };
    const fast = picture(await abortMidStream("fast")) as { error: { class: string }; calls: string[] };
    const core = picture(await abortMidStream("core")) as { calls: string[] };
    expect(fast.error.class).toBe("AbortError");
    expect(fast.calls).toEqual(["handleChatModelStart", "handleLLMNewToken", "handleLLMError"]);
    // Core 1.0's loop never checks the signal, so on it the aborted run is never ended; later cores end it as we do.
    expect(fast).toEqual(process.env.TESSERA_DEPS === "min" ? { ...core, calls: [...core.calls, "handleLLMError"] } : core);
  });

  it("an abort while the run waits for the consumer ends the run with the abort and stops reading the body", async () => {
    let cancelled = false;
    const events = ANSWERS.text.map((event) => `data: ${JSON.stringify(event)}\n\n`);
    // A body that sends two events and then waits, as a slow server does.
    const fetch = async (): Promise<Response> => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(events.slice(0, 2).join("")));
        },
        cancel() {
          cancelled = true;
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    };
    const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "test-key", maxRetries: 0, configuration: { baseURL: "http://script.test/v1", fetch } });
    const recorder = new Recorder();
    const controller = new AbortController();
    const stream = await llm.stream("Hi", { callbacks: [recorder], signal: controller.signal });
    expect((await stream.next()).done).toBe(false);
    // The run has read ahead (the second chunk) and waits for the consumer, who is busy; then the consumer aborts.
    await settled();
    controller.abort();
    await settled();
    expect(recorder.calls.map(([method]) => method)).toEqual(["handleChatModelStart", "handleLLMNewToken", "handleLLMError"]);
    expect(cancelled).toBe(true);
    // As on core's path: the chunk already read ahead is still handed over, then the abort.
    const rest = await readAll(stream);
    expect(rest.items.map((message) => message.content)).toEqual(["Hello"]);
    expect(rest.error).toMatchObject({ name: "AbortError" });
  });

  it("leaves no abort listener of its own on a signal shared by many streams once they end", async () => {
    const controller = new AbortController();
    const llm = modelOn("fast", "text");
    for (let call = 0; call < 12; call++) await readAll(await llm.stream("Hi", { signal: controller.signal }));
    const stoppedEarly = await llm.stream("Hi", { signal: controller.signal });
    await stoppedEarly.next();
    await stoppedEarly.return();
    // Only what the SDK itself leaves on a signal for as many requests (openai 6 leaves one per request; 7 none).
    const sdkController = new AbortController();
    const body = sseBody(ANSWERS.text);
    const sdk = new OpenAI({ apiKey: "test-key", baseURL: "http://script.test/v1", fetch: async () => new Response(body, { headers: { "content-type": "text/event-stream" } }) });
    for (let call = 0; call < 13; call++) {
      const response = await sdk.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], stream: true }, { signal: sdkController.signal }).asResponse();
      await response.text();
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(getEventListeners(sdkController.signal, "abort").length);
  });

  it("read as a web stream (getReader) or with for await: the same chunks", async () => {
    const viaReader = async (path: PathName) => {
      const reader = (await modelOn(path, "text").stream("Hi")).getReader();
      const items: unknown[] = [];
      for (let next = await reader.read(); !next.done; next = await reader.read()) items.push(next.value);
      return items;
    };
    const viaReaderPicture = await expectSameOnBothPaths(viaReader);
    expect(viaReaderPicture).toEqual(picture((await readAll(await modelOn("fast", "text").stream("Hi"))).items));
  });

  it("locks the stream while it is iterated, as core's does", async () => {
    for (const path of ["fast", "core"] as const) {
      const stream = await modelOn(path, "text").stream("Hi");
      await stream.next();
      expect(stream.locked).toBe(true);
      expect(() => stream.getReader()).toThrow(/locked/);
      await stream.return();
    }
  });
});
