// The body of ChatOpenAI's `_streamIterator`: core's streaming run (callbacks, ids, metadata, the end-of-run report)
// without its per-chunk costs. Core concatenates the whole message after every chunk, for an end callback that may
// have no listener, and copies each chunk's metadata; here chunks pass straight through, and the message is
// concatenated once, at the end, only when a callback manager will report it. What callbacks and consumers see is
// core's, call for call (libs/openai/src/chat-openai-fast-stream.test.ts compares both paths on every core version we
// support). Core's setup differs between versions (1.0 traces `invocationParams` and `getLsParams`; later versions add
// the tracing helpers); each helper is used where the installed core has it, as that core's own loop would.
import { CallbackManager, type CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import {
  _mergeDicts,
  _mergeLists,
  AIMessageChunk,
  type AIMessageChunkFields,
  type BaseMessage,
  type BaseMessageChunk,
  type ContentBlock,
  mergeContent,
  mergeResponseMetadata,
  mergeUsageMetadata,
  type ToolCallChunk,
} from "@langchain/core/messages";
import { ChatGenerationChunk, type LLMResult } from "@langchain/core/outputs";
import type { RunnableConfig } from "@langchain/core/runnables";
import { formatMessagesForTracing } from "./format-for-tracing.js";

type CallOptions = BaseChatModel["ParsedCallOptions"] & { outputVersion?: "v0" | "v1"; signal?: AbortSignal };

/** The parts of BaseChatModel (protected, or present only in some core versions) the run reads. */
interface CoreChatModel {
  callbacks: BaseChatModel["callbacks"];
  tags?: string[];
  metadata?: Record<string, unknown>;
  verbose: boolean;
  outputVersion?: "v0" | "v1";
  toJSON(): ReturnType<BaseChatModel["toJSON"]>;
  invocationParams(options?: CallOptions): unknown;
  getLsParams(options: CallOptions): Record<string, unknown>;
  getLsParamsWithDefaults?(options: CallOptions): Record<string, unknown>;
  _separateRunnableConfigFromCallOptionsCompat(options?: Partial<CallOptions>): [RunnableConfig, CallOptions];
  _getInvocationParamsForTracing?(options: CallOptions): Record<string, unknown>;
  _filterInvocationParamsForTracing?(params: Record<string, unknown>): Record<string, unknown>;
  _getCallOptionsForTracing?(options: CallOptions, invocationParams: Record<string, unknown>): CallOptions;
}

/** Reads a chat model's wire chunks for one prompt (ChatOpenAI's `_streamResponseChunks`). */
export type ChunkSource<Options> = (messages: BaseMessage[], options: Options, runManager?: CallbackManagerForLLMRun) => AsyncIterable<ChatGenerationChunk>;

/**
 * Streams one prompt's answer as messages, as core's `BaseChatModel._streamIterator` does: starts a chat-model run
 * when callbacks or tracing are configured, gives chunks without an id the run's id, merges `generationInfo` into
 * `response_metadata`, converts to `outputVersion: "v1"` content when asked, checks the signal between chunks, and
 * ends the run with the concatenated generation and its token usage (or the error). Differences that no callback or
 * consumer can see: the message is concatenated once at the end and only when a run was started, and a chunk's
 * `response_metadata` is copied only when it has `generationInfo` to merge.
 *
 * @example
 * async *_streamIterator(input, options) {
 *   yield* runChatStream(this, input, options, (messages, callOptions, runManager) => this._streamResponseChunks(messages, callOptions, runManager));
 * }
 */
export async function* runChatStream<Options>(
  chatModel: object,
  input: BaseLanguageModelInput,
  options: Partial<Options> | undefined,
  source: ChunkSource<Options>,
): AsyncGenerator<BaseMessageChunk> {
  const model = chatModel as unknown as CoreChatModel;
  const messages = (chatModel.constructor as unknown as { _convertInputToPromptValue(input: BaseLanguageModelInput): { toChatMessages(): BaseMessage[] } })
    ._convertInputToPromptValue(input)
    .toChatMessages();
  const [runnableConfig, callOptions] = model._separateRunnableConfigFromCallOptionsCompat(options as Partial<CallOptions>);
  const sourceOptions = callOptions as Options;
  const lsParams = model.getLsParamsWithDefaults ? model.getLsParamsWithDefaults(callOptions) : model.getLsParams(callOptions);
  const inheritableMetadata = { ...runnableConfig.metadata, ...lsParams };
  const tracing = model._getInvocationParamsForTracing !== undefined;
  const invocationParams = tracing ? model._getInvocationParamsForTracing!(callOptions) : (model.invocationParams(callOptions) as Record<string, unknown>);
  const callbackManager = await CallbackManager.configure(
    runnableConfig.callbacks,
    model.callbacks,
    runnableConfig.tags,
    model.tags,
    inheritableMetadata,
    model.metadata,
    tracing && model._filterInvocationParamsForTracing
      ? { verbose: model.verbose, tracerInheritableMetadata: model._filterInvocationParamsForTracing(invocationParams) }
      : { verbose: model.verbose },
  );
  const outputVersion = callOptions.outputVersion ?? model.outputVersion;
  const signal = callOptions.signal;
  if (callbackManager === undefined) {
    // Nobody listens: each chunk is handed on as it comes, and nothing is kept.
    for await (const chunk of source(messages, sourceOptions)) {
      signal?.throwIfAborted();
      yield prepareChunk(chunk, undefined, outputVersion);
    }
    signal?.throwIfAborted();
    return;
  }
  const extra = {
    options: tracing && model._getCallOptionsForTracing ? model._getCallOptionsForTracing(callOptions, invocationParams) : callOptions,
    invocation_params: invocationParams,
    batch_size: 1,
  };
  const runManagers = await callbackManager.handleChatModelStart(
    model.toJSON(),
    [formatMessagesForTracing(messages)],
    runnableConfig.runId,
    undefined,
    extra,
    undefined,
    undefined,
    runnableConfig.runName,
  );
  const runManager = runManagers[0];
  const chunks: ChatGenerationChunk[] = [];
  try {
    for await (const chunk of source(messages, sourceOptions, runManager)) {
      signal?.throwIfAborted();
      yield prepareChunk(chunk, runManager?.runId, outputVersion);
      chunks.push(chunk);
    }
    signal?.throwIfAborted();
  } catch (error) {
    await Promise.all(runManagers.map((manager) => manager.handleLLMError(error)));
    throw error;
  }
  const generation = concatGenerationChunks(chunks);
  await Promise.all(runManagers.map((manager) => manager.handleLLMEnd({ generations: [[generation as ChatGenerationChunk]], llmOutput: llmOutputOf(generation) })));
}

/** What core does to each chunk before it yields it; the chunk itself is changed, as core changes it. */
function prepareChunk(chunk: ChatGenerationChunk, runId: string | undefined, outputVersion: string | undefined): BaseMessageChunk {
  const message = chunk.message;
  if (message.id == null && runId != null) message._updateId(`run-${runId}`);
  // Core rebuilds response_metadata for every chunk; with nothing to merge in, the copy would only cost time.
  if (chunk.generationInfo !== undefined) message.response_metadata = { ...chunk.generationInfo, ...message.response_metadata };
  return outputVersion === "v1" ? castToStandardContent(message) : message;
}

/** Core's `castStandardMessageContent` (not exported): the message with standard content blocks, marked v1. */
function castToStandardContent(message: BaseMessageChunk): BaseMessageChunk {
  const Chunk = message.constructor as new (fields: Record<string, unknown>) => BaseMessageChunk;
  return new Chunk({ ...message, content: message.contentBlocks, response_metadata: { ...message.response_metadata, output_version: "v1" } });
}

/**
 * The chunks concatenated in order: exactly what core's one-at-a-time `generation.concat(chunk)` gives, without its
 * cost. Each of core's concatenations builds a whole AIMessageChunk (its constructor alone costs microseconds, and more
 * with tool-call chunks); here the fields of all chunks but the last are merged with core's own merge functions, in
 * core's order, into one chunk, and core's `concat` joins the last one, so the result has the shape of the installed
 * core's concat. Chunks this fold does not cover (a tool_calls list without tool_call_chunks, mixed classes) are
 * concatenated one at a time, as core does. Undefined when there were no chunks.
 */
export function concatGenerationChunks(chunks: ChatGenerationChunk[]): ChatGenerationChunk | undefined {
  const first = chunks[0];
  if (first === undefined) return undefined;
  if (chunks.length < 3 || !chunks.every((chunk) => isFoldable(chunk, first))) {
    let generation = first;
    for (let index = 1; index < chunks.length; index++) generation = generation.concat(chunks[index]!);
    return generation;
  }
  const start = first.message as AIMessageChunk;
  let text = first.text;
  let generationInfo: Record<string, unknown> | undefined = first.generationInfo;
  let content = start.content;
  let additionalKwargs: Record<string, unknown> = start.additional_kwargs;
  let responseMetadata = start.response_metadata;
  // Core's list merge is typed for content blocks; it merges any list of indexed objects.
  let toolCallChunks = start.tool_call_chunks as ContentBlock[] | undefined;
  let id = start.id;
  let usage = start.usage_metadata;
  for (let index = 1; index < chunks.length - 1; index++) {
    const chunk = chunks[index]!;
    const message = chunk.message as AIMessageChunk;
    text += chunk.text;
    generationInfo = { ...generationInfo, ...chunk.generationInfo };
    content = mergeContent(content, message.content);
    additionalKwargs = _mergeDicts(additionalKwargs, message.additional_kwargs) as Record<string, unknown>;
    responseMetadata = mergeResponseMetadata(responseMetadata, message.response_metadata);
    if (toolCallChunks !== undefined || message.tool_call_chunks !== undefined) {
      const merged = _mergeLists(toolCallChunks, message.tool_call_chunks as ContentBlock[] | undefined);
      toolCallChunks = merged !== undefined && merged.length > 0 ? merged : [];
    }
    id ??= message.id;
    if (usage !== undefined || message.usage_metadata !== undefined) usage = mergeUsageMetadata(usage, message.usage_metadata);
  }
  const Chunk = start.constructor as new (fields: AIMessageChunkFields) => AIMessageChunk;
  const message = new Chunk({ content, additional_kwargs: additionalKwargs, response_metadata: responseMetadata, tool_call_chunks: toolCallChunks as ToolCallChunk[] | undefined, id, usage_metadata: usage });
  return new ChatGenerationChunk({ text, generationInfo, message }).concat(chunks[chunks.length - 1]!);
}

/**
 * Whether core's concat of this chunk is the field merge above: an AIMessageChunk of the first one's class whose
 * `tool_calls` (which core's 1.x concat merges differently across versions) come only from its tool_call_chunks.
 */
function isFoldable(chunk: ChatGenerationChunk, first: ChatGenerationChunk): boolean {
  const message = chunk.message;
  if (!AIMessageChunk.isInstance(message) || message.constructor !== first.message.constructor) return false;
  // Read tool_calls only without tool_call_chunks: with them, core derives tool_calls (lazily, in core 1.4) from the chunks.
  return (message.tool_call_chunks?.length ?? 0) > 0 || message.tool_calls === undefined || message.tool_calls.length === 0;
}

function llmOutputOf(generation: ChatGenerationChunk | undefined): LLMResult["llmOutput"] {
  const usage = generation !== undefined && AIMessageChunk.isInstance(generation.message) ? generation.message.usage_metadata : undefined;
  if (usage === undefined) return undefined;
  return { tokenUsage: { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens } };
}
