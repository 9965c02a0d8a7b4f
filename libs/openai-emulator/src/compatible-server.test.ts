import { describe, expect, it } from "@jest/globals";
import { createTestClient, rawRequest, readSseEvents } from "./__tests__/helpers.js";
import { runCli } from "./run-cli.js";

const messages = [{ role: "user", content: "Hi" }];
const tool = (strict?: boolean) => ({
  type: "function",
  function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] }, ...(strict === undefined ? {} : { strict }) },
});

// Each body is the one a real server was recorded sending; the sources are cited in compatible-server.ts.
describe("the compatible-server profile", () => {
  const { emulator } = createTestClient({ profile: "compatible" });
  const post = (body: unknown, headers: Record<string, string> = {}) => rawRequest(emulator, "/v1/chat/completions", { body, headers });

  it("refuses stream_options as Groq does", async () => {
    const response = await post({ model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { message: "property 'stream_options' is unsupported, did you mean 'stream'?", type: "invalid_request_error" } });
  });

  it("refuses max_completion_tokens as an older vLLM does", async () => {
    const response = await post({ model: "gpt-4o-mini", messages, max_completion_tokens: 8192 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      object: "error",
      message: "[{'type': 'extra_forbidden', 'loc': ('body', 'max_completion_tokens'), 'msg': 'Extra inputs are not permitted', 'input': 8192}]",
      type: "BadRequestError",
      param: null,
      code: 400,
    });
  });

  it("refuses the strict key of tools, true or false, as vLLM 0.9 does, one line per tool", async () => {
    const response = await post({ model: "gpt-4o-mini", messages, tools: [tool(false), tool(), tool(true)] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; type: string };
    expect(body.type).toBe("BadRequestError");
    expect(body.message).toBe(
      "2 validation errors for ChatCompletionRequest\n" +
        "tools.0.function.strict\n  Extra inputs are not permitted [type=extra_forbidden, input_value=False, input_type=bool]\n" +
        "    For further information visit https://errors.pydantic.dev/2.11/v/extra_forbidden\n" +
        "tools.2.function.strict\n  Extra inputs are not permitted [type=extra_forbidden, input_value=True, input_type=bool]\n" +
        "    For further information visit https://errors.pydantic.dev/2.11/v/extra_forbidden",
    );
  });

  it("refuses the developer role as an OpenAI-compatible gateway does", async () => {
    const response = await post({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Be brief." }, { role: "developer", content: "Be kind." }, ...messages] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "Invalid enum value. Expected 'system' | 'user' | 'assistant' | 'tool', received 'developer'",
        type: "invalid_request_error",
        param: "messages.1.role",
        code: "invalid_request_error",
      },
    });
  });

  it("answers what it knows, max_tokens included, for reasoning models too", async () => {
    const response = await post({ model: "o3-mini", messages, max_tokens: 50, stream: true, tools: [tool()] });
    expect(response.status).toBe(200);
    const events = await readSseEvents(response);
    expect(events.at(-1)).toBe("[DONE]");
  });

  it("takes vendor parameters (vLLM, DeepSeek, OpenRouter) that OpenAI's API refuses as unknown", async () => {
    const body = { model: "gpt-4o-mini", messages, top_k: 20, chat_template_kwargs: { enable_thinking: false }, thinking: { type: "enabled" }, reasoning: { effort: "low" } };
    expect((await post(body)).status).toBe(200);
    expect((await rawRequest(createTestClient().emulator, "/v1/chat/completions", { body })).status).toBe(400);
    expect(emulator.journal.last()?.request.body).toEqual(body);
  });

  it("is picked per request by the x-emulator-profile header, and per scope through /__emulator/profile", async () => {
    const { emulator: openai } = createTestClient();
    const body = { model: "gpt-4o-mini", messages, max_completion_tokens: 5 };
    const send = (headers: Record<string, string>) => rawRequest(openai, "/v1/chat/completions", { body, headers });
    expect((await send({})).status).toBe(200);
    expect((await send({ "x-emulator-profile": "compatible" })).status).toBe(400);
    const set = await rawRequest(openai, "/__emulator/profile?scope=vllm", { method: "PUT", body: { profile: "compatible" } });
    expect(await set.json()).toEqual({ scope: "vllm", profile: "compatible" });
    expect((await send({ "x-emulator-scope": "vllm" })).status).toBe(400);
    expect((await send({ "x-emulator-scope": "vllm", "x-emulator-profile": "openai" })).status).toBe(200);
    expect((await send({ "x-emulator-scope": "other" })).status).toBe(200);
    openai.reset({ scope: "vllm" });
    expect((await send({ "x-emulator-scope": "vllm" })).status).toBe(200);
    const bad = await send({ "x-emulator-profile": "vllm" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/must be one of openai, compatible/u);
  });

  it("is chosen by the CLI's --profile flag, and a bad one is refused", async () => {
    const lines: string[] = [];
    const server = await runCli(["--port", "0", "--profile", "compatible"], (line) => lines.push(line));
    try {
      expect(lines.join("\n")).toMatch(/Profile: compatible/u);
      const response = await fetch(`${server?.url}/chat/completions`, {
        method: "POST",
        headers: { authorization: "Bearer any", "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } }),
      });
      expect(response.status).toBe(400);
    } finally {
      await server?.close();
    }
    await expect(runCli(["--port", "0", "--profile", "vllm"], () => undefined)).rejects.toThrow('--profile must be "openai" or "compatible", got "vllm".');
  });
});

describe("the compatible-server profile on the Responses route", () => {
  const { emulator } = createTestClient({ profile: "compatible" });
  const post = (body: unknown) => rawRequest(emulator, "/v1/responses", { body });

  it("answers previous_response_id as vLLM does without a response store: 404, the id not found", async () => {
    const response = await post({ model: "gpt-4o-mini", input: "And then?", previous_response_id: "resp_0123" });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-emulator-profile")).toBe("compatible");
    expect(await response.json()).toEqual({ error: { message: "Response with id 'resp_0123' not found.", type: "invalid_request_error", param: "response_id", code: 404 } });
  });

  it("answers everything else as the OpenAI profile does", async () => {
    const response = await post({ model: "gpt-4o-mini", input: "Hi", store: false });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "response", status: "completed" });
  });
});
