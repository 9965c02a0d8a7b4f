import type OpenAI from "openai";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import { InvalidToolDefinitionError } from "../errors/errors.js";
import { convertToolChoice, toolNames } from "../tools/convert-tool-choice.js";
import { convertToOpenAITools } from "../tools/convert-to-openai-tools.js";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { applyModelRestrictions } from "./apply-model-restrictions.js";

/** The model-level options a request reads (ChatOpenAI passes itself, so mutated fields take effect). */
export type RequestFields = Pick<
  ChatOpenAIFields,
  | "temperature" | "topP" | "frequencyPenalty" | "presencePenalty" | "n" | "maxTokens" | "maxCompletionTokens"
  | "logprobs" | "topLogprobs" | "logitBias" | "user" | "stop" | "stopSequences" | "seed" | "serviceTier"
  | "reasoning" | "promptCacheKey" | "modalities" | "audio" | "prediction" | "modelKwargs"
>;

/** Everything a request is built from. */
export interface ChatRequestInput {
  model: string;
  fields: RequestFields;
  options: Partial<ChatOpenAICallOptions>;
  messages: OpenAI.ChatCompletionMessageParam[];
  stream: boolean;
  /** Whether to ask for usage in the stream (already resolved from the call, the model and the endpoint). */
  streamUsage: boolean;
}

/**
 * Builds the Chat Completions body, sending only what the user set: every unset option is left out, so the API's
 * defaults apply. Call options beat constructor fields; `modelKwargs` is merged last and beats both. Reasoning models
 * get their restrictions applied (see applyModelRestrictions) and every change is returned as a warning. Tools are
 * converted and checked (convertToOpenAITools); a bad tool or tool_choice throws before anything is sent.
 *
 * @example
 * buildChatRequest({ model: "gpt-4o-mini", fields: { temperature: 0 }, options: {}, messages, stream: false, streamUsage: false });
 * // { request: { model: "gpt-4o-mini", messages, temperature: 0 }, warnings: [] }
 */
/** A built request, what was changed on the way (warnings), and how to map strict tools' nulls back. */
export interface BuiltChatRequest {
  request: OpenAI.ChatCompletionCreateParams;
  warnings: string[];
  /** By tool name, for tools this package made strict; see restoreOptionalNulls. */
  restorePlans: Map<string, OptionalNullPlan>;
}

export function buildChatRequest(input: ChatRequestInput): BuiltChatRequest {
  const { fields, options } = input;
  const body: Record<string, unknown> = { model: input.model, messages: input.messages };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  set("temperature", fields.temperature);
  set("top_p", fields.topP);
  set("frequency_penalty", fields.frequencyPenalty);
  set("presence_penalty", fields.presencePenalty);
  set("n", fields.n);
  set("max_tokens", fields.maxTokens);
  set("max_completion_tokens", fields.maxCompletionTokens);
  set("logprobs", fields.logprobs);
  set("top_logprobs", fields.topLogprobs);
  set("logit_bias", fields.logitBias);
  set("user", fields.user);
  set("stop", options.stop ?? fields.stop ?? fields.stopSequences);
  set("seed", options.seed ?? fields.seed);
  set("service_tier", options.serviceTier ?? fields.serviceTier);
  set("reasoning_effort", (options.reasoning ?? fields.reasoning)?.effort);
  set("prompt_cache_key", options.promptCacheKey ?? fields.promptCacheKey);
  set("modalities", options.modalities ?? fields.modalities);
  set("audio", options.audio ?? fields.audio);
  set("prediction", options.prediction ?? fields.prediction);
  set("response_format", options.response_format);
  const { tools, restorePlans } = convertToOpenAITools(options.tools ?? [], { strict: options.strict });
  if (tools.length > 0) {
    set("tools", tools);
    set("tool_choice", convertToolChoice(options.tool_choice, toolNames(tools)));
    set("parallel_tool_calls", options.parallel_tool_calls);
  } else if (options.tool_choice !== undefined) {
    // The API refuses any tool_choice without tools; say so here rather than after a round trip.
    throw new InvalidToolDefinitionError([
      { subject: "tool_choice", pointer: "", problem: `it is ${JSON.stringify(options.tool_choice)} but no tools were given; bind tools (bindTools) or leave tool_choice unset.` },
    ]);
  }
  if (input.stream) {
    body.stream = true;
    const streamOptions = { ...(input.streamUsage ? { include_usage: true } : {}), ...options.stream_options };
    if (Object.keys(streamOptions).length > 0) body.stream_options = streamOptions;
  }
  Object.assign(body, fields.modelKwargs);
  return { ...applyModelRestrictions(body as unknown as OpenAI.ChatCompletionCreateParams), restorePlans };
}
