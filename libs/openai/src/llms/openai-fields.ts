// Constructor fields and call options of the legacy completions LLM (`OpenAI`), as @langchain/openai 1.6 names them
// (its llms.ts and types.ts), with the Completions parameters it reaches only through modelKwargs (`echo`, `logprobs`,
// `suffix`, `seed`) as fields of their own.
import type { BaseLLMCallOptions, BaseLLMParams } from "@langchain/core/language_models/llms";
import type OpenAI from "openai";
import type { ClientOptions } from "openai";
import { type OpenAIConnectionFields } from "../chat-openai-fields.js";
import { withoutApiKey } from "../internal/resolve-chat-openai-fields.js";

/**
 * Constructor fields of {@link OpenAI}. Every sampling option is unset by default and then left out of the request.
 *
 * @example
 * const fields: OpenAIFields = { model: "gpt-3.5-turbo-instruct", maxTokens: 256, n: 2, bestOf: 4, logprobs: 1 };
 * const llm = new OpenAI(fields);
 */
export interface OpenAIFields extends BaseLLMParams, OpenAIConnectionFields {
  /** The model, e.g. `gpt-3.5-turbo-instruct`, `davinci-002` or a fine-tune of one. Default `gpt-3.5-turbo-instruct`. */
  model?: string;
  /** Alias of `model`, as in `@langchain/openai`. */
  modelName?: string;
  temperature?: number;
  /**
   * `max_tokens`: the most tokens generated per choice. Unset: not sent, so the API's own default applies, which
   * for `/v1/completions` is 16 tokens; an answer cut there carries a warning in `generationInfo.warnings`. `-1`
   * (as in `@langchain/openai`): as many as the context window leaves after the longest prompt of each request.
   */
  maxTokens?: number;
  topP?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Completions per prompt (`n`); `generate` returns them all, `invoke` the first. */
  n?: number;
  /** Candidates generated server side per prompt, of which the `n` best are returned (`best_of`); at least `n`. */
  bestOf?: number;
  /** Token id to bias (-100 to 100), `logit_bias`. */
  logitBias?: Record<string, number>;
  /** Text that comes after the completion (insert mode), `suffix`. */
  suffix?: string;
  /** Return the prompt in front of the completion, `echo`. */
  echo?: boolean;
  /** How many most likely tokens to report per position (0 to 5), `logprobs`; they land in `generationInfo.logprobs`. */
  logprobs?: number;
  /** Sampling seed, for mostly reproducible output. */
  seed?: number;
  /** Stop sequences (at most 4). */
  stop?: string[];
  /** Alias of `stop`, as in `@langchain/openai`. */
  stopSequences?: string[];
  /** An end-user id, for abuse monitoring. */
  user?: string;
  /** Make `invoke` and `generate` stream underneath (they still return whole answers). Not with `bestOf > n`. */
  streaming?: boolean;
  /**
   * Ask for token usage on streamed requests (`stream_options.include_usage`), so streamed `generate` reports
   * `llmOutput.tokenUsage`. Unset or `false`: not sent.
   */
  streamUsage?: boolean;
  /** The most prompts sent in one request (the API takes a list of prompts); `generate` and `batch` pack them. Default 20. */
  batchSize?: number;
  /** Milliseconds one attempt may take, body included, before it fails with a TimeoutError. */
  timeout?: number;
  /** Milliseconds a stream may stay silent before it is aborted (StreamIdleTimeoutError). Default 120000; 0: off. */
  streamIdleTimeout?: number;
  /** The most bytes a response body may have; a larger one is a ResponseTooLargeError. Unset: no limit. */
  maxResponseBytes?: number;
  /** Extra request-body keys, merged last (they win over everything else). */
  modelKwargs?: Record<string, unknown>;
}

/**
 * Per-call options of {@link OpenAI} (`invoke(input, options)`, `withConfig`).
 *
 * @example
 * await llm.invoke("Once upon a time", { stop: ["\n\n"], timeout: 10_000, options: { headers: { "x-trace": "1" } } });
 */
export interface OpenAICallOptions extends BaseLLMCallOptions {
  /** Per-request SDK options, e.g. `{ headers: { "x-trace": "1" } }`. */
  options?: OpenAI.RequestOptions;
}

type FieldOrigin = "openai" | "core";

/**
 * Every constructor field the OpenAI LLM reads, with its origin; any other name is refused at construction.
 * `satisfies` holds the table equal to the keys of {@link OpenAIFields}.
 *
 * @example
 * Object.hasOwn(OPENAI_LLM_FIELDS, "bestOf"); // true
 */
export const OPENAI_LLM_FIELDS = {
  model: "openai", modelName: "openai", temperature: "openai", maxTokens: "openai", topP: "openai",
  frequencyPenalty: "openai", presencePenalty: "openai", n: "openai", bestOf: "openai", logitBias: "openai",
  suffix: "openai", echo: "openai", logprobs: "openai", seed: "openai", stop: "openai", stopSequences: "openai",
  user: "openai", streaming: "openai", streamUsage: "openai", batchSize: "openai", timeout: "openai",
  streamIdleTimeout: "openai", maxResponseBytes: "openai", apiKey: "openai", openAIApiKey: "openai", baseURL: "openai",
  organization: "openai", project: "openai", configuration: "openai", modelKwargs: "openai",
  // BaseLLMParams: read by core's constructors.
  callbacks: "core", callbackManager: "core", tags: "core", metadata: "core", verbose: "core", cache: "core",
  maxConcurrency: "core", maxRetries: "core", onFailedAttempt: "core",
} as const satisfies Record<keyof OpenAIFields, FieldOrigin>;

/** The default model, as in `@langchain/openai`. */
export const DEFAULT_COMPLETIONS_MODEL = "gpt-3.5-turbo-instruct";
/** Prompts per request by default, as in `@langchain/openai`. */
export const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_MAX_RETRIES = 2;

/** The constructor fields the LLM keeps unchanged, as public fields of the same name. */
type PlainFieldName =
  | "temperature" | "maxTokens" | "topP" | "frequencyPenalty" | "presencePenalty" | "n" | "bestOf" | "logitBias" | "suffix"
  | "echo" | "logprobs" | "seed" | "user" | "streamUsage" | "timeout" | "streamIdleTimeout" | "maxResponseBytes" | "modelKwargs";

/**
 * The LLM's public fields as its constructor sets them: every key present, defaults applied, unset options `undefined`.
 *
 * @example
 * const values: OpenAIFieldValues = resolveOpenAIFieldValues({ temperature: 0 });
 */
export type OpenAIFieldValues = { [Name in PlainFieldName]: OpenAIFields[Name] } & {
  model: string;
  stop: string[] | undefined;
  streaming: boolean;
  batchSize: number;
  maxRetries: number;
  configuration: ClientOptions | undefined;
};

/**
 * Resolves constructor fields into the LLM's public field values: the defaults (`gpt-3.5-turbo-instruct`, batches of
 * 20, 2 retries, no streaming), the aliases (`modelName`, `stopSequences`) and `configuration` without its key.
 *
 * @example
 * resolveOpenAIFieldValues({ modelName: "davinci-002" }).model; // "davinci-002"
 */
export function resolveOpenAIFieldValues(fields: OpenAIFields): OpenAIFieldValues {
  return {
    model: fields.model ?? fields.modelName ?? DEFAULT_COMPLETIONS_MODEL,
    temperature: fields.temperature,
    maxTokens: fields.maxTokens,
    topP: fields.topP,
    frequencyPenalty: fields.frequencyPenalty,
    presencePenalty: fields.presencePenalty,
    n: fields.n,
    bestOf: fields.bestOf,
    logitBias: fields.logitBias,
    suffix: fields.suffix,
    echo: fields.echo,
    logprobs: fields.logprobs,
    seed: fields.seed,
    stop: fields.stop ?? fields.stopSequences,
    user: fields.user,
    streaming: fields.streaming ?? false,
    streamUsage: fields.streamUsage,
    batchSize: fields.batchSize ?? DEFAULT_BATCH_SIZE,
    timeout: fields.timeout,
    streamIdleTimeout: fields.streamIdleTimeout,
    maxResponseBytes: fields.maxResponseBytes,
    maxRetries: fields.maxRetries ?? DEFAULT_MAX_RETRIES,
    modelKwargs: fields.modelKwargs,
    configuration: fields.configuration && withoutApiKey(fields.configuration),
  };
}
