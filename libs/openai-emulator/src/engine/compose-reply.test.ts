import { describe, expect, it } from "@jest/globals";
import type { ChatCompletionRequest, WireMessage } from "../wire.js";
import { composeJsonObjectReply, composeTextReply, describeToolResult } from "./compose-reply.js";
import { findJsonShape } from "./json-shape.js";
import { builtInModels, findModel, type ModelProfile } from "./models.js";
import { createRandom } from "./random.js";

const model = findModel(builtInModels(), "gpt-4o-mini") as ModelProfile;

function jsonRequest(messages: WireMessage[]): ChatCompletionRequest {
  return { model: "gpt-4o-mini", messages, response_format: { type: "json_object" } };
}

function jsonReply(messages: WireMessage[], seed = "seed"): unknown {
  return JSON.parse(composeJsonObjectReply(jsonRequest(messages), model, createRandom(seed)));
}

describe("JSON mode follows the shape the prompt shows", () => {
  it.each<[string, WireMessage[], Record<string, unknown>]>([
    [
      "a JSON example in the system message: same keys, values from the conversation",
      [
        { role: "system", content: 'Extract the trip. Answer in JSON like {"city": "Rome", "nights": 2, "budget": 450.5, "pets": false}' },
        { role: "user", content: "Three nights in Lisbon, please." },
      ],
      { city: "Lisbon", nights: 3, budget: expect.any(Number), pets: expect.any(Boolean) },
    ],
    [
      "a JSON example in the user message (its own values are not read as what was said)",
      [{ role: "user", content: 'Which city hosts the Louvre? Reply as {"city": "Berlin", "country": "Germany"}' }],
      { city: expect.any(String), country: expect.any(String) },
    ],
    [
      "type names as example values",
      [{ role: "user", content: 'Give me {"name": "string", "age": "integer", "tags": ["string"]} for Ada Lovelace, 36' }],
      { name: "Ada Lovelace", age: 36, tags: expect.arrayContaining([expect.any(String)]) },
    ],
    [
      "keys listed in words",
      [{ role: "user", content: "John Smith is 42 years old. Return JSON with keys name and age." }],
      { name: "John Smith", age: 42 },
    ],
    [
      "keys listed after a colon, in the system message",
      [
        { role: "system", content: "Respond in JSON. Fields: city, summary" },
        { role: "user", content: "Tell me about Kyoto" },
      ],
      { city: "Kyoto", summary: expect.any(String) },
    ],
  ])("%s", (_, messages, expected) => {
    const reply = jsonReply(messages);
    expect(reply).toEqual(expected);
    expect(Object.keys(reply as object)).toEqual(Object.keys(expected));
  });

  it("keeps the key order and the value types of a nested example", () => {
    const messages: WireMessage[] = [{ role: "user", content: 'Output {"user": {"id": 1, "email": "a@b.c"}, "ok": true} for Paris' }];
    const reply = jsonReply(messages) as { user: { id: unknown; email: unknown }; ok: unknown };
    expect(Object.keys(reply)).toEqual(["user", "ok"]);
    expect(Number.isInteger(reply.user.id)).toBe(true);
    expect(typeof reply.user.email).toBe("string");
    expect(typeof reply.ok).toBe("boolean");
  });

  it("is deterministic for a given request and seed", () => {
    const messages: WireMessage[] = [{ role: "user", content: "Return JSON with fields: title, year" }];
    expect(jsonReply(messages, "a")).toEqual(jsonReply(messages, "a"));
  });

  it("falls back to the fixed object when the prompt shows no shape", () => {
    const reply = jsonReply([{ role: "user", content: "Describe Paris in JSON." }]);
    expect(Object.keys(reply as object)).toEqual(["reply", "topic", "words", "note"]);
    expect(findJsonShape(jsonRequest([{ role: "user", content: "Use {topic} as a template {not json}" }]))).toBeUndefined();
  });
});

describe("after tool results the text answers with what they said", () => {
  it.each<[string, string, string]>([
    ["get_weather", "It's 18°C and sunny in Paris", "It's 18°C and sunny in Paris, according to get_weather."],
    ["get_weather", "21 degrees celsius in Paris.", "21 degrees celsius in Paris, according to get_weather."],
    ["get_weather", '{"temperature": 18, "condition": "sunny", "feelsLike": null}',
      "According to get_weather, the temperature is 18, the condition is sunny and the feels like is not given."],
    ["search", '[{"title": "LangChain 1.0 released", "url": "https://x"}, {"title": "LangGraph update"}]',
      "search found 2 results: LangChain 1.0 released; LangGraph update."],
    ["search", "[]", "search found no results."],
    ["multiply", "36", "36, according to multiply."],
    ["get_weather", "Error: city not found", "get_weather reported an error: Error: city not found."],
    ["noop", "  ", "noop returned nothing."],
  ])("%s returning %j", (name, content, expected) => {
    expect(describeToolResult({ name, content })).toBe(expected);
  });

  it("gives each of several results a sentence, and nothing else", () => {
    const request: ChatCompletionRequest = {
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: "weather in Paris and Rome" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            { id: "call_2", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "18°C and sunny in Paris" },
        { role: "tool", tool_call_id: "call_2", content: "24°C and clear in Rome" },
      ],
    };
    expect(composeTextReply(request, model, createRandom("x"))).toBe(
      "18°C and sunny in Paris, according to get_weather. 24°C and clear in Rome, according to get_weather.",
    );
  });
});
