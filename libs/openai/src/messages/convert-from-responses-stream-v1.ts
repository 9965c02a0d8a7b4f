// Responses stream events -> AIMessageChunks whose content is already LangChain's standard blocks (`outputVersion:
// "v1"`), so that the concatenated stream equals invoke's v1 message. Core's own way (translating each chunk on its
// own) cannot: a chunk holding half a tool call or one reasoning delta translates into blocks that do not merge into
// what the whole message translates into.

import { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import { MODEL_PROVIDER, type ResponseContext } from "./convert-from-openai-message.js";
import type { WireOutputItem } from "./convert-from-responses.js";
import { createResponsesChunkConverter, type ResponsesEvent } from "./convert-from-responses-stream.js";
import { parseToolCallParts } from "./parse-tool-calls.js";

type Block = Record<string, unknown>;

/**
 * Creates the `outputVersion: "v1"` converter of one Responses stream: the same chunks as
 * createResponsesChunkConverter (tool call chunks, `additional_kwargs`, usage, metadata), with `content` in standard
 * blocks and `response_metadata.output_version: "v1"`: text (with citations) and reasoning as they stream, each
 * reasoning item's block opened when the item is added (with its id), a function or custom tool's call as one
 * `tool_call` block when its item is done (its arguments stream in `tool_call_chunks`), and a built-in tool's item,
 * when done, as the blocks core's "openai" translator makes of it (`server_tool_call`, `server_tool_call_result`,
 * `image`, `non_standard`). Concatenated, the chunks give the content core gives the whole v0 message.
 *
 * @example
 * const convert = createResponsesV1ChunkConverter({ requestId: "req_1", warnings: [] });
 * const chunk = convert({ type: "response.output_text.delta", output_index: 0, delta: "Hi" });
 * chunk?.content; // [{ type: "text", text: "Hi", annotations: [], index: 0 }]
 */
export function createResponsesV1ChunkConverter(context: ResponseContext): (event: ResponsesEvent) => AIMessageChunk | undefined {
  const convert = createResponsesChunkConverter(context);
  return (event) => {
    const chunk = convert(event);
    const blocks = convertToStandardBlocks(event, chunk);
    if (chunk === undefined && blocks.length === 0) return undefined;
    return new AIMessageChunk({
      id: chunk?.id,
      content: blocks as AIMessageChunk["content"],
      tool_call_chunks: chunk?.tool_call_chunks ?? [],
      additional_kwargs: chunk?.additional_kwargs ?? {},
      response_metadata: { ...chunk?.response_metadata, output_version: "v1" },
      ...(chunk?.usage_metadata && { usage_metadata: chunk.usage_metadata }),
    });
  };
}

function convertToStandardBlocks(event: ResponsesEvent, chunk: AIMessageChunk | undefined): Block[] {
  const outputIndex = typeof event.output_index === "number" ? event.output_index : 0;
  switch (event.type) {
    case "response.output_text.delta":
    case "response.output_text.annotation.added":
    case "response.reasoning_summary_text.delta":
      // Text blocks (citations included) and reasoning deltas are already what the translator makes of them.
      return (chunk?.content ?? []) as Block[];
    case "response.output_item.added": {
      const item = (event.item ?? {}) as WireOutputItem;
      if (item.type !== "reasoning") return [];
      return [{ type: "reasoning", reasoning: "", ...(typeof item.id === "string" && { id: item.id }), index: outputIndex }];
    }
    case "response.output_item.done":
      return convertDoneItem((event.item ?? {}) as WireOutputItem, outputIndex);
    default:
      return [];
  }
}

function convertDoneItem(item: WireOutputItem, outputIndex: number): Block[] {
  switch (item.type) {
    case "reasoning":
      return typeof item.encrypted_content === "string" ? [{ type: "reasoning", reasoning: "", encrypted_content: item.encrypted_content, index: outputIndex }] : [];
    case "message":
      return (item.content ?? []).flatMap((part) => (part.type === "refusal" && typeof part.refusal === "string" ? [{ type: "refusal", refusal: part.refusal }] : []));
    case "function_call":
    case "custom_tool_call": {
      const isCustomTool = item.type === "custom_tool_call";
      const { toolCalls } = parseToolCallParts([{ id: item.call_id, name: item.name, args: (isCustomTool ? item.input : item.arguments) ?? "", isCustomTool }], { truncated: false });
      return toolCalls.map((call) => ({ type: "tool_call", id: call.id, name: call.name, args: call.args }));
    }
    case undefined:
      return [];
    default:
      // A built-in tool's item: exactly the blocks core's translator makes of it in a whole message.
      return new AIMessage({ content: [], additional_kwargs: { tool_outputs: [item] }, response_metadata: { model_provider: MODEL_PROVIDER } }).contentBlocks as unknown as Block[];
  }
}
