import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { createChunkConverter } from "../messages/convert-from-openai-chunk.js";
import { parseChatCompletionStream } from "./parse-chat-completion-stream.js";

/** A streaming response as the server opened it, with the warnings of the request that opened it. */
export interface OpenedChatStream {
  response: Response;
  warnings: string[];
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
}

/**
 * The streaming loop: opens the stream (lazily, at the first `next()`), reads its wire chunks with our own SSE reader,
 * converts each once, yields choice 0's chunks, hands every choice's chunks to `collect`, and reports each chunk to
 * `handleLLMNewToken`. One generator, no layers on top: each wire chunk costs one conversion and one yield. Errors come
 * out typed; an abort that ended the body quietly is still thrown.
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
  const { response, warnings } = await open();
  const requestId = response.headers.get("x-request-id") ?? undefined;
  const convert = createChunkConverter({ requestId, warnings });
  // Our own reader, not the SDK's Stream: bad events become typed errors and nothing is printed (see the module).
  const wireChunks = parseChatCompletionStream(response, { requestId });
  try {
    for (;;) {
      const next = await wireChunks.next();
      // Usage that some servers put on ordinary chunks is held back to the end (flush), so it is reported once.
      for (const { choiceIndex, message, text } of next.done ? convert.flush() : convert(next.value)) {
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
    throw protectError(wrapOpenAIError(error, signal));
  } finally {
    // A consumer that stops early ends this generator at a yield; stop reading the body too.
    await wireChunks.return();
  }
  // A body that is not tied to the signal (a custom fetch) may end quietly after an abort; the caller must still learn of it.
  if (signal?.aborted) throw wrapOpenAIError(signal.reason, signal);
}
