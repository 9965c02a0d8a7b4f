import type OpenAI from "openai";
import type { ResolvedConnection } from "../internal/resolve-chat-openai-fields.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { TesseraError } from "../errors/errors.js";
import { type ClientCallModel, type ClientCallOptions, createClientCall } from "../internal/create-client-call.js";
import { readChatCompletion } from "../internal/parse-chat-completion.js";
import { parseChatCompletionStream } from "../internal/parse-chat-completion-stream.js";

/** A non-streamed completion and its `x-request-id`. */
export interface CompletedCompletionCall {
  completion: OpenAI.Completion;
  requestId: string | undefined;
}

/** The request side of the OpenAI LLM: sends a built `/v1/completions` body, whole or streamed. */
export interface CompletionCaller {
  complete(request: OpenAI.CompletionCreateParamsNonStreaming, options: ClientCallOptions): Promise<CompletedCompletionCall>;
  /**
   * The wire chunks of a streamed request, opened at the first `next()`. A retryable failure while the body is read
   * opens it again, up to the call's (else the model's) `maxRetries` times, only while no chunk has been yielded.
   */
  stream(request: OpenAI.CompletionCreateParamsStreaming, options: ClientCallOptions): AsyncGenerator<OpenAI.Completion>;
  /** Removes the key in use from an error (see createClientCall). */
  protectError<T>(error: T): T;
}

/**
 * Creates the request side of the OpenAI LLM on the sending side ChatOpenAI uses (createClientCall: one lazily built
 * SDK client whose retries, typed errors, timeouts and key protection are ChatOpenAI's). Bodies are read by the same
 * readers as chat (readChatCompletion, parseChatCompletionStream): both check only the envelope a completion shares
 * with a chat completion (an object with a `choices` array of objects; SSE events ending in `[DONE]`), so a 2xx that
 * is not one becomes a MalformedResponseError, and a stream cut short a TruncatedStreamError.
 *
 * @example
 * const caller = createCompletionCaller(model, connection);
 * const { completion } = await caller.complete({ model: "gpt-3.5-turbo-instruct", prompt: "Hi" }, {});
 */
export function createCompletionCaller(model: ClientCallModel, connection: ResolvedConnection): CompletionCaller {
  const { call, limitsOf, protectError } = createClientCall(model, connection);
  const open = (request: OpenAI.CompletionCreateParamsStreaming, options: ClientCallOptions) =>
    call(options, async (client, requestOptions) => {
      const response = await client.completions.create(request, requestOptions).asResponse();
      return { response, limits: limitsOf(options, response) };
    });
  return {
    protectError,
    complete: (request, options) =>
      call(options, async (client, requestOptions) => {
        const response = await client.completions.create(request, requestOptions).asResponse();
        const { completion, requestId } = await readChatCompletion(response, limitsOf(options, response));
        return { completion: completion as unknown as OpenAI.Completion, requestId };
      }),
    async *stream(request, options) {
      const { signal } = options;
      let delivered = false;
      for (let attempt = 0; ; attempt++) {
        const { response, limits } = await open(request, options);
        const requestId = response.headers.get("x-request-id") ?? undefined;
        // The chat reader checks the envelope only; a completion chunk's choices carry `text` instead of `delta`.
        const chunks = parseChatCompletionStream(response, { requestId }, limits) as unknown as AsyncGenerator<OpenAI.Completion, void, undefined>;
        try {
          for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
            delivered = true;
            yield next.value;
          }
        } catch (error) {
          const typed = protectError(wrapOpenAIError(error, signal));
          const retryable = TesseraError.isInstance(typed) && typed.retryable;
          if (delivered || attempt >= (options.maxRetries ?? model.maxRetries) || signal?.aborted || !retryable) throw typed;
          continue;
        } finally {
          await chunks.return();
        }
        break;
      }
      // A body that is not tied to the signal (a custom fetch) may end quietly after an abort; the caller must still learn of it.
      if (signal?.aborted) throw wrapOpenAIError(signal.reason, signal);
    },
  };
}
