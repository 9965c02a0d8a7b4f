import { describe, expect, it, jest } from "@jest/globals";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, trimMessages } from "@langchain/core/messages";
import { z } from "zod";
import { ChatOpenAI } from "../chat-openai.js";
import { ContextOverflowError } from "../errors/errors.js";
import { createTestModel } from "../__tests__/test-model.js";
import { createHandmadePerson, createValidateOnlyPerson, personInputJsonSchema } from "../schemas/__fixtures__/standard-schemas.js";
import { countPromptTokens, createTokenCounter } from "./count-prompt-tokens.js";
import { countChatPromptTokens, type PromptMessage, type ResponseFormat } from "@tessera/openai-tokens";
import type * as TokensModuleNamespace from "@tessera/openai-tokens";

type TokensModule = typeof TokensModuleNamespace;

const getWeather = { name: "get_weather", description: "Weather for a city", schema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }) };

describe("getNumTokens", () => {
  it("counts text with the model's encoding, offline", async () => {
    const fetchSpy = jest.spyOn(globalThis, "fetch").mockImplementation(() => {
      throw new Error("network is disabled in this test");
    });
    try {
      expect(await new ChatOpenAI({ model: "gpt-4o" }).getNumTokens("tiktoken is great!")).toBe(6);
      expect(await new ChatOpenAI({ model: "gpt-4" }).getNumTokens("antidisestablishmentarianism")).toBe(6);
      expect(await new ChatOpenAI({ model: "gpt-4o" }).getNumTokens([{ type: "text", text: "tiktoken is great!" }])).toBe(6);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});

describe("getNumTokensFromMessages", () => {
  it("equals the prompt_tokens the API reports, messages and tool definitions included", async () => {
    const { llm } = createTestModel();
    const conversations = [
      [new SystemMessage("You are terse."), new HumanMessage("Hello there")],
      [new HumanMessage({ content: "Hi", name: "ada" }), new AIMessage("Hello!"), new HumanMessage("How are you?")],
      [
        new HumanMessage("Use get_weather"),
        new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Oslo" }, type: "tool_call" }] }),
        new ToolMessage({ tool_call_id: "call_1", content: "-3C" }),
      ],
    ];
    for (const messages of conversations) {
      for (const tools of [undefined, [getWeather]]) {
        const counted = await llm.getNumTokensFromMessages(messages, { tools });
        const answer = await llm.invoke(messages, tools ? { tools } : {});
        expect(counted.totalCount).toBe(answer.usage_metadata?.input_tokens);
        expect(counted.countPerMessage).toHaveLength(messages.length);
      }
    }
  });

  it("counts a tool whose schema is a Standard Schema as its JSON Schema, like the request sends it", async () => {
    const { llm } = createTestModel();
    const messages = [new HumanMessage("Record Ada, 36")];
    const standardTool = { name: "record_person", description: "Record a person", schema: createHandmadePerson() };
    const jsonTool = { name: "record_person", description: "Record a person", schema: personInputJsonSchema };
    for (const strict of [undefined, true]) {
      const counted = await llm.getNumTokensFromMessages(messages, { tools: [standardTool], strict });
      const asJson = await countPromptTokens({ model: llm.model, messages, tools: [jsonTool], strict });
      const answer = await llm.invoke(messages, { tools: [standardTool], strict });
      expect(counted.totalCount).toBe(asJson.totalCount);
      expect(counted.totalCount).toBe(answer.usage_metadata?.input_tokens);
    }
    const validateOnly = { name: "record_person", description: "Record a person", schema: createValidateOnlyPerson() };
    await expect(llm.getNumTokensFromMessages(messages, { tools: [validateOnly] })).rejects.toThrow(/Standard Schema from "handmade"/u);
  });

  it("counts tool definitions: more tools, more tokens", async () => {
    const llm = new ChatOpenAI({ model: "gpt-4o" });
    const messages = [new HumanMessage("Hi")];
    const bare = await llm.getNumTokensFromMessages(messages);
    const withTool = await llm.getNumTokensFromMessages(messages, { tools: [getWeather] });
    expect(withTool.totalCount).toBeGreaterThan(bare.totalCount);
    expect(withTool.countPerMessage).toEqual(bare.countPerMessage);
  });
});

describe("countPromptTokens and createTokenCounter", () => {
  it("counts without a model instance and reports the encoding", async () => {
    const counted = await countPromptTokens({ model: "gpt-3.5-turbo", messages: [new HumanMessage("Hello")] });
    expect(counted).toMatchObject({ encoding: "cl100k_base", toolsCount: 0 });
    expect(counted.totalCount).toBe(counted.countPerMessage[0]! + 3);
  });

  it("plugs into trimMessages and keeps the most recent messages within the budget", async () => {
    const history = Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? new HumanMessage(`Question number ${index} about the weather`) : new AIMessage(`Answer number ${index}, it is sunny`)));
    const counter = createTokenCounter("gpt-4o");
    const trimmed = await trimMessages(history, { maxTokens: 80, strategy: "last", tokenCounter: counter });
    expect(trimmed.length).toBeGreaterThan(0);
    expect(trimmed.length).toBeLessThan(history.length);
    expect(trimmed.at(-1)?.content).toBe(history.at(-1)?.content);
    expect(await counter(trimmed)).toBeLessThanOrEqual(80);
    expect(await counter(history.slice(history.length - trimmed.length - 1))).toBeGreaterThan(80);
  });

  it("warns once for an unknown model, through process.emitWarning", async () => {
    const emit = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      await countPromptTokens({ model: "my-local-model-x", messages: [new HumanMessage("a")] });
      await countPromptTokens({ model: "my-local-model-x", messages: [new HumanMessage("b")] });
      expect(emit).toHaveBeenCalledTimes(1);
      expect(String(emit.mock.calls[0]?.[0])).toContain('Unknown model "my-local-model-x"');
    } finally {
      emit.mockRestore();
    }
  });
});

describe("the request path never tokenizes", () => {
  it("makes no tokenizer call in invoke, stream or streaming invoke", async () => {
    await jest.isolateModulesAsync(async () => {
      const tokens = jest.requireActual<TokensModule>("@tessera/openai-tokens");
      const calls: string[] = [];
      jest.doMock("@tessera/openai-tokens", () => ({
        ...tokens,
        loadEncoding: (...args: Parameters<typeof tokens.loadEncoding>) => (calls.push("loadEncoding"), tokens.loadEncoding(...args)),
        countChatPromptTokens: (...args: Parameters<typeof tokens.countChatPromptTokens>) => (calls.push("countChatPromptTokens"), tokens.countChatPromptTokens(...args)),
        countTextTokens: (...args: Parameters<typeof tokens.countTextTokens>) => (calls.push("countTextTokens"), tokens.countTextTokens(...args)),
      }));
      const { createTestModel: create } = await import("../__tests__/test-model.js");
      const completion = { id: "chatcmpl-1", object: "chat.completion", created: 1, model: "gpt-4o-mini-2024-07-18", choices: [{ index: 0, message: { role: "assistant", content: "Hi", refusal: null }, logprobs: null, finish_reason: "stop" }], usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 } };
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini-2024-07-18", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
      const sse = [chunk({ role: "assistant", content: "" }), chunk({ content: "Hi" }), chunk({}, "stop")];
      const plain = create();
      plain.answerNext({ status: 200, body: completion }, { status: 200, sse });
      await plain.llm.invoke("Hello");
      for await (const _chunk of await plain.llm.stream("Hello")) void _chunk;
      const streaming = create({ streaming: true });
      streaming.answerNext({ status: 200, sse });
      await streaming.llm.bindTools([getWeather]).invoke("Hello");
      expect(calls).toEqual([]);
    });
  });

  it("loads no ranks when the package is imported", async () => {
    await jest.isolateModulesAsync(async () => {
      await import("../index.js");
      expect(Object.keys(require.cache).filter((file) => file.includes("ranks"))).toEqual([]);
    });
  });
});

describe("the context-window guard", () => {
  const longText = "lorem ipsum dolor sit amet ".repeat(400);

  it("fails locally with ContextOverflowError when enabled, sending nothing", async () => {
    const { llm, requests } = createTestModel({ checkContextWindow: true, contextWindow: 1000 });
    const error = await llm.invoke(longText).catch((caught: unknown) => caught);
    expect(ContextOverflowError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/prompt tokens, over gpt-4o-mini's context window of 1000 tokens; nothing was sent/);
    expect(requests).toHaveLength(0);
    await llm.invoke("short");
    expect(requests).toHaveLength(1);
  });

  it("counts the requested output too, and uses the built-in window for known models", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4", checkContextWindow: true, maxTokens: 8190 });
    const error = await llm.invoke("A modest question").catch((caught: unknown) => caught);
    expect(ContextOverflowError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/plus 8190 output tokens, over gpt-4's context window of 8192/);
    expect(requests).toHaveLength(0);
  });

  it("counts a json_schema response format, which the API adds to the prompt", async () => {
    const person = z.object({ name: z.string().describe("The person's full name"), age: z.number().int(), city: z.string() });
    const sent = createTestModel();
    await sent.llm.withStructuredOutput(person, { method: "jsonSchema", name: "Person" }).invoke("Name a person");
    const body = sent.requests[0]!.body as { messages: PromptMessage[]; response_format: ResponseFormat };
    const withFormat = (await countChatPromptTokens({ model: "gpt-4o-mini", messages: body.messages, responseFormat: body.response_format })).totalCount;
    const withoutFormat = (await countChatPromptTokens({ model: "gpt-4o-mini", messages: body.messages })).totalCount;
    expect(withFormat - withoutFormat).toBeGreaterThan(20);
    // A window the messages fit in but the messages and the schema do not.
    const { llm, requests } = createTestModel({ checkContextWindow: true, contextWindow: withFormat - 1 });
    const error = await llm.withStructuredOutput(person, { method: "jsonSchema", name: "Person" }).invoke("Name a person").catch((caught: unknown) => caught);
    expect(ContextOverflowError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`needs ${withFormat} prompt tokens`);
    expect(requests).toHaveLength(0);
  });

  it("leaves the check to the API when off, whose refusal is a ContextOverflowError too", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4", maxTokens: 8190 });
    const error = await llm.invoke("A modest question").catch((caught: unknown) => caught);
    expect(requests).toHaveLength(1);
    expect(ContextOverflowError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: "context_length_exceeded" });
  });

  it("is off by default: the request goes out as given", async () => {
    const { llm, requests } = createTestModel({ contextWindow: 10 });
    await llm.invoke("A prompt longer than ten tokens, which the guard would refuse if it were on.");
    expect(requests).toHaveLength(1);
  });
});
