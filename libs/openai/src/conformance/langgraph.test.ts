// LangGraph's "messages" stream mode, which streams a graph's model calls token by token through the model's
// callbacks: a model node's streamed chunks must add up to its answer, text, tool calls and usage alike.
import { describe, expect, it, jest } from "@jest/globals";
import { type AIMessage, AIMessageChunk, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import type * as LangGraph from "@langchain/langgraph";
import type { ChatOpenAIFields } from "../chat-openai-fields.js";
import { createConformanceHarness } from "./conformance-harness.js";

const harness = createConformanceHarness();

/** LangGraph, if it loads on the installed @langchain/core (it needs pieces core added in 1.3.4). */
function loadLangGraph(): typeof LangGraph | undefined {
  try {
    return jest.requireActual<typeof LangGraph>("@langchain/langgraph");
  } catch {
    return undefined;
  }
}

const langGraph = loadLangGraph();

const ADDER = {
  name: "math_addition",
  description: "Add two integers",
  schema: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer" } }, required: ["a", "b"] },
};

/** Runs a one-node graph whose node calls the model, in "messages" stream mode: what the node streamed, and its answer. */
async function streamOneModelNode(fields: ChatOpenAIFields, input: string): Promise<{ streamed: AIMessageChunk[]; answer: AIMessage }> {
  const { StateGraph, MessagesAnnotation, START, END } = langGraph!;
  const llm = harness.model(fields).bindTools([ADDER]);
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state: { messages: BaseMessage[] }) => ({ messages: [await llm.invoke(state.messages)] }))
    .addEdge(START, "agent")
    .addEdge("agent", END)
    .compile();
  const streamed: AIMessageChunk[] = [];
  for await (const [chunk, metadata] of await graph.stream({ messages: [new HumanMessage(input)] }, { streamMode: "messages" })) {
    if ((metadata as { langgraph_node?: string }).langgraph_node === "agent" && AIMessageChunk.isInstance(chunk)) streamed.push(chunk);
  }
  const state = await graph.invoke({ messages: [new HumanMessage(input)] });
  return { streamed, answer: state.messages.at(-1) as AIMessage };
}

(langGraph ? describe : describe.skip)('LangGraph\'s "messages" stream mode (skipped where LangGraph cannot load: @langchain/core below its peer range, e.g. the 1.0.0 minimum)', () => {
  it("streams a model node's text answer in chunks that add up to it, with its usage", async () => {
    const { streamed, answer } = await streamOneModelNode({ streamUsage: true }, "Hello");
    expect(streamed.length).toBeGreaterThan(10);
    const whole = streamed.reduce((left, right) => concat(left, right));
    expect(whole.text).toBe(answer.text);
    expect(whole.usage_metadata).toEqual(answer.usage_metadata);
  });

  it("streams a model node's tool call in chunks that add up to the call and the usage", async () => {
    harness.script([{ respond: { toolCalls: [{ name: "math_addition", arguments: { a: 1, b: 2 } }] } }]);
    const { streamed, answer } = await streamOneModelNode({ streamUsage: true }, "Use math_addition.");
    expect(answer.tool_calls).toEqual([expect.objectContaining({ name: "math_addition", args: { a: 1, b: 2 } })]);
    // Streamed as it arrives, fragment by fragment: LangGraph falls back to one whole message only when the model
    // reported no chunk at all.
    expect(streamed.length).toBeGreaterThan(1);
    const whole = streamed.reduce((left, right) => concat(left, right));
    expect(whole.tool_calls?.map(({ name, args }) => ({ name, args }))).toEqual([{ name: "math_addition", args: { a: 1, b: 2 } }]);
    expect(whole.usage_metadata).toEqual(answer.usage_metadata);
    expect(answer.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });
});
