import type { BaseChatModelCallOptions, BaseChatModelParams, BindToolsInput } from "@langchain/core/language_models/chat_models";
import type OpenAI from "openai";
import type { ClientOptions } from "openai";
import type { SendReasoningContent } from "./messages/apply-reasoning-history.js";
import type { ChatOpenAICompatibility } from "./request/resolve-compatibility.js";
import type { ResponsesBuiltInTool } from "./tools/check-built-in-tools.js";

/**
 * A tool as ChatOpenAI accepts it: an OpenAI function tool, anything LangChain can turn into one, or one of OpenAI's
 * built-in tools in its Responses API form (`{ type: "web_search" }`, …; these make the call use the Responses API).
 */
export type ChatOpenAIToolType = OpenAI.ChatCompletionFunctionTool | BindToolsInput | ResponsesBuiltInTool;

/**
 * `reasoning` settings for reasoning models (o-series, gpt-5); sent as `reasoning_effort` on Chat Completions and as
 * `reasoning` on the Responses API. `summary` needs the Responses API (`useResponsesApi: true`); on Chat Completions
 * it is refused with an UnsupportedOptionError.
 *
 * @example
 * const llm = new ChatOpenAI({ model: "o4-mini", useResponsesApi: true, reasoning: { effort: "low", summary: "auto" } });
 */
export interface ChatOpenAIReasoning {
  effort?: OpenAI.ReasoningEffort;
  /** A summary of the reasoning (`auto`, `concise`, `detailed`); Responses API only. */
  summary?: "auto" | "concise" | "detailed" | null;
}

/** Options that can be set on the model and overridden per call. */
interface SharedOptions {
  /** Sampling seed, for mostly reproducible output. */
  seed?: number;
  /** Processing tier: `auto`, `default`, `flex`, `scale` or `priority`. */
  serviceTier?: OpenAI.ChatCompletionCreateParams["service_tier"];
  /** Alias of `serviceTier`, as `@langchain/openai` spells it; `serviceTier` wins when both are set. */
  service_tier?: OpenAI.ChatCompletionCreateParams["service_tier"];
  /**
   * Reasoning effort for reasoning models. Dropped with a warning for models known not to reason (gpt-4o, gpt-4.1,
   * …), which answer 400 to it.
   */
  reasoning?: ChatOpenAIReasoning;
  /** Alias of `reasoning.effort` (`@langchain/openai`'s deprecated call option); `reasoning.effort` wins. */
  reasoningEffort?: OpenAI.ReasoningEffort;
  /**
   * How long the answer should be (`low`, `medium`, `high`), for gpt-5 models. Models before gpt-5 accept only
   * `medium`; anything else is dropped for them with a warning.
   */
  verbosity?: OpenAI.ChatCompletionCreateParams["verbosity"];
  /** Groups requests that share a long prefix, to raise prompt-cache hits. */
  promptCacheKey?: string;
  /** How long cached prompt prefixes are kept: `in_memory` (also spelt `in-memory`) or `24h`. */
  promptCacheRetention?: OpenAI.ChatCompletionCreateParams["prompt_cache_retention"] | "in-memory";
  /** Prompt-cache behaviour (`prompt_cache_options`). */
  promptCacheOptions?: OpenAI.ChatCompletionCreateParams["prompt_cache_options"];
  /** Output modalities, e.g. `["text", "audio"]`. */
  modalities?: OpenAI.ChatCompletionCreateParams["modalities"];
  /** Audio output settings (with `modalities: ["text", "audio"]`). */
  audio?: OpenAI.ChatCompletionAudioParam;
  /** Predicted output, to speed up regeneration of mostly known text. */
  prediction?: OpenAI.ChatCompletionPredictionContent;
  /**
   * OpenAI's request `metadata` (sent as `metadata`: at most 16 string pairs, for filtering stored completions). Not
   * core's `metadata`, which is for tracing and is never sent to OpenAI.
   */
  requestMetadata?: OpenAI.Metadata;
  /** Web search settings (`web_search_options`), for the search models (`gpt-4o-search-preview`, …). */
  webSearchOptions?: OpenAI.ChatCompletionCreateParams.WebSearchOptions;
  /**
   * Ask for token usage while streaming (`stream_options.include_usage`), so `stream()` ends with `usage_metadata`.
   * Unset (the default): asked for on every server; a server that answers 400 naming `stream_options` gets the request
   * once more without it, is remembered (per base URL, for the process) and the stream carries a warning in
   * `response_metadata.warnings`. `true`: always asked for, and a refusal is thrown. `false`: never sent.
   */
  streamUsage?: boolean;
  /**
   * Milliseconds a stream may stay silent (no data event; `: keep-alive` comments do not count) before it is aborted
   * with a retryable StreamIdleTimeoutError. Default 120000 (2 minutes); `0` turns the check off.
   */
  streamIdleTimeout?: number;
  /**
   * The most bytes a response body may have (streamed or not); a larger one is aborted with a ResponseTooLargeError,
   * never retried. Unset: no limit.
   */
  maxResponseBytes?: number;
  /**
   * Extra request-body keys (vendor parameters such as vLLM's `chat_template_kwargs`), deep-merged into the request
   * last: after everything this package builds or adapts, so what you put here is sent as given. A call's beats the
   * model's.
   */
  extraBody?: Record<string, unknown>;
  /** Extra HTTP headers for each request; a call's beat the model's, which beat `configuration.defaultHeaders`. */
  extraHeaders?: Record<string, string>;
  /** Extra URL query parameters for each request (e.g. `api-version`); a call's beat the model's. */
  extraQuery?: Record<string, string>;
}

/**
 * Where requests go and the credentials they carry: the connection fields ChatOpenAI and the legacy `OpenAI` LLM share.
 *
 * @example
 * const connection: OpenAIConnectionFields = { apiKey: "sk-…", baseURL: "http://localhost:4010/v1" };
 */
export interface OpenAIConnectionFields {
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
}

/**
 * Constructor fields of {@link ChatOpenAI}. Every sampling option is unset by default and then left out of the
 * request, so the API's own defaults apply.
 */
export interface ChatOpenAIFields extends Omit<BaseChatModelParams, "disableStreaming">, SharedOptions, OpenAIConnectionFields {
  /**
   * `true`: never stream; `stream()` makes one request without streaming and yields the whole answer as one chunk, and
   * streaming callbacks get no tokens. `"tool_calling"`: the same, but only for calls with tools bound (for servers
   * that cannot stream tool calls); other calls stream. Default `false`.
   */
  disableStreaming?: boolean | "tool_calling";
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
  /**
   * Milliseconds one attempt may take, from sending the request to the last byte of its answer (streamed or not),
   * before it fails with a TimeoutError. Unset: the SDK's 10 minutes until the response headers, then no bound but
   * `streamIdleTimeout`.
   */
  timeout?: number;
  /** Retries after the first attempt, for 408, 409, 429 (except quota), 5xx and connection errors. Default 2. */
  maxRetries?: number;
  /** Make `invoke` stream underneath (it still returns one complete message). */
  streaming?: boolean;
  /**
   * Extra request-body keys, as in `@langchain/openai`: each replaces the key of that name (not merged into it), before
   * the model's restrictions apply. `extraBody` is merged deeper and later.
   */
  modelKwargs?: Record<string, unknown>;
  /**
   * `"openai"` or `"compatible"`: whether the server is OpenAI's (or Azure OpenAI's) or another OpenAI-compatible one
   * (vLLM, Ollama, DeepSeek, OpenRouter, Groq, LiteLLM, …); see docs/compatible-servers.md. What you set is sent either
   * way; what this package adds or renames by default adapts, with a warning. Default: inferred from the base URL
   * (unset or `api.openai.com`: `"openai"`; anything else: `"compatible"`).
   */
  compatibility?: ChatOpenAICompatibility;
  /**
   * Whether earlier AI messages send their reasoning (`additional_kwargs.reasoning_content`, from DeepSeek, vLLM,
   * OpenRouter, …) back as `reasoning_content`: `"never"` (default), `"tool-calls"` (DeepSeek's thinking mode needs it
   * on tool-call turns) or `"always"`.
   */
  sendReasoningContent?: SendReasoningContent;
  /** The role a SystemMessage is sent as: `system` (default) or `developer`. */
  systemRole?: "system" | "developer";
  /**
   * Count each request's prompt before sending it, and fail with a ContextOverflowError when prompt plus requested
   * output exceeds the context window. Off by default: counting costs CPU on every call, and the API checks anyway.
   */
  checkContextWindow?: boolean;
  /** The context window in tokens, for `checkContextWindow` (default: the built-in table for known models). */
  contextWindow?: number;
  /**
   * The `strict` of tools when a call sets none (as in `@langchain/openai`): `true` makes them strict, `false` sends
   * `strict: false`; unset leaves `strict` off the wire. A call's or bindTools' `strict` wins.
   */
  supportsStrictToolCalling?: boolean;
  /**
   * Zero Data Retention tenancy. Chat Completions stores nothing unless the request says `store: true`, so there this
   * only refuses `store: true`. The Responses API stores by default, so there it sends `store: false`, leaves stored
   * item ids out of the history it sends back, and sends a reasoning item back only when it carries its
   * `encrypted_content` (which a reasoning model's requests then ask for: `include: ["reasoning.encrypted_content"]`
   * is added, as for any `store: false` request to a reasoning model).
   */
  zdrEnabled?: boolean;
  /**
   * Send requests to the Responses API (`client.responses.create`) instead of Chat Completions (`true`), or never
   * (`false`). Unset: Chat Completions, except for a call that needs the Responses API (`previous_response_id`,
   * `include`, `text`, `truncation` or `reasoning.summary`), as with `@langchain/openai`. A call option of the same
   * name overrides it per call.
   */
  useResponsesApi?: boolean;
  /**
   * Continue each Responses call from the last stored response (Python langchain-openai's `use_previous_response_id`):
   * when the history's last AI message has a Responses id (`resp_…`), only the messages after it are sent, with
   * `previous_response_id` set to that id; otherwise the whole history is sent. Sends calls to the Responses API unless
   * `useResponsesApi` is `false` (then refused). Refused with `zdrEnabled` or `store: false` (nothing is stored). An
   * explicit `previous_response_id` call option wins. Default `false`; a call option of the same name overrides it.
   */
  usePreviousResponseId?: boolean;
  /**
   * Store the completion for distillation and evals (`store`). Constructor only: a call option of this name is
   * LangGraph's store. Refused with `zdrEnabled`.
   */
  store?: boolean;
  /**
   * Whether the model reasons, for names that do not tell (a proxy's alias, a fine-tune, a new family). `true`: treated
   * as a reasoning model (`max_completion_tokens`, refused sampling options dropped with warnings); `false`: as a model
   * that does not reason (`reasoning_effort` dropped with a warning). Unset: judged by the name.
   */
  reasoningModel?: boolean;
  /** Put the HTTP response headers in `response_metadata.headers` (invoke and stream). Default `false`. */
  includeResponseHeaders?: boolean;
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
  /** Legacy function calling: the functions the model may call (`functions`). Prefer `tools`. */
  functions?: OpenAI.ChatCompletionCreateParams.Function[];
  /** Legacy function calling: `"auto"`, `"none"` or `{ name }` to force one (`function_call`); needs `functions`. */
  function_call?: "auto" | "none" | OpenAI.ChatCompletionFunctionCallOption;
  /** Send this call to the Responses API (`true`) or to Chat Completions (`false`); overrides the model's field. */
  useResponsesApi?: boolean;
  /** Responses API only (`useResponsesApi: true`): continue from a stored response (`previous_response_id`). */
  previous_response_id?: string;
  /** Responses API only: extra output to include, e.g. `["reasoning.encrypted_content"]` (`include`). */
  include?: string[];
  /** Responses API only: the `text` options (`format`, `verbosity`), sent as given. */
  text?: Record<string, unknown>;
  /** Responses API only: `"auto"` or `"disabled"` (`truncation`). */
  truncation?: "auto" | "disabled";
  /** Responses API only: take `previous_response_id` from the last AI message (see ChatOpenAIFields.usePreviousResponseId). */
  usePreviousResponseId?: boolean;
}

/** Where a known option name comes from: ChatOpenAI itself (with the `@langchain/openai` names it supports) or core. */
type OptionOrigin = "chat-openai" | "core";

/**
 * Every constructor field ChatOpenAI reads, with its origin; any other name is refused at construction (see
 * checkChatOpenAIFields). `satisfies` holds the table equal to the keys of {@link ChatOpenAIFields}, so a field added to
 * the type without an entry here (or the reverse) fails to compile.
 *
 * @example
 * Object.hasOwn(CHAT_OPENAI_FIELDS, "temperature"); // true
 */
export const CHAT_OPENAI_FIELDS = {
  model: "chat-openai", modelName: "chat-openai", temperature: "chat-openai", maxTokens: "chat-openai",
  maxCompletionTokens: "chat-openai", topP: "chat-openai", frequencyPenalty: "chat-openai", presencePenalty: "chat-openai",
  n: "chat-openai", stop: "chat-openai", stopSequences: "chat-openai", logprobs: "chat-openai", topLogprobs: "chat-openai",
  user: "chat-openai", logitBias: "chat-openai", timeout: "chat-openai", maxRetries: "core", apiKey: "chat-openai",
  openAIApiKey: "chat-openai", baseURL: "chat-openai", organization: "chat-openai", project: "chat-openai",
  configuration: "chat-openai", streaming: "chat-openai", modelKwargs: "chat-openai", systemRole: "chat-openai",
  compatibility: "chat-openai", extraBody: "chat-openai", extraHeaders: "chat-openai", extraQuery: "chat-openai",
  sendReasoningContent: "chat-openai",
  checkContextWindow: "chat-openai", contextWindow: "chat-openai", supportsStrictToolCalling: "chat-openai",
  zdrEnabled: "chat-openai", useResponsesApi: "chat-openai", usePreviousResponseId: "chat-openai",
  store: "chat-openai", reasoningModel: "chat-openai", includeResponseHeaders: "chat-openai",
  requestMetadata: "chat-openai", webSearchOptions: "chat-openai",
  seed: "chat-openai", serviceTier: "chat-openai", service_tier: "chat-openai", reasoning: "chat-openai",
  reasoningEffort: "chat-openai", verbosity: "chat-openai", promptCacheKey: "chat-openai", promptCacheRetention: "chat-openai",
  promptCacheOptions: "chat-openai", modalities: "chat-openai", audio: "chat-openai", prediction: "chat-openai",
  streamUsage: "chat-openai", streamIdleTimeout: "chat-openai", maxResponseBytes: "chat-openai",
  // BaseChatModelParams: read by core's constructors.
  callbacks: "core", callbackManager: "core", tags: "core", metadata: "core", verbose: "core", cache: "core",
  maxConcurrency: "core", onFailedAttempt: "core", disableStreaming: "core", outputVersion: "core",
} as const satisfies Record<keyof ChatOpenAIFields, OptionOrigin>;

/**
 * Every call option ChatOpenAI reads, with its origin (core's include the RunnableConfig keys). `satisfies` holds the
 * table equal to the keys of {@link ChatOpenAICallOptions}.
 *
 * @example
 * Object.hasOwn(CHAT_OPENAI_CALL_OPTIONS, "tool_choice"); // true
 */
export const CHAT_OPENAI_CALL_OPTIONS = {
  tools: "chat-openai", tool_choice: "core", parallel_tool_calls: "chat-openai", strict: "chat-openai",
  response_format: "chat-openai", stream_options: "chat-openai", options: "chat-openai", functions: "chat-openai",
  extraBody: "chat-openai", extraHeaders: "chat-openai", extraQuery: "chat-openai",
  function_call: "chat-openai", useResponsesApi: "chat-openai",
  previous_response_id: "chat-openai", include: "chat-openai", text: "chat-openai", truncation: "chat-openai",
  usePreviousResponseId: "chat-openai",
  requestMetadata: "chat-openai", webSearchOptions: "chat-openai",
  seed: "chat-openai", serviceTier: "chat-openai", service_tier: "chat-openai", reasoning: "chat-openai",
  reasoningEffort: "chat-openai", verbosity: "chat-openai", promptCacheKey: "chat-openai", promptCacheRetention: "chat-openai",
  promptCacheOptions: "chat-openai", modalities: "chat-openai", audio: "chat-openai", prediction: "chat-openai",
  streamUsage: "chat-openai", streamIdleTimeout: "chat-openai", maxResponseBytes: "chat-openai",
  // BaseChatModelCallOptions and the RunnableConfig it extends.
  stop: "core", maxRetries: "core", ls_structured_output_format: "core", callbacks: "core", tags: "core",
  metadata: "core", runName: "core", configurable: "core", recursionLimit: "core", maxConcurrency: "core",
  runId: "core", timeout: "core", signal: "core", outputVersion: "core",
} as const satisfies Record<keyof ChatOpenAICallOptions, OptionOrigin>;
