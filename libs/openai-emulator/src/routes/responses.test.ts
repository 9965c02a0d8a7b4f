import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";
import { createEmulator } from "../emulator.js";

const model = "gpt-4o-mini";
const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  strict: true,
};

async function errorOf(body: Record<string, unknown>): Promise<{ status: number; error: Record<string, unknown> }> {
  const response = await rawRequest(createEmulator(), "/v1/responses", { body });
  const parsed = (await response.json()) as { error: Record<string, unknown> };
  return { status: response.status, error: parsed.error };
}

describe("POST /v1/responses (non-streamed, through the official SDK)", () => {
  it("answers text as a response object with a message item, output_text and usage details", async () => {
    const { client } = createTestClient();
    const response = await client.responses.create({ model, input: "Tell me about Paris", instructions: "Be brief." });
    expect(response.id).toMatch(/^resp_[0-9a-f]{50}$/u);
    expect(response).toMatchObject({ object: "response", status: "completed", model: "gpt-4o-mini-2024-07-18", instructions: "Be brief.", store: true });
    expect(response.incomplete_details).toBeNull();
    const [item] = response.output;
    expect(item).toMatchObject({ type: "message", role: "assistant", status: "completed" });
    expect(item?.type === "message" && item.id).toMatch(/^msg_[0-9a-f]{50}$/u);
    expect(item?.type === "message" && item.content[0]).toMatchObject({ type: "output_text", annotations: [] });
    expect(response.output_text).toContain("Paris");
    const usage = response.usage;
    expect(usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(usage?.output_tokens_details.reasoning_tokens).toBe(0);
    expect(usage?.total_tokens).toBe((usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0));
  });

  it("counts input tokens like the chat route counts the same conversation", async () => {
    const { client } = createTestClient();
    const response = await client.responses.create({ model, input: "Tell me about Paris", instructions: "Be brief." });
    const chat = await client.chat.completions.create({ model, messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: "Tell me about Paris" }] });
    expect(response.usage?.input_tokens).toBe(chat.usage?.prompt_tokens);
  });

  it("calls a function tool with arguments that fit its schema, as fc_ items with call_ ids", async () => {
    const { client } = createTestClient();
    const response = await client.responses.create({ model, input: "What is the weather in Paris?", tools: [weather], tool_choice: "required" });
    const call = response.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", status: "completed" });
    expect(call?.id).toMatch(/^fc_/u);
    expect(call?.call_id).toMatch(/^call_/u);
    expect(JSON.parse(call?.arguments ?? "")).toEqual({ city: expect.any(String) });
    expect(response.tools).toEqual([{ ...weather, strict: true }]);
  });

  it("uses strict mode for a tool that leaves strict out when its schema allows it, and echoes what it used", async () => {
    const { client } = createTestClient();
    const loose = { type: "object", properties: { city: { type: "string" } } };
    const tools = [
      { type: "function" as const, name: "strict_ok", parameters: weather.parameters, strict: null },
      { type: "function" as const, name: "not_strict", parameters: loose, strict: null },
    ];
    const response = await client.responses.create({ model, input: "Hi", tools });
    expect(response.tools.map((tool) => tool.type === "function" && tool.strict)).toEqual([true, false]);
  });

  it("answers JSON that fits text.format json_schema", async () => {
    const { client } = createTestClient();
    const schema = { type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name", "age"], additionalProperties: false };
    const response = await client.responses.create({ model, input: "Make up a person", text: { format: { type: "json_schema", name: "person", schema, strict: true } } });
    const parsed = JSON.parse(response.output_text) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(["age", "name"]);
    expect(Number.isInteger(parsed.age)).toBe(true);
  });

  it("gives a reasoning model a reasoning item with a summary when asked, and counts reasoning tokens", async () => {
    const { client } = createTestClient();
    const response = await client.responses.create({ model: "gpt-5", input: "Explain the weather in Paris at length", reasoning: { effort: "high", summary: "detailed" } });
    const reasoning = response.output[0];
    expect(reasoning?.type).toBe("reasoning");
    expect(reasoning?.id).toMatch(/^rs_/u);
    expect(reasoning?.type === "reasoning" && reasoning.summary.length).toBe(2);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(response.reasoning).toEqual({ effort: "high", summary: "detailed" });
    const quiet = await client.responses.create({ model: "gpt-5", input: "Explain the weather in Paris at length", reasoning: { effort: "high" } });
    expect(quiet.output[0]?.type === "reasoning" && quiet.output[0].summary).toEqual([]);
  });

  it("is incomplete with incomplete_details when max_output_tokens cuts it", async () => {
    const { client } = createTestClient();
    const response = await client.responses.create({ model, input: "Write a long story about the sea", max_output_tokens: 16 });
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(response.usage?.output_tokens).toBe(16);
    expect(response.output[0]?.type === "message" && response.output[0].status).toBe("incomplete");
  });

  it("answers a scenario's refusal, tool calls and length finish on this route", async () => {
    const { client } = createTestClient({
      scenarios: [
        { match: { lastUserMessage: { contains: "refuse" } }, respond: { refusal: "I can't help with that." } },
        { match: { lastUserMessage: { contains: "call" } }, respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] } },
        { match: { lastUserMessage: { contains: "cut" } }, respond: { text: "Partial", finishReason: "length" } },
      ],
    });
    const refused = await client.responses.create({ model, input: "Please refuse" });
    expect(refused.output[0]?.type === "message" && refused.output[0].content[0]).toEqual({ type: "refusal", refusal: "I can't help with that." });
    const called = await client.responses.create({ model, input: "Please call", tools: [weather] });
    expect(called.output[0]).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"city":"Oslo"}' });
    const cut = await client.responses.create({ model, input: "Please cut" });
    expect(cut).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output_text: "Partial" });
  });

  it("applies the fault header as on chat (a 429 in OpenAI's envelope)", async () => {
    const { client } = createTestClient();
    const error = await client.responses.create({ model, input: "Hi" }, { headers: { "x-emulator-fault": "429" } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const suffixed = await client.responses.create({ model: "gpt-4o-mini+fault=500", input: "Hi" }).catch((caught: unknown) => caught);
    expect(suffixed).toBeInstanceOf(OpenAI.InternalServerError);
  });
});

describe("POST /v1/responses: validation", () => {
  it("refuses an unknown parameter with the full path", async () => {
    expect(await errorOf({ model, input: "Hi", foo: 1 })).toEqual({
      status: 400,
      error: { message: "Unknown parameter: 'foo'.", type: "invalid_request_error", param: "foo", code: "unknown_parameter" },
    });
    const nested = await errorOf({ model, input: [{ role: "user", content: [{ type: "input_text", text: "Hi", bar: 1 }] }] });
    expect(nested.error).toMatchObject({ param: "input[0].content[0].bar", code: "unknown_parameter" });
  });

  it("refuses temperature on a reasoning model with the recorded wording (code null)", async () => {
    expect(await errorOf({ model: "gpt-5", input: "Hi", temperature: 0.2 })).toEqual({
      status: 400,
      error: { message: "Unsupported parameter: 'temperature' is not supported with this model.", type: "invalid_request_error", param: "temperature", code: null },
    });
  });

  it("refuses an unknown model, a bad type, a bad enum value and an empty content array", async () => {
    expect((await errorOf({ model: "gpt-nope", input: "Hi" })).error).toMatchObject({ code: "model_not_found" });
    expect((await errorOf({ model, input: "Hi", max_output_tokens: "5" })).error).toMatchObject({ param: "max_output_tokens", code: "invalid_type" });
    expect((await errorOf({ model, input: "Hi", truncation: "sometimes" })).error).toMatchObject({ param: "truncation", code: "invalid_value" });
    expect((await errorOf({ model, input: [{ role: "user", content: [] }] })).error).toMatchObject({ message: expect.stringContaining("Invalid 'input[0].content': empty array.") });
    expect((await errorOf({ model, input: [{ type: "computer_call" }] })).error).toMatchObject({ param: "input[0].type", code: "invalid_value" });
  });

  it("refuses the built-in tools it does not serve yet with a 400 saying so", async () => {
    const { status, error } = await errorOf({ model, input: "Hi", tools: [{ type: "computer_use_preview" }] });
    expect(status).toBe(400);
    expect(error).toMatchObject({ param: "tools[0].type", code: "emulator_unsupported_tool" });
    expect(String(error.message)).toContain("does not support the 'computer_use_preview' tool");
  });

  it("refuses a function_call_output without its call, and a call without its output", async () => {
    const orphan = await errorOf({ model, input: [{ type: "function_call_output", call_id: "call_x", output: "1" }] });
    expect(orphan.error).toMatchObject({ message: "No tool call found for function call output with call_id call_x.", param: "input", code: null });
    const pending = await errorOf({ model, input: [{ type: "function_call", call_id: "call_y", name: "get_weather", arguments: "{}" }, { role: "user", content: "And?" }] });
    expect(pending.error).toMatchObject({ message: "No tool output found for function call call_y.", param: "input" });
  });

  it("refuses a strict schema that is not strict-compatible, naming the Responses parameter", async () => {
    const loose = { type: "object", properties: { a: { type: "string" } } };
    const format = await errorOf({ model, input: "Hi", text: { format: { type: "json_schema", name: "thing", schema: loose, strict: true } } });
    expect(format.error).toMatchObject({ param: "text.format.schema", code: "invalid_json_schema" });
    expect(String(format.error.message)).toMatch(/^Invalid schema for response_format 'thing': /u);
    const tool = await errorOf({ model, input: "Hi", tools: [{ type: "function", name: "f", parameters: loose, strict: true }] });
    expect(tool.error).toMatchObject({ param: "tools[0].parameters", code: "invalid_function_parameters" });
  });

  it("refuses an input larger than the model's context window", async () => {
    expect((await errorOf({ model, input: "word ".repeat(130_000) })).error).toEqual({
      message: "Your input exceeds the context window of this model. Please adjust your input and try again.",
      type: "invalid_request_error",
      param: "input",
      code: "context_length_exceeded",
    });
  });

  it("refuses json_object when the input never says json", async () => {
    const { error } = await errorOf({ model, input: "Hi", text: { format: { type: "json_object" } } });
    expect(error.param).toBe("input");
    expect(String(error.message)).toContain("'json'");
  });
});

describe("POST /openai/v1/responses (Azure's v1 API)", () => {
  it("answers a Responses request with the api-key header, as on OpenAI", async () => {
    const response = await createEmulator().fetch(
      new Request("http://emulator.test/openai/v1/responses", {
        method: "POST",
        headers: { "api-key": "azure-key", "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", input: "Hi" }),
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("apim-request-id")).toBeTruthy();
    expect(await response.json()).toMatchObject({ object: "response", status: "completed", output: [{ type: "message" }] });
  });
});
