import { describe, expect, it, jest } from "@jest/globals";
import OpenAI from "openai";
import { rawRequest, user, weatherTool } from "./__tests__/helpers.js";
import { expectValidJson } from "./__tests__/json-schema.js";
import { createEmulator, type Emulator } from "./index.js";
import { createFaultState, FAULT_KINDS, parseFaults, planFaults, readFaults, splitModelFault, type KeyedFault } from "./faults.js";
import { splitInsideCharacter } from "./faults-apply.js";

const model = "gpt-4o-mini";
const FAULT = "x-emulator-fault";
type Chunk = OpenAI.ChatCompletionChunk;

/** An SDK client on a fresh in-process emulator, counting the attempts that reach the emulator. */
function faultClient(options: { maxRetries?: number; timeout?: number } = {}) {
  const emulator = createEmulator();
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const client = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "test-key", fetch, maxRetries: options.maxRetries ?? 0, timeout: options.timeout });
  return { client, emulator, attempts: () => attempts };
}

const withFault = (fault: string) => ({ headers: { [FAULT]: fault } });
const ask = (content = "Tell me something") => ({ model, messages: [user(content)] });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Reads an SDK stream to its end or its error, keeping the chunks that arrived first. */
async function consume(stream: AsyncIterable<Chunk>): Promise<{ chunks: Chunk[]; text: string; error: unknown }> {
  const chunks: Chunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, text: textOf(chunks), error: undefined };
  } catch (error) {
    return { chunks, text: textOf(chunks), error };
  }
}

function textOf(chunks: Chunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
}

/** The raw SSE events of a faulty stream (no framing checks: faults break the framing on purpose). */
async function rawEvents(emulator: Emulator, fault: string, body: Record<string, unknown> = {}): Promise<string[]> {
  const response = await rawRequest(emulator, "/v1/chat/completions", { body: { ...ask(), stream: true, ...body }, headers: { [FAULT]: fault } });
  const text = await response.text();
  return text.split("\n\n").filter((event) => event !== "");
}

type ServerClient = (options?: { maxRetries?: number; timeout?: number }) => OpenAI;

/** Runs with an emulator served over real HTTP, giving SDK clients that use Node's own fetch (and count attempts). */
async function withServer<T>(run: (client: ServerClient, attempts: () => number) => Promise<T>): Promise<T> {
  const server = await createEmulator().listen();
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return globalThis.fetch(input, init);
  };
  try {
    const client: ServerClient = (options = {}) =>
      new OpenAI({ baseURL: server.url, apiKey: "test-key", fetch, maxRetries: options.maxRetries ?? 0, timeout: options.timeout });
    return await run(client, () => attempts);
  } finally {
    await server.close();
  }
}

// Node's fetch errors come from the host realm, not the test's vm realm, so they are recognised by name.
const nameOf = (error: unknown) => (error as { name?: unknown } | undefined)?.name;

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
    const error = await caught(client.chat.completions.create(ask(), withFault("429")));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const typed = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(typed).toMatchObject({ status: 429, type: "tokens", code: "rate_limit_exceeded", param: null });
    expect(typed.message).toMatch(
      /^429 Rate limit reached for gpt-4o-mini in organization org-emulator on tokens per min \(TPM\): Limit 200000, Used 200000, Requested \d+\. Please try again in 20ms\. Visit https:\/\/platform\.openai\.com\/account\/rate-limits to learn more\.$/u,
    );
    expect(typed.headers?.get("retry-after")).toBe("1");
    expect(typed.headers?.get("retry-after-ms")).toBe("20");
    expect(typed.headers?.get("x-should-retry")).toBeNull();
    expect(typed.requestID).toMatch(/^req_[0-9a-f]{32}$/);
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

  it("400 and 401 are not retried; 401 shows the key redacted", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const bad = await caught(client.chat.completions.create(ask(), withFault("400")));
    expect(bad).toBeInstanceOf(OpenAI.BadRequestError);
    expect(bad).toMatchObject({ status: 400, type: "invalid_request_error", code: null, param: null });
    const unauthorized = await caught(client.chat.completions.create(ask(), withFault("401")));
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unauthorized).toMatchObject({ status: 401, type: "invalid_request_error", code: "invalid_api_key" });
    expect((unauthorized as Error).message).toBe("401 Incorrect API key provided: te****ey. You can find your API key at https://platform.openai.com/account/api-keys.");
    expect(attempts()).toBe(2);
  });

  it("sequences faults: 429*1,500*1 answers 429, then 500, then normally", async () => {
    const { emulator } = faultClient();
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) {
      statuses.push((await rawRequest(emulator, "/v1/chat/completions", { body: ask(), headers: { [FAULT]: "429*1,500*1" } })).status);
    }
    expect(statuses).toEqual([429, 500, 200]);
  });

  it("random faults are a fixed sequence per seed and emulator", async () => {
    const run = async (spec: string) => {
      const { emulator } = faultClient();
      const statuses: number[] = [];
      for (let index = 0; index < 16; index++) {
        statuses.push((await rawRequest(emulator, "/v1/chat/completions", { body: ask(), headers: { [FAULT]: spec } })).status);
      }
      return statuses;
    };
    const first = await run("500@0.5;seed=7");
    expect(await run("500@0.5;seed=7")).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run("500@0.5;seed=8")).not.toEqual(first);
    expect(new Set(await run("500@0;seed=7"))).toEqual(new Set([200]));
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

describe("timeouts", () => {
  it("timeout:ms=N answers normally, after N ms", async () => {
    const { client } = faultClient();
    const started = performance.now();
    const completion = await client.chat.completions.create(ask(), withFault("timeout:ms=60"));
    // A lower bound only: timers never fire early, so this cannot flake.
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(completion.choices).toHaveLength(1);
  });

  it("timeout hangs in-process too: the emulator's fetch rejects when the client's timeout aborts it", async () => {
    const { client } = faultClient({ maxRetries: 0, timeout: 80 });
    const error = await caught(client.chat.completions.create(ask(), withFault("timeout")));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error).toMatchObject({ status: undefined });
  });

  it("timeout hangs before the headers until the client gives up (over HTTP): the SDK times out, retries, then throws", async () => {
    await withServer(async (client, attempts) => {
      const started = performance.now();
      const error = await caught(client({ maxRetries: 1, timeout: 100 }).chat.completions.create(ask(), withFault("timeout")));
      // APIConnectionTimeoutError outside jest; here the abort's DOMException comes from the host realm, which the SDK
      // does not recognise as an Error, so it reports the base class. Either way: a connection error, not a status.
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(error).toMatchObject({ status: undefined });
      expect(attempts()).toBe(2);
      // Two attempts of 100 ms each, plus the SDK's backoff between them: a lower bound only.
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    });
  });
});

describe("stream faults (through the official SDK)", () => {
  it("disconnect:after=3: three chunks, then the connection error a reset gives (in-process)", async () => {
    const { client } = faultClient();
    const { chunks, error } = await consume(await client.chat.completions.create({ ...ask(), stream: true }, withFault("disconnect:after=3")));
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "terminated", cause: { code: "UND_ERR_SOCKET", message: "other side closed" } });
  });

  it("disconnect:after=3 over HTTP resets the connection after exactly three events", async () => {
    await withServer(async (client) => {
      const { chunks, error } = await consume(await client().chat.completions.create({ ...ask(), stream: true }, withFault("disconnect:after=3")));
      expect(chunks).toHaveLength(3);
      expect(nameOf(error)).toBe("TypeError");
      expect((error as Error).message).toBe("terminated");
    });
  });

  it("close:after=5: a clean end without [DONE], which the SDK takes silently (in-process and over HTTP)", async () => {
    const { client, emulator } = faultClient();
    const inProcess = await consume(await client.chat.completions.create({ ...ask(), stream: true }, withFault("close:after=5")));
    expect(inProcess).toMatchObject({ error: undefined });
    expect(inProcess.chunks).toHaveLength(5);
    const events = await rawEvents(emulator, "close:after=5");
    expect(events).toHaveLength(5);
    expect(events).not.toContain("data: [DONE]");
    await withServer(async (httpClient) => {
      const overHttp = await consume(await httpClient().chat.completions.create({ ...ask(), stream: true }, withFault("close:after=5")));
      expect(overHttp).toMatchObject({ error: undefined });
      expect(overHttp.chunks).toHaveLength(5);
    });
  });

  it("bad-json:after=3: the fourth event is cut JSON, and the SDK throws its SyntaxError", async () => {
    const { client, emulator } = faultClient();
    // The SDK logs the unparsable event to the console before throwing; keep the test output clean.
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const { chunks, error } = await consume(await client.chat.completions.create({ ...ask(), stream: true }, withFault("bad-json:after=3"))).finally(() => quiet.mockRestore());
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe("Error reading response: malformed server-sent event JSON.");
    const events = await rawEvents(emulator, "bad-json:after=3");
    expect(events[3]).toMatch(/^data: \{"id":"chatcmpl-/u);
    expect(() => JSON.parse(events[3]!.slice("data: ".length))).toThrow(SyntaxError);
    expect(events.at(-1)).toBe("data: [DONE]");
  });

  it("no-data-prefix:after=3: the fourth event lacks 'data: ', so a spec-following client drops it silently", async () => {
    const { client, emulator } = faultClient();
    const whole = await client.chat.completions.create(ask());
    const { chunks, text, error } = await consume(await client.chat.completions.create({ ...ask(), stream: true }, withFault("no-data-prefix:after=3")));
    expect(error).toBeUndefined();
    const events = await rawEvents(emulator, "no-data-prefix:after=3");
    const unprefixed = JSON.parse(events[3]!) as Chunk;
    expect(chunks).toHaveLength(events.length - 2);
    expect(text).toBe((whole.choices[0]?.message.content ?? "").replace(unprefixed.choices[0]?.delta.content ?? "?", ""));
  });

  it("error-event:after=3: an error data event after the 200 (then [DONE]), which the SDK throws as APIError", async () => {
    const { client, emulator } = faultClient();
    const { chunks, error } = await consume(await client.chat.completions.create({ ...ask(), stream: true }, withFault("error-event:after=3")));
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: undefined, type: "server_error", message: "The server experienced an error while processing your request. We apologize for the inconvenience!" });
    const events = await rawEvents(emulator, "error-event:after=3");
    expect(events.slice(3)).toEqual([`data: ${JSON.stringify({ error: { message: (error as Error).message, type: "server_error", param: null, code: null } })}`, "data: [DONE]"]);
  });

  it("a break after more events than the stream has fires just before [DONE]", async () => {
    const { emulator } = faultClient();
    const events = await rawEvents(emulator, "close:after=1000");
    expect(events.length).toBeGreaterThan(10);
    expect(events).not.toContain("data: [DONE]");
  });
});

describe("split-utf8", () => {
  async function rawChunks(emulator: Emulator, content: string): Promise<Uint8Array[]> {
    const response = await rawRequest(emulator, "/v1/chat/completions", { body: { ...ask(content), stream: true }, headers: { [FAULT]: "split-utf8" } });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    return chunks;
  }
  const endsInsideCharacter = (chunk: Uint8Array) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(chunk);
      return false;
    } catch {
      return true;
    }
  };

  it("cuts helpers' bytes inside the character", () => {
    const [head, tail] = splitInsideCharacter(new TextEncoder().encode("a🙂")) ?? [];
    expect(Array.from(head ?? [])).toEqual([0x61, 0xf0, 0x9f]);
    expect(Array.from(tail ?? [])).toEqual([0x99, 0x82]);
    expect(splitInsideCharacter(new TextEncoder().encode("ascii"))).toBeUndefined();
  });

  it("writes a multi-byte character in two pieces, which a correct client still decodes (in-process)", async () => {
    const { client, emulator } = faultClient();
    const chunks = await rawChunks(emulator, "Say 日本語 please");
    expect(chunks.some(endsInsideCharacter)).toBe(true);
    const joined = new TextDecoder().decode(Buffer.concat(chunks));
    expect(joined).toContain('"content":" 日本"');
    expect(joined).not.toContain("\ufffd");
    const { text } = await consume(await client.chat.completions.create({ ...ask("Say 日本語 please"), stream: true }, withFault("split-utf8")));
    expect(text).toContain('You said: "Say 日本語 please".');
    expect(text).not.toContain("🙂");
  });

  it("adds a character to split when the reply has none, and over HTTP the SDK decodes it", async () => {
    const { emulator } = faultClient();
    expect((await rawChunks(emulator, "plain ascii")).some(endsInsideCharacter)).toBe(true);
    await withServer(async (client) => {
      const { text, error } = await consume(await client().chat.completions.create({ ...ask("plain ascii"), stream: true }, withFault("split-utf8")));
      expect(error).toBeUndefined();
      expect(text.endsWith(" 🙂")).toBe(true);
      const whole = await client().chat.completions.create(ask("plain ascii"), withFault("split-utf8"));
      expect(whole.choices[0]?.message.content).toBe(text);
    });
  });
});

describe("slow", () => {
  it("waits ttft before the first event and 1000/tps ms before each token (fake timers)", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
    try {
      const { emulator } = faultClient();
      const response = await rawRequest(emulator, "/v1/chat/completions", { body: { ...ask(), stream: true }, headers: { [FAULT]: "slow:ttft=300,tps=50" } });
      const reader = response.body!.getReader();
      const settled = (promise: Promise<unknown>) => {
        const state = { done: false };
        void promise.then(() => (state.done = true));
        return state;
      };
      const role = settled(reader.read());
      await jest.advanceTimersByTimeAsync(299);
      expect(role.done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(role.done).toBe(true);
      for (let token = 0; token < 3; token++) {
        const next = settled(reader.read());
        await jest.advanceTimersByTimeAsync(19);
        expect(next.done).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        expect(next.done).toBe(true);
      }
      // The rest of the stream, one read and one token's time at a time: it still ends as usual.
      const rest: string[] = [];
      for (;;) {
        const read = reader.read();
        await jest.advanceTimersByTimeAsync(20);
        const { done, value } = await read;
        if (done) break;
        rest.push(new TextDecoder().decode(value));
      }
      expect(rest.at(-1)).toBe("data: [DONE]\n\n");
    } finally {
      jest.useRealTimers();
    }
  });

  it("is slow over HTTP and for a non-streamed answer (lower bounds only)", async () => {
    await withServer(async (client) => {
      let started = performance.now();
      const { chunks } = await consume(await client().chat.completions.create({ ...ask(), stream: true }, withFault("slow:ttft=80,tps=400")));
      const tokens = chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? "") !== "").length;
      expect(tokens).toBeGreaterThan(10);
      // The first token comes at ttft, each later one 2.5 ms after the one before. Lower bounds only (1 ms for rounding).
      expect(performance.now() - started).toBeGreaterThanOrEqual(80 + (tokens - 1) * 2.5 - 1);
      started = performance.now();
      const whole = await client().chat.completions.create(ask(), withFault("slow:ttft=80,tps=400"));
      expect(performance.now() - started).toBeGreaterThanOrEqual(80 + ((whole.usage?.completion_tokens ?? 0) * 1000) / 400 - 1);
    });
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

describe("non-streamed body faults", () => {
  it("disconnect resets mid-body; close and bad-json end cleanly after half the JSON", async () => {
    const { client } = faultClient();
    const reset = await caught(client.chat.completions.create(ask(), withFault("disconnect")));
    expect(reset).toMatchObject({ message: "terminated" });
    for (const fault of ["close", "bad-json"]) {
      expect(await caught(client.chat.completions.create(ask(), withFault(fault)))).toBeInstanceOf(SyntaxError);
    }
    // error-event and no-data-prefix are SSE faults: a non-streamed answer is unaffected.
    const untouched = await client.chat.completions.create(ask(), withFault("error-event,no-data-prefix"));
    expect(untouched.choices).toHaveLength(1);
  });

  it("split-utf8 writes the JSON body in two pieces cut inside a character", async () => {
    const { emulator } = faultClient();
    const response = await rawRequest(emulator, "/v1/chat/completions", { body: ask("café"), headers: { [FAULT]: "split-utf8" } });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    expect(chunks).toHaveLength(2);
    expect(Array.from(chunks[0]!.slice(-1))).toEqual([0xc3]);
    const body = JSON.parse(new TextDecoder().decode(Buffer.concat(chunks))) as OpenAI.ChatCompletion;
    expect(body.choices[0]?.message.content).toContain("café");
  });
});
