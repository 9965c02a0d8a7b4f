import { describe, expect, it } from "@jest/globals";
import { AIMessage, type BaseMessageLike, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "./chat-openai-fields.js";
import {
  InvalidInputError,
  InvalidMessageError,
  InvalidOptionError,
  InvalidToolDefinitionError,
  SchemaConversionError,
  type TesseraError,
} from "./errors/errors.js";
import { createTestModel, type TestModel } from "./__tests__/test-model.js";
import { caught } from "./__tests__/settle.js";

// "Bad input fails before anything is sent" (issue 13): every input the API would refuse, or that JSON would change on
// the way (NaN and Infinity become null, functions vanish, BigInt and cycles throw an untyped TypeError), is a typed
// error naming the field and the fix, and the emulator's journal shows no request. Values the API accepts still go out.

type ErrorClass = { isInstance(value: unknown): value is TesseraError; name: string };

async function drain(iterable: AsyncIterable<unknown>): Promise<void> {
  for await (const _item of iterable) void _item;
}

/** The public ways to call a model, each ending with the error it threw (undefined when it succeeded). */
const CALL_PATHS: ReadonlyArray<readonly [string, (llm: ChatOpenAI, input: BaseLanguageModelInput, options?: Partial<ChatOpenAICallOptions>) => Promise<unknown>]> = [
  ["invoke", (llm, input, options) => caught(llm.invoke(input, options as ChatOpenAICallOptions))],
  ["stream", (llm, input, options) => caught((async () => drain(await llm.stream(input, options as ChatOpenAICallOptions)))())],
  ["batch", (llm, input, options) => caught(llm.batch([input], options as ChatOpenAICallOptions))],
  ["streamEvents", (llm, input, options) => caught(drain(llm.streamEvents(input, { ...(options as ChatOpenAICallOptions), version: "v2" })))],
];

async function expectNothingSent(test: TestModel): Promise<void> {
  await test.emulator.journal.settled();
  expect(test.emulator.journal.entries()).toHaveLength(0);
  expect(test.requests).toHaveLength(0);
}

function expectTyped(error: unknown, errorClass: ErrorClass, mentions: RegExp): void {
  if (!errorClass.isInstance(error)) throw new Error(`expected ${errorClass.name}, got ${String(error)}`);
  expect(error.message).toMatch(mentions);
  expect(error.message).toMatch(/nothing was sent/iu);
  expect(error.retryable).toBe(false);
}

const circular = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { city: "Paris" };
  value.self = value;
  return value;
};

describe("constructor fields the API would refuse throw InvalidOptionError at construction", () => {
  const cases: ReadonlyArray<readonly [string, ChatOpenAIFields, string]> = [
    ["temperature 99", { temperature: 99 }, "temperature"],
    ['temperature "0.5"', { temperature: "0.5" as unknown as number }, "temperature"],
    ["maxTokens -5", { maxTokens: -5 }, "maxTokens"],
    ["maxTokens 0", { maxTokens: 0 }, "maxTokens"],
    ["maxTokens 1.5", { maxTokens: 1.5 }, "maxTokens"],
    ["topP 5", { topP: 5 }, "topP"],
    ["n 0", { n: 0 }, "n"],
    ["n -1", { n: -1 }, "n"],
    ["5 stop sequences", { stop: ["a", "b", "c", "d", "e"] }, "stop"],
    ["5 stopSequences", { stopSequences: ["a", "b", "c", "d", "e"] }, "stopSequences"],
    ["a logitBias key that is not a token id", { logitBias: { hello: 5 } }, "logitBias"],
    ['model ""', { model: "" }, "model"],
    ["a model with a newline", { model: "gpt-4o-mini\n" }, "model"],
    ["temperature NaN", { temperature: Number.NaN }, "temperature"],
    ["frequencyPenalty Infinity", { frequencyPenalty: Number.POSITIVE_INFINITY }, "frequencyPenalty"],
    ["seed NaN", { seed: Number.NaN }, "seed"],
    ["timeout NaN", { timeout: Number.NaN }, "timeout"],
    ["timeout Infinity", { timeout: Number.POSITIVE_INFINITY }, "timeout"],
    ["maxRetries NaN", { maxRetries: Number.NaN }, "maxRetries"],
    ["streamIdleTimeout NaN", { streamIdleTimeout: Number.NaN }, "streamIdleTimeout"],
    ["streamIdleTimeout -1", { streamIdleTimeout: -1 }, "streamIdleTimeout"],
    ["maxResponseBytes 0", { maxResponseBytes: 0 }, "maxResponseBytes"],
    ["maxResponseBytes 1.5", { maxResponseBytes: 1.5 }, "maxResponseBytes"],
    ["a BigInt in modelKwargs", { modelKwargs: { metadata: { run: 1n } } }, "modelKwargs.metadata.run"],
    ["a cycle in modelKwargs", { modelKwargs: { metadata: circular() } }, "modelKwargs.metadata.self"],
    ["NaN in modelKwargs", { modelKwargs: { temperature: Number.NaN } }, "modelKwargs.temperature"],
    ["a function in modelKwargs", { modelKwargs: { prediction: { type: "content", content: () => "x" } } }, "modelKwargs.prediction.content"],
  ];
  it.each(cases)("%s", (_name, fields, option) => {
    const error = caught(Promise.resolve().then(() => createTestModel(fields)));
    return error.then((thrown) => {
      expectTyped(thrown, InvalidOptionError, new RegExp(`\`${option.split(".")[0]}`, "u"));
      expect((thrown as InvalidOptionError).option).toBe(option);
    });
  });

  it("names the field, the value and what it must be", () => {
    expect(() => new ChatOpenAI({ temperature: 99, apiKey: "test-key" })).toThrow(
      "The field `temperature` is 99, but it must be a number from 0 to 2. Fix or remove it; nothing was sent.",
    );
    expect(() => new ChatOpenAI({ temperature: Number.NaN, apiKey: "test-key" })).toThrow(
      /is NaN \(JSON would send it as null, so the API's default would apply silently\)/u,
    );
  });
});

describe("values that reach a call are refused per call, on every path, with nothing sent", () => {
  const cases: ReadonlyArray<readonly [string, (llm: ChatOpenAI) => void, Partial<ChatOpenAICallOptions>, string]> = [
    ["the call option stop with 5 sequences", () => undefined, { stop: ["a", "b", "c", "d", "e"] }, "stop"],
    ["the call option seed NaN", () => undefined, { seed: Number.NaN }, "seed"],
    ["the call option seed Infinity", () => undefined, { seed: Number.POSITIVE_INFINITY }, "seed"],
    ["the call option timeout NaN", () => undefined, { timeout: Number.NaN }, "timeout"],
    ["the call option streamIdleTimeout NaN", () => undefined, { streamIdleTimeout: Number.NaN }, "streamIdleTimeout"],
    ["the call option maxResponseBytes -5", () => undefined, { maxResponseBytes: -5 }, "maxResponseBytes"],
    ["a field changed to temperature 99 after construction", (llm) => (llm.temperature = 99), {}, "temperature"],
    ["a field changed to maxTokens 0", (llm) => (llm.maxTokens = 0), {}, "maxTokens"],
    ["a field changed to model with a newline", (llm) => (llm.model = "gpt-4o\nx"), {}, "model"],
    ["a BigInt in a response_format schema", () => undefined, { response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object", maxProperties: 3n } } } } as never, "response_format.json_schema.schema.maxProperties"],
    ["top_logprobs without logprobs", (llm) => (llm.topLogprobs = 3), {}, "topLogprobs"],
    ["json_object without the word json", () => undefined, { response_format: { type: "json_object" } }, "response_format"],
  ];
  for (const [path, call] of CALL_PATHS) {
    // Core's streamEvents turns a per-call timeout into a signal before the model sees the options (a core RangeError).
    const pathCases = path === "streamEvents" ? cases.filter(([name]) => !name.includes("timeout")) : cases;
    it.each(pathCases)(`${path}: %s`, async (_name, mutate, options, option) => {
      const test = createTestModel();
      mutate(test.llm);
      const error = await call(test.llm, "Hi", options);
      expectTyped(error, InvalidOptionError, new RegExp(`\`${option.split(".")[0]}`, "u"));
      expect((error as InvalidOptionError).option).toBe(option);
      await expectNothingSent(test);
    });
  }
});

describe("inputs the API would refuse, or core would crash on, are typed errors with nothing sent", () => {
  const cases: ReadonlyArray<readonly [string, unknown, ErrorClass, RegExp]> = [
    ["an empty message list", [], InvalidInputError, /no messages/u],
    ["null", null, InvalidInputError, /The input is null/u],
    ["42", 42, InvalidInputError, /The input is number 42/u],
    ["{}", {}, InvalidInputError, /not a prompt value/u],
    ["an unknown role", [["wizard", "Hi"]], InvalidMessageError, /Message 0 has the role "wizard"/u],
    ["a null entry", [new HumanMessage("Hi"), null], InvalidMessageError, /Message 1 is null/u],
    ["a tool message without a matching call", [new HumanMessage("Hi"), new ToolMessage({ content: "42", tool_call_id: "call_1" })], InvalidMessageError, /Message 1 is a tool result for call "call_1"/u],
    [
      "a tool message answering a call the AIMessage did not make",
      [new HumanMessage("Hi"), new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "f", args: {} }] }), new ToolMessage({ content: "42", tool_call_id: "call_2" })],
      InvalidMessageError,
      /called only "call_1"/u,
    ],
    [
      "a tool call left unanswered",
      [new HumanMessage("Hi"), new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "f", args: {} }] }), new HumanMessage("and?")],
      InvalidMessageError,
      /Message 1 has tool calls "call_1" that no ToolMessage answers before message 2/u,
    ],
    ["a user message with no content", [new HumanMessage({ content: [] })], InvalidMessageError, /Message 0 \(role "user"\) has an empty content array/u],
    ["a system message with no content", [new SystemMessage({ content: [] }), new HumanMessage("Hi")], InvalidMessageError, /Message 0 \(role "system"\)/u],
    [
      "circular tool-call arguments in the history",
      [new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "f", args: circular() }] }), new ToolMessage({ content: "ok", tool_call_id: "call_1" })],
      InvalidMessageError,
      /args\.self is a circular reference/u,
    ],
    [
      "BigInt tool-call arguments in the history",
      [new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "f", args: { n: 10n } }] }), new ToolMessage({ content: "ok", tool_call_id: "call_1" })],
      InvalidMessageError,
      /args\.n is the BigInt 10n/u,
    ],
    [
      "NaN tool-call arguments in the history",
      [new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "f", args: { n: Number.NaN } }] }), new ToolMessage({ content: "ok", tool_call_id: "call_1" })],
      InvalidMessageError,
      /args\.n is NaN/u,
    ],
    ["NaN in a content block", [new HumanMessage({ content: [{ type: "text", text: "Hi", prompt_cache_breakpoint: Number.NaN }] })], InvalidMessageError, /Message 0 has a value JSON cannot carry: its content\[0\]\.prompt_cache_breakpoint is NaN/u],
  ];
  for (const [path, call] of CALL_PATHS) {
    it.each(cases)(`${path}: %s`, async (_name, input, errorClass, mentions) => {
      const test = createTestModel();
      const error = await call(test.llm, input as BaseLanguageModelInput);
      expectTyped(error, errorClass, mentions);
      await expectNothingSent(test);
    });
  }
});

describe("schemas JSON cannot carry are refused, not silently changed", () => {
  const withFunction = { type: "object", properties: { city: { type: "string", default: () => "Paris" } } };
  const withBigInt = { type: "object", properties: { count: { type: "integer", maximum: 10n } } };
  const withCycle = circular();

  it("bindTools refuses a function inside a tool schema (JSON would drop it silently), naming where", () => {
    const { llm } = createTestModel();
    const bind = () => llm.bindTools([{ name: "get_weather", description: "Weather", schema: withFunction }]);
    expect(bind).toThrow(InvalidToolDefinitionError);
    expect(bind).toThrow(/tool 0 "get_weather" at \/properties\/city\/default: the schema holds a function/u);
  });

  it.each([
    ["a function", { type: "function", function: { name: "f", parameters: withFunction } }, /\/properties\/city\/default/u],
    ["a BigInt", { type: "function", function: { name: "f", parameters: withBigInt } }, /\/properties\/count\/maximum: the schema holds the BigInt 10n/u],
    ["a cycle", { name: "f", description: "d", schema: { type: "object", properties: { a: withCycle } } }, /\/properties\/a\/self: the schema holds a circular reference/u],
  ])("a tool schema with %s is refused on invoke with nothing sent", async (_name, tool, mentions) => {
    const test = createTestModel();
    const error = await caught(test.llm.invoke("Hi", { tools: [tool as never] }));
    expect(InvalidToolDefinitionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(mentions);
    await expectNothingSent(test);
  });

  it.each([["jsonSchema"], ["functionCalling"], ["jsonMode"]] as const)(
    "withStructuredOutput (%s) refuses a BigInt in its schema with a SchemaConversionError, nothing sent",
    async (method) => {
      const test = createTestModel();
      const error = await caught(Promise.resolve().then(() => test.llm.withStructuredOutput({ title: "Count", ...withBigInt }, { method }).invoke("Answer in JSON")));
      expect(SchemaConversionError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/structured output "Count" at \/properties\/count\/maximum: the schema holds the BigInt 10n/u);
      await expectNothingSent(test);
    },
  );
});

describe("what the API accepts still goes out", () => {
  const cases: ReadonlyArray<readonly [string, ChatOpenAIFields, BaseMessageLike[] | string, Partial<ChatOpenAICallOptions>, Record<string, unknown>]> = [
    ["stop on o3-mini (accepted, recorded)", { model: "o3-mini" }, "Hi", { stop: ["a", "b", "c", "d"] }, { stop: ["a", "b", "c", "d"] }],
    ["the bounds themselves", { temperature: 2, topP: 0, frequencyPenalty: -2, presencePenalty: 2, n: 2, maxTokens: 1 }, "Hi", {}, { temperature: 2, top_p: 0, frequency_penalty: -2, presence_penalty: 2, n: 2, max_tokens: 1 }],
    ["null for the API default", { modelKwargs: { temperature: null, seed: null } }, "Hi", {}, { temperature: null, seed: null }],
    ["a logit_bias keyed by a token id", { logitBias: { "50256": -100 } }, "Hi", {}, { logit_bias: { "50256": -100 } }],
    ["an empty string as user content", {}, [new HumanMessage("")], {}, { messages: [{ role: "user", content: "" }] }],
    ["top_logprobs with logprobs", { logprobs: true, topLogprobs: 2 }, "Hi", {}, { logprobs: true, top_logprobs: 2 }],
    [
      "a tool call answered, then a follow-up",
      {},
      [new HumanMessage("Hi"), new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "f", args: { n: 1 } }] }), new ToolMessage({ content: "ok", tool_call_id: "call_1" }), new HumanMessage("and?")],
      {},
      {},
    ],
    ["json_object with the word JSON", {}, "Answer in JSON.", { response_format: { type: "json_object" } }, { response_format: { type: "json_object" } }],
  ];
  it.each(cases)("%s", async (_name, fields, input, options, expected) => {
    const test = createTestModel(fields);
    await test.llm.invoke(input, options as ChatOpenAICallOptions);
    await test.emulator.journal.settled();
    expect(test.emulator.journal.entries().map((entry) => entry.response.status)).toEqual([200]);
    expect(test.requests[0]?.body).toMatchObject(expected);
  });
});
