import type OpenAI from "openai";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import { InvalidToolDefinitionError } from "../errors/errors.js";
import { checkToolChoiceHasTools, convertToolChoice, customToolNames, toolNames } from "../tools/convert-tool-choice.js";
import { convertToOpenAITools } from "../tools/convert-to-openai-tools.js";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { applyCompatibility } from "./apply-compatibility.js";
import { applyModelRestrictions } from "./apply-model-restrictions.js";
import { mergeExtraBody } from "./merge-extra-body.js";
import { checkCallOptions } from "./check-call-options.js";
import { checkChatMessages } from "./check-chat-messages.js";
import { checkBodyValues, checkCrossFieldValues } from "./check-option-values.js";

/** The model-level options a request reads (ChatOpenAI passes itself, so mutated fields take effect). */
export type RequestFields = Pick<
  ChatOpenAIFields,
  | "temperature" | "topP" | "frequencyPenalty" | "presencePenalty" | "n" | "maxTokens" | "maxCompletionTokens"
  | "logprobs" | "topLogprobs" | "logitBias" | "user" | "stop" | "stopSequences" | "seed" | "serviceTier"
  | "reasoning" | "verbosity" | "promptCacheKey" | "promptCacheRetention" | "promptCacheOptions" | "modalities"
  | "audio" | "prediction" | "modelKwargs" | "supportsStrictToolCalling" | "compatibility" | "extraBody"
  | "store" | "reasoningModel" | "requestMetadata" | "webSearchOptions"
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

/** A built request, what was changed on the way (warnings), and how to map strict tools' nulls back. */
export interface BuiltChatRequest {
  request: OpenAI.ChatCompletionCreateParams;
  warnings: string[];
  /** By tool name, for tools this package made strict; see restoreOptionalNulls. */
  restorePlans: Map<string, OptionalNullPlan>;
}

type Body = Record<string, unknown>;

/**
 * Builds the Chat Completions body, sending only what the user set: every unset option is left out, so the API's
 * defaults apply. Call options beat constructor fields; `modelKwargs` replaces keys of its names and beats both. On an
 * OpenAI-compatible server (`compatibility: "compatible"`) what this package would add by default adapts (see
 * applyCompatibility). `extraBody`, the model's then the call's, is deep-merged last (see mergeExtraBody). The call options
 * are checked first (checkCallOptions): Responses-only options throw, likely mistakes become warnings. Reasoning models
 * get their restrictions applied, and models known not to reason lose the reasoning options they would refuse (see
 * applyModelRestrictions); every change is returned as a warning. Tools and legacy functions are converted and
 * checked; a bad tool, tool_choice or function_call throws before anything is sent, and so does any value the API
 * would refuse or JSON would change (see checkBodyValues, checkChatMessages and checkCrossFieldValues).
 *
 * @example
 * buildChatRequest({ model: "gpt-4o-mini", fields: { temperature: 0 }, options: {}, messages, stream: false, streamUsage: false });
 * // { request: { model: "gpt-4o-mini", messages, temperature: 0 }, warnings: [], restorePlans: Map {} }
 */
export function buildChatRequest(input: ChatRequestInput): BuiltChatRequest {
  const { fields, options } = input;
  const warnings = checkCallOptions(options);
  const body: Body = { model: input.model, messages: input.messages };
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
  set("service_tier", pickCallAlias(["serviceTier", options.serviceTier], ["service_tier", options.service_tier], warnings) ?? fields.serviceTier);
  const callEffort = pickCallAlias(["reasoning.effort", options.reasoning?.effort], ["reasoningEffort", options.reasoningEffort], warnings);
  set("reasoning_effort", callEffort ?? fields.reasoning?.effort);
  set("verbosity", options.verbosity ?? fields.verbosity);
  set("prompt_cache_key", options.promptCacheKey ?? fields.promptCacheKey);
  set("prompt_cache_retention", convertPromptCacheRetention(options.promptCacheRetention ?? fields.promptCacheRetention));
  set("prompt_cache_options", options.promptCacheOptions ?? fields.promptCacheOptions);
  set("modalities", options.modalities ?? fields.modalities);
  set("audio", options.audio ?? fields.audio);
  set("prediction", options.prediction ?? fields.prediction);
  set("store", fields.store);
  // OpenAI's own request metadata; core's `metadata` (tracing, on the fields and the call) is never read here.
  set("metadata", options.requestMetadata ?? fields.requestMetadata);
  set("web_search_options", options.webSearchOptions ?? fields.webSearchOptions);
  set("response_format", options.response_format);
  const { restorePlans } = setTools(body, options, fields);
  setFunctions(body, options);
  if (input.stream) {
    body.stream = true;
    const streamOptions = { ...(input.streamUsage ? { include_usage: true } : {}), ...options.stream_options };
    if (Object.keys(streamOptions).length > 0) body.stream_options = streamOptions;
  }
  Object.assign(body, fields.modelKwargs);
  // What the API would refuse (or JSON would change) fails here, before anything is sent; invocationParams builds
  // without messages, so they are checked only when there are some (an empty input is refused by checkChatInput).
  checkBodyValues(body, { modelKwargs: fields.modelKwargs, options });
  if (input.messages.length > 0) checkChatMessages(input.messages);
  const compatibility = fields.compatibility ?? "openai";
  // Reasoning-model names get max_completion_tokens on either compatibility: a server serving OpenAI's reasoning models
  // by name is a gateway or proxy to OpenAI, and pass-through gateways (and the emulator) refuse max_tokens for them.
  const restricted = applyModelRestrictions(body as unknown as OpenAI.ChatCompletionCreateParams, { reasoningModel: fields.reasoningModel });
  const adapted = applyCompatibility(restricted.request, { compatibility });
  if (input.messages.length > 0) checkCrossFieldValues(adapted.request as unknown as Record<string, unknown>);
  // extraBody goes in last, unchecked and unadapted: it is the way to send exactly what a server wants.
  const request = mergeExtraBody(mergeExtraBody(adapted.request, fields.extraBody, "field"), options.extraBody, "call option");
  return { request, warnings: [...warnings, ...restricted.warnings, ...adapted.warnings], restorePlans };
}

/**
 * The `strict` tools get when a call sets none: `supportsStrictToolCalling`, as in `@langchain/openai`. ChatOpenAI
 * uses it wherever tools are converted (the request, bindTools' check, the null mapping of answers).
 *
 * @example
 * resolveToolStrict({}, { supportsStrictToolCalling: false }); // false
 */
export function resolveToolStrict(options: Pick<ChatOpenAICallOptions, "strict">, fields: Pick<RequestFields, "supportsStrictToolCalling">): boolean | undefined {
  return options.strict ?? fields.supportsStrictToolCalling;
}

function setTools(body: Body, options: Partial<ChatOpenAICallOptions>, fields: RequestFields): { restorePlans: Map<string, OptionalNullPlan> } {
  const { tools, restorePlans } = convertToOpenAITools(options.tools ?? [], { strict: resolveToolStrict(options, fields) });
  if (tools.length > 0) {
    body.tools = tools;
    const toolChoice = convertToolChoice(options.tool_choice, toolNames(tools), customToolNames(tools));
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
    if (options.parallel_tool_calls !== undefined) body.parallel_tool_calls = options.parallel_tool_calls;
  }
  checkToolChoiceHasTools(options.tool_choice, tools.length);
  return { restorePlans };
}

/** Legacy function calling, sent as given; a `function_call` the API would refuse throws here instead. */
function setFunctions(body: Body, options: Partial<ChatOpenAICallOptions>): void {
  const { functions, function_call: functionCall } = options;
  if (functions !== undefined) body.functions = functions;
  if (functionCall === undefined) return;
  if (functions === undefined || functions.length === 0) {
    throw new InvalidToolDefinitionError([
      { subject: "function_call", pointer: "", problem: `it is ${JSON.stringify(functionCall)} but no functions were given; pass functions too, or leave function_call unset.` },
    ]);
  }
  if (typeof functionCall === "object" && !functions.some((definition) => definition.name === functionCall.name)) {
    const known = functions.map((definition) => `"${definition.name}"`).join(", ");
    throw new InvalidToolDefinitionError([
      { subject: "function_call", pointer: "", problem: `it names "${functionCall.name}", but the functions are ${known}; use one of those names, "auto" or "none".` },
    ]);
  }
  body.function_call = functionCall;
}

/** Picks a call option given under two spellings; when both are set and differ, the first wins and the other is reported. */
function pickCallAlias<T>([name, value]: [string, T | undefined], [aliasName, aliasValue]: [string, T | undefined], warnings: string[]): T | undefined {
  if (value !== undefined && aliasValue !== undefined && value !== aliasValue) {
    warnings.push(`${aliasName}=${JSON.stringify(aliasValue)} was not sent: ${name}=${JSON.stringify(value)} is also set, and wins.`);
  }
  return value ?? aliasValue;
}

/** `@langchain/openai` accepts `in-memory` for the wire's `in_memory`. */
function convertPromptCacheRetention(value: ChatOpenAIFields["promptCacheRetention"]): OpenAI.ChatCompletionCreateParams["prompt_cache_retention"] | undefined {
  return value === "in-memory" ? "in_memory" : value;
}
