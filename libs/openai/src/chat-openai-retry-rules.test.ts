import { beforeAll, describe, expect, it } from "@jest/globals";
import { loadEncoding } from "@tessera/openai-tokens";
import { ChatOpenAI } from "./chat-openai.js";
import { BadRequestError, InternalServerError, TimeoutError } from "./errors/errors.js";
import { createTestModel, errorBody } from "./__tests__/test-model.js";
import { caught } from "./__tests__/settle.js";

// The retry and timeout rules docs/errors-and-retries.md states that no other test pins: which statuses the one retry
// layer (the SDK) retries, that core's batch adds no retries of its own, and what each `timeout` bounds. 429, quota,
// 5xx and 400 are in chat-openai-errors.test.ts and chat-openai-faults.test.ts. No timing is asserted: the timeouts
// are tiny, and only outcomes and attempt counts are checked.

/**
 * A ChatOpenAI whose server never sends response headers. Its fetch rejects only when its signal aborts, as fetch does:
 * with an AbortError made in this realm (jest's), since the SDK recognises errors with `instanceof Error`.
 */
function silentServerModel(fields: { timeout?: number; maxRetries: number }) {
  let attempts = 0;
  const fetch = (_input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return new Promise<Response>((_resolve, reject) => {
      const abort = () => reject(Object.assign(new Error("This operation was aborted"), { name: "AbortError" }));
      init?.signal?.addEventListener("abort", abort, { once: true });
    });
  };
  const llm = new ChatOpenAI({ apiKey: "test-key", ...fields, configuration: { baseURL: "http://silent.test/v1", fetch } });
  return { llm, attempts: () => attempts };
}

// The emulator counts usage with the real tokenizer; its ranks load once, outside the tests.
beforeAll(() => loadEncoding("o200k_base"), 60_000);

describe("retry rules (docs/errors-and-retries.md)", () => {
  it.each([408, 409])("%i is a retryable BadRequestError, retried maxRetries times", async (status) => {
    const model = createTestModel({ maxRetries: 2 });
    const answer = { status, body: errorBody("Try again.", "invalid_request_error"), headers: { "retry-after-ms": "1" } };
    model.answerNext(answer, answer, answer);
    const error = await caught(model.llm.invoke("Hi"));
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status, retryable: true });
    expect(model.requests).toHaveLength(3);
  });

  it("x-should-retry: true makes the SDK retry even a 400", async () => {
    const model = createTestModel({ maxRetries: 1 });
    const answer = { status: 400, body: errorBody("Bad.", "invalid_request_error"), headers: { "retry-after-ms": "1", "x-should-retry": "true" } };
    model.answerNext(answer, answer);
    const error = await caught(model.llm.invoke("Hi"));
    expect(error).toMatchObject({ status: 400, retryable: false });
    expect(model.requests).toHaveLength(2);
  });

  it("batch adds no retries of its own: each input gets exactly maxRetries + 1 attempts", async () => {
    const model = createTestModel({ maxRetries: 1 });
    const fault = { options: { headers: { "x-emulator-fault": "500:retry-after-ms=1" } } };
    const results = await model.llm.batch(["one", "two"], fault, { returnExceptions: true });
    expect(results.map((result) => InternalServerError.isInstance(result))).toEqual([true, true]);
    expect(model.requests).toHaveLength(4);
  });
});

describe("timeouts (docs/errors-and-retries.md)", () => {
  it("the constructor's timeout bounds each attempt: a retryable TimeoutError after maxRetries + 1 attempts", async () => {
    const { llm, attempts } = silentServerModel({ timeout: 20, maxRetries: 1 });
    const error = await caught(llm.invoke("Hi"));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, message: "The request to OpenAI timed out. Raise `timeout` or try again." });
    expect(attempts()).toBe(2);
  });

  it("a per-call timeout ends the whole call: a TimeoutError after one attempt, never retried (invoke and stream)", async () => {
    const { llm, attempts } = silentServerModel({ maxRetries: 2 });
    const invoked = await caught(llm.invoke("Hi", { timeout: 20 }));
    const streamed = await caught((async () => {
      for await (const _chunk of await llm.stream("Hi", { timeout: 20 })) void _chunk;
    })());
    for (const error of [invoked, streamed]) {
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ message: "The call timed out (its `timeout` elapsed) and was aborted." });
    }
    expect(attempts()).toBe(2);
  });
});
