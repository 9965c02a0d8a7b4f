import { describe, expect, it } from "@jest/globals";
import { BaseCallbackHandler, type HandleLLMNewTokenCallbackFields } from "@langchain/core/callbacks/base";
import { AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { tool } from "@langchain/core/tools";
import { concat } from "@langchain/core/utils/stream";
import { z } from "zod";
import { createTestModel } from "./__tests__/test-model.js";

const weatherSchema = z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() });
const getWeather = tool(async ({ city }) => `It is 21 degrees in ${city}.`, { name: "get_weather", description: "Weather for a city", schema: weatherSchema });

// LangGraph needs @langchain/core >= 1.3.4, so it does not run in the minimum-versions job (core 1.0.0).
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

/** Records every handleLLMNewToken call with its chunk. */
class TokenRecorder extends BaseCallbackHandler {
  name = "token-recorder";
  readonly calls: Array<{ token: string; chunk: unknown }> = [];

  override handleLLMNewToken(token: string, _idx: unknown, _runId: string, _parentRunId?: string, _tags?: string[], fields?: HandleLLMNewTokenCallbackFields) {
    this.calls.push({ token, chunk: fields?.chunk });
  }
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
