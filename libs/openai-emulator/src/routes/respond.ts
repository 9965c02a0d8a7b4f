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
