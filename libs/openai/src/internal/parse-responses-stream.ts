// Reads a streamed Responses API body ourselves (as parse-chat-completion-stream.ts does for Chat Completions): bad
// event JSON is a typed, retryable MalformedResponseError, an `error` event or a `response.failed` event is the API
// failing mid-stream (typed by its code, see convertResponsesFailure), and a body that ends before a final event (`response.completed`, `response.incomplete`) is a
// TruncatedStreamError. The body is read under the attempt's limits (silence, size, deadline).

import { convertResponsesFailure, readResponsesFailure } from "../errors/convert-responses-failure.js";
import { MalformedResponseError, TruncatedStreamError } from "../errors/errors.js";
import { excerpt, type ResponseDetails } from "./parse-chat-completion.js";
import { createLimitedReader, type ResponseLimits } from "./read-with-limits.js";
import { createServerSentEventDecoder } from "./server-sent-event-decoder.js";

/**
 * One Responses stream event, read loosely: `type` says which members matter.
 *
 * @example
 * const event: ResponsesStreamEvent = { type: "response.output_text.delta", output_index: 0, delta: "Hi" };
 */
export interface ResponsesStreamEvent {
  type: string;
  [key: string]: unknown;
}

const FINAL_EVENTS = new Set(["response.completed", "response.incomplete"]);

/**
 * Yields the events of a streamed Responses body, in order, until the body ends.
 *
 * @example
 * for await (const event of parseResponsesStream(response, { requestId })) if (event.type === "response.output_text.delta") write(event.delta);
 */
export async function* parseResponsesStream(response: Response, details: ResponseDetails = {}, limits: ResponseLimits = {}): AsyncGenerator<ResponsesStreamEvent, void, undefined> {
  const errorDetails = { status: response.status, requestId: details.requestId };
  if (response.body === null) throw new MalformedResponseError("The Responses stream had no body.", { ...errorDetails, retryable: true });
  const reader = createLimitedReader(response.body.getReader(), limits, errorDetails);
  const textDecoder = new TextDecoder();
  const eventDecoder = createServerSentEventDecoder();
  let finished = false;
  let heldFailure: ResponsesStreamEvent | undefined;
  try {
    for (let reading = true; reading; ) {
      const { done, value } = await reader.read();
      reading = !done;
      const events = done ? [...eventDecoder.decode(textDecoder.decode()), ...eventDecoder.flush()] : eventDecoder.decode(textDecoder.decode(value, { stream: true }));
      for (const event of events) {
        if (event.data === "") continue;
        reader.markActivity();
        const data = parseEventData(event.data, errorDetails);
        if (data.type === "response.failed" && (data.response as { error?: unknown } | undefined)?.error == null) {
          // Azure fails a filtered stream with `"error": null` here and gives the reason in an `error` event that
          // follows (maximhq/bifrost#6652): hold this one until the body ends.
          heldFailure = data;
          continue;
        }
        const failure = readResponsesFailure(data, event.event);
        if (failure !== undefined) throw convertResponsesFailure(failure, { requestId: details.requestId });
        finished ||= FINAL_EVENTS.has(data.type);
        yield data;
      }
    }
  } finally {
    reader.cancel();
  }
  if (heldFailure !== undefined) throw convertResponsesFailure(readResponsesFailure(heldFailure) ?? {}, { requestId: details.requestId });
  if (!finished) {
    throw new TruncatedStreamError(
      "The Responses stream ended before its final event (response.completed or response.incomplete), so the answer may be cut short; retrying may help.",
      { ...errorDetails, retryable: true },
    );
  }
}

function parseEventData(text: string, details: ResponseDetails): ResponsesStreamEvent {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MalformedResponseError(`The stream sent an event whose data is not valid JSON (${(error as Error).message}): ${excerpt(text)}. Retrying may help.`, {
      ...details,
      retryable: true,
      cause: error,
    });
  }
  if (typeof data !== "object" || data === null || typeof (data as { type?: unknown }).type !== "string") {
    throw new MalformedResponseError(`The stream sent an event that is not a Responses event (no \`type\`): ${excerpt(text)}.`, { ...details, retryable: false });
  }
  return data as ResponsesStreamEvent;
}
