import { createHash } from "node:crypto";
import { stableStringify } from "../engine/conversation.js";

/**
 * Top-level body fields that never change what the model answers, so they are left out of the request key:
 * - `user`, `safety_identifier`: who the end user is (abuse monitoring), often a per-run or per-session id;
 * - `prompt_cache_key`, `prompt_cache_retention`: how OpenAI caches the prompt (billing and latency, not content);
 * - `metadata`, `store`: whether and how the completion is kept for the dashboard and evals.
 * Fields that do change the answer (`seed`, `service_tier`, which the response echoes, `stream`, `stream_options`) stay in.
 *
 * @example
 * VOLATILE_REQUEST_FIELDS.includes("user"); // true
 */
export const VOLATILE_REQUEST_FIELDS: ReadonlyArray<string> = [
  "user",
  "safety_identifier",
  "prompt_cache_key",
  "prompt_cache_retention",
  "metadata",
  "store",
];

/** A request as the cassette stores it: a JSON body in `body`, any other non-empty body in `text`. */
export interface RecordedRequest {
  method: string;
  /** The path with its query string, as the client sent it (`/v1/chat/completions`). */
  path: string;
  body?: unknown;
  text?: string;
}

/** What identifies a request in a cassette. */
export interface RequestKey {
  /** The full sha256 (hex) of the canonical request: what matching uses. */
  hash: string;
  /** `METHOD path#<first 12 hex of hash>`, the form messages and cassette lines show. */
  label: string;
  method: string;
  /** The path without trailing slashes, query parameters sorted by name. */
  path: string;
  /** The body with the volatile and ignored fields left out (or the text of a non-JSON body); undefined when empty. */
  body: unknown;
}

/**
 * Reads a request body as the cassette stores it: parsed JSON in `body`, anything else in `text`, nothing when empty.
 *
 * @example
 * parseRequestBody('{"model":"gpt-4o-mini"}'); // { body: { model: "gpt-4o-mini" } }
 * parseRequestBody(""); // {}
 */
export function parseRequestBody(bodyText: string): { body?: unknown; text?: string } {
  if (bodyText === "") return {};
  try {
    return { body: JSON.parse(bodyText) as unknown };
  } catch {
    return { text: bodyText };
  }
}

/**
 * The canonical key of a request: method, path with sorted query parameters, and the body with sorted keys and without
 * the volatile fields ({@link VOLATILE_REQUEST_FIELDS}) and `ignoreFields`.
 *
 * @example
 * const key = createRequestKey({ method: "POST", path: "/v1/chat/completions", body: { model: "gpt-4o-mini", user: "u1" } });
 * key.label; // "POST /v1/chat/completions#5c0e…" (12 hex digits)
 */
export function createRequestKey(request: RecordedRequest, ignoreFields: ReadonlyArray<string> = []): RequestKey {
  const method = request.method.toUpperCase();
  const path = canonicalPath(request.path);
  const body = "body" in request ? withoutFields(request.body, [...VOLATILE_REQUEST_FIELDS, ...ignoreFields]) : request.text;
  const hash = createHash("sha256")
    .update(`${method} ${path}\n${body === undefined ? "" : stableStringify(body)}`)
    .digest("hex");
  return { hash, label: `${method} ${path}#${hash.slice(0, 12)}`, method, path, body };
}

/**
 * A path in the form keys compare: trailing slashes removed (the emulator routes `/v1/models/` as `/v1/models`) and
 * query parameters sorted by name, so `?b=1&a=2` and `?a=2&b=1` match.
 *
 * @example
 * canonicalPath("/openai/deployments/gpt/chat/completions/?b=1&api-version=2024-10-21");
 * // "/openai/deployments/gpt/chat/completions?api-version=2024-10-21&b=1"
 */
export function canonicalPath(path: string): string {
  const url = new URL(path, "http://cassette.invalid");
  const pathname = url.pathname.replace(/(?<=.)\/+$/u, "");
  url.searchParams.sort();
  const query = url.searchParams.toString();
  return query === "" ? pathname : `${pathname}?${query}`;
}

function withoutFields(body: unknown, fields: ReadonlyArray<string>): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !fields.includes(name)));
}
