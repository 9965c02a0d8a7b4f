// The natural-answer rules end to end, through the HTTP route with the official SDK, and scenarios overriding them.
import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { createTestClient, user } from "../__tests__/helpers.js";

const model = "gpt-4o-mini";

const getWeather: OpenAI.ChatCompletionFunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather in a given location",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: ["string", "null"], enum: ["celsius", "fahrenheit", null] } },
      required: ["city", "unit"],
      additionalProperties: false,
    },
    strict: true,
  },
};

describe("natural answers over HTTP", () => {
  it("runs a tutorial agent loop: the relevant tool with arguments from the prompt, then an answer from its result", async () => {
    const { client } = createTestClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [user("What is the weather like in San Francisco?")];
    const first = await client.chat.completions.create({ model, messages, tools: [getWeather] });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    const args = JSON.parse(call?.type === "function" ? call.function.arguments : "{}") as Record<string, unknown>;
    expect(args.city).toBe("San Francisco");
    expect(Object.keys(args)).toEqual(["city", "unit"]);

    messages.push(first.choices[0]!.message, { role: "tool", tool_call_id: call!.id, content: "It's 18°C and foggy in San Francisco" });
    const second = await client.chat.completions.create({ model, messages, tools: [getWeather] });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toBe("It's 18°C and foggy in San Francisco, according to get_weather.");

    // Small talk gets text; the same request gets the same answer.
    const hello = await client.chat.completions.create({ model, messages: [user("hi")], tools: [getWeather] });
    expect(hello.choices[0]?.finish_reason).toBe("stop");
    const again = await client.chat.completions.create({ model, messages: [user("What is the weather like in San Francisco?")], tools: [getWeather] });
    const firstCall = first.choices[0]?.message.tool_calls?.[0];
    const againCall = again.choices[0]?.message.tool_calls?.[0];
    expect(againCall?.type === "function" && againCall.function.arguments).toBe(firstCall?.type === "function" && firstCall.function.arguments);
  });

  it("answers the README's example with get_weather({\"city\":\"Paris\"})", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "What's the weather in Paris?" }],
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && [call.function.name, call.function.arguments]).toEqual(["get_weather", '{"city":"Paris"}']);
  });

  it("streams the same call, and JSON mode follows the keys the prompt lists", async () => {
    const { client } = createTestClient();
    const stream = await client.chat.completions.create({ model, messages: [user("Weather in Paris?")], tools: [getWeather], stream: true });
    let args = "";
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      args += delta?.function?.arguments ?? "";
    }
    expect(JSON.parse(args)).toMatchObject({ city: "Paris" });

    const json = await client.chat.completions.create({
      model,
      messages: [user("John Smith is 42 years old. Return JSON with keys name and age.")],
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(json.choices[0]?.message.content ?? "")).toEqual({ name: "John Smith", age: 42 });
  });

  it("lets scenarios override every rule", async () => {
    const { client } = createTestClient({
      scenarios: [
        { match: { toolResult: true }, respond: { text: "Scripted summary." } },
        { match: { lastUserMessage: { contains: "San Francisco" } }, respond: { text: "Scripted text." } },
        { match: { lastUserMessage: "hi" }, respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo", unit: null } }] } },
        { match: { lastUserMessage: { contains: "JSON" } }, respond: { json: { scripted: true } } },
      ],
    });
    const text = await client.chat.completions.create({ model, messages: [user("What is the weather like in San Francisco?")], tools: [getWeather] });
    expect(text.choices[0]?.message).toMatchObject({ content: "Scripted text." });
    expect(text.choices[0]?.message.tool_calls).toBeUndefined();

    const call = await client.chat.completions.create({ model, messages: [user("hi")], tools: [getWeather] });
    const scripted = call.choices[0]?.message.tool_calls?.[0];
    expect(scripted?.type === "function" && scripted.function.arguments).toBe('{"city":"Oslo","unit":null}');

    const after = await client.chat.completions.create({
      model,
      tools: [getWeather],
      messages: [user("hi"), call.choices[0]!.message, { role: "tool", tool_call_id: scripted!.id, content: "5°C in Oslo" }],
    });
    expect(after.choices[0]?.message.content).toBe("Scripted summary.");

    const json = await client.chat.completions.create({
      model,
      messages: [user("Return JSON with keys name and age.")],
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(json.choices[0]?.message.content ?? "")).toEqual({ scripted: true });
  });
});
