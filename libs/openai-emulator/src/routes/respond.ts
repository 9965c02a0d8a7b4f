import type { EmulatorContext } from "../context.js";
import type { EmulatorHttpError } from "../errors.js";

/** A JSON response with OpenAI's content type and the given extra headers. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "content-type": "application/json" },
  });
}

/** An error in OpenAI's envelope, with the request id header every API answer carries. */
export function errorResponse(error: EmulatorHttpError, requestId: string): Response {
  return jsonResponse(error.status, error.toBody(), { ...error.headers, "x-request-id": requestId });
}

/** The headers of a successful completion: request id, API version, processing time and rate limits. */
export function successHeaders(context: EmulatorContext, requestId: string, started: number, totalTokens: number): Record<string, string> {
  return {
    "x-request-id": requestId,
    "openai-version": "2020-10-01",
    "openai-processing-ms": String(Math.max(1, Math.round(context.now() - started))),
    ...context.rateLimits.record(totalTokens, started),
  };
}

/** A 200 event stream, framed as the API sends it. */
export function sseResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string>): Response {
  return new Response(body, {
    status: 200,
    headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
