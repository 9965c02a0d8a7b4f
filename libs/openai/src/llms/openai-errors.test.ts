// Bad input is refused with a typed error before any request; API failures come out typed, retried exactly as
// ChatOpenAI's (the SDK is the one layer that retries), against the emulator's faults on /v1/completions.

import { beforeAll, describe, expect, it } from "@jest/globals";
import { createEmulator } from "@tessera/openai-emulator";
import { loadEncoding } from "@tessera/openai-tokens";
import { caught } from "../__tests__/settle.js";
import {
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  InternalServerError,
  InvalidOptionError,
  NotFoundError,
  QuotaExceededError,
  RateLimitError,
  UnknownOptionError,
} from "../errors/errors.js";
import { OpenAI } from "./openai.js";
import type { OpenAIFields } from "./openai-fields.js";

beforeAll(() => loadEncoding("cl100k_base"), 60_000);

/** An OpenAI LLM (maxRetries 2) on a fresh emulator, counting the HTTP attempts that reach it. */
function faultLLM(fields: OpenAIFields = {}) {
  const emulator = createEmulator();
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const llm = new OpenAI({ apiKey: "sk-secret-key-1234567890", maxTokens: 8, maxRetries: 2, ...fields, configuration: { baseURL: "http://emulator.test/v1", fetch } });
  return { llm, attempts: () => attempts };
}

const fault = (text: string) => ({ options: { headers: { "x-emulator-fault": text } } });
const construct = (fields: Record<string, unknown>) => caught(Promise.resolve().then(() => new OpenAI({ apiKey: "k", ...fields } as OpenAIFields)));

describe("OpenAI (legacy completions): bad input, refused at construction", () => {
  it("an unknown field is an UnknownOptionError with the closest name; a ChatOpenAI-only field says so", async () => {
    expect(await construct({ bestof: 2 })).toMatchObject({ option: "bestof", suggestion: "bestOf" });
    const chatOnly = await construct({ topLogprobs: 2 });
    expect(UnknownOptionError.isInstance(chatOnly)).toBe(true);
    expect((chatOnly as Error).message).toContain("is a ChatOpenAI field with no counterpart on /v1/completions");
  });

  it.each([
    [{ logprobs: true }, "logprobs"],
    [{ logprobs: 6 }, "logprobs"],
    [{ maxTokens: -2 }, "maxTokens"],
    [{ n: 0 }, "n"],
    [{ bestOf: 21 }, "bestOf"],
    [{ temperature: 3 }, "temperature"],
    [{ stop: ["a", "b", "c", "d", "e"] }, "stop"],
    [{ batchSize: 0 }, "batchSize"],
    [{ logitBias: { token: 1 } }, "logitBias"],
    [{ modelKwargs: { presence_penalty: Number.NaN } }, "modelKwargs.presence_penalty"],
  ])("%j is an InvalidOptionError naming %s", async (fields, option) => {
    const error = await construct(fields);
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option });
  });

  it("bestOf below n, and streaming with bestOf above n, are refused; bestOf equal to n streams", async () => {
    expect((await construct({ n: 3, bestOf: 2 })) as Error).toMatchObject({ option: "bestOf", message: expect.stringContaining("bestOf (2) is below n (3)") });
    expect((await construct({ streaming: true, bestOf: 3, n: 2 })) as Error).toMatchObject({ option: "bestOf", message: expect.stringContaining("refuses to stream") });
    expect(await construct({ streaming: true, bestOf: 2, n: 2 })).toBeUndefined();
  });

  it.each(["gpt-4o-mini", "gpt-3.5-turbo", "gpt-4", "o1-mini", "o3-mini", "gpt-5", "ft:gpt-4o-mini-2024-07-18:acme::x1"])(
    "the chat model %s is a ConfigurationError pointing to ChatOpenAI",
    async (model) => {
      const error = await construct({ model });
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("Use ChatOpenAI");
    },
  );

  it.each(["gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct-0914", "davinci-002", "ft:babbage-002:acme::x1", "Qwen/Qwen2.5-7B"])("accepts %s", async (model) => {
    expect(await construct({ model })).toBeUndefined();
  });

  it("echo with logprobs on gpt-3.5-turbo-instruct is refused (the API answers 400); davinci-002 takes both", async () => {
    expect(await construct({ echo: true, logprobs: 1 })).toMatchObject({ option: "logprobs" });
    expect(await construct({ model: "davinci-002", echo: true, logprobs: 1 })).toBeUndefined();
  });
});

describe("OpenAI (legacy completions): API failures, typed and retried as ChatOpenAI's", () => {
  it("429*2: the SDK retries and the third attempt succeeds", async () => {
    const { llm, attempts } = faultLLM();
    expect(await llm.invoke("Hi", fault("429*2"))).toContain("emulated");
    expect(attempts()).toBe(3);
  });

  it("429 that outlasts the retries: RateLimitError with the server's advice", async () => {
    const { llm, attempts } = faultLLM();
    const error = await caught(llm.invoke("Hi", fault("429")));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", retryable: true, requestId: expect.stringMatching(/^req_/u) });
    expect(attempts()).toBe(3);
  });

  it("quota: QuotaExceededError after one attempt", async () => {
    const { llm, attempts } = faultLLM();
    expect(QuotaExceededError.isInstance(await caught(llm.invoke("Hi", fault("quota"))))).toBe(true);
    expect(attempts()).toBe(1);
  });

  it("500: InternalServerError after three attempts, also for generate and batch", async () => {
    const { llm, attempts } = faultLLM();
    expect(InternalServerError.isInstance(await caught(llm.generate(["A", "B"], fault("500:retry-after-ms=1"))))).toBe(true);
    expect(attempts()).toBe(3);
    const returned = await llm.batch(["A", "B"], fault("500:retry-after-ms=1"), { returnExceptions: true });
    expect(returned.map((item) => InternalServerError.isInstance(item))).toEqual([true, true]);
  });

  it("a model the server does not know: NotFoundError", async () => {
    const { llm } = faultLLM({ model: "no-such-model" });
    expect(NotFoundError.isInstance(await caught(llm.invoke("Hi")))).toBe(true);
  });

  it("the API's own 400 comes out as a BadRequestError naming the parameter", async () => {
    const { llm } = faultLLM({ modelKwargs: { logprobs: 9 } });
    expect(await caught(llm.invoke("Hi"))).toMatchObject({ status: 400, param: "logprobs" });
    expect(BadRequestError.isInstance(await caught(llm.invoke("Hi")))).toBe(true);
  });

  it("a stream cut before its first chunk is opened again; one cut after chunks arrived is a ConnectionError", async () => {
    const { llm, attempts } = faultLLM({ maxTokens: 12 });
    const chunks: string[] = [];
    const error = await caught((async () => {
      for await (const chunk of await llm.stream("Hi", fault("disconnect:after=3"))) chunks.push(chunk);
    })());
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(chunks.length).toBeGreaterThan(0);
    expect(attempts()).toBe(1);
    const again = faultLLM({ maxTokens: 12 });
    const whole: string[] = [];
    for await (const chunk of await again.llm.stream("Hi", fault("disconnect*1:after=0"))) whole.push(chunk);
    expect(whole.join("")).toBe(await again.llm.invoke("Hi"));
    // The cut attempt, the one that reopened the stream, and the invoke.
    expect(again.attempts()).toBe(3);
  });

  it("an error event mid-stream is a typed error, not a short answer", async () => {
    const { llm } = faultLLM({ maxTokens: 12 });
    const error = await caught((async () => {
      for await (const _ of await llm.stream("Hi", fault("error-event:after=3"))) void _;
    })());
    expect(InternalServerError.isInstance(error)).toBe(true);
  });

  it("no key: a ConfigurationError at the first call; a key never appears in errors or serialization", async () => {
    const previous = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const llm = new OpenAI({ maxTokens: 8 });
      expect(ConfigurationError.isInstance(await caught(llm.invoke("Hi")))).toBe(true);
    } finally {
      if (previous !== undefined) process.env.OPENAI_API_KEY = previous;
    }
    const { llm } = faultLLM();
    expect(JSON.stringify(llm)).not.toContain("sk-secret-key");
    expect(JSON.stringify(await caught(llm.invoke("Hi", fault("401"))))).not.toContain("sk-secret-key");
  });
});
