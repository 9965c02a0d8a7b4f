import { AIMessageChunk, type AIMessage, type ToolCallChunk } from "@langchain/core/messages";

type StreamedToolCallChunk = ToolCallChunk & { isCustomTool?: boolean };

/**
 * Converts a non-streamed answer into the one chunk a stream of it would concatenate to, for paths that must yield
 * chunks when streaming is disabled (`disableStreaming: "tool_calling"` under a streaming callback). Its
 * `tool_call_chunks` are rebuilt from the raw calls in `additional_kwargs.tool_calls` (one per call, arguments as sent),
 * so `finalizeStreamedMessage` derives the same `tool_calls` and `invalid_tool_calls` as the message has; until then
 * the message's own lists are kept.
 *
 * @example
 * const chunk = convertMessageToChunk(convertFromOpenAIMessage(completion, completion.choices[0]!, {}, { includeUsage: true }));
 * finalizeStreamedMessage(chunk).tool_calls; // the message's tool_calls
 */
export function convertMessageToChunk(message: AIMessage): AIMessageChunk {
  const rawToolCalls = message.additional_kwargs.tool_calls;
  const toolCallChunks = Array.isArray(rawToolCalls) ? rawToolCalls.map(convertRawToolCall) : [];
  const chunk = new AIMessageChunk({
    content: message.content,
    id: message.id,
    name: message.name,
    additional_kwargs: { ...message.additional_kwargs },
    response_metadata: { ...message.response_metadata },
    usage_metadata: message.usage_metadata,
    tool_call_chunks: toolCallChunks.length > 0 ? toolCallChunks : undefined,
  });
  // The constructor derives both lists with core's own parser (or drops invalid calls); keep the message's instead.
  chunk.tool_calls = message.tool_calls ?? [];
  chunk.invalid_tool_calls = message.invalid_tool_calls ?? [];
  chunk.lc_kwargs.tool_calls = chunk.tool_calls;
  chunk.lc_kwargs.invalid_tool_calls = chunk.invalid_tool_calls;
  return chunk;
}

function convertRawToolCall(raw: unknown, position: number): StreamedToolCallChunk {
  const call = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const isCustomTool = call.type === "custom" || isRecord(call.custom);
  const body = (isCustomTool ? call.custom : call.function) as Record<string, unknown> | undefined;
  const chunk: StreamedToolCallChunk = {
    type: "tool_call_chunk",
    index: typeof call.index === "number" ? call.index : position,
    args: readArgumentText(isCustomTool ? body?.input : body?.arguments),
  };
  if (typeof call.id === "string" && call.id !== "") chunk.id = call.id;
  if (typeof body?.name === "string" && body.name !== "") chunk.name = body.name;
  if (isCustomTool) chunk.isCustomTool = true;
  return chunk;
}

/** Some compatible servers send arguments as an object instead of a JSON string; both mean the same call. */
function readArgumentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
