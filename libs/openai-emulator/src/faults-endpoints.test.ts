import { describe, expect, it, jest } from "@jest/globals";
import OpenAI from "openai";
import {
  askChat,
  askCompletion,
  bodyPieces,
  caught,
  chatChunkText,
  completionChunkText,
  consume,
  endsInsideCharacter,
  expectNextReadAfter,
  faultClient,
  FAULT,
  nameOf,
  rawEvents,
  withFault,
  withServer,
} from "./__tests__/fault-helpers.js";
import { rawRequest } from "./__tests__/helpers.js";
import type { Emulator } from "./index.js";

// Fault injection that behaves the same on chat completions and on the legacy completions endpoint: each test runs once
// per endpoint. What only one endpoint has stays in faults.test.ts (chat) and routes/completions-faults.test.ts (legacy).

type Body = Record<string, unknown>;
type Chunk = OpenAI.ChatCompletionChunk | OpenAI.Completion;
type Answer = OpenAI.ChatCompletion | OpenAI.Completion;
type Options = ReturnType<typeof withFault>;

interface FaultEndpoint {
  /** How test titles name the endpoint. */
  name: string;
  path: string;
  /** The `object` of its stream chunks, the start of their ids, and the JSON key that carries their text. */
  chunkObject: string;
  idPrefix: string;
  textKey: string;
  /** The first token of " 日本語" in the model's encoding (o200k_base for gpt-4o-mini, cl100k_base for the instruct model). */
  japaneseToken: string;
  /** A request body (not streamed) saying `content`. */
  ask(content?: string): Body;
  /** Sends `body` through the SDK, not streamed / streamed. */
  create(client: OpenAI, body: Body, options?: Options): Promise<Answer>;
  stream(client: OpenAI, body: Body, options?: Options): Promise<AsyncIterable<Chunk>>;
  /** The text an answer / a stream chunk carries. */
  answerText(answer: Answer): string;
  chunkText(chunk: Chunk): string;
}

const endpoints: FaultEndpoint[] = [
  {
    name: "chat completions",
    path: "/v1/chat/completions",
    chunkObject: "chat.completion.chunk",
    idPrefix: "chatcmpl-",
    textKey: "content",
    japaneseToken: " 日本",
    ask: askChat,
    create: (client, body, options) => client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options),
    stream: (client, body, options) => client.chat.completions.create({ ...(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming), stream: true }, options),
    answerText: (answer) => (answer as OpenAI.ChatCompletion).choices[0]?.message.content ?? "",
    chunkText: (chunk) => chatChunkText(chunk as OpenAI.ChatCompletionChunk),
  },
  {
    name: "legacy completions",
    path: "/v1/completions",
    chunkObject: "text_completion",
    idPrefix: "cmpl-",
    textKey: "text",
    japaneseToken: " 日",
    ask: askCompletion,
    create: (client, body, options) => client.completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, options),
    stream: (client, body, options) => client.completions.create({ ...(body as unknown as OpenAI.CompletionCreateParamsNonStreaming), stream: true }, options),
    answerText: (answer) => (answer as OpenAI.Completion).choices[0]?.text ?? "",
    chunkText: (chunk) => completionChunkText(chunk as OpenAI.Completion),
  },
];

describe.each(endpoints)("faults on $name (POST $path)", (endpoint) => {
  const { ask, path } = endpoint;
  const create = (client: OpenAI, body: Body, fault?: string) => endpoint.create(client, body, fault === undefined ? undefined : withFault(fault));
  const stream = async (client: OpenAI, fault: string, body: Body = ask()) => consume(await endpoint.stream(client, body, withFault(fault)), endpoint.chunkText);
  const textOf = (chunks: Chunk[]) => chunks.map(endpoint.chunkText).join("");

  describe("HTTP faults", () => {
    it("sequences faults: 429*1,500*1 answers 429, then 500, then normally", async () => {
      const { emulator } = faultClient();
      const statuses: number[] = [];
      for (let index = 0; index < 3; index++) {
        statuses.push((await rawRequest(emulator, path, { body: ask(), headers: { [FAULT]: "429*1,500*1" } })).status);
      }
      expect(statuses).toEqual([429, 500, 200]);
    });

    it("random faults are a fixed sequence per seed and emulator", async () => {
      const run = async (spec: string) => {
        const { emulator } = faultClient();
        const statuses: number[] = [];
        for (let index = 0; index < 16; index++) {
          statuses.push((await rawRequest(emulator, path, { body: ask(), headers: { [FAULT]: spec } })).status);
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
  });

  describe("timeouts", () => {
    it("timeout:ms=N answers normally after N ms, streamed or not", async () => {
      const { client } = faultClient();
      let started = performance.now();
      const answer = await create(client, ask(), "timeout:ms=60");
      // Lower bounds only: timers never fire early, so these cannot flake.
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
      expect(answer.choices).toHaveLength(1);
      started = performance.now();
      const { text } = await stream(client, "timeout:ms=60");
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
      expect(text).toBe(endpoint.answerText(answer));
    });

    it("timeout hangs in-process too: the emulator's fetch rejects when the client's timeout aborts it", async () => {
      const { client } = faultClient({ maxRetries: 0, timeout: 80 });
      const error = await caught(create(client, ask(), "timeout"));
      expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
      expect(error).toMatchObject({ status: undefined });
    });

    it("timeout hangs before the headers until the client gives up (over HTTP, streamed or not): the SDK times out, retries, then throws", async () => {
      await withServer(async (client, attempts) => {
        for (const streamed of [false, true]) {
          const before = attempts();
          const started = performance.now();
          const sdk = client({ maxRetries: 1, timeout: 100 });
          const error = await caught(streamed ? endpoint.stream(sdk, ask(), withFault("timeout")) : create(sdk, ask(), "timeout"));
          // APIConnectionTimeoutError outside jest; here the abort's DOMException comes from the host realm, which the SDK
          // does not recognise as an Error, so it reports the base class. Either way: a connection error, not a status.
          expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
          expect(error).toMatchObject({ status: undefined });
          expect(attempts() - before).toBe(2);
          // Two attempts of 100 ms each, plus the SDK's backoff between them: a lower bound only.
          expect(performance.now() - started).toBeGreaterThanOrEqual(195);
        }
      });
    });
  });

  describe("stream faults (through the official SDK)", () => {
    it("disconnect:after=3: three chunks of the endpoint's kind, then the connection error a reset gives (in-process)", async () => {
      const { client } = faultClient();
      const { chunks, error } = await stream(client, "disconnect:after=3");
      expect(chunks).toHaveLength(3);
      expect(chunks.every((chunk) => chunk.object === endpoint.chunkObject)).toBe(true);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).toMatchObject({ message: "terminated", cause: { code: "UND_ERR_SOCKET", message: "other side closed" } });
    });

    it("disconnect:after=3 over HTTP resets the connection after exactly three events", async () => {
      await withServer(async (client) => {
        const { chunks, error } = await stream(client(), "disconnect:after=3");
        expect(chunks).toHaveLength(3);
        expect(nameOf(error)).toBe("TypeError");
        expect((error as Error).message).toBe("terminated");
      });
    });

    it("close:after=5: a clean end without [DONE], which the SDK takes silently (in-process and over HTTP)", async () => {
      const { client, emulator } = faultClient();
      const inProcess = await stream(client, "close:after=5");
      expect(inProcess).toMatchObject({ error: undefined });
      expect(inProcess.chunks).toHaveLength(5);
      const events = await rawEvents(emulator, path, ask(), "close:after=5");
      expect(events).toHaveLength(5);
      expect(events).not.toContain("data: [DONE]");
      await withServer(async (httpClient) => {
        const overHttp = await stream(httpClient(), "close:after=5");
        expect(overHttp).toMatchObject({ error: undefined });
        expect(overHttp.chunks).toHaveLength(5);
      });
    });

    it("bad-json:after=3: the fourth event is cut JSON, and the SDK throws its SyntaxError", async () => {
      const { client, emulator } = faultClient();
      // The SDK logs the unparsable event to the console before throwing; keep the test output clean.
      const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
      const { chunks, error } = await stream(client, "bad-json:after=3").finally(() => quiet.mockRestore());
      expect(chunks).toHaveLength(3);
      expect(error).toBeInstanceOf(SyntaxError);
      expect((error as Error).message).toBe("Error reading response: malformed server-sent event JSON.");
      const events = await rawEvents(emulator, path, ask(), "bad-json:after=3");
      expect(events[3]).toMatch(new RegExp(`^data: \\{"id":"${endpoint.idPrefix}`, "u"));
      expect(() => JSON.parse(events[3]!.slice("data: ".length))).toThrow(SyntaxError);
      expect(events.at(-1)).toBe("data: [DONE]");
    });

    it("no-data-prefix:after=3: the fourth event lacks 'data: ', so a spec-following client drops it silently", async () => {
      const { client, emulator } = faultClient();
      const whole = endpoint.answerText(await create(client, ask()));
      const { chunks, error } = await stream(client, "no-data-prefix:after=3");
      expect(error).toBeUndefined();
      const events = await rawEvents(emulator, path, ask(), "no-data-prefix:after=3");
      expect(events[3]).toMatch(new RegExp(`^\\{"id":"${endpoint.idPrefix}`, "u"));
      const dropped = endpoint.chunkText(JSON.parse(events[3]!) as Chunk);
      expect(dropped).not.toBe("");
      expect(chunks).toHaveLength(events.length - 2);
      expect(textOf(chunks.slice(0, 3)) + dropped + textOf(chunks.slice(3))).toBe(whole);
    });

    it("error-event:after=3: an error data event after the 200 (then [DONE]), which the SDK throws as APIError", async () => {
      const { client, emulator } = faultClient();
      const { chunks, error } = await stream(client, "error-event:after=3");
      expect(chunks).toHaveLength(3);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error).toMatchObject({ status: undefined, type: "server_error", message: "The server experienced an error while processing your request. We apologize for the inconvenience!" });
      const events = await rawEvents(emulator, path, ask(), "error-event:after=3");
      expect(events.slice(3)).toEqual([`data: ${JSON.stringify({ error: { message: (error as Error).message, type: "server_error", param: null, code: null } })}`, "data: [DONE]"]);
    });
  });

  describe("non-streamed body faults", () => {
    it("disconnect resets mid-body; close and bad-json end cleanly after half the JSON; SSE-only faults leave it alone", async () => {
      const { client } = faultClient();
      const reset = await caught(create(client, ask(), "disconnect"));
      expect(reset).toMatchObject({ message: "terminated", cause: { code: "UND_ERR_SOCKET" } });
      for (const fault of ["close", "bad-json"]) {
        expect(await caught(create(client, ask(), fault))).toBeInstanceOf(SyntaxError);
      }
      // error-event and no-data-prefix are SSE faults: a non-streamed answer is unaffected.
      const untouched = await create(client, ask(), "error-event,no-data-prefix");
      expect(untouched.choices).toHaveLength(1);
      expect(endpoint.answerText(untouched)).toBe(endpoint.answerText(await create(client, ask())));
    });
  });

  describe("split-utf8", () => {
    const rawPieces = async (emulator: Emulator, body: Body) => bodyPieces(await rawRequest(emulator, path, { body, headers: { [FAULT]: "split-utf8" } }));

    it("writes an event holding a multi-byte character in two pieces, which the SDK still decodes (in-process)", async () => {
      const { client, emulator } = faultClient();
      const pieces = await rawPieces(emulator, { ...ask("Say 日本語 please"), stream: true });
      expect(pieces.some(endsInsideCharacter)).toBe(true);
      const joined = new TextDecoder().decode(Buffer.concat(pieces));
      expect(joined).toContain(`"${endpoint.textKey}":"${endpoint.japaneseToken}"`);
      expect(joined).not.toContain("\ufffd");
      const { text } = await stream(client, "split-utf8", ask("Say 日本語 please"));
      expect(text).toContain('You said: "Say 日本語 please".');
      // The reply already has characters to split: nothing is added.
      expect(text).not.toContain("🙂");
    });

    it("adds a character to split when the reply has none, and over HTTP the SDK decodes it", async () => {
      const { client, emulator } = faultClient();
      const plain = endpoint.answerText(await create(client, ask("plain ascii")));
      expect((await rawPieces(emulator, { ...ask("plain ascii"), stream: true })).some(endsInsideCharacter)).toBe(true);
      await withServer(async (httpClient) => {
        const { text, error } = await stream(httpClient(), "split-utf8", ask("plain ascii"));
        expect(error).toBeUndefined();
        expect(text).toBe(`${plain} 🙂`);
        const whole = await create(httpClient(), ask("plain ascii"), "split-utf8");
        expect(endpoint.answerText(whole)).toBe(text);
      });
    });

    it("writes a non-streamed JSON body in two pieces cut inside a character", async () => {
      const { emulator } = faultClient();
      const pieces = await rawPieces(emulator, ask("café"));
      expect(pieces).toHaveLength(2);
      expect(Array.from(pieces[0]!.slice(-1))).toEqual([0xc3]);
      const answer = JSON.parse(new TextDecoder().decode(Buffer.concat(pieces))) as Answer;
      expect(endpoint.answerText(answer)).toContain('You said: "café".');
    });
  });

  describe("slow", () => {
    it("waits ttft before the first event and 1000/tps ms before each token (fake timers)", async () => {
      jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
      try {
        const { emulator } = faultClient();
        const response = await rawRequest(emulator, path, { body: { ...ask(), stream: true }, headers: { [FAULT]: "slow:ttft=300,tps=50" } });
        const reader = response.body!.getReader();
        // The first event (chat's role chunk, or legacy's first text chunk) comes at ttft.
        await expectNextReadAfter(reader, 300);
        // Each chunk carrying a token then waits one token's time.
        for (let token = 0; token < 3; token++) await expectNextReadAfter(reader, 20);
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
        const { chunks } = await stream(client(), "slow:ttft=80,tps=400");
        const tokens = chunks.filter((chunk) => endpoint.chunkText(chunk) !== "").length;
        expect(tokens).toBeGreaterThan(10);
        // The first token comes at ttft, each later one 2.5 ms after the one before. Lower bounds only (1 ms for rounding).
        expect(performance.now() - started).toBeGreaterThanOrEqual(80 + (tokens - 1) * 2.5 - 1);
        started = performance.now();
        const whole = await create(client(), ask(), "slow:ttft=80,tps=400");
        expect(performance.now() - started).toBeGreaterThanOrEqual(80 + ((whole.usage?.completion_tokens ?? 0) * 1000) / 400 - 1);
      });
    });
  });
});
