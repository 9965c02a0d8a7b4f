import { describe, expect, it } from "@jest/globals";
import { countChatPromptTokens, type PromptRequest } from "./count-chat-prompt-tokens.js";
import { countResponsesPromptTokens } from "./count-responses-prompt-tokens.js";

const weather = {
  type: "function" as const,
  function: { name: "get_weather", description: "Weather of a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};
const user = { role: "user" as const, content: "Weather in Paris?" };
const call = { role: "assistant" as const, content: null, tool_calls: [{ id: "call_1", type: "function" as const, function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] };

async function difference(request: PromptRequest): Promise<number> {
  const responses = await countResponsesPromptTokens(request);
  const total = responses.countPerMessage.reduce((sum, count) => sum + count, 0);
  // The parts still add up to the total (reply priming: 2 on gpt-5 models, 3 on the others).
  const priming = request.model.startsWith("gpt-5") ? 2 : 3;
  expect(total + responses.toolsCount + responses.responseFormatCount + priming).toBe(responses.totalCount);
  return responses.totalCount - (await countChatPromptTokens(request)).totalCount;
}

describe("countResponsesPromptTokens (the differences measured on the Responses truth set)", () => {
  it("counts text as Chat Completions does", async () => {
    expect(await difference({ model: "gpt-4o", messages: [{ role: "system", content: "Be brief." }, user] })).toBe(0);
  });

  it("counts tool definitions 6 fewer without an opening system message, 2 fewer with one", async () => {
    expect(await difference({ model: "gpt-4o", messages: [user], tools: [weather] })).toBe(-6);
    expect(await difference({ model: "gpt-4o", messages: [{ role: "developer", content: "Be brief." }, user], tools: [weather] })).toBe(-2);
  });

  it("counts a json_schema format like tool definitions", async () => {
    const responseFormat = { type: "json_schema" as const, json_schema: { name: "int", schema: { type: "object", properties: { output: { type: "integer" } } } } };
    expect(await difference({ model: "gpt-4o-mini", messages: [user], responseFormat })).toBe(-6);
  });

  it("counts a turn with one function call 1 more, and leaves parallel calls and reasoning models to the chat rules", async () => {
    const result = { role: "tool" as const, tool_call_id: "call_1", content: "18°C" };
    expect(await difference({ model: "gpt-4o", messages: [user, call, result], tools: [weather] })).toBe(-5);
    const parallel = { ...call, tool_calls: [call.tool_calls[0]!, { ...call.tool_calls[0]!, id: "call_2" }] };
    expect(await difference({ model: "gpt-4o", messages: [user, parallel], tools: [weather] })).toBe(-6);
    expect(await difference({ model: "gpt-5-mini", messages: [user, call, result], tools: [weather] })).toBe(0);
  });
});
