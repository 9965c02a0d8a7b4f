import { describe, expect, it } from "@jest/globals";
import type { ChatCompletionRequest, WireMessage, WireTool, WireToolChoice } from "../wire.js";
import { decideCalls } from "./decide-calls.js";

function fn(name: string, description?: string): WireTool {
  return { type: "function", function: { name, ...(description ? { description } : {}), parameters: { type: "object", properties: {} } } };
}

const getWeather = fn("get_weather", "Get the current weather in a given location");
const multiply = fn("multiply", "Multiply two numbers.");
const add = fn("add", "Adds a and b.");
const search = fn("tavily_search_results_json", "A search engine optimized for comprehensive, accurate, and trusted results.");
const getTime = fn("get_current_time", "Returns the current time in a timezone");
const meteo = fn("obtenir_meteo", "Donne la météo actuelle d'une ville");
const tenki = fn("get_tenki", "指定した都市の現在の天気を取得します");
const kensaku = fn("web_kensaku", "ウェブを検索して結果を返します");
const camel = fn("lookupStockPrice", "Stock prices by ticker");

function request(messages: WireMessage[] | string, tools: WireTool[], extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  const list = typeof messages === "string" ? [{ role: "user" as const, content: messages }] : messages;
  return { model: "gpt-4o-mini", messages: list, tools, ...extra };
}

function called(body: ChatCompletionRequest): string[] | undefined {
  return decideCalls(body)?.tools.map((tool) => tool.definition.name);
}

describe("decideCalls: tool_choice auto calls the tools the last user message relates to", () => {
  const tools = [getWeather, multiply, add, search, getTime];
  it.each<[string, string[] | undefined]>([
    // tutorial prompts
    ["what is the weather like in San Francisco", ["get_weather"]],
    ["What's the forecast for Paris tomorrow?", ["get_weather"]],
    ["what is 3 times 12", ["multiply"]],
    ["What is 3 * 12? Also, what is 11 + 49?", ["multiply", "add"]],
    ["search for the latest news on LangChain", ["tavily_search_results_json"]],
    ["What time is it in Tokyo?", ["get_current_time"]],
    // named, as before
    ["Use get_weather", ["get_weather"]],
    ["call get current time", ["get_current_time"]],
    // several relevant tools: parallel calls, in the order the user refers to them
    ["Search the web, then tell me the weather in Rome", ["tavily_search_results_json", "get_weather"]],
    // small talk and unrelated requests get text
    ["hi", undefined],
    ["thanks!", undefined],
    ["Hello, how are you?", undefined],
    ["Tell me a short story", undefined],
    ["2026-03-05", undefined],
  ])("%j → %j", (text, expected) => {
    expect(called(request(text, tools))).toEqual(expected);
  });

  it.each<[string, WireTool[], string[] | undefined]>([
    ["Quelle est la météo à Paris ?", [meteo, multiply], ["obtenir_meteo"]],
    ["Bonjour, merci !", [meteo, multiply], undefined],
    ["東京の天気を教えてください", [tenki, kensaku], ["get_tenki"]],
    ["最新のニュースを検索して", [tenki, kensaku], ["web_kensaku"]],
    ["こんにちは", [tenki, kensaku], undefined],
    ["What is the stock price of ACME?", [camel, getWeather], ["lookupStockPrice"]],
  ])("in any script: %j", (text, tools, expected) => {
    expect(called(request(text, tools))).toEqual(expected);
  });

  it("calls a tool a system or developer sentence asks for, even on small talk", () => {
    for (const role of ["system", "developer"] as const) {
      const messages: WireMessage[] = [
        { role, content: "You are helpful. Always use get_current_time before answering." },
        { role: "user", content: "hi" },
      ];
      expect(called(request(messages, [getWeather, getTime]))).toEqual(["get_current_time"]);
    }
    // A system message that lists tools without asking for one calls nothing.
    const listing: WireMessage[] = [{ role: "system", content: "Tools available: get_weather." }, { role: "user", content: "hi" }];
    expect(called(request(listing, [getWeather]))).toBeUndefined();
  });

  it("reads the last 4,000 characters of a long message", () => {
    const document = `Weather report. ${"Lorem ipsum dolor sit amet. ".repeat(200)}`;
    expect(document.length).toBeGreaterThan(4000);
    expect(called(request(`${document}\n\nThanks!`, [getWeather]))).toBeUndefined();
    expect(called(request(`${document}\n\nWhat is the forecast for Paris?`, [getWeather]))).toEqual(["get_weather"]);
  });

  it("gives one call when parallel_tool_calls is false", () => {
    const body = request("What is 3 * 12? Also, what is 11 + 49?", [multiply, add], { parallel_tool_calls: false });
    expect(called(body)).toEqual(["multiply"]);
  });

  it("answers tool results in text, so agent loops end", () => {
    const messages: WireMessage[] = [
      { role: "user", content: "what is the weather like in San Francisco" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_1", content: "18 degrees and foggy" },
    ];
    expect(called(request(messages, [getWeather]))).toBeUndefined();
  });
});

describe("decideCalls: other tool_choice values", () => {
  it.each<[WireToolChoice, string, string[] | undefined]>([
    ["required", "what is 3 times 12", ["multiply"]],
    ["required", "hi", ["get_weather"]],
    ["none", "what is 3 times 12", undefined],
    [{ type: "function", function: { name: "add" } }, "what is 3 times 12", ["add"]],
    [{ type: "allowed_tools", allowed_tools: { mode: "auto", tools: [{ type: "function", function: { name: "add" } }] } }, "what is 3 times 12", undefined],
    [{ type: "allowed_tools", allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "add" } }] } }, "what is 3 times 12", ["add"]],
  ])("%j with %j → %j", (choice, text, expected) => {
    expect(called(request(text, [getWeather, multiply, add], { tool_choice: choice }))).toEqual(expected);
  });

  it("legacy functions follow the same relevance, one call at most", () => {
    const body: ChatCompletionRequest = {
      model: "gpt-3.5-turbo",
      messages: [{ role: "user", content: "what is 3 times 12 and 2 + 2" }],
      functions: [multiply, add].map((tool) => (tool.type === "function" ? tool.function : { name: "" })),
    };
    expect(decideCalls(body)).toEqual({ style: "function_call", tools: [{ kind: "function", definition: expect.objectContaining({ name: "multiply" }) }] });
    expect(decideCalls({ ...body, messages: [{ role: "user", content: "thanks" }] })).toBeUndefined();
  });
});
