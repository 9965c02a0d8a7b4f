import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { type AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "./chat-openai.js";
import { ConfigurationError, TimeoutError } from "./errors/errors.js";
import { createTestModel } from "./__tests__/test-model.js";

const ENV_KEYS = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_ORGANIZATION", "OPENAI_PROJECT"] as const;

describe("construction", () => {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
  beforeEach(() => {
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
  });
  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("takes the model as the first argument or as a field, and keeps @langchain/openai's aliases", () => {
    expect(new ChatOpenAI("gpt-4o", { temperature: 0 })).toMatchObject({ model: "gpt-4o", temperature: 0 });
    expect(new ChatOpenAI({ modelName: "gpt-4.1" })).toMatchObject({ model: "gpt-4.1", modelName: "gpt-4.1" });
    expect(new ChatOpenAI({ stopSequences: ["END"] }).stop).toEqual(["END"]);
    expect(new ChatOpenAI({ openAIApiKey: "sk-alias" }).apiKey).toBe("sk-alias");
    expect(new ChatOpenAI().model).toBe("gpt-4o-mini");
  });

  it("reads the environment, and explicit arguments win over it", async () => {
    process.env.OPENAI_API_KEY = "sk-from-env";
    process.env.OPENAI_BASE_URL = "http://env.example/v1";
    process.env.OPENAI_ORGANIZATION = "org-env";
    process.env.OPENAI_PROJECT = "proj-env";
    const fromEnv = createTestModel({ apiKey: undefined, configuration: { baseURL: undefined } });
    await fromEnv.llm.invoke("hi");
    const request = fromEnv.requests[0]!;
    expect(request.url).toBe("http://env.example/v1/chat/completions");
    expect(request.headers.get("authorization")).toBe("Bearer sk-from-env");
    expect(request.headers.get("openai-organization")).toBe("org-env");
    expect(request.headers.get("openai-project")).toBe("proj-env");

    process.env.OPENAI_ORG_ID = "org-id-env";
    const explicit = createTestModel({ apiKey: "sk-explicit", organization: "org-explicit", project: "proj-explicit" });
    await explicit.llm.invoke("hi");
    const explicitRequest = explicit.requests[0]!;
    expect(explicitRequest.url).toBe("http://emulator.test/v1/chat/completions");
    expect(explicitRequest.headers.get("authorization")).toBe("Bearer sk-explicit");
    expect(explicitRequest.headers.get("openai-organization")).toBe("org-explicit");
    expect(explicitRequest.headers.get("openai-project")).toBe("proj-explicit");
  });

  it("prefers OPENAI_ORG_ID over OPENAI_ORGANIZATION", async () => {
    process.env.OPENAI_ORG_ID = "org-id";
    process.env.OPENAI_ORGANIZATION = "org-name";
    const { llm, requests } = createTestModel();
    await llm.invoke("hi");
    expect(requests[0]?.headers.get("openai-organization")).toBe("org-id");
  });

  it("accepts a missing key at construction and fails the request with a ConfigurationError naming both fixes", async () => {
    const llm = new ChatOpenAI({ configuration: { baseURL: "http://emulator.test/v1" } });
    const error = await llm.invoke("hi").catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/new ChatOpenAI\(\{ apiKey \}\).*OPENAI_API_KEY/);
  });
});

describe("the request body", () => {
  it("sends nothing the user did not set", async () => {
    const { llm, requests } = createTestModel();
    await llm.invoke("Hello");
    expect(requests[0]?.body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }] });
  });

  it("maps every constructor option to its wire name", async () => {
    const { llm, requests } = createTestModel({
      model: "gpt-4o",
      temperature: 0.3,
      maxTokens: 50,
      topP: 0.9,
      frequencyPenalty: 0.1,
      presencePenalty: -0.1,
      n: 2,
      stop: ["\n\n"],
      logprobs: true,
      topLogprobs: 2,
      seed: 7,
      user: "user-1",
      logitBias: { "50256": -100 },
      serviceTier: "flex",
      promptCacheKey: "cache-1",
    });
    await llm.invoke("Hello");
    expect(requests[0]?.body).toEqual({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hello" }],
      temperature: 0.3,
      max_tokens: 50,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: -0.1,
      n: 2,
      stop: ["\n\n"],
      logprobs: true,
      top_logprobs: 2,
      seed: 7,
      user: "user-1",
      logit_bias: { "50256": -100 },
      service_tier: "flex",
      prompt_cache_key: "cache-1",
    });
  });

  it("lets call options beat constructor fields, and modelKwargs beat both", async () => {
    const { llm, requests } = createTestModel({ seed: 1, stop: ["a"], modelKwargs: { seed: 99, metadata: { run: "x" }, store: true } });
    await llm.invoke("Hello", { seed: 2, stop: ["b"] });
    expect(requests[0]?.body).toMatchObject({ seed: 99, stop: ["b"], metadata: { run: "x" }, store: true });
  });

  it("sends maxCompletionTokens as max_completion_tokens, and works with fine-tuned names", async () => {
    const { llm, requests } = createTestModel({ model: "ft:gpt-4o-mini:acme::abc123", maxCompletionTokens: 30 });
    const answer = await llm.invoke("Hello");
    expect(requests[0]?.body).toMatchObject({ model: "ft:gpt-4o-mini:acme::abc123", max_completion_tokens: 30 });
    expect(answer.response_metadata.model_name).toBe("ft:gpt-4o-mini:acme::abc123");
  });

  it("maps every per-call option to the wire, and passes per-request SDK options such as headers", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4o" });
    await llm.invoke("Reply in JSON", {
      seed: 3,
      serviceTier: "priority",
      promptCacheKey: "k1",
      modalities: ["text"],
      prediction: { type: "content", content: "predicted" },
      response_format: { type: "json_object" },
      options: { headers: { "x-trace-id": "trace-1" } },
    });
    expect(requests[0]?.body).toEqual({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Reply in JSON" }],
      seed: 3,
      service_tier: "priority",
      prompt_cache_key: "k1",
      modalities: ["text"],
      prediction: { type: "content", content: "predicted" },
      response_format: { type: "json_object" },
    });
    expect(requests[0]?.headers.get("x-trace-id")).toBe("trace-1");
  });

  it("sends reasoning.effort as reasoning_effort, per call or from the constructor", async () => {
    const { llm, requests } = createTestModel({ model: "o3-mini", reasoning: { effort: "high" } });
    await llm.invoke("Think");
    await llm.invoke("Think less", { reasoning: { effort: "low" } });
    expect(requests.map((request) => request.body.reasoning_effort)).toEqual(["high", "low"]);
  });

  it("adapts a reasoning model's request and reports each change in response_metadata.warnings", async () => {
    const { llm, requests } = createTestModel({ model: "o3-mini", temperature: 0.2, maxTokens: 100, presencePenalty: 0.5 });
    const answer = await llm.invoke("Hello");
    expect(requests[0]?.body).toEqual({ model: "o3-mini", messages: [{ role: "user", content: "Hello" }], max_completion_tokens: 100 });
    expect(answer.response_metadata.warnings).toEqual([
      "maxTokens was sent as max_completion_tokens=100: o3-mini refuses max_tokens.",
      "temperature=0.2 was not sent: o3-mini accepts only the default (1).",
      "presence_penalty was not sent: o3-mini does not support it.",
    ]);
  });

  it("sends SystemMessage as developer when systemRole says so", async () => {
    const { llm, requests } = createTestModel({ systemRole: "developer" });
    await llm.invoke([["system", "Be brief."], new HumanMessage("Hi")]);
    expect(requests[0]?.body.messages).toEqual([{ role: "developer", content: "Be brief." }, { role: "user", content: "Hi" }]);
  });

  it("asks for stream usage by default on every server, and streams it from a custom base URL", async () => {
    const custom = createTestModel();
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await custom.llm.stream("Hi")) chunks.push(chunk);
    expect(custom.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(chunks.reduce((left, right) => left.concat(right)).usage_metadata).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });

    const official = createTestModel({ configuration: { baseURL: "https://api.openai.com/v1" } });
    for await (const _chunk of await official.llm.stream("Hi")) void _chunk;
    expect(official.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    const optedIn = createTestModel({ streamUsage: true });
    for await (const _chunk of await optedIn.llm.stream("Hi", { streamUsage: false })) void _chunk;
    expect(optedIn.requests[0]?.body).not.toHaveProperty("stream_options");

    const optedOut = createTestModel({ streamUsage: false });
    for await (const _chunk of await optedOut.llm.stream("Hi")) void _chunk;
    expect(optedOut.requests[0]?.body).not.toHaveProperty("stream_options");
  });
});

describe("timeouts per attempt", () => {
  it("bounds each attempt by the constructor timeout, retrying within maxRetries", async () => {
    const { llm, emulator } = createTestModel({ timeout: 40, maxRetries: 1 });
    let attempts = 0;
    emulator.fetch = async (input) => {
      attempts++;
      const signal = (input as Request).signal;
      // A server that never answers: like fetch, the call rejects with an AbortError once the signal aborts. (The
      // error is made in the test's realm: jest runs tests in a vm context, where Node's own DOMException is not an
      // Error, and the SDK would not recognise it; in a normal process fetch's AbortError reaches the SDK intact.)
      return new Promise<Response>((_resolve, reject) => {
        const poll = setInterval(() => {
          if (!signal.aborted) return;
          clearInterval(poll);
          reject(Object.assign(new Error("This operation was aborted"), { name: "AbortError" }));
        }, 5);
      });
    };
    const error = await llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(attempts).toBe(2);
  });
});

describe("LangChain integration", () => {
  it("reports its type and LangSmith parameters", () => {
    const llm = new ChatOpenAI({ model: "gpt-4o", temperature: 0.5, maxTokens: 20, stop: ["x"], apiKey: "k" });
    expect(llm._llmType()).toBe("openai");
    expect(ChatOpenAI.lc_name()).toBe("ChatOpenAI");
    expect(llm.getLsParams({})).toEqual({
      ls_provider: "openai",
      ls_model_name: "gpt-4o",
      ls_model_type: "chat",
      ls_temperature: 0.5,
      ls_max_tokens: 20,
      ls_stop: ["x"],
    });
    expect(llm._identifyingParams()).toEqual({ model_name: "gpt-4o", model: "gpt-4o", temperature: 0.5, max_tokens: 20, stop: ["x"] });
  });
});
