// Streaming: one AIMessageChunk per choice delta, built so that core's concat of a choice's chunks equals the
// non-streamed AIMessage of the same exchange. Core's merge concatenates strings and sums numbers it finds on two
// chunks, so every scalar (model_name, finish_reason, usage, …) is sent exactly once per choice; per-chunk work only
// touches the chunk at hand (DESIGN habit 13).

import { AIMessageChunk, type ToolCallChunk } from "@langchain/core/messages";
import type OpenAI from "openai";
import {
  EMPTY_OUTPUT_BUDGET_WARNING,
  MODEL_PROVIDER,
  convertResponseContext,
  readReasoningContent,
  type ResponseContext,
} from "./convert-from-openai-message.js";
import { addContentFilterMetadata, readContentFilterResults, readPromptFilterResults } from "./convert-content-filter.js";
import { convertTokenUsage, convertUsage } from "./convert-usage.js";
import { parseToolCallChunks } from "./parse-tool-calls.js";
import { ensureReasoningContentBlocks } from "./ensure-reasoning-content-blocks.js";

/**
 * One converted piece of a stream: a choice delta, or the usage report (which belongs to choice 0).
 *
 * @example
 * for (const { choiceIndex, message, text } of convert(chunk)) {
 *   await runManager?.handleLLMNewToken(text, { prompt: promptIndex, completion: choiceIndex }, undefined, undefined, undefined, { chunk: new ChatGenerationChunk({ message, text }) });
 * }
 */
export interface ConvertedChunk {
  choiceIndex: number;
  message: AIMessageChunk;
  /** The delta's text, for `handleLLMNewToken`. */
  text: string;
}

/**
 * The per-stream converter {@link createChunkConverter} returns: call it with each SSE chunk (one entry per choice
 * delta, plus one for a usage-only chunk with `choices: []`), then call `flush()` once when the stream has ended.
 *
 * @example
 * for await (const chunk of stream) yield* convert(chunk);
 * yield* convert.flush();
 */
export interface ChunkConverter {
  (chunk: OpenAI.ChatCompletionChunk): ConvertedChunk[];
  /**
   * Returns the usage report of servers that put (cumulative) usage on choice-bearing chunks instead of sending a
   * final usage-only chunk. It is held back until the stream ends so that it is reported once, as the final value,
   * never summed; empty when usage was already reported or never sent.
   */
  flush(): ConvertedChunk[];
}

type WireToolDelta = OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall;
type WireDelta = Partial<OpenAI.ChatCompletionChunk.Choice.Delta>;
type StreamedToolCallChunk = ToolCallChunk & { isCustomTool?: boolean };

/** A tool call of one choice, as the stream has opened it. `index` is ours: sequential in opening order. */
interface ToolSlot {
  index: number;
  id?: string;
  name?: string;
}

interface ChoiceState {
  started: boolean;
  /** Keys of scalars already sent once for this choice (response_metadata keys, `audio.id`, `audio.expires_at`). */
  sent: Set<string>;
  slotsByWireIndex: Map<number, ToolSlot>;
  lastSlot: ToolSlot | undefined;
  nextToolIndex: number;
  /** Whether the choice has produced anything visible yet (text, a tool call, a refusal, audio). */
  visible: boolean;
  /** Azure's latest non-empty `content_filter_results` for this choice, sent once with its finish. */
  contentFilterResults?: Record<string, unknown>;
  /** Azure's `prompt_filter_results` (sent on a chunk without choices), for choice 0's next chunk. */
  promptFilterResults?: unknown[];
}

/**
 * Creates the converter for one streamed response. It keeps the little state streaming needs (which scalars each
 * choice has already sent, the open tool calls, usage not yet reported); each call does work proportional to its chunk.
 *
 * - `model_name`, `system_fingerprint`, `service_tier`, `request_id`, `warnings` go on a choice's first chunk that has
 *   them, `finish_reason` on its first finish chunk (a repeated finish, as OpenRouter sends, is dropped).
 * - `logprobs` go on every chunk as that chunk's slice; core's merge appends the `content` arrays in order, so the
 *   concatenation equals the non-streamed `choice.logprobs`.
 * - Usage is reported once: on the usage-only chunk, or by `flush()` with the last value seen.
 * - Tool-call fragments become `tool_call_chunks` keyed by index, with id and name only on the first fragment (also
 *   when a server repeats them); a new id on an occupied index, or a fragment without an index, is handled as the
 *   wire meant it. Apply {@link finalizeStreamedMessage} to the concatenated message.
 *
 * @example
 * const convert = createChunkConverter({ requestId });
 * const choice0: AIMessageChunk[] = [];
 * for await (const chunk of stream) for (const { choiceIndex, message } of convert(chunk)) if (choiceIndex === 0) choice0.push(message);
 * for (const { message } of convert.flush()) choice0.push(message);
 * const final = finalizeStreamedMessage(choice0.reduce((left, right) => concat(left, right)));
 */
export function createChunkConverter(context: ResponseContext): ChunkConverter {
  const choices = new Map<number, ChoiceState>();
  let usageReported = false;
  let pendingUsage: { id: string; usage: OpenAI.CompletionUsage } | undefined;
  const convert = (chunk: OpenAI.ChatCompletionChunk): ConvertedChunk[] => {
    const wireChoices = chunk.choices ?? [];
    const converted: ConvertedChunk[] = [];
    // Azure's first chunk: no choices, only the prompt's filter results.
    if (wireChoices.length === 0) {
      const promptFilterResults = readPromptFilterResults(chunk);
      if (promptFilterResults !== undefined) choiceState(choices, 0).promptFilterResults = promptFilterResults;
    }
    for (const choice of wireChoices) {
      const choiceIndex = typeof choice.index === "number" ? choice.index : 0;
      converted.push(convertChoiceDelta(chunk, choice, choiceIndex, choiceState(choices, choiceIndex), context));
    }
    if (chunk.usage && !usageReported) {
      if (wireChoices.length === 0) {
        usageReported = true;
        pendingUsage = undefined;
        converted.push(convertUsageChunk(chunk.id, chunk.usage));
      } else {
        pendingUsage = { id: chunk.id, usage: chunk.usage };
      }
    }
    return converted;
  };
  const flush = (): ConvertedChunk[] => {
    if (usageReported || pendingUsage === undefined) return [];
    usageReported = true;
    return [convertUsageChunk(pendingUsage.id, pendingUsage.usage)];
  };
  return Object.assign(convert, { flush });
}

/**
 * Completes a streamed message after its chunks were concatenated: rebuilds `tool_calls` and `invalid_tool_calls` from
 * `tool_call_chunks` with the same parser the non-streamed path uses. Core's own collapse repairs partial JSON (a call
 * cut off by the token limit becomes a valid-looking call), and its errors and whitespace handling differ between
 * core versions; this makes the streamed result equal the non-streamed one. With `finish_reason: "length"` every tool
 * call becomes an invalid_tool_call (`TRUNCATED_TOOL_CALL_ERROR`), raw arguments kept. Returns the input when it has
 * no tool_call_chunks; never mutates it.
 *
 * @example
 * const final = finalizeStreamedMessage(chunks.reduce((left, right) => concat(left, right)));
 * final.invalid_tool_calls; // truncated or malformed calls, never "repaired"
 */
export function finalizeStreamedMessage(message: AIMessageChunk): AIMessageChunk {
  const toolCallChunks = message.tool_call_chunks ?? [];
  if (toolCallChunks.length === 0) return message;
  const truncated = (message.response_metadata as Record<string, unknown> | undefined)?.finish_reason === "length";
  const { toolCalls, invalidToolCalls } = parseToolCallChunks(toolCallChunks, { truncated });
  const finalized = new AIMessageChunk({
    content: message.content,
    id: message.id,
    name: message.name,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
    usage_metadata: message.usage_metadata,
    tool_call_chunks: toolCallChunks,
  });
  // The constructor derives both lists from tool_call_chunks with core's parser (eagerly in 1.0, lazily in 1.4, also
  // on lc_kwargs for serialization); replace them on both.
  finalized.tool_calls = toolCalls;
  finalized.invalid_tool_calls = invalidToolCalls;
  finalized.lc_kwargs.tool_calls = toolCalls;
  finalized.lc_kwargs.invalid_tool_calls = invalidToolCalls;
  return finalized;
}

function choiceState(choices: Map<number, ChoiceState>, choiceIndex: number): ChoiceState {
  let state = choices.get(choiceIndex);
  if (state === undefined) {
    state = { started: false, sent: new Set(), slotsByWireIndex: new Map(), lastSlot: undefined, nextToolIndex: 0, visible: false };
    choices.set(choiceIndex, state);
  }
  return state;
}

function convertChoiceDelta(
  chunk: OpenAI.ChatCompletionChunk,
  choice: OpenAI.ChatCompletionChunk.Choice,
  choiceIndex: number,
  state: ChoiceState,
  context: ResponseContext,
): ConvertedChunk {
  const delta: WireDelta = choice.delta ?? {};
  const text = typeof delta.content === "string" ? delta.content : "";
  const additionalKwargs = convertDeltaKwargs(delta, state);
  const toolCallChunks: StreamedToolCallChunk[] = [];
  if (delta.tool_calls?.length) {
    additionalKwargs.tool_calls = delta.tool_calls.map((toolDelta) => convertToolDelta(toolDelta, state, toolCallChunks));
  }
  if (!state.visible) state.visible = text !== "" || toolCallChunks.length > 0 || showsOutput(additionalKwargs);
  const message = createMessageChunk({
    content: text,
    id: chunk.id || undefined,
    additional_kwargs: additionalKwargs,
    response_metadata: convertChunkMetadata(chunk, choice, state, context),
    tool_call_chunks: toolCallChunks.length > 0 ? toolCallChunks : undefined,
    usage_metadata: undefined,
  });
  return { choiceIndex, message, text };
}

function convertChunkMetadata(
  chunk: OpenAI.ChatCompletionChunk,
  choice: OpenAI.ChatCompletionChunk.Choice,
  state: ChoiceState,
  context: ResponseContext,
): Record<string, unknown> {
  // model_provider may repeat: core's merge keeps one value for it (as for id and name) instead of concatenating.
  const metadata: Record<string, unknown> = { model_provider: MODEL_PROVIDER };
  if (!state.started) {
    state.started = true;
    Object.assign(metadata, convertResponseContext(context));
  }
  sendOnce(state, metadata, "model_name", chunk.model);
  sendOnce(state, metadata, "system_fingerprint", chunk.system_fingerprint);
  sendOnce(state, metadata, "service_tier", chunk.service_tier);
  if (choice.logprobs) metadata.logprobs = choice.logprobs;
  const contentFilterResults = readContentFilterResults(choice);
  if (contentFilterResults !== undefined) state.contentFilterResults = contentFilterResults;
  const promptFilterResults = state.promptFilterResults;
  if (promptFilterResults !== undefined) state.promptFilterResults = undefined;
  // A choice's filter verdict goes out once, with its finish (core's merge would concatenate repeated strings).
  const finishing = choice.finish_reason && !state.sent.has("finish_reason");
  sendOnce(state, metadata, "finish_reason", choice.finish_reason);
  if (finishing && choice.finish_reason === "length" && !state.visible) {
    metadata.warnings = [...((metadata.warnings as string[] | undefined) ?? []), EMPTY_OUTPUT_BUDGET_WARNING];
  }
  if (!finishing && promptFilterResults === undefined) return metadata;
  return addContentFilterMetadata(metadata, {
    promptFilterResults,
    contentFilterResults: finishing ? state.contentFilterResults : undefined,
    finishReason: finishing ? choice.finish_reason : undefined,
  });
}

/** Whether a delta's kwargs hold visible output: a refusal, a legacy function call or audio. */
function showsOutput(kwargs: Record<string, unknown>): boolean {
  return kwargs.refusal !== undefined || kwargs.function_call !== undefined || kwargs.audio !== undefined;
}

function convertDeltaKwargs(delta: WireDelta, state: ChoiceState): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  if (typeof delta.refusal === "string" && delta.refusal !== "") kwargs.refusal = delta.refusal;
  const reasoning = readReasoningContent(delta);
  if (reasoning !== undefined) {
    kwargs.reasoning_content = reasoning;
    ensureReasoningContentBlocks();
  }
  if (delta.function_call) kwargs.function_call = delta.function_call;
  if (delta.audio) {
    const audio: Record<string, unknown> = {};
    if (typeof delta.audio.data === "string") audio.data = delta.audio.data;
    if (typeof delta.audio.transcript === "string") audio.transcript = delta.audio.transcript;
    sendOnce(state, audio, "id", delta.audio.id, "audio.id");
    sendOnce(state, audio, "expires_at", delta.audio.expires_at, "audio.expires_at");
    kwargs.audio = audio;
  }
  // URL citations (search models): each chunk's own, which core's merge appends in order.
  const annotations = (delta as { annotations?: unknown }).annotations;
  if (Array.isArray(annotations) && annotations.length > 0) kwargs.annotations = annotations;
  return kwargs;
}

/**
 * Turns one wire tool-call fragment into a tool_call_chunk (pushed to `toolCallChunks`) and returns the wire fragment
 * for `additional_kwargs.tool_calls`, both under our index and with id and name only on the call's first fragment.
 */
function convertToolDelta(toolDelta: WireToolDelta, state: ChoiceState, toolCallChunks: StreamedToolCallChunk[]): Record<string, unknown> {
  const isCustomTool = toolDelta.type === "custom" || toolDelta.custom != null;
  const body = isCustomTool ? toolDelta.custom : toolDelta.function;
  const argumentText = isCustomTool ? toolDelta.custom?.input : toolDelta.function?.arguments;
  const id = readToolCallId(toolDelta.id);
  const { slot, opened } = claimToolSlot(state, readToolIndex(toolDelta.index), id);
  const toolCallChunk: StreamedToolCallChunk = { args: typeof argumentText === "string" ? argumentText : "", index: slot.index, type: "tool_call_chunk" };
  const wireBody: Record<string, unknown> = isCustomTool ? { input: toolCallChunk.args } : { arguments: toolCallChunk.args };
  const wireFragment: Record<string, unknown> = { index: slot.index };
  if (id !== undefined && slot.id === undefined) {
    slot.id = id;
    toolCallChunk.id = id;
    wireFragment.id = id;
  }
  if (opened && toolDelta.type) wireFragment.type = toolDelta.type;
  if (body?.name && slot.name === undefined) {
    slot.name = body.name;
    toolCallChunk.name = body.name;
    wireBody.name = body.name;
  }
  if (isCustomTool) toolCallChunk.isCustomTool = true;
  wireFragment[isCustomTool ? "custom" : "function"] = wireBody;
  toolCallChunks.push(toolCallChunk);
  return wireFragment;
}

/**
 * Finds the call a fragment continues, or opens a new one. A fragment without an index continues the last call; a new
 * id on an occupied index opens a new call instead of merging into it (core would otherwise join the two).
 */
function claimToolSlot(state: ChoiceState, wireIndex: number | undefined, id: string | undefined): { slot: ToolSlot; opened: boolean } {
  const known = wireIndex === undefined ? state.lastSlot : state.slotsByWireIndex.get(wireIndex);
  if (known !== undefined && (id === undefined || known.id === undefined || known.id === id)) {
    state.lastSlot = known;
    return { slot: known, opened: false };
  }
  const slot: ToolSlot = { index: state.nextToolIndex++ };
  state.slotsByWireIndex.set(wireIndex ?? slot.index, slot);
  state.lastSlot = slot;
  return { slot, opened: true };
}

/** Compatible servers send the index as a string ("0") or leave it out. */
function readToolIndex(value: unknown): number | undefined {
  const index = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof index === "number" && Number.isInteger(index) ? index : undefined;
}

/** Placeholder ids some servers send ("", "null") mean "no id". */
function readToolCallId(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" && value !== "null" ? value : undefined;
}

function convertUsageChunk(id: string, usage: OpenAI.CompletionUsage): ConvertedChunk {
  const message = createMessageChunk({
    content: "",
    id: id || undefined,
    additional_kwargs: {},
    response_metadata: { model_provider: MODEL_PROVIDER, tokenUsage: convertTokenUsage(usage) },
    tool_call_chunks: undefined,
    usage_metadata: convertUsage(usage),
  });
  return { choiceIndex: 0, message, text: "" };
}

/** A streamed chunk's fields, every key present (undefined where absent), in the order createMessageChunk expects. */
interface ChunkFields {
  content: string;
  id: string | undefined;
  additional_kwargs: Record<string, unknown>;
  response_metadata: Record<string, unknown>;
  tool_call_chunks: StreamedToolCallChunk[] | undefined;
  usage_metadata: AIMessageChunk["usage_metadata"];
}

/**
 * `new AIMessageChunk(fields)`, fed so that it stays cheap. Core's constructor copies the fields (`{ ...fields }`) and
 * then sets tool_calls, invalid_tool_calls, tool_call_chunks and usage_metadata on the copy; on Node 20's V8, adding a
 * key a spread copy lacks takes a slow path (about 7 µs for a text chunk, and garbage that outlives the chunk), while
 * setting one it has is fast (about 0.4 µs). So each key core sets is already present, with the value core would give
 * it (an empty list where core gives one), in the order core's copy has for a text chunk: the chunk is the same,
 * values and keys (a usage chunk's keys now come in that order too).
 * A chunk with tool_call_chunks gets the plain fields: core derives its tool calls from the chunks, differently by version.
 */
function createMessageChunk(fields: ChunkFields): AIMessageChunk {
  if (fields.tool_call_chunks !== undefined) {
    // Core's copy differs here between versions (1.0 adds the parsed calls, 1.4 defines them lazily): the plain fields.
    const { content, id, additional_kwargs, response_metadata, tool_call_chunks } = fields;
    return new AIMessageChunk({ content, id, additional_kwargs, response_metadata, tool_call_chunks });
  }
  const { content, id, additional_kwargs, response_metadata, usage_metadata } = fields;
  // One literal (a spread here would hit the same slow path), keys in the order of core's copy.
  return new AIMessageChunk({ content, id, additional_kwargs, response_metadata, tool_call_chunks: undefined, tool_calls: [], invalid_tool_calls: [], usage_metadata });
}

/** Sets `target[key]` to a present value only the first time `stateKey` is seen for this choice. */
function sendOnce(state: ChoiceState, target: Record<string, unknown>, key: string, value: unknown, stateKey = key): void {
  if (value === undefined || value === null || value === "" || state.sent.has(stateKey)) return;
  state.sent.add(stateKey);
  target[key] = value;
}
