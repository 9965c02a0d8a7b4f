// The SDK's error classes only (a few small modules): its client and resources load at the first request.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai/core/error";
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  ContentFilterError,
  ContextOverflowError,
  type ErrorDetails,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  TesseraError,
  TimeoutError,
} from "./errors.js";
import { SDK_RETRY_AFTER_CAP_MS } from "../internal/create-attempt-fetch.js";

// Compatible servers word context overflow their own way (vLLM, llama.cpp, LiteLLM); OpenAI uses the code.
const CONTEXT_OVERFLOW = /context_length_exceeded|maximum context length|context window|too many tokens/i;

/**
 * Turns whatever a request threw into the package's typed errors, keeping status, code, type, param, request id,
 * headers and the original as `cause`. An abort becomes {@link AbortError}, or {@link TimeoutError} when the signal
 * was a timeout. Errors that are not the SDK's (programming errors) pass through unchanged.
 *
 * @example
 * try { await client.chat.completions.create(body); } catch (error) { throw wrapOpenAIError(error, signal); }
 */
export function wrapOpenAIError(error: unknown, signal?: AbortSignal): unknown {
  if (TesseraError.isInstance(error)) return error;
  if (signal?.aborted || error instanceof APIUserAbortError || isDomAbort(error)) return wrapAbort(error, signal);
  // A call's `timeout` becomes an AbortSignal.timeout inside LangChain, whose reason surfaces here on its own.
  if (isDomTimeout(error)) return wrapAbort(error, undefined);
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError("The request to OpenAI timed out. Raise `timeout` or try again.", { cause: error, retryable: true });
  }
  if (error instanceof APIConnectionError) {
    return new ConnectionError(`Could not reach the OpenAI API: ${error.message}`, { cause: error, retryable: true });
  }
  if (error instanceof APIError) {
    // No status: an `error` event inside a stream that had started with 200.
    return error.status === undefined ? wrapStreamedErrorEvent(error) : wrapStatusError(error, error.status);
  }
  if (isFetchNetworkFailure(error)) {
    return new ConnectionError(`The connection to the OpenAI API failed: ${(error as Error).message}`, { cause: error, retryable: true });
  }
  return error;
}

function wrapStreamedErrorEvent(error: APIError): TesseraError {
  const body = (error.error ?? {}) as { message?: unknown };
  const message = typeof body.message === "string" && body.message !== "" ? body.message : error.message;
  const details: ErrorDetails = {
    code: stringOrNull(error.code),
    type: stringOrNull(error.type),
    param: stringOrNull(error.param),
    requestId: error.requestID ?? undefined,
    cause: error,
    retryable: true,
  };
  // A content filter that stops a stream (Azure's Responses stream: `content_policy_violation` in an error event) says
  // the same on every attempt: not retryable.
  if (details.code === "content_filter" || details.code === "content_policy_violation") {
    const source = details.param === "prompt" ? "prompt" : "completion";
    return new ContentFilterError(message, { ...details, retryable: false, source, contentFilterResults: readContentFilterResult(error.error) });
  }
  const rateLimited = details.code === "rate_limit_exceeded" || details.type === "tokens" || details.type === "requests";
  return rateLimited ? new RateLimitError(message, details) : new InternalServerError(message, details);
}

// What fetch throws when a connection drops mid-body or never opens (undici's TypeError "terminated" / "fetch failed",
// with UND_ERR_* codes on the cause); matched by name and text, as the error may come from another realm.
function isFetchNetworkFailure(error: unknown): boolean {
  const candidate = error as { name?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  if (candidate?.name !== "TypeError") return false;
  const code = typeof candidate.cause?.code === "string" ? candidate.cause.code : "";
  return code.startsWith("UND_ERR") || /^(terminated|fetch failed)$/u.test(String(candidate.message));
}

function wrapStatusError(error: APIError, status: number): TesseraError {
  const body = (error.error ?? {}) as { message?: unknown; detail?: unknown };
  // `detail` is how FastAPI servers (Azure AI model inference, many local servers) say it.
  const said = typeof body.message === "string" ? body.message : body.detail;
  const message = typeof said === "string" && said !== "" ? said : error.message;
  const headers = headersOf(error.headers);
  const details: ErrorDetails = {
    status,
    code: stringOrNull(error.code),
    type: stringOrNull(error.type),
    param: stringOrNull(error.param),
    requestId: error.requestID ?? headers["x-request-id"],
    headers,
    cause: error,
  };
  const advisedWait = retryAfterMs(headers);
  if (status === 429) {
    if (details.code === "insufficient_quota" || details.type === "insufficient_quota") return new QuotaExceededError(message, details);
    return new RateLimitError(withLongWaitNote(message, advisedWait), { ...details, retryable: true, retryAfterMs: advisedWait });
  }
  if (status >= 500) return new InternalServerError(withLongWaitNote(message, advisedWait), { ...details, retryable: true });
  switch (status) {
    case 401:
      return new AuthenticationError(message, details);
    case 403:
      return new PermissionDeniedError(message, details);
    case 404:
      return new NotFoundError(message, details);
    default:
      if (details.code === "content_filter") return new ContentFilterError(message, { ...details, source: "prompt", contentFilterResults: readContentFilterResult(error.error) });
      if (CONTEXT_OVERFLOW.test(`${details.code ?? ""} ${message}`)) return new ContextOverflowError(message, details);
      return new BadRequestError(message, { ...details, retryable: status === 408 || status === 409 });
  }
}

/**
 * A wait the server asked for that is longer than the SDK honours: the request was not retried (see
 * createAttemptFetch), and the message says so, and how long to wait.
 */
function withLongWaitNote(message: string, advisedWait: number | undefined): string {
  if (advisedWait === undefined || advisedWait <= SDK_RETRY_AFTER_CAP_MS) return message;
  return (
    `${message} The server asked to wait ${Math.ceil(advisedWait / 1000)} s before retrying, longer than the ` +
    `${SDK_RETRY_AFTER_CAP_MS / 1000} s allowed for automatic retries, so it was not retried: wait \`retryAfterMs\` before trying again.`
  );
}

function wrapAbort(error: unknown, signal: AbortSignal | undefined): TesseraError {
  const reason: unknown = signal?.reason ?? error;
  // A DOMException may come from another realm, so it is recognised by name, not instanceof.
  if ((reason as { name?: unknown } | undefined)?.name === "TimeoutError") {
    return new TimeoutError("The call timed out (its `timeout` elapsed) and was aborted.", { cause: reason, retryable: true });
  }
  return new AbortError("The request was aborted by its signal.", { cause: reason ?? error });
}

function isDomTimeout(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "TimeoutError";
}

function isDomAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "AbortError";
}

/** The server's advice, in milliseconds: `retry-after-ms`, else `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
  const milliseconds = Number(headers["retry-after-ms"]);
  if (headers["retry-after-ms"] !== undefined && Number.isFinite(milliseconds)) return milliseconds;
  const retryAfter = headers["retry-after"];
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function headersOf(headers: Headers | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  headers?.forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

// Azure's blocked-prompt 400 carries the verdict in `innererror.content_filter_result` (a recorded body:
// libs/openai-emulator/src/__fixtures__/azure/azure-content-filter-400.json). openai 6 and 7 both keep the `error` member as
// `APIError.error`.
function readContentFilterResult(body: unknown): Record<string, unknown> | undefined {
  const result = (body as { innererror?: { content_filter_result?: unknown } } | null | undefined)?.innererror?.content_filter_result;
  return typeof result === "object" && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
