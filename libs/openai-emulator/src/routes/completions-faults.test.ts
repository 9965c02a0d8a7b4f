import { describe, expect, it, jest } from "@jest/globals";
import OpenAI, { AzureOpenAI } from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";
import { FAULT_KINDS } from "../faults.js";
import { createEmulator, type Emulator } from "../index.js";

// Fault injection on the legacy POST /v1/completions (and Azure's completions path): the same kinds and semantics as
// chat completions (faults.test.ts), on `text_completion` answers and chunks.

const model = "gpt-3.5-turbo-instruct";
const FAULT = "x-emulator-fault";
type Chunk = OpenAI.Completion;
type FetchArgs = [input: string | URL | Request, init?: RequestInit];

const withFault = (fault: string) => ({ headers: { [FAULT]: fault } });
const ask = (prompt = "Tell me something", extra: Partial<OpenAI.CompletionCreateParamsNonStreaming> = {}) => ({ model, prompt, max_tokens: 40, ...extra });

/** An SDK client on a fresh in-process emulator (created with `createTestClient`), counting the attempts that reach it. */
function faultClient(options: { maxRetries?: number; timeout?: number } = {}) {
  const { emulator } = createTestClient();
  let attempts = 0;
  const fetch = (...[input, init]: FetchArgs) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const client = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "test-key", fetch, maxRetries: options.maxRetries ?? 0, timeout: options.timeout });
  return { client, emulator, attempts: () => attempts };
}

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

function textOf(chunks: ReadonlyArray<Chunk>): string {
  return chunks.map((chunk) => chunk.choices[0]?.text ?? "").join("");
}

/** The raw SSE events of a faulty legacy stream (no framing checks: faults break the framing on purpose). */
async function rawEvents(emulator: Emulator, fault: string, body: Record<string, unknown> = {}): Promise<string[]> {
  const response = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), stream: true, ...body }, headers: { [FAULT]: fault } });
  const text = await response.text();
  return text.split("\n\n").filter((event) => event !== "");
}

/** The body of a response as the pieces it was written in. */
async function bodyPieces(response: Response): Promise<Uint8Array[]> {
  const reader = response.body!.getReader();
  const pieces: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) pieces.push(read.value);
  return pieces;
}

const endsInsideCharacter = (piece: Uint8Array) => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(piece);
    return false;
  } catch {
    return true;
  }
};

type ServerClient = (options?: { maxRetries?: number; timeout?: number }) => OpenAI;

/** Runs with an emulator served over real HTTP, giving SDK clients that use Node's own fetch (and count attempts). */
async function withServer<T>(run: (client: ServerClient, attempts: () => number) => Promise<T>): Promise<T> {
  const server = await createEmulator().listen();
  let attempts = 0;
  const fetch = (...[input, init]: FetchArgs) => {
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

describe("legacy completions: HTTP faults (OpenAI's bodies and headers, through the official SDK)", () => {
  it("429: RateLimitError naming the model and the tokens a legacy request asks for, with retry-after headers", async () => {
    const { client } = faultClient();
    const normal = await client.completions.create(ask());
    const error = await caught(client.completions.create(ask(), withFault("429")));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const typed = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(typed).toMatchObject({ status: 429, type: "tokens", code: "rate_limit_exceeded", param: null });
    expect(typed.message).toBe(
      `429 Rate limit reached for ${model} in organization org-emulator on tokens per min (TPM): Limit 200000, Used 200000, ` +
        `Requested ${(normal.usage?.prompt_tokens ?? 0) + 40}. Please try again in 20ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    );
    expect(typed.headers?.get("retry-after")).toBe("1");
    expect(typed.headers?.get("retry-after-ms")).toBe("20");
    expect(typed.headers?.get("x-should-retry")).toBeNull();
    expect(typed.requestID).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it("429 counts every prompt plus max_tokens for each completion (prompts × best_of, or n)", async () => {
    const { client } = faultClient();
    const encoder = await loadEncoding("cl100k_base");
    const prompts = ["First prompt", "Second"];
    const promptTokens = encoder.encode(prompts[0]!).length + encoder.encode(prompts[1]!).length;
    const withN = await caught(client.completions.create({ model, prompt: prompts, max_tokens: 10, n: 2 }, withFault("429")));
    expect((withN as Error).message).toContain(`Requested ${promptTokens + 10 * 2 * 2}.`);
    const withBestOf = await caught(client.completions.create({ model, prompt: prompts, max_tokens: 10, n: 1, best_of: 3 }, withFault("429")));
    expect((withBestOf as Error).message).toContain(`Requested ${promptTokens + 10 * 2 * 3}.`);
  });

  it.each([
    ["quota", OpenAI.RateLimitError, { status: 429, type: "insufficient_quota", code: "insufficient_quota" }, /^429 You exceeded your current quota/u, 2],
    ["500", OpenAI.InternalServerError, { status: 500, type: "server_error", code: null }, /^500 The server had an error while processing your request\. Sorry about that!$/u, 2],
    ["503", OpenAI.InternalServerError, { status: 503, type: "server_error", code: null }, /^503 The engine is currently overloaded, please try again later$/u, 2],
    ["400", OpenAI.BadRequestError, { status: 400, type: "invalid_request_error", code: null, param: null }, /^400 The request was rejected as invalid/u, 1],
    ["401", OpenAI.AuthenticationError, { status: 401, code: "invalid_api_key" }, /^401 Incorrect API key provided: te\*\*\*\*ey\. /u, 1],
  ])("%s: the same error as on chat completions, retried by the SDK as the real one would be", async (kind, ErrorClass, fields, message, attempts) => {
    const { client, attempts: made } = faultClient({ maxRetries: 1 });
    const error = await caught(client.completions.create(ask(), withFault(`${kind}:retry-after-ms=1`)));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject(fields);
    expect((error as Error).message).toMatch(message);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after-ms")).toBe("1");
    expect(made()).toBe(attempts);
  });

  it("500*1: the SDK's retry succeeds, streamed or not, and the fault is spent", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const completion = await client.completions.create(ask(), withFault("500*1:retry-after-ms=1"));
    expect(completion.choices[0]?.text).toContain("emulated gpt-3.5-turbo-instruct");
    expect(attempts()).toBe(2);
    await client.completions.create(ask(), withFault("500*1:retry-after-ms=1"));
    expect(attempts()).toBe(3);
    const streamed = faultClient({ maxRetries: 1 });
    const { text, error } = await consume(await streamed.client.completions.create({ ...ask(), stream: true }, withFault("500*1:retry-after-ms=1")));
    expect(error).toBeUndefined();
    expect(text).toBe(completion.choices[0]?.text);
    expect(streamed.attempts()).toBe(2);
  });

  it("sequences faults: 429*1,500*1 answers 429, then 500, then normally", async () => {
    const { emulator } = faultClient();
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) {
      statuses.push((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "429*1,500*1" } })).status);
    }
    expect(statuses).toEqual([429, 500, 200]);
  });

  it("takes the fault from a model suffix and answers with the real model", async () => {
    const { client, attempts } = faultClient();
    const suffixed = { ...ask(), model: `${model}+fault=429*1:retry-after-ms=1` };
    const error = await caught(client.completions.create(suffixed));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toContain(`Rate limit reached for ${model} in organization`);
    const completion = await client.completions.create(suffixed);
    expect(completion.model).toBe(model);
    expect(completion.choices[0]?.text).toBe((await client.completions.create(ask())).choices[0]?.text);
    expect(attempts()).toBe(3);
    const unknown = await caught(client.completions.create({ ...ask(), model: `${model}+fault=nope` }));
    expect(unknown).toMatchObject({ status: 400, param: "model", code: "invalid_emulator_fault" });
  });

  it("random faults are a fixed sequence per seed and emulator", async () => {
    const run = async (spec: string) => {
      const { emulator } = faultClient();
      const statuses: number[] = [];
      for (let index = 0; index < 16; index++) {
        statuses.push((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: spec } })).status);
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

  it("counts per x-emulator-scope and records the faults that fired in the journal", async () => {
    const { emulator } = faultClient();
    const send = (scope: string) => rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1", "x-emulator-scope": scope } });
    const statuses = [(await send("a")).status, (await send("b")).status, (await send("a")).status];
    expect(statuses).toEqual([500, 500, 200]);
    await emulator.journal.settled();
    expect(emulator.journal.entries().map((entry) => [entry.scope, entry.response.status, entry.faults])).toEqual([
      ["a", 500, ["500*1"]],
      ["b", 500, ["500*1"]],
      ["a", 200, []],
    ]);
  });

  it("applies to requests that pass validation: a bad request keeps its real 400 and spends no count", async () => {
    const { emulator } = faultClient();
    const invalid = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), logprobs: 6 }, headers: { [FAULT]: "500*1" } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { param: "logprobs" } });
    const chatModel = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), model: "gpt-4o-mini" }, headers: { [FAULT]: "500*1" } });
    expect(chatModel.status).toBe(404);
    expect((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(500);
    expect((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(200);
  });
});

describe("legacy completions: timeouts", () => {
  it("timeout:ms=N answers normally after N ms, streamed or not", async () => {
    const { client } = faultClient();
    let started = performance.now();
    const completion = await client.completions.create(ask(), withFault("timeout:ms=60"));
    // Lower bounds only: timers never fire early, so these cannot flake.
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(completion.choices).toHaveLength(1);
    started = performance.now();
    const { text } = await consume(await client.completions.create({ ...ask(), stream: true }, withFault("timeout:ms=60")));
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(text).toBe(completion.choices[0]?.text);
  });

  it("timeout hangs in-process: the emulator's fetch rejects when the client's timeout aborts it", async () => {
    const { client } = faultClient({ timeout: 80 });
    const error = await caught(client.completions.create(ask(), withFault("timeout")));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error).toMatchObject({ status: undefined });
  });

  it("timeout hangs before the headers until the client gives up (over HTTP): the SDK times out, retries, then throws", async () => {
    await withServer(async (client, attempts) => {
      const started = performance.now();
      const error = await caught(client({ maxRetries: 1, timeout: 100 }).completions.create({ ...ask(), stream: true }, withFault("timeout")));
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(error).toMatchObject({ status: undefined });
      expect(attempts()).toBe(2);
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    });
  });
});

describe("legacy completions: stream faults (through the official SDK)", () => {
  it("disconnect:after=3: three text chunks, then the connection error a reset gives (in-process)", async () => {
    const { client } = faultClient();
    const { chunks, error } = await consume(await client.completions.create({ ...ask(), stream: true }, withFault("disconnect:after=3")));
    expect(chunks).toHaveLength(3);
    expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "terminated", cause: { code: "UND_ERR_SOCKET", message: "other side closed" } });
  });

  it("disconnect:after=3 over HTTP resets the connection after exactly three events", async () => {
    await withServer(async (client) => {
      const { chunks, error } = await consume(await client().completions.create({ ...ask(), stream: true }, withFault("disconnect:after=3")));
      expect(chunks).toHaveLength(3);
      expect(nameOf(error)).toBe("TypeError");
      expect((error as Error).message).toBe("terminated");
    });
  });

  it("close:after=5: a clean end without [DONE], which the SDK takes silently (in-process and over HTTP)", async () => {
    const { client, emulator } = faultClient();
    const inProcess = await consume(await client.completions.create({ ...ask(), stream: true }, withFault("close:after=5")));
    expect(inProcess).toMatchObject({ error: undefined });
    expect(inProcess.chunks).toHaveLength(5);
    const events = await rawEvents(emulator, "close:after=5");
    expect(events).toHaveLength(5);
    expect(events).not.toContain("data: [DONE]");
    await withServer(async (httpClient) => {
      const overHttp = await consume(await httpClient().completions.create({ ...ask(), stream: true }, withFault("close:after=5")));
      expect(overHttp).toMatchObject({ error: undefined });
      expect(overHttp.chunks).toHaveLength(5);
    });
  });

  it("bad-json:after=3: the fourth event is cut JSON, and the SDK throws its SyntaxError", async () => {
    const { client, emulator } = faultClient();
    // The SDK logs the unparsable event to the console before throwing; keep the test output clean.
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const { chunks, error } = await consume(await client.completions.create({ ...ask(), stream: true }, withFault("bad-json:after=3"))).finally(() => quiet.mockRestore());
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toBe("Error reading response: malformed server-sent event JSON.");
    const events = await rawEvents(emulator, "bad-json:after=3");
    expect(events[3]).toMatch(/^data: \{"id":"cmpl-/u);
    expect(() => JSON.parse(events[3]!.slice("data: ".length))).toThrow(SyntaxError);
    expect(events.at(-1)).toBe("data: [DONE]");
  });

  it("no-data-prefix:after=3: the fourth event lacks 'data: ', so a spec-following client drops it silently", async () => {
    const { client, emulator } = faultClient();
    const whole = (await client.completions.create(ask())).choices[0]?.text ?? "";
    const { chunks, error } = await consume(await client.completions.create({ ...ask(), stream: true }, withFault("no-data-prefix:after=3")));
    expect(error).toBeUndefined();
    const events = await rawEvents(emulator, "no-data-prefix:after=3");
    expect(events[3]).toMatch(/^\{"id":"cmpl-/u);
    const dropped = (JSON.parse(events[3]!) as Chunk).choices[0]?.text ?? "";
    expect(dropped).not.toBe("");
    expect(chunks).toHaveLength(events.length - 2);
    expect(textOf(chunks.slice(0, 3)) + dropped + textOf(chunks.slice(3))).toBe(whole);
  });

  it("error-event:after=3: an error data event after the 200 (then [DONE]), which the SDK throws as APIError", async () => {
    const { client, emulator } = faultClient();
    const { chunks, error } = await consume(await client.completions.create({ ...ask(), stream: true }, withFault("error-event:after=3")));
    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: undefined, type: "server_error", message: "The server experienced an error while processing your request. We apologize for the inconvenience!" });
    const events = await rawEvents(emulator, "error-event:after=3");
    expect(events.slice(3)).toEqual([`data: ${JSON.stringify({ error: { message: (error as Error).message, type: "server_error", param: null, code: null } })}`, "data: [DONE]"]);
  });

  it("a break after more events than the stream has fires just before [DONE], after the usage chunk", async () => {
    const { emulator } = faultClient();
    const events = await rawEvents(emulator, "close:after=1000", { stream_options: { include_usage: true } });
    expect(events.length).toBeGreaterThan(10);
    expect(events).not.toContain("data: [DONE]");
    expect(JSON.parse(events.at(-1)!.slice("data: ".length))).toMatchObject({ choices: [], usage: { completion_tokens: 40 } });
  });
});

describe("legacy completions: non-streamed body faults", () => {
  it("disconnect resets mid-body; close and bad-json end cleanly after half the JSON; SSE-only faults leave it alone", async () => {
    const { client } = faultClient();
    const reset = await caught(client.completions.create(ask(), withFault("disconnect")));
    expect(reset).toMatchObject({ message: "terminated", cause: { code: "UND_ERR_SOCKET" } });
    for (const fault of ["close", "bad-json"]) {
      expect(await caught(client.completions.create(ask(), withFault(fault)))).toBeInstanceOf(SyntaxError);
    }
    const untouched = await client.completions.create(ask(), withFault("error-event,no-data-prefix"));
    expect(untouched.choices[0]?.text).toBe((await client.completions.create(ask())).choices[0]?.text);
  });

  it("disconnect over HTTP drops the connection in the middle of the JSON", async () => {
    await withServer(async (client) => {
      const error = await caught(client().completions.create(ask(), withFault("disconnect")));
      expect(nameOf(error)).toBe("TypeError");
      expect((error as Error).message).toBe("terminated");
    });
  });
});

describe("legacy completions: split-utf8", () => {
  it("writes each event holding a multi-byte character in two pieces, which the SDK still decodes (in-process)", async () => {
    const { client, emulator } = faultClient();
    const body = { ...ask("Say 日本語 please", { max_tokens: 200 }), stream: true as const };
    const response = await rawRequest(emulator, "/v1/completions", { body, headers: { [FAULT]: "split-utf8" } });
    const pieces = await bodyPieces(response);
    expect(pieces.some(endsInsideCharacter)).toBe(true);
    const joined = new TextDecoder().decode(Buffer.concat(pieces));
    expect(joined).toMatch(/"text":" ?日/u);
    expect(joined).not.toContain("\ufffd");
    const { text } = await consume(await client.completions.create(body, withFault("split-utf8")));
    expect(text).toContain('"Say 日本語 please"');
    // The reply already has characters to split: nothing is added.
    expect(text).not.toContain("🙂");
  });

  it("adds a character to split when the text has none, counted in usage and logprobs, and over HTTP the SDK decodes it", async () => {
    const { client, emulator } = faultClient();
    const plain = (await client.completions.create(ask("plain ascii"))).choices[0]?.text ?? "";
    expect((await bodyPieces(await rawRequest(emulator, "/v1/completions", { body: { ...ask("plain ascii"), stream: true }, headers: { [FAULT]: "split-utf8" } }))).some(endsInsideCharacter)).toBe(true);
    const scored = await client.completions.create(ask("plain ascii", { logprobs: 1 }), withFault("split-utf8"));
    const encoder = await loadEncoding("cl100k_base");
    expect(scored.choices[0]?.text).toBe(`${plain} 🙂`);
    expect(scored.usage?.completion_tokens).toBe(encoder.encode(`${plain} 🙂`).length);
    expect(scored.choices[0]?.logprobs?.tokens).toHaveLength(scored.usage?.completion_tokens ?? -1);
    await withServer(async (httpClient) => {
      const { text, error } = await consume(await httpClient().completions.create({ ...ask("plain ascii"), stream: true }, withFault("split-utf8")));
      expect(error).toBeUndefined();
      expect(text).toBe(`${plain} 🙂`);
      const whole = await httpClient().completions.create(ask("plain ascii"), withFault("split-utf8"));
      expect(whole.choices[0]?.text).toBe(text);
    });
  });

  it("counts an echoed prompt as sent text: its multi-byte character is split and nothing is added", async () => {
    const { emulator } = faultClient();
    const body = { ...ask("café", { max_tokens: 3, echo: true }), stream: true };
    const pieces = await bodyPieces(await rawRequest(emulator, "/v1/completions", { body, headers: { [FAULT]: "split-utf8" } }));
    expect(pieces.some(endsInsideCharacter)).toBe(true);
    const joined = new TextDecoder().decode(Buffer.concat(pieces));
    expect(joined).toContain('"text":"café"');
    expect(joined).not.toContain("🙂");
  });

  it("writes a non-streamed JSON body in two pieces cut inside a character", async () => {
    const { emulator } = faultClient();
    const response = await rawRequest(emulator, "/v1/completions", { body: ask("café", { max_tokens: 200 }), headers: { [FAULT]: "split-utf8" } });
    const pieces = await bodyPieces(response);
    expect(pieces).toHaveLength(2);
    expect(Array.from(pieces[0]!.slice(-1))).toEqual([0xc3]);
    const completion = JSON.parse(new TextDecoder().decode(Buffer.concat(pieces))) as OpenAI.Completion;
    expect(completion.choices[0]?.text).toContain('"café"');
  });
});

describe("legacy completions: slow", () => {
  it("waits ttft before the first chunk and 1000/tps ms before each text chunk (fake timers)", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
    try {
      const { emulator } = faultClient();
      const response = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), stream: true }, headers: { [FAULT]: "slow:ttft=300,tps=50" } });
      const reader = response.body!.getReader();
      const settled = (promise: Promise<unknown>) => {
        const state = { done: false };
        void promise.then(() => (state.done = true));
        return state;
      };
      const first = settled(reader.read());
      await jest.advanceTimersByTimeAsync(299);
      expect(first.done).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(first.done).toBe(true);
      // Legacy chunks carry their token in `text`: each waits one token's time.
      for (let token = 0; token < 3; token++) {
        const next = settled(reader.read());
        await jest.advanceTimersByTimeAsync(19);
        expect(next.done).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        expect(next.done).toBe(true);
      }
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
      const { chunks } = await consume(await client().completions.create({ ...ask(), stream: true }, withFault("slow:ttft=80,tps=400")));
      const tokens = chunks.filter((chunk) => (chunk.choices[0]?.text ?? "") !== "").length;
      expect(tokens).toBeGreaterThan(10);
      expect(performance.now() - started).toBeGreaterThanOrEqual(80 + (tokens - 1) * 2.5 - 1);
      started = performance.now();
      const whole = await client().completions.create(ask(), withFault("slow:ttft=80,tps=400"));
      expect(performance.now() - started).toBeGreaterThanOrEqual(80 + ((whole.usage?.completion_tokens ?? 0) * 1000) / 400 - 1);
    });
  });
});

describe("legacy completions: faults with nothing to act on", () => {
  const applicable = FAULT_KINDS.filter((kind) => kind !== "bad-tool-args" && kind !== "schema-mismatch").join(", ");

  it.each(["bad-tool-args", "schema-mismatch"])("%s is refused with the emulator's 400 naming the fault and the endpoint, not silently ignored", async (kind) => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const error = await caught(client.completions.create(ask(), withFault(kind)));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", code: "invalid_emulator_fault", param: null });
    const message = (error as Error).message;
    expect(message).toContain(`400 Invalid emulator fault in the x-emulator-fault header: '${kind}' cannot apply to POST /v1/completions: `);
    expect(message).toContain("(use /v1/chat/completions)");
    expect(message).toContain(`Faults that apply there: ${applicable}.`);
    expect(message).toContain("comes from the OpenAI emulator's fault injection, not from the OpenAI API");
    expect(attempts()).toBe(1);
    const streamed = await caught(client.completions.create({ ...ask(), stream: true }, withFault(kind)));
    expect(streamed).toMatchObject({ status: 400, code: "invalid_emulator_fault" });
  });

  it("refuses them whatever the trigger, and from the model suffix with param 'model'", async () => {
    const { client } = faultClient();
    for (let request = 0; request < 2; request++) {
      expect(await caught(client.completions.create(ask(), withFault("bad-tool-args*1")))).toMatchObject({ status: 400, code: "invalid_emulator_fault" });
    }
    const random = await caught(client.completions.create(ask(), withFault("schema-mismatch@0.01;seed=3")));
    expect((random as Error).message).toContain("'schema-mismatch@0.01,seed=3' cannot apply to POST /v1/completions");
    const suffixed = await caught(client.completions.create({ ...ask(), model: `${model}+fault=slow:ttft=1;schema-mismatch` }));
    expect(suffixed).toMatchObject({ status: 400, param: "model", code: "invalid_emulator_fault" });
    expect((suffixed as Error).message).toContain("Invalid emulator fault in the model name suffix '+fault=': 'schema-mismatch' cannot apply");
  });

  it("refuses before any counter advances, so the other faults of the request are not spent", async () => {
    const { emulator } = faultClient();
    const refused = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), model: `${model}+fault=bad-tool-args` }, headers: { [FAULT]: "500*1" } });
    expect(refused.status).toBe(400);
    expect((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(500);
  });
});

describe("legacy completions on Azure's path", () => {
  function azureClient(emulator: Emulator, maxRetries = 0) {
    let attempts = 0;
    const fetch = (...[input, init]: FetchArgs) => {
      attempts++;
      return emulator.fetch(input, init);
    };
    const client = new AzureOpenAI({ endpoint: "http://emulator.test", apiKey: "azure-key", apiVersion: "2024-10-21", deployment: "gpt-35-turbo-instruct", fetch, maxRetries });
    return { client, attempts: () => attempts };
  }
  const azureAsk = { ...ask(), model: "gpt-35-turbo-instruct" };

  it("answers the fault header with the same errors, naming the model and redacting the api-key", async () => {
    const emulator = createEmulator();
    const { client } = azureClient(emulator);
    const limited = await caught(client.completions.create(azureAsk, withFault("429")));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as Error).message).toContain(`Rate limit reached for ${model} in organization org-emulator`);
    const unauthorized = await caught(client.completions.create(azureAsk, withFault("401")));
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((unauthorized as Error).message).toContain("Incorrect API key provided: az*****ey.");
    const refused = await caught(client.completions.create(azureAsk, withFault("bad-tool-args")));
    expect(refused).toMatchObject({ status: 400, code: "invalid_emulator_fault" });
  });

  it("lets the SDK retry a counted fault to success, and breaks Azure streams the same way", async () => {
    const emulator = createEmulator();
    const { client, attempts } = azureClient(emulator, 1);
    const completion = await client.completions.create(azureAsk, withFault("500*1:retry-after-ms=1"));
    expect(completion).toMatchObject({ object: "text_completion", model });
    expect(attempts()).toBe(2);
    const { chunks, error } = await consume(await client.completions.create({ ...azureAsk, stream: true }, withFault("disconnect:after=3")));
    expect(chunks).toHaveLength(3);
    expect(error).toMatchObject({ message: "terminated" });
  });
});
