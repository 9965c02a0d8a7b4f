// Which API a ChatOpenAI call goes to (Chat Completions or Responses) and how its answer is produced (one request, or
// a stream, collected when the model streams under invoke): the dispatch the class's _generate and
// _streamResponseChunks delegate to, kept here so the class stays a thin Runnable.

import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseMessage } from "@langchain/core/messages";
import type { ChatGenerationChunk, ChatResult } from "@langchain/core/outputs";
import type OpenAI from "openai";
import type { ChatOpenAICallOptions } from "../chat-openai-fields.js";
import type { ChatOpenAIFieldValues } from "./resolve-chat-openai-fields.js";
import { convertChatCompletionToResult } from "../messages/convert-chat-completion-to-result.js";
import { collectResponsesStream, convertMessageToResult } from "../messages/convert-responses-to-result.js";
import { createStreamedResultCollector } from "../messages/create-streamed-result-collector.js";
import { needsResponsesApi } from "../request/needs-responses-api.js";
import type { ChatCaller } from "./create-chat-caller.js";
import type { ResponsesCaller } from "./create-responses-caller.js";
import { type StreamChatChunksOptions, streamChatChunks } from "./stream-chat-chunks.js";

type CallOptions = Partial<ChatOpenAICallOptions>;

/**
 * The model's fields the dispatch reads, at every call (ChatOpenAI passes itself).
 *
 * @example
 * const model: CallRouterModel = { streaming: false, useResponsesApi: undefined, reasoning: undefined, maxRetries: 2, includeResponseHeaders: false };
 */
export type CallRouterModel = Pick<ChatOpenAIFieldValues, "streaming" | "useResponsesApi" | "reasoning" | "maxRetries" | "includeResponseHeaders">;

/**
 * A ChatOpenAI's dispatch between its Chat Completions and Responses callers.
 *
 * @example
 * const router = createCallRouter(model, chatCaller, responsesCaller, () => true);
 * const result = await router.generate(messages, options);
 */
export interface CallRouter {
  /**
   * Whether a call goes to the Responses API: the call's `useResponsesApi`, else the model's; when neither is set, a
   * call that needs it (see needsResponsesApi) goes there, as with @langchain/openai.
   */
  usesResponses(options: CallOptions | undefined): boolean;
  /** The request parameters (without messages or input) a call with these options sends. */
  params(options: CallOptions | undefined, stream: boolean): Omit<OpenAI.ChatCompletionCreateParams, "messages"> | Omit<OpenAI.Responses.ResponseCreateParams, "input">;
  /** One call's result: one request, or, for a streaming model whose call may stream, its stream collected. */
  generate(messages: BaseMessage[], options: CallOptions, runManager?: CallbackManagerForLLMRun): Promise<ChatResult>;
  /** One call's streamed chunks, each reported to `handleLLMNewToken`. */
  stream(messages: BaseMessage[], options: CallOptions, runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk>;
}

/**
 * Creates the dispatch of a ChatOpenAI. `streams` says whether a call may stream (see `disableStreaming`).
 *
 * @example
 * this.#router = createCallRouter(this, this.#caller, this.#responses, (options) => this.#streams(options));
 */
export function createCallRouter(model: CallRouterModel, chat: ChatCaller, responses: ResponsesCaller, streams: (options: CallOptions) => boolean): CallRouter {
  const usesResponses = (options: CallOptions | undefined): boolean => options?.useResponsesApi ?? model.useResponsesApi ?? needsResponsesApi(options ?? {}, model);
  // The streaming loop (see streamChatChunks); not a generator itself, so it adds no layer per chunk.
  const streamChat = (messages: BaseMessage[], options: CallOptions, runManager: CallbackManagerForLLMRun | undefined, collect?: StreamChatChunksOptions["collect"]) =>
    streamChatChunks(() => chat.openStream(messages, options), {
      signal: options.signal,
      runManager,
      promptIndex: promptIndex(options),
      collect,
      protectError: chat.protectError,
      maxRetries: options.maxRetries ?? model.maxRetries,
      includeResponseHeaders: model.includeResponseHeaders,
    });
  const stream: CallRouter["stream"] = (messages, options, runManager) =>
    usesResponses(options) ? responses.stream(messages, options, { runManager, promptIndex: promptIndex(options) }) : streamChat(messages, options, runManager);
  return {
    usesResponses,
    stream,
    params(options, stream) {
      if (usesResponses(options)) {
        const { input: _input, ...params } = responses.buildRequest([], options ?? {}, stream).request;
        return params;
      }
      const { messages: _messages, ...params } = chat.buildRequest([], options ?? {}, stream).request;
      return params;
    },
    async generate(messages, options, runManager) {
      if (model.streaming && streams(options)) {
        if (usesResponses(options)) return collectResponsesStream(stream(messages, options, runManager));
        const collector = createStreamedResultCollector();
        for await (const _chunk of streamChat(messages, options, runManager, collector.add)) void _chunk;
        return collector.result();
      }
      if (usesResponses(options)) return convertMessageToResult(await responses.complete(messages, options));
      const { completion, requestId, warnings, restorePlans, headers } = await chat.complete(messages, options);
      return convertChatCompletionToResult(completion, { requestId, warnings, headers }, restorePlans);
    },
  };
}

// Core passes the prompt's index to _generate for generate() over several prompts; its types do not declare it.
function promptIndex(options: CallOptions): number {
  return (options as { promptIndex?: number }).promptIndex ?? 0;
}
