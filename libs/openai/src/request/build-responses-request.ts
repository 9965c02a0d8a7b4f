import type OpenAI from "openai";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import { UnsupportedOptionError } from "../errors/errors.js";
import { checkToolChoiceHasTools } from "../tools/convert-tool-choice.js";
import { convertToResponsesTools } from "../tools/convert-to-responses-tools.js";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { applyModelRestrictions, isReasoningModel } from "./apply-model-restrictions.js";
import { type RequestFields, resolveToolStrict } from "./build-chat-request.js";
import { checkCallOptions } from "./check-call-options.js";
import { mergeExtraBody } from "./merge-extra-body.js";

/** The model-level options a Responses request reads (ChatOpenAI passes itself). */
export type ResponsesRequestFields = RequestFields & Pick<ChatOpenAIFields, "zdrEnabled" | "usePreviousResponseId">;

/**
 * Everything a Responses request is built from.
 *
 * @example
 * const input: ResponsesRequestInput = { model: "gpt-4o-mini", fields: {}, options: {}, input: [], stream: false };
 */
export interface ResponsesRequestInput {
  model: string;
  fields: ResponsesRequestFields;
  options: Partial<ChatOpenAICallOptions>;
  /** The conversation as Responses input items (see convertToResponsesInput). */
  input: OpenAI.Responses.ResponseInputItem[];
  stream: boolean;
}

/**
 * A built Responses request, what was changed on the way (warnings), and how to map strict tools' nulls back.
 *
 * @example
 * const { request, warnings, restorePlans }: BuiltResponsesRequest = buildResponsesRequest(input);
 */
export interface BuiltResponsesRequest {
  request: OpenAI.Responses.ResponseCreateParams;
  warnings: string[];
  /** By tool name, for tools this package made strict; see restoreOptionalNulls. */
  restorePlans: Map<string, OptionalNullPlan>;
}

type Body = Record<string, unknown>;

// Chat Completions options the Responses API has no parameter for: dropped with a warning, never sent.
const NOT_ON_RESPONSES = [
  ["frequencyPenalty", "frequency_penalty"], ["presencePenalty", "presence_penalty"], ["n", "n"], ["logprobs", "logprobs"],
  ["logitBias", "logit_bias"], ["seed", "seed"], ["stop", "stop"], ["modalities", "modalities"], ["audio", "audio"],
  ["prediction", "prediction"], ["webSearchOptions", "web_search_options"], ["stream_options", "stream_options"],
] as const;

/**
 * Builds a `POST /v1/responses` body, sending only what the user set (unset options are left out, so the API's
 * defaults apply; `zdrEnabled` sends `store: false`, since the Responses API stores by default). Call options beat
 * constructor fields; `modelKwargs`, then `extraBody` (model's, then call's) go in last. `maxTokens` (else
 * `maxCompletionTokens`) is `max_output_tokens`; `reasoning` is sent whole (`effort`, `summary`); `verbosity` and a
 * `response_format` become `text.verbosity` and `text.format`. Reasoning models lose the sampling options they refuse
 * and models known not to reason lose `reasoning.effort` (see applyModelRestrictions). Options the Responses API has
 * no parameter for (`stop`, `seed`, the penalties, …) are dropped; every change is a warning. Tools go through the
 * same converter as on Chat Completions (strict adapter, null mapping), flattened to the Responses tool shape, and
 * OpenAI's built-in tools are checked and sent as given (see convertToResponsesTools); legacy `functions` throw. A
 * stateless request (`store: false`) to a reasoning model also asks for `include: ["reasoning.encrypted_content"]`,
 * so its reasoning can be carried to the next turn.
 *
 * @example
 * buildResponsesRequest({ model: "gpt-4o-mini", fields: { maxTokens: 50 }, options: {}, input, stream: false });
 * // { request: { model: "gpt-4o-mini", input, max_output_tokens: 50 }, warnings: [], restorePlans: Map {} }
 */
export function buildResponsesRequest(built: ResponsesRequestInput): BuiltResponsesRequest {
  const { fields, options } = built;
  const warnings = checkCallOptions(options, "responses");
  if (options.functions !== undefined || options.function_call !== undefined) {
    throw new UnsupportedOptionError("Legacy `functions` / `function_call` are not supported on the Responses API. Bind them as tools (bindTools).", { option: "functions" });
  }
  const body: Body = { model: built.model, input: built.input };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  const restricted = restrictSampling(built.model, fields, options);
  warnings.push(...restricted.warnings);
  set("temperature", restricted.temperature);
  set("top_p", restricted.topP);
  set("max_output_tokens", fields.maxTokens ?? fields.maxCompletionTokens);
  set("top_logprobs", fields.topLogprobs);
  set("user", fields.user);
  set("service_tier", options.serviceTier ?? options.service_tier ?? fields.serviceTier);
  set("reasoning", restricted.reasoning);
  set("text", buildText(options, restricted.verbosity));
  set("prompt_cache_key", options.promptCacheKey ?? fields.promptCacheKey);
  const retention = options.promptCacheRetention ?? fields.promptCacheRetention;
  set("prompt_cache_retention", retention === "in-memory" ? "in_memory" : retention);
  set("prompt_cache_options", options.promptCacheOptions ?? fields.promptCacheOptions);
  set("store", fields.zdrEnabled ? false : fields.store);
  set("metadata", options.requestMetadata ?? fields.requestMetadata);
  set("previous_response_id", options.previous_response_id);
  set("include", options.include);
  set("truncation", options.truncation);
  const { restorePlans } = setTools(body, options, fields);
  if (built.stream) body.stream = true;
  warnings.push(...droppedOptions(fields, options));
  Object.assign(body, fields.modelKwargs);
  const request = withEncryptedReasoning(mergeExtraBody(mergeExtraBody(body, fields.extraBody, "field"), options.extraBody, "call option"), built.model, fields);
  return { request: request as unknown as OpenAI.Responses.ResponseCreateParams, warnings, restorePlans };
}

const ENCRYPTED_REASONING = "reasoning.encrypted_content";

/**
 * A stateless request (`store: false`, which `zdrEnabled` sets) to a reasoning model also asks for the reasoning's
 * encrypted content, so the reasoning items can be sent back in the next turn (nothing is kept server-side, and the
 * input converter drops a reasoning item without it under ZDR). `@langchain/openai` leaves this to the caller (its
 * 1.5.11 notes say the API now returns encrypted content to stateless requests by default); asking explicitly keeps it
 * working where that default does not hold (other deployments, compatible servers) and costs nothing where it does.
 * The caller's own `include` entries are kept; the model counts as reasoning by name, or by `reasoningModel`.
 */
function withEncryptedReasoning(request: Body, model: string, fields: ResponsesRequestFields): Body {
  if (request.store !== false || !(fields.reasoningModel ?? isReasoningModel(model))) return request;
  const include = Array.isArray(request.include) ? (request.include as unknown[]) : [];
  return include.includes(ENCRYPTED_REASONING) ? request : { ...request, include: [...include, ENCRYPTED_REASONING] };
}

interface RestrictedSampling {
  temperature?: number;
  topP?: number;
  verbosity?: string;
  reasoning?: Record<string, unknown>;
  warnings: string[];
}

/** The reasoning-model rules of Chat Completions, applied to the options both APIs share. */
function restrictSampling(model: string, fields: ResponsesRequestFields, options: Partial<ChatOpenAICallOptions>): RestrictedSampling {
  const reasoning = { ...fields.reasoning, ...options.reasoning };
  const effort = options.reasoning?.effort ?? options.reasoningEffort ?? fields.reasoning?.effort;
  const probe = {
    model,
    messages: [],
    temperature: fields.temperature,
    top_p: fields.topP,
    reasoning_effort: effort,
    verbosity: options.verbosity ?? fields.verbosity,
  } as unknown as OpenAI.ChatCompletionCreateParams;
  const { request, warnings } = applyModelRestrictions(probe, { reasoningModel: fields.reasoningModel });
  const kept = request as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = Object.fromEntries(Object.entries(reasoning).filter(([key, value]) => key !== "effort" && value !== undefined));
  if (kept.reasoning_effort !== undefined) next.effort = kept.reasoning_effort;
  return {
    temperature: kept.temperature as number | undefined,
    topP: kept.top_p as number | undefined,
    verbosity: kept.verbosity as string | undefined,
    reasoning: Object.keys(next).length > 0 ? next : undefined,
    // The shared rules speak Chat Completions' names; say what was dropped in this API's terms.
    warnings: warnings.map((warning) => warning.replace(/^reasoning_effort=/u, "reasoning.effort=")),
  };
}

/** `text`: the call's `text` as given, over `format` from `response_format` and `verbosity`. */
function buildText(options: Partial<ChatOpenAICallOptions>, verbosity: string | undefined): Body | undefined {
  const format = convertResponseFormat(options.response_format);
  const text: Body = { ...(format && { format }), ...(verbosity !== undefined && { verbosity }), ...options.text };
  return Object.keys(text).length > 0 ? text : undefined;
}

/**
 * Chat Completions' `response_format` in the Responses API's `text.format` shape (the `json_schema` members move up
 * one level).
 */
function convertResponseFormat(format: ChatOpenAICallOptions["response_format"]): Body | undefined {
  if (format === undefined) return undefined;
  if (format.type !== "json_schema") return { ...format };
  const { name, schema, strict, description } = format.json_schema;
  return { type: "json_schema", name, ...(description !== undefined && { description }), ...(schema !== undefined && { schema }), ...(strict !== undefined && { strict }) };
}

function setTools(body: Body, options: Partial<ChatOpenAICallOptions>, fields: RequestFields): { restorePlans: Map<string, OptionalNullPlan> } {
  const { tools, toolChoice, restorePlans } = convertToResponsesTools(options.tools ?? [], { strict: resolveToolStrict(options, fields), toolChoice: options.tool_choice });
  if (tools.length > 0) {
    body.tools = tools;
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
    if (options.parallel_tool_calls !== undefined) body.parallel_tool_calls = options.parallel_tool_calls;
  }
  checkToolChoiceHasTools(options.tool_choice, tools.length);
  return { restorePlans };
}

function droppedOptions(fields: ResponsesRequestFields, options: Partial<ChatOpenAICallOptions>): string[] {
  const sources: Record<string, unknown> = { ...fields, stop: options.stop ?? fields.stop ?? fields.stopSequences };
  for (const name of ["seed", "modalities", "audio", "prediction", "webSearchOptions", "stream_options"] as const) {
    if (options[name] !== undefined) sources[name] = options[name];
  }
  return NOT_ON_RESPONSES.filter(([name]) => sources[name] !== undefined).map(
    ([name, wire]) => `${name} was not sent: the Responses API has no ${wire} parameter (it is a Chat Completions option).`,
  );
}
