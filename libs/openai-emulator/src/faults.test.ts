import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { askChat as ask, caught, chatChunkText, chatModel as model, consume as consumeStream, expectDefault429, FAULT, faultClient, rawEvents, withFault } from "./__tests__/fault-helpers.js";
import { rawRequest, user, weatherTool } from "./__tests__/helpers.js";
import { expectValidJson } from "./__tests__/json-schema.js";
import { createFaultState, FAULT_KINDS, parseFaults, planFaults, readFaults, splitModelFault, type KeyedFault } from "./faults.js";
import { splitInsideCharacter } from "./faults-apply.js";

// Fault injection on chat completions: the fault syntax, and what only chat completions has. The tests legacy
// completions shares (timeouts, stream breaks, split-utf8, slow, ...) run for both endpoints in faults-endpoints.test.ts.

const consume = (stream: AsyncIterable<OpenAI.ChatCompletionChunk>) => consumeStream(stream, chatChunkText);

describe("fault syntax", () => {
  it("reads kinds, counts, probabilities, parameters and several faults", () => {
    expect(parseFaults("429*2:retry-after-ms=5", FAULT)).toEqual([
      { text: "429*2:retry-after-ms=5", trigger: { type: "count", count: 2 }, effect: { kind: "429", retryAfterMs: 5, limit: "tokens" } },
    ]);
    expect(parseFaults("500@0.3;seed=7", FAULT)).toEqual([
      { text: "500@0.3,seed=7", trigger: { type: "chance", probability: 0.3, seed: "7" }, effect: { kind: "500", retryAfterMs: null, limit: "tokens" } },
    ]);
    const [slow, disconnect] = parseFaults("slow:ttft=300,tps=50;disconnect:after=5", FAULT);
    expect(slow?.effect).toEqual({ kind: "slow", ttftMs: 300, tokensPerSecond: 50 });
    expect(disconnect?.effect).toEqual({ kind: "disconnect", after: 5 });
    expect(parseFaults(" timeout , 429:type=requests ; quota", FAULT).map((fault) => fault.effect)).toEqual([
      { kind: "timeout", ms: null },
      { kind: "429", retryAfterMs: 20, limit: "requests" },
      { kind: "quota", retryAfterMs: null, limit: "tokens" },
    ]);
    for (const kind of FAULT_KINDS) expect(parseFaults(kind, FAULT)[0]?.effect.kind).toBe(kind);
  });

  it.each([
    ["teapot", "unknown fault 'teapot'"],
    ["after=3", "'after=3' is a parameter, but no fault comes before it"],
    ["disconnect:at=3", "'disconnect' takes no parameter 'at' (it takes: after, seed)"],
    ["slow:tps=fast", "'fast' is not a valid value for 'tps' of 'slow'"],
    ["timeout:200", "'200' is not a parameter"],
    ["500@0.3", "a random fault needs a seed, e.g. '500@0.3;seed=7'"],
    ["500*2;seed=7", "'seed' only applies to a probability"],
    ["429*0", "counts 0 requests"],
    ["500@1.5;seed=1", "the probability in '500@1.5,seed=1' is above 1"],
    ["429*x", "cannot read '429*x'"],
    [" , ", "it names no fault"],
  ])("refuses %j with a clear 400", (spec, problem) => {
    let error: unknown;
    try {
      parseFaults(spec, FAULT);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", code: "invalid_emulator_fault" });
    expect((error as Error).message).toContain(problem);
  });

  it("splits a model-name suffix and leaves other names alone", () => {
    expect(splitModelFault("gpt-4o-mini+fault=429*2")).toEqual({ model: "gpt-4o-mini", fault: "429*2" });
    expect(splitModelFault("ft:gpt-4o-mini:org::abc")).toEqual({ model: "ft:gpt-4o-mini:org::abc", fault: undefined });
  });

  it("answers unknown fault text with the emulator's own 400, naming the fault and the accepted kinds", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const error = await caught(client.chat.completions.create(ask(), withFault("429,teapot:after=1")));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const typed = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(typed.code).toBe("invalid_emulator_fault");
    expect(typed.message).toContain("unknown fault 'teapot'");
    expect(typed.message).toContain(`Accepted kinds: ${FAULT_KINDS.join(", ")}`);
    expect(typed.message).toContain("comes from the OpenAI emulator's fault injection, not from the OpenAI API");
    expect(typed.requestID).toMatch(/^req_/);
    expect(attempts()).toBe(1);
  });

  it("plans left to right: the first HTTP fault that fires answers, later ones are not evaluated", () => {
    const state = createFaultState();
    const faults = readFaults(new Headers({ [FAULT]: "slow:ttft=1;429*1,500*1,disconnect" }), "{}").faults;
    const kinds = Array.from({ length: 3 }, () => {
      const plan = planFaults(faults, state);
      return [plan.http?.kind ?? "answer", plan.breaks.length, plan.slow?.ttftMs];
    });
    expect(kinds).toEqual([
      ["429", 0, 1],
      ["500", 0, 1],
      ["answer", 1, 1],
    ]);
  });

  it("keys counters by fault text: different texts count separately", () => {
    const state = createFaultState();
    const spec = (text: string): KeyedFault[] => readFaults(new Headers({ [FAULT]: text }), "{}").faults;
    expect(planFaults(spec("500*1"), state).http?.kind).toBe("500");
    expect(planFaults(spec("500*1:retry-after-ms=1"), state).http?.kind).toBe("500");
    expect(planFaults(spec("500*1"), state).http).toBeUndefined();
  });
});

describe("HTTP faults (OpenAI's bodies and headers, through the official SDK)", () => {
  it("429: RateLimitError with type tokens, rate_limit_exceeded, retry-after and retry-after-ms", async () => {
    const { client } = faultClient();
    const typed = expectDefault429(await caught(client.chat.completions.create(ask(), withFault("429"))));
    expect(typed.message).toMatch(
      /^429 Rate limit reached for gpt-4o-mini in organization org-emulator on tokens per min \(TPM\): Limit 200000, Used 200000, Requested \d+\. Please try again in 20ms\. Visit https:\/\/platform\.openai\.com\/account\/rate-limits to learn more\.$/u,
    );
  });

  it("429*2: an SDK client with maxRetries 2 succeeds on the third attempt, and the fault is spent", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const completion = await client.chat.completions.create(ask(), withFault("429*2:retry-after-ms=1"));
    expect(completion.choices[0]?.message.content).toContain("emulated gpt-4o-mini");
    expect(attempts()).toBe(3);
    await client.chat.completions.create(ask(), withFault("429*2:retry-after-ms=1"));
    expect(attempts()).toBe(4);
    // Counters belong to one emulator: a new one fails its first two requests again.
    const fresh = faultClient({ maxRetries: 1 });
    expect(await caught(fresh.client.chat.completions.create(ask(), withFault("429*2:retry-after-ms=1")))).toBeInstanceOf(OpenAI.RateLimitError);
    expect(fresh.attempts()).toBe(2);
  });

  it("429 variants: requests per minute, and no retry headers at all", async () => {
    const { emulator } = faultClient();
    const requests = await rawRequest(emulator, "/v1/chat/completions", { body: ask(), headers: { [FAULT]: "429:type=requests,retry-after-ms=1500" } });
    expect(requests.headers.get("retry-after")).toBe("2");
    expect(requests.headers.get("retry-after-ms")).toBe("1500");
    expect(await requests.json()).toMatchObject({ error: { type: "requests", code: "rate_limit_exceeded", message: expect.stringContaining("on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1.5s.") } });
    const bare = await rawRequest(emulator, "/v1/chat/completions", { body: ask(), headers: { [FAULT]: "429:retry-after-ms=none" } });
    expect(bare.headers.get("retry-after")).toBeNull();
    expect(bare.headers.get("retry-after-ms")).toBeNull();
    expect(bare.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("quota: 429 insufficient_quota, without x-should-retry, so the SDK retries it as it does against the real API", async () => {
    const { client, attempts } = faultClient({ maxRetries: 1 });
    const error = await caught(client.chat.completions.create(ask(), withFault("quota:retry-after-ms=1")));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429, type: "insufficient_quota", code: "insufficient_quota" });
    expect((error as Error).message).toBe(
      "429 You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
    );
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("x-should-retry")).toBeNull();
    expect(attempts()).toBe(2);
  });

  it("500: InternalServerError with the real message, retried by the SDK; 500*1 then succeeds", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const error = await caught(client.chat.completions.create(ask(), withFault("500:retry-after-ms=1")));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 500, type: "server_error", code: null, message: "500 The server had an error while processing your request. Sorry about that!" });
    expect(attempts()).toBe(3);
    await client.chat.completions.create(ask(), withFault("500*1:retry-after-ms=1"));
    expect(attempts()).toBe(5);
  });

  it("503: InternalServerError 'The engine is currently overloaded'", async () => {
    const { client } = faultClient();
    const error = await caught(client.chat.completions.create(ask(), withFault("503")));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 503, type: "server_error", message: "503 The engine is currently overloaded, please try again later" });
  });

  it("400 and 401 are not retried; 401 quotes the key as the API does (a short test key whole)", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const bad = await caught(client.chat.completions.create(ask(), withFault("400")));
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad).toMatchObject({ status: 400, type: "invalid_request_error", code: null, param: null });
    const unauthorized = await caught(client.chat.completions.create(ask(), withFault("401")));
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unauthorized).toMatchObject({ status: 401, type: "invalid_request_error", code: "invalid_api_key" });
    expect((unauthorized as Error).message).toBe("401 Incorrect API key provided: test-key. You can find your API key at https://platform.openai.com/account/api-keys.");
    expect(attempts()).toBe(2);
  });

  it("takes the fault from a model suffix and answers with the real model", async () => {
    const { client, attempts } = faultClient({ maxRetries: 0 });
    const suffixed = { model: "gpt-4o-mini+fault=500*1", messages: [user("Hi")] };
    expect(await caught(client.chat.completions.create(suffixed))).toBeInstanceOf(OpenAI.InternalServerError);
    const completion = await client.chat.completions.create(suffixed);
    expect(completion.model).toBe("gpt-4o-mini-2024-07-18");
    expect(completion.choices[0]?.message.content).toContain("emulated gpt-4o-mini ");
    expect(attempts()).toBe(2);
    const unknown = await caught(client.chat.completions.create({ model: "gpt-4o-mini+fault=nope", messages: [user("Hi")] }));
    expect(unknown).toMatchObject({ status: 400, param: "model", code: "invalid_emulator_fault" });
  });

  it("applies to requests that pass validation: a bad request keeps its real 400 and spends no count", async () => {
    const { emulator } = faultClient();
    const invalid = await rawRequest(emulator, "/v1/chat/completions", { body: { model, messages: [user("Hi")], temperature: 9 }, headers: { [FAULT]: "500*1" } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { param: "temperature" } });
    expect((await rawRequest(emulator, "/v1/chat/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(500);
  });
});

describe("stream faults (through the official SDK)", () => {
  it("a break after more events than the stream has fires just before [DONE]", async () => {
    const { emulator } = faultClient();
    const events = await rawEvents(emulator, "/v1/chat/completions", ask(), "close:after=1000");
    expect(events.length).toBeGreaterThan(10);
    expect(events).not.toContain("data: [DONE]");
  });
});

describe("split-utf8", () => {
  it("cuts helpers' bytes inside the character", () => {
    const [head, tail] = splitInsideCharacter(new TextEncoder().encode("a🙂")) ?? [];
    expect(Array.from(head ?? [])).toEqual([0x61, 0xf0, 0x9f]);
    expect(Array.from(tail ?? [])).toEqual([0x99, 0x82]);
    expect(splitInsideCharacter(new TextEncoder().encode("ascii"))).toBeUndefined();
  });
});

describe("content faults", () => {
  const weatherAsk = { model, messages: [user("What is the weather in Paris?")], tools: [weatherTool], tool_choice: "required" as const };

  it("bad-tool-args: arguments that are not JSON, streamed and not, with consistent usage", async () => {
    const { client } = faultClient();
    const whole = await client.chat.completions.create(weatherAsk, withFault("bad-tool-args"));
    const call = whole.choices[0]?.message.tool_calls?.[0];
    const args = call?.type === "function" ? call.function.arguments : "";
    expect(args.startsWith("{'")).toBe(true);
    expect(() => JSON.parse(args)).toThrow(SyntaxError);
    const normal = await client.chat.completions.create(weatherAsk);
    const normalCall = normal.choices[0]?.message.tool_calls?.[0];
    const normalArgs = normalCall?.type === "function" ? normalCall.function.arguments : "";
    expect(args).toBe(normalArgs.replaceAll('"', "'"));
    expect(whole.usage?.completion_tokens).toBeGreaterThan(0);
    const { chunks } = await consume(await client.chat.completions.create({ ...weatherAsk, stream: true }, withFault("bad-tool-args")));
    const streamed = chunks.map((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? "").join("");
    expect(streamed).toBe(args);
  });

  it("schema-mismatch: JSON output and tool arguments that parse but do not match their schema", async () => {
    const { client } = faultClient();
    const schema = weatherTool.function.parameters ?? {};
    const structured = await client.chat.completions.create(
      { model, messages: [user("Weather as JSON")], response_format: { type: "json_schema", json_schema: { name: "weather", schema, strict: true } } },
      withFault("schema-mismatch"),
    );
    const output: unknown = JSON.parse(structured.choices[0]?.message.content ?? "");
    expect(() => expectValidJson(schema, output)).toThrow(/must be string/u);
    const called = await client.chat.completions.create(weatherAsk, withFault("schema-mismatch"));
    const call = called.choices[0]?.message.tool_calls?.[0];
    const args: unknown = JSON.parse(call?.type === "function" ? call.function.arguments : "");
    expect(() => expectValidJson(schema, args)).toThrow();
    const normal = await client.chat.completions.create(weatherAsk);
    const normalCall = normal.choices[0]?.message.tool_calls?.[0];
    expectValidJson(schema, JSON.parse(normalCall?.type === "function" ? normalCall.function.arguments : ""));
  });
});
