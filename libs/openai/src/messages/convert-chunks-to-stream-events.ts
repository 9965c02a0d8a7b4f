// Core 1.4's content-block event stream (`llm.streamEvents(input)` without a version, and `_generateUncached` when a
// handler prefers chat-model stream events), built from the AIMessageChunks `createChunkConverter` makes for choice 0.
// Core's default bridge puts text and the first tool call both at block index 0 (a call after text is lost), always
// finishes with "stop", and drops `reasoning_content`; here every part has its own block, tool calls are parsed with
// our parser (truncated calls stay invalid), strict mode's nulls are mapped back, and the response metadata is kept.
// Core's event types are imported as types only: core 1.0 has no event stream, and never calls this.

import type { ChatModelStreamEvent, FinishReason } from "@langchain/core/language_models/event";
import type { AIMessageChunk, ContentBlock, ToolCallChunk, UsageMetadata } from "@langchain/core/messages";
import { parseToolCallParts, type ToolCallParts } from "./parse-tool-calls.js";
import { restoreOptionalNulls, type OptionalNullPlan } from "../tools/restore-optional-nulls.js";

/**
 * Options of {@link createStreamEventConverter}.
 *
 * @example
 * const { restorePlans } = convertToOpenAITools(options.tools ?? [], { strict: options.strict });
 * const converterOptions: StreamEventConverterOptions = { restorePlans, audioFormat: "pcm16" };
 */
export interface StreamEventConverterOptions {
  /** Strict tools' null plans by tool name: a finished call's nulls for optional fields become absent keys. */
  restorePlans?: ReadonlyMap<string, OptionalNullPlan>;
  /** The requested `audio.format`, for the audio block's `mimeType` (streamed audio is `pcm16` on OpenAI). */
  audioFormat?: string;
}

/**
 * The per-stream converter {@link createStreamEventConverter} returns: call it with each chunk of choice 0, in order,
 * then call `finish()` once when the stream has ended.
 *
 * @example
 * for await (const chunk of chunks) yield* convert(chunk.message);
 * yield* convert.finish();
 */
export interface StreamEventConverter {
  (message: AIMessageChunk): ChatModelStreamEvent[];
  /**
   * The closing events: one `content-block-finish` per block (in block order; tool calls parsed now, when the finish
   * reason is known), then `message-finish`. Empty when no chunk arrived.
   */
  finish(): ChatModelStreamEvent[];
}

type TextKind = "reasoning" | "text" | "refusal";

interface TextBlock {
  kind: TextKind;
  index: number;
  value: string;
}

interface AudioBlock {
  kind: "audio";
  index: number;
  id?: string;
  data: string;
  transcript?: string;
  expiresAt?: unknown;
}

interface ToolBlock {
  kind: "tool";
  index: number;
  parts: ToolCallParts;
}

type Block = TextBlock | AudioBlock | ToolBlock;

// A tool call's key: its tool_call_chunk index, or a string no index can take: "function_call" for the legacy single
// call, "position N" for a fragment without an index (a call of its own, as parseToolCallChunks reads it).
type ToolKey = number | string;
const FUNCTION_CALL_KEY = "function_call";

/** What one stream has opened so far; blocks in index order. */
interface StreamState {
  started: boolean;
  blocks: Block[];
  textBlocks: Map<TextKind, TextBlock>;
  toolBlocks: Map<ToolKey, ToolBlock>;
  audioBlock: AudioBlock | undefined;
  /** The response metadata, first value of each key (logprobs joined). */
  metadata: Record<string, unknown>;
  usage: UsageMetadata | undefined;
}

// MIME types of Chat Completions' audio formats (`audio.format`).
const AUDIO_MIME_TYPES: Readonly<Record<string, string>> = {
  wav: "audio/wav",
  mp3: "audio/mpeg",
  flac: "audio/flac",
  opus: "audio/opus",
  aac: "audio/aac",
  pcm16: "audio/pcm",
};

/**
 * Creates the converter for one streamed response. Events come in stream order: `message-start` (with the completion
 * id), then for each part as it first appears a `content-block-start` and its deltas: reasoning (`reasoning-delta`),
 * text (`text-delta`), refusal (a `refusal` block, updated by `block-delta` snapshots), audio (`data-delta`, transcript
 * snapshots), each tool call its own block (`tool_call_chunk` start with id and name, `tool-call-delta` slices); a
 * `usage` snapshot when usage arrives. `finish()` closes each block (a tool call becomes a `tool_call`, or an
 * `invalid_tool_call` when its arguments are not a JSON object or the response was cut by `finish_reason: "length"`)
 * and ends with `message-finish`: the mapped reason, the usage, and the response metadata (model name, raw finish
 * reason, system fingerprint, service tier, request id, warnings, logprobs). Work per call is proportional to its chunk.
 *
 * @example
 * const convert = createStreamEventConverter({ restorePlans });
 * const events = [...chunks.flatMap((chunk) => convert(chunk)), ...convert.finish()];
 */
export function createStreamEventConverter(options: StreamEventConverterOptions = {}): StreamEventConverter {
  const state: StreamState = { started: false, blocks: [], textBlocks: new Map(), toolBlocks: new Map(), audioBlock: undefined, metadata: {}, usage: undefined };
  const convert = (message: AIMessageChunk): ChatModelStreamEvent[] => {
    const events: ChatModelStreamEvent[] = [];
    if (!state.started) {
      state.started = true;
      events.push(message.id ? { event: "message-start", id: message.id } : { event: "message-start" });
    }
    collectMetadata(state.metadata, message.response_metadata);
    const kwargs = message.additional_kwargs;
    if (typeof kwargs.reasoning_content === "string" && kwargs.reasoning_content !== "") appendText(state, events, "reasoning", kwargs.reasoning_content);
    if (typeof message.content === "string" && message.content !== "") appendText(state, events, "text", message.content);
    // The Responses API's chunks carry text and reasoning summaries as content blocks.
    if (Array.isArray(message.content)) for (const block of message.content) appendContentBlock(state, events, block);
    if (typeof kwargs.refusal === "string" && kwargs.refusal !== "") appendText(state, events, "refusal", kwargs.refusal);
    if (isRecord(kwargs.audio)) appendAudio(state, events, kwargs.audio, options);
    for (const chunk of message.tool_call_chunks ?? []) {
      appendToolCall(state, events, typeof chunk.index === "number" ? chunk.index : `position ${state.blocks.length}`, readToolCallChunk(chunk));
    }
    if (isRecord(kwargs.function_call)) appendToolCall(state, events, FUNCTION_CALL_KEY, readFunctionCall(kwargs.function_call));
    if (message.usage_metadata !== undefined) {
      // Our chunk converter reports usage once, as the final value: a snapshot, never a sum.
      state.usage = message.usage_metadata;
      events.push({ event: "usage", usage: state.usage });
    }
    return events;
  };
  const finish = (): ChatModelStreamEvent[] => {
    if (!state.started) return [];
    const { blocks, metadata, usage } = state;
    const truncated = metadata.finish_reason === "length";
    const events: ChatModelStreamEvent[] = blocks.map((block) => ({ event: "content-block-finish", index: block.index, content: finishBlock(block, truncated, options) }));
    const reason = mapFinishReason(metadata.finish_reason);
    events.push({ event: "message-finish", ...(reason ? { reason } : {}), ...(usage ? { usage } : {}), responseMetadata: { ...metadata } });
    return events;
  };
  return Object.assign(convert, { finish });
}

/**
 * Maps a Chat Completions `finish_reason` to the event stream's: `tool_calls` and `function_call` are `tool_use`;
 * `stop`, `length` and `content_filter` keep their names. Anything else (a compatible server's own word, or no reason
 * because the stream was cut) maps to `undefined`, so no reason is claimed; the raw one stays in the response metadata.
 *
 * @example
 * mapFinishReason("tool_calls"); // "tool_use"
 * mapFinishReason("eos");        // undefined
 */
export function mapFinishReason(reason: unknown): FinishReason | undefined {
  switch (reason) {
    case "stop":
    case "length":
    case "content_filter":
      return reason;
    case "tool_calls":
    case "function_call":
      return "tool_use";
    default:
      return undefined;
  }
}

function appendContentBlock(state: StreamState, events: ChatModelStreamEvent[], block: unknown): void {
  if (!isRecord(block)) return;
  if (block.type === "text" && typeof block.text === "string" && block.text !== "") appendText(state, events, "text", block.text);
  if (block.type === "reasoning" && typeof block.reasoning === "string" && block.reasoning !== "") appendText(state, events, "reasoning", block.reasoning);
}

function appendText(state: StreamState, events: ChatModelStreamEvent[], kind: TextKind, piece: string): void {
  let block = state.textBlocks.get(kind);
  if (block === undefined) {
    block = { kind, index: state.blocks.length, value: "" };
    state.blocks.push(block);
    state.textBlocks.set(kind, block);
    events.push({ event: "content-block-start", index: block.index, content: convertTextBlock(kind, "") });
  }
  block.value += piece;
  events.push({ event: "content-block-delta", index: block.index, delta: convertTextDelta(kind, piece, block.value) });
}

function appendToolCall(state: StreamState, events: ChatModelStreamEvent[], key: ToolKey, fragment: ToolCallParts): void {
  let block = state.toolBlocks.get(key);
  if (block === undefined) {
    block = { kind: "tool", index: state.blocks.length, parts: { args: "" } };
    if (fragment.id !== undefined) block.parts.id = fragment.id;
    if (fragment.name !== undefined) block.parts.name = fragment.name;
    if (fragment.isCustomTool === true) block.parts.isCustomTool = true;
    state.blocks.push(block);
    state.toolBlocks.set(key, block);
    const start: ContentBlock.Tools.ToolCallChunk = { type: "tool_call_chunk", ...omitUndefined({ id: fragment.id, name: fragment.name }), args: "" };
    if (typeof key === "number") start.index = key;
    events.push({ event: "content-block-start", index: block.index, content: start });
  } else {
    // Servers send id and name on the first fragment; a late one still counts (the finished block carries it).
    block.parts.id ??= fragment.id;
    block.parts.name ??= fragment.name;
  }
  if (fragment.args === "") return;
  block.parts.args += fragment.args;
  events.push({ event: "content-block-delta", index: block.index, delta: { type: "tool-call-delta", args: fragment.args } });
}

function appendAudio(state: StreamState, events: ChatModelStreamEvent[], audio: Record<string, unknown>, options: StreamEventConverterOptions): void {
  let block = state.audioBlock;
  if (block === undefined) {
    block = { kind: "audio", index: state.blocks.length, data: "" };
    state.blocks.push(block);
    state.audioBlock = block;
    events.push({ event: "content-block-start", index: block.index, content: { type: "audio", data: "", mimeType: audioMimeType(options.audioFormat) } });
  }
  if (typeof audio.id === "string") block.id ??= audio.id;
  if (audio.expires_at !== undefined) block.expiresAt ??= audio.expires_at;
  if (typeof audio.transcript === "string" && audio.transcript !== "") {
    block.transcript = (block.transcript ?? "") + audio.transcript;
    events.push({ event: "content-block-delta", index: block.index, delta: { type: "block-delta", fields: { type: "audio", transcript: block.transcript } } });
  }
  if (typeof audio.data === "string" && audio.data !== "") {
    block.data += audio.data;
    events.push({ event: "content-block-delta", index: block.index, delta: { type: "data-delta", data: audio.data, encoding: "base64" } });
  }
}

function finishBlock(block: Block, truncated: boolean, options: StreamEventConverterOptions): ContentBlock {
  switch (block.kind) {
    case "reasoning":
    case "text":
    case "refusal":
      return convertTextBlock(block.kind, block.value);
    case "audio": {
      const audio: ContentBlock.Multimodal.Audio = { type: "audio", data: block.data, mimeType: audioMimeType(options.audioFormat) };
      if (block.id !== undefined) audio.id = block.id;
      if (block.transcript !== undefined) audio.transcript = block.transcript;
      if (block.expiresAt !== undefined) audio.metadata = { expires_at: block.expiresAt };
      return audio;
    }
    case "tool":
      return finishToolCall(block.parts, truncated, options.restorePlans);
    default: {
      const unknown: never = block;
      throw new Error(`Unhandled block ${JSON.stringify(unknown)}`);
    }
  }
}

function finishToolCall(parts: ToolCallParts, truncated: boolean, restorePlans: ReadonlyMap<string, OptionalNullPlan> | undefined): ContentBlock {
  const { toolCalls, invalidToolCalls } = parseToolCallParts([parts], { truncated });
  const call = toolCalls[0];
  if (call !== undefined) {
    const plan = restorePlans?.get(call.name);
    const args = plan ? (restoreOptionalNulls(call.args, plan) as Record<string, unknown>) : call.args;
    return { type: "tool_call", ...omitUndefined({ id: call.id }), name: call.name, args };
  }
  const invalid = invalidToolCalls[0]!;
  return { type: "invalid_tool_call", ...omitUndefined({ id: invalid.id, name: invalid.name, args: invalid.args, error: invalid.error }) };
}

function convertTextBlock(kind: TextKind, value: string): ContentBlock {
  switch (kind) {
    case "reasoning":
      return { type: "reasoning", reasoning: value };
    case "text":
      return { type: "text", text: value };
    case "refusal":
      return { type: "refusal", refusal: value };
    default: {
      const unknown: never = kind;
      throw new Error(`Unhandled text block ${String(unknown)}`);
    }
  }
}

// A refusal has no delta type of its own; a block-delta snapshot replaces the block's text.
function convertTextDelta(kind: TextKind, piece: string, accumulated: string) {
  switch (kind) {
    case "reasoning":
      return { type: "reasoning-delta" as const, reasoning: piece };
    case "text":
      return { type: "text-delta" as const, text: piece };
    case "refusal":
      return { type: "block-delta" as const, fields: { type: "refusal", refusal: accumulated } };
    default: {
      const unknown: never = kind;
      throw new Error(`Unhandled text block ${String(unknown)}`);
    }
  }
}

// Scalars come once per stream from our chunk converter; the first value wins. Logprobs come as each chunk's slice.
function collectMetadata(target: Record<string, unknown>, source: Record<string, unknown> | undefined): void {
  if (source === undefined) return;
  for (const key in source) {
    const value = source[key];
    if (key === "logprobs") appendLogprobs(target, value);
    else if (!(key in target) && value !== undefined) target[key] = value;
  }
}

function appendLogprobs(target: Record<string, unknown>, slice: unknown): void {
  if (!isRecord(slice)) return;
  const merged = (target.logprobs ??= {}) as Record<string, unknown[]>;
  for (const key of ["content", "refusal"] as const) {
    const items = slice[key];
    if (Array.isArray(items)) (merged[key] ??= []).push(...(items as unknown[]));
  }
}

function readToolCallChunk(chunk: ToolCallChunk & { isCustomTool?: boolean }): ToolCallParts {
  const parts: ToolCallParts = { args: chunk.args ?? "" };
  if (chunk.id) parts.id = chunk.id;
  if (chunk.name) parts.name = chunk.name;
  if (chunk.isCustomTool === true) parts.isCustomTool = true;
  return parts;
}

function readFunctionCall(functionCall: Record<string, unknown>): ToolCallParts {
  const parts: ToolCallParts = { args: typeof functionCall.arguments === "string" ? functionCall.arguments : "" };
  if (typeof functionCall.name === "string" && functionCall.name !== "") parts.name = functionCall.name;
  return parts;
}

function audioMimeType(format: string | undefined): string {
  return (format !== undefined && AUDIO_MIME_TYPES[format]) || "audio/pcm";
}

function omitUndefined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const result: Partial<T> = {};
  for (const key in fields) if (fields[key] !== undefined) result[key] = fields[key];
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
