import { describe, expect, it } from "@jest/globals";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { AIMessageChunk} from "@langchain/core/messages";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { LLMResult } from "@langchain/core/outputs";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { concat } from "@langchain/core/utils/stream";
import { AbortError, BadRequestError, TimeoutError } from "./errors/errors.js";
import { createTestModel, errorBody } from "./__tests__/test-model.js";

async function collect(stream: AsyncIterable<AIMessageChunk>): Promise<{ chunks: AIMessageChunk[]; message: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, message: chunks.reduce((left, right) => concat(left, right)) };
}

describe("invoke", () => {
  it("returns a normalized AIMessage", async () => {
    const { llm, requests } = createTestModel({}, { now: () => 1_750_000_000_000 });
    const message = await llm.invoke("Hello");
    expect(requests).toHaveLength(1);
    expect(message).toBeInstanceOf(AIMessage);
    expect(message.content).toContain("emulated gpt-4o-mini");
    expect(message.id).toMatch(/^chatcmpl-/);
    expect(message.tool_calls).toEqual([]);
    expect(message.usage_metadata).toEqual({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
      total_tokens: expect.any(Number),
      input_token_details: { cache_read: 0, audio: 0 },
      output_token_details: { reasoning: 0, audio: 0 },
    });
    const usage = message.usage_metadata!;
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(message.response_metadata).toMatchObject({
      model_name: "gpt-4o-mini-2024-07-18",
      finish_reason: "stop",
      system_fingerprint: expect.stringMatching(/^fp_/),
      service_tier: "default",
      request_id: expect.stringMatching(/^req_/),
      tokenUsage: { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens },
    });
    expect(message.response_metadata).not.toHaveProperty("warnings");
  });

  it("returns the first choice from invoke and every choice from generate when n > 1", async () => {
    const { llm } = createTestModel({ n: 3 });
    const first = await llm.invoke("Pick");
    const result = await llm.generate([[["human", "Pick"]]]);
    expect(result.generations[0]).toHaveLength(3);
    expect(result.generations[0]?.[0]?.text).toBe(first.content);
    expect(result.llmOutput?.tokenUsage).toEqual(first.response_metadata.tokenUsage);
  });
});

describe("stream", () => {
  it("yields chunks whose concatenation equals the invoked message", async () => {
    const { llm } = createTestModel({ streamUsage: true });
    const invoked = await llm.invoke("Parity please");
    const { chunks, message } = await collect(await llm.stream("Parity please"));
    expect(chunks.length).toBeGreaterThan(10);
    expect(message.content).toBe(invoked.content);
    expect(message.usage_metadata).toEqual(invoked.usage_metadata);
    expect(message.response_metadata.finish_reason).toBe("stop");
    expect(message.response_metadata.model_name).toBe(invoked.response_metadata.model_name);
    expect(message.response_metadata.system_fingerprint).toBe(invoked.response_metadata.system_fingerprint);
    expect(chunks.filter((chunk) => chunk.usage_metadata !== undefined)).toHaveLength(1);
  });

  it("makes invoke stream underneath with streaming: true and still returns one complete message", async () => {
    const { llm, requests } = createTestModel({ streaming: true, streamUsage: true });
    const tokens: string[] = [];
    const message = await llm.invoke("Stream me", { callbacks: [{ handleLLMNewToken: (token: string) => void tokens.push(token) }] });
    expect(requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(tokens.length).toBeGreaterThan(10);
    expect(tokens.join("")).toBe(message.content);
    // Callbacks also get the chunks without text (the first, the finish, the usage); the emulator sends a token a chunk.
    expect(message.usage_metadata?.output_tokens).toBe(tokens.filter((token) => token !== "").length);
    expect(message.response_metadata.finish_reason).toBe("stop");
    const direct = await createTestModel().llm.invoke("Stream me");
    expect(message.content).toBe(direct.content);
  });

  it("collects every choice with streaming: true and n > 1", async () => {
    const { llm } = createTestModel({ streaming: true, n: 2 });
    const streamed = await llm.generate([[["human", "Two"]]]);
    const direct = await createTestModel({ n: 2 }).llm.generate([[["human", "Two"]]]);
    expect(streamed.generations[0]?.map((generation) => generation.text)).toEqual(direct.generations[0]?.map((generation) => generation.text));
  });
});

describe("Runnable behaviour", () => {
  it("works in a prompt.pipe(llm) chain", async () => {
    const { llm, requests } = createTestModel();
    const prompt = ChatPromptTemplate.fromMessages([["system", "You translate to {language}."], ["human", "{text}"]]);
    const answer = await prompt.pipe(llm).invoke({ language: "French", text: "Good morning" });
    expect(answer.content).toContain("Good morning");
    expect(requests[0]?.body.messages).toEqual([
      { role: "system", content: "You translate to French." },
      { role: "user", content: "Good morning" },
    ]);
  });

  it("batches with maxConcurrency as the limit on requests in flight", async () => {
    const { llm, emulator } = createTestModel();
    let inFlight = 0;
    let peak = 0;
    const original = emulator.fetch;
    emulator.fetch = async (input, init) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        return await original(input, init);
      } finally {
        inFlight--;
      }
    };
    const answers = await llm.batch(["a", "b", "c", "d", "e"], { maxConcurrency: 2 });
    expect(answers).toHaveLength(5);
    expect(answers[4]?.content).toContain('"e"');
    expect(peak).toBe(2);
  });

  it("batches as core's batch does: results in input order, errors returned with returnExceptions, else the first thrown", async () => {
    // One request in flight at a time, so the first input meets the failure.
    const { llm: fresh, answerNext: freshAnswers } = createTestModel({ maxRetries: 0 });
    freshAnswers({ status: 400, body: errorBody("Bad first", "invalid_request_error") });
    const mixed = await fresh.batch(["a", "b", "c"], { maxConcurrency: 1 }, { returnExceptions: true });
    expect(mixed[0]).toBeInstanceOf(BadRequestError);
    expect((mixed[1] as AIMessageChunk).content).toContain('"b"');
    expect((mixed[2] as AIMessageChunk).content).toContain('"c"');
    const { llm: failing, answerNext: failingAnswers } = createTestModel({ maxRetries: 0 });
    failingAnswers({ status: 400, body: errorBody("Bad first", "invalid_request_error") });
    await expect(failing.batch(["a", "b"], { maxConcurrency: 1 })).rejects.toThrow("Bad first");
  });

  it("refuses a maxConcurrency below 1 in batch, as core's batch does", async () => {
    const { llm, requests } = createTestModel();
    await expect(llm.batch(["a"], { maxConcurrency: 0 })).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });

  it("emits on_chat_model_stream events from streamEvents", async () => {
    const { llm } = createTestModel({ streamUsage: true });
    const streamed: AIMessageChunk[] = [];
    let end: unknown;
    for await (const event of llm.streamEvents("Events", { version: "v2" })) {
      if (event.event === "on_chat_model_stream") streamed.push(event.data.chunk as AIMessageChunk);
      if (event.event === "on_chat_model_end") end = event.data.output;
    }
    const invoked = await llm.invoke("Events");
    expect(streamed.map((chunk) => chunk.content).join("")).toBe(invoked.content);
    expect((end as AIMessageChunk).usage_metadata).toEqual(invoked.usage_metadata);
  });

  it("calls handleLLMEnd with the token usage", async () => {
    const { llm } = createTestModel();
    let output: LLMResult | undefined;
    class Recorder extends BaseCallbackHandler {
      name = "recorder";
      override handleLLMEnd(result: LLMResult) {
        output = result;
      }
    }
    const message = await llm.invoke("Usage", { callbacks: [new Recorder()] });
    expect(output?.llmOutput?.tokenUsage).toEqual(message.response_metadata.tokenUsage);
  });

  it("keeps working through withConfig", async () => {
    const { llm, requests } = createTestModel();
    await llm.withConfig({ runName: "named", tags: ["t"] }).invoke("Hi");
    expect(requests).toHaveLength(1);
  });
});

describe("abort and timeout", () => {
  it("sends nothing when the signal is already aborted, and throws one AbortError", async () => {
    const { llm, requests } = createTestModel();
    const controller = new AbortController();
    controller.abort();
    const error = await llm.invoke("Hi", { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(requests).toHaveLength(0);
    expect(AbortError.isInstance(error)).toBe(true);
    const streamError = await (async () => {
      for await (const _chunk of await llm.stream("Hi", { signal: controller.signal })) void _chunk;
    })().catch((caught: unknown) => caught);
    expect(AbortError.isInstance(streamError)).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it("stops a stream when the signal aborts, closing the request, with one abort error", async () => {
    const { llm, emulator } = createTestModel();
    let serverSignal: AbortSignal | undefined;
    const original = emulator.fetch;
    emulator.fetch = async (input, init) => {
      serverSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      return original(input, init);
    };
    const controller = new AbortController();
    const seen: BaseMessage[] = [];
    const run = async () => {
      for await (const chunk of await llm.stream("Abort me", { signal: controller.signal })) {
        seen.push(chunk);
        if (seen.length === 3) controller.abort();
      }
    };
    const error = await run().catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(seen).toHaveLength(3);
    expect(serverSignal?.aborted).toBe(true);
  });

  it("fails a call that exceeds its timeout with a TimeoutError", async () => {
    const { llm, emulator } = createTestModel({ maxRetries: 0 });
    const original = emulator.fetch;
    // How each slow request ended: abandoned by the client's signal, or answered after the full delay.
    const outcomes: string[] = [];
    emulator.fetch = async (input, init) => {
      // Like a real fetch, the slow server is abandoned as soon as the signal fires.
      const signal = input instanceof Request ? input.signal : init?.signal;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => (outcomes.push("waited"), resolve(undefined)), 5000);
        signal?.addEventListener("abort", () => (outcomes.push("abandoned"), clearTimeout(timer), reject(signal.reason)), { once: true });
      });
      return original(input, init);
    };
    const error = await llm.invoke("Slow", { timeout: 50 }).catch((caught: unknown) => caught);
    // The client gave up at its timeout: the server's wait was cut short, not sat out.
    expect(outcomes).toEqual(["abandoned"]);
    expect(TimeoutError.isInstance(error)).toBe(true);
    const streamError = await (async () => {
      for await (const _chunk of await llm.stream("Slow", { timeout: 50 })) void _chunk;
    })().catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(streamError)).toBe(true);
  });

  it("rejects an invoke aborted mid-request with one AbortError", async () => {
    const { llm, emulator } = createTestModel();
    const original = emulator.fetch;
    const controller = new AbortController();
    emulator.fetch = async (input, init) => {
      controller.abort();
      return original(input, init);
    };
    const error = await llm.invoke("Hi", { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
  });
});
