import type OpenAI from "openai";
import type { OpenAIFields } from "./openai-fields.js";

/** The model's fields a completions request is built from. */
export type CompletionRequestFields = { model: string } & Pick<
  OpenAIFields,
  | "temperature" | "topP" | "frequencyPenalty" | "presencePenalty" | "n" | "bestOf" | "logitBias" | "suffix"
  | "echo" | "logprobs" | "seed" | "stop" | "user" | "streamUsage" | "modelKwargs"
>;

/** Everything one request is built from. */
export interface CompletionRequestInput {
  fields: CompletionRequestFields;
  /** The prompts this request carries (one request holds up to `batchSize` of them). */
  prompts: readonly string[];
  /** `max_tokens` as resolved for this request (`-1` already turned into a number); undefined: not sent. */
  maxTokens: number | undefined;
  /** The call's `stop`, which wins over the model's. */
  stop: string[] | undefined;
  stream: boolean;
}

/**
 * Builds a `/v1/completions` body: the model, the prompt (a string for one prompt, the form every compatible server
 * takes; an array for several, answered with `n` choices per prompt in prompt order), then only the parameters that
 * are set, and `modelKwargs` last. `stream` is sent only when streaming, with `stream_options.include_usage` only
 * when `streamUsage` is true.
 *
 * @example
 * buildCompletionRequest({ fields: { model: "gpt-3.5-turbo-instruct" }, prompts: ["Hi"], maxTokens: 64, stop: undefined, stream: false });
 * // { model: "gpt-3.5-turbo-instruct", prompt: "Hi", max_tokens: 64 }
 */
export function buildCompletionRequest(input: CompletionRequestInput): OpenAI.CompletionCreateParams {
  const { fields, prompts, stream } = input;
  const optional: Record<string, unknown> = {
    suffix: fields.suffix,
    max_tokens: input.maxTokens,
    temperature: fields.temperature,
    top_p: fields.topP,
    n: fields.n,
    best_of: fields.bestOf,
    logprobs: fields.logprobs,
    echo: fields.echo,
    stop: input.stop ?? fields.stop,
    presence_penalty: fields.presencePenalty,
    frequency_penalty: fields.frequencyPenalty,
    logit_bias: fields.logitBias,
    seed: fields.seed,
    user: fields.user,
    stream: stream ? true : undefined,
    stream_options: stream && fields.streamUsage === true ? { include_usage: true } : undefined,
  };
  const body: Record<string, unknown> = { model: fields.model, prompt: prompts.length === 1 ? prompts[0] : [...prompts] };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) body[key] = value;
  return { ...body, ...fields.modelKwargs } as unknown as OpenAI.CompletionCreateParams;
}
