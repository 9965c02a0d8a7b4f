/**
 * The error body the SDK kept on its APIError (the `cause` of our typed errors), as text: servers may name the refused
 * key there (vLLM's pydantic list, Groq's message) where the error's message does not. Empty when there is none or it
 * cannot be serialized.
 *
 * @example
 * describeErrorBody(error.cause); // '{"message":"property \'stream_options\' is unsupported"}'
 */
export function describeErrorBody(cause: unknown): string {
  const body = (cause as { error?: unknown } | null | undefined)?.error;
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  try {
    return JSON.stringify(body);
  } catch {
    return "";
  }
}
