import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";
import { createEmulator } from "../emulator.js";

const model = "gpt-4o-mini";
const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  strict: true,
};

function scopedClient(emulator: ReturnType<typeof createEmulator>, scope: string): OpenAI {
  return new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: { "x-emulator-scope": scope } });
}

describe("stored responses", () => {
  it("retrieves a stored response as it was answered, and lists its input items newest first", async () => {
    const { client } = createTestClient();
    const created = await client.responses.create({ model, input: [{ role: "user", content: "First" }, { role: "user", content: "Second" }] });
    const { output_text: _created, ...answered } = created;
    const { output_text: _retrieved, ...retrieved } = await client.responses.retrieve(created.id);
    expect(retrieved).toEqual(answered);
    const items = await client.responses.inputItems.list(created.id);
    expect(items.data.map((item) => item.type === "message" && item.content)).toEqual([
      [{ type: "input_text", text: "Second" }],
      [{ type: "input_text", text: "First" }],
    ]);
    expect(items.data[0]?.id).toMatch(/^msg_/u);
    const ascending = await client.responses.inputItems.list(created.id, { order: "asc", limit: 1 });
    expect(ascending.data.map((item) => item.type === "message" && item.content[0])).toEqual([{ type: "input_text", text: "First" }]);
    expect(ascending.has_more).toBe(true);
  });

  it("deletes a stored response; it is then 404 and previous_response_id cannot name it", async () => {
    const { client, emulator } = createTestClient();
    const created = await client.responses.create({ model, input: "Hi" });
    const deleted = await rawRequest(emulator, `/v1/responses/${created.id}`, { method: "DELETE" });
    expect(await deleted.json()).toEqual({ id: created.id, object: "response", deleted: true });
    const missing = await rawRequest(emulator, `/v1/responses/${created.id}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(`Response with id '${created.id}' not found.`);
    const error = await client.responses.create({ model, input: "Again", previous_response_id: created.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({
      message: `Previous response with id '${created.id}' not found.`,
      type: "invalid_request_error",
      param: "previous_response_id",
      code: "previous_response_not_found",
    });
  });

  it("does not store a response sent with store: false", async () => {
    const { client, emulator } = createTestClient();
    const created = await client.responses.create({ model, input: "Hi", store: false });
    expect((created as unknown as { store: boolean }).store).toBe(false);
    expect((await rawRequest(emulator, `/v1/responses/${created.id}`)).status).toBe(404);
  });

  it("continues from previous_response_id: the earlier call is answered by a function_call_output", async () => {
    const { client } = createTestClient();
    const first = await client.responses.create({ model, input: "What is the weather in Paris?", tools: [weather], tool_choice: "required" });
    const call = first.output.find((item) => item.type === "function_call");
    expect(call).toBeDefined();
    const second = await client.responses.create({
      model,
      previous_response_id: first.id,
      tools: [weather],
      input: [{ type: "function_call_output", call_id: call?.call_id ?? "", output: '{"temperature":"21C"}' }],
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output[0]?.type).toBe("message");
    expect(second.output_text).toContain("21C");
    const listed = await client.responses.inputItems.list(second.id);
    expect(listed.data).toEqual([expect.objectContaining({ type: "function_call_output", status: "completed", id: expect.stringMatching(/^fco_/u) })]);
    // The earlier turn is part of the prompt.
    const alone = await client.responses.create({ model, input: "Thanks", tools: [weather] });
    const chained = await client.responses.create({ model, input: "Thanks", tools: [weather], previous_response_id: second.id });
    expect(chained.usage?.input_tokens).toBeGreaterThan((alone.usage?.input_tokens ?? 0) + 20);
  });

  it("keeps each scope's responses apart", async () => {
    const emulator = createEmulator();
    const created = await scopedClient(emulator, "a").responses.create({ model, input: "Hi" });
    expect((await scopedClient(emulator, "a").responses.retrieve(created.id)).id).toBe(created.id);
    await expect(scopedClient(emulator, "b").responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    emulator.reset({ scope: "a" });
    await expect(scopedClient(emulator, "a").responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("records the route in the journal like the chat route", async () => {
    const { client, emulator } = createTestClient();
    await client.responses.create({ model, input: "Hi" });
    const entries = emulator.journal.entries();
    expect(entries.at(-1)).toMatchObject({ request: { method: "POST", path: "/v1/responses" }, response: { status: 200 } });
  });
});
