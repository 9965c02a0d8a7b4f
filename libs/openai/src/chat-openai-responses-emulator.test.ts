// ChatOpenAI on the Responses API against the emulator's /v1/responses route: two implementations written apart (the
// client's converters and the emulator's route), so each catches the other's departures from the API. The recorded
// exchanges in chat-openai-responses.test.ts stay the outside truth; these check the whole loop with a live server
// (validation of what the client sends, stored responses, tool-call pairing, strict schemas, streaming framing).
import { describe, expect, it } from "@jest/globals";
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import { createTestModel } from "./__tests__/test-model.js";

const weather = {
  name: "get_weather",
  description: "Current weather for a city",
  schema: z.object({ city: z.string(), unit: z.enum(["celsius", "fahrenheit"]).optional() }),
};

describe("ChatOpenAI with useResponsesApi: true, against the emulator", () => {
  it("invokes: a completed response with text, its id, and usage the emulator counted", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const message = await llm.invoke("Say hello to the team.");
    expect(new URL(requests[0]!.url).pathname).toBe("/v1/responses");
    expect(message.id).toMatch(/^resp_/u);
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.response_metadata).toMatchObject({ status: "completed", model_provider: "openai" });
    expect(message.usage_metadata!.input_tokens).toBeGreaterThan(0);
    expect(message.usage_metadata!.total_tokens).toBe(message.usage_metadata!.input_tokens + message.usage_metadata!.output_tokens);
  });

  it("streams the same answer invoke gets, every text delta reaching handleLLMNewToken, usage once at the end", async () => {
    const { llm } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const invoked = await llm.invoke("Describe a lighthouse in two sentences.");
    const tokens: string[] = [];
    const chunks: AIMessageChunk[] = [];
    const stream = await llm.stream("Describe a lighthouse in two sentences.", { callbacks: [{ handleLLMNewToken: (token: string) => void tokens.push(token) }] });
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.text).join("");
    expect(text).toBe(invoked.text);
    expect(tokens.join("")).toBe(text);
    expect(chunks.filter((chunk) => chunk.usage_metadata !== undefined)).toHaveLength(1);
    expect(chunks.at(-1)!.usage_metadata).toEqual(invoked.usage_metadata);
  });

  it("calls a strict tool, then answers from its result: the emulator accepts the function_call / function_call_output pair", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const withTools = llm.bindTools([weather], { strict: true, tool_choice: "get_weather" });
    const first = await withTools.invoke("What is the weather in Paris?");
    expect(first.tool_calls).toHaveLength(1);
    const call = first.tool_calls![0]!;
    expect(call.name).toBe("get_weather");
    // Strict mode made `unit` nullable on the wire; a null is mapped back to an absent key.
    expect(weather.schema.safeParse(call.args).success).toBe(true);
    expect(Object.values(call.args)).not.toContain(null);
    const sentTool = (requests[0]!.body.tools as Array<Record<string, unknown>>)[0]!;
    expect(sentTool).toMatchObject({ type: "function", name: "get_weather", strict: true });
    const history = [new HumanMessage("What is the weather in Paris?"), first, new ToolMessage({ content: "18°C and sunny", tool_call_id: call.id! })];
    const second = await llm.bindTools([weather]).invoke(history);
    expect(second.tool_calls ?? []).toHaveLength(0);
    expect(second.text.length).toBeGreaterThan(0);
    expect(requests[1]!.body.input).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "function_call", call_id: call.id, name: "get_weather" }),
        expect.objectContaining({ type: "function_call_output", call_id: call.id, output: "18°C and sunny" }),
      ]),
    );
  });

  it("sends a tool result's image as part of its function_call_output, which the emulator accepts and counts", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const call = { id: "call_shot", name: "take_screenshot", args: {}, type: "tool_call" as const };
    const history = (content: ToolMessage["content"]) => [
      new HumanMessage("What does the page look like?"),
      new AIMessage({ content: "", tool_calls: [call] }),
      new ToolMessage({ tool_call_id: call.id, content }),
    ];
    const tools = [{ name: "take_screenshot", description: "A screenshot of the page", schema: z.object({}) }];
    const image = { type: "image_url" as const, image_url: { url: "https://example.com/page.png", detail: "low" as const } };
    const withImage = await llm.bindTools(tools).invoke(history([{ type: "text", text: "Here it is:" }, image]));
    const textOnly = await llm.bindTools(tools).invoke(history([{ type: "text", text: "Here it is:" }]));
    expect(requests[0]!.body.input).toContainEqual({
      type: "function_call_output",
      call_id: "call_shot",
      output: [{ type: "input_text", text: "Here it is:" }, { type: "input_image", image_url: "https://example.com/page.png", detail: "low" }],
    });
    expect(withImage.usage_metadata!.input_tokens).toBeGreaterThan(textOnly.usage_metadata!.input_tokens);
  });

  it("answers withStructuredOutput through text.format with an object the schema accepts", async () => {
    const Person = z.object({ name: z.string(), age: z.number().int(), nickname: z.string().optional() });
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const person = await llm.withStructuredOutput(Person).invoke("Ada Lovelace, 36");
    expect(Person.safeParse(person).success).toBe(true);
    expect(requests[0]!.body.text).toMatchObject({ format: { type: "json_schema", strict: true } });
  });

  it("answers withStructuredOutput in JSON mode through text.format json_object, and batch sends one response per input", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const Person = z.object({ name: z.string(), age: z.number() });
    const person = await llm.withStructuredOutput(Person, { method: "jsonMode" }).invoke(`Ada Lovelace, 36. Reply in JSON shaped like {"name": "…", "age": 0}.`);
    expect(requests[0]!.body.text).toEqual({ format: { type: "json_object" } });
    expect(person).toEqual({ name: "Ada Lovelace", age: 36 });
    const answers = await llm.batch(["Say hi.", "Say bye."]);
    expect(answers.map((answer) => answer.id)).toEqual([expect.stringMatching(/^resp_/u), expect.stringMatching(/^resp_/u)]);
    expect(requests.slice(1).map((request) => new URL(request.url).pathname)).toEqual(["/v1/responses", "/v1/responses"]);
  });

  it("continues a stored response with previous_response_id, and an unknown id is a typed 400", async () => {
    const { llm } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const first = await llm.invoke("Remember the word 'lantern'.");
    const next = await llm.invoke("Which word?", { previous_response_id: first.id });
    expect(next.id).toMatch(/^resp_/u);
    expect(next.id).not.toBe(first.id);
    await expect(llm.invoke("Which word?", { previous_response_id: "resp_unknown" })).rejects.toMatchObject({ status: 400 });
  });

  it("sends a reasoning model's reasoning item back in a later turn, and the emulator accepts the history", async () => {
    const { llm, requests } = createTestModel({ model: "o4-mini", useResponsesApi: true, reasoning: { effort: "low", summary: "auto" } });
    const first = await llm.invoke("Is 1,001 prime?");
    expect(first.usage_metadata!.output_token_details?.reasoning).toBeGreaterThan(0);
    const second = await llm.invoke([new HumanMessage("Is 1,001 prime?"), new AIMessage(first), new HumanMessage("And 1,003?")]);
    expect(second.text.length).toBeGreaterThan(0);
    expect(requests[1]!.body.input).toEqual(expect.arrayContaining([expect.objectContaining({ type: "reasoning" })]));
  });
});
