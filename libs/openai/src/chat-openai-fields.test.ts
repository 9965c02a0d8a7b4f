import { describe, expect, it } from "@jest/globals";
import { CHAT_OPENAI_CALL_OPTIONS, CHAT_OPENAI_FIELDS, type ChatOpenAICallOptions, type ChatOpenAIFields } from "./chat-openai-fields.js";
import { resolveFieldAliases, resolveFieldValues } from "./internal/resolve-chat-openai-fields.js";
import { ConfigurationError } from "./errors/errors.js";

// Type-level: the tables and the types name exactly the same keys (`pnpm typecheck` fails otherwise). The tables'
// own `satisfies` checks the same; this keeps the guarantee even if someone loosens it there.
type Equal<Left, Right> = (<T>() => T extends Left ? 1 : 2) extends <T>() => T extends Right ? 1 : 2 ? true : false;
const fieldTableMatchesType: Equal<keyof typeof CHAT_OPENAI_FIELDS, keyof ChatOpenAIFields> = true;
const callTableMatchesType: Equal<keyof typeof CHAT_OPENAI_CALL_OPTIONS, keyof ChatOpenAICallOptions> = true;

describe("the option tables", () => {
  it("match the field and call-option types (checked by the compiler)", () => {
    expect([fieldTableMatchesType, callTableMatchesType]).toEqual([true, true]);
  });

  it("know @langchain/openai 1.6's ChatOpenAI field names that this package supports", () => {
    const langchainFields = [
      "temperature", "maxTokens", "maxCompletionTokens", "topP", "frequencyPenalty", "presencePenalty", "n", "logitBias",
      "user", "streaming", "streamUsage", "modelName", "model", "modelKwargs", "stop", "stopSequences", "timeout",
      "openAIApiKey", "apiKey", "verbosity", "logprobs", "topLogprobs", "supportsStrictToolCalling", "modalities", "audio",
      "reasoning", "zdrEnabled", "service_tier", "promptCacheKey", "promptCacheRetention", "promptCacheOptions",
      "configuration", "useResponsesApi",
    ];
    expect(langchainFields.filter((name) => !Object.hasOwn(CHAT_OPENAI_FIELDS, name))).toEqual([]);
  });

  it("know @langchain/openai 1.6's Chat Completions call options", () => {
    const langchainCallOptions = [
      "options", "tools", "tool_choice", "response_format", "seed", "stream_options", "parallel_tool_calls", "strict",
      "modalities", "audio", "prediction", "reasoning", "reasoningEffort", "service_tier", "promptCacheKey",
      "promptCacheRetention", "promptCacheOptions", "verbosity", "functions", "function_call", "useResponsesApi",
    ];
    expect(langchainCallOptions.filter((name) => !Object.hasOwn(CHAT_OPENAI_CALL_OPTIONS, name))).toEqual([]);
  });
});

describe("resolveFieldAliases", () => {
  it("folds service_tier and reasoningEffort into ChatOpenAI's own fields", () => {
    expect(resolveFieldAliases({ service_tier: "flex", reasoningEffort: "low" })).toEqual({ serviceTier: "flex", reasoning: { effort: "low" } });
    expect(resolveFieldAliases({})).toEqual({ serviceTier: undefined, reasoning: undefined });
    expect(resolveFieldAliases({ reasoning: {} })).toEqual({ serviceTier: undefined, reasoning: {} });
  });

  it("refuses two spellings with different values", () => {
    expect(() => resolveFieldAliases({ serviceTier: "flex", service_tier: "auto" })).toThrow(ConfigurationError);
    expect(() => resolveFieldAliases({ reasoning: { effort: "low" }, reasoningEffort: "high" })).toThrow(
      'new ChatOpenAI() got both reasoning.effort="low" and reasoningEffort="high", two spellings of one option with different values.',
    );
  });
});

describe("resolveFieldValues", () => {
  it("sets every public field: the defaults where nothing is given, every option left unset", () => {
    expect(resolveFieldValues({})).toStrictEqual({
      model: "gpt-4o-mini", maxRetries: 2, streaming: false, systemRole: "system", checkContextWindow: false, zdrEnabled: false,
      temperature: undefined, maxTokens: undefined, maxCompletionTokens: undefined, topP: undefined, frequencyPenalty: undefined,
      presencePenalty: undefined, n: undefined, stop: undefined, logprobs: undefined, topLogprobs: undefined, seed: undefined,
      user: undefined, logitBias: undefined, timeout: undefined, streamUsage: undefined, modelKwargs: undefined,
      serviceTier: undefined, reasoning: undefined, verbosity: undefined, promptCacheKey: undefined, promptCacheRetention: undefined,
      promptCacheOptions: undefined, modalities: undefined, audio: undefined, prediction: undefined, configuration: undefined,
      contextWindow: undefined, supportsStrictToolCalling: undefined, streamIdleTimeout: undefined, maxResponseBytes: undefined,
      extraBody: undefined, extraHeaders: undefined, extraQuery: undefined,
      includeResponseHeaders: false, store: undefined, reasoningModel: undefined, requestMetadata: undefined, webSearchOptions: undefined,
      useResponsesApi: undefined, usePreviousResponseId: undefined,
    });
  });

  it("folds the @langchain/openai spellings in, ChatOpenAI's own winning, and keeps the key out of configuration", () => {
    expect(resolveFieldValues({ modelName: "gpt-4.1", stopSequences: ["END"], service_tier: "flex", configuration: { apiKey: "sk-x", baseURL: "http://h/v1" } }))
      .toMatchObject({ model: "gpt-4.1", stop: ["END"], serviceTier: "flex", configuration: { baseURL: "http://h/v1" } });
    expect(resolveFieldValues({ configuration: { apiKey: "sk-x" } }).configuration).toStrictEqual({});
    expect(resolveFieldValues({ model: "o3", modelName: "gpt-4.1", stop: ["A"], stopSequences: ["B"] })).toMatchObject({ model: "o3", stop: ["A"] });
  });
});
