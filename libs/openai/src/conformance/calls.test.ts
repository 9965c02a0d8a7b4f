// invoke, stream and batch as LangChain's standard integration tests call them, plus the call-level behaviours a
// Runnable promises: stop sequences, streaming: true, disableStreaming, caching and aborting. Every answer is checked
// against what the emulator actually sent (its journal), not just for being non-empty.
import { describe, expect, it } from "@jest/globals";
import { InMemoryCache } from "@langchain/core/caches";
import { AIMessage, AIMessageChunk, getBufferString, HumanMessage } from "@langchain/core/messages";
import { AbortError } from "../errors/errors.js";
import { collectStream, completionOf, createConformanceHarness, rejectionOf, streamedText } from "./conformance-harness.js";

const harness = createConformanceHarness();

/** Resolves once the current test's first request has reached the emulator (it is journaled on arrival). */
async function requestArrived(): Promise<void> {
  while (harness.emulator.journal.entries({ scope: harness.scope }).length === 0) await new Promise((resolve) => setImmediate(resolve));
}

describe("invoke, stream and batch", () => {
  it("invoke returns an AIMessage with the text the API sent, its model and its finish reason", async () => {
    const answer = await harness.model().invoke("Hello");
    const [exchange] = await harness.exchanges();
    const completion = completionOf(exchange);
    expect(AIMessage.isInstance(answer)).toBe(true);
    expect(typeof answer.content).toBe("string");
    expect(answer.text).toBe(completion.choices[0]?.message.content);
    expect(answer.text).toContain('You said: "Hello"');
    expect(answer.response_metadata).toMatchObject({ model_name: completion.model, finish_reason: "stop" });
    expect(answer.id).toBe((exchange?.response.body as { id: string }).id);
  });

  it("stream yields AIMessageChunks with string content, one per streamed delta, adding up to the text the API streamed", async () => {
    const { chunks, whole } = await collectStream(await harness.model().stream("Hello"));
    const [exchange] = await harness.exchanges();
    expect(exchange?.request.body).toMatchObject({ stream: true });
    expect(chunks.every((chunk) => AIMessageChunk.isInstance(chunk) && typeof chunk.content === "string")).toBe(true);
    const wireText = streamedText(exchange);
    expect(chunks.filter((chunk) => chunk.content !== "").length).toBeGreaterThan(10);
    expect(chunks.map((chunk) => chunk.content).join("")).toBe(wireText);
    expect(whole.text).toBe(wireText);
    expect(whole.response_metadata).toMatchObject({ finish_reason: "stop" });
  });

  it("stream gives the same text as invoke for the same prompt", async () => {
    const llm = harness.model();
    const invoked = await llm.invoke("Same prompt, two paths");
    const { whole } = await collectStream(await llm.stream("Same prompt, two paths"));
    expect(whole.text).toBe(invoked.text);
  });

  it("batch answers each input with its own message, in input order, one request each", async () => {
    const answers = await harness.model().batch(["Hello", "Hey"]);
    expect(answers).toHaveLength(2);
    expect(answers.every((answer) => AIMessage.isInstance(answer))).toBe(true);
    expect(answers[0]?.text).toContain('You said: "Hello"');
    expect(answers[1]?.text).toContain('You said: "Hey"');
    const bodies = await harness.requestBodies();
    expect(bodies.map((body) => body.messages).sort((left, right) => JSON.stringify(left).localeCompare(JSON.stringify(right)))).toEqual([
      [{ role: "user", content: "Hello" }],
      [{ role: "user", content: "Hey" }],
    ]);
  });

  it("invoke with streaming: true streams underneath and returns the same complete message", async () => {
    const answer = await harness.model({ streaming: true }).invoke("Hello");
    const [exchange] = await harness.exchanges();
    expect(exchange?.request.body).toMatchObject({ stream: true });
    expect(AIMessage.isInstance(answer) || AIMessageChunk.isInstance(answer)).toBe(true);
    expect(answer.text).toBe(streamedText(exchange));
    expect(answer.response_metadata.finish_reason).toBe("stop");
  });
});

describe("stop sequences", () => {
  it("sends stop given per call or to the constructor, and the answer ends before it", async () => {
    const perCall = await harness.model().invoke("Hello", { stop: ["emulator"] });
    const fromConstructor = await harness.model({ stop: ["emulator"] }).invoke("Hello");
    const bodies = await harness.requestBodies();
    expect(bodies.map((body) => body.stop)).toEqual([["emulator"], ["emulator"]]);
    for (const answer of [perCall, fromConstructor]) {
      expect(answer.text).toBe("This is an emulated gpt-4o-mini (the Tessera OpenAI ");
      expect(answer.response_metadata.finish_reason).toBe("stop");
    }
  });
});

describe("disableStreaming", () => {
  it("makes stream() call the API once without streaming and yield exactly one chunk holding the whole answer", async () => {
    const llm = harness.model({ disableStreaming: true });
    const { chunks, whole } = await collectStream(await llm.stream("Hello"));
    const [exchange] = await harness.exchanges();
    expect(exchange?.request.body).not.toHaveProperty("stream");
    expect(exchange?.request.body).not.toHaveProperty("stream_options");
    expect(chunks).toHaveLength(1);
    expect(whole.text).toBe(completionOf(exchange).choices[0]?.message.content);
    expect(whole.usage_metadata?.total_tokens).toBe(completionOf(exchange).usage.total_tokens);
  });
});

describe("caching", () => {
  it("serves a repeated call from core's InMemoryCache: the same message, no second request, one cache entry", async () => {
    const cache = new InMemoryCache();
    const llm = harness.model({ cache });
    const message = new HumanMessage({ content: [{ type: "text", text: "Hello there!" }] });
    const first = await llm.invoke([message]);
    const key = llm._getSerializedCacheKeyParametersForCall({} as never);
    const cached = await cache.lookup(getBufferString([message]), key);
    expect(cached).toHaveLength(1);
    const cachedMessage = (cached?.[0] as { message?: AIMessage } | undefined)?.message;
    expect(cachedMessage?.text).toBe(first.text);

    const second = await llm.invoke([message]);
    expect(await harness.requestBodies()).toHaveLength(1);
    expect(second).toEqual(cachedMessage);
    expect(second.text).toBe(first.text);
    expect(await cache.lookup(getBufferString([message]), key)).toEqual(cached);

    await llm.invoke([new HumanMessage({ content: [{ type: "text", text: "Something else" }] })]);
    expect(await harness.requestBodies()).toHaveLength(2);
  });
});

describe("aborting", () => {
  it("rejects a call whose signal is already aborted with a typed AbortError, sending nothing (invoke and stream)", async () => {
    const llm = harness.model();
    const invoked = await rejectionOf(llm.invoke("Hello", { signal: AbortSignal.abort() }));
    // Either stream() itself or the first read may reject; both are the same promise here.
    const streamed = await rejectionOf((async () => collectStream(await llm.stream("Hello", { signal: AbortSignal.abort() })))());
    for (const error of [invoked, streamed]) expect(AbortError.isInstance(error)).toBe(true);
    expect(await harness.exchanges()).toEqual([]);
  });

  it("ends a stream aborted after its first chunk with a typed AbortError and no further chunk", async () => {
    const controller = new AbortController();
    const received: AIMessageChunk[] = [];
    const stream = await harness.model().stream("Hello", { signal: controller.signal });
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) {
          received.push(chunk);
          controller.abort();
        }
      })(),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(received).toHaveLength(1);
  });

  it("rejects an invoke aborted while the server is still answering with a typed AbortError, and the server sees the client leave", async () => {
    harness.script([{ respond: { text: "Too late.", delayMs: 60_000 } }]);
    const controller = new AbortController();
    const call = rejectionOf(harness.model().invoke("Hello", { signal: controller.signal }));
    await requestArrived();
    controller.abort();
    expect(AbortError.isInstance(await call)).toBe(true);
    const [exchange] = await harness.exchanges();
    expect(exchange?.response.status).toBe(0);
    expect(exchange?.response.error).toEqual(expect.any(String));
  });
});
