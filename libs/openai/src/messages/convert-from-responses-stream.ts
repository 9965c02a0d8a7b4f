// Responses stream events -> AIMessageChunks, shaped as @langchain/openai shapes them, so that core's concatenation
// of the chunks gives the message convertFromResponses gives for the same response (content blocks merge by `index`,
// which is the event's `output_index`, stable per output item).

import { AIMessageChunk, type ToolCallChunk } from "@langchain/core/messages";
import { convertResponseContext, MODEL_PROVIDER, type ResponseContext } from "./convert-from-openai-message.js";
import { addResponseOutcome, addResponsesContentFilter, convertImageGenerationResult, convertResponsesUsage, type WireOutputItem, type WireResponse } from "./convert-from-responses.js";
import { convertResponsesAnnotation } from "./convert-responses-annotations.js";
import { CUSTOM_TOOL_CALL_IDS_KEY, FUNCTION_CALL_IDS_KEY } from "./convert-to-responses-input.js";

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
 * carry nothing new: `response.in_progress`, `*.done` duplicates of the deltas, a built-in tool's progress events,
 * partial images, code and MCP argument deltas, whose final text arrives in the item). `response.created` gives the
 * chunk with the message `id` (the response id) and the response metadata (with the request's id and warnings), once;
 * text deltas, their annotations (as citations) and reasoning-summary deltas give content blocks; function and custom
 * tool calls give `tool_call_chunks` indexed by output item; a built-in tool's item arrives whole in
 * `additional_kwargs.tool_outputs` when it is done (a generated image also as an image block); the last reasoning item
 * (with its encrypted content) arrives once, with the final event, which also gives `usage_metadata`, the status and
 * the raw `output`. Concatenated, the chunks give the message convertFromResponses gives for the final response
 * (content blocks keep their `index`).
 *
 * @example
 * const convert = createResponsesChunkConverter({ requestId: "req_1", warnings: [] });
 * for await (const event of events) {
 *   const chunk = convert(event);
 *   if (chunk) process.stdout.write(chunk.text);
 * }
 */
export function createResponsesChunkConverter(context: ResponseContext): (event: ResponsesEvent) => AIMessageChunk | undefined {
  // Several reasoning items may come (one per step); the message keeps the last whole, as convertFromResponses does.
  let lastReasoning: WireOutputItem | undefined;
  const openedText = new Set<number>();
  return (event) => {
    const outputIndex = typeof event.output_index === "number" ? event.output_index : 0;
    switch (event.type) {
      case "response.created":
        return convertCreated((event.response ?? {}) as WireResponse, context);
      case "response.output_text.delta": {
        // The first delta of an item opens its text block with the `annotations` list every text block has (core's
        // merge drops a block opened with empty text), so that citations merge into it.
        const opening = !openedText.has(outputIndex);
        openedText.add(outputIndex);
        return textChunk({ type: "text", text: String(event.delta ?? ""), ...(opening && { annotations: [] }), index: outputIndex });
      }
      case "response.output_text.annotation.added":
        return textChunk({ type: "text", text: "", annotations: [convertResponsesAnnotation(event.annotation)], index: outputIndex });
      case "response.reasoning_summary_text.delta":
        return new AIMessageChunk({ content: [{ type: "reasoning", reasoning: String(event.delta ?? ""), index: outputIndex }] });
      case "response.refusal.delta":
        return new AIMessageChunk({ content: [], additional_kwargs: { refusal: String(event.delta ?? "") } });
      case "response.function_call_arguments.delta":
        return toolCallChunk({ type: "tool_call_chunk", args: String(event.delta ?? ""), index: outputIndex });
      case "response.custom_tool_call_input.delta":
        return toolCallChunk({ type: "tool_call_chunk", args: String(event.delta ?? ""), index: outputIndex, isCustomTool: true } as ToolCallChunk);
      case "response.output_item.added":
        return convertAddedItem((event.item ?? {}) as WireOutputItem, outputIndex);
      case "response.output_item.done": {
        const item = (event.item ?? {}) as WireOutputItem;
        if (item.type === "reasoning") lastReasoning = item;
        return convertDoneItem(item, outputIndex);
      }
      case "response.completed":
      case "response.incomplete":
        return convertFinal((event.response ?? {}) as WireResponse, lastReasoning);
      default:
        return undefined;
    }
  };
}

function convertCreated(response: WireResponse, context: ResponseContext): AIMessageChunk {
  const metadata: Record<string, unknown> = { model_provider: MODEL_PROVIDER };
  if (response.model !== undefined) Object.assign(metadata, { model_name: response.model, model: response.model });
  if (response.id !== undefined) metadata.id = response.id;
  return new AIMessageChunk({ id: response.id, content: [], response_metadata: { ...metadata, ...convertResponseContext(context) } });
}

function textChunk(block: { type: "text"; text: string; index: number; annotations?: unknown[] }): AIMessageChunk {
  return new AIMessageChunk({ content: [block] });
}

function toolCallChunk(chunk: ToolCallChunk, additionalKwargs: Record<string, unknown> = {}): AIMessageChunk {
  return new AIMessageChunk({ content: [], tool_call_chunks: [chunk], additional_kwargs: additionalKwargs });
}

function convertAddedItem(item: WireOutputItem, outputIndex: number): AIMessageChunk | undefined {
  if ((item.type !== "function_call" && item.type !== "custom_tool_call") || item.call_id === undefined) return undefined;
  const isCustomTool = item.type === "custom_tool_call";
  const key = isCustomTool ? CUSTOM_TOOL_CALL_IDS_KEY : FUNCTION_CALL_IDS_KEY;
  const ids = item.id === undefined ? {} : { [key]: { [item.call_id]: item.id } };
  const args = (isCustomTool ? item.input : item.arguments) ?? "";
  const chunk = { type: "tool_call_chunk", name: item.name, args, id: item.call_id, index: outputIndex, ...(isCustomTool && { isCustomTool: true }) } as ToolCallChunk;
  return toolCallChunk(chunk, ids);
}

// Built-in tools' items are kept as they are once done, as @langchain/openai does (and a generated image as an image
// block); the reasoning item waits for the final event.
function convertDoneItem(item: WireOutputItem, outputIndex: number): AIMessageChunk | undefined {
  switch (item.type) {
    case "reasoning":
    case "message":
    case "function_call":
    case "custom_tool_call":
    case undefined:
      return undefined;
    case "image_generation_call": {
      const image = convertImageGenerationResult(item);
      return new AIMessageChunk({ content: image === undefined ? [] : [{ ...image, index: outputIndex } as never], additional_kwargs: { tool_outputs: [item] } });
    }
    default:
      return new AIMessageChunk({ content: [], additional_kwargs: { tool_outputs: [item] } });
  }
}

function convertFinal(response: WireResponse, lastReasoning: WireOutputItem | undefined): AIMessageChunk {
  return new AIMessageChunk({
    content: [],
    response_metadata: addResponsesContentFilter(addResponseOutcome({}, response), response),
    additional_kwargs: lastReasoning === undefined ? {} : { reasoning: lastReasoning },
    ...(response.usage ? { usage_metadata: convertResponsesUsage(response.usage) } : {}),
  });
}
