import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { TesseraError } from "../errors/errors.js";
import { type ConvertedChunk, createChunkConverter } from "../messages/convert-from-openai-chunk.js";
import { TRUNCATED_TOOL_CALLS_WARNING } from "../messages/parse-tool-calls.js";
import { convertHeaders } from "./convert-headers.js";
import { parseChatCompletionStream } from "./parse-chat-completion-stream.js";
import type { ResponseLimits } from "./read-with-limits.js";

/** A streaming response as the server opened it, with the warnings of the request that opened it. */
export interface OpenedChatStream {
  response: Response;
  warnings: string[];
  /** The limits its body is read under (silence, the attempt's deadline, size); none when absent. */
  limits?: ResponseLimits;
}

/** What the streaming loop reports to, besides its own yields. */
export interface StreamChatChunksOptions {
  signal: AbortSignal | undefined;
  runManager: CallbackManagerForLLMRun | undefined;
  /** Which prompt of a `generate()` call this stream answers (core's `promptIndex`), for `handleLLMNewToken`. */
  promptIndex: number;
  /** Receives every choice's chunks (generate with `streaming`); without it only choice 0 is of interest. */
  collect?: (choiceIndex: number, chunk: ChatGenerationChunk) => void;
  /** Removes the API key from an error before it is thrown (a server may echo the key in a streamed error event). */
  protectError?: <T>(error: T) => T;
  /**
   * How many more times a stream that failed while its body was read (silence, cut short, dropped) is opened again,
   * only while nothing of it has reached the caller. Default 0. Failures to open are retried by the SDK, not here.
   */
  maxRetries?: number;
  /** Put the response headers in the first chunk's `response_metadata.headers` (`includeResponseHeaders`). */
  includeResponseHeaders?: boolean;
}

/**
 * The streaming loop: opens the stream (lazily, at the first `next()`), reads its wire chunks with our own SSE reader,
 * converts each once, yields choice 0's chunks, hands every choice's chunks to `collect`, and reports each chunk to
 * `handleLLMNewToken`. One generator, no layers on top: each wire chunk costs one conversion and one yield. Errors come
 * out typed; an abort that ended the body quietly is still thrown. A retryable failure while reading (see
 * parseChatCompletionStream) opens the stream again, up to `maxRetries` times, only if no chunk was yielded, collected
 * or reported yet; after that the error goes to the caller. Tool calls cut by `finish_reason: "length"` are flagged on
 * the last chunk (see {@link TRUNCATED_TOOL_CALLS_WARNING}).
 *
 * @example
 * const chunks = streamChatChunks(() => openStream(request), { signal, runManager, promptIndex: 0 });
 * for await (const chunk of chunks) process.stdout.write(chunk.text);
 */
export async function* streamChatChunks(
  open: () => Promise<OpenedChatStream>,
  options: StreamChatChunksOptions,
): AsyncGenerator<ChatGenerationChunk> {
  const { signal, runManager, promptIndex, collect } = options;
  const protectError = options.protectError ?? (<T>(error: T): T => error);
  let delivered = false;
  for (let attempt = 0; ; attempt++) {
    const { response, warnings, limits } = await open();
    const requestId = response.headers.get("x-request-id") ?? undefined;
    const headers = options.includeResponseHeaders ? convertHeaders(response.headers) : undefined;
    const convert = createChunkConverter({ requestId, warnings, ...(headers && { headers }) });
    const markTruncation = createTruncatedToolCallMarker();
    // Our own reader, not the SDK's Stream: bad events become typed errors and nothing is printed (see the module).
    const wireChunks = parseChatCompletionStream(response, { requestId }, limits);
    try {
      for (;;) {
        const next = await wireChunks.next();
        // Usage that some servers put on ordinary chunks is held back to the end (flush), so it is reported once.
        for (const { choiceIndex, message, text } of markTruncation(next.done ? convert.flush() : convert(next.value), next.done === true)) {
          delivered = true;
          // No generationInfo: core copies it onto every chunk's response_metadata, where it would be merged per chunk.
          const chunk = new ChatGenerationChunk({ message, text });
          collect?.(choiceIndex, chunk);
          if (choiceIndex === 0) yield chunk;
          // Every chunk, text or not (tool-call deltas, usage, refusal, reasoning, finish, and the first one, which alone
          // carries model_name and request_id), so what listeners concatenate equals the streamed message.
          if (runManager) await runManager.handleLLMNewToken(text, { prompt: promptIndex, completion: choiceIndex }, undefined, undefined, undefined, { chunk });
        }
        if (next.done) break;
      }
    } catch (error) {
      const typed = protectError(wrapOpenAIError(error, signal));
      if (delivered || attempt >= (options.maxRetries ?? 0) || signal?.aborted || !isRetryable(typed)) throw typed;
      continue;
    } finally {
      // A consumer that stops early ends this generator at a yield; stop reading the body too.
      await wireChunks.return();
    }
    break;
  }
  // A body that is not tied to the signal (a custom fetch) may end quietly after an abort; the caller must still learn of it.
  if (signal?.aborted) throw wrapOpenAIError(signal.reason, signal);
}

/**
 * Holds back choice 0's finish chunk when it ends tool calls with `finish_reason: "length"`, and releases it last (after
 * the usage report), with {@link TRUNCATED_TOOL_CALLS_WARNING} in its `response_metadata.warnings`: so the last chunk
 * of `stream()` says the calls were cut. Concatenation is unchanged (the chunk has no text of its own to misplace:
 * usage chunks carry none).
 */
function createTruncatedToolCallMarker(): (converted: ConvertedChunk[], done: boolean) => ConvertedChunk[] {
  let sawToolCall = false;
  let held: ConvertedChunk | undefined;
  return (converted, done) => {
    let ready = converted;
    for (const item of converted) {
      if (item.choiceIndex !== 0) continue;
      sawToolCall ||= (item.message.tool_call_chunks?.length ?? 0) > 0;
      if (sawToolCall && held === undefined && item.message.response_metadata.finish_reason === "length") {
        const metadata = item.message.response_metadata;
        metadata.warnings = [...((metadata.warnings as string[] | undefined) ?? []), TRUNCATED_TOOL_CALLS_WARNING];
        held = item;
        ready = converted.filter((other) => other !== item);
      }
    }
    if (!done || held === undefined) return ready;
    const last = held;
    held = undefined;
    return [...ready, last];
  };
}

function isRetryable(error: unknown): boolean {
  return TesseraError.isInstance(error) && error.retryable;
}
