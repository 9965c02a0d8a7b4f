// Tool calling as LangChain's standard tests exercise it: every way to define a tool (StructuredTool, tool() with Zod
// v3 and v4, { name, description, schema } with Zod, JSON Schema or a Standard Schema, OpenAI's format, a Runnable as
// a tool), on invoke and on stream; tool_choice; parallel calls; conversations that carry tool calls and results
// (string and list content, few-shot examples, parallel results); and tools that take no arguments. Each test checks
// the exact tool definition and messages the server received, and the exact calls the model made.
import { describe, expect, it } from "@jest/globals";
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableLambda } from "@langchain/core/runnables";
import { StructuredTool, tool } from "@langchain/core/tools";
import { z as z3 } from "zod/v3";
import { z as z4 } from "zod/v4";
import type { ChatOpenAIToolType } from "../chat-openai-fields.js";
import { collectStream, completionOf, createConformanceHarness } from "./conformance-harness.js";
import { createAdderStandardSchema } from "./adder-standard-schema.js";

const harness = createConformanceHarness();

const ADDER_DESCRIPTION = "Add two integers";
const ADDER_JSON_SCHEMA = {
  type: "object",
  properties: {
    a: { type: "integer", description: "The first integer to add." },
    b: { type: "integer", description: "The second integer to add." },
  },
  required: ["a", "b"],
};
const adderV3 = z3.object({ a: z3.number().int().describe("The first integer to add."), b: z3.number().int().describe("The second integer to add.") });
const adderV4 = z4.object({ a: z4.number().int().describe("The first integer to add."), b: z4.number().int().describe("The second integer to add.") });

class AdderTool extends StructuredTool {
  name = "math_addition";
  description = ADDER_DESCRIPTION;
  schema = adderV4;
  async _call(input: z4.infer<typeof adderV4>): Promise<string> {
    return JSON.stringify({ result: input.a + input.b });
  }
}

const TOOL_KINDS: Array<[string, () => ChatOpenAIToolType]> = [
  ["a StructuredTool subclass (Zod v4)", () => new AdderTool()],
  ["tool() with a Zod v3 schema", () => tool(async ({ a, b }) => String(a + b), { name: "math_addition", description: ADDER_DESCRIPTION, schema: adderV3 })],
  ["tool() with a Zod v4 schema", () => tool(async ({ a, b }) => String(a + b), { name: "math_addition", description: ADDER_DESCRIPTION, schema: adderV4 })],
  ["{ name, description, schema } with Zod v3", () => ({ name: "math_addition", description: ADDER_DESCRIPTION, schema: adderV3 })],
  ["{ name, description, schema } with Zod v4", () => ({ name: "math_addition", description: ADDER_DESCRIPTION, schema: adderV4 })],
  ["{ name, description, schema } with JSON Schema", () => ({ name: "math_addition", description: ADDER_DESCRIPTION, schema: ADDER_JSON_SCHEMA })],
  ["an OpenAI-format function tool", () => ({ type: "function", function: { name: "math_addition", description: ADDER_DESCRIPTION, parameters: ADDER_JSON_SCHEMA } })],
  [
    "a Runnable as a tool (asTool, Zod v3)",
    () => RunnableLambda.from((_input: unknown) => "3").asTool({ name: "math_addition", description: ADDER_DESCRIPTION, schema: adderV3 }) as ChatOpenAIToolType,
  ],
  ["{ name, description, schema } with a Standard Schema", () => ({ name: "math_addition", description: ADDER_DESCRIPTION, schema: createAdderStandardSchema() as never })],
];

const ADDER_ON_THE_WIRE = { type: "function", function: { name: "math_addition", description: ADDER_DESCRIPTION, parameters: ADDER_JSON_SCHEMA } };

const MATH_PROMPT = ChatPromptTemplate.fromMessages([
  ["system", "You are bad at math and must ALWAYS call the {toolName} function."],
  ["human", "What is the sum of 1836281973 and 19973286?"],
]);

const weatherTool = tool(async () => "It is currently 24 degrees with hail in San Francisco.", {
  name: "get_current_weather",
  description: "Get the current weather in a given location",
  schema: z4.object({ location: z4.string().describe("The city name, e.g. San Francisco") }),
});
const timeTool = tool(async () => "The current time in San Francisco is 12:02 PM.", {
  name: "get_current_time",
  description: "Get the current time in a given location",
  schema: z4.object({ location: z4.string().describe("The city name, e.g. San Francisco") }),
});
const PARALLEL_PROMPT =
  "What's the weather and current time in San Francisco?\nEnsure you ALWAYS call the 'get_current_weather' tool for weather and 'get_current_time' tool for time.";

const CALL_ID = /^call_[A-Za-z0-9]+$/u;

function scriptAdderCall(): void {
  harness.script([{ match: { toolResult: false }, respond: { toolCalls: [{ name: "math_addition", arguments: { a: 1, b: 2 } }] } }]);
}

async function answerBy(mode: "invoke" | "stream", runnable: { invoke(input: never): Promise<AIMessageChunk>; stream(input: never): Promise<AsyncIterable<AIMessageChunk>> }, input: unknown) {
  return mode === "invoke" ? runnable.invoke(input as never) : (await collectStream(await runnable.stream(input as never))).whole;
}

describe.each(TOOL_KINDS)("a tool given as %s", (_kind, createTool) => {
  it.each(["invoke", "stream"] as const)("is sent as an OpenAI function tool, and the model's call comes back parsed (%s)", async (mode) => {
    scriptAdderCall();
    const answer = await answerBy(mode, harness.model().bindTools([createTool()]), "What is the value of math_addition(1, 2)? Use the tool.");
    const [body] = await harness.requestBodies();
    expect(body?.tools).toEqual([ADDER_ON_THE_WIRE]);
    expect(answer.tool_calls).toEqual([{ name: "math_addition", args: { a: 1, b: 2 }, id: expect.stringMatching(CALL_ID), type: "tool_call" }]);
    expect(answer.invalid_tool_calls ?? []).toEqual([]);
    expect(answer.response_metadata.finish_reason).toBe("tool_calls");
  });
});

describe("tool calls the model makes on its own", () => {
  it("calls a tool a prompt template's system message demands, with generated arguments valid for the schema (invoke and stream alike)", async () => {
    // The emulated model calls on its own only tools the user names; this rule makes it obey the system message, as a
    // real model does, and leaves the arguments to its generator (valid for the schema the request carries).
    harness.script([{ match: { system: { contains: "ALWAYS call the math_addition function" } }, respond: { toolCalls: [{ name: "math_addition" }] } }]);
    const chain = MATH_PROMPT.pipe(harness.model().bindTools([new AdderTool()]));
    const invoked = await chain.invoke({ toolName: "math_addition" });
    const { whole: streamed } = await collectStream(await chain.stream({ toolName: "math_addition" }));
    for (const answer of [invoked, streamed]) {
      expect(answer.tool_calls).toHaveLength(1);
      expect(answer.tool_calls?.[0]).toEqual({ name: "math_addition", args: expect.anything(), id: expect.stringMatching(CALL_ID), type: "tool_call" });
      expect(adderV4.safeParse(answer.tool_calls?.[0]?.args).success).toBe(true);
    }
    // The emulator answers a conversation deterministically: both paths got the same arguments.
    expect(streamed.tool_calls?.[0]?.args).toEqual(invoked.tool_calls?.[0]?.args);
  });

  it("streams a call in tool_call_chunks: the name and id first, the arguments in several fragments", async () => {
    scriptAdderCall();
    const { chunks, whole } = await collectStream(await harness.model().bindTools([new AdderTool()]).stream("Use math_addition."));
    const fragments = chunks.flatMap((chunk) => chunk.tool_call_chunks ?? []);
    expect(fragments[0]).toMatchObject({ name: "math_addition", id: expect.stringMatching(CALL_ID), index: 0 });
    expect(fragments.filter((fragment) => fragment.args !== "" && fragment.args !== undefined).length).toBeGreaterThan(1);
    expect(fragments.map((fragment) => fragment.args ?? "").join("")).toBe('{"a":1,"b":2}');
    expect(whole.tool_calls).toEqual([{ name: "math_addition", args: { a: 1, b: 2 }, id: fragments[0]?.id, type: "tool_call" }]);
  });
});

describe("tool_choice", () => {
  it.each([
    ["any", "required"],
    ["required", "required"],
    ["math_addition", { type: "function", function: { name: "math_addition" } }],
    [{ type: "function", function: { name: "math_addition" } }, { type: "function", function: { name: "math_addition" } }],
  ] as const)("%j is sent as %j and makes the model call a tool the prompt never named", async (toolChoice, onTheWire) => {
    const answer = await harness
      .model()
      .bindTools([new AdderTool(), weatherTool], { tool_choice: toolChoice as never })
      .invoke("Tell me a joke.");
    const [body] = await harness.requestBodies();
    expect(body?.tool_choice).toEqual(onTheWire);
    expect(answer.tool_calls?.map((call) => call.name)).toEqual(["math_addition"]);
  });

  it('"auto" lets the model answer in text, and "none" forbids calls even when the prompt names the tool', async () => {
    const llm = harness.model();
    const auto = await llm.bindTools([new AdderTool()], { tool_choice: "auto" }).invoke("Tell me a joke.");
    const none = await llm.bindTools([new AdderTool()], { tool_choice: "none" }).invoke("Use math_addition on 1 and 2.");
    expect((await harness.requestBodies()).map((body) => body.tool_choice)).toEqual(["auto", "none"]);
    for (const answer of [auto, none]) {
      expect(answer.tool_calls).toEqual([]);
      expect(answer.text).not.toBe("");
    }
  });

  it("a named tool_choice wins over the tool the prompt names", async () => {
    const answer = await harness.model().bindTools([new AdderTool(), weatherTool], { tool_choice: "get_current_weather" }).invoke("Use math_addition.");
    expect(answer.tool_calls?.map((call) => call.name)).toEqual(["get_current_weather"]);
  });
});

describe("parallel tool calls", () => {
  it.each(["invoke", "stream"] as const)("calls both tools in one answer when the prompt asks for both (%s)", async (mode) => {
    const answer = await answerBy(mode, harness.model().bindTools([weatherTool, timeTool]), PARALLEL_PROMPT);
    expect(answer.tool_calls?.map((call) => call.name).sort()).toEqual(["get_current_time", "get_current_weather"]);
    expect(new Set(answer.tool_calls?.map((call) => call.id)).size).toBe(2);
    for (const call of answer.tool_calls ?? []) expect(call).toEqual({ name: call.name, args: { location: expect.any(String) }, id: expect.stringMatching(CALL_ID), type: "tool_call" });
  });

  it("sends parallel_tool_calls: false and gets one call", async () => {
    const answer = await harness.model().bindTools([weatherTool, timeTool], { parallel_tool_calls: false }).invoke(PARALLEL_PROMPT);
    const [body] = await harness.requestBodies();
    expect(body?.parallel_tool_calls).toBe(false);
    expect(answer.tool_calls).toHaveLength(1);
  });

  it("answers a history with both parallel results in text, calling no tool again, each result sent with its call's id", async () => {
    const llm = harness.model().bindTools([weatherTool, timeTool]);
    const calls = await llm.invoke(PARALLEL_PROMPT);
    const weatherCall = calls.tool_calls!.find((call) => call.name === "get_current_weather")!;
    const timeCall = calls.tool_calls!.find((call) => call.name === "get_current_time")!;
    const history = [
      new HumanMessage(PARALLEL_PROMPT),
      calls,
      new ToolMessage({ name: weatherCall.name, tool_call_id: weatherCall.id!, content: "It is currently 24 degrees with hail in San Francisco." }),
      new ToolMessage({ name: timeCall.name, tool_call_id: timeCall.id!, content: "The current time in San Francisco is 12:02 PM." }),
    ];
    const answer = await llm.invoke(history);
    expect(answer.tool_calls ?? []).toEqual([]);
    expect(answer.text).toContain("24 degrees with hail");
    expect(answer.text).toContain("12:02 PM");
    const [, second] = await harness.requestBodies();
    const sent = second?.messages as Array<Record<string, unknown>>;
    expect(sent[1]).toMatchObject({
      role: "assistant",
      tool_calls: calls.tool_calls!.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: JSON.stringify(call.args) } })),
    });
    expect(sent.slice(2)).toEqual([
      { role: "tool", tool_call_id: weatherCall.id, content: "It is currently 24 degrees with hail in San Francisco." },
      { role: "tool", tool_call_id: timeCall.id, content: "The current time in San Francisco is 12:02 PM." },
    ]);
  });
});

describe("conversations with tool calls and results", () => {
  const adderCall = { name: "math_addition", args: { a: 1, b: 2 }, id: "abc123", type: "tool_call" as const };
  const result = JSON.stringify({ result: 3 });

  it("sends an AI message with string content and tool_calls, then the ToolMessage, and answers from the result", async () => {
    const answer = await harness
      .model()
      .bindTools([new AdderTool()])
      .invoke([new HumanMessage("What is 1 + 2"), new AIMessage({ content: "", tool_calls: [adderCall] }), new ToolMessage(result, "abc123", "math_addition")]);
    const [body] = await harness.requestBodies();
    expect(body?.messages).toEqual([
      { role: "user", content: "What is 1 + 2" },
      { role: "assistant", content: null, tool_calls: [{ id: "abc123", type: "function", function: { name: "math_addition", arguments: '{"a":1,"b":2}' } }] },
      { role: "tool", tool_call_id: "abc123", content: result },
    ]);
    expect(AIMessage.isInstance(answer)).toBe(true);
    expect(answer.text).toBe("According to math_addition, the result is 3.");
  });

  it("sends an AI message with list content (text and an Anthropic-style tool_use block): its text, and the call once, from tool_calls", async () => {
    const answer = await harness
      .model()
      .bindTools([new AdderTool()])
      .invoke([
        new HumanMessage("What is 1 + 2"),
        new AIMessage({
          content: [
            { type: "text", text: "some text" },
            { type: "tool_use", id: "abc123", name: "math_addition", input: { a: 1, b: 2 } },
          ],
          tool_calls: [adderCall],
        }),
        new ToolMessage(result, "abc123", "math_addition"),
      ]);
    const [body] = await harness.requestBodies();
    const sent = body?.messages as Array<Record<string, unknown>>;
    expect(sent[1]).toEqual({
      role: "assistant",
      content: [{ type: "text", text: "some text" }],
      tool_calls: [{ id: "abc123", type: "function", function: { name: "math_addition", arguments: '{"a":1,"b":2}' } }],
    });
    expect(answer.text).toBe("According to math_addition, the result is 3.");
  });

  it("sends few-shot examples with tool calls and answers the new question", async () => {
    const answer = await harness
      .model()
      .bindTools([new AdderTool()])
      .invoke([
        new HumanMessage("What is 1 + 2"),
        new AIMessage({ content: "", tool_calls: [adderCall] }),
        new ToolMessage(result, "abc123", "math_addition"),
        new AIMessage(result),
        new HumanMessage("What is 3 + 4"),
      ]);
    const [body] = await harness.requestBodies();
    expect(body?.messages).toEqual([
      { role: "user", content: "What is 1 + 2" },
      { role: "assistant", content: null, tool_calls: [{ id: "abc123", type: "function", function: { name: "math_addition", arguments: '{"a":1,"b":2}' } }] },
      { role: "tool", tool_call_id: "abc123", content: result },
      { role: "assistant", content: result },
      { role: "user", content: "What is 3 + 4" },
    ]);
    expect(AIMessage.isInstance(answer)).toBe(true);
  });

  it.each(["invoke", "stream"] as const)("runs a whole tool round trip: the model's own message goes back with the result (%s)", async (mode) => {
    const getWeather = tool(async () => "The weather in San Francisco is 70 degrees and sunny.", {
      name: "get_current_weather",
      description: "Get the current weather for a location.",
      schema: z3.object({ location: z3.string().describe("The location to get the weather for.") }),
    });
    const llm = harness.model().bindTools([getWeather]);
    const messages: Array<HumanMessage | AIMessage | AIMessageChunk | ToolMessage> = [
      new HumanMessage("What's the weather like in San Francisco right now? Use the 'get_current_weather' tool to find the answer."),
    ];
    const first = await answerBy(mode, llm, messages);
    expect(first.tool_calls?.[0]?.name).toBe("get_current_weather");
    messages.push(first);
    const call = first.tool_calls![0]!;
    messages.push(new ToolMessage({ tool_call_id: call.id!, name: call.name, content: await getWeather.invoke(call.args as { location: string }) }));
    const final = await answerBy(mode, llm, messages);
    expect(final.tool_calls ?? []).toEqual([]);
    expect(final.text).toContain("70 degrees and sunny");
    const [, second] = await harness.requestBodies();
    expect((second?.messages as unknown[])[1]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: call.id, type: "function", function: { name: "get_current_weather", arguments: JSON.stringify(call.args) } }],
    });
  });
});

describe("tools without arguments", () => {
  const ping = tool(async () => "pong", { name: "ping", description: "Check that the service is up", schema: z4.object({}) });

  it.each(["invoke", "stream"] as const)("are sent with an empty object schema and their calls come back with args {} (%s)", async (mode) => {
    const answer = await answerBy(mode, harness.model().bindTools([ping]), "Use ping.");
    const [body] = await harness.requestBodies();
    expect(body?.tools).toEqual([{ type: "function", function: { name: "ping", description: "Check that the service is up", parameters: { type: "object", properties: {} } } }]);
    expect(answer.tool_calls).toEqual([{ name: "ping", args: {}, id: expect.stringMatching(CALL_ID), type: "tool_call" }]);
    expect(answer.invalid_tool_calls ?? []).toEqual([]);
  });

  it.each(["invoke", "stream"] as const)("read empty argument text as {} (%s)", async (mode) => {
    harness.script([{ respond: { toolCalls: [{ name: "ping", arguments: "" }] } }]);
    const answer = await answerBy(mode, harness.model().bindTools([ping]), "Use ping.");
    const [exchange] = await harness.exchanges();
    if (mode === "invoke") expect(completionOf(exchange).choices[0]?.message.tool_calls).toMatchObject([{ function: { name: "ping", arguments: "" } }]);
    expect(answer.tool_calls).toEqual([{ name: "ping", args: {}, id: expect.stringMatching(CALL_ID), type: "tool_call" }]);
    expect(answer.invalid_tool_calls ?? []).toEqual([]);
  });

  it("send a no-argument call back in a history as arguments {}", async () => {
    const answer = await harness
      .model()
      .bindTools([ping])
      .invoke([
        new HumanMessage("Use ping."),
        new AIMessage({ content: "", tool_calls: [{ name: "ping", args: {}, id: "call_ping1", type: "tool_call" }] }),
        new ToolMessage("pong", "call_ping1", "ping"),
      ]);
    const [body] = await harness.requestBodies();
    expect((body?.messages as unknown[])[1]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_ping1", type: "function", function: { name: "ping", arguments: "{}" } }],
    });
    expect(answer.text).toBe("Pong, according to ping.");
  });
});
