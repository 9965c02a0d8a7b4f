import type { BaseChatModelCallOptions, BaseChatModelParams, BindToolsInput } from "@langchain/core/language_models/chat_models";
import type OpenAI from "openai";
import type { ClientOptions } from "openai";

/** A tool as ChatOpenAI accepts it: an OpenAI function tool, or anything LangChain can turn into one. */
export type ChatOpenAIToolType = OpenAI.ChatCompletionFunctionTool | BindToolsInput;

/** `reasoning` settings for reasoning models (o-series, gpt-5); sent as `reasoning_effort` on Chat Completions. */
export interface ChatOpenAIReasoning {
  effort?: OpenAI.ReasoningEffort;
}

/** Options that can be set on the model and overridden per call. */
interface SharedOptions {
  /** Sampling seed, for mostly reproducible output. */
  seed?: number;
  /** Processing tier: `auto`, `default`, `flex`, `scale` or `priority`. */
  serviceTier?: OpenAI.ChatCompletionCreateParams["service_tier"];
  /** Reasoning effort for reasoning models. */
  reasoning?: ChatOpenAIReasoning;
  /** Groups requests that share a long prefix, to raise prompt-cache hits. */
  promptCacheKey?: string;
  /** Output modalities, e.g. `["text", "audio"]`. */
  modalities?: OpenAI.ChatCompletionCreateParams["modalities"];
  /** Audio output settings (with `modalities: ["text", "audio"]`). */
  audio?: OpenAI.ChatCompletionAudioParam;
  /** Predicted output, to speed up regeneration of mostly known text. */
  prediction?: OpenAI.ChatCompletionPredictionContent;
  /**
   * Ask for token usage while streaming (`stream_options.include_usage`), so `stream()` ends with `usage_metadata`.
   * Unset (the default): asked for on every server; a server that answers 400 naming `stream_options` gets the request
   * once more without it, is remembered (per base URL, for the process) and the stream carries a warning in
   * `response_metadata.warnings`. `true`: always asked for, and a refusal is thrown. `false`: never sent.
   */
  streamUsage?: boolean;
}

/**
 * Constructor fields of {@link ChatOpenAI}. Every sampling option is unset by default and then left out of the
 * request, so the API's own defaults apply.
 */
export interface ChatOpenAIFields extends BaseChatModelParams, SharedOptions {
  /** The model, e.g. `gpt-4o-mini`, a dated snapshot, or a fine-tuned `ft:…` name. Default `gpt-4o-mini`. */
  model?: string;
  /** Alias of `model`, as in `@langchain/openai`. */
  modelName?: string;
  temperature?: number;
  /** Sent as `max_tokens` (as `max_completion_tokens` for reasoning models, which refuse `max_tokens`). */
  maxTokens?: number;
  /** Sent as `max_completion_tokens`. */
  maxCompletionTokens?: number;
  topP?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Number of choices; `invoke` returns the first, `generate` all. */
  n?: number;
  /** Stop sequences (at most 4). */
  stop?: string[];
  /** Alias of `stop`, as in `@langchain/openai`. */
  stopSequences?: string[];
  logprobs?: boolean;
  topLogprobs?: number;
  /** An end-user id, for abuse monitoring. */
  user?: string;
  logitBias?: Record<string, number>;
  /** Milliseconds one attempt may take before it fails with a TimeoutError. */
  timeout?: number;
  /** Retries after the first attempt, for 408, 409, 429 (except quota), 5xx and connection errors. Default 2. */
  maxRetries?: number;
  /** Default: `OPENAI_API_KEY`. */
  apiKey?: string;
  /** Alias of `apiKey`, as in `@langchain/openai`. */
  openAIApiKey?: string;
  /** Default: `OPENAI_BASE_URL`, else the official API. */
  baseURL?: string;
  /** Default: `OPENAI_ORG_ID`, else `OPENAI_ORGANIZATION`. */
  organization?: string;
  /** Default: `OPENAI_PROJECT`. */
  project?: string;
  /** Options for the `openai` SDK client (`baseURL`, `defaultHeaders`, `fetch`, …); explicit fields above win. */
  configuration?: ClientOptions;
  /** Make `invoke` stream underneath (it still returns one complete message). */
  streaming?: boolean;
  /** Extra request-body keys, merged last (they win over everything else). */
  modelKwargs?: Record<string, unknown>;
  /** The role a SystemMessage is sent as: `system` (default) or `developer`. */
  systemRole?: "system" | "developer";
  /**
   * Count each request's prompt before sending it, and fail with a ContextOverflowError when prompt plus requested
   * output exceeds the context window. Off by default: counting costs CPU on every call, and the API checks anyway.
   */
  checkContextWindow?: boolean;
  /** The context window in tokens, for `checkContextWindow` (default: the built-in table for known models). */
  contextWindow?: number;
}

/** Per-call options of {@link ChatOpenAI} (`invoke(input, options)`, `withConfig`, `bind`). */
export interface ChatOpenAICallOptions extends BaseChatModelCallOptions, SharedOptions {
  /** Tools the model may call. */
  tools?: ChatOpenAIToolType[];
  /** Run tool calls in parallel (`parallel_tool_calls`); left out unless set, and never sent without tools. */
  parallel_tool_calls?: boolean;
  /**
   * Strict mode for tools that do not set their own: `true` makes each schema strict-compatible (optional fields
   * become nullable, and nulls are mapped back before you see the arguments); `false` sends `strict: false`; unset
   * leaves the key off the wire.
   */
  strict?: boolean;
  /** `response_format`: `{type: "json_object"}` or a JSON schema. */
  response_format?: OpenAI.ChatCompletionCreateParams["response_format"];
  /** Raw `stream_options`; `streamUsage` is the simpler switch. */
  stream_options?: OpenAI.ChatCompletionStreamOptions;
  /** Per-request SDK options, e.g. `{ headers: { "x-trace": "1" } }`. */
  options?: OpenAI.RequestOptions;
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

function nonEmpty(value: string | null | undefined): string | undefined {
  return value == null || value.trim() === "" ? undefined : value;
}
