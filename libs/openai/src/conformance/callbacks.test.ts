// Callbacks, which tracing (LangSmith), streamEvents and LangGraph are built on: the start of a run (as a chat model
// run, or as an LLM run for handlers that only know those), a new-token callback for every streamed chunk that carries
// anything (text, tool-call fragments, usage, the finish), the end with the token usage, and the error of a failed call.
import { describe, expect, it } from "@jest/globals";
import type { Serialized } from "@langchain/core/load/serializable";
import { AIMessageChunk, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import type { ChatGenerationChunk, LLMResult } from "@langchain/core/outputs";
import { concat } from "@langchain/core/utils/stream";
import { NotFoundError } from "../errors/errors.js";
import { collectStream, completionOf, createConformanceHarness, rejectionOf, streamedEvents } from "./conformance-harness.js";

const harness = createConformanceHarness();

const ADDER = {
  name: "math_addition",
  description: "Add two integers",
  schema: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"] },
};

interface TokenCall {
  token: string;
  chunk: ChatGenerationChunk | undefined;
}

/**
 * A handler that records every callback it gets. `preferStreaming` marks it as streamEvents' and LangGraph's handlers
 * are marked (`lc_prefer_streaming`), which makes core stream even an invoke so the handler hears every chunk.
 */
function createRecorder({ preferStreaming = false } = {}) {
  const calls = {
    chatModelStarts: [] as Array<{ llm: Serialized; messages: BaseMessage[][]; extraParams: Record<string, unknown> | undefined }>,
    tokens: [] as TokenCall[],
    ends: [] as LLMResult[],
    errors: [] as unknown[],
  };
  const handler = {
    lc_prefer_streaming: preferStreaming,
    handleChatModelStart(llm: Serialized, messages: BaseMessage[][], _runId: string, _parentRunId?: string, extraParams?: Record<string, unknown>) {
      calls.chatModelStarts.push({ llm, messages, extraParams });
    },
    handleLLMNewToken(token: string, _index: unknown, _runId: string, _parentRunId?: string, _tags?: string[], fields?: { chunk?: ChatGenerationChunk }) {
      calls.tokens.push({ token, chunk: fields?.chunk });
    },
    handleLLMEnd(output: LLMResult) {
      calls.ends.push(output);
    },
    handleLLMError(error: unknown) {
      calls.errors.push(error);
    },
  };
  return { calls, handler };
}

/** What a streamed chunk carries that a listener must not miss. */
function payloadOf(message: AIMessageChunk) {
  return {
    content: message.content,
    tool_call_chunks: message.tool_call_chunks ?? [],
    usage_metadata: message.usage_metadata,
    finish_reason: message.response_metadata?.finish_reason,
  };
}

function carriesSomething(payload: ReturnType<typeof payloadOf>): boolean {
  return payload.content !== "" || payload.tool_call_chunks.length > 0 || payload.usage_metadata !== undefined || payload.finish_reason !== undefined;
}

/**
 * The new-token callbacks must match the streamed chunks one for one: each chunk that carries anything gets exactly one
 * callback with `fields.chunk`, in order. A first role-only chunk that carries nothing may be reported or not.
 */
function expectOneTokenCallbackPerChunk(tokens: TokenCall[], streamed: AIMessageChunk[]): void {
  expect(tokens.every((call) => call.chunk !== undefined && AIMessageChunk.isInstance(call.chunk.message))).toBe(true);
  const reported = tokens.map((call) => payloadOf(call.chunk!.message as AIMessageChunk));
  const expected = streamed.map(payloadOf).filter(carriesSomething);
  expect(reported.filter(carriesSomething)).toEqual(expected);
  expect(reported.length - expected.length).toBeLessThanOrEqual(1);
  for (const call of tokens) expect(call.token).toBe(call.chunk!.text);
}

describe("run start", () => {
  it("reports a chat model run with the messages, the serialized model and the invocation parameters", async () => {
    const { calls, handler } = createRecorder();
    await harness.model({ temperature: 0.5 }).invoke([new HumanMessage("Hello")], { callbacks: [handler] });
    expect(calls.chatModelStarts).toHaveLength(1);
    const [start] = calls.chatModelStarts;
    expect(start?.messages).toHaveLength(1);
    expect(start?.messages[0]?.map((message) => [message.type, message.content])).toEqual([["human", "Hello"]]);
    expect(start?.llm).toMatchObject({ lc: 1, type: "constructor", id: ["tessera", "openai", "ChatOpenAI"] });
    expect(start?.extraParams?.invocation_params).toMatchObject({ model: "gpt-4o-mini", temperature: 0.5 });
  });

  it("reports an LLM run with the prompt as text to a handler that only has handleLLMStart", async () => {
    const prompts: string[][] = [];
    await harness.model().invoke([new HumanMessage("Hello")], { callbacks: [{ handleLLMStart: (_llm: Serialized, given: string[]) => void prompts.push(given) }] });
    expect(prompts).toEqual([["Human: Hello"]]);
  });
});

describe("new tokens", () => {
  it("fires handleLLMNewToken with fields.chunk once for every streamed text chunk, the finish and the usage", async () => {
    const { calls, handler } = createRecorder();
    const { chunks } = await collectStream(await harness.model({ streamUsage: true }).stream("Hello", { callbacks: [handler] }));
    expect(chunks.some((chunk) => chunk.usage_metadata !== undefined)).toBe(true);
    expectOneTokenCallbackPerChunk(calls.tokens, chunks);
  });

  it("fires handleLLMNewToken with fields.chunk for every tool-call fragment too", async () => {
    harness.script([{ respond: { toolCalls: [{ name: "math_addition", arguments: { a: 1, b: 2 } }] } }]);
    const { calls, handler } = createRecorder();
    const { chunks } = await collectStream(await harness.model({ streamUsage: true }).bindTools([ADDER]).stream("Use math_addition.", { callbacks: [handler] }));
    expect(chunks.filter((chunk) => (chunk.tool_call_chunks ?? []).length > 0).length).toBeGreaterThan(1);
    expectOneTokenCallbackPerChunk(calls.tokens, chunks);
  });

  it("lets a listener that prefers streaming hear the whole answer of an invoke: its chunks add up to the tool call and the usage", async () => {
    harness.script([{ respond: { toolCalls: [{ name: "math_addition", arguments: { a: 1, b: 2 } }] } }]);
    const { calls, handler } = createRecorder({ preferStreaming: true });
    const answer = await harness.model({ streamUsage: true }).bindTools([ADDER]).invoke("Use math_addition.", { callbacks: [handler] });
    const [body] = await harness.requestBodies();
    expect(body?.stream).toBe(true);
    expect(answer.tool_calls).toEqual([expect.objectContaining({ name: "math_addition", args: { a: 1, b: 2 } })]);
    expect(calls.tokens.length).toBeGreaterThan(0);
    const heard = calls.tokens.map((call) => call.chunk!.message as AIMessageChunk).reduce((left, right) => concat(left, right));
    expect(heard.tool_calls).toEqual(answer.tool_calls);
    expect(heard.usage_metadata).toEqual(answer.usage_metadata);
  });
});

describe("run end", () => {
  it("reports the token usage in llmOutput.tokenUsage and the message in the generations (invoke)", async () => {
    const { calls, handler } = createRecorder();
    const answer = await harness.model().invoke("Hello", { callbacks: [handler] });
    const usage = completionOf((await harness.exchanges())[0]).usage;
    expect(calls.ends).toHaveLength(1);
    expect(calls.ends[0]?.llmOutput?.tokenUsage).toEqual({ promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens });
    expect(calls.ends[0]?.generations[0]?.[0]?.text).toBe(answer.text);
  });

  it("reports the streamed token usage in llmOutput.tokenUsage (stream)", async () => {
    const { calls, handler } = createRecorder();
    await collectStream(await harness.model({ streamUsage: true }).stream("Hello", { callbacks: [handler] }));
    const usage = streamedEvents((await harness.exchanges())[0]).find((event) => event.usage != null)?.usage as Record<string, number>;
    expect(calls.ends).toHaveLength(1);
    expect(calls.ends[0]?.llmOutput?.tokenUsage).toEqual({ promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens });
  });

  it("reports each call of a batch as its own run with its own usage", async () => {
    const { calls, handler } = createRecorder();
    await harness.model().batch(["Hello", "A longer prompt than the first one"], { callbacks: [handler] });
    const usages = (await harness.exchanges()).map((exchange) => completionOf(exchange).usage.total_tokens);
    expect(calls.ends.map((end) => end.llmOutput?.tokenUsage?.totalTokens).sort()).toEqual(usages.sort());
  });
});

describe("run error", () => {
  it.each(["invoke", "stream"] as const)("reports a failed call to handleLLMError with the same typed error the caller gets, and no end (%s)", async (mode) => {
    const { calls, handler } = createRecorder();
    const llm = harness.model({ model: "gpt-9" });
    const error = await rejectionOf(
      mode === "invoke" ? llm.invoke("Hello", { callbacks: [handler] }) : (async () => collectStream(await llm.stream("Hello", { callbacks: [handler] })))(),
    );
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(calls.errors).toHaveLength(1);
    expect(NotFoundError.isInstance(calls.errors[0])).toBe(true);
    expect(calls.ends).toEqual([]);
  });
});
