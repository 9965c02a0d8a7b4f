// ChatOpenAI's constructor fields resolved into the values it keeps: the `@langchain/openai` aliases folded in, the
// defaults applied, `disableStreaming` read, and where requests go with which credentials (fields, `configuration`,
// then `OPENAI_*`). The field and option types themselves are in chat-openai-fields.ts.

import type { ClientOptions } from "openai";
import type { AzureConnection } from "../azure/azure-chat-openai-fields.js";
import type { ChatOpenAIFields, ChatOpenAIReasoning } from "../chat-openai-fields.js";
import { ConfigurationError } from "../errors/errors.js";

/** Constructor fields after the `@langchain/openai` spellings are folded into ChatOpenAI's own. */
export interface ResolvedFieldAliases {
  serviceTier: ChatOpenAIFields["serviceTier"];
  reasoning: ChatOpenAIReasoning | undefined;
}

/**
 * Folds the `@langchain/openai` spellings of constructor fields into ChatOpenAI's own: `service_tier` into
 * `serviceTier`, `reasoningEffort` into `reasoning.effort`. Both spellings set to different values is a
 * ConfigurationError, since one of them would be silently ignored.
 *
 * @example
 * resolveFieldAliases({ service_tier: "flex", reasoningEffort: "low" }); // { serviceTier: "flex", reasoning: { effort: "low" } }
 */
export function resolveFieldAliases(fields: ChatOpenAIFields): ResolvedFieldAliases {
  const serviceTier = pickAlias("serviceTier", fields.serviceTier, "service_tier", fields.service_tier);
  const effort = pickAlias("reasoning.effort", fields.reasoning?.effort, "reasoningEffort", fields.reasoningEffort);
  const reasoning = fields.reasoning === undefined && effort === undefined ? undefined : { ...fields.reasoning, ...(effort === undefined ? {} : { effort }) };
  return { serviceTier, reasoning };
}

function pickAlias<T>(name: string, value: T | undefined, aliasName: string, aliasValue: T | undefined): T | undefined {
  if (value !== undefined && aliasValue !== undefined && value !== aliasValue) {
    throw new ConfigurationError(
      `new ChatOpenAI() got both ${name}=${JSON.stringify(value)} and ${aliasName}=${JSON.stringify(aliasValue)}, two spellings of one ` +
        `option with different values. Keep one (${name} is ChatOpenAI's own).`,
    );
  }
  return value ?? aliasValue;
}

const DEFAULT_MODEL = "gpt-4o-mini";
const DEFAULT_MAX_RETRIES = 2;

/** The constructor fields ChatOpenAI keeps, unchanged, as public fields of the same name. */
type PlainFieldName =
  | "temperature" | "maxTokens" | "maxCompletionTokens" | "topP" | "frequencyPenalty" | "presencePenalty" | "n" | "logprobs"
  | "topLogprobs" | "seed" | "user" | "logitBias" | "timeout" | "streamUsage" | "modelKwargs" | "verbosity" | "promptCacheKey"
  | "promptCacheRetention" | "promptCacheOptions" | "modalities" | "audio" | "prediction" | "contextWindow"
  | "supportsStrictToolCalling" | "streamIdleTimeout" | "maxResponseBytes" | "extraBody" | "extraHeaders" | "extraQuery"
  | "store" | "reasoningModel" | "requestMetadata" | "webSearchOptions" | "useResponsesApi"
  | "usePreviousResponseId";

/**
 * ChatOpenAI's public fields as its constructor sets them: every key present, defaults applied, unset options
 * `undefined` (and so left out of requests).
 *
 * @example
 * const values: ChatOpenAIFieldValues = resolveFieldValues({ temperature: 0 });
 */
export type ChatOpenAIFieldValues = { [Name in PlainFieldName]: ChatOpenAIFields[Name] } & {
  model: string;
  maxRetries: number;
  streaming: boolean;
  systemRole: "system" | "developer";
  checkContextWindow: boolean;
  zdrEnabled: boolean;
  includeResponseHeaders: boolean;
  stop: string[] | undefined;
  serviceTier: ChatOpenAIFields["serviceTier"];
  reasoning: ChatOpenAIReasoning | undefined;
  configuration: ClientOptions | undefined;
};

/**
 * Resolves the constructor fields into ChatOpenAI's public field values: the defaults (`gpt-4o-mini`, 2 retries, no
 * streaming, `system` role), the `@langchain/openai` aliases (`modelName`, `stopSequences`, and those of
 * {@link resolveFieldAliases}, which may throw), and `configuration` without its key (see {@link withoutApiKey}).
 *
 * @example
 * resolveFieldValues({ modelName: "gpt-4.1", stopSequences: ["\n"] }); // { model: "gpt-4.1", stop: ["\n"], maxRetries: 2, … }
 */
export function resolveFieldValues(fields: ChatOpenAIFields): ChatOpenAIFieldValues {
  const { serviceTier, reasoning } = resolveFieldAliases(fields);
  return {
    model: fields.model ?? fields.modelName ?? DEFAULT_MODEL,
    temperature: fields.temperature,
    maxTokens: fields.maxTokens,
    maxCompletionTokens: fields.maxCompletionTokens,
    topP: fields.topP,
    frequencyPenalty: fields.frequencyPenalty,
    presencePenalty: fields.presencePenalty,
    n: fields.n,
    stop: fields.stop ?? fields.stopSequences,
    logprobs: fields.logprobs,
    topLogprobs: fields.topLogprobs,
    seed: fields.seed,
    user: fields.user,
    logitBias: fields.logitBias,
    timeout: fields.timeout,
    maxRetries: fields.maxRetries ?? DEFAULT_MAX_RETRIES,
    streaming: fields.streaming ?? false,
    streamUsage: fields.streamUsage,
    modelKwargs: fields.modelKwargs,
    serviceTier,
    reasoning,
    verbosity: fields.verbosity,
    promptCacheKey: fields.promptCacheKey,
    promptCacheRetention: fields.promptCacheRetention,
    promptCacheOptions: fields.promptCacheOptions,
    modalities: fields.modalities,
    audio: fields.audio,
    prediction: fields.prediction,
    systemRole: fields.systemRole ?? "system",
    checkContextWindow: fields.checkContextWindow ?? false,
    contextWindow: fields.contextWindow,
    supportsStrictToolCalling: fields.supportsStrictToolCalling,
    streamIdleTimeout: fields.streamIdleTimeout,
    maxResponseBytes: fields.maxResponseBytes,
    extraBody: fields.extraBody,
    extraHeaders: fields.extraHeaders,
    extraQuery: fields.extraQuery,
    zdrEnabled: fields.zdrEnabled ?? false,
    store: fields.store,
    reasoningModel: fields.reasoningModel,
    includeResponseHeaders: fields.includeResponseHeaders ?? false,
    requestMetadata: fields.requestMetadata,
    webSearchOptions: fields.webSearchOptions,
    useResponsesApi: fields.useResponsesApi,
    usePreviousResponseId: fields.usePreviousResponseId,
    configuration: fields.configuration && withoutApiKey(fields.configuration),
  };
}

/** How `disableStreaming` applies: to every call, or only to calls with tools bound. */
export interface ResolvedDisableStreaming {
  /** Core's own field: read for truthiness, so it is `true` only for `disableStreaming: true`. */
  disableStreaming: boolean;
  /** `"tool_calling"`: streaming is bypassed per call, for calls with tools only. */
  disableStreamingWithTools: boolean;
}

/**
 * Reads the `disableStreaming` field: `true`, `false` (or unset) or `"tool_calling"`; anything else is a
 * ConfigurationError.
 *
 * @example
 * resolveDisableStreaming("tool_calling"); // { disableStreaming: false, disableStreamingWithTools: true }
 */
export function resolveDisableStreaming(value: ChatOpenAIFields["disableStreaming"]): ResolvedDisableStreaming {
  if (value !== undefined && typeof value !== "boolean" && value !== "tool_calling") {
    throw new ConfigurationError(`disableStreaming must be true, false or "tool_calling", not ${JSON.stringify(value)}.`);
  }
  return { disableStreaming: value === true, disableStreamingWithTools: value === "tool_calling" };
}

/** The environment variables ChatOpenAI reads; an explicit field always wins. */
export interface OpenAIEnvironment {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_ORG_ID?: string;
  OPENAI_ORGANIZATION?: string;
  OPENAI_PROJECT?: string;
}

/** Connection settings after aliases, `configuration` and the environment are resolved. */
export interface ResolvedConnection {
  /** A key, or the SDK's async key provider from `configuration.apiKey`. */
  apiKey: ClientOptions["apiKey"] | undefined;
  baseURL: string | undefined;
  organization: string | undefined;
  project: string | undefined;
  /** Set by AzureChatOpenAI: the client is the SDK's Azure client (or the v1 API's), built from this. */
  azure?: AzureConnection;
}

/**
 * Resolves the connection: explicit fields, then their aliases and `configuration`, then the environment.
 *
 * @example
 * resolveConnection({ apiKey: "sk-…" }, process.env).apiKey; // "sk-…", whatever OPENAI_API_KEY says
 */
export function resolveConnection(fields: ChatOpenAIFields, env: OpenAIEnvironment): ResolvedConnection {
  const configuration = fields.configuration ?? {};
  return {
    apiKey:
      nonEmpty(fields.apiKey) ??
      nonEmpty(fields.openAIApiKey) ??
      (typeof configuration.apiKey === "function" ? configuration.apiKey : nonEmpty(configuration.apiKey)) ??
      nonEmpty(env.OPENAI_API_KEY),
    baseURL: nonEmpty(fields.baseURL) ?? nonEmpty(configuration.baseURL ?? undefined) ?? nonEmpty(env.OPENAI_BASE_URL),
    organization:
      nonEmpty(fields.organization) ?? nonEmpty(configuration.organization ?? undefined) ?? nonEmpty(env.OPENAI_ORG_ID) ?? nonEmpty(env.OPENAI_ORGANIZATION),
    project: nonEmpty(fields.project) ?? nonEmpty(configuration.project ?? undefined) ?? nonEmpty(env.OPENAI_PROJECT),
  };
}

/** Reads the OpenAI variables from `process.env` where there is one (not in browsers or some edge runtimes). */
export function readOpenAIEnvironment(): OpenAIEnvironment {
  const env = typeof process === "undefined" ? undefined : process.env;
  if (!env) return {};
  return {
    OPENAI_API_KEY: env.OPENAI_API_KEY,
    OPENAI_BASE_URL: env.OPENAI_BASE_URL,
    OPENAI_ORG_ID: env.OPENAI_ORG_ID,
    OPENAI_ORGANIZATION: env.OPENAI_ORGANIZATION,
    OPENAI_PROJECT: env.OPENAI_PROJECT,
  };
}

/**
 * The SDK configuration without its key: the key lives in the resolved connection (private to the model), so the
 * public `configuration` field never exposes it.
 *
 * @example
 * withoutApiKey({ apiKey: "sk-…", baseURL: "http://localhost:4010/v1" }); // { baseURL: "http://localhost:4010/v1" }
 */
export function withoutApiKey(configuration: ClientOptions): ClientOptions {
  const { apiKey: _apiKey, ...rest } = configuration;
  return rest;
}

/**
 * The constructor fields as core keeps them in `lc_kwargs`, without the key (`apiKey`, `openAIApiKey`,
 * `configuration.apiKey`). Serialization does not need it there: core reads the `lc_secrets` paths from the model
 * (the `apiKey` getter) and writes a secret reference.
 *
 * @example
 * withoutApiKeys({ apiKey: "sk-…", temperature: 0 }); // { temperature: 0 }
 */
export function withoutApiKeys(fields: Record<string, unknown>): Record<string, unknown> {
  const { apiKey: _apiKey, openAIApiKey: _openAIApiKey, ...rest } = fields;
  const configuration = rest.configuration as ClientOptions | undefined;
  if (configuration?.apiKey !== undefined) rest.configuration = withoutApiKey(configuration);
  return rest;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value == null || value.trim() === "" ? undefined : value;
}
