import { describe, expect, it } from "@jest/globals";
import {
  AIMessage,
  type AIMessageChunk,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import type OpenAI from "openai";
import { ConnectionError } from "./errors/errors.js";
import { createTestModel } from "./__tests__/test-model.js";

const weatherTool: OpenAI.ChatCompletionFunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } },
      required: ["city", "unit"],
      additionalProperties: false,
    },
    strict: true,
  },
};

describe("every message type, accepted by the emulator's validation", () => {
  it("sends a full conversation the API accepts", async () => {
    const { llm, requests } = createTestModel();
    const answer = await llm.invoke([
      new SystemMessage("You are terse."),
      new ChatMessage("Follow the house style.", "developer"),
      new HumanMessage({
        content: [
          { type: "text", text: "What is in this picture? Then use get_weather." },
          { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
          { type: "image", source_type: "base64", data: "iVBORw0KGgo=", mime_type: "image/png" },
        ],
      }),
      new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris", unit: "c" }, type: "tool_call" }] }),
      new ToolMessage({ tool_call_id: "call_1", content: '{"temp": 21}' }),
      new AIMessage("It is 21 degrees."),
      ["human", "And tomorrow?"],
    ]);
    expect(answer.content).toContain("And tomorrow?");
    expect(requests[0]?.body.messages).toEqual([
      { role: "system", content: "You are terse." },
      { role: "developer", content: "Follow the house style." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is in this picture? Then use get_weather." },
          { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
        ],
      },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris","unit":"c"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"temp": 21}' },
      { role: "assistant", content: "It is 21 degrees." },
      { role: "user", content: "And tomorrow?" },
    ]);
  });

  it("runs the legacy function-calling history end to end", async () => {
    const { llm } = createTestModel({ model: "gpt-3.5-turbo" });
    const answer = await llm.invoke([
      new HumanMessage("Call get_weather"),
      new AIMessage({ content: "", additional_kwargs: { function_call: { name: "get_weather", arguments: '{"city":"Oslo","unit":"c"}' } } }),
      new FunctionMessage({ name: "get_weather", content: '{"temp": -3}' }),
    ]);
    expect(answer.content).toBe("According to get_weather, the temp is -3.");
  });
});

describe("tool calls through invoke, stream and streamEvents", () => {
  it("gives the same tool_calls in every mode", async () => {
    const { llm } = createTestModel({ streamUsage: true });
    const options = { tools: [weatherTool] };
    const invoked = await llm.invoke("Use get_weather for Paris", options);
    expect(invoked.tool_calls).toEqual([{ name: "get_weather", args: expect.objectContaining({ city: expect.any(String) }), id: expect.stringMatching(/^call_/), type: "tool_call" }]);
    expect(invoked.response_metadata.finish_reason).toBe("tool_calls");

    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await llm.stream("Use get_weather for Paris", options)) chunks.push(chunk);
    const streamed = chunks.reduce((left, right) => concat(left, right));
    const withoutIds = (calls: AIMessage["tool_calls"]) => calls?.map(({ id: _id, ...call }) => call);
    expect(withoutIds(streamed.tool_calls)).toEqual(withoutIds(invoked.tool_calls));
    expect(streamed.response_metadata.finish_reason).toBe("tool_calls");
    expect(streamed.usage_metadata).toEqual(invoked.usage_metadata);

    let eventOutput: AIMessageChunk | undefined;
    for await (const event of llm.streamEvents("Use get_weather for Paris", { ...options, version: "v2" })) {
      if (event.event === "on_chat_model_end") eventOutput = event.data.output as AIMessageChunk;
    }
    expect(withoutIds(eventOutput?.tool_calls)).toEqual(withoutIds(invoked.tool_calls));
  });

  it("maps tool_choice: any to required and a bare name to a forced function", async () => {
    const { llm, requests } = createTestModel();
    await llm.invoke("Hi", { tools: [weatherTool], tool_choice: "any" });
    await llm.invoke("Hi", { tools: [weatherTool], tool_choice: "get_weather", parallel_tool_calls: false });
    expect(requests[0]?.body).toMatchObject({ tool_choice: "required" });
    expect(requests[0]?.body).not.toHaveProperty("parallel_tool_calls");
    expect(requests[1]?.body).toMatchObject({ tool_choice: { type: "function", function: { name: "get_weather" } }, parallel_tool_calls: false });
  });

  it("answers a tool result in text, ending the agent loop", async () => {
    const { llm } = createTestModel();
    const first = await llm.invoke("Use get_weather", { tools: [weatherTool] });
    const call = first.tool_calls?.[0];
    const second = await llm.invoke(
      [new HumanMessage("Use get_weather"), first, new ToolMessage({ tool_call_id: call!.id!, content: "21C and sunny" })],
      { tools: [weatherTool] },
    );
    expect(second.tool_calls).toEqual([]);
    expect(second.content).toContain("21C and sunny");
  });
});

describe("responses the emulator does not produce yet", () => {
  it("surfaces a refusal in additional_kwargs.refusal", async () => {
    const model = createTestModel();
    model.answerNext({
      status: 200,
      body: {
        id: "chatcmpl-refusal",
        object: "chat.completion",
        created: 1,
        model: "gpt-4o-2024-08-06",
        choices: [{ index: 0, message: { role: "assistant", content: null, refusal: "I can't help with that." }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 },
      },
    });
    const answer = await model.llm.invoke("Something refused");
    expect(answer.additional_kwargs.refusal).toBe("I can't help with that.");
    expect(answer.content).toBe("");
  });

  it("raises ConnectionError after retrying a failing connection maxRetries times", async () => {
    const { llm, emulator } = createTestModel({ maxRetries: 1 });
    let attempts = 0;
    emulator.fetch = async () => {
      attempts++;
      throw new TypeError("fetch failed");
    };
    const error = await llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true });
    expect(attempts).toBe(2);
  });
});
