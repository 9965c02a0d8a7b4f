import { describe, expect, it } from "@jest/globals";
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigurationError } from "./errors/errors.js";
import { createTestModel } from "./__tests__/test-model.js";

// Real responses of DeepSeek, vLLM and Cerebras (messages/__fixtures__/recorded/SOURCES.md says where each comes from).
const RECORDED = path.join(path.dirname(fileURLToPath(import.meta.url)), "messages/__fixtures__/recorded");
const readJson = (name: string) => JSON.parse(readFileSync(path.join(RECORDED, name), "utf8")) as Record<string, unknown>;
const readChunks = (name: string) =>
  readFileSync(path.join(RECORDED, name), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { choices: Array<{ delta: Record<string, unknown> }> });
const joinDeltas = (chunks: ReturnType<typeof readChunks>, key: string) => chunks.map((chunk) => chunk.choices[0]?.delta[key]).filter((piece) => typeof piece === "string").join("");
const recordedMessage = (body: Record<string, unknown>) => (body.choices as Array<{ message: { content: string; reasoning_content: string } }>)[0]!.message;

async function streamAll(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  let whole: AIMessageChunk | undefined;
  for await (const chunk of stream) whole = whole === undefined ? chunk : concat(whole, chunk);
  if (whole === undefined) throw new Error("the stream yielded nothing");
  return whole;
}

describe("reasoning text of OpenAI-compatible servers, from recorded responses", () => {
  it.each([
    ["DeepSeek (deepseek-reasoner)", "deepseek-reasoner.json"],
    ["vLLM (Qwen3, --reasoning-parser qwen3)", "vllm-qwen3-reasoning.json"],
  ])("invoke keeps %s's reasoning_content in additional_kwargs and as a reasoning content block", async (_server, file) => {
    const body = readJson(file);
    const { llm, answerNext } = createTestModel({ model: String(body.model), compatibility: "compatible" });
    answerNext({ status: 200, body });
    const message = await llm.invoke("How many r's are in strawberry?");
    const { content, reasoning_content: reasoning } = recordedMessage(body);
    expect(message.content).toBe(content);
    expect(message.additional_kwargs.reasoning_content).toBe(reasoning);
    expect(message.contentBlocks).toEqual([{ type: "reasoning", reasoning }, { type: "text", text: content }]);
  });

  it("stream keeps DeepSeek's reasoning_content deltas, in order, beside the text and the usage", async () => {
    const chunks = readChunks("deepseek-reasoner.chunks.txt");
    const { llm, answerNext } = createTestModel({ model: "deepseek-reasoner", compatibility: "compatible" });
    answerNext({ status: 200, sse: chunks });
    const whole = await streamAll(await llm.stream("How many r's are in strawberry?"));
    expect(whole.additional_kwargs.reasoning_content).toBe(joinDeltas(chunks, "reasoning_content"));
    expect(whole.content).toBe(joinDeltas(chunks, "content"));
    expect(whole.usage_metadata).toMatchObject({ input_tokens: 18, output_tokens: 219, total_tokens: 237, output_token_details: { reasoning: 205 } });
    expect(whole.contentBlocks[0]).toEqual({ type: "reasoning", reasoning: joinDeltas(chunks, "reasoning_content") });
  });

  it("stream reads `reasoning` (vLLM 0.10+, OpenRouter, Cerebras) as reasoning_content, with the tool call that follows", async () => {
    const chunks = readChunks("cerebras-reasoning-tool-call.chunks.txt");
    const { llm, answerNext } = createTestModel({ model: "zai-glm-4.7", compatibility: "compatible" });
    answerNext({ status: 200, sse: chunks });
    const tool = { type: "function" as const, function: { name: "nonUsefulTool", parameters: { type: "object", properties: {} } } };
    const whole = await streamAll(await llm.bindTools([tool]).stream("What is the magic number?"));
    expect(whole.additional_kwargs.reasoning_content).toBe(joinDeltas(chunks, "reasoning"));
    expect(whole.additional_kwargs.reasoning_content).toMatch(/^The user is asking about a "magic number"/u);
    expect(whole.tool_calls).toEqual([{ name: "nonUsefulTool", args: {}, id: "bbd2b9d98", type: "tool_call" }]);
  });

  it("core 1.4's content-block events carry the reasoning in its own block, before the text", async () => {
    const chunks = readChunks("deepseek-reasoner.chunks.txt");
    const { llm, answerNext } = createTestModel({ model: "deepseek-reasoner", compatibility: "compatible" });
    answerNext({ status: 200, sse: chunks });
    const events = [];
    for await (const event of llm._streamChatModelEvents([new HumanMessage("How many r's?")], {} as never)) events.push(event);
    const finished = events.filter((event) => event.event === "content-block-finish").map((event) => (event as { content: unknown }).content);
    expect(finished).toEqual([
      { type: "reasoning", reasoning: joinDeltas(chunks, "reasoning_content") },
      { type: "text", text: joinDeltas(chunks, "content") },
    ]);
  });
});

describe("reasoning in history (sendReasoningContent)", () => {
  const toolCall = { name: "lookup", args: { q: "strawberry" }, id: "call_1", type: "tool_call" as const };
  const history = [
    new HumanMessage("How many r's are in strawberry?"),
    new AIMessage({ content: "", tool_calls: [toolCall], additional_kwargs: { reasoning_content: "I should look it up." } }),
    new ToolMessage({ content: "s-t-r-a-w-b-e-r-r-y", tool_call_id: "call_1" }),
    new AIMessage({ content: "Three.", additional_kwargs: { reasoning_content: "Count the r's: three." } }),
    new HumanMessage("And in raspberry?"),
  ];
  const completion = readJson("deepseek-reasoner.json");
  const sentReasoning = async (fields: Parameters<typeof createTestModel>[0]) => {
    const { llm, answerNext, requests } = createTestModel({ model: "deepseek-reasoner", compatibility: "compatible", ...fields });
    answerNext({ status: 200, body: completion });
    await llm.invoke(history);
    return (requests[0]?.body.messages as Array<{ role: string; reasoning_content?: string }>).map((message) => message.reasoning_content);
  };

  it("is not sent back by default", async () => {
    expect(await sentReasoning({})).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(await sentReasoning({ sendReasoningContent: "never" })).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('is sent back on tool-call turns with "tool-calls" (DeepSeek\'s thinking mode needs it there), and everywhere with "always"', async () => {
    expect(await sentReasoning({ sendReasoningContent: "tool-calls" })).toEqual([undefined, "I should look it up.", undefined, undefined, undefined]);
    expect(await sentReasoning({ sendReasoningContent: "always" })).toEqual([undefined, "I should look it up.", undefined, "Count the r's: three.", undefined]);
  });

  it("reads a streamed answer's reasoning, or its reasoning blocks, and refuses an unknown setting", async () => {
    const { llm, answerNext, requests } = createTestModel({ model: "deepseek-reasoner", compatibility: "compatible", sendReasoningContent: "always" });
    const chunks = readChunks("deepseek-reasoner.chunks.txt");
    answerNext({ status: 200, sse: chunks }, { status: 200, body: completion });
    const answer = await streamAll(await llm.stream("How many r's are in strawberry?"));
    const blocks = new AIMessage({ content: [{ type: "reasoning", reasoning: "From a block." }, { type: "text", text: "Hi." }] });
    await llm.invoke([new HumanMessage("Q"), answer, new HumanMessage("Q2"), blocks, new HumanMessage("Q3")]);
    const sent = requests[1]?.body.messages as Array<{ reasoning_content?: string }>;
    expect(sent[1]?.reasoning_content).toBe(joinDeltas(chunks, "reasoning_content"));
    expect(sent[3]?.reasoning_content).toBe("From a block.");
    expect(() => createTestModel({ sendReasoningContent: "yes" as never })).toThrow(ConfigurationError);
  });
});
