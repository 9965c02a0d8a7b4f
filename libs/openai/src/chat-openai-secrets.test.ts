import { describe, expect, it, jest } from "@jest/globals";
import { inspect } from "node:util";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { load } from "@langchain/core/load";
import { ChatOpenAI } from "./chat-openai.js";
import { AuthenticationError, ConfigurationError, InternalServerError, TesseraError } from "./errors/errors.js";
import { REDACTED_API_KEY, scrubApiKey } from "./internal/protect-api-key.js";
import { createTestModel, errorBody } from "./__tests__/test-model.js";

const KEY = "sk-proj-SECRETkey0123456789abcdefXYZ";
const SERVER = "http://emulator.test/v1";

/** Everything reachable from a value, as text: own properties (enumerable or not), stacks, causes, Headers, Maps. */
function everythingIn(value: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const visit = (current: unknown, depth: number): void => {
    if (typeof current === "string") return void parts.push(current);
    if (typeof current !== "object" || current === null || seen.has(current) || depth > 40) return;
    seen.add(current);
    if (current instanceof Headers) return current.forEach((header, name) => parts.push(name, header));
    if (current instanceof Map) return current.forEach((item, key) => (visit(key, depth + 1), visit(item, depth + 1)));
    for (const name of Object.getOwnPropertyNames(current)) {
      const descriptor = Object.getOwnPropertyDescriptor(current, name);
      if (descriptor && "value" in descriptor) visit(descriptor.value, depth + 1);
    }
  };
  visit(value, 0);
  if (value instanceof Error) parts.push(JSON.stringify(value), inspect(value, { depth: 20 }), String(value));
  return parts.join("\n");
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("the API key is refused before any request when a header cannot carry it", () => {
  it.each([
    ["a trailing newline", `${KEY}\n`, "a line break"],
    ["a carriage return inside", `sk-abc\rdef`, "a line break"],
    ["a control character", `sk-abc\u0007def`, "a control character"],
    ["a non-ASCII character", `sk-abc\u00e9def`, "a non-ASCII character"],
    ["a space", `sk-abc def`, "a space"],
  ])("refuses a key with %s, typed, naming the problem and the fix, without echoing the key", async (_label, badKey, problem) => {
    const { llm, requests } = createTestModel({ apiKey: badKey, maxRetries: 0 });
    for (const run of [() => llm.invoke("hi"), async () => (await llm.stream("hi")).next(), () => llm.batch(["hi"])]) {
      const error = await failure(run());
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain(problem);
      expect((error as Error).message).toContain("Copy the key again");
      const text = everythingIn(error);
      expect(text).not.toContain(badKey);
      expect(text).not.toContain("sk-abc");
      expect(text).not.toContain(KEY);
    }
    expect(requests).toHaveLength(0);
  });

  it("refuses a bad key from an async key provider, typed and without echoing it", async () => {
    const { llm, requests } = createTestModel({ apiKey: undefined, maxRetries: 0, configuration: { apiKey: async () => `${KEY}\nX` } });
    const error = await failure(llm.invoke("hi"));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(everythingIn(error)).not.toContain(KEY);
    expect(requests).toHaveLength(0);
  });
});

describe("a key the server echoes back is scrubbed from every error we surface", () => {
  it("scrubs a 401 that quotes the key in its message, body and headers", async () => {
    const { llm, answerNext } = createTestModel({ apiKey: KEY, maxRetries: 0 });
    answerNext({
      status: 401,
      body: { error: { ...errorBody(`Incorrect API key provided: ${KEY}.`, "invalid_request_error", "invalid_api_key").error, key: KEY } },
      headers: { "x-echo-authorization": `Bearer ${KEY}` },
    });
    const error = await failure(llm.invoke("hi"));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`Incorrect API key provided: ${REDACTED_API_KEY}.`);
    expect((error as TesseraError).headers["x-echo-authorization"]).toBe(`Bearer ${REDACTED_API_KEY}`);
    expect(everythingIn(error)).not.toContain(KEY);
  });

  it("scrubs a 5xx message through stream and batch", async () => {
    const { llm, answerNext } = createTestModel({ apiKey: KEY, maxRetries: 0 });
    answerNext({ status: 500, rawBody: `upstream said: key=${KEY}` }, { status: 500, body: { detail: `bad ${KEY}` } });
    const streamed = await failure((async () => (await llm.stream("hi")).next())());
    const batched = await failure(llm.batch(["hi"]));
    for (const error of [streamed, batched]) {
      expect(InternalServerError.isInstance(error)).toBe(true);
      expect(everythingIn(error)).not.toContain(KEY);
    }
  });

  it("scrubs an error event that quotes the key in the middle of a stream", async () => {
    const { llm, answerNext } = createTestModel({ apiKey: KEY, maxRetries: 0 });
    const chunk = { id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] };
    answerNext({ status: 200, rawSse: `data: ${JSON.stringify(chunk)}\n\ndata: ${JSON.stringify({ error: { message: `server error for ${KEY}`, type: "server_error" } })}\n\n` });
    const error = await failure(
      (async () => {
        for await (const _chunk of await llm.stream("hi")) void _chunk;
      })(),
    );
    expect(TesseraError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(REDACTED_API_KEY);
    expect(everythingIn(error)).not.toContain(KEY);
  });

  it("scrubApiKey walks the cause chain, bodies and Headers, and leaves other text alone", () => {
    const root = Object.assign(new Error(`root ${KEY}`), { error: { nested: [`a ${KEY} b`] }, headers: new Headers({ echo: KEY }) });
    const outer = new TesseraError(`outer ${KEY} outer`, { cause: root, headers: { echo: KEY } });
    scrubApiKey(outer, KEY);
    expect(outer.message).toBe(`outer ${REDACTED_API_KEY} outer`);
    expect(root.message).toBe(`root ${REDACTED_API_KEY}`);
    expect(root.error.nested[0]).toBe(`a ${REDACTED_API_KEY} b`);
    expect(everythingIn(outer)).not.toContain(KEY);
  });

  it("leaves errors alone for a placeholder key too short to be a secret (it would mangle ordinary words)", () => {
    const error = new TesseraError("It looks cut short; retrying may help.");
    scrubApiKey(error, "k");
    expect(error.message).toBe("It looks cut short; retrying may help.");
  });
});

describe("the key stays out of plain view and out of serialization", () => {
  it.each([
    ["apiKey", { apiKey: KEY }],
    ["openAIApiKey", { openAIApiKey: KEY }],
    ["configuration.apiKey", { configuration: { apiKey: KEY, baseURL: SERVER } }],
  ])("a model given %s serializes without it and inspects without it", (_field, fields) => {
    const llm = new ChatOpenAI({ model: "gpt-4o-mini", ...fields });
    expect(llm.apiKey).toBe(KEY);
    const serialized = JSON.stringify(llm.toJSON());
    expect(serialized).not.toContain(KEY);
    expect(serialized).toContain("OPENAI_API_KEY");
    expect(JSON.stringify(llm)).not.toContain(KEY);
    expect(inspect(llm, { depth: 20, showHidden: false })).not.toContain(KEY);
    expect(JSON.stringify(Object.entries(llm))).not.toContain(KEY);
    expect(JSON.stringify(llm.lc_kwargs)).not.toContain(KEY);
    expect(inspect(llm.lc_kwargs, { depth: 20 })).not.toContain(KEY);
  });

  it("still serializes the key as a secret reference that load revives", async () => {
    const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: KEY, temperature: 0 });
    const json = JSON.stringify(llm);
    expect(JSON.parse(json).kwargs.api_key).toEqual({ lc: 1, type: "secret", id: ["OPENAI_API_KEY"] });
    const revived = await load<ChatOpenAI>(json, { secretsMap: { OPENAI_API_KEY: KEY }, optionalImportsMap: { "tessera/openai": { ChatOpenAI } } });
    expect(revived.apiKey).toBe(KEY);
    expect(revived.temperature).toBe(0);
  });
});

class RecordingHandler extends BaseCallbackHandler {
  name = "recording";
  readonly events: unknown[][] = [];
  constructor() {
    super();
    return new Proxy(this, {
      get: (target, property, receiver) => {
        if (typeof property === "string" && property.startsWith("handle")) {
          return (...args: unknown[]) => {
            target.events.push([property, ...args]);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  }
}

describe("the key appears nowhere a user or a log could see it", () => {
  it("is absent from errors, serialized models, callback payloads, console output and the emulator journal, through invoke, stream and batch", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((arg) => inspect(arg, { depth: 20 })).join(" "))),
    );
    try {
      const handler = new RecordingHandler();
      const { llm, emulator, answerNext } = createTestModel({ apiKey: KEY, maxRetries: 0, callbacks: [handler] });
      const errors: unknown[] = [];
      await llm.invoke("hi");
      for await (const _chunk of await llm.stream("hi")) void _chunk;
      await llm.batch(["one", "two"]);
      answerNext({ status: 401, body: errorBody(`Incorrect API key provided: ${KEY}`, "invalid_request_error", "invalid_api_key") });
      errors.push(await failure(llm.invoke("hi")));
      answerNext({ status: 500, body: errorBody(`echo ${KEY}`, "server_error") });
      errors.push(await failure((async () => (await llm.stream("hi")).next())()));
      answerNext({ status: 400, body: errorBody(`echo ${KEY}`, "invalid_request_error") });
      errors.push(...((await llm.batch(["hi"], undefined, { returnExceptions: true })) as unknown[]));
      await emulator.journal.settled();

      expect(errors).toHaveLength(3);
      expect(errors.every((error) => TesseraError.isInstance(error))).toBe(true);
      // The recorder saw starts, tokens, ends and errors.
      const names = new Set(handler.events.map(([name]) => name));
      for (const name of ["handleChatModelStart", "handleLLMNewToken", "handleLLMEnd", "handleLLMError"]) expect(names).toContain(name);
      expect(emulator.journal.entries().length).toBeGreaterThanOrEqual(4);

      const places: Record<string, string> = {
        errors: errors.map(everythingIn).join("\n"),
        serialized: JSON.stringify(llm.toJSON()) + JSON.stringify(llm) + inspect(llm, { depth: 20 }),
        callbacks: everythingIn(handler.events.map((event) => event.slice(1))),
        logs: logged.join("\n"),
        journal: JSON.stringify(emulator.journal.entries()),
      };
      for (const [place, text] of Object.entries(places)) expect([place, text.includes(KEY)]).toEqual([place, false]);
      // The callbacks did carry the serialized model: the check above would have found a key in it.
      expect(places.callbacks).toContain("OPENAI_API_KEY");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
