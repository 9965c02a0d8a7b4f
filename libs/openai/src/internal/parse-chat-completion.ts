// Reads a non-streamed Chat Completions body ourselves, so that whatever a 2xx carries (no JSON, JSON null, an object
// without choices, choices that are not objects) becomes a typed error with the request id, never a TypeError inside a
// converter or a bare SyntaxError from the SDK.

import type OpenAI from "openai";
import { MalformedResponseError } from "../errors/errors.js";
import { createLimitedReader, type ResponseLimits } from "./read-with-limits.js";

/** What the errors of a response keep. */
export interface ResponseDetails {
  /** The `x-request-id` header. */
  requestId?: string;
  /** The HTTP status (a 2xx). */
  status?: number;
}

const EXCERPT_LENGTH = 120;

/**
 * Reads a response's body as a chat completion (see {@link parseChatCompletion}), with its `x-request-id`, under the
 * attempt's `limits` (see createLimitedReader: any bytes count as activity for the silence timer).
 *
 * @example
 * const { completion, requestId } = await readChatCompletion(await client.chat.completions.create(body).asResponse());
 */
export async function readChatCompletion(
  response: Response,
  limits: ResponseLimits = {},
): Promise<{ completion: OpenAI.ChatCompletion; requestId: string | undefined }> {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  const details = { requestId, status: response.status };
  const completion = parseChatCompletion(await readBodyText(response, limits, details), details);
  return { completion, requestId };
}

/**
 * Reads a whole (non-streamed) body as text under the attempt's `limits` (silence, deadline, size: see
 * createLimitedReader); shared by the Chat Completions and Responses callers.
 *
 * @example
 * const text = await readBodyText(response, { maxBytes: 1_000_000 }, { requestId: "req_1" });
 */
export async function readBodyText(response: Response, limits: ResponseLimits, details: ResponseDetails): Promise<string> {
  if (response.body === null) return "";
  const reader = createLimitedReader(response.body.getReader(), limits, details);
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      reader.markActivity();
      text += decoder.decode(next.value, { stream: true });
    }
  } finally {
    reader.cancel();
  }
  return text + decoder.decode();
}

/**
 * Parses a Chat Completions body, checking only what the converters rely on: a JSON object whose `choices` is an
 * array of objects, each `message` an object or absent. Anything else is a {@link MalformedResponseError} that says
 * what arrived (quoting its start) and whether retrying could help (only for JSON that looks cut short).
 *
 * @example
 * parseChatCompletion('{"id":"chatcmpl-1","choices":[]}', { requestId: "req_1" }).choices; // []
 * parseChatCompletion("null", { requestId: "req_1" }); // throws MalformedResponseError (requestId "req_1")
 */
export function parseChatCompletion(text: string, details: ResponseDetails = {}): OpenAI.ChatCompletion {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // JSON cut short (a dropped connection, a proxy's size limit) may come whole next time; a web page will not.
    const cut = /^\s*[[{]/u.test(text);
    const advice = cut
      ? "It looks cut short; retrying may help."
      : "Check that `baseURL` points to an OpenAI-compatible API and not to a web page or a proxy; retrying will not help.";
    throw new MalformedResponseError(`The API answered with a body that is not JSON (${(error as Error).message}): ${excerpt(text)}. ${advice}`, {
      ...details,
      retryable: cut,
      cause: error,
    });
  }
  const problem = findCompletionProblem(data);
  if (problem !== undefined) {
    throw new MalformedResponseError(
      `The API answered with a body that is not a chat completion: ${problem}. Body: ${excerpt(text)}. ` +
        "Check that `baseURL` points to an OpenAI-compatible Chat Completions API; retrying will not help.",
      details,
    );
  }
  return data as OpenAI.ChatCompletion;
}

function findCompletionProblem(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return `it is ${describeJson(data)}, not an object`;
  const { choices, error } = data as { choices?: unknown; error?: { message?: unknown } };
  if (typeof error?.message === "string") return `it carries an error instead: ${error.message}`;
  if (!Array.isArray(choices)) return `\`choices\` is ${describeJson(choices)}, not an array`;
  for (const [index, choice] of choices.entries()) {
    if (typeof choice !== "object" || choice === null || Array.isArray(choice)) return `\`choices[${index}]\` is ${describeJson(choice)}, not an object`;
    const message: unknown = (choice as { message?: unknown }).message;
    if (message != null && (typeof message !== "object" || Array.isArray(message))) return `\`choices[${index}].message\` is ${describeJson(message)}, not an object`;
  }
  return undefined;
}

/**
 * What kind of JSON value something is, for an error message.
 *
 * @example
 * describeJson(null); // "null"
 * describeJson({}); // "an object"
 */
export function describeJson(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * The start of untrusted text, quoted, for an error message.
 *
 * @example
 * excerpt("<html>…"); // "\"<html>…\""
 */
export function excerpt(text: string): string {
  return JSON.stringify(text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text);
}
