// Reads a streamed Chat Completions body ourselves instead of through the SDK's Stream: the SDK prints bad event JSON
// to the console (its logger defaults to `console` at level "warn") and throws a bare SyntaxError; an event that is not
// a chunk, or a stream with no event at all, passes through it unnoticed. One async generator over the body reader, so
// each chunk costs one read slice, one JSON.parse and a shape check of its top level.

import type OpenAI from "openai";
import { APIError } from "openai/core/error";
import { MalformedResponseError, TruncatedStreamError } from "../errors/errors.js";
import { describeJson, excerpt, type ResponseDetails } from "./parse-chat-completion.js";
import { createLimitedReader, type ResponseLimits } from "./read-with-limits.js";
import { createServerSentEventDecoder, type ServerSentEvent } from "./server-sent-event-decoder.js";

const STREAMING_DECODE = { stream: true } as const;

/**
 * The chunks of a streamed Chat Completions response, read from its body. Throws, typed:
 * - an `error` event, or data with an `error` member, as the SDK's `APIError` (which `wrapOpenAIError` types);
 * - data that is not JSON, or not a chunk (neither a `choices` array of objects nor a `usage` object), as a
 *   {@link MalformedResponseError} quoting the start of the data;
 * - a body that ends with no chunk (nothing, or only `[DONE]`) as a MalformedResponseError;
 * - a body that ends without `[DONE]` and without any `finish_reason` as a {@link TruncatedStreamError};
 * - a limit of `limits` (silence, deadline, size; see createLimitedReader) as its typed error.
 * Events with empty data are skipped. Reading stops at `[DONE]`, even if the body stays open; the body is cancelled
 * whenever reading stops early.
 *
 * @example
 * const response = await client.chat.completions.create({ ...body, stream: true }).asResponse();
 * for await (const chunk of parseChatCompletionStream(response, { requestId: response.headers.get("x-request-id") ?? undefined })) {
 *   console.log(chunk.choices[0]?.delta.content);
 * }
 */
export async function* parseChatCompletionStream(
  response: Response,
  details: ResponseDetails = {},
  limits: ResponseLimits = {},
): AsyncGenerator<OpenAI.ChatCompletionChunk, void, undefined> {
  if (response.body === null) throw createEmptyStreamError(response, details);
  const errorDetails = { status: response.status, requestId: details.requestId };
  const reader = createLimitedReader(response.body.getReader(), limits, errorDetails);
  const textDecoder = new TextDecoder();
  const eventDecoder = createServerSentEventDecoder();
  let chunkCount = 0;
  let finished = false;
  let sawDone = false;
  let reading = true;
  try {
    while (reading) {
      const { done, value } = await reader.read();
      reading = !done;
      const events = done ? [...eventDecoder.decode(textDecoder.decode()), ...eventDecoder.flush()] : eventDecoder.decode(textDecoder.decode(value, STREAMING_DECODE));
      for (const event of events) {
        // Only data restarts the silence timer: a proxy's `: keep-alive` comments must not keep a stalled stream open.
        if (event.data !== "") reader.markActivity();
        if (event.data.startsWith("[DONE]")) {
          sawDone = true;
          reading = false;
          break;
        }
        const chunk = parseChunkEvent(event, response, details);
        if (chunk === undefined) continue;
        chunkCount++;
        finished ||= hasFinishReason(chunk);
        yield chunk;
      }
    }
  } finally {
    // Stopped before the body ended: by [DONE], an error, or a consumer that stopped iterating. Nothing more is read.
    reader.cancel();
  }
  if (chunkCount === 0) throw createEmptyStreamError(response, details);
  if (!sawDone && !finished) throw createTruncatedStreamError(chunkCount, errorDetails);
}

function hasFinishReason(chunk: OpenAI.ChatCompletionChunk): boolean {
  return (chunk.choices ?? []).some((choice) => typeof choice.finish_reason === "string" && (choice.finish_reason as string) !== "");
}

function createTruncatedStreamError(chunkCount: number, details: ResponseDetails): TruncatedStreamError {
  return new TruncatedStreamError(
    `The stream ended after ${chunkCount} chunk(s) without [DONE] and without a finish_reason, so the answer (text or tool-call ` +
      "arguments) is cut off at an unknown point and was not returned. The connection was probably closed early by the server or a proxy; retrying may help.",
    { ...details, retryable: true },
  );
}

/**
 * Whether a parsed event is a chat completion chunk as far as the converters read it: an object whose `choices` is an
 * array of objects (each `delta` an object, or absent when there is no `message` either), or, without `choices`, one
 * that carries a `usage` object.
 *
 * @example
 * isChatCompletionChunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }); // true
 * isChatCompletionChunk({ foo: 1 }); // false
 */
export function isChatCompletionChunk(value: unknown): value is OpenAI.ChatCompletionChunk {
  if (typeof value !== "object" || value === null) return false;
  const { choices, usage } = value as { choices?: unknown; usage?: unknown };
  if (Array.isArray(choices)) {
    for (const choice of choices) {
      if (typeof choice !== "object" || choice === null) return false;
      const { delta, message } = choice as { delta?: unknown; message?: unknown };
      // A whole completion's choice (a `message`, no `delta`) sent as an event is not a chunk: reading it as one would
      // end the stream with an empty answer.
      if (delta == null ? message != null : typeof delta !== "object") return false;
    }
    return true;
  }
  return choices == null && typeof usage === "object" && usage !== null;
}

function parseChunkEvent(event: ServerSentEvent, response: Response, details: ResponseDetails): OpenAI.ChatCompletionChunk | undefined {
  if (event.data === "") return undefined;
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch (error) {
    throw new MalformedResponseError(
      `The stream sent an event whose data is not valid JSON (${(error as Error).message}): ${excerpt(event.data)}. ` +
        "The event was probably cut or garbled on the way; retrying may help.",
      { status: response.status, requestId: details.requestId, retryable: true, cause: error },
    );
  }
  // As the SDK reads them: an `error` event, or an event whose data carries an error, is the API failing mid-stream.
  if (event.event === "error" || (typeof data === "object" && data !== null && (data as { error?: unknown }).error)) {
    const body = (data as { error?: unknown } | null)?.error ?? data;
    throw new APIError(undefined, body as Record<string, unknown>, undefined, response.headers);
  }
  if (!isChatCompletionChunk(data)) {
    throw new MalformedResponseError(
      `The stream sent an event that is not a chat completion chunk: ${describeChunkProblem(data)}. Data: ${excerpt(event.data)}. ` +
        "Check that `baseURL` points to an OpenAI-compatible Chat Completions API; retrying will not help.",
      { status: response.status, requestId: details.requestId, retryable: false },
    );
  }
  return data;
}

// Only on the error path: the check above stays a cheap boolean.
function describeChunkProblem(data: unknown): string {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return `it is ${describeJson(data)}, not an object`;
  const { choices } = data as { choices?: unknown };
  if (!Array.isArray(choices)) return `\`choices\` is ${describeJson(choices)}, not an array, and there is no \`usage\``;
  for (const [index, choice] of choices.entries()) {
    if (typeof choice !== "object" || choice === null) return `\`choices[${index}]\` is ${describeJson(choice)}, not an object`;
    const { delta, message } = choice as { delta?: unknown; message?: unknown };
    if (delta == null && message != null) return `\`choices[${index}]\` has a \`message\` and no \`delta\`, as a whole (non-streamed) completion does`;
    if (delta != null && typeof delta !== "object") return `\`choices[${index}].delta\` is ${describeJson(delta)}, not an object`;
  }
  return "its shape is not a chunk's";
}

function createEmptyStreamError(response: Response, details: ResponseDetails): MalformedResponseError {
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType !== "" && !contentType.includes("text/event-stream")) {
    return new MalformedResponseError(
      `The server answered a streaming request with \`${contentType}\` instead of an event stream, so no chunk arrived. ` +
        "It may not support streaming: call it without streaming, or check `baseURL`; retrying will not help.",
      { status: response.status, requestId: details.requestId, retryable: false },
    );
  }
  return new MalformedResponseError(
    "The stream ended without a single chunk (no event, or only [DONE]), so there is no answer. " +
      "The server may have failed while answering; retrying may help.",
    { status: response.status, requestId: details.requestId, retryable: true },
  );
}

