/** The `type` values OpenAI puts in its error envelope. */
export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "insufficient_quota"
  | "tokens"
  | "requests"
  | "server_error"
  | "api_error";

/** The body OpenAI sends with every error status: all four keys are always present. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * An error the emulator answers with, in OpenAI's envelope. Thrown anywhere in request handling and turned into
 * the HTTP response at the edge.
 *
 * @example
 * throw new EmulatorHttpError(400, "Missing required parameter: 'model'.", {
 *   param: "model",
 *   code: "missing_required_parameter",
 * });
 */
export class EmulatorHttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    details: { type?: string; param?: string | null; code?: string | null; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "EmulatorHttpError";
    this.status = status;
    this.type = details.type ?? "invalid_request_error";
    this.param = details.param ?? null;
    this.code = details.code ?? null;
    this.headers = details.headers ?? {};
  }

  /** The wire body: `{ error: { message, type, param, code } }`. */
  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/**
 * A 400 `invalid_request_error`, the status of nearly every validation failure.
 *
 * @example
 * throw invalidRequest("Invalid type for 'n': expected an integer, but got a string instead.", "n", "invalid_type");
 */
export function invalidRequest(message: string, param: string | null = null, code: string | null = null): EmulatorHttpError {
  return new EmulatorHttpError(400, message, { param, code });
}

/**
 * An API key as OpenAI's 401 quotes it ("Incorrect API key provided: …"): the first 8 and last 4 characters, with an
 * asterisk for each character between; a key of 12 characters or fewer is quoted whole. Taken from recorded answers:
 * a 51-character key came back as `sk-PMafP` + 39 asterisks + `E873` (popjane/free_chatgpt_api#3), a 15-character one
 * as `test-ope***-key`, and `test-key`, `test` and `API_KEY` unmasked (public bug reports quoting the API's 401).
 *
 * @example
 * maskApiKey("sk-abcdefgh12345678"); // "sk-abcde*******5678"
 * maskApiKey("test-key"); // "test-key"
 */
export function maskApiKey(key: string): string {
  if (key.length <= 12) return key;
  return `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`;
}
