// A Responses API failure that arrives inside a 200 answer: a response with `status: "failed"` and its `error`
// (non-streamed body, or a stream's `response.failed` event), or a stream's `error` event. The HTTP status says nothing
// here, so the error's `code` decides the type and whether a retry could help.

import { BadRequestError, ContentFilterError, ContextOverflowError, type ErrorDetails, InternalServerError, RateLimitError, type TesseraError } from "./errors.js";

/**
 * A failure as the Responses API reports it: `response.error` (`code`, `message`), or an `error` event (the same
 * members at the top level, or nested under `error`).
 *
 * @example
 * const failure: ResponsesFailure = { code: "server_error", message: "The server had an error." };
 */
export interface ResponsesFailure {
  code?: string | null;
  message?: string | null;
  param?: string | null;
  type?: string | null;
  /** Azure's content-filter verdict, on a filtered answer's error event. */
  innererror?: { content_filter_result?: Record<string, unknown> } | null;
}

// The codes of `ResponseError` (openai 7, resources/responses) that the server causes; a retry may succeed.
const SERVER_CODES = new Set(["server_error", "vector_store_timeout"]);

/**
 * Converts a Responses failure into this package's typed error: `rate_limit_exceeded` is a retryable RateLimitError;
 * `server_error`, `vector_store_timeout` and a failure without a code are a retryable InternalServerError;
 * `context_length_exceeded` is a ContextOverflowError; a content filter's stop (`content_filter`, Azure's
 * `content_policy_violation`) is a ContentFilterError that says the same on every attempt; every other code (`invalid_prompt`, the `invalid_image*` and
 * `image_*` family, `invalid_encrypted_content`, …) is about the request itself, so a BadRequestError that a retry
 * cannot fix. The code, param and request id are kept.
 *
 * @example
 * convertResponsesFailure({ code: "server_error", message: "boom" }, { requestId: "req_1" });
 * // InternalServerError("The response failed: boom (server_error).", { retryable: true, code: "server_error", … })
 */
export function convertResponsesFailure(failure: ResponsesFailure, details: ErrorDetails = {}): TesseraError {
  const code = typeof failure.code === "string" && failure.code !== "" ? failure.code : null;
  const said = typeof failure.message === "string" && failure.message !== "" ? failure.message : "no reason given";
  const message = `The response failed: ${said}${code ? ` (${code})` : ""}.`;
  const typed: ErrorDetails = {
    ...details,
    code,
    type: failure.type ?? details.type ?? null,
    param: failure.param ?? details.param ?? null,
  };
  if (code === "rate_limit_exceeded") return new RateLimitError(message, { ...typed, retryable: true });
  if (code === null || SERVER_CODES.has(code)) return new InternalServerError(message, { ...typed, retryable: true });
  if (code === "context_length_exceeded") return new ContextOverflowError(message, { ...typed, retryable: false });
  if (code === "content_filter" || code === "content_policy_violation") {
    const source = failure.param === "prompt" ? "prompt" : "completion";
    return new ContentFilterError(message, { ...typed, retryable: false, source, contentFilterResults: failure.innererror?.content_filter_result ?? undefined });
  }
  return new BadRequestError(message, { ...typed, retryable: false });
}

/**
 * Reads the failure out of a stream event that reports one (`error`, `response.failed`), or returns undefined for any
 * other event.
 *
 * @example
 * readResponsesFailure({ type: "response.failed", response: { error: { code: "server_error", message: "boom" } } });
 * // { code: "server_error", message: "boom" }
 */
export function readResponsesFailure(event: { type: string; [key: string]: unknown }, eventName?: string): ResponsesFailure | undefined {
  if (event.type === "response.failed") {
    const error = (event.response as { error?: unknown } | undefined)?.error;
    return isObject(error) ? (error as ResponsesFailure) : {};
  }
  if (event.type !== "error" && eventName !== "error") return undefined;
  const nested = event.error;
  return (isObject(nested) ? nested : event) as ResponsesFailure;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
