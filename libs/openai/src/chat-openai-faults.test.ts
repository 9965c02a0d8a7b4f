import { beforeAll, describe, expect, it } from "@jest/globals";
import { createEmulator } from "@tessera/openai-emulator";
import { loadEncoding } from "@tessera/openai-tokens";
import OpenAI from "openai";
import { ChatOpenAI } from "./chat-openai.js";
import { ConnectionError, InternalServerError, QuotaExceededError, RateLimitError } from "./errors/errors.js";
import { caught, streamAll } from "./__tests__/settle.js";

// ChatOpenAI against the emulator's fault injection: what an application sees when the API misbehaves.

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  },
};

/** A ChatOpenAI (maxRetries 2) on a fresh emulator, counting the HTTP attempts that reach it. */
function faultModel(model = "gpt-4o-mini") {
  const emulator = createEmulator();
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const llm = new ChatOpenAI({ model, apiKey: "k", maxRetries: 2, configuration: { baseURL: "http://emulator.test/v1", fetch } });
  return { llm, attempts: () => attempts };
}

const fault = (text: string) => ({ options: { headers: { "x-emulator-fault": text } } });

// The emulator counts usage with the real tokenizer; its ranks load once (seconds on a loaded machine), outside the
// tests, whose time then goes only to what they exercise (the retry waits).
beforeAll(() => loadEncoding("o200k_base"), 60_000);

describe("ChatOpenAI under emulated faults", () => {
  it("429*2: the SDK retries after retry-after-ms and the third attempt succeeds", async () => {
    const { llm, attempts } = faultModel();
    const message = await llm.invoke("Hi", fault("429*2"));
    expect(message.content).toContain("emulated gpt-4o-mini");
    expect(attempts()).toBe(3);
  });

  it("429 that outlasts the retries: RateLimitError with the server's retry advice", async () => {
    const { llm, attempts } = faultModel();
    const error = await caught(llm.invoke("Hi", fault("429")));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "tokens", retryAfterMs: 20, retryable: true, requestId: expect.stringMatching(/^req_/) });
    expect(attempts()).toBe(3);
  });

  it("quota: QuotaExceededError after a single attempt (never retried)", async () => {
    const { llm, attempts } = faultModel();
    const error = await caught(llm.invoke("Hi", fault("quota")));
    expect(QuotaExceededError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ status: 429, code: "insufficient_quota", retryable: false });
    expect(attempts()).toBe(1);
  });

  it("500: InternalServerError after three attempts", async () => {
    const { llm, attempts } = faultModel();
    const error = await caught(llm.invoke("Hi", fault("500:retry-after-ms=1")));
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, type: "server_error", message: "The server had an error while processing your request. Sorry about that!" });
    expect(attempts()).toBe(3);
  });

  it("disconnect:after=3 while streaming: the stream fails after its first chunks instead of ending quietly", async () => {
    const { llm, attempts } = faultModel();
    const { chunks, error } = await streamAll(await llm.stream("Hi", fault("disconnect:after=3")));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.length).toBeLessThanOrEqual(3);
    // fetch's TypeError "terminated" on a reset mid-body, typed as a ConnectionError that keeps it as the cause.
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/terminated/u);
    expect(attempts()).toBe(1);
  });

  it("error-event while streaming: a typed error carrying the event's error, not a silently short answer", async () => {
    const { llm } = faultModel();
    const { chunks, error } = await streamAll(await llm.stream("Hi", fault("error-event:after=3")));
    expect(chunks.length).toBeLessThanOrEqual(3);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({
      type: "server_error",
      requestId: expect.stringMatching(/^req_/u),
      message: "The server experienced an error while processing your request. We apologize for the inconvenience!",
    });
  });

  it("bad-tool-args: the call lands in invalid_tool_calls, never a crash (invoke and stream)", async () => {
    const { llm } = faultModel();
    const withTools = llm.bindTools([weatherTool], { tool_choice: "get_weather" });
    const message = await withTools.invoke("Weather in Paris?", fault("bad-tool-args"));
    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls).toHaveLength(1);
    expect(message.invalid_tool_calls?.[0]).toMatchObject({ name: "get_weather", args: expect.stringMatching(/^\{'/u) });
    const { chunks, error } = await streamAll(await withTools.stream("Weather in Paris?", fault("bad-tool-args")));
    expect(error).toBeUndefined();
    const whole = chunks.reduce((left, right) => left.concat(right));
    expect(whole.tool_calls).toEqual([]);
    expect(whole.invalid_tool_calls).toHaveLength(1);
    expect(whole.invalid_tool_calls?.[0]).toMatchObject({ name: "get_weather", args: message.invalid_tool_calls?.[0]?.args });
  });

  it("a fault in the model name: gpt-4o-mini+fault=500*1 fails once, then answers as gpt-4o-mini", async () => {
    const { llm, attempts } = faultModel("gpt-4o-mini+fault=500*1");
    const message = await llm.invoke("Hi");
    expect(attempts()).toBe(2);
    expect(message.response_metadata.model_name).toBe("gpt-4o-mini-2024-07-18");
  });
});
