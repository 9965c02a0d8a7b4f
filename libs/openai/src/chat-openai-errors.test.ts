import { describe, expect, it } from "@jest/globals";
import { inspect } from "node:util";
import { load } from "@langchain/core/load";
import { ChatOpenAI } from "./chat-openai.js";
import {
  AuthenticationError,
  BadRequestError,
  ContentFilterError,
  ContextOverflowError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  TesseraError,
} from "./errors/errors.js";
import * as publicApi from "./index.js";
import { createTestModel, errorBody } from "./__tests__/test-model.js";

const rateLimited = {
  status: 429,
  body: errorBody("Rate limit reached for gpt-4o-mini in organization org-x on tokens per min (TPM).", "tokens", "rate_limit_exceeded"),
  headers: { "retry-after-ms": "5", "x-request-id": "req_limited" },
};
const quota = { status: 429, body: errorBody("You exceeded your current quota, please check your plan and billing details.", "insufficient_quota", "insufficient_quota") };
const serverError = { status: 500, body: errorBody("The server had an error while processing your request.", "server_error") };

describe("typed errors", () => {
  it.each([
    ["401", { status: 401, body: errorBody("Incorrect API key provided: sk-abc***def.", "invalid_request_error", "invalid_api_key") }, AuthenticationError],
    ["403", { status: 403, body: errorBody("You are not allowed to use this model.", "invalid_request_error") }, PermissionDeniedError],
    ["400 context_length_exceeded", { status: 400, body: errorBody("This model's maximum context length is 128000 tokens.", "invalid_request_error", "context_length_exceeded", "messages") }, ContextOverflowError],
    ["400 content_filter", { status: 400, body: errorBody("The response was filtered.", "invalid_request_error", "content_filter", "prompt") }, ContentFilterError],
    ["429 quota", quota, QuotaExceededError],
  ] as const)("maps %s to its class with status, code, type, param, request id, headers and cause", async (_label, answer, errorClass) => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext({ ...answer, headers: { "x-request-id": "req_x" } });
    const error = await model.llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(errorClass.isInstance(error)).toBe(true);
    expect(TesseraError.isInstance(error)).toBe(true);
    const typed = error as TesseraError;
    expect(typed).toMatchObject({ status: answer.status, code: answer.body.error.code, type: answer.body.error.type, param: answer.body.error.param, requestId: "req_x" });
    expect(typed.message).toBe(answer.body.error.message);
    expect(typed.headers["x-request-id"]).toBe("req_x");
    expect(typed.cause).toBeInstanceOf(Error);
  });

  it("answers an unknown model with NotFoundError from the emulator", async () => {
    const { llm } = createTestModel({ model: "gpt-9" });
    const error = await llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, code: "model_not_found", message: "The model `gpt-9` does not exist or you do not have access to it." });
  });

  it("answers a bad request with BadRequestError carrying param and code", async () => {
    // A model-specific limit, left to the API (out-of-range values such as temperature 3 are refused before sending).
    const { llm } = createTestModel({ maxTokens: 1_000_000 });
    const error = await llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, param: "max_tokens", code: "invalid_value", retryable: false });
  });

  it("throws MalformedResponseError for a 200 without choices", async () => {
    const model = createTestModel();
    model.answerNext({ status: 200, body: { id: "chatcmpl-x", object: "chat.completion" } });
    const error = await model.llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(MalformedResponseError.isInstance(error)).toBe(true);
  });

  it("recognises errors across package copies with isInstance, not instanceof", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("@tessera/openai/error-kinds")]: new Set(["RateLimitError", "TesseraError"]) });
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(TesseraError.isInstance(foreign)).toBe(true);
    expect(QuotaExceededError.isInstance(foreign)).toBe(false);
    expect(ContextOverflowError.isInstance(new ContextOverflowError("x"))).toBe(true);
    expect(BadRequestError.isInstance(new ContextOverflowError("x"))).toBe(true);
    expect(ContextOverflowError.isInstance(new BadRequestError("x"))).toBe(false);
  });

  it("exports the whole error hierarchy from the package", () => {
    for (const name of ["AuthenticationError", "PermissionDeniedError", "NotFoundError", "BadRequestError", "RateLimitError", "QuotaExceededError", "ContextOverflowError", "ContentFilterError", "TimeoutError", "ConnectionError", "AbortError", "MalformedResponseError", "InternalServerError"]) {
      expect(typeof (publicApi as Record<string, unknown>)[name]).toBe("function");
    }
  });
});

describe("retries (the SDK is the only layer that retries)", () => {
  it("retries a 429 after the Retry-After delay, exactly maxRetries times", async () => {
    const model = createTestModel({ maxRetries: 2 });
    model.answerNext(rateLimited, rateLimited, rateLimited);
    const error = await model.llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(model.requests).toHaveLength(3);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 5, retryable: true, requestId: "req_limited" });
  });

  it("succeeds when a retry succeeds", async () => {
    const model = createTestModel({ maxRetries: 2 });
    model.answerNext(rateLimited, { ...serverError, headers: { "retry-after-ms": "1" } });
    const message = await model.llm.invoke("Hi");
    expect(model.requests).toHaveLength(3);
    expect(message.content).toContain("emulated");
  });

  it("never retries insufficient_quota", async () => {
    const model = createTestModel({ maxRetries: 5 });
    model.answerNext(quota, quota);
    const error = await model.llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(model.requests).toHaveLength(1);
    expect(QuotaExceededError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect((error as TesseraError).retryable).toBe(false);
  });

  it("retries 5xx but never 400", async () => {
    const fiveHundred = createTestModel({ maxRetries: 1 });
    fiveHundred.answerNext({ ...serverError, headers: { "retry-after-ms": "1" } }, { ...serverError, headers: { "retry-after-ms": "1" } });
    const error = await fiveHundred.llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(fiveHundred.requests).toHaveLength(2);
    expect(InternalServerError.isInstance(error)).toBe(true);

    const badRequest = createTestModel({ maxRetries: 3, maxTokens: 1_000_000 });
    await badRequest.llm.invoke("Hi").catch(() => undefined);
    expect(badRequest.requests).toHaveLength(1);
  });
});

describe("the API key stays secret", () => {
  const secret = "sk-live-SECRET-123456";

  it("never appears in inspection, JSON, identifying params or errors", async () => {
    const model = createTestModel({ apiKey: secret, maxRetries: 0 });
    model.answerNext({ status: 401, body: errorBody("Incorrect API key provided: sk-liv***456.", "invalid_request_error", "invalid_api_key") });
    const error = await model.llm.invoke("Hi").catch((caught: unknown) => caught);
    const surfaces = [
      inspect(model.llm, { depth: 6 }),
      JSON.stringify(model.llm),
      JSON.stringify(model.llm._identifyingParams()),
      JSON.stringify(model.llm.invocationParams()),
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 2 }),
    ];
    for (const surface of surfaces) expect(surface).not.toContain(secret);
  });

  it("serializes the key as a secret reference, and load() revives it", async () => {
    const llm = new ChatOpenAI({ model: "gpt-4o", temperature: 0.2, apiKey: secret });
    const json = JSON.stringify(llm);
    expect(JSON.parse(json)).toMatchObject({
      lc: 1,
      type: "constructor",
      id: ["tessera", "openai", "ChatOpenAI"],
      kwargs: { model: "gpt-4o", temperature: 0.2, api_key: { lc: 1, type: "secret", id: ["OPENAI_API_KEY"] } },
    });
    const revived = await load<ChatOpenAI>(json, {
      secretsMap: { OPENAI_API_KEY: "sk-revived" },
      optionalImportsMap: { "tessera/openai": publicApi },
    });
    expect(revived).toBeInstanceOf(ChatOpenAI);
    expect(revived).toMatchObject({ model: "gpt-4o", temperature: 0.2, apiKey: "sk-revived" });
  });
});
