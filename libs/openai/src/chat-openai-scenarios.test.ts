import { describe, expect, it } from "@jest/globals";
import { AIMessage, type AIMessageChunk, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { createEmulator, type Emulator } from "@tessera/openai-emulator";
import { z } from "zod";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAIFields } from "./chat-openai-fields.js";
import {
  QuotaExceededError,
  StructuredOutputLengthError,
  StructuredOutputParseError,
  StructuredOutputRefusalError,
  TimeoutError,
} from "./errors/errors.js";

// The emulator's scenarios (scripted answers) and request journal, seen through ChatOpenAI: each scenario feature is
// checked on what an application gets (messages, tool calls, parsed objects, typed errors) and on what ChatOpenAI
// sent (the journal). scenarios.test.ts in the emulator is the same coverage through the raw openai SDK.

// The emulator's index does not export its scenario types; they are read off the store's signature.
type ScenarioRule = Extract<Parameters<Emulator["scenarios"]["add"]>[0], unknown[]>[number];

const CHAT_PATH = "/v1/chat/completions";
const BUILT_IN = /^This is an emulated gpt-4o-mini/u;

/** A ChatOpenAI (no retries unless asked) on a fresh in-process emulator loaded with `rules`. */
function scripted(rules: ScenarioRule[], fields: ChatOpenAIFields = {}): { llm: ChatOpenAI; emulator: Emulator } {
  const emulator = createEmulator({ scenarios: rules });
  return { llm: modelOn(emulator, fields), emulator };
}

function modelOn(emulator: Emulator, fields: ChatOpenAIFields = {}): ChatOpenAI {
  return new ChatOpenAI({
    apiKey: "test-key",
    maxRetries: 0,
    ...fields,
    configuration: { baseURL: "http://emulator.test/v1", fetch: emulator.fetch, ...fields.configuration },
  });
}

/** The body ChatOpenAI sent in its last chat completion. */
function lastBody(emulator: Emulator): Record<string, unknown> {
  return emulator.journal.last({ path: CHAT_PATH })?.request.body as Record<string, unknown>;
}

async function streamWhole(stream: AsyncIterable<AIMessageChunk>): Promise<{ chunks: AIMessageChunk[]; whole: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, whole: chunks.reduce((left, right) => left.concat(right)) };
}

/**
 * The emulator's fetch, with an abort rejection re-made in this realm. jest runs tests in a vm context where Node's
 * DOMException is not an `Error`, so the SDK would read the emulator's AbortError (the signal's reason, as a real fetch
 * gives) as an unknown connection failure; in a normal process it is recognised as is (see chat-openai.test.ts).
 */
function abortSafeFetch(emulator: Emulator): Emulator["fetch"] {
  return (input, init) =>
    emulator.fetch(input, init).catch((error: unknown) => {
      const name = (error as { name?: unknown } | null)?.name;
      if (name === "AbortError" || name === "TimeoutError") throw Object.assign(new Error((error as Error).message), { name });
      throw error;
    });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

const weatherSchema = z.object({
  city: z.string().describe("City name"),
  unit: z.enum(["celsius", "fahrenheit"]).optional(),
  days: z.number().int().nullable(),
});
const weatherTool = { name: "get_weather", description: "Current weather for a city", schema: weatherSchema };
const timeTool = { name: "get_time", description: "Local time in a city", schema: z.object({ city: z.string() }) };

describe("scenario matching through ChatOpenAI", () => {
  const textRules: ScenarioRule[] = [
    { name: "exact", match: { lastUserMessage: "ping" }, respond: { text: "pong" } },
    { name: "regex", match: { lastUserMessage: { regex: "^weather in (paris|rome)$", flags: "i" } }, respond: { text: "sunny" } },
    { name: "contains", match: { lastUserMessage: { contains: "invoice" } }, respond: { text: "invoice noted" } },
  ];

  it("matches the last user message exactly, by substring and by regex with flags (batch), else falls back to the built-in answer", async () => {
    const { llm, emulator } = scripted(textRules);
    const inputs = ["ping", "Weather in ROME", "please file this invoice today", "ping!", "weather in Paris, please"];
    const answers = await llm.batch(inputs);
    expect(answers.slice(0, 3).map((answer) => answer.content)).toEqual(["pong", "sunny", "invoice noted"]);
    // "exact" means the whole text, and the regex is anchored by its own ^…$.
    expect(answers[3]?.content).toMatch(BUILT_IN);
    expect(answers[4]?.content).toMatch(BUILT_IN);
    const byInput = new Map(emulator.journal.entries({ path: CHAT_PATH }).map((entry) => [lastUserText(entry.request.body), [entry.rule, entry.source]]));
    expect(Object.fromEntries(byInput)).toEqual({
      ping: ["exact", "scenario"],
      "Weather in ROME": ["regex", "scenario"],
      "please file this invoice today": ["contains", "scenario"],
      "ping!": [null, "emulated"],
      "weather in Paris, please": [null, "emulated"],
    });
  });

  it("matches the last user message, not an earlier one, and reads a HumanMessage's text parts joined", async () => {
    const { llm } = scripted(textRules);
    const history = [new HumanMessage("ping"), new AIMessage("pong"), new HumanMessage("something else")];
    expect((await llm.invoke(history)).content).toMatch(BUILT_IN);
    const parts = new HumanMessage({ content: [{ type: "text", text: "pi" }, { type: "text", text: "ng" }] });
    expect((await llm.invoke([parts])).content).toBe("pong");
  });

  it("matches the model as ChatOpenAI names it", async () => {
    const rules: ScenarioRule[] = [{ name: "4.1 only", match: { model: "gpt-4.1" }, respond: { text: "the 4.1 rule" } }];
    const { llm, emulator } = scripted(rules, { model: "gpt-4.1" });
    expect((await llm.invoke("which model?")).content).toBe("the 4.1 rule");
    expect((await modelOn(emulator, { model: "gpt-4.1-mini" }).invoke("which model?")).content).toMatch(/^This is an emulated gpt-4\.1-mini/u);
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["4.1 only", null]);
  });

  it("matches a SystemMessage: sent as `system` by default (reasoning models included), as `developer` with systemRole", async () => {
    const rules: ScenarioRule[] = [{ name: "pirate", match: { system: { regex: "\\bpirate\\b", flags: "i" } }, respond: { text: "Arr." } }];
    const { emulator } = scripted(rules);
    const prompt = [new SystemMessage("Talk like a Pirate."), new HumanMessage("hello")];
    for (const [fields, role] of [
      [{ model: "gpt-4o-mini" }, "system"],
      // ChatOpenAI does not switch roles for reasoning models by itself; the API accepts `system` for them.
      [{ model: "o3-mini" }, "system"],
      [{ model: "o3-mini", systemRole: "developer" }, "developer"],
    ] as const) {
      expect((await modelOn(emulator, fields).invoke(prompt)).content).toBe("Arr.");
      expect(lastBody(emulator).messages).toEqual([
        { role, content: "Talk like a Pirate." },
        { role: "user", content: "hello" },
      ]);
    }
    // A ["developer", …] message keeps its role whatever systemRole says, and still matches.
    expect((await modelOn(emulator).invoke([["developer", "You are a pirate."], ["human", "hi"]])).content).toBe("Arr.");
    expect((lastBody(emulator).messages as Array<{ role: string }>)[0]?.role).toBe("developer");
    expect((await modelOn(emulator).invoke("hello")).content).toMatch(BUILT_IN);
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["pirate", "pirate", "pirate", "pirate", null]);
  });

  it("matches the tools offered with bindTools (all listed must be offered) and \"none\" for a plain invoke", async () => {
    const { llm, emulator } = scripted([
      { name: "both", match: { tools: ["get_weather", "get_time"] }, respond: { text: "both tools" } },
      { name: "weather", match: { tools: ["get_weather"] }, respond: { text: "weather tool" } },
      { name: "none", match: { tools: "none" }, respond: { text: "no tools" } },
    ]);
    expect((await llm.bindTools([timeTool, weatherTool]).invoke("hi")).content).toBe("both tools");
    expect((await llm.bindTools([weatherTool]).invoke("hi")).content).toBe("weather tool");
    expect((await llm.bindTools([timeTool]).invoke("hi")).content).toMatch(BUILT_IN);
    expect((await llm.invoke("hi")).content).toBe("no tools");
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["both", "weather", null, "none"]);
  });

  it("matches pending tool results (true, false, a tool name) and the turn", async () => {
    const { llm, emulator } = scripted([
      { name: "weather result", match: { toolResult: "get_weather" }, respond: { text: "weather answered" } },
      { name: "any result", match: { toolResult: true }, respond: { text: "some tool answered" } },
      { name: "third turn", match: { toolResult: false, turn: 3 }, respond: { text: "turn three" } },
      { name: "first turn", match: { toolResult: false, turn: 1 }, respond: { text: "turn one" } },
    ]);
    const withTools = llm.bindTools([weatherTool, timeTool]);
    const callOf = (name: string, id: string) => new AIMessage({ content: "", tool_calls: [{ name, args: { city: "Paris" }, id, type: "tool_call" }] });
    const question = new HumanMessage("What's it like in Paris?");
    const weatherRound = [question, callOf("get_weather", "call_w"), new ToolMessage({ content: "21 °C", tool_call_id: "call_w" })];
    const timeRound = [question, callOf("get_time", "call_t"), new ToolMessage({ content: "14:00", tool_call_id: "call_t" })];
    expect((await withTools.invoke(weatherRound)).content).toBe("weather answered");
    expect((await withTools.invoke(timeRound)).content).toBe("some tool answered");
    expect((await withTools.invoke([question])).content).toBe("turn one");
    // Two assistant messages before: turn 3. The tool results were answered by the second one, so none is pending.
    const answered = [...timeRound, new AIMessage("It is 14:00."), new HumanMessage("Thanks!")];
    expect((await withTools.invoke(answered)).content).toBe("turn three");
    expect((await withTools.invoke([question, new AIMessage("Hello."), new HumanMessage("Again?")])).content).toMatch(BUILT_IN);
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["weather result", "any result", "first turn", "third turn", null]);
  });

  it("tries rules in order; a rule with times answers that many requests, then the next one, then the built-in answer", async () => {
    const { llm, emulator } = scripted([
      { name: "twice", match: { lastUserMessage: "count" }, respond: { text: "first" }, times: 2 },
      { name: "once", match: { lastUserMessage: "count" }, respond: { text: "then this" }, times: 1 },
      { name: "never reached for count", match: { lastUserMessage: { contains: "count" } }, respond: { text: "too late" }, times: 1 },
    ]);
    const replies: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt++) replies.push((await llm.invoke("count")).content);
    expect(replies.slice(0, 4)).toEqual(["first", "first", "then this", "too late"]);
    expect(replies[4]).toMatch(BUILT_IN);
    expect(emulator.scenarios.list().map((rule) => [rule.name, rule.remaining, rule.hits])).toEqual([
      ["twice", 0, 2],
      ["once", 0, 1],
      ["never reached for count", 0, 1],
    ]);
  });

  it("does not spend a rule on a request the emulator rejects (a 400 from ChatOpenAI's call)", async () => {
    const { llm, emulator } = scripted([{ respond: { text: "scripted" }, times: 1 }]);
    // An enum value no client-side check refuses (temperature 3 is now refused before sending).
    const model = modelOn(emulator, { modelKwargs: { service_tier: "bogus" } });
    await expect(model.invoke("x")).rejects.toMatchObject({ name: "BadRequestError", status: 400, param: "service_tier" });
    expect((await llm.invoke("x")).content).toBe("scripted");
    expect(emulator.journal.entries().map((entry) => [entry.response.status, entry.rule])).toEqual([
      [400, null],
      [200, "rule 1"],
    ]);
  });
});

function lastUserText(body: unknown): string {
  const messages = (body as { messages: Array<{ role: string; content: unknown }> }).messages;
  const last = [...messages].reverse().find((message) => message.role === "user");
  return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content);
}

describe("scenario responses through ChatOpenAI", () => {
  it("text: invoke returns it whole and stream in several chunks that add up to it, with usage from the tokenizer", async () => {
    const text = "Scripted answer: 42 — déjà vu 🙂.";
    const { llm, emulator } = scripted([{ respond: { text } }], { streamUsage: true });
    const completionTokens = await llm.getNumTokens(text);
    const { totalCount: promptTokens } = await llm.getNumTokensFromMessages([new HumanMessage("anything")]);
    const usage = {
      input_tokens: promptTokens,
      output_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      input_token_details: { cache_read: 0, audio: 0 },
      output_token_details: { reasoning: 0, audio: 0 },
    };
    const message = await llm.invoke("anything");
    expect(message.content).toBe(text);
    expect(message.response_metadata.finish_reason).toBe("stop");
    expect(message.usage_metadata).toEqual(usage);
    const { chunks, whole } = await streamWhole(await llm.stream("anything"));
    expect(chunks.filter((chunk) => chunk.content !== "").length).toBeGreaterThan(3);
    expect(chunks.map((chunk) => chunk.content).join("")).toBe(text);
    expect(whole.content).toBe(text);
    expect(whole.response_metadata.finish_reason).toBe("stop");
    expect(whole.usage_metadata).toEqual(usage);
    expect(lastBody(emulator)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("text: every choice gets it when n > 1 (generate)", async () => {
    const { llm } = scripted([{ respond: { text: "same" } }], { n: 3 });
    const result = await llm.generate([[new HumanMessage("x")]]);
    expect(result.generations[0]?.map((generation) => generation.text)).toEqual(["same", "same", "same"]);
  });

  it("text: stop sequences and maxTokens cut it as they would a real answer (finish_reason length)", async () => {
    const { llm } = scripted([{ respond: { text: "one two three. four five six" } }]);
    expect((await llm.invoke("x", { stop: ["."] })).content).toBe("one two three");
    const cut = await modelOn(createEmulator({ scenarios: [{ respond: { text: "one two three. four five six" } }] }), { maxTokens: 2 }).invoke("x");
    expect(cut.content).toBe("one two");
    expect(cut.response_metadata.finish_reason).toBe("length");
  });

  it("toolCalls with given arguments: tool_calls[].args are the objects, invoke and stream alike", async () => {
    const { llm } = scripted([
      {
        respond: {
          toolCalls: [
            { name: "get_weather", arguments: { city: "Oslo", unit: "celsius", days: 2 } },
            { name: "get_time", arguments: { city: "Lima" } },
          ],
        },
      },
    ]);
    const withTools = llm.bindTools([weatherTool, timeTool]);
    const message = await withTools.invoke("Weather in Oslo and time in Lima?");
    expect(message.tool_calls?.map(({ name, args, type }) => ({ name, args, type }))).toEqual([
      { name: "get_weather", args: { city: "Oslo", unit: "celsius", days: 2 }, type: "tool_call" },
      { name: "get_time", args: { city: "Lima" }, type: "tool_call" },
    ]);
    expect(message.invalid_tool_calls).toEqual([]);
    expect(message.content).toBe("");
    expect(message.response_metadata.finish_reason).toBe("tool_calls");
    const ids = message.tool_calls?.map((call) => call.id) ?? [];
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^call_/u);
    const { whole } = await streamWhole(await withTools.stream("Weather in Oslo and time in Lima?"));
    expect(whole.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual(message.tool_calls?.map(({ name, args }) => ({ name, args })));
    expect(whole.response_metadata.finish_reason).toBe("tool_calls");
  });

  it.each([
    ["unset", undefined],
    ["true", true],
  ])("toolCalls without arguments: generated arguments satisfy the Zod schema bound with bindTools (strict %s)", async (_strict, strict) => {
    const { llm, emulator } = scripted([{ respond: { toolCalls: [{ name: "get_weather" }, { name: "get_weather" }] } }]);
    const message = await llm.bindTools([weatherTool], strict === undefined ? {} : { strict }).invoke("Weather somewhere?");
    expect(message.tool_calls).toHaveLength(2);
    for (const call of message.tool_calls ?? []) {
      expect(call.name).toBe("get_weather");
      expect(weatherSchema.strict().safeParse(call.args)).toMatchObject({ success: true });
    }
    // Strict mode makes every key required (the optional unit nullable): the emulator sends them all, and ChatOpenAI
    // maps a null unit back to "absent" (which the strict Zod parse above checks).
    const raw = message.additional_kwargs.tool_calls?.map((call) => Object.keys(JSON.parse(call.function.arguments) as object).sort());
    if (strict) expect(raw).toEqual([["city", "days", "unit"], ["city", "days", "unit"]]);
    const wireTool = (lastBody(emulator).tools as Array<{ function: Record<string, unknown> }>)[0]?.function;
    if (strict) expect(wireTool).toMatchObject({ strict: true, parameters: { required: ["city", "unit", "days"], additionalProperties: false } });
    else expect(wireTool).not.toHaveProperty("strict");
  });

  it("toolCalls with arguments that are not JSON: invalid_tool_calls with the text as sent (invoke and stream), never a crash", async () => {
    const { llm } = scripted([{ respond: { toolCalls: [{ name: "get_weather", arguments: "{'city': 'Rome'" }] } }]);
    const withTools = llm.bindTools([weatherTool]);
    const message = await withTools.invoke("Weather in Rome?");
    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls).toEqual([
      { type: "invalid_tool_call", name: "get_weather", args: "{'city': 'Rome'", id: expect.stringMatching(/^call_/u), error: expect.any(String) },
    ]);
    const { whole } = await streamWhole(await withTools.stream("Weather in Rome?"));
    expect(whole.tool_calls).toEqual([]);
    expect(whole.invalid_tool_calls).toMatchObject([{ name: "get_weather", args: "{'city': 'Rome'" }]);
  });

  it("toolCalls cut by finishReason length: every call is invalid, since its arguments may be incomplete", async () => {
    const { llm } = scripted([{ respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo", days: 1 } }], finishReason: "length" } }]);
    const message = await llm.bindTools([weatherTool]).invoke("Weather in Oslo?");
    expect(message.response_metadata.finish_reason).toBe("length");
    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls).toMatchObject([{ name: "get_weather", args: '{"city":"Oslo","days":1}' }]);
  });
});

describe("scenario JSON, refusals and structured output through ChatOpenAI", () => {
  const Weather = z.object({ city: z.string(), temperature: z.number(), conditions: z.array(z.string()).optional() });

  it("json: withStructuredOutput returns the parsed object (jsonSchema, jsonMode; invoke and stream)", async () => {
    const { llm, emulator } = scripted([{ respond: { json: { city: "Paris", temperature: 21, conditions: ["sunny"] } } }]);
    expect(await llm.withStructuredOutput(Weather, { name: "weather" }).invoke("Weather in Paris?")).toEqual({ city: "Paris", temperature: 21, conditions: ["sunny"] });
    expect(lastBody(emulator).response_format).toMatchObject({ type: "json_schema", json_schema: { name: "weather", strict: true } });
    let last: unknown;
    for await (const partial of await llm.withStructuredOutput(Weather, { name: "weather" }).stream("Weather in Paris?")) last = partial;
    expect(last).toEqual({ city: "Paris", temperature: 21, conditions: ["sunny"] });
    expect(await llm.withStructuredOutput(Weather, { method: "jsonMode" }).invoke("Weather in Paris? Answer in JSON.")).toEqual({ city: "Paris", temperature: 21, conditions: ["sunny"] });
    expect(lastBody(emulator).response_format).toEqual({ type: "json_object" });
  });

  it("toolCalls answer withStructuredOutput's functionCalling method with the parsed arguments", async () => {
    const { llm, emulator } = scripted([{ match: { tools: ["weather"] }, respond: { toolCalls: [{ name: "weather", arguments: { city: "Rome", temperature: 25 } }] } }]);
    expect(await llm.withStructuredOutput(Weather, { name: "weather", method: "functionCalling" }).invoke("Weather in Rome?")).toEqual({ city: "Rome", temperature: 25 });
    expect(lastBody(emulator)).toMatchObject({ tool_choice: { type: "function", function: { name: "weather" } }, parallel_tool_calls: false });
  });

  it("json that fails the Zod schema: StructuredOutputParseError with the text, or parsingError with includeRaw", async () => {
    const { llm } = scripted([{ respond: { json: { city: "Paris", temperature: "warm" } } }]);
    const error = await caught(llm.withStructuredOutput(Weather, { name: "weather" }).invoke("Weather in Paris?"));
    expect(StructuredOutputParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ text: '{"city":"Paris","temperature":"warm"}', requestId: expect.stringMatching(/^req_/u) });
    expect((error as Error).message).toMatch(/^The structured output "weather" does not match its schema/u);
    const withRaw = await llm.withStructuredOutput(Weather, { name: "weather", includeRaw: true }).invoke("Weather in Paris?");
    expect(withRaw.parsed).toBeNull();
    expect(withRaw.raw.content).toBe('{"city":"Paris","temperature":"warm"}');
    expect(StructuredOutputParseError.isInstance(withRaw.parsingError)).toBe(true);
  });

  it("json that is not an object at all (a bare string) is a parse error, not a crash", async () => {
    const { llm } = scripted([{ respond: { json: "just a string" } }]);
    const error = await caught(llm.withStructuredOutput(Weather, { name: "weather" }).invoke("x"));
    expect(StructuredOutputParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ text: '"just a string"' });
  });

  it("refusal: additional_kwargs.refusal and empty content (invoke and stream); withStructuredOutput throws StructuredOutputRefusalError", async () => {
    const refusal = "I can't help with that.";
    const { llm } = scripted([{ respond: { refusal } }]);
    const message = await llm.invoke("x");
    expect(message.content).toBe("");
    expect(message.additional_kwargs.refusal).toBe(refusal);
    expect(message.response_metadata.finish_reason).toBe("stop");
    const { chunks, whole } = await streamWhole(await llm.stream("x"));
    expect(chunks.filter((chunk) => typeof chunk.additional_kwargs.refusal === "string").length).toBeGreaterThan(1);
    expect(whole.additional_kwargs.refusal).toBe(refusal);
    expect(whole.content).toBe("");
    const error = await caught(llm.withStructuredOutput(Weather, { name: "weather" }).invoke("x"));
    expect(StructuredOutputRefusalError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ refusal, message: `The model refused to answer in the requested structure: ${refusal}` });
    const streamError = await caught(
      (async () => {
        for await (const _partial of await llm.withStructuredOutput(Weather, { name: "weather" }).stream("x")) void _partial;
      })(),
    );
    expect(StructuredOutputRefusalError.isInstance(streamError)).toBe(true);
    const withRaw = await llm.withStructuredOutput(Weather, { name: "weather", includeRaw: true }).invoke("x");
    expect(withRaw).toMatchObject({ parsed: null, raw: { additional_kwargs: { refusal } } });
    expect(StructuredOutputRefusalError.isInstance(withRaw.parsingError)).toBe(true);
  });

  it("json cut by finishReason length: StructuredOutputLengthError, never a parse of the cut JSON", async () => {
    const { llm } = scripted([{ respond: { json: { city: "Paris", temperature: 21 }, finishReason: "length" } }]);
    const error = await caught(llm.withStructuredOutput(Weather, { name: "weather" }).invoke("x"));
    expect(StructuredOutputLengthError.isInstance(error)).toBe(true);
  });
});

describe("scenario finish reasons, usage, delays and faults through ChatOpenAI", () => {
  it("finishReason content_filter reaches response_metadata.finish_reason (invoke and stream)", async () => {
    const { llm } = scripted([{ respond: { text: "partly filtered", finishReason: "content_filter" } }]);
    const message = await llm.invoke("x");
    expect(message.content).toBe("partly filtered");
    expect(message.response_metadata.finish_reason).toBe("content_filter");
    const { whole } = await streamWhole(await llm.stream("x"));
    expect(whole.response_metadata.finish_reason).toBe("content_filter");
  });

  it("a usage override reaches usage_metadata and llmOutput (invoke and stream)", async () => {
    const text = "cut short";
    const { llm } = scripted([{ respond: { text, usage: { promptTokens: 1000, reasoningTokens: 7, cachedTokens: 900 } } }], { streamUsage: true });
    const completionTokens = await llm.getNumTokens(text);
    const expected = {
      input_tokens: 1000,
      output_tokens: completionTokens,
      total_tokens: 1000 + completionTokens,
      input_token_details: { cache_read: 900, audio: 0 },
      output_token_details: { reasoning: 7, audio: 0 },
    };
    expect((await llm.invoke("x")).usage_metadata).toEqual(expected);
    expect((await streamWhole(await llm.stream("x"))).whole.usage_metadata).toEqual(expected);
    const result = await llm.generate([[new HumanMessage("x")]]);
    expect(result.llmOutput).toEqual({ tokenUsage: { promptTokens: 1000, completionTokens, totalTokens: 1000 + completionTokens } });
    const { llm: totalled } = scripted([{ respond: { text, usage: { promptTokens: 5, completionTokens: 6, totalTokens: 99 } } }]);
    expect((await totalled.invoke("x")).usage_metadata).toMatchObject({ input_tokens: 5, output_tokens: 6, total_tokens: 99 });
  });

  it("delayMs longer than ChatOpenAI's timeout: TimeoutError, promptly (constructor timeout, call option, stream)", async () => {
    const { emulator } = scripted([{ name: "slow", respond: { text: "too late", delayMs: 5_000 } }]);
    const configuration = { fetch: abortSafeFetch(emulator) };
    const runs: Array<() => Promise<unknown>> = [
      // The constructor's timeout is the SDK's, per attempt.
      () => modelOn(emulator, { timeout: 40, configuration }).invoke("x"),
      // A call's timeout is ChatOpenAI's own signal.
      () => modelOn(emulator).invoke("x", { timeout: 40 }),
      async () => {
        for await (const _chunk of await modelOn(emulator).stream("x", { timeout: 40 })) void _chunk;
      },
    ];
    for (const run of runs) {
      const error = await caught(run());
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ name: "TimeoutError", retryable: true });
    }
    expect(emulator.scenarios.list()).toMatchObject([{ name: "slow", hits: 3 }]);
    // The emulator's delay ends when the client gives up: every request was abandoned (status 0), none sat out the
    // 5 seconds and answered.
    await emulator.journal.settled();
    expect(emulator.journal.entries().map((entry) => entry.response.status)).toEqual([0, 0, 0]);
  });

  it("delayMs shorter than the timeout: the answer arrives after the delay", async () => {
    const { llm } = scripted([{ respond: { text: "on time", delayMs: 40 } }], { timeout: 2_000 });
    const started = performance.now();
    expect((await llm.invoke("x")).content).toBe("on time");
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("fault 429 with times 2: ChatOpenAI (maxRetries 2) retries and succeeds; the journal shows each attempt", async () => {
    const { llm, emulator } = scripted(
      [
        { name: "limited", respond: { fault: "429" }, times: 2 },
        { name: "answer", respond: { text: "finally" } },
      ],
      { maxRetries: 2 },
    );
    expect((await llm.invoke("x")).content).toBe("finally");
    expect(emulator.journal.entries().map((entry) => [entry.response.status, entry.rule, entry.faults, entry.source])).toEqual([
      [429, "limited", ["429"], "scenario"],
      [429, "limited", ["429"], "scenario"],
      [200, "answer", [], "scenario"],
    ]);
    // The SDK marks its retries; all three bodies are the same request.
    const entries = emulator.journal.entries();
    expect(entries.map((entry) => entry.request.headers["x-stainless-retry-count"])).toEqual(["0", "1", "2"]);
    expect(new Set(entries.map((entry) => JSON.stringify(entry.request.body))).size).toBe(1);
  });

  it("fault quota: QuotaExceededError after one request, never retried", async () => {
    const { llm, emulator } = scripted([{ name: "broke", respond: { fault: "quota" } }], { maxRetries: 2 });
    const error = await caught(llm.invoke("x"));
    expect(QuotaExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: "insufficient_quota", retryable: false });
    expect(emulator.journal.entries().map((entry) => [entry.response.status, entry.rule, entry.faults])).toEqual([[429, "broke", ["quota"]]]);
  });

  it("a stream fault in a rule: the stream fails after its first chunks, and the journal records the cut", async () => {
    const { llm, emulator } = scripted([{ name: "cut", respond: { text: "one two three four five six seven eight", fault: "disconnect:after=3" } }]);
    const chunks: AIMessageChunk[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of await llm.stream("x")) chunks.push(chunk);
      })(),
    );
    expect(error).toMatchObject({ name: "ConnectionError" });
    expect(chunks.length).toBeLessThanOrEqual(3);
    await emulator.journal.settled();
    const entry = emulator.journal.last();
    expect(entry).toMatchObject({ rule: "cut", complete: true, response: { status: 200, error: expect.any(String) } });
    expect(entry?.faults).toEqual([expect.stringMatching(/^disconnect/u)]);
  });
});

describe("scenario scopes through ChatOpenAI (x-emulator-scope)", () => {
  const scopedModel = (emulator: Emulator, scope: string, fields: ChatOpenAIFields = {}) =>
    modelOn(emulator, { ...fields, configuration: { defaultHeaders: { "x-emulator-scope": scope } } });

  it("two scoped models in parallel each get their own rules, uses, fault counters and journal", async () => {
    const emulator = createEmulator({ scenarios: [{ name: "global", match: { lastUserMessage: "who?" }, respond: { text: "everyone" } }] });
    for (const scope of ["a", "b"]) {
      emulator.scenarios.add(
        [
          { name: `${scope} limited`, respond: { fault: "429" }, times: 1 },
          { name: `${scope} once`, match: { lastUserMessage: "who?" }, respond: { text: `only ${scope}` }, times: 1 },
          { name: `${scope} stream`, match: { lastUserMessage: "stream" }, respond: { text: `streamed for ${scope}` } },
        ],
        { scope },
      );
    }
    const run = async (scope: string) => {
      const llm = scopedModel(emulator, scope, { maxRetries: 1 });
      // The 429 rule is spent by the first attempt of each scope; the retry gets the scope's answer.
      const first = await llm.invoke("who?");
      const second = await llm.invoke("who?");
      const { whole } = await streamWhole(await llm.stream("stream"));
      return [first.content, second.content, whole.content];
    };
    expect(await Promise.all([run("a"), run("b")])).toEqual([
      ["only a", "everyone", "streamed for a"],
      ["only b", "everyone", "streamed for b"],
    ]);
    expect((await modelOn(emulator).invoke("who?")).content).toBe("everyone");
    for (const scope of ["a", "b"]) {
      const entries = emulator.journal.entries({ scope });
      expect(entries.map((entry) => [entry.response.status, entry.rule, entry.faults])).toEqual([
        [429, `${scope} limited`, ["429"]],
        [200, `${scope} once`, []],
        [200, "global", []],
        [200, `${scope} stream`, []],
      ]);
      expect(entries.every((entry) => entry.request.headers["x-emulator-scope"] === scope)).toBe(true);
    }
    expect(emulator.journal.entries({ scope: null }).map((entry) => entry.rule)).toEqual(["global"]);
  });

  it("rules added, replaced and cleared at run time act on the next call; reset and journal.clear touch one scope only", async () => {
    const emulator = createEmulator();
    const [a, b] = [scopedModel(emulator, "a"), scopedModel(emulator, "b")];
    emulator.scenarios.add([{ name: "v1", respond: { text: "version 1" } }], { scope: "a" });
    emulator.scenarios.add([{ name: "b rule", respond: { text: "for b" } }], { scope: "b" });
    expect((await a.invoke("x")).content).toBe("version 1");
    emulator.scenarios.replace([{ name: "v2", respond: { text: "version 2" } }], { scope: "a" });
    expect((await a.invoke("x")).content).toBe("version 2");
    emulator.scenarios.clear({ scope: "a" });
    expect((await a.invoke("x")).content).toMatch(BUILT_IN);
    expect(emulator.journal.entries({ scope: "a" }).map((entry) => entry.rule)).toEqual(["v1", "v2", null]);
    emulator.journal.clear({ scope: "a" });
    expect(emulator.journal.entries({ scope: "a" })).toEqual([]);
    emulator.scenarios.add([{ name: "v3", respond: { text: "version 3" } }], { scope: "a" });
    emulator.reset({ scope: "a" });
    const [fromA, fromB] = await Promise.all([a.invoke("x"), b.invoke("x")]);
    expect(fromA.content).toMatch(BUILT_IN);
    expect(fromB.content).toBe("for b");
    expect(emulator.journal.entries().map((entry) => [entry.scope, entry.rule])).toEqual(
      expect.arrayContaining([
        ["a", null],
        ["b", "b rule"],
      ]),
    );
    expect(emulator.journal.entries()).toHaveLength(2);
  });
});

describe("the request journal: what ChatOpenAI actually sent", () => {
  it("bindTools: the tools, the strict flags, tool_choice and parallel_tool_calls, exactly", async () => {
    const { llm, emulator } = scripted([{ respond: { text: "ok" } }]);
    await llm.bindTools([weatherTool, timeTool], { strict: true, tool_choice: "get_time", parallel_tool_calls: false }).invoke("Time in Lima?");
    expect(lastBody(emulator)).toEqual({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Time in Lima?" }],
      tools: [
        {
          type: "function",
          function: {
            name: "get_weather",
            description: "Current weather for a city",
            strict: true,
            parameters: {
              type: "object",
              properties: {
                city: { type: "string", description: "City name" },
                unit: { anyOf: [{ type: "string", enum: ["celsius", "fahrenheit"] }, { type: "null" }] },
                days: { anyOf: [{ type: "integer" }, { type: "null" }] },
              },
              required: ["city", "unit", "days"],
              additionalProperties: false,
            },
          },
        },
        {
          type: "function",
          function: {
            name: "get_time",
            description: "Local time in a city",
            strict: true,
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
          },
        },
      ],
      tool_choice: { type: "function", function: { name: "get_time" } },
      parallel_tool_calls: false,
    });
  });

  it("stream_options unless streamUsage is false, and the events the stream carried", async () => {
    const { llm, emulator } = scripted([{ respond: { text: "hello there" } }]);
    await streamWhole(await llm.stream("hi", { streamUsage: false }));
    expect(lastBody(emulator)).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true });
    await streamWhole(await llm.stream("hi"));
    expect(lastBody(emulator)).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    await emulator.journal.settled();
    const events = emulator.journal.last()?.response.events ?? [];
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1) as Array<{ choices: Array<{ delta: { content?: string } }>; usage: unknown }>;
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("hello there");
    expect(chunks.at(-1)?.usage).toMatchObject({ completion_tokens: await llm.getNumTokens("hello there") });
  });

  it("the messages after a tool round trip: the assistant's tool call, then the tool result with its id", async () => {
    const { llm, emulator } = scripted([
      { name: "call", match: { turn: 1 }, respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris", days: null } }] } },
      { name: "answer", match: { toolResult: "get_weather" }, respond: { text: "Sunny." } },
    ]);
    const withTools = llm.bindTools([weatherTool]);
    const question = new HumanMessage("Weather in Paris?");
    const first = await withTools.invoke([question]);
    const call = first.tool_calls?.[0];
    expect(call?.args).toEqual({ city: "Paris", days: null });
    const result = new ToolMessage({ content: '{"celsius":21}', tool_call_id: call?.id ?? "" });
    expect((await withTools.invoke([question, first, result])).content).toBe("Sunny.");
    expect(lastBody(emulator).messages).toEqual([
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: call?.id, type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","days":null}' } }],
      },
      { role: "tool", tool_call_id: call?.id, content: '{"celsius":21}' },
    ]);
    expect(emulator.journal.entries().map((entry) => [entry.rule, entry.source])).toEqual([
      ["call", "scenario"],
      ["answer", "scenario"],
    ]);
  });

  it("withStructuredOutput: the strict response_format built from the Zod schema", async () => {
    const { llm, emulator } = scripted([{ respond: { json: { name: "Ada" } } }]);
    const Person = z.object({ name: z.string(), age: z.number().optional() });
    expect(await llm.withStructuredOutput(Person, { name: "person" }).invoke("Ada Lovelace")).toEqual({ name: "Ada" });
    expect(lastBody(emulator).response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "person",
        strict: true,
        schema: {
          type: "object",
          properties: { name: { type: "string" }, age: { anyOf: [{ type: "number" }, { type: "null" }] } },
          required: ["name", "age"],
          additionalProperties: false,
        },
      },
    });
  });
});

// A scripted two-turn weather agent: turn 1 calls get_weather, the tool's result gets the final text.
const agentRules: ScenarioRule[] = [
  {
    name: "call the tool",
    match: { lastUserMessage: { contains: "weather" }, tools: ["get_weather"], turn: 1 },
    respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris", days: null } }] },
  },
  { name: "answer from the result", match: { toolResult: "get_weather", turn: 2 }, respond: { text: "It is 21 °C and sunny in Paris." } },
];

function createWeatherTool() {
  const received: unknown[] = [];
  const getWeather = tool(
    async (input) => {
      received.push(input);
      return JSON.stringify({ city: input.city, celsius: 21, conditions: "sunny" });
    },
    { name: "get_weather", description: "Current weather for a city", schema: weatherSchema },
  );
  return { getWeather, received };
}

describe("a scripted agent loop on ChatOpenAI", () => {
  it("runs model, tool and model to the final answer with bindTools and ToolMessage", async () => {
    const { llm, emulator } = scripted(agentRules);
    const { getWeather, received } = createWeatherTool();
    const withTools = llm.bindTools([getWeather]);
    const messages: BaseMessage[] = [new HumanMessage("What's the weather in Paris?")];
    for (let step = 0; step < 4; step++) {
      const reply = await withTools.invoke(messages);
      messages.push(reply);
      if (!reply.tool_calls?.length) break;
      for (const call of reply.tool_calls) messages.push(await getWeather.invoke({ ...call, type: "tool_call" }));
    }
    expect(messages.map((message) => message.getType())).toEqual(["human", "ai", "tool", "ai"]);
    expect(received).toEqual([{ city: "Paris", days: null }]);
    const toolMessage = messages[2] as ToolMessage;
    expect(toolMessage.tool_call_id).toBe((messages[1] as AIMessage).tool_calls?.[0]?.id);
    expect(messages[3]?.content).toBe("It is 21 °C and sunny in Paris.");
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["call the tool", "answer from the result"]);
    expect((lastBody(emulator).messages as Array<{ role: string; content: unknown }>).map((message) => [message.role, message.content])).toEqual([
      ["user", "What's the weather in Paris?"],
      ["assistant", null],
      ["tool", '{"city":"Paris","celsius":21,"conditions":"sunny"}'],
    ]);
  });

  // LangGraph needs @langchain/core >= 1.3.4, so this does not run in the minimum-versions job (core 1.0.0).
  const itWithLangGraph = process.env.TESSERA_DEPS === "min" ? it.skip : it;

  itWithLangGraph("runs the same scenario as a LangGraph createReactAgent (invoke and streamMode messages)", async () => {
    const { createReactAgent } = await import("@langchain/langgraph/prebuilt");
    const { llm, emulator } = scripted(agentRules, { streamUsage: true });
    const { getWeather, received } = createWeatherTool();
    const agent = createReactAgent({ llm, tools: [getWeather] });
    const input = { messages: [new HumanMessage("What's the weather in Paris?")] };
    const { messages } = await agent.invoke(input);
    expect(messages.map((message) => message.getType())).toEqual(["human", "ai", "tool", "ai"]);
    expect((messages[1] as AIMessage).tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "get_weather", args: { city: "Paris", days: null } }]);
    expect(messages[3]?.content).toBe("It is 21 °C and sunny in Paris.");
    expect((messages[3] as AIMessage).usage_metadata).toMatchObject({ input_tokens: expect.any(Number), output_tokens: await llm.getNumTokens("It is 21 °C and sunny in Paris.") });
    let streamedText = "";
    for await (const [chunk, metadata] of await agent.stream(input, { streamMode: "messages" })) {
      if (metadata.langgraph_node === "agent" && typeof chunk.content === "string") streamedText += chunk.content;
    }
    expect(streamedText).toBe("It is 21 °C and sunny in Paris.");
    expect(received).toEqual([
      { city: "Paris", days: null },
      { city: "Paris", days: null },
    ]);
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["call the tool", "answer from the result", "call the tool", "answer from the result"]);
    expect(lastBody(emulator)).toMatchObject({ stream: true, tools: [{ type: "function", function: { name: "get_weather" } }] });
  });
});

describe("the HTTP control endpoint with a real port", () => {
  it("loads a YAML scenario for a scope with POST /__emulator/scenarios; ChatOpenAI over HTTP gets the scripted answer", async () => {
    const emulator = createEmulator();
    const server = await emulator.listen();
    try {
      const yaml = [
        "rules:",
        "  - name: greeting",
        "    match:",
        '      lastUserMessage: { regex: "^hello\\\\b", flags: i }',
        "    respond:",
        "      text: Hello over HTTP!",
        "    times: 1",
        "  - name: lookup",
        "    match: { tools: [get_weather] }",
        "    respond:",
        "      toolCalls:",
        "        - name: get_weather",
        "          arguments: { city: Rome, days: 3 }",
        "",
      ].join("\n");
      const scopeHeader = { "x-emulator-scope": "http-test" };
      const posted = await fetch(new URL("/__emulator/scenarios", server.url), {
        method: "POST",
        headers: { "content-type": "application/yaml", ...scopeHeader },
        body: yaml,
      });
      expect(posted.status).toBe(200);
      expect(await posted.json()).toMatchObject({
        scope: "http-test",
        data: [
          { name: "greeting", times: 1, remaining: 1, hits: 0 },
          { name: "lookup", times: null, remaining: null, hits: 0 },
        ],
      });
      const llm = new ChatOpenAI({ apiKey: "test-key", maxRetries: 0, configuration: { baseURL: server.url, defaultHeaders: scopeHeader } });
      expect((await llm.invoke("Hello, emulator")).content).toBe("Hello over HTTP!");
      const { whole } = await streamWhole(await llm.bindTools([weatherTool]).stream("Weather in Rome?"));
      expect(whole.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "get_weather", args: { city: "Rome", days: 3 } }]);
      // Spent after one use; and another scope never saw the rules.
      expect((await llm.invoke("Hello, emulator")).content).toMatch(BUILT_IN);
      const other = new ChatOpenAI({ apiKey: "test-key", maxRetries: 0, configuration: { baseURL: server.url, defaultHeaders: { "x-emulator-scope": "other" } } });
      expect((await other.invoke("Hello, emulator")).content).toMatch(BUILT_IN);
      await emulator.journal.settled();
      const journal = (await (await fetch(new URL("/__emulator/journal", server.url), { headers: scopeHeader })).json()) as { data: Array<{ rule: string | null }> };
      expect(journal.data.map((entry) => entry.rule)).toEqual(["greeting", "lookup", null]);
    } finally {
      await server.close();
    }
  });
});
