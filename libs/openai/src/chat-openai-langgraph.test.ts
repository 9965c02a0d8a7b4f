import { describe, expect, it } from "@jest/globals";
import { type AIMessage, HumanMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { createTestModel } from "./__tests__/test-model.js";

// LangGraph needs @langchain/core >= 1.3.4, so this suite does not run in the minimum-versions job (core 1.0.0).
const describeWithLangGraph = process.env.TESSERA_DEPS === "min" ? describe.skip : describe;

describeWithLangGraph("a LangGraph ReAct agent on ChatOpenAI", () => {
  const received: Array<Record<string, unknown>> = [];
  const getWeather = tool(
    async (input) => {
      received.push(input);
      // The user's schema says unit is optional, not nullable: strict mode's null must never reach the tool.
      if ((input as { unit?: unknown }).unit === null) throw new Error("the tool received null for an optional field");
      return `It is 21 degrees in ${input.city}.`;
    },
    { name: "get_weather", description: "Weather for a city", schema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }) },
  );

  async function run(streamMessages: boolean): Promise<BaseMessage[]> {
    const { createReactAgent } = await import("@langchain/langgraph/prebuilt");
    const { llm } = createTestModel({ streamUsage: true });
    const agent = createReactAgent({ llm: llm.bindTools([getWeather], { strict: true }), tools: [getWeather] });
    const input = { messages: [new HumanMessage("What's the weather in Paris? Use get_weather.")] };
    if (!streamMessages) return (await agent.invoke(input)).messages;
    let streamed = 0;
    for await (const [chunk] of await agent.stream(input, { streamMode: "messages" })) if (chunk) streamed++;
    expect(streamed).toBeGreaterThan(5);
    const state = await agent.invoke(input);
    return state.messages;
  }

  it.each([false, true])("runs model, tool and model to a final answer (streamMode messages: %s)", async (streamMessages) => {
    const messages = await run(streamMessages);
    expect(messages.map((message) => message.type)).toEqual(["human", "ai", "tool", "ai"]);
    const call = (messages[1] as AIMessage).tool_calls?.[0];
    expect(call?.name).toBe("get_weather");
    // The model really sent null for the optional field (so the mapping is exercised), and the tool never saw it.
    const raw = ((messages[1] as AIMessage).additional_kwargs.tool_calls as Array<{ function: { arguments: string } }>)[0]!.function.arguments;
    expect(JSON.parse(raw)).toMatchObject({ unit: null });
    expect(call?.args).not.toHaveProperty("unit");
    expect(ToolMessage.isInstance(messages[2]) && messages[2].content).toContain("It is 21 degrees in");
    expect(String(messages[3]?.content)).toContain("It is 21 degrees in");
    expect(new Set(messages.map((message) => message.id)).size).toBe(messages.length);
    expect(received.length).toBeGreaterThan(0);
  });
});

describeWithLangGraph("a LangGraph ReAct agent on ChatOpenAI with useResponsesApi: true", () => {
  it.each([false, true])("runs model, tool and model on /v1/responses to a final answer (streamMode messages: %s)", async (streamMessages) => {
    const received: Array<Record<string, unknown>> = [];
    const getWeather = tool(
      async (input) => {
        received.push(input);
        return `It is 21 degrees in ${input.city}.`;
      },
      { name: "get_weather", description: "Weather for a city", schema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }) },
    );
    const { createReactAgent } = await import("@langchain/langgraph/prebuilt");
    const { llm, requests } = createTestModel({ useResponsesApi: true });
    const agent = createReactAgent({ llm: llm.bindTools([getWeather], { strict: true }), tools: [getWeather] });
    const input = { messages: [new HumanMessage("What's the weather in Paris? Use get_weather.")] };
    if (streamMessages) {
      let streamed = 0;
      for await (const [chunk] of await agent.stream(input, { streamMode: "messages" })) if (chunk) streamed++;
      expect(streamed).toBeGreaterThan(5);
    }
    const { messages } = await agent.invoke(input);
    expect(messages.map((message: BaseMessage) => message.type)).toEqual(["human", "ai", "tool", "ai"]);
    expect((messages[1] as AIMessage).tool_calls?.[0]?.name).toBe("get_weather");
    expect((messages[3] as AIMessage).text).toContain("It is 21 degrees in");
    // The call went back to the server as a function_call item paired with its output (the emulator refuses an unpaired one).
    const sentTypes = (requests.at(-1)!.body.input as Array<{ type: string }>).map((item) => item.type);
    expect(sentTypes).toEqual(expect.arrayContaining(["function_call", "function_call_output"]));
    // Whatever the model chose for the optional unit, a strict-mode null never reaches the tool.
    expect(received.length).toBeGreaterThan(0);
    for (const args of received) expect(Object.values(args)).not.toContain(null);
    expect(new Set(requests.map((request) => new URL(request.url).pathname))).toEqual(new Set(["/v1/responses"]));
  });
});

// langchain 1.x's createAgent is the successor of createReactAgent (LangGraph 1.x marks that deprecated). It binds the
// tools itself and, for `responseFormat`, picks native structured output when the model supports it.
describeWithLangGraph("langchain's createAgent on ChatOpenAI", () => {
  const getWeather = tool(async (input) => `It is 21 degrees in ${input.city}.`, {
    name: "get_weather",
    description: "Weather for a city",
    schema: z.object({ city: z.string() }),
  });

  it.each([false, true])("runs model, tool and model to a final answer (useResponsesApi: %s)", async (useResponsesApi) => {
    const { createAgent } = await import("langchain");
    const { llm, requests } = createTestModel({ useResponsesApi });
    const agent = createAgent({ model: llm, tools: [getWeather] });
    const { messages } = await agent.invoke({ messages: [new HumanMessage("What's the weather in Paris? Use get_weather.")] });
    expect(messages.map((message: BaseMessage) => message.type)).toEqual(["human", "ai", "tool", "ai"]);
    expect((messages[1] as AIMessage).tool_calls?.[0]).toMatchObject({ name: "get_weather", args: { city: "Paris" } });
    expect((messages[3] as AIMessage).text).toContain("It is 21 degrees in Paris");
    const path = useResponsesApi ? "/v1/responses" : "/v1/chat/completions";
    expect(new Set(requests.map((request) => new URL(request.url).pathname))).toEqual(new Set([path]));
  });

  it.each([false, true])("answers responseFormat with native structured output (the model's profile says it can), after using the tool (useResponsesApi: %s)", async (useResponsesApi) => {
    const { createAgent } = await import("langchain");
    const Weather = z.object({ city: z.string(), degrees: z.number() });
    const { llm, requests } = createTestModel({ useResponsesApi });
    expect(llm.profile).toMatchObject({ structuredOutput: true, toolCalling: true });
    const agent = createAgent({ model: llm, tools: [getWeather], responseFormat: Weather });
    const state = await agent.invoke({ messages: [new HumanMessage("What's the weather in Paris? Use get_weather, then report it.")] });
    // The emulator reports what the tool said.
    expect(state.structuredResponse).toEqual({ city: "Paris", degrees: 21 });
    expect(state.messages.map((message: BaseMessage) => message.type)).toEqual(["human", "ai", "tool", "ai"]);
    // Native: a strict JSON schema format on every turn, and no extraction tool forced with tool_choice.
    for (const { body } of requests) {
      const format = useResponsesApi ? (body.text as { format: unknown }).format : (body.response_format as { json_schema: unknown }).json_schema;
      expect(format).toMatchObject({ strict: true });
      const names = (body.tools as Array<{ name?: string; function?: { name: string } }>).map((tool) => tool.name ?? tool.function?.name);
      expect(names).toEqual(["get_weather"]);
    }
  });
});
