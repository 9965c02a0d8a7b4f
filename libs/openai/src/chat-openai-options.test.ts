// Whatever a @langchain/openai 1.6 user passes is sent, or refused with a typed error, or reported in
// response_metadata.warnings: never silently ignored. Each test asserts the exact body the emulator received.

import { describe, expect, it } from "@jest/globals";
import { type AIMessageChunk, FunctionMessage, HumanMessage } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "./chat-openai-fields.js";
import {
  ConfigurationError,
  InvalidToolDefinitionError,
  StrictSchemaError,
  UnknownOptionError,
  UnsupportedOptionError,
} from "./errors/errors.js";
import { createTestModel } from "./__tests__/test-model.js";

const weatherFunction = {
  name: "get_weather",
  description: "Current weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"] },
  },
};

const HELLO = [{ role: "user", content: "Hello" }];

/** Options as an untyped caller (plain JavaScript, or a runtime) passes them. */
function untypedOptions(options: Record<string, unknown>): ChatOpenAICallOptions {
  return options as ChatOpenAICallOptions;
}

function untypedFields(fields: Record<string, unknown>): ChatOpenAIFields {
  return fields as ChatOpenAIFields;
}

/** A chat completion calling get_weather with these arguments. */
function completionCalling(argumentText: string) {
  const toolCall = { id: "call_1", type: "function", function: { name: "get_weather", arguments: argumentText } };
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [toolCall] }, finish_reason: "tool_calls", logprobs: null }],
  };
}

/** The same answer as stream chunks. */
function chunksCalling(argumentText: string) {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
  return [
    chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: argumentText } }] }),
    chunk({}, "tool_calls"),
  ];
}

async function collect(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks.reduce((left, right) => concat(left, right));
}

describe("legacy function calling (functions, function_call)", () => {
  it("sends functions and a forced function_call, and returns the call in additional_kwargs.function_call", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-3.5-turbo" });
    const answer = await llm.invoke("Weather in Paris?", { functions: [weatherFunction], function_call: { name: "get_weather" } });
    expect(requests[0]?.body).toEqual({
      model: "gpt-3.5-turbo",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      functions: [weatherFunction],
      function_call: { name: "get_weather" },
    });
    expect(answer.additional_kwargs.function_call).toEqual({ name: "get_weather", arguments: expect.any(String) });
    expect(JSON.parse(answer.additional_kwargs.function_call!.arguments)).toEqual({ city: expect.any(String) });
    // A forced function_call finishes with "stop" on the real API (recorded gpt-4-0613 answers; the emulator follows).
    expect(answer.response_metadata.finish_reason).toBe("stop");
    expect(answer.tool_calls).toEqual([]);
  });

  it("streams the function call in fragments that concatenate to the invoked one", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-3.5-turbo" });
    const options = { functions: [weatherFunction], function_call: "auto" as const };
    const invoked = await llm.invoke("Call get_weather for Paris", options);
    const streamed = await collect(await llm.stream("Call get_weather for Paris", options));
    expect(requests[1]?.body).toEqual({
      model: "gpt-3.5-turbo",
      messages: [{ role: "user", content: "Call get_weather for Paris" }],
      functions: [weatherFunction],
      function_call: "auto",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(streamed.additional_kwargs.function_call).toEqual(invoked.additional_kwargs.function_call);
    expect(streamed.additional_kwargs.function_call?.name).toBe("get_weather");
    expect(streamed.response_metadata.finish_reason).toBe("function_call");
  });

  it("sends function_call none as given", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-3.5-turbo" });
    const answer = await llm.invoke("Hello", { functions: [weatherFunction], function_call: "none" });
    expect(requests[0]?.body).toEqual({ model: "gpt-3.5-turbo", messages: HELLO, functions: [weatherFunction], function_call: "none" });
    expect(answer.additional_kwargs.function_call).toBeUndefined();
  });

  it("round-trips the function call and its FunctionMessage in the history", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-3.5-turbo" });
    const call = await llm.invoke("Weather in Paris?", { functions: [weatherFunction], function_call: { name: "get_weather" } });
    const history = [
      new HumanMessage("Weather in Paris?"),
      call,
      new FunctionMessage({ name: "get_weather", content: '{"temperature":18}' }),
    ];
    await llm.invoke(history, { functions: [weatherFunction] });
    expect(requests[1]?.body).toEqual({
      model: "gpt-3.5-turbo",
      messages: [
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: null, function_call: call.additional_kwargs.function_call },
        { role: "function", name: "get_weather", content: '{"temperature":18}' },
      ],
      functions: [weatherFunction],
    });
  });

  it("refuses a function_call the API would refuse, before sending anything", async () => {
    const { llm, requests } = createTestModel();
    const withoutFunctions = await llm.invoke("Hi", { function_call: "auto" }).catch((caught: unknown) => caught);
    expect(InvalidToolDefinitionError.isInstance(withoutFunctions)).toBe(true);
    expect((withoutFunctions as Error).message).toContain("function_call");
    const unknownName = await llm.invoke("Hi", { functions: [weatherFunction], function_call: { name: "get_time" } }).catch((caught: unknown) => caught);
    expect(InvalidToolDefinitionError.isInstance(unknownName)).toBe(true);
    expect((unknownName as Error).message).toContain('it names "get_time", but the functions are "get_weather"');
    expect(requests).toHaveLength(0);
  });
});

describe("options @langchain/openai users pass", () => {
  it("sends verbosity, the prompt-cache options and service_tier from the constructor", async () => {
    const { llm, requests } = createTestModel({
      model: "gpt-5-mini",
      verbosity: "low",
      service_tier: "flex",
      promptCacheKey: "cache-1",
      promptCacheRetention: "in-memory",
      promptCacheOptions: { mode: "explicit", ttl: "30m" },
    });
    await llm.invoke("Hello");
    expect(requests[0]?.body).toEqual({
      model: "gpt-5-mini",
      messages: HELLO,
      verbosity: "low",
      service_tier: "flex",
      prompt_cache_key: "cache-1",
      prompt_cache_retention: "in_memory",
      prompt_cache_options: { mode: "explicit", ttl: "30m" },
    });
  });

  it("sends the same options per call, over the constructor's", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-5-mini", verbosity: "low", serviceTier: "flex", promptCacheKey: "model-key" });
    await llm.invoke("Hello", { verbosity: "high", service_tier: "priority", promptCacheKey: "call-key", promptCacheRetention: "24h" });
    expect(requests[0]?.body).toEqual({
      model: "gpt-5-mini",
      messages: HELLO,
      verbosity: "high",
      service_tier: "priority",
      prompt_cache_key: "call-key",
      prompt_cache_retention: "24h",
    });
  });

  it("sends reasoningEffort per call (and from the constructor), with reasoning.effort winning over it", async () => {
    const { llm, requests } = createTestModel({ model: "o3-mini", reasoningEffort: "low" });
    await llm.invoke("Think");
    await llm.invoke("Think", { reasoningEffort: "high" });
    const answer = await llm.invoke("Think", { reasoning: { effort: "medium" }, reasoningEffort: "high" });
    expect(requests.map((request) => request.body)).toEqual([
      { model: "o3-mini", messages: [{ role: "user", content: "Think" }], reasoning_effort: "low" },
      { model: "o3-mini", messages: [{ role: "user", content: "Think" }], reasoning_effort: "high" },
      { model: "o3-mini", messages: [{ role: "user", content: "Think" }], reasoning_effort: "medium" },
    ]);
    expect(answer.response_metadata.warnings).toEqual(['reasoningEffort="high" was not sent: reasoning.effort="medium" is also set, and wins.']);
  });

  it("refuses two spellings of one constructor field with different values", () => {
    const build = () => new ChatOpenAI({ serviceTier: "flex", service_tier: "priority" });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow('both serviceTier="flex" and service_tier="priority"');
    expect(() => new ChatOpenAI({ reasoning: { effort: "low" }, reasoningEffort: "high" })).toThrow("reasoning.effort");
    expect(new ChatOpenAI({ serviceTier: "flex", service_tier: "flex" }).serviceTier).toBe("flex");
  });

  it("passes per-call maxRetries to the SDK", async () => {
    const rateLimited = { status: 429, body: { error: { message: "Slow down", type: "requests", param: null, code: null } }, headers: { "retry-after-ms": "1" } };
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext(rateLimited, rateLimited);
    const answer = await model.llm.invoke("Hello", { maxRetries: 2 });
    expect(model.requests).toHaveLength(3);
    expect(answer.content).not.toBe("");
  });

  it("makes tools strict by supportsStrictToolCalling when the call sets no strict, and maps their nulls back", async () => {
    const { llm, requests, answerNext } = createTestModel({ supportsStrictToolCalling: true });
    answerNext({ status: 200, body: completionCalling('{"city":"Paris","unit":null}') });
    const answer = await llm.bindTools([weatherTool], { tool_choice: "get_weather" }).invoke("Weather in Paris?");
    const tools = requests[0]?.body.tools as Array<{ function: { strict?: boolean; parameters: { required: string[] } } }>;
    expect(tools[0]?.function.strict).toBe(true);
    // The optional `unit` went out required and nullable; the model's null means "absent".
    expect(tools[0]?.function.parameters.required).toEqual(["city", "unit"]);
    expect(answer.tool_calls?.[0]?.args).toEqual({ city: "Paris" });

    // Through the streamed path too, where the message is finalized after core assembles it.
    const streaming = createTestModel({ supportsStrictToolCalling: true, streaming: true });
    streaming.answerNext({ status: 200, sse: chunksCalling('{"city":"Paris","unit":null}') });
    const streamed = await streaming.llm.invoke("Weather in Paris?", { tools: [weatherTool] });
    expect(streamed.tool_calls?.[0]?.args).toEqual({ city: "Paris" });

    await llm.bindTools([weatherTool], { strict: false }).invoke("Weather in Paris?");
    expect((requests[1]?.body.tools as Array<{ function: { strict?: boolean } }>)[0]?.function.strict).toBe(false);
  });

  it("checks tools against strict mode at bindTools when supportsStrictToolCalling makes them strict", () => {
    const taggerTool = { type: "function" as const, function: { name: "tagger", parameters: { type: "object", properties: { tags: { type: "object", additionalProperties: { type: "number" } } } } } };
    const strictByDefault = new ChatOpenAI({ supportsStrictToolCalling: true });
    expect(() => strictByDefault.bindTools([taggerTool])).toThrow(StrictSchemaError);
    expect(() => strictByDefault.bindTools([taggerTool], { strict: false })).not.toThrow();
    expect(() => new ChatOpenAI().bindTools([taggerTool])).not.toThrow();
  });

  it("sends strict: false for every tool when supportsStrictToolCalling is false", async () => {
    const { llm, requests } = createTestModel({ supportsStrictToolCalling: false });
    await llm.invoke("Weather in Paris?", { tools: [weatherTool] });
    expect(requests[0]?.body.tools).toEqual([{ ...weatherTool, function: { ...weatherTool.function, strict: false } }]);
  });

  it("accepts useResponsesApi: false (every request goes to Chat Completions) and zdrEnabled", async () => {
    const { llm, requests } = createTestModel({ useResponsesApi: false, zdrEnabled: true });
    await llm.invoke("Hello", { useResponsesApi: false });
    expect(requests[0]?.url).toBe("http://emulator.test/v1/chat/completions");
    expect(requests[0]?.body).toEqual({ model: "gpt-4o-mini", messages: HELLO });
  });
});

describe("options only the Responses API could honour", () => {
  it("accepts useResponsesApi: true at construction, with reasoning summaries", () => {
    expect(() => new ChatOpenAI({ useResponsesApi: true, reasoning: { effort: "low", summary: "auto" } })).not.toThrow();
  });

  it("refuses reasoning summaries, and the Responses call options, with useResponsesApi: false before sending anything", async () => {
    expect(() => new ChatOpenAI(untypedFields({ useResponsesApi: false, reasoning: { effort: "low", summary: "auto" } }))).toThrow("`reasoning.summary` needs the Responses API");
    const { llm, requests } = createTestModel({ model: "o3-mini", useResponsesApi: false });
    for (const options of [{ previous_response_id: "resp_1" }, { text: { verbosity: "low" } }, { truncation: "auto" }, { include: ["reasoning.encrypted_content"] }, { reasoning: { summary: "auto" } }]) {
      const error = await llm.invoke("Hi", untypedOptions(options)).catch((caught: unknown) => caught);
      expect(UnsupportedOptionError.isInstance(error)).toBe(true);
      expect(ConfigurationError.isInstance(error)).toBe(true);
    }
    expect(requests).toHaveLength(0);
  });
});

describe("constructor fields", () => {
  it("refuses an unknown field with a did-you-mean hint, as a typed error", () => {
    const error = (() => {
      try {
        return new ChatOpenAI(untypedFields({ model: "gpt-4o", temprature: 0 }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(UnknownOptionError.isInstance(error)).toBe(true);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ option: "temprature", suggestion: "temperature" });
    expect((error as Error).message).toContain("unknown field `temprature`. Did you mean `temperature`?");
  });

  it("accepts core's own fields and every @langchain/openai field it supports", () => {
    const fields: ChatOpenAIFields = {
      callbacks: [], tags: ["t"], metadata: { a: 1 }, verbose: false, cache: false, maxConcurrency: 2, maxRetries: 1,
      onFailedAttempt: () => undefined, disableStreaming: false, outputVersion: "v0",
      modelName: "gpt-4o", openAIApiKey: "sk-test", stopSequences: ["x"], streamUsage: true, supportsStrictToolCalling: true,
      service_tier: "auto", verbosity: "medium", promptCacheRetention: "24h", zdrEnabled: false, useResponsesApi: false,
    };
    expect(() => new ChatOpenAI(fields)).not.toThrow();
  });

  it("refuses the fields @langchain/openai has and this package does not support, saying so plainly", () => {
    const azure = () => new ChatOpenAI(untypedFields({ azureOpenAIApiDeploymentName: "my-deployment" }));
    expect(azure).toThrow(UnsupportedOptionError);
    expect(azure).toThrow("The field `azureOpenAIApiDeploymentName` is not supported by @tessera/openai's ChatOpenAI. It is an Azure OpenAI field");
    expect(azure).toThrow("use AzureChatOpenAI");
    expect(() => new ChatOpenAI(untypedFields({ clientConfig: { baseURL: "http://x" } }))).toThrow("Pass SDK client options as `configuration");
    expect(() => new ChatOpenAI(untypedFields({ __includeRawResponse: true }))).toThrow(UnsupportedOptionError);
  });

  it("keeps unknown fields out of lc_kwargs: the constructor refuses them before core stores the fields", () => {
    expect(() => new ChatOpenAI(untypedFields({ temperature: 0.5, tempreture: 0.5 }))).toThrow(UnknownOptionError);
    const llm = new ChatOpenAI({ temperature: 0.5 });
    // core adds `callbacks` itself.
    expect(Object.keys(llm.lc_kwargs).sort()).toEqual(["callbacks", "temperature"]);
  });

  it("names a call option passed to the constructor as one", () => {
    const build = () => new ChatOpenAI(untypedFields({ tool_choice: "auto" }));
    expect(build).toThrow(UnknownOptionError);
    expect(build).toThrow("`tool_choice` is a call option, not a constructor field. Pass it per call (llm.invoke(input, { tool_choice }))");
  });

  it("lets a subclass declare the fields it reads itself", () => {
    class RegionalChat extends ChatOpenAI {
      static override additionalFieldNames = ["region"];
    }
    const llm = new RegionalChat(untypedFields({ region: "eu", temperature: 0 }));
    expect(llm.lc_kwargs).toMatchObject({ region: "eu", temperature: 0 });
    expect(() => new RegionalChat(untypedFields({ regoin: "eu" }))).toThrow("Did you mean `region`?");
  });
});

describe("call options that look like mistakes", () => {
  it("names a near-miss or a constructor field passed per call in response_metadata.warnings, and sends nothing for it", async () => {
    const { llm, requests } = createTestModel({ model: "o3-mini" });
    const answer = await llm.invoke("Hello", untypedOptions({ reasoningEfort: "low", temprature: 0, maxTokens: 5 }));
    expect(requests[0]?.body).toEqual({ model: "o3-mini", messages: HELLO });
    expect(answer.response_metadata.warnings).toEqual([
      "Call option `reasoningEfort` is unknown and was ignored; did you mean `reasoningEffort`?",
      "Call option `temprature` is unknown and was ignored; did you mean the constructor field `temperature`? Set it with new ChatOpenAI({ temperature }).",
      "`maxTokens` was ignored: it is a constructor field, not a call option. Set it with new ChatOpenAI({ maxTokens }).",
    ]);
  });

  it("warns on stream too, on the first chunk", async () => {
    const { llm } = createTestModel();
    const streamed = await collect(await llm.stream("Hello", untypedOptions({ tools: [weatherTool], tool_choise: "auto" })));
    expect(streamed.response_metadata.warnings).toEqual(["Call option `tool_choise` is unknown and was ignored; did you mean `tool_choice`?"]);
  });

  it("never warns about keys core and LangGraph add, nor about unrelated keys", async () => {
    const { llm } = createTestModel();
    const answer = await llm.invoke(
      "Hello",
      untypedOptions({ configurable: { thread_id: "1" }, recursionLimit: 5, runName: "r", store: {}, writer: () => undefined, streamMode: "messages", promptIndex: 0, myAppKey: 1 }),
    );
    expect(answer.response_metadata.warnings).toBeUndefined();
  });
});

describe("reasoning and verbosity on models that refuse them", () => {
  it("drops reasoning effort for a model that does not reason, with a warning, instead of a 400", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4o-mini", reasoning: { effort: "low" } });
    const answer = await llm.invoke("Hello");
    await llm.invoke("Hello", { reasoningEffort: "high" });
    expect(requests.map((request) => request.body)).toEqual([
      { model: "gpt-4o-mini", messages: HELLO },
      { model: "gpt-4o-mini", messages: HELLO },
    ]);
    expect(answer.response_metadata.warnings).toEqual([
      'reasoning_effort="low" was not sent: gpt-4o-mini does not reason (reasoning effort is for o-series and gpt-5 models).',
    ]);
  });

  it("drops a verbosity other than medium for a model before gpt-5, and keeps medium", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1", verbosity: "low" });
    const answer = await llm.invoke("Hello");
    await llm.invoke("Hello", { verbosity: "medium" });
    expect(requests.map((request) => request.body)).toEqual([
      { model: "gpt-4.1", messages: HELLO },
      { model: "gpt-4.1", messages: HELLO, verbosity: "medium" },
    ]);
    expect(answer.response_metadata.warnings).toEqual([
      'verbosity="low" was not sent: gpt-4.1 accepts only the default ("medium"); other values are for gpt-5 models.',
    ]);
  });

  it("sends both as given to gpt-5 models", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-5-mini", reasoning: { effort: "minimal" }, verbosity: "high" });
    const answer = await llm.invoke("Hello");
    expect(requests[0]?.body).toEqual({ model: "gpt-5-mini", messages: HELLO, reasoning_effort: "minimal", verbosity: "high" });
    expect(answer.response_metadata.warnings).toBeUndefined();
  });
});
