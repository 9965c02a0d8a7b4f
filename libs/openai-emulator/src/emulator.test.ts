import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { createEmulator } from "./index.js";
import { createTestClient, rawRequest, user } from "./__tests__/helpers.js";

const model = "gpt-4o-mini";

describe("authentication", () => {
  const missingKey = expect.stringMatching(/^You didn't provide an API key\. You need to provide your API key in an Authorization header using Bearer auth/);

  it.each([
    ["no Authorization header", {}],
    ["an empty bearer token", { authorization: "Bearer " }],
    ["a non-bearer scheme", { authorization: "Basic dXNlcjpwYXNz" }],
  ])("answers 401 in OpenAI's envelope for %s", async (_case, headers) => {
    const emulator = createEmulator();
    const response = await emulator.fetch(
      new Request("http://emulator.test/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ model, messages: [user("hi")] }),
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await response.json()).toEqual({ error: { message: missingKey, type: "invalid_request_error", param: null, code: null } });
  });

  it("accepts any non-empty key, and the SDK raises AuthenticationError without one", async () => {
    const emulator = createEmulator();
    const anyKey = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "sk-whatever", fetch: emulator.fetch, maxRetries: 0 });
    await expect(anyKey.chat.completions.create({ model, messages: [user("hi")] })).resolves.toHaveProperty("object", "chat.completion");
    const noKey = new OpenAI({
      baseURL: "http://emulator.test/v1",
      apiKey: "placeholder",
      fetch: (url, init) => {
        const headers = new Headers(init?.headers);
        headers.delete("authorization");
        return emulator.fetch(url as string, { ...init, headers });
      },
      maxRetries: 0,
    });
    await expect(noKey.chat.completions.create({ model, messages: [user("hi")] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe("routing and errors through the SDK", () => {
  it("answers an unknown path with OpenAI's 404 envelope", async () => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/chat/completion", { body: { model } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: "Invalid URL (POST /v1/chat/completion)", type: "invalid_request_error", param: null, code: null },
    });
  });

  it("raises the SDK's NotFoundError with code model_not_found for an unknown model", async () => {
    const { client } = createTestClient();
    const error = await client.chat.completions.create({ model: "gpt-9", messages: [user("hi")] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: "model_not_found",
      param: null,
      type: "invalid_request_error",
      message: "404 The model `gpt-9` does not exist or you do not have access to it.",
    });
    expect((error as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(/^req_/);
  });

  it.each<[string, Record<string, unknown>, { param: string | null; code: string | null; message: RegExp }]>([
    ["malformed JSON", { raw: "{not json" }, { param: null, code: null, message: /^We could not parse the JSON body of your request\./ }],
    ["a missing messages", { model }, { param: "messages", code: "missing_required_parameter", message: /^Missing required parameter: 'messages'\.$/ }],
    ["an invalid role", { model, messages: [{ role: "bogus", content: "x" }] }, { param: "messages[0].role", code: "invalid_value", message: /^Invalid value: 'bogus'\. Supported values are:/ }],
    ["temperature above 2", { model, messages: [user("x")], temperature: 2.1 }, { param: "temperature", code: "decimal_above_max_value", message: /^Invalid 'temperature': decimal above maximum value\. Expected a value <= 2, but got 2\.1 instead\.$/ }],
    ["top_logprobs without logprobs", { model, messages: [user("x")], top_logprobs: 2 }, { param: "top_logprobs", code: null, message: /^The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled\.$/ }],
    ["stream_options without stream", { model, messages: [user("x")], stream_options: { include_usage: true } }, { param: "stream_options", code: null, message: /^The 'stream_options' parameter is only allowed when 'stream' is enabled\.$/ }],
    ["json_object without the word json", { model, messages: [user("x")], response_format: { type: "json_object" } }, { param: "messages", code: null, message: /must contain the word 'json' in some form/ }],
    ["a tool message that answers nothing", { model, messages: [user("x"), { role: "tool", tool_call_id: "call_1", content: "r" }] }, { param: "messages.[1].role", code: null, message: /must be a response to a preceeding message with 'tool_calls'/ }],
    ["an assistant tool call left unanswered", { model, messages: [user("x"), { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }] }, user("y")] }, { param: "messages.[2].role", code: null, message: /^An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'\. The following tool_call_ids did not have response messages: call_1$/ }],
    ["an invalid tool name", { model, messages: [user("x")], tools: [{ type: "function", function: { name: "bad name!" } }] }, { param: "tools[0].function.name", code: "invalid_value", message: /^Invalid 'tools\[0\]\.function\.name': string does not match pattern\./ }],
    ["tool_choice without tools", { model, messages: [user("x")], tool_choice: "auto" }, { param: "tool_choice", code: null, message: /^Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified\.$/ }],
    ["an unknown parameter", { model, messages: [user("x")], foo: 1 }, { param: "foo", code: "unknown_parameter", message: /^Unknown parameter: 'foo'\.$/ }],
    ["max_tokens on a reasoning model", { model: "o3-mini", messages: [user("x")], max_tokens: 5 }, { param: "max_tokens", code: "unsupported_parameter", message: /Use 'max_completion_tokens' instead\.$/ }],
    ["a prompt plus requested output over the context window", { model: "gpt-4", messages: [user("x")], max_tokens: 8190 }, { param: "messages", code: "context_length_exceeded", message: /^This model's maximum context length is 8192 tokens\. However, you requested 8198 tokens \(8 in the messages, 8190 in the completion\)\. Please reduce the length of the messages or completion\.$/ }],
    ["a non-strict tool whose parameters root is not an object", { model, messages: [user("x")], tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }] }, { param: "tools[0].function.parameters", code: "invalid_function_parameters", message: /^Invalid schema for function 'f'/ }],
    ["a legacy function whose parameters root is not an object", { model, messages: [user("x")], functions: [{ name: "g", parameters: { type: "array", items: { type: "string" } } }] }, { param: "functions[0].parameters", code: "invalid_function_parameters", message: /^Invalid schema for function 'g'/ }],
    ["a strict response schema without additionalProperties false", { model, messages: [user("x")], response_format: { type: "json_schema", json_schema: { name: "s", strict: true, schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } } } }, { param: "response_format", code: null, message: /^Invalid schema for response_format 's': In context=\(\), 'additionalProperties' is required to be supplied and to be false/ }],
  ])("answers 400 in OpenAI's envelope for %s", async (_case, body, expected) => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/chat/completions", { body: "raw" in body ? body.raw : body });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(Object.keys(error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(error).toEqual({ message: expect.stringMatching(expected.message), type: "invalid_request_error", param: expected.param, code: expected.code });
  });

  it("surfaces a 400 as the SDK's BadRequestError with param and code", async () => {
    const { client } = createTestClient();
    const error = await client.chat.completions.create({ model, messages: [user("x")], top_p: 1.5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: "top_p", code: "decimal_above_max_value" });
  });
});

describe("response headers", () => {
  it("sends x-request-id, openai-version, openai-processing-ms and x-ratelimit-* headers", async () => {
    const { client } = createTestClient();
    const { data, response, request_id } = await client.chat.completions.create({ model, messages: [user("hi")] }).withResponse();
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get("x-request-id")).toBe(request_id);
    expect(Number(response.headers.get("openai-processing-ms"))).toBeGreaterThan(0);
    expect(response.headers.get("openai-version")).toBe("2020-10-01");
    expect(response.headers.get("x-ratelimit-limit-requests")).toMatch(/^\d+$/);
    expect(response.headers.get("x-ratelimit-limit-tokens")).toMatch(/^\d+$/);
    expect(Number(response.headers.get("x-ratelimit-remaining-requests"))).toBe(Number(response.headers.get("x-ratelimit-limit-requests")) - 1);
    expect(Number(response.headers.get("x-ratelimit-remaining-tokens"))).toBe(
      Number(response.headers.get("x-ratelimit-limit-tokens")) - (data.usage?.total_tokens ?? NaN),
    );
    expect(response.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+(\.\d+)?(ms|s)$/);
    expect(response.headers.get("x-ratelimit-reset-tokens")).toMatch(/^(\d+m)?\d+(\.\d+)?(ms|s)$/);
  });
});

describe("CORS", () => {
  it("answers a preflight without a key and marks every answer as readable cross-origin", async () => {
    const emulator = createEmulator();
    const preflight = await emulator.fetch(
      new Request("http://emulator.test/v1/chat/completions", {
        method: "OPTIONS",
        headers: { origin: "http://localhost:5173", "access-control-request-headers": "authorization,content-type" },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const answer = await rawRequest(emulator, "/v1/models");
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    const error = await rawRequest(emulator, "/v1/nowhere");
    expect(error.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("GET /v1/models", () => {
  it("lists the model table and retrieves one model", async () => {
    const { client } = createTestClient();
    const models = [];
    for await (const entry of client.models.list()) models.push(entry);
    expect(models.map((entry) => entry.id)).toEqual(expect.arrayContaining(["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5", "o3-mini", "gpt-3.5-turbo"]));
    for (const entry of models) expect(entry).toEqual({ id: expect.any(String), object: "model", created: expect.any(Number), owned_by: expect.any(String) });
    await expect(client.models.retrieve("gpt-4o")).resolves.toMatchObject({ id: "gpt-4o", object: "model" });
  });

  it("answers 404 model_not_found for an unknown model id", async () => {
    const { client } = createTestClient();
    const error = await client.models.retrieve("gpt-9").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: "model_not_found", param: "model" });
  });
});

describe("listen()", () => {
  it("serves the SDK over real HTTP, streaming included, and closes cleanly", async () => {
    const server = await createEmulator().listen(0);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const client = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
      const completion = await client.chat.completions.create({ model, messages: [user("over HTTP")] });
      expect(completion.choices[0]?.message.content).toContain("over HTTP");
      const stream = await client.chat.completions.create({ model, messages: [user("over HTTP")], stream: true });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      expect(text).toBe(completion.choices[0]?.message.content);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
  });

  it("ends the SDK's stream when the caller aborts mid-stream", async () => {
    const server = await createEmulator().listen(0);
    try {
      const client = new OpenAI({ baseURL: server.url, apiKey: "test", maxRetries: 0 });
      const controller = new AbortController();
      const stream = await client.chat.completions.create(
        { model, messages: [user("abort me")], stream: true },
        { signal: controller.signal },
      );
      let received = 0;
      for await (const _chunk of stream) {
        received++;
        if (received === 2) controller.abort();
      }
      // openai-node ends iteration quietly on a caller's abort; nothing arrives after it.
      expect(received).toBe(2);
    } finally {
      await server.close();
    }
  });
});
