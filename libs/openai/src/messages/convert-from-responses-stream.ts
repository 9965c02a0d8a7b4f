// Responses stream events -> AIMessageChunks, shaped as @langchain/openai shapes them, so that core's concatenation
// of the chunks gives the message convertFromResponses gives for the same response (content blocks merge by `index`,
// which is the event's `output_index`, stable per output item).

import { AIMessageChunk, type ToolCallChunk } from "@langchain/core/messages";
import { convertResponseContext, MODEL_PROVIDER, type ResponseContext } from "./convert-from-openai-message.js";
import { addResponsesContentFilter, convertResponsesUsage, mapResponsesFinishReason, type WireOutputItem, type WireResponse } from "./convert-from-responses.js";
import { FUNCTION_CALL_IDS_KEY } from "./convert-to-responses-input.js";

/**
 * A Responses stream event as the converter reads it.
 *
 * @example
 * const event: ResponsesEvent = { type: "response.output_text.delta", output_index: 1, delta: "Hi" };
 */
export interface ResponsesEvent {
  type: string;
  [key: string]: unknown;
}

/**
 * Creates the converter of one Responses stream: each event in, at most one chunk out (`undefined` for events that
 * carry nothing new: `response.in_progress`, `*.done` duplicates of the deltas, …). `response.created` gives the chunk
 * with the message `id` (the response id) and the response metadata (with the request's id and warnings), once; text
 * and reasoning-summary deltas give content blocks; function calls give `tool_call_chunks` indexed by output item; the
 * whole reasoning item (with its encrypted content) arrives once, when it is done; the final event gives
 * `usage_metadata` and the status.
 *
 * @example
 * const convert = createResponsesChunkConverter({ requestId: "req_1", warnings: [] });
 * for await (const event of events) {
 *   const chunk = convert(event);
 *   if (chunk) process.stdout.write(chunk.text);
 * }
 */
export function createResponsesChunkConverter(context: ResponseContext): (event: ResponsesEvent) => AIMessageChunk | undefined {
  return (event) => {
    const outputIndex = typeof event.output_index === "number" ? event.output_index : 0;
    switch (event.type) {
      case "response.created": {
        const response = (event.response ?? {}) as WireResponse;
        const metadata: Record<string, unknown> = { model_provider: MODEL_PROVIDER };
        if (response.model !== undefined) Object.assign(metadata, { model_name: response.model, model: response.model });
        if (response.id !== undefined) metadata.id = response.id;
        return new AIMessageChunk({ id: response.id, content: [], response_metadata: { ...metadata, ...convertResponseContext(context) } });
      }
      case "response.output_text.delta":
        return textChunk({ type: "text", text: String(event.delta ?? ""), index: outputIndex });
      case "response.reasoning_summary_text.delta":
        return new AIMessageChunk({ content: [{ type: "reasoning", reasoning: String(event.delta ?? ""), index: outputIndex }] });
      case "response.refusal.delta":
        return new AIMessageChunk({ content: [], additional_kwargs: { refusal: String(event.delta ?? "") } });
      case "response.function_call_arguments.delta":
        return toolCallChunk({ type: "tool_call_chunk", args: String(event.delta ?? ""), index: outputIndex });
      case "response.output_item.added":
        return convertAddedItem((event.item ?? {}) as WireOutputItem, outputIndex);
      case "response.output_item.done":
        return convertDoneItem((event.item ?? {}) as WireOutputItem);
      case "response.completed":
      case "response.incomplete":
        return convertFinal((event.response ?? {}) as WireResponse);
      default:
        return undefined;
    }
  };
}

function textChunk(block: { type: "text"; text: string; index: number }): AIMessageChunk {
  return new AIMessageChunk({ content: [block] });
}

function toolCallChunk(chunk: ToolCallChunk, additionalKwargs: Record<string, unknown> = {}): AIMessageChunk {
  return new AIMessageChunk({ content: [], tool_call_chunks: [chunk], additional_kwargs: additionalKwargs });
}

function convertAddedItem(item: WireOutputItem, outputIndex: number): AIMessageChunk | undefined {
  if (item.type !== "function_call" || item.call_id === undefined) return undefined;
  const ids = item.id === undefined ? {} : { [FUNCTION_CALL_IDS_KEY]: { [item.call_id]: item.id } };
  return toolCallChunk({ type: "tool_call_chunk", name: item.name, args: item.arguments ?? "", id: item.call_id, index: outputIndex }, ids);
}

// A reasoning item is kept whole once it is done (its summary and encrypted content complete): merged piecewise, core
// would concatenate its strings. Built-in tools' items are kept as they are, as @langchain/openai does.
function convertDoneItem(item: WireOutputItem): AIMessageChunk | undefined {
  switch (item.type) {
    case "reasoning":
      return new AIMessageChunk({ content: [], additional_kwargs: { reasoning: item } });
    case "message":
    case "function_call":
    case undefined:
      return undefined;
    default:
      return new AIMessageChunk({ content: [], additional_kwargs: { tool_outputs: [item] } });
  }
}

function convertFinal(response: WireResponse): AIMessageChunk {
  const metadata: Record<string, unknown> = {};
  if (response.status !== undefined) metadata.status = response.status;
  if (response.incomplete_details !== undefined) metadata.incomplete_details = response.incomplete_details;
  if (response.service_tier !== undefined) metadata.service_tier = response.service_tier;
  if (response.created_at !== undefined) metadata.created_at = response.created_at;
  const finishReason = mapResponsesFinishReason(response);
  if (finishReason !== undefined) metadata.finish_reason = finishReason;
  return new AIMessageChunk({
    content: [],
    response_metadata: addResponsesContentFilter(metadata, response),
    ...(response.usage ? { usage_metadata: convertResponsesUsage(response.usage) } : {}),
  });
}
