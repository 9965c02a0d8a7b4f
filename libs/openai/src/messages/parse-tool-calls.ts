// One parser for tool-call arguments, shared by the non-streamed converter (wire tool calls) and by
// `finalizeStreamedMessage` (assembled tool_call_chunks), so both paths produce identical tool_calls and
// invalid_tool_calls. It never repairs: text that is not a complete JSON object is an invalid_tool_call.

import type { InvalidToolCall, ToolCall, ToolCallChunk } from "@langchain/core/messages";
import type OpenAI from "openai";

/**
 * The `error` of every tool call in a response cut off by the token limit (`finish_reason: "length"`).
 *
 * @example
 * message.invalid_tool_calls.some((call) => call.error === TRUNCATED_TOOL_CALL_ERROR); // raise maxTokens and retry
 */
export const TRUNCATED_TOOL_CALL_ERROR =
  "truncated_by_max_tokens: the response hit the token limit (finish_reason \"length\") while tool calls were being " +
  "generated, so their arguments may be cut off; raise maxTokens or simplify the call";

/**
 * The warning an answer carries in `response_metadata.warnings` (on `stream()`, its last chunk) when the token limit
 * cut it while it was writing tool calls (`finish_reason: "length"`): their arguments are incomplete, though concatenating
 * the chunks with core's `concat` parses the partial JSON into valid-looking `tool_calls`.
 *
 * @example
 * const last = chunks.at(-1);
 * if (last?.response_metadata.warnings?.includes(TRUNCATED_TOOL_CALLS_WARNING)) throw new Error("raise maxTokens");
 */
export const TRUNCATED_TOOL_CALLS_WARNING =
  'finish_reason "length": the token limit cut the answer while tool calls were being written, so their arguments are ' +
  "incomplete; do not run them (concatenated chunks parse partial JSON into tool_calls). Raise maxTokens and try again.";

/**
 * One tool call's pieces before parsing: its id, name and raw argument text.
 *
 * @example
 * const parts: ToolCallParts = { id: "call_1", name: "get_weather", args: '{"city":"Paris"}' };
 */
export interface ToolCallParts {
  id?: string;
  name?: string;
  /** The raw argument text: JSON for function tools, free text for custom tools. */
  args: string;
  /** A custom (free-form) tool: its text is the input itself, handed over as `{ input }`. */
  isCustomTool?: boolean;
}

/**
 * Options shared by the tool-call parsers.
 *
 * @example
 * const options: ParseToolCallsOptions = { truncated: choice.finish_reason === "length" };
 */
export interface ParseToolCallsOptions {
  /** The response was cut off by the token limit: every call becomes invalid, whatever its text. */
  truncated: boolean;
}

/**
 * Tool calls split into the ones a tool can run and the ones it cannot.
 *
 * @example
 * const { toolCalls, invalidToolCalls }: ParsedToolCalls = parseToolCalls(message.tool_calls, { truncated: false });
 */
export interface ParsedToolCalls {
  toolCalls: ToolCall[];
  invalidToolCalls: InvalidToolCall[];
}

/** A tool_call_chunk as core's merge sees it; `isCustomTool` is core 1.4's marker for free-form tools. */
type StreamedToolCallChunk = ToolCallChunk & { isCustomTool?: boolean };

/**
 * Parses one tool call's argument text. Empty or whitespace-only text is `{}` (a tool without parameters); text that is
 * not JSON, or JSON that is not an object, is an error. Nothing is repaired.
 *
 * @example
 * parseToolCallArguments('{"city":"Paris"}'); // { args: { city: "Paris" } }
 * parseToolCallArguments("");                 // { args: {} }
 * parseToolCallArguments('{"city":"Par');     // { error: "invalid_json: …" }
 */
export function parseToolCallArguments(text: string): { args: Record<string, unknown> } | { error: string } {
  if (text.trim() === "") return { args: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: `invalid_json: the arguments are not valid JSON (${reason})` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return { error: `not_an_object: the arguments are valid JSON but ${kind}; tool arguments must be a JSON object` };
  }
  return { args: value as Record<string, unknown> };
}

/**
 * Parses tool calls given as parts; the order of the input is kept within each list.
 *
 * @example
 * parseToolCallParts([{ id: "call_1", name: "ping", args: "" }], { truncated: false });
 * // { toolCalls: [{ name: "ping", args: {}, id: "call_1", type: "tool_call" }], invalidToolCalls: [] }
 */
export function parseToolCallParts(parts: readonly ToolCallParts[], options: ParseToolCallsOptions): ParsedToolCalls {
  const toolCalls: ToolCall[] = [];
  const invalidToolCalls: InvalidToolCall[] = [];
  for (const part of parts) {
    const name = part.name ?? "";
    const parsed = options.truncated
      ? { error: TRUNCATED_TOOL_CALL_ERROR }
      : part.isCustomTool
        ? { args: { input: part.args } }
        : parseToolCallArguments(part.args);
    if ("args" in parsed) {
      toolCalls.push({ name, args: parsed.args, id: part.id, type: "tool_call" });
    } else {
      invalidToolCalls.push({ name, args: part.args, id: part.id, error: parsed.error, type: "invalid_tool_call" });
    }
  }
  return { toolCalls, invalidToolCalls };
}

/**
 * Parses the tool calls of a non-streamed Chat Completions message (`choice.message.tool_calls`).
 *
 * @example
 * const { toolCalls, invalidToolCalls } = parseToolCalls(choice.message.tool_calls, {
 *   truncated: choice.finish_reason === "length",
 * });
 */
export function parseToolCalls(
  rawToolCalls: readonly OpenAI.ChatCompletionMessageToolCall[] | null | undefined,
  options: ParseToolCallsOptions,
): ParsedToolCalls {
  return parseToolCallParts((rawToolCalls ?? []).map(readWireToolCall), options);
}

/**
 * Parses the `tool_call_chunks` of a streamed message: fragments with the same `index` are joined in order (the first
 * id and name win), fragments without an index stay separate calls.
 *
 * @example
 * parseToolCallChunks(aggregated.tool_call_chunks ?? [], { truncated: aggregated.response_metadata.finish_reason === "length" });
 */
export function parseToolCallChunks(chunks: readonly ToolCallChunk[], options: ParseToolCallsOptions): ParsedToolCalls {
  const groups = new Map<number | string, ToolCallParts>();
  chunks.forEach((chunk: StreamedToolCallChunk, position) => {
    const key = typeof chunk.index === "number" ? chunk.index : `position ${position}`;
    let parts = groups.get(key);
    if (parts === undefined) {
      parts = { args: "" };
      groups.set(key, parts);
    }
    parts.id ??= chunk.id || undefined;
    parts.name ??= chunk.name || undefined;
    parts.args += chunk.args ?? "";
    if (chunk.isCustomTool === true) parts.isCustomTool = true;
  });
  return parseToolCallParts([...groups.values()], options);
}

function readWireToolCall(call: OpenAI.ChatCompletionMessageToolCall): ToolCallParts {
  if (call.type === "custom") {
    return { id: call.id, name: call.custom?.name, args: readArgumentText(call.custom?.input), isCustomTool: true };
  }
  // "function", and compatible servers that leave `type` out.
  return { id: call.id, name: call.function?.name, args: readArgumentText(call.function?.arguments) };
}

/** Some compatible servers send arguments as an object instead of a JSON string; both mean the same call. */
function readArgumentText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return "";
}
