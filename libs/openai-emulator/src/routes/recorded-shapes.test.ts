import { describe, expect, it } from "@jest/globals";
import { createTestClient, rawRequest, readSseEvents, searchTool, user, weatherTool } from "../__tests__/helpers.js";
import type { Emulator } from "../index.js";

// Shapes checked against real recordings (issue 12, "Shapes that differ from real recordings"). Sources: the
// project's protocol reference ("Corrections from real recordings", 2026-12) and pydantic-ai's cassettes
// tests/models/cassettes/test_openai/test_openai_moderation*.yaml and test_run_stream_sync_streams_real_model.yaml.

type Chunk = Record<string, unknown> & { choices: Array<Record<string, unknown> & { delta: Record<string, unknown> }> };

async function stream(emulator: Emulator, body: Record<string, unknown>): Promise<Chunk[]> {
  const response = await rawRequest(emulator, "/v1/chat/completions", { body: { stream: true, ...body } });
  expect(response.status).toBe(200);
  const events = await readSseEvents(response);
  expect(events.at(-1)).toBe("[DONE]");
  return events.slice(0, -1) as Chunk[];
}

async function post(emulator: Emulator, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await rawRequest(emulator, "/v1/chat/completions", { body });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe("logprobs without top_logprobs", () => {
  it("lists no alternatives per token when top_logprobs is absent or 0, and the chosen one first otherwise", async () => {
    const { client } = createTestClient();
    const ask = { model: "gpt-4o-mini", messages: [user("Say something short")], max_tokens: 5, logprobs: true };
    for (const request of [ask, { ...ask, top_logprobs: 0 }]) {
      const completion = await client.chat.completions.create(request);
      const entries = completion.choices[0]?.logprobs?.content ?? [];
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(entry.top_logprobs).toEqual([]);
    }
    const withTop = await client.chat.completions.create({ ...ask, top_logprobs: 2 });
    for (const entry of withTop.choices[0]?.logprobs?.content ?? []) {
      expect(entry.top_logprobs).toHaveLength(2);
      expect(entry.top_logprobs[0]?.token).toBe(entry.token);
    }
    const { emulator } = createTestClient();
    const chunks = await stream(emulator, ask);
    const streamed = chunks.flatMap((chunk) => ((chunk.choices[0]?.logprobs as { content: Array<{ top_logprobs: unknown[] }> } | null)?.content ?? []));
    expect(streamed.length).toBeGreaterThan(0);
    for (const entry of streamed) expect(entry.top_logprobs).toEqual([]);
  });
});

describe("headers of an error answer", () => {
  it("sends openai-version, openai-processing-ms, the organization and the project on a 400, as recorded", async () => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-4o-mini", messages: [], temperature: 3 } });
    expect(response.status).toBe(400);
    expect(response.headers.get("openai-version")).toBe("2020-10-01");
    expect(Number(response.headers.get("openai-processing-ms"))).toBeGreaterThanOrEqual(1);
    expect(response.headers.get("openai-organization")).toMatch(/^user-[a-z0-9]{24}$/);
    expect(response.headers.get("openai-project")).toMatch(/^proj_[A-Za-z0-9]{24}$/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(response.headers.get("access-control-expose-headers")).toBe("X-Request-ID");
  });

  it("names the organization and project on a 200 too, and sends none of these on a 404 model_not_found", async () => {
    const { emulator } = createTestClient();
    const ok = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-4o-mini", messages: [user("Hi")] } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("openai-organization")).toMatch(/^user-/);
    expect(ok.headers.get("openai-project")).toMatch(/^proj_/);
    expect(ok.headers.get("access-control-expose-headers")).toBe("X-Request-ID");
    const missing = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-9", messages: [user("Hi")] } });
    expect(missing.status).toBe(404);
    for (const header of ["openai-version", "openai-processing-ms", "openai-organization", "openai-project"]) {
      expect(missing.headers.get(header)).toBeNull();
    }
  });

  it("keeps the control endpoints free of CORS headers", async () => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/__emulator/journal");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toBeNull();
    expect(response.headers.get("openai-organization")).toBeNull();
  });
});

describe("streamed tool calls", () => {
  it("sends parallel calls after a role chunk of {role, content: null} alone, each call starting in its own chunk", async () => {
    const { emulator } = createTestClient();
    const chunks = await stream(emulator, { model: "gpt-4o-mini", messages: [user("search_flights and get_weather")], tools: [weatherTool, searchTool] });
    expect(chunks[0]?.choices).toEqual([{ index: 0, delta: { role: "assistant", content: null }, logprobs: null, finish_reason: null }]);
    const starts = chunks.filter((chunk) => (chunk.choices[0]?.delta.tool_calls as Array<{ id?: string }> | undefined)?.some((call) => call.id));
    expect(starts).toHaveLength(2);
    for (const [index, start] of starts.entries()) {
      expect(start.choices[0]?.delta).toEqual({
        tool_calls: [{ index, id: expect.stringMatching(/^call_/), type: "function", function: { name: expect.any(String), arguments: "" } }],
      });
    }
  });

  it("starts a single call on the role chunk, as before", async () => {
    const { emulator } = createTestClient();
    const chunks = await stream(emulator, { model: "gpt-4o-mini", messages: [user("use get_weather")], tools: [weatherTool] });
    expect(chunks[0]?.choices[0]?.delta).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: "function", function: { name: "get_weather", arguments: "" } }],
      refusal: null,
    });
  });
});

describe("the gpt-5 family and reasoning models", () => {
  it("answers system_fingerprint null and leaves the logprobs key out of choices, in JSON and in chunks", async () => {
    const { emulator } = createTestClient();
    const completion = await post(emulator, { model: "gpt-5", messages: [user("What is the capital of France?")] });
    expect(completion.system_fingerprint).toBeNull();
    const [choice] = completion.choices as Array<Record<string, unknown>>;
    expect(Object.keys(choice!)).toEqual(["index", "message", "finish_reason"]);
    const chunks = await stream(emulator, { model: "gpt-5", messages: [user("What is the capital of France?")], stream_options: { include_usage: true } });
    for (const chunk of chunks) {
      expect(chunk.system_fingerprint).toBeNull();
      for (const delta of chunk.choices) expect(delta).not.toHaveProperty("logprobs");
    }
  });

  it("leaves the logprobs key out for o-series models too, and keeps fingerprint and logprobs: null for gpt-4o", async () => {
    const { emulator } = createTestClient();
    const o3 = await post(emulator, { model: "o3-mini", messages: [user("Hi")] });
    expect((o3.choices as Array<Record<string, unknown>>)[0]).not.toHaveProperty("logprobs");
    const gpt4o = await post(emulator, { model: "gpt-4o", messages: [user("Hi")] });
    expect(gpt4o.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect((gpt4o.choices as Array<Record<string, unknown>>)[0]).toHaveProperty("logprobs", null);
  });
});

describe("stream obfuscation", () => {
  // The pad's length plus the chunk's text length (as escaped in JSON) is one constant per stream, as recorded.
  const padded = (chunks: Chunk[]) =>
    chunks.flatMap((chunk) => {
      const delta = chunk.choices[0]?.delta ?? {};
      const calls = delta.tool_calls as Array<{ id?: string; function: { arguments: string } }> | undefined;
      const text = typeof delta.content === "string" && delta.content !== "" ? delta.content : calls && !calls[0]?.id ? calls[0]?.function.arguments : undefined;
      return text === undefined ? [] : [(chunk.obfuscation as string).length + JSON.stringify(text).length - 2];
    });

  it("keeps pad length plus content length constant within a text stream", async () => {
    const { emulator } = createTestClient();
    const chunks = await stream(emulator, { model: "gpt-4o-mini", messages: [user("Tell me about Lisbon, with \"quotes\" and details")] });
    const sums = padded(chunks);
    expect(sums.length).toBeGreaterThan(10);
    expect(new Set(sums).size).toBe(1);
    for (const chunk of chunks) expect((chunk.obfuscation as string).length).toBeGreaterThanOrEqual(1);
  });

  it("does the same for tool-call arguments, counting their JSON escapes", async () => {
    const { emulator } = createTestClient();
    const chunks = await stream(emulator, { model: "gpt-4o-mini", messages: [user("use get_weather")], tools: [weatherTool] });
    const sums = padded(chunks);
    expect(sums.length).toBeGreaterThan(3);
    expect(new Set(sums).size).toBe(1);
  });
});

describe("legacy completions", () => {
  it("answer with the versioned model name and no system_fingerprint", async () => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/completions", { body: { model: "gpt-3.5-turbo-instruct", prompt: "Hi", max_tokens: 3 } });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.model).toBe("gpt-3.5-turbo-instruct:20230824-v2");
    expect(body).not.toHaveProperty("system_fingerprint");
  });

  it("stream the finish reason on the last text chunk, with no extra empty chunk", async () => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/completions", { body: { model: "gpt-3.5-turbo-instruct", prompt: "Hi", max_tokens: 3, stream: true } });
    const chunks = (await readSseEvents(response)).slice(0, -1) as Array<{ choices: Array<{ text: string; finish_reason: string | null }> }>;
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual([null, null, "length"]);
    for (const chunk of chunks) {
      expect(chunk.choices[0]?.text).not.toBe("");
      expect(chunk).not.toHaveProperty("system_fingerprint");
    }
  });
});

describe("moderation", () => {
  const moderated = { model: "gpt-5", messages: [user("What is the capital of France?")], moderation: { model: "omni-moderation-latest" } };
  const results = {
    type: "moderation_results",
    model: "omni-moderation-latest",
    results: [
      {
        type: "moderation_result",
        model: "omni-moderation-latest",
        flagged: false,
        categories: expect.objectContaining({ harassment: false, "self-harm/intent": false, "violence/graphic": false }),
        category_scores: expect.objectContaining({ harassment: expect.any(Number), violence: expect.any(Number) }),
        category_applied_input_types: expect.objectContaining({ harassment: ["text"], "sexual/minors": ["text"] }),
      },
    ],
  };

  it("carries the moderation object of the input and the output when it is requested, and none otherwise", async () => {
    const { emulator } = createTestClient();
    const completion = await post(emulator, moderated);
    expect(completion.moderation).toEqual({ input: results, output: results });
    const categories = Object.keys((completion.moderation as { input: { results: Array<{ categories: object }> } }).input.results[0]!.categories);
    expect(categories).toHaveLength(13);
    const plain = await post(emulator, { ...moderated, moderation: undefined });
    expect(plain).not.toHaveProperty("moderation");
  });

  it("sends it in one more chunk after the usage chunk when streaming", async () => {
    const { emulator } = createTestClient();
    const chunks = await stream(emulator, { ...moderated, stream_options: { include_usage: true } });
    const last = chunks.at(-1)!;
    expect(last).toMatchObject({ choices: [], moderation: { input: results, output: results }, usage: null });
    expect(chunks.at(-2)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
    expect(chunks.at(-2)).not.toHaveProperty("moderation");
    const without = await stream(emulator, { ...moderated, moderation: undefined });
    expect(without.some((chunk) => "moderation" in chunk)).toBe(false);
  });
});
