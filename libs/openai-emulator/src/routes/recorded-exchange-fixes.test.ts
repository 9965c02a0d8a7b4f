import { describe, expect, it } from "@jest/globals";
import { rawRequest, readSseEvents, user, weatherTool } from "../__tests__/helpers.js";
import { createEmulator } from "../index.js";

// What the replay of real recorded exchanges (recorded-exchanges.test.ts, src/__fixtures__/recorded-exchanges) found
// the emulator doing differently from the API, each fixed as recorded; the evidence is cited beside each fix.

async function post(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await rawRequest(createEmulator(), "/v1/chat/completions", { body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const named = { type: "function", function: { name: "get_weather" } };
const choiceOf = (body: Record<string, unknown>) => (body.choices as Array<Record<string, unknown>>)[0]!;

describe("a named tool_choice or function_call", () => {
  it("finishes with stop on models that do not reason, in JSON and in streams", async () => {
    const ask = { model: "gpt-4o-mini", messages: [user("Weather in Paris?")], tools: [weatherTool], tool_choice: named };
    const completion = await post(ask);
    expect(choiceOf(completion.body).finish_reason).toBe("stop");
    expect((choiceOf(completion.body).message as { tool_calls: unknown[] }).tool_calls).toHaveLength(1);
    const response = await rawRequest(createEmulator(), "/v1/chat/completions", { body: { ...ask, stream: true } });
    const finishes = (await readSseEvents(response))
      .flatMap((event) => (event === "[DONE]" ? [] : (event.choices as Array<{ finish_reason: string | null }>)))
      .map((choice) => choice.finish_reason)
      .filter((reason) => reason !== null);
    expect(finishes).toEqual(["stop"]);
    const legacy = await post({ model: "gpt-4", messages: [user("Hi")], functions: [weatherTool.function], function_call: { name: "get_weather" } });
    expect(choiceOf(legacy.body).finish_reason).toBe("stop");
  });

  it("still finishes with tool_calls on reasoning models and when the model chose the call", async () => {
    const forced = await post({ model: "gpt-5-mini", messages: [user("Weather in Paris?")], tools: [weatherTool], tool_choice: named });
    expect(choiceOf(forced.body).finish_reason).toBe("tool_calls");
    const required = await post({ model: "gpt-4o-mini", messages: [user("Weather in Paris?")], tools: [weatherTool], tool_choice: "required" });
    expect(choiceOf(required.body).finish_reason).toBe("tool_calls");
  });
});

describe("o1-mini and instruction messages", () => {
  it("refuses a system or developer message with unsupported_value on its role", async () => {
    for (const role of ["system", "developer"]) {
      const answer = await post({ model: "o1-mini", messages: [{ role, content: "You are a helpful assistant." }, user("Hello")] });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        message: `Unsupported value: 'messages[0].role' does not support '${role}' with this model.`,
        type: "invalid_request_error",
        param: "messages[0].role",
        code: "unsupported_value",
      });
    }
    expect((await post({ model: "o1-mini", messages: [user("Hello")] })).status).toBe(200);
  });
});

describe("file parts", () => {
  it("refuses a member the file object does not define, with its full path", async () => {
    const part = { type: "file", file: { data: "data:application/pdf;base64,JVBERi0=" } };
    const answer = await post({ model: "gpt-4o", messages: [{ role: "user", content: [{ type: "text", text: "Read this" }, part] }] });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ message: "Unknown parameter: 'messages[0].content[1].file.data'.", param: "messages[0].content[1].file.data", code: "unknown_parameter" });
  });
});

describe("the audio and search models", () => {
  it("serves gpt-audio as its recorded snapshot, without a logprobs key, with usage split by modality", async () => {
    const answer = await post({ model: "gpt-audio", messages: [user("Say hello")] });
    expect(answer.status).toBe(200);
    expect(answer.body.model).toBe("gpt-audio-2025-08-28");
    expect(Object.keys(choiceOf(answer.body))).toEqual(["index", "message", "finish_reason"]);
    const usage = answer.body.usage as { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: object; completion_tokens_details: object };
    expect(usage.prompt_tokens_details).toEqual({ cached_tokens: 0, audio_tokens: 0, text_tokens: usage.prompt_tokens, image_tokens: 0 });
    expect(usage.completion_tokens_details).toMatchObject({ text_tokens: usage.completion_tokens });
  });

  it("leaves the logprobs key out for search models and keeps it for gpt-4o", async () => {
    const search = await post({ model: "gpt-4o-search-preview", messages: [user("News?")] });
    expect(choiceOf(search.body)).not.toHaveProperty("logprobs");
    const plain = await post({ model: "gpt-4o", messages: [user("News?")] });
    expect(choiceOf(plain.body)).toHaveProperty("logprobs", null);
    expect((plain.body.usage as { prompt_tokens_details: object }).prompt_tokens_details).toEqual({ cached_tokens: 0, audio_tokens: 0 });
  });
});
