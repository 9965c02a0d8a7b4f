import { describe, expect, it } from "@jest/globals";
import { InvalidOptionError } from "./errors/errors.js";
import { mergeExtraBody } from "./request/merge-extra-body.js";
import { createTestModel } from "./__tests__/test-model.js";

// A minimal chat completion, for keys OpenAI's API (and so the emulator) would refuse as unknown.
const completion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 0,
  model: "qwen3-8b",
  choices: [{ index: 0, message: { role: "assistant", content: "Hi." }, finish_reason: "stop", logprobs: null }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

describe("extraBody: deep-merged into the request, last", () => {
  it("sends a nested vendor key unchanged, the call's merged into the model's", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "qwen3-8b", extraBody: { chat_template_kwargs: { enable_thinking: false }, top_k: 20 } });
    answerNext({ status: 200, body: completion }, { status: 200, body: completion });
    await llm.invoke("Hi");
    expect(requests[0]?.body).toEqual({ model: "qwen3-8b", messages: [{ role: "user", content: "Hi" }], chat_template_kwargs: { enable_thinking: false }, top_k: 20 });
    await llm.invoke("Hi", { extraBody: { chat_template_kwargs: { thinking_budget: 512 }, top_k: 40, guided_json: { type: "object", required: ["a"] } } });
    expect(requests[1]?.body).toMatchObject({
      chat_template_kwargs: { enable_thinking: false, thinking_budget: 512 },
      top_k: 40,
      guided_json: { type: "object", required: ["a"] },
    });
  });

  it("beats what this package sets or adds: fields, call options, the default stream_options, the model's restrictions", async () => {
    const { llm, requests } = createTestModel({ temperature: 0.2, extraBody: { temperature: 0.7 } });
    const chunks = [];
    const stream = await llm.stream("Hi", { seed: 1, extraBody: { seed: 2, stream_options: { include_obfuscation: false } } });
    for await (const chunk of stream) chunks.push(chunk);
    expect(requests[0]?.body).toMatchObject({ temperature: 0.7, seed: 2, stream_options: { include_usage: true, include_obfuscation: false } });
    // The user set stream_options: a refusal would be theirs, so there is no second request.
    expect(requests).toHaveLength(1);
    // Sent even where the model's restrictions would drop it: extraBody is the way to send exactly this.
    const reasoning = createTestModel({ model: "o3-mini", temperature: 0.5, extraBody: { reasoning_effort: "low" } });
    reasoning.answerNext({ status: 200, body: { ...completion, model: "o3-mini" } });
    const message = await reasoning.llm.invoke("Hi", { extraBody: { temperature: 0.3 } });
    expect(reasoning.requests[0]?.body).toMatchObject({ temperature: 0.3, reasoning_effort: "low" });
    expect(message.response_metadata.warnings).toEqual(["temperature=0.5 was not sent: o3-mini accepts only the default (1)."]);
  });

  it("replaces arrays and scalars, skips undefined members, and keeps null", () => {
    const body = { model: "m", stop: ["a"], metadata: { a: "1" }, n: 1 };
    expect(mergeExtraBody(body, { stop: ["b"], metadata: { b: "2" }, n: undefined, user: null }, "field")).toEqual({
      model: "m",
      stop: ["b"],
      metadata: { a: "1", b: "2" },
      n: 1,
      user: null,
    });
    expect(body).toEqual({ model: "m", stop: ["a"], metadata: { a: "1" }, n: 1 });
  });

  it("refuses a value JSON cannot carry, naming its path, before anything is sent", async () => {
    const { llm, requests } = createTestModel();
    const error = await llm.invoke("Hi", { extraBody: { vendor: { budget: Number.NaN } } }).catch((caught: unknown) => caught);
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect((error as InvalidOptionError).option).toBe("extraBody.vendor.budget");
    expect((error as Error).message).toMatch(/^The call option `extraBody` holds at vendor\.budget NaN/u);
    expect(requests).toHaveLength(0);
    expect(() => createTestModel({ extraBody: { a: 1n } })).toThrow(InvalidOptionError);
  });
});

describe("extraHeaders and extraQuery: per model and per call", () => {
  it("reach the server (the emulator's journal sees them), a call's beating the model's and configuration's", async () => {
    const { llm, emulator } = createTestModel({
      configuration: { defaultHeaders: { "x-team": "default", "x-keep": "1" }, defaultQuery: { region: "eu" } },
      extraHeaders: { "x-team": "model", "x-trace": "model" },
      extraQuery: { "api-version": "2024-10-21" },
    });
    await llm.invoke("Hi", { extraHeaders: { "x-trace": "call" }, extraQuery: { tenant: "acme" } });
    await llm.invoke("Hi", { options: { headers: { "x-trace": "sdk" }, query: { tenant: "sdk" } }, extraQuery: { tenant: "call" } });
    const [first, second] = emulator.journal.entries();
    expect(first?.request.headers).toMatchObject({ "x-team": "model", "x-trace": "call", "x-keep": "1" });
    expect(first?.request.query).toEqual({ region: "eu", "api-version": "2024-10-21", tenant: "acme" });
    expect(second?.request.headers).toMatchObject({ "x-team": "model", "x-trace": "sdk" });
    expect(second?.request.query).toEqual({ region: "eu", "api-version": "2024-10-21", tenant: "call" });
  });

  it("apply to streams too", async () => {
    const { llm, emulator } = createTestModel({ extraHeaders: { "x-trace": "model" } });
    for await (const _chunk of await llm.stream("Hi", { extraQuery: { tenant: "acme" } })) void _chunk;
    expect(emulator.journal.entries()[0]?.request).toMatchObject({ headers: { "x-trace": "model" }, query: { tenant: "acme" } });
  });
});
