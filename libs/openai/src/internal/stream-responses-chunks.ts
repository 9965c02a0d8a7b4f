// The streaming loop of the Responses API, beside streamChatChunks (Chat Completions) and with its rules: our own SSE
// reader under the attempt's limits (silence, size, deadline), typed errors, and a stream that fails while being read
// opened again while nothing of it has reached the caller.

import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { TesseraError } from "../errors/errors.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { createResponsesChunkConverter } from "../messages/convert-from-responses-stream.js";
import { createResponsesV1ChunkConverter } from "../messages/convert-from-responses-stream-v1.js";
import { convertHeaders } from "./convert-headers.js";
import { parseResponsesStream } from "./parse-responses-stream.js";
import type { ResponseLimits } from "./read-with-limits.js";

/**
 * A streamed Responses answer as the server opened it, with the warnings of its request and the limits its body is
 * read under.
 *
 * @example
 * const opened: OpenedResponsesStream = { response, warnings: [], limits: { idleTimeoutMs: 120_000 } };
 */
export interface OpenedResponsesStream {
  response: Response;
  warnings: string[];
  limits?: ResponseLimits;
}

/**
 * What the Responses streaming loop reports to, besides its yields.
 *
 * @example
 * const options: StreamResponsesChunksOptions = { signal, runManager, promptIndex: 0, maxRetries: 2 };
 */
export interface StreamResponsesChunksOptions {
  signal: AbortSignal | undefined;
  runManager: CallbackManagerForLLMRun | undefined;
  /** Which prompt of a `generate()` call this stream answers, for `handleLLMNewToken`. */
  promptIndex: number;
  /** Removes the API key from an error before it is thrown. */
  protectError?: <T>(error: T) => T;
  /** How many more times a stream that failed while being read is opened again, while nothing reached the caller. */
  maxRetries?: number;
  /** Put the response headers in the first chunk's `response_metadata.headers`. */
  includeResponseHeaders?: boolean;
  /** `"v1"`: chunks carry standard content blocks already, so they concatenate to invoke's v1 message. */
  outputVersion?: string;
}

/**
 * Streams a Responses answer as ChatGenerationChunks: opens it (lazily), reads its events (see parseResponsesStream),
 * converts each (see createResponsesChunkConverter), yields the chunks and reports each to `handleLLMNewToken`. The
 * same retry rule as Chat Completions (streamChatChunks): a retryable failure while reading (silence past
 * `streamIdleTimeout`, a body cut before its final event, bad event JSON, a `server_error` / rate-limit failure event)
 * opens the stream again, up to `maxRetries` times, only while no chunk was yielded or reported. The first chunk
 * (`response.created`: the response id and metadata, no content) is held until the next one, so a stream that stalls
 * or fails while the model is still thinking can be retried. An abort that ended the body quietly is still thrown.
 *
 * @example
 * const chunks = streamResponsesChunks(() => openStream(request), { signal, runManager, promptIndex: 0, maxRetries: 2 });
 * for await (const chunk of chunks) process.stdout.write(chunk.text);
 */
export async function* streamResponsesChunks(open: () => Promise<OpenedResponsesStream>, options: StreamResponsesChunksOptions): AsyncGenerator<ChatGenerationChunk> {
  const { signal, runManager, promptIndex } = options;
  const protectError = options.protectError ?? (<T>(error: T): T => error);
  let delivered = false;
  for (let attempt = 0; ; attempt++) {
    const { response, warnings, limits } = await open();
    const requestId = response.headers.get("x-request-id") ?? undefined;
    const headers = options.includeResponseHeaders ? convertHeaders(response.headers) : undefined;
    const createConverter = options.outputVersion === "v1" ? createResponsesV1ChunkConverter : createResponsesChunkConverter;
    const convert = createConverter({ requestId, warnings, ...(headers && { headers }) });
    const events = parseResponsesStream(response, { requestId }, limits);
    let held: ChatGenerationChunk[] = [];
    try {
      for await (const event of events) {
        const message = convert(event);
        if (message === undefined) continue;
        const chunk = new ChatGenerationChunk({ message, text: message.text });
        if (!delivered && event.type === "response.created") {
          held = [chunk];
          continue;
        }
        for (const ready of [...held, chunk]) {
          delivered = true;
          yield ready;
          // Every chunk, text or not, as on Chat Completions: what listeners concatenate equals the streamed message.
          if (runManager) await runManager.handleLLMNewToken(ready.text, { prompt: promptIndex, completion: 0 }, undefined, undefined, undefined, { chunk: ready });
        }
        held = [];
      }
    } catch (error) {
      const typed = protectError(wrapOpenAIError(error, signal));
      if (delivered || attempt >= (options.maxRetries ?? 0) || signal?.aborted || !isRetryable(typed)) throw typed;
      continue;
    } finally {
      await events.return();
    }
    // A stream whose only chunk was response.created (it ended right after, as complete) still gives its metadata.
    for (const ready of held) {
      yield ready;
      if (runManager) await runManager.handleLLMNewToken(ready.text, { prompt: promptIndex, completion: 0 }, undefined, undefined, undefined, { chunk: ready });
    }
    break;
  }
  // A body not tied to the signal (a custom fetch) may end quietly after an abort; the caller must still learn of it.
  if (signal?.aborted) throw wrapOpenAIError(signal.reason, signal);
}

function isRetryable(error: unknown): boolean {
  return TesseraError.isInstance(error) && error.retryable;
}
