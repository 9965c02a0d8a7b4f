import { describe, expect, it } from "@jest/globals";
import { BaseCallbackHandler, type HandleLLMNewTokenCallbackFields, type NewTokenIndices } from "@langchain/core/callbacks/base";
import type { ChatModelStreamEvent } from "@langchain/core/language_models/event";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { tool } from "@langchain/core/tools";
import { concat } from "@langchain/core/utils/stream";
import { z } from "zod";
import { createTestModel, errorBody } from "./__tests__/test-model.js";
import { AbortError, BadRequestError, ConfigurationError, TimeoutError } from "./errors/errors.js";
import { TRUNCATED_TOOL_CALL_ERROR } from "./messages/parse-tool-calls.js";

const weatherSchema = z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() });
const getWeather = tool(async ({ city }) => `It is 21 degrees in ${city}.`, { name: "get_weather", description: "Weather for a city", schema: weatherSchema });

// Core 1.4 added the content-block event stream (`streamEvents(input)` without a version); core 1.0 (the
// minimum-versions run) has no `_streamChatModelEvents`, so those suites are skipped there.
const hasEventStream = typeof (BaseChatModel.prototype as { _streamChatModelEvents?: unknown })._streamChatModelEvents === "function";
const describeWithEventStream = hasEventStream ? describe : describe.skip;
// LangGraph needs @langchain/core >= 1.3.4, so it does not run in the minimum-versions job either.
const describeWithLangGraph = process.env.TESSERA_DEPS === "min" ? describe.skip : describe;

function sseChunk(delta: Record<string, unknown>, finishReason: string | null = null) {
  return {
    id: "chatcmpl-script",
    object: "chat.completion.chunk",
    created: 1763770200,
    model: "gpt-4o-mini-2024-07-18",
    system_fingerprint: "fp_script",
    service_tier: "default",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

function sseUsage(promptTokens: number, completionTokens: number, reasoningTokens = 0) {
  return {
    id: "chatcmpl-script",
    object: "chat.completion.chunk",
    created: 1763770200,
    model: "gpt-4o-mini-2024-07-18",
    choices: [],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: reasoningTokens },
    },
  };
}

const scriptedUsage = {
  input_tokens: 60,
  output_tokens: 18,
  total_tokens: 78,
  input_token_details: { cache_read: 0 },
  output_token_details: { reasoning: 0 },
};

/** Text, then a strict tool call whose optional `unit` came as null, then usage: the case core's bridge gets wrong. */
const textThenToolCall = {
  status: 200,
  headers: { "x-request-id": "req_script" },
  sse: [
    sseChunk({ role: "assistant", content: "", refusal: null }),
    sseChunk({ content: "Checking " }),
    sseChunk({ content: "the weather." }),
    sseChunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
    sseChunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris",' } }] }),
    sseChunk({ tool_calls: [{ index: 0, function: { arguments: '"unit":null}' } }] }),
    sseChunk({}, "tool_calls"),
    sseUsage(60, 18),
  ],
};

const reasoningThenText = {
  status: 200,
  sse: [
    sseChunk({ role: "assistant", content: null, reasoning_content: "9.11 has the smaller " }),
    sseChunk({ reasoning_content: "fractional part, so 9.9 wins." }),
    sseChunk({ content: "9.9 is larger." }),
    sseChunk({}, "stop"),
    sseUsage(12, 20, 14),
  ],
};

/** Records every handleLLMNewToken call with its chunk. */
class TokenRecorder extends BaseCallbackHandler {
  name = "token-recorder";
  readonly calls: Array<{ token: string; chunk: unknown }> = [];

  override handleLLMNewToken(token: string, _idx: unknown, _runId: string, _parentRunId?: string, _tags?: string[], fields?: HandleLLMNewTokenCallbackFields) {
    this.calls.push({ token, chunk: fields?.chunk });
  }
}

/** A handler that, like streamEvents v2 and LangGraph's messages mode, makes invoke take core's streaming branch. */
class StreamingTokenRecorder extends TokenRecorder {
  lc_prefer_streaming = true;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const joinChunks = (chunks: AIMessageChunk[]) => chunks.reduce((left, right) => concat(left, right));

describe("streaming callbacks", () => {
  it("fires handleLLMNewToken exactly once for every streamed chunk, each with fields.chunk, tool-call deltas and usage included", async () => {
    const { llm } = createTestModel({ streamUsage: true });
    const recorder = new TokenRecorder();
    const yielded = await collect(await llm.bindTools([getWeather]).stream("Use get_weather for Paris", { callbacks: [recorder] }));
    expect(yielded.length).toBeGreaterThan(3);
    expect(recorder.calls).toHaveLength(yielded.length);
    recorder.calls.forEach(({ chunk }, position) => {
      expect(chunk).toBeInstanceOf(ChatGenerationChunk);
      expect((chunk as ChatGenerationChunk).message).toBe(yielded[position]);
    });
    const viaCallbacks = joinChunks(recorder.calls.map(({ chunk }) => (chunk as ChatGenerationChunk).message as AIMessageChunk));
    expect(viaCallbacks.tool_calls).toEqual([expect.objectContaining({ name: "get_weather", args: expect.objectContaining({ city: expect.any(String) }) })]);
    expect(viaCallbacks.usage_metadata?.output_tokens).toBeGreaterThan(0);
    expect(viaCallbacks.response_metadata).toMatchObject({ finish_reason: "tool_calls", model_name: expect.any(String) });
  });

  it("fires it for every chunk of a streaming invoke too, text-less chunks with an empty token", async () => {
    const { llm, answerNext } = createTestModel({ streaming: true });
    answerNext(textThenToolCall);
    const recorder = new TokenRecorder();
    const message = await llm.invoke("Weather?", { tools: [getWeather], strict: true, callbacks: [recorder] });
    expect(recorder.calls.map(({ token }) => token)).toEqual(["", "Checking ", "the weather.", "", "", "", "", ""]);
    expect(message.tool_calls).toEqual([{ type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } }]);
  });

  it("tells handleLLMNewToken which prompt each token answers when generate() streams several prompts", async () => {
    const { llm } = createTestModel({ streaming: true });
    const calls: Array<{ token: string; prompt: number }> = [];
    const handler = { handleLLMNewToken: (token: string, indices: NewTokenIndices) => void calls.push({ token, prompt: indices.prompt }) };
    const result = await llm.generate([[["human", "First prompt"]], [["human", "Second prompt, a little longer"]]], { callbacks: [handler] });
    const textOf = (promptIndex: number) => calls.filter(({ prompt }) => prompt === promptIndex).map(({ token }) => token).join("");
    expect(textOf(0)).toBe(result.generations[0]?.[0]?.text);
    expect(textOf(1)).toBe(result.generations[1]?.[0]?.text);
    expect(textOf(1)).not.toBe("");
  });

  it("lets streamEvents v2 over prompt.pipe(llm) see the tool call and the usage in on_chat_model_stream", async () => {
    const { llm } = createTestModel({ streamUsage: true });
    const chain = ChatPromptTemplate.fromMessages([["human", "Use get_weather for {city}"]]).pipe(llm.bindTools([getWeather]));
    const streamed: AIMessageChunk[] = [];
    let output: AIMessageChunk | undefined;
    for await (const event of chain.streamEvents({ city: "Paris" }, { version: "v2" })) {
      if (event.event === "on_chat_model_stream") streamed.push(event.data.chunk as AIMessageChunk);
      if (event.event === "on_chat_model_end") output = event.data.output as AIMessageChunk;
    }
    const joined = joinChunks(streamed);
    expect(joined.tool_call_chunks?.length).toBeGreaterThan(0);
    expect(output?.tool_calls).toHaveLength(1);
    expect(joined.tool_calls).toEqual(output?.tool_calls);
    expect(joined.usage_metadata).toEqual(output?.usage_metadata);
    expect(joined.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });
});

describeWithLangGraph("LangGraph streamMode messages (not on core 1.0)", () => {
  it("sees the answer's tool call chunks after its text, and its usage", async () => {
    const { createReactAgent } = await import("@langchain/langgraph/prebuilt");
    const { llm, answerNext } = createTestModel({ streamUsage: true });
    answerNext(textThenToolCall);
    const agent = createReactAgent({ llm: llm.bindTools([getWeather], { strict: true }), tools: [getWeather] });
    const byId = new Map<string, AIMessageChunk[]>();
    for await (const [message] of await agent.stream({ messages: [new HumanMessage("Weather in Paris?")] }, { streamMode: "messages" })) {
      if (!AIMessageChunk.isInstance(message)) continue;
      byId.set(message.id!, [...(byId.get(message.id!) ?? []), message]);
    }
    const first = byId.get("chatcmpl-script") ?? [];
    expect(first.length).toBe(textThenToolCall.sse.length);
    const joined = joinChunks(first);
    expect(joined.content).toBe("Checking the weather.");
    expect(joined.tool_call_chunks?.map(({ id, name }) => ({ id, name })).filter(({ id }) => id)).toEqual([{ id: "call_1", name: "get_weather" }]);
    expect(joined.tool_calls?.map(({ name }) => name)).toEqual(["get_weather"]);
    expect(joined.usage_metadata).toEqual(scriptedUsage);
  });
});

describeWithEventStream("streamEvents(input) without a version: core 1.4's event stream (not on core 1.0)", () => {
  it("assembles text, a following tool call (strict nulls mapped back), usage and the tool_use finish reason", async () => {
    const { llm, answerNext } = createTestModel();
    answerNext(textThenToolCall);
    const message = await llm.streamEvents("Weather?", { tools: [getWeather], strict: true });
    expect(message.content).toEqual([
      { type: "text", text: "Checking the weather." },
      { type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } },
    ]);
    expect(message.tool_calls).toEqual([{ type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } }]);
    expect(message.usage_metadata).toEqual(scriptedUsage);
    expect(message.response_metadata).toEqual({
      model_provider: "openai",
      request_id: "req_script",
      model_name: "gpt-4o-mini-2024-07-18",
      system_fingerprint: "fp_script",
      service_tier: "default",
      finish_reason: "tool_use",
      tokenUsage: { promptTokens: 60, completionTokens: 18, totalTokens: 78 },
      output_version: "v1",
    });
  });

  it("yields the events in order: start, text, the tool call as its own block, usage, block finishes, message finish", async () => {
    const { llm, answerNext } = createTestModel();
    answerNext(textThenToolCall);
    const events = await collect<ChatModelStreamEvent>(llm.streamEvents("Weather?", { tools: [getWeather], strict: true }));
    const summary = events.map((event) => ("index" in event ? `${event.event} ${event.index}` : event.event));
    expect(summary).toEqual([
      "message-start",
      "content-block-start 0",
      "content-block-delta 0",
      "content-block-delta 0",
      "content-block-start 1",
      "content-block-delta 1",
      "content-block-delta 1",
      "usage",
      "content-block-finish 0",
      "content-block-finish 1",
      "message-finish",
    ]);
    expect(events[0]).toEqual({ event: "message-start", id: "chatcmpl-script" });
    expect(events[4]).toEqual({ event: "content-block-start", index: 1, content: { type: "tool_call_chunk", id: "call_1", name: "get_weather", args: "", index: 0 } });
    expect(events.slice(5, 7)).toEqual([
      { event: "content-block-delta", index: 1, delta: { type: "tool-call-delta", args: '{"city":"Paris",' } },
      { event: "content-block-delta", index: 1, delta: { type: "tool-call-delta", args: '"unit":null}' } },
    ]);
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "tool_use", usage: scriptedUsage, responseMetadata: { finish_reason: "tool_calls" } });
  });

  it("serves .text, .toolCalls and .usage from the same stream", async () => {
    const { llm, answerNext } = createTestModel();
    answerNext(textThenToolCall);
    const stream = llm.streamEvents("Weather?", { tools: [getWeather], strict: true });
    expect(await stream.text).toBe("Checking the weather.");
    expect(await stream.toolCalls).toEqual([{ type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } }]);
    expect(await stream.usage).toEqual(scriptedUsage);
  });

  it("streams reasoning_content as reasoning: .reasoning, reasoning blocks first, and reasoning token counts", async () => {
    const { llm, answerNext } = createTestModel();
    answerNext(reasoningThenText);
    const stream = llm.streamEvents("Which is larger, 9.11 or 9.9?");
    expect(await collect(stream.reasoning)).toEqual(["9.11 has the smaller ", "fractional part, so 9.9 wins."]);
    const message = await stream;
    expect(message.content).toEqual([
      { type: "reasoning", reasoning: "9.11 has the smaller fractional part, so 9.9 wins." },
      { type: "text", text: "9.9 is larger." },
    ]);
    expect(message.usage_metadata?.output_token_details).toEqual({ reasoning: 14 });
    expect(message.response_metadata.finish_reason).toBe("stop");
  });

  it("keeps a tool call cut off by finish_reason length invalid (never repaired) and finishes with length", async () => {
    const { llm, answerNext } = createTestModel();
    answerNext({
      status: 200,
      sse: [
        sseChunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Par' } }] }),
        sseChunk({}, "length"),
      ],
    });
    const stream = llm.streamEvents("Weather?", { tools: [getWeather] });
    expect(await stream.toolCalls).toEqual([]);
    const message = await stream;
    expect(message.content).toEqual([{ type: "invalid_tool_call", id: "call_1", name: "get_weather", args: '{"city":"Par', error: TRUNCATED_TOOL_CALL_ERROR }]);
    expect(message.response_metadata.finish_reason).toBe("length");
  });

  it("streams a real tool call from the emulator with strict mode's null mapped back", async () => {
    const { llm, requests } = createTestModel({ streamUsage: true });
    const message = await llm.streamEvents("Use get_weather for Paris", { tools: [getWeather], strict: true });
    expect(requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(message.tool_calls).toHaveLength(1);
    expect(message.tool_calls?.[0]?.name).toBe("get_weather");
    expect(message.tool_calls?.[0]?.args).not.toHaveProperty("unit");
    expect(message.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(message.response_metadata.finish_reason).toBe("tool_use");
  });

  it("rejects an API error with our typed error", async () => {
    const { llm, answerNext } = createTestModel({ maxRetries: 0 });
    answerNext({ status: 400, body: errorBody("Invalid 'messages': empty array.", "invalid_request_error", null, "messages") });
    const error = await Promise.resolve(llm.streamEvents("Hi")).catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
  });

  it("rejects an abort mid-stream with one AbortError and a per-call timeout with a TimeoutError, closing the request", async () => {
    const { llm, emulator } = createTestModel();
    const serverSignals: AbortSignal[] = [];
    // A server that sends two chunks and then stalls until the client goes away, as a real connection would.
    emulator.fetch = async (input) => {
      const signal = (input as Request).signal;
      serverSignals.push(signal);
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of [sseChunk({ role: "assistant", content: "" }), sseChunk({ content: "Hel" })]) controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`));
          signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
    };
    const controller = new AbortController();
    const seen: ChatModelStreamEvent[] = [];
    const run = async () => {
      for await (const event of llm.streamEvents("Abort me", { signal: controller.signal })) {
        seen.push(event);
        if (event.event === "content-block-delta") controller.abort();
      }
    };
    const abortError = await run().catch((caught: unknown) => caught);
    expect(AbortError.isInstance(abortError)).toBe(true);
    expect(seen.map(({ event }) => event)).toEqual(["message-start", "content-block-start", "content-block-delta"]);
    expect(serverSignals[0]?.aborted).toBe(true);

    const timeoutError = await Promise.resolve(llm.streamEvents("Slow", { timeout: 50 })).catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(timeoutError)).toBe(true);
    expect(serverSignals[1]?.aborted).toBe(true);
  });

  it("feeds a handler that prefers chat-model stream events (invoke's event branch) our events, and invoke our message", async () => {
    class EventRecorder extends BaseCallbackHandler {
      name = "event-recorder";
      lc_prefer_chat_model_stream_events = true;
      readonly events: ChatModelStreamEvent[] = [];
      override handleChatModelStreamEvent(event: ChatModelStreamEvent) {
        this.events.push(event);
      }
    }
    const { llm, answerNext } = createTestModel();
    answerNext(textThenToolCall);
    const recorder = new EventRecorder();
    const message = await llm.invoke("Weather?", { tools: [getWeather], strict: true, callbacks: [recorder] });
    expect(message.tool_calls).toEqual([{ type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } }]);
    expect(message.response_metadata.finish_reason).toBe("tool_use");
    expect(recorder.events.filter((event) => event.event === "content-block-finish").map((event) => "content" in event && event.content.type)).toEqual([
      "text",
      "tool_call",
    ]);
  });
});

describe("disableStreaming", () => {
  it("true: stream() makes one request without streaming and yields exactly one chunk", async () => {
    const { llm, requests } = createTestModel({ disableStreaming: true, streamUsage: true });
    const chunks = await collect(await llm.stream("Stream me"));
    expect(chunks).toHaveLength(1);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).not.toHaveProperty("stream");
    expect(requests[0]?.body).not.toHaveProperty("stream_options");
    const direct = await createTestModel().llm.invoke("Stream me");
    expect(chunks[0]?.content).toBe(direct.content);
    expect(chunks[0]?.usage_metadata).toEqual(direct.usage_metadata);
  });

  it("true: a streaming callback gets no tokens and invoke does not stream, even with streaming: true", async () => {
    const { llm, requests } = createTestModel({ disableStreaming: true, streaming: true });
    const recorder = new StreamingTokenRecorder();
    const message = await llm.invoke("Hi", { callbacks: [recorder] });
    expect(recorder.calls).toEqual([]);
    expect(requests[0]?.body).not.toHaveProperty("stream");
    expect(String(message.content).length).toBeGreaterThan(0);
    expect(llm.invocationParams()).not.toHaveProperty("stream");
  });

  it('"tool_calling": a call without tools streams, a call with tools does not', async () => {
    const { llm, requests } = createTestModel({ disableStreaming: "tool_calling" });
    const plain = await collect(await llm.stream("Stream me"));
    expect(plain.length).toBeGreaterThan(3);
    expect(requests[0]?.body).toMatchObject({ stream: true });

    const withTools = await collect(await llm.bindTools([getWeather], { strict: true }).stream("Use get_weather for Paris"));
    expect(withTools).toHaveLength(1);
    expect(requests[1]?.body).not.toHaveProperty("stream");
    expect(withTools[0]?.tool_calls).toEqual([{ type: "tool_call", id: expect.stringMatching(/^call_/), name: "get_weather", args: expect.objectContaining({ city: expect.any(String) }) }]);
    expect(withTools[0]?.tool_calls?.[0]?.args).not.toHaveProperty("unit");
  });

  it('"tool_calling": under a streaming callback, a call with tools is one request without streaming and no tokens', async () => {
    const { llm, requests } = createTestModel({ disableStreaming: "tool_calling" });
    const recorder = new StreamingTokenRecorder();
    const message = await llm.invoke("Use get_weather for Paris", { tools: [getWeather], strict: true, callbacks: [recorder] });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).not.toHaveProperty("stream");
    expect(recorder.calls).toEqual([]);
    expect(message.tool_calls).toEqual([expect.objectContaining({ name: "get_weather", id: expect.stringMatching(/^call_/) })]);
    expect(message.tool_calls?.[0]?.args).not.toHaveProperty("unit");

    await llm.invoke("Hi", { callbacks: [recorder] });
    expect(requests[1]?.body).toMatchObject({ stream: true });
    expect(recorder.calls.length).toBeGreaterThan(3);
  });

  it("rejects a value that is not true, false or \"tool_calling\" with a ConfigurationError", () => {
    const build = () => createTestModel({ disableStreaming: "tools" as unknown as "tool_calling" });
    expect(build).toThrow(/disableStreaming must be true, false or "tool_calling", not "tools"/);
    let caught: unknown;
    try {
      build();
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
  });
});

describeWithEventStream("disableStreaming on core 1.4's event stream (not on core 1.0)", () => {
  it("true: streamEvents(input) makes one request without streaming and still assembles the message", async () => {
    const { llm, requests } = createTestModel({ disableStreaming: true });
    const message = await llm.streamEvents("Use get_weather for Paris", { tools: [getWeather], strict: true });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).not.toHaveProperty("stream");
    expect(message.tool_calls?.map(({ name }) => name)).toEqual(["get_weather"]);
    expect(message.tool_calls?.[0]?.args).not.toHaveProperty("unit");
    expect(message.response_metadata.finish_reason).toBe("tool_use");
  });
});
