import { afterEach, describe, expect, it } from "@jest/globals";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { concat } from "@langchain/core/utils/stream";
import { z } from "zod";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAIFields } from "./chat-openai-fields.js";
import { BadRequestError, ConfigurationError } from "./errors/errors.js";
import { STREAM_USAGE_REFUSED_WARNING } from "./request/build-stream-usage.js";
import { inferCompatibility } from "./request/resolve-compatibility.js";
import { createTestModel } from "./__tests__/test-model.js";

const lookup = tool(async ({ q }) => q, { name: "lookup", description: "Looks a word up.", schema: z.object({ q: z.string() }) });

// Each test talks to its own base URL: a refusal of stream_options is remembered per base URL for the process.
let server = 0;
function onCompatibleServer(fields: ChatOpenAIFields = {}) {
  server += 1;
  return createTestModel(
    { compatibility: undefined, ...fields, configuration: { baseURL: `http://compatible-${server}.test/v1`, ...fields.configuration } },
    { profile: "compatible" },
  );
}
const warningsOf = (message: { response_metadata: Record<string, unknown> }) => (message.response_metadata.warnings ?? []) as string[];

describe("compatibility: inferred from the base URL, overridable", () => {
  const saved = process.env.OPENAI_BASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved;
  });

  it.each([
    [undefined, "openai"],
    ["https://api.openai.com/v1", "openai"],
    ["https://API.OpenAI.com/v1/", "openai"],
    ["https://my-resource.openai.azure.com/openai/v1", "openai"],
    ["http://localhost:11434/v1", "compatible"],
    ["http://127.0.0.1:8000/v1", "compatible"],
    ["https://api.deepseek.com", "compatible"],
    ["https://openrouter.ai/api/v1", "compatible"],
    ["https://api.openai.com.evil.test/v1", "compatible"],
    ["not a url", "compatible"],
  ])("%s is %s", (baseURL, expected) => {
    expect(inferCompatibility(baseURL)).toBe(expected);
  });

  it("reads the resolved base URL (field, configuration, OPENAI_BASE_URL), and an explicit setting wins", () => {
    delete process.env.OPENAI_BASE_URL;
    expect(new ChatOpenAI({ apiKey: "k" }).compatibility).toBe("openai");
    expect(new ChatOpenAI({ apiKey: "k", baseURL: "http://localhost:8000/v1" }).compatibility).toBe("compatible");
    expect(new ChatOpenAI({ apiKey: "k", configuration: { baseURL: "https://api.groq.com/openai/v1" } }).compatibility).toBe("compatible");
    process.env.OPENAI_BASE_URL = "http://localhost:4000/v1";
    expect(new ChatOpenAI({ apiKey: "k" }).compatibility).toBe("compatible");
    expect(new ChatOpenAI({ apiKey: "k", compatibility: "openai" }).compatibility).toBe("openai");
    expect(new ChatOpenAI({ apiKey: "k", baseURL: "https://api.openai.com/v1", compatibility: "compatible" }).compatibility).toBe("compatible");
  });

  it("refuses any other value, naming the two", () => {
    expect(() => new ChatOpenAI({ apiKey: "k", compatibility: "vllm" as never })).toThrow(ConfigurationError);
    expect(() => new ChatOpenAI({ apiKey: "k", compatibility: "vllm" as never })).toThrow(/must be "openai" .* or "compatible"/u);
  });
});

describe("on a compatible server (the emulator's compatible profile)", () => {
  it("streams usage on compatibility 'compatible' too, from a server that takes stream_options (vLLM, Ollama, DeepSeek, …)", async () => {
    const { llm, requests } = createTestModel({ compatibility: "compatible" });
    const chunks = [];
    for await (const chunk of await llm.stream("Hi")) chunks.push(chunk);
    expect(requests[0]?.body.stream_options).toEqual({ include_usage: true });
    expect(chunks.reduce((sum, chunk) => concat(sum, chunk)).usage_metadata?.total_tokens).toBeGreaterThan(0);
  });

  it("asks for usage by default, and a server refusing stream_options gets one more request without it, and a warning", async () => {
    const { llm, requests } = onCompatibleServer();
    const chunks = [];
    for await (const chunk of await llm.stream("Hi")) chunks.push(chunk);
    // The profile refuses stream_options as Groq did: one refused request, one without the key.
    expect(requests.map((request) => request.body.stream_options)).toEqual([{ include_usage: true }, undefined]);
    const whole = chunks.reduce((sum, chunk) => concat(sum, chunk));
    expect(whole.content).not.toBe("");
    expect(whole.usage_metadata).toBeUndefined();
    expect(warningsOf(whole)).toContain(STREAM_USAGE_REFUSED_WARNING);
    // Remembered: the next stream to this server does not ask again.
    for await (const _chunk of await llm.stream("Hi again")) void _chunk;
    expect(requests).toHaveLength(3);
    expect(requests[2]?.body.stream_options).toBeUndefined();
  });

  it("throws the server's refusal when the user asked for usage (streamUsage: true)", async () => {
    const { llm, requests } = onCompatibleServer({ streamUsage: true });
    const error = await (async () => {
      for await (const _chunk of await llm.stream("Hi")) void _chunk;
    })().catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/property 'stream_options' is unsupported/u);
    expect(requests).toHaveLength(1);
  });

  it("leaves strict: false out (same meaning, and such servers refuse the key), with a warning", async () => {
    const { llm, requests } = onCompatibleServer();
    const message = await llm.bindTools([lookup], { strict: false, tool_choice: "lookup" }).invoke("Look up cat");
    expect(requests[0]?.body.tools).toEqual([{ type: "function", function: { name: "lookup", description: "Looks a word up.", parameters: expect.any(Object) } }]);
    expect(message.tool_calls?.[0]?.name).toBe("lookup");
    expect(warningsOf(message)).toEqual([expect.stringMatching(/^strict=false was not sent for "lookup": this server is not OpenAI's/u)]);
  });

  it("sends strict: false on compatibility 'openai', which a server without strict mode refuses", async () => {
    const { llm } = onCompatibleServer({ compatibility: "openai" });
    await expect(llm.bindTools([lookup], { strict: false }).invoke("Look up cat")).rejects.toThrow(/tools\.0\.function\.strict\n {2}Extra inputs are not permitted/u);
  });

  it("sends strict: true, which the user asked for, and explains the refusal", async () => {
    const { llm, requests } = onCompatibleServer();
    const error = await llm.bindTools([lookup], { strict: true }).invoke("Look up cat").catch((caught: unknown) => caught);
    expect((requests[0]?.body.tools as Array<{ function: { strict?: boolean } }>)[0]?.function.strict).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as BadRequestError).status).toBe(400);
    expect((error as Error).message).toMatch(/Extra inputs are not permitted[\s\S]*\nThis server does not accept `strict` on tools\. Leave strict unset/u);
  });

  it("sends maxTokens as max_completion_tokens for a reasoning-model name, as on OpenAI (gateways forward the body to it); reasoningModel: false keeps max_tokens", async () => {
    // The compatible profile refuses max_completion_tokens as older vLLM does, and the refusal says what to do.
    const { llm, requests } = onCompatibleServer({ model: "o3-mini", maxTokens: 300 });
    await expect(llm.invoke("Hi")).rejects.toThrow(/also `reasoningModel: false`/u);
    expect(requests[0]?.body).toMatchObject({ model: "o3-mini", max_completion_tokens: 300 });
    expect(requests[0]?.body).not.toHaveProperty("max_tokens");
    const told = onCompatibleServer({ model: "o3-mini", maxTokens: 300, reasoningModel: false });
    await told.llm.invoke("Hi");
    expect(told.requests[0]?.body).toMatchObject({ model: "o3-mini", max_tokens: 300 });
    expect(told.requests[0]?.body).not.toHaveProperty("max_completion_tokens");
  });

  it("sends maxCompletionTokens, which the user set, and explains the refusal", async () => {
    const { llm, requests } = onCompatibleServer({ maxCompletionTokens: 50 });
    await expect(llm.invoke("Hi")).rejects.toThrow(/'max_completion_tokens'\), 'msg': 'Extra inputs are not permitted'[\s\S]*Set `maxTokens` instead of `maxCompletionTokens` \(for a reasoning-model name, also `reasoningModel: false`/u);
    expect(requests[0]?.body).toMatchObject({ max_completion_tokens: 50 });
  });

  it("sends a developer message as developer, and explains the refusal; a SystemMessage goes as system", async () => {
    const { llm, requests } = onCompatibleServer();
    await expect(llm.invoke([["developer", "Be brief."], ["human", "Hi"]])).rejects.toThrow(/received 'developer'[\s\S]*\nThis server does not know the developer role\./u);
    expect((requests[0]?.body.messages as Array<{ role: string }>)[0]?.role).toBe("developer");
    const answer = await llm.invoke([new SystemMessage("Be brief."), new HumanMessage("Hi")]);
    expect((requests[1]?.body.messages as Array<{ role: string }>)[0]?.role).toBe("system");
    expect(answer.content).not.toBe("");
  });

  it("changes nothing on compatibility 'openai' against OpenAI's API", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4o-mini" });
    await llm.bindTools([lookup], { strict: false }).invoke([["developer", "Be brief."], ["human", "Look up cat"]]);
    expect((requests[0]?.body.tools as Array<{ function: { strict?: boolean } }>)[0]?.function.strict).toBe(false);
    expect((requests[0]?.body.messages as Array<{ role: string }>)[0]?.role).toBe("developer");
  });
});
