import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import { createEmulator, type Emulator, type EmulatorOptions } from "../index.js";
import { createTestClient, rawRequest, user, weatherTool } from "../__tests__/helpers.js";
import type { Scenario, ScenarioRule } from "./scenario.js";

const model = "gpt-4o-mini";

function scripted(rules: ScenarioRule[], options: EmulatorOptions = {}): { client: OpenAI; emulator: Emulator } {
  return createTestClient({ ...options, scenarios: { rules } });
}

async function ask(client: OpenAI, content: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) {
  return client.chat.completions.create({ model, messages: [user(content)], ...extra });
}

// The text, refusal, tool calls and finish reason a stream adds up to, as a client would assemble them.
async function collectStream(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  let content = "";
  let refusal = "";
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | null | undefined;
  const calls: Array<{ name: string; arguments: string }> = [];
  for await (const chunk of stream) {
    usage = chunk.usage ?? usage;
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? "";
      refusal += choice.delta.refusal ?? "";
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = (calls[call.index] ??= { name: "", arguments: "" });
        entry.name += call.function?.name ?? "";
        entry.arguments += call.function?.arguments ?? "";
      }
      finish = choice.finish_reason ?? finish;
    }
  }
  return { content, refusal, calls, finish, usage };
}

describe("scenario matching", () => {
  const rules: ScenarioRule[] = [
    { name: "exact", match: { lastUserMessage: "ping" }, respond: { text: "pong" } },
    { name: "regex", match: { lastUserMessage: { regex: "^weather in (paris|rome)$", flags: "i" } }, respond: { text: "sunny" } },
    { name: "contains", match: { lastUserMessage: { contains: "invoice" } }, respond: { text: "invoice noted" } },
    { name: "model", match: { model: "gpt-4.1", lastUserMessage: "which model?" }, respond: { text: "the 4.1 rule" } },
    { name: "system", match: { system: { contains: "pirate" } }, respond: { text: "Arr." } },
  ];

  it.each([
    ["an exact last user message", "ping", "pong", "exact"],
    ["a regular expression with flags", "Weather in ROME", "sunny", "regex"],
    ["a substring", "please file this invoice today", "invoice noted", "contains"],
  ])("matches %s", async (_case, message, expected, rule) => {
    const { client, emulator } = scripted(rules);
    const completion = await ask(client, message);
    expect(completion.choices[0]?.message.content).toBe(expected);
    expect(emulator.journal.last()?.rule).toBe(rule);
  });

  it("falls back to the built-in model when no rule matches (exact means the whole text)", async () => {
    const { client, emulator } = scripted(rules);
    const completion = await ask(client, "ping!");
    expect(completion.choices[0]?.message.content).toMatch(/^This is an emulated gpt-4o-mini/);
    expect(emulator.journal.last()).toMatchObject({ rule: null, source: "emulated" });
  });

  it("matches the model as the client named it", async () => {
    const { client } = scripted(rules);
    expect((await ask(client, "which model?", { model: "gpt-4.1" })).choices[0]?.message.content).toBe("the 4.1 rule");
    expect((await ask(client, "which model?")).choices[0]?.message.content).not.toBe("the 4.1 rule");
  });

  it("matches the system and developer messages", async () => {
    const { client } = scripted(rules);
    const withSystem = await client.chat.completions.create({
      model,
      messages: [{ role: "developer", content: "Talk like a pirate." }, user("hello")],
    });
    expect(withSystem.choices[0]?.message.content).toBe("Arr.");
    expect((await ask(client, "hello")).choices[0]?.message.content).not.toBe("Arr.");
  });

  it("matches the tools offered (all listed must be offered; \"none\" means no tools)", async () => {
    const { client } = scripted([
      { match: { tools: ["get_weather", "get_time"] }, respond: { text: "both tools" } },
      { match: { tools: ["get_weather"] }, respond: { text: "weather tool" } },
      { match: { tools: "none" }, respond: { text: "no tools" } },
    ]);
    const timeTool: OpenAI.ChatCompletionFunctionTool = { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } };
    expect((await ask(client, "hi", { tools: [weatherTool, timeTool] })).choices[0]?.message.content).toBe("both tools");
    expect((await ask(client, "hi", { tools: [weatherTool] })).choices[0]?.message.content).toBe("weather tool");
    expect((await ask(client, "hi", { tools: [timeTool] })).choices[0]?.message.content).not.toMatch(/tools?$/);
    expect((await ask(client, "hi")).choices[0]?.message.content).toBe("no tools");
  });

  it("matches on pending tool results and the turn, so an agent loop can be scripted", async () => {
    const { client, emulator } = scripted([
      { name: "call", match: { turn: 1, lastUserMessage: { contains: "weather" } }, respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris", unit: "celsius", days: null } }] } },
      { name: "answer", match: { toolResult: "get_weather", turn: 2 }, respond: { text: "It is 21 °C in Paris." } },
      { name: "no pending result", match: { toolResult: false, turn: 2 }, respond: { text: "unexpected" } },
    ]);
    const messages: OpenAI.ChatCompletionMessageParam[] = [user("What's the weather in Paris?")];
    const first = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({ city: "Paris", unit: "celsius", days: null });
    messages.push(first.choices[0]!.message, { role: "tool", tool_call_id: call!.id, content: '{"celsius":21}' });
    const second = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
    expect(second.choices[0]?.message.content).toBe("It is 21 °C in Paris.");
    expect(emulator.journal.entries().map((entry) => entry.rule)).toEqual(["call", "answer"]);
  });

  it("tries rules in order, and a rule with times answers that many requests before the next one takes over", async () => {
    const { client } = scripted([
      { match: { lastUserMessage: "count" }, respond: { text: "first" }, times: 2 },
      { match: { lastUserMessage: "count" }, respond: { text: "then this" }, times: 1 },
    ]);
    const replies = [];
    for (let turn = 0; turn < 4; turn++) replies.push((await ask(client, "count")).choices[0]?.message.content);
    expect(replies.slice(0, 3)).toEqual(["first", "first", "then this"]);
    expect(replies[3]).toMatch(/^This is an emulated/);
  });

  it("does not spend a rule on a request that fails validation", async () => {
    const { client } = scripted([{ respond: { text: "scripted" }, times: 1 }]);
    await expect(client.chat.completions.create({ model, messages: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    expect((await ask(client, "hi")).choices[0]?.message.content).toBe("scripted");
  });
});

describe("what spends a rule's use", () => {
  it("a request failed or held by a header fault spends nothing", async () => {
    const { client, emulator } = scripted([{ name: "once", respond: { text: "RULE" }, times: 1 }]);
    await expect(ask(client, "x", { model: "gpt-4o-mini+fault=500" })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    const controller = new AbortController();
    const held = client.chat.completions.create({ model, messages: [user("x")] }, { signal: controller.signal, headers: { "x-emulator-fault": "timeout" } });
    setTimeout(() => controller.abort(), 20);
    await expect(held).rejects.toThrow();
    expect(emulator.scenarios.list()[0]).toMatchObject({ remaining: 1, hits: 0 });
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("RULE");
  });

  it("a rule that cannot answer the request (it scripts a tool not offered) keeps its use", async () => {
    const { client, emulator } = scripted([{ name: "needs tool", respond: { toolCalls: [{ name: "get_weather" }] }, times: 1 }]);
    await expect(ask(client, "x")).rejects.toMatchObject({ status: 400, code: "scenario_error" });
    expect(emulator.journal.last()?.rule).toBe("needs tool");
    expect(emulator.scenarios.list()[0]).toMatchObject({ remaining: 1, hits: 0 });
    const completion = await ask(client, "x", { tools: [weatherTool] });
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "get_weather" } });
  });

  it("refuses to cut a script of several calls to the one call a legacy functions answer holds", async () => {
    const { client } = scripted([{ respond: { toolCalls: [{ name: "get_weather", arguments: {} }, { name: "get_weather", arguments: {} }] } }]);
    const error = await client.chat.completions.create({ model, messages: [user("x")], functions: [weatherTool.function] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, code: "scenario_error", message: expect.stringContaining("scripts 2 calls") });
  });

  it("counts an unscoped rule's uses per scope, and resetting a scope gives its uses back", async () => {
    const emulator = createEmulator({ scenarios: [{ respond: { text: "RULE" }, times: 1 }] });
    const inScope = (scope: string) =>
      new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: { "x-emulator-scope": scope } });
    const reply = async (client: OpenAI) => (await ask(client, "x")).choices[0]?.message.content;
    expect([await reply(inScope("a")), await reply(inScope("b"))]).toEqual(["RULE", "RULE"]);
    expect(await reply(inScope("a"))).not.toBe("RULE");
    emulator.reset({ scope: "a" });
    expect(await reply(inScope("a"))).toBe("RULE");
    expect(await reply(inScope("b"))).not.toBe("RULE");
  });

  it("lists frozen copies: changing one changes no rule", async () => {
    const { client, emulator } = scripted([{ respond: { text: "original" } }]);
    const [listed] = emulator.scenarios.list();
    expect(() => Object.assign(listed!.respond, { text: "changed" })).toThrow(TypeError);
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("original");
  });
});

describe("scenario responses", () => {
  it("sends scripted text whole, or streamed token by token, with usage from the real tokenizer", async () => {
    const text = "Scripted answer: 42 — déjà vu 🙂.";
    const { client } = scripted([{ respond: { text } }]);
    const completion = await ask(client, "anything");
    const encoder = await loadEncoding("o200k_base");
    expect(completion.choices[0]?.message).toMatchObject({ content: text, refusal: null });
    expect(completion.usage?.completion_tokens).toBe(encoder.encode(text).length);
    const streamed = await collectStream(
      await client.chat.completions.create({ model, messages: [user("anything")], stream: true, stream_options: { include_usage: true } }),
    );
    expect(streamed).toMatchObject({ content: text, finish: "stop" });
    expect(streamed.usage?.completion_tokens).toBe(encoder.encode(text).length);
  });

  it("cuts scripted text at stop sequences and max_completion_tokens, as it would a real answer", async () => {
    const { client } = scripted([{ respond: { text: "one two three. four five six" } }]);
    expect((await ask(client, "x", { stop: "." })).choices[0]?.message.content).toBe("one two three");
    const cut = await ask(client, "x", { max_completion_tokens: 2 });
    expect(cut.choices[0]).toMatchObject({ finish_reason: "length", message: { content: "one two" } });
  });

  it("sends scripted tool calls: given arguments, arguments generated from the schema, and arguments sent as written", async () => {
    const { client } = scripted([
      {
        respond: {
          toolCalls: [{ name: "get_weather", arguments: { city: "Oslo", unit: "celsius", days: 2 } }, { name: "get_weather" }, { name: "get_weather", arguments: "{'city': 'Rome'" }],
        },
      },
    ]);
    const completion = await ask(client, "anything", { tools: [weatherTool] });
    const calls = completion.choices[0]?.message.tool_calls ?? [];
    const args = calls.map((call) => (call.type === "function" ? call.function.arguments : ""));
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((call) => call.id)).size).toBe(3);
    expect(JSON.parse(args[0]!)).toEqual({ city: "Oslo", unit: "celsius", days: 2 });
    const generated = JSON.parse(args[1]!) as Record<string, unknown>;
    expect(Object.keys(generated).sort()).toEqual(["city", "days", "unit"]);
    expect(["celsius", "fahrenheit"]).toContain(generated.unit);
    expect(args[2]).toBe("{'city': 'Rome'");
    const streamed = await collectStream(await client.chat.completions.create({ model, messages: [user("anything")], tools: [weatherTool], stream: true }));
    expect(streamed.calls.map((call) => call.name)).toEqual(["get_weather", "get_weather", "get_weather"]);
    expect(streamed.calls.map((call) => call.arguments)).toEqual(args);
    expect(streamed.finish).toBe("tool_calls");
  });

  it("answers a legacy functions request with one function_call", async () => {
    const { client } = scripted([{ respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] } }]);
    const completion = await client.chat.completions.create({ model, messages: [user("x")], functions: [weatherTool.function] });
    expect(completion.choices[0]).toMatchObject({ finish_reason: "function_call", message: { function_call: { name: "get_weather", arguments: '{"city":"Oslo"}' } } });
  });

  it("answers 400 scenario_error when asked to generate arguments for a tool the request does not offer", async () => {
    const { client } = scripted([{ respond: { toolCalls: [{ name: "get_time" }] } }]);
    const error = await ask(client, "x", { tools: [weatherTool] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ code: "scenario_error", message: expect.stringContaining("'get_time'") });
    expect((error as Error).message).toContain("it offers 'get_weather'");
  });

  it("sends a JSON value as the content, for structured outputs", async () => {
    const { client } = scripted([{ respond: { json: { city: "Paris", temperature: 21 } } }]);
    const completion = await client.chat.completions.parse({
      model,
      messages: [user("x")],
      response_format: {
        type: "json_schema",
        json_schema: { name: "weather", strict: true, schema: { type: "object", properties: { city: { type: "string" }, temperature: { type: "number" } }, required: ["city", "temperature"], additionalProperties: false } },
      },
    });
    expect(completion.choices[0]?.message.parsed).toEqual({ city: "Paris", temperature: 21 });
  });

  it("sends a refusal: message.refusal set, content null, streamed as refusal deltas", async () => {
    const { client } = scripted([{ respond: { refusal: "I can't help with that." } }]);
    const completion = await ask(client, "x");
    expect(completion.choices[0]).toMatchObject({ finish_reason: "stop", message: { content: null, refusal: "I can't help with that." } });
    const response = await rawRequest(createEmulator({ scenarios: [{ respond: { refusal: "No." } }] }), "/v1/chat/completions", {
      body: { model, messages: [user("x")], stream: true },
    });
    const text = await response.text();
    expect(text).toContain('"delta":{"role":"assistant","content":null,"refusal":""}');
    expect(text).toContain('"delta":{"refusal":"No"}');
    const streamed = await collectStream(await client.chat.completions.create({ model, messages: [user("x")], stream: true }));
    expect(streamed).toMatchObject({ content: "", refusal: "I can't help with that.", finish: "stop" });
  });

  it("replaces the finish reason and the usage figures", async () => {
    const { client } = scripted([{ respond: { text: "cut", finishReason: "content_filter", usage: { promptTokens: 1000, reasoningTokens: 7, cachedTokens: 900 } } }]);
    const completion = await ask(client, "x");
    expect(completion.choices[0]?.finish_reason).toBe("content_filter");
    expect(completion.usage).toMatchObject({
      prompt_tokens: 1000,
      total_tokens: 1000 + completion.usage!.completion_tokens,
      prompt_tokens_details: { cached_tokens: 900 },
      completion_tokens_details: { reasoning_tokens: 7 },
    });
  });

  it("waits delayMs before answering", async () => {
    const { client } = scripted([{ respond: { text: "late", delayMs: 60 } }]);
    const started = performance.now();
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("late");
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("injects a fault: 429 twice, then the answer (the SDK's retries see both)", async () => {
    const emulator = createEmulator({ scenarios: [{ name: "limited", respond: { fault: "429" }, times: 2 }, { respond: { text: "finally" } }] });
    const client = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 2 });
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("finally");
    expect(emulator.journal.entries().map((entry) => [entry.response.status, entry.rule, entry.faults])).toEqual([
      [429, "limited", ["429"]],
      [429, "limited", ["429"]],
      [200, "rule 2", []],
    ]);
  });

  it("combines a stream fault with scripted text", async () => {
    const { client } = scripted([{ respond: { text: "one two three four five six seven", fault: "disconnect:after=3" } }]);
    const stream = await client.chat.completions.create({ model, messages: [user("x")], stream: true });
    await expect(collectStream(stream)).rejects.toThrow();
  });

  it("gives every choice the scripted reply when n > 1", async () => {
    const { client } = scripted([{ respond: { text: "same" } }]);
    const completion = await ask(client, "x", { n: 3 });
    expect(completion.choices.map((choice) => choice.message.content)).toEqual(["same", "same", "same"]);
  });
});

describe("scopes and the control endpoint", () => {
  const scoped = (emulator: Emulator, scope: string) =>
    new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: { "x-emulator-scope": scope } });

  it("loads rules at run time for one scope; other scopes and unscoped requests do not see them", async () => {
    const emulator = createEmulator();
    const response = await rawRequest(emulator, "/__emulator/scenarios", {
      headers: { "x-emulator-scope": "test-a" },
      body: { rules: [{ name: "a-only", respond: { text: "for test-a" } }] },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: "test-a", data: [{ name: "a-only", remaining: null, hits: 0 }] });
    expect((await ask(scoped(emulator, "test-a"), "x")).choices[0]?.message.content).toBe("for test-a");
    expect((await ask(scoped(emulator, "test-b"), "x")).choices[0]?.message.content).not.toBe("for test-a");
    expect((await ask(createTestClient().client, "x")).choices[0]?.message.content).not.toBe("for test-a");
  });

  it("tries the scope's rules before the unscoped ones", async () => {
    const emulator = createEmulator({ scenarios: [{ respond: { text: "global" } }] });
    emulator.scenarios.add([{ respond: { text: "scoped" } }], { scope: "s1" });
    expect((await ask(scoped(emulator, "s1"), "x")).choices[0]?.message.content).toBe("scoped");
    expect((await ask(scoped(emulator, "s2"), "x")).choices[0]?.message.content).toBe("global");
  });

  it("keeps rule uses and fault counters per scope, so parallel tests do not interfere", async () => {
    const emulator = createEmulator();
    for (const scope of ["p1", "p2"]) emulator.scenarios.add([{ respond: { fault: "429*1" } }], { scope });
    const results = await Promise.all(
      ["p1", "p2"].map(async (scope) => {
        const client = scoped(emulator, scope);
        const first = await ask(client, "x").catch((error: unknown) => error);
        const second = await ask(client, "x");
        return [first instanceof OpenAI.RateLimitError, second.object];
      }),
    );
    expect(results).toEqual([
      [true, "chat.completion"],
      [true, "chat.completion"],
    ]);
  });

  it("replaces (PUT), lists (GET) and clears (DELETE) a scope's rules, and accepts YAML", async () => {
    const emulator = createEmulator();
    const headers = { "x-emulator-scope": "yaml-test" };
    const yaml = "rules:\n  - name: hello\n    match: { lastUserMessage: hi }\n    respond: { text: Hello from YAML }\n    times: 3\n";
    await rawRequest(emulator, "/__emulator/scenarios", { body: { rules: [{ respond: { text: "old" } }] }, headers });
    const put = await rawRequest(emulator, "/__emulator/scenarios", { method: "PUT", body: yaml, headers: { ...headers, "content-type": "application/yaml" } });
    expect(put.status).toBe(200);
    expect((await ask(scoped(emulator, "yaml-test"), "hi")).choices[0]?.message.content).toBe("Hello from YAML");
    const listed = await (await rawRequest(emulator, "/__emulator/scenarios?scope=yaml-test")).json();
    expect(listed).toMatchObject({ data: [{ name: "hello", times: 3, remaining: 2, hits: 1 }] });
    expect((listed as { data: unknown[] }).data).toHaveLength(1);
    await rawRequest(emulator, "/__emulator/scenarios", { method: "DELETE", headers });
    expect(emulator.scenarios.list({ scope: "yaml-test" })).toEqual([]);
  });

  it("answers 400 invalid_scenario listing every problem with its rule and field", async () => {
    const emulator = createEmulator();
    const response = await rawRequest(emulator, "/__emulator/scenarios", {
      body: { rules: [{ name: "bad", respond: { text: 1, fault: "430" } }, { match: { lastUserMesage: "x" }, respond: {} }] },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; param: string; message: string }; issues: Array<{ rule: number; field: string }> };
    expect(body.error).toMatchObject({ code: "invalid_scenario", param: "rules[0].respond.text" });
    expect(body.issues.map((issue) => `${issue.rule}:${issue.field}`)).toEqual([
      "0:rules[0].respond.text",
      "0:rules[0].respond.fault",
      "1:rules[1].match.lastUserMesage",
      "1:rules[1].respond",
    ]);
    expect(body.error.message).toContain('rule 1 ("bad"), rules[0].respond.text: must be a string, got number 1.');
    expect(body.error.message).toContain('did you mean "lastUserMessage"?');
    expect(emulator.scenarios.list()).toEqual([]);
  });

  it("resets a scope (rules, journal, fault counters), or everything back to the initial rules", async () => {
    const emulator = createEmulator({ scenarios: [{ respond: { text: "initial" }, times: 1 }] });
    const client = scoped(emulator, "r");
    emulator.scenarios.add([{ match: { lastUserMessage: "scoped" }, respond: { text: "scoped rule" } }], { scope: "r" });
    expect((await ask(client, "x", { model: "gpt-4o-mini+fault=500*1" }).catch((error: unknown) => error))).toBeInstanceOf(OpenAI.InternalServerError);
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("initial");
    expect(await (await rawRequest(emulator, "/__emulator/reset", { method: "POST", headers: { "x-emulator-scope": "r" } })).json()).toEqual({ reset: true, scope: "r" });
    expect(emulator.scenarios.list({ scope: "r" })).toEqual([]);
    expect(emulator.journal.entries({ scope: "r" })).toEqual([]);
    await expect(ask(client, "x", { model: "gpt-4o-mini+fault=500*1" })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    // The scope's use of the unscoped rule came back with the reset; now it is spent again.
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("initial");
    expect((await ask(client, "x")).choices[0]?.message.content).not.toBe("initial");
    emulator.reset();
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("initial");
  });

  it("lists the journal over HTTP, narrowed by scope, path and method", async () => {
    const emulator = createEmulator();
    await ask(scoped(emulator, "j"), "x");
    await scoped(emulator, "j").models.list();
    await ask(new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch }), "x");
    const list = async (query: string) => ((await (await rawRequest(emulator, `/__emulator/journal${query}`)).json()) as { data: Array<{ request: { path: string } }> }).data;
    expect((await list("?scope=j")).map((entry) => entry.request.path)).toEqual(["/v1/chat/completions", "/v1/models"]);
    expect(await list("")).toHaveLength(3);
    expect((await list("?scope=j&path=/v1/models&method=get")).map((entry) => entry.request.path)).toEqual(["/v1/models"]);
  });

  it("answers 404 for an unknown control path and 405 for a wrong method", async () => {
    const emulator = createEmulator();
    expect((await rawRequest(emulator, "/__emulator/nope")).status).toBe(404);
    const wrong = await rawRequest(emulator, "/__emulator/journal", { method: "PUT", body: {} });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, DELETE");
  });
});

describe("loading scenarios in process", () => {
  it("checks scenarios given to createEmulator and throws a ScenarioError naming the rule and field", () => {
    const scenario = { rules: [{ name: "ok", respond: { text: "fine" } }, { name: "broken", respond: { toolCalls: [] } }] } as unknown as Scenario;
    expect(() => createEmulator({ scenarios: scenario })).toThrow(/rule 2 \("broken"\), rules\[1\]\.respond\.toolCalls: must be a non-empty array/);
  });

  it("copies the rules it loads, so changing the caller's objects later changes nothing", async () => {
    const rules: ScenarioRule[] = [{ respond: { text: "original" } }];
    const { client } = scripted(rules);
    rules[0]!.respond.text = "changed";
    expect((await ask(client, "x")).choices[0]?.message.content).toBe("original");
  });
});
