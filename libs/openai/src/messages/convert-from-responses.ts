// A Responses API `Response` -> an AIMessage shaped as @langchain/openai shapes it (its "v0" output; core derives
// `outputVersion: "v1"` content from it through the "openai" translator, selected by model_provider).

import { AIMessage, type UsageMetadata } from "@langchain/core/messages";
import { convertResponsesFailure } from "../errors/convert-responses-failure.js";
import { MalformedResponseError } from "../errors/errors.js";
import { addContentFilterMetadata } from "./convert-content-filter.js";
import { convertResponseContext, MODEL_PROVIDER, type ResponseContext } from "./convert-from-openai-message.js";
import { convertResponsesAnnotation } from "./convert-responses-annotations.js";
import { CUSTOM_TOOL_CALL_IDS_KEY, FUNCTION_CALL_IDS_KEY } from "./convert-to-responses-input.js";
import { parseToolCallParts, type ToolCallParts } from "./parse-tool-calls.js";

/**
 * The parts of a Responses API response the converters read; everything else is ignored (tolerant reading).
 *
 * @example
 * const response: WireResponse = { id: "resp_1", model: "gpt-4o-mini", status: "completed", output: [] };
 */
export interface WireResponse {
  id?: string;
  model?: string;
  status?: string;
  created_at?: number;
  service_tier?: string | null;
  incomplete_details?: { reason?: string } | null;
  error?: { code?: string | null; message?: string } | null;
  output?: WireOutputItem[];
  usage?: WireUsage | null;
}

/**
 * One `output` item, read loosely: `type` says which members matter.
 *
 * @example
 * const item: WireOutputItem = { type: "function_call", call_id: "call_1", name: "ping", arguments: "{}" };
 */
export interface WireOutputItem {
  type?: string;
  id?: string;
  status?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  input?: string;
  content?: { type?: string; text?: string; refusal?: string; annotations?: unknown[] }[];
  summary?: { type?: string; text?: string }[];
  [key: string]: unknown;
}

/**
 * The Responses API's `usage`.
 *
 * @example
 * const usage: WireUsage = { input_tokens: 12, output_tokens: 2, total_tokens: 14 };
 */
export interface WireUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

/**
 * Converts the Responses API's `usage` into LangChain's UsageMetadata: cached input as `cache_read`, reasoning output
 * as `reasoning`; a detail the API did not send is left out (a `0` it sent is kept).
 *
 * @example
 * convertResponsesUsage({ input_tokens: 865, output_tokens: 163, total_tokens: 1028,
 *   input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 128 } });
 * // { input_tokens: 865, output_tokens: 163, total_tokens: 1028,
 * //   input_token_details: { cache_read: 0 }, output_token_details: { reasoning: 128 } }
 */
export function convertResponsesUsage(usage: WireUsage): UsageMetadata {
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  const cached = usage.input_tokens_details?.cached_tokens;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: typeof usage.total_tokens === "number" ? usage.total_tokens : input + output,
    input_token_details: typeof cached === "number" ? { cache_read: cached } : {},
    output_token_details: typeof reasoning === "number" ? { reasoning } : {},
  };
}

/**
 * Converts a Responses API response into an AIMessage, as `@langchain/openai` does: `content` is a list of text blocks
 * (`{ type: "text", text, annotations }`) and reasoning summaries (`{ type: "reasoning", reasoning }`); function calls
 * are `tool_calls` (arguments parsed by the same tolerant parser as on Chat Completions: bad JSON, or a call cut off
 * by the output budget, is an invalid_tool_call; a custom tool's call has its free text as `args.input`); text
 * annotations are LangChain citations (see convertResponsesAnnotation); the last reasoning item is kept whole in
 * `additional_kwargs.reasoning` (so it can be sent back), a refusal in `additional_kwargs.refusal`, built-in tool
 * items in `additional_kwargs.tool_outputs`, and a generated image also as an image block in `content`. The message
 * `id` is the response id (for `previous_response_id`). A failed response throws the typed error of its code (see
 * convertResponsesFailure); a body that is not a response throws a MalformedResponseError.
 *
 * @example
 * const message = convertFromResponses(response, { requestId: "req_1", warnings: [] });
 * message.content; // [{ type: "text", text: "OK", annotations: [] }]
 * message.response_metadata; // { model_provider: "openai", model_name: "gpt-4o-mini-2024-07-18", id: "resp_…", status: "completed", … }
 */
export function convertFromResponses(response: WireResponse, context: ResponseContext): AIMessage {
  if (typeof response !== "object" || response === null || !Array.isArray(response.output)) {
    throw new MalformedResponseError("The Responses API answered with a body that has no `output` list.", { requestId: context.requestId });
  }
  if (response.status === "failed" || response.error) throw convertResponsesFailure(response.error ?? {}, { requestId: context.requestId });
  const content: Record<string, unknown>[] = [];
  const additionalKwargs: Record<string, unknown> = {};
  const calls: ToolCallParts[] = [];
  const callItemIds: Record<string, string> = {};
  const customCallItemIds: Record<string, string> = {};
  const truncated = response.status === "incomplete";
  for (const item of response.output) {
    switch (item.type) {
      case "message":
        for (const part of item.content ?? []) {
          // An empty text part without annotations is left out: a stream cannot carry it (core's merge drops it).
          if (part.type === "output_text" && (part.text || part.annotations?.length)) content.push({ type: "text", text: part.text ?? "", annotations: (part.annotations ?? []).map(convertResponsesAnnotation) });
          else if (part.type === "refusal") additionalKwargs.refusal = part.refusal;
        }
        break;
      case "function_call":
      case "custom_tool_call": {
        const isCustomTool = item.type === "custom_tool_call";
        calls.push({ id: item.call_id, name: item.name, args: (isCustomTool ? item.input : item.arguments) ?? "", isCustomTool });
        if (item.call_id !== undefined && item.id !== undefined) (isCustomTool ? customCallItemIds : callItemIds)[item.call_id] = item.id;
        break;
      }
      case "reasoning": {
        additionalKwargs.reasoning = item;
        const text = (item.summary ?? []).map((part) => part.text ?? "").join("");
        if (text !== "") content.push({ type: "reasoning", reasoning: text });
        break;
      }
      case "image_generation_call": {
        const image = convertImageGenerationResult(item);
        if (image !== undefined) content.push(image);
        ((additionalKwargs.tool_outputs ??= []) as unknown[]).push(item);
        break;
      }
      default:
        ((additionalKwargs.tool_outputs ??= []) as unknown[]).push(item);
    }
  }
  if (Object.keys(callItemIds).length > 0) additionalKwargs[FUNCTION_CALL_IDS_KEY] = callItemIds;
  if (Object.keys(customCallItemIds).length > 0) additionalKwargs[CUSTOM_TOOL_CALL_IDS_KEY] = customCallItemIds;
  const { toolCalls, invalidToolCalls } = parseToolCallParts(calls, { truncated: truncated && calls.length > 0 });
  const message = new AIMessage({
    id: response.id,
    content: content as AIMessage["content"],
    additional_kwargs: additionalKwargs,
    response_metadata: convertResponseMetadata(response, context),
    usage_metadata: response.usage ? convertResponsesUsage(response.usage) : undefined,
  });
  // Set after construction, as on Chat Completions: core's constructor warns when only invalid calls are given.
  message.tool_calls = toolCalls;
  message.invalid_tool_calls = invalidToolCalls;
  return message;
}

/**
 * The image block of a finished `image_generation_call` (its base64 `result`), as @langchain/openai makes it:
 * `{ type: "image", mimeType, data, id, metadata: { status } }`; `undefined` while it has no result. The MIME type
 * follows the item's `output_format` (`png` unless it says `webp` or `jpeg`), where @langchain/openai always says
 * `image/png`.
 *
 * @example
 * convertImageGenerationResult({ type: "image_generation_call", id: "ig_1", status: "completed", result: "iVBOR…" });
 * // { type: "image", mimeType: "image/png", data: "iVBOR…", id: "ig_1", metadata: { status: "completed" } }
 */
export function convertImageGenerationResult(item: WireOutputItem): Record<string, unknown> | undefined {
  if (typeof item.result !== "string" || item.result === "") return undefined;
  const format = item.output_format === "webp" || item.output_format === "jpeg" ? item.output_format : "png";
  return { type: "image", mimeType: `image/${format}`, data: item.result, id: item.id, metadata: { status: item.status } };
}

/**
 * The `response_metadata` of a Responses answer: what `@langchain/openai` puts there, the raw `output` items included
 * (core's translator orders `outputVersion: "v1"` content by them, and the history converter sends the server tool
 * items back in their places), with the request's facts (request id, warnings, headers).
 *
 * @example
 * convertResponseMetadata({ id: "resp_1", model: "gpt-4o", status: "completed" }, {});
 * // { model_provider: "openai", model_name: "gpt-4o", model: "gpt-4o", id: "resp_1", status: "completed" }
 * // (and `output`, when the response has one)
 */
export function convertResponseMetadata(response: WireResponse, context: ResponseContext): Record<string, unknown> {
  const metadata: Record<string, unknown> = { model_provider: MODEL_PROVIDER };
  const copy = (key: string, value: unknown) => {
    if (value !== undefined) metadata[key] = value;
  };
  copy("model_name", response.model);
  copy("model", response.model);
  copy("id", response.id);
  addResponseOutcome(metadata, response);
  return addResponsesContentFilter({ ...metadata, ...convertResponseContext(context) }, response);
}

/**
 * Adds how a response ended to its metadata, where the response says: `created_at`, `status`, `incomplete_details`,
 * `service_tier`, `finish_reason` (see mapResponsesFinishReason) and the raw `output`. Shared by whole answers and a
 * stream's final chunk. Mutates and returns `metadata`.
 *
 * @example
 * addResponseOutcome({}, { status: "completed", output: [] }); // { status: "completed", finish_reason: "stop", output: [] }
 */
export function addResponseOutcome(metadata: Record<string, unknown>, response: WireResponse): Record<string, unknown> {
  const outcome: Array<[string, unknown]> = [
    ["created_at", response.created_at],
    ["status", response.status],
    ["incomplete_details", response.incomplete_details],
    ["service_tier", response.service_tier],
    ["finish_reason", mapResponsesFinishReason(response)],
    ["output", response.output],
  ];
  for (const [key, value] of outcome) if (value !== undefined) metadata[key] = value;
  return metadata;
}

/**
 * Adds what a content filter did to a Responses answer's metadata: Azure's `content_filters` when it sent any, and
 * {@link CONTENT_FILTER_WARNING} in `warnings` when the answer was cut (`incomplete_details.reason: "content_filter"`),
 * as on Chat Completions. Mutates and returns `metadata`.
 *
 * @example
 * addResponsesContentFilter({}, { status: "incomplete", incomplete_details: { reason: "content_filter" } }); // { warnings: [CONTENT_FILTER_WARNING] }
 */
export function addResponsesContentFilter(metadata: Record<string, unknown>, response: WireResponse): Record<string, unknown> {
  const filters = (response as { content_filters?: unknown }).content_filters;
  if (filters != null) metadata.content_filters = filters;
  return addContentFilterMetadata(metadata, { promptFilterResults: undefined, contentFilterResults: undefined, finishReason: response.incomplete_details?.reason });
}

/**
 * The Chat Completions `finish_reason` a Responses answer amounts to, so that code reading `finish_reason` (structured
 * output's length check, truncated tool calls, core's stream events) works on both APIs. `@langchain/openai` sets none
 * on the Responses API (only `status` and `incomplete_details`, which are kept too); this follows the mapping of
 * vercel/ai (`mapOpenAIResponseFinishReason`): `completed` is `"tool_calls"` when the output holds a function or custom
 * tool call, else `"stop"`; `incomplete` is `"length"` for `max_output_tokens`, `"content_filter"` for
 * `content_filter`, else the reason as given. Undefined while the response is not finished (or without a reason).
 *
 * @example
 * mapResponsesFinishReason({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output: [] }); // "length"
 * mapResponsesFinishReason({ status: "completed", output: [{ type: "function_call" }] }); // "tool_calls"
 */
export function mapResponsesFinishReason(response: WireResponse): string | undefined {
  switch (response.status) {
    case "completed": {
      const called = (response.output ?? []).some((item) => item.type === "function_call" || item.type === "custom_tool_call");
      return called ? "tool_calls" : "stop";
    }
    case "incomplete": {
      const reason = response.incomplete_details?.reason;
      if (reason === "max_output_tokens") return "length";
      return typeof reason === "string" ? reason : undefined;
    }
    default:
      return undefined;
  }
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}
