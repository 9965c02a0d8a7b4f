// streamEvents: the v2 event stream LangChain's standard tests read (start, stream chunks, end; the chunks adding up to
// the output, tool calls and usage included when the model sits in a chain), and core 1.4's new event stream
// (`await llm.streamEvents(input)` with no version, a ChatModelStream of content-block events): text, tool calls,
// usage and the finish reason, with aborts and errors typed as ours.
import { describe, expect, it } from "@jest/globals";
import type { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { concat } from "@langchain/core/utils/stream";
import { AbortError, NotFoundError } from "../errors/errors.js";
import type { ChatOpenAI } from "../chat-openai.js";
import {
  createConformanceHarness,
  HAS_CHAT_MODEL_EVENT_STREAM,
  rejectionOf,
  streamedEvents,
  streamedText,
} from "./conformance-harness.js";

const harness = createConformanceHarness();

const ADDER = {
  name: "math_addition",
  description: "Add two integers",
  schema: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"] },
};

function scriptAdderCall(finishReason?: "length"): void {
  harness.script([{ respond: { toolCalls: [{ name: "math_addition", arguments: { a: 1, b: 2 } }], ...(finishReason ? { finishReason } : {}) } }]);
}

async function serverUsage(): Promise<Record<string, unknown>> {
  const [exchange] = await harness.exchanges();
  return streamedEvents(exchange).find((event) => event.usage != null)?.usage as Record<string, unknown>;
}

describe("streamEvents v2", () => {
  it("starts with on_chat_model_start, streams in the middle and ends with on_chat_model_end, whose output the chunks add up to", async () => {
    const events = [];
    for await (const event of harness.model().streamEvents("Hello", { version: "v2" })) events.push(event);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events[0]?.event).toBe("on_chat_model_start");
    expect(events.at(-1)?.event).toBe("on_chat_model_end");
    expect(events[Math.floor(events.length / 2)]?.event).toBe("on_chat_model_stream");
    const chunks = events.filter((event) => event.event === "on_chat_model_stream").map((event) => event.data.chunk as AIMessageChunk);
    const output = events.at(-1)?.data.output as AIMessageChunk;
    const [exchange] = await harness.exchanges();
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(streamedText(exchange));
    expect(output.text).toBe(streamedText(exchange));
  });

  it("in a prompt | model chain, streams chunks that add up to the tool call and the usage of the output", async () => {
    scriptAdderCall();
    const chain = ChatPromptTemplate.fromMessages([["human", "{question}"]]).pipe(harness.model({ streamUsage: true }).bindTools([ADDER]));
    const chunks: AIMessageChunk[] = [];
    let output: AIMessageChunk | undefined;
    for await (const event of chain.streamEvents({ question: "Use math_addition on 1 and 2." }, { version: "v2" })) {
      if (event.event === "on_chat_model_stream") chunks.push(event.data.chunk as AIMessageChunk);
      if (event.event === "on_chat_model_end") output = event.data.output as AIMessageChunk;
    }
    expect(output?.tool_calls).toEqual([expect.objectContaining({ name: "math_addition", args: { a: 1, b: 2 } })]);
    expect(chunks.length).toBeGreaterThan(0);
    const streamed = chunks.reduce((left, right) => concat(left, right));
    expect(streamed.tool_calls).toEqual(output?.tool_calls);
    expect(streamed.usage_metadata).toEqual(output?.usage_metadata);
    expect(streamed.usage_metadata?.total_tokens).toBe((await serverUsage()).total_tokens);
  });
});

// The new event stream exists from @langchain/core 1.4 on (BaseChatModel._streamChatModelEvents); on older cores
// streamEvents needs a version, so these tests are skipped there.
(HAS_CHAT_MODEL_EVENT_STREAM ? describe : describe.skip)("core's ChatModelStream (streamEvents without a version; skipped on cores older than 1.4, which lack it)", () => {
  type ChatModelStream = PromiseLike<AIMessage> &
    AsyncIterable<{ event: string; index?: number; reason?: string; content?: Record<string, unknown>; delta?: Record<string, unknown>; usage?: unknown }> & {
      text: PromiseLike<string>;
      toolCalls: PromiseLike<Array<Record<string, unknown>>>;
      usage: PromiseLike<Record<string, unknown> | undefined>;
    };
  // Tools go in as call options: core 1.4's RunnableBinding (what bindTools returns) does not pass a versionless
  // streamEvents through to the model, so the ChatModelStream is only reachable on the model itself.
  const eventStream = (llm: ChatOpenAI, input: string, options?: object) =>
    (llm as unknown as { streamEvents(input: string, options?: object): ChatModelStream }).streamEvents(input, options);

  async function eventsOf(stream: ChatModelStream) {
    const events = [];
    for await (const event of stream) events.push(event);
    return events;
  }

  it("assembles the text, the usage and the finish reason stop, and streams text deltas between message-start and message-finish", async () => {
    const stream = eventStream(harness.model({ streamUsage: true }), "Hello");
    const message = await stream;
    const events = await eventsOf(stream);
    const [exchange] = await harness.exchanges();
    const text = streamedText(exchange);
    expect(events[0]?.event).toBe("message-start");
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "stop" });
    expect(events.filter((event) => event.delta?.type === "text-delta").map((event) => event.delta?.text).join("")).toBe(text);
    expect(await stream.text).toBe(text);
    expect(message.text).toBe(text);
    const usage = await serverUsage();
    expect(await stream.usage).toMatchObject({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens, total_tokens: usage.total_tokens });
    expect(message.usage_metadata?.total_tokens).toBe(usage.total_tokens);
    expect(message.response_metadata.finish_reason).toBe("stop");
  });

  it("gives a tool call as its own block, parsed at its finish, and the finish reason tool_use", async () => {
    scriptAdderCall();
    const stream = eventStream(harness.model({ streamUsage: true }), "Use math_addition.", { tools: [ADDER] });
    const events = await eventsOf(stream);
    expect(await stream.toolCalls).toEqual([expect.objectContaining({ type: "tool_call", name: "math_addition", args: { a: 1, b: 2 }, id: expect.stringMatching(/^call_/u) })]);
    const deltas = events.filter((event) => event.delta?.type === "tool-call-delta").map((event) => event.delta?.args).join("");
    expect(deltas).toBe('{"a":1,"b":2}');
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "tool_use" });
    expect((await stream).response_metadata.finish_reason).toBe("tool_use");
    expect(await stream.usage).toMatchObject({ total_tokens: (await serverUsage()).total_tokens });
  });

  it("gives parallel calls one block each", async () => {
    harness.script([{ respond: { toolCalls: [{ name: "math_addition", arguments: { a: 1, b: 2 } }, { name: "math_addition", arguments: { a: 3, b: 4 } }] } }]);
    const stream = eventStream(harness.model(), "Use math_addition twice.", { tools: [ADDER] });
    const events = await eventsOf(stream);
    const calls = await stream.toolCalls;
    expect(calls.map((call) => call.args)).toEqual([
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
    const finishedBlocks = events.filter((event) => event.event === "content-block-finish" && event.content?.type === "tool_call");
    expect(new Set(finishedBlocks.map((event) => event.index)).size).toBe(2);
  });

  it("finishes a call cut off by the token limit as an invalid tool call with its raw arguments, reason length, never a repaired call", async () => {
    harness.script([{ respond: { toolCalls: [{ name: "math_addition", arguments: '{"a":1,"b":' }], finishReason: "length" } }]);
    const stream = eventStream(harness.model(), "Use math_addition.", { tools: [ADDER] });
    const events = await eventsOf(stream);
    expect(await stream.toolCalls).toEqual([]);
    const finished = events.filter((event) => event.event === "content-block-finish").map((event) => event.content);
    expect(finished).toEqual([expect.objectContaining({ type: "invalid_tool_call", name: "math_addition", args: '{"a":1,"b":' })]);
    expect(events.at(-1)).toMatchObject({ event: "message-finish", reason: "length" });
  });

  it("rejects with our typed errors: AbortError for an aborted signal, NotFoundError for an unknown model", async () => {
    const aborted = await rejectionOf(Promise.resolve(eventStream(harness.model(), "Hello", { signal: AbortSignal.abort() })));
    expect(AbortError.isInstance(aborted)).toBe(true);
    const unknown = await rejectionOf(Promise.resolve(eventStream(harness.model({ model: "gpt-9" }), "Hello")));
    expect(NotFoundError.isInstance(unknown)).toBe(true);
  });
});
