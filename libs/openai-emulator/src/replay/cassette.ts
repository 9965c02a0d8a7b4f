// The cassette format: one JSON object per line (JSONL), each a whole exchange, so a cassette can be appended to without
// rewriting it, diffed line by line in code review, and read by `jq`. See docs/record-replay.md#the-cassette.

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { RecordedRequest } from "./request-key.js";
import { isRecord } from "../json-values.js";

/** The format version this code writes and reads. A cassette line with another version is refused. */
export const CASSETTE_VERSION = 1;

/**
 * One server-sent event of a recorded stream, `t` ms after the request started. A plain `data:` event keeps its
 * payload in `data` (parsed JSON, or the string when it is not JSON, such as `"[DONE]"`); anything else (comments,
 * `event:` lines, events without `data: `, a cut-off tail) is kept as the exact text in `raw`.
 */
export type RecordedEvent = { t: number; data: unknown } | { t: number; raw: string };

/**
 * A recorded response. The body is in exactly one of `events` (an event stream), `body` (JSON), `text` (other UTF-8
 * text) or `base64` (anything else), or absent when empty. `reset` marks a body the upstream cut off by dropping the
 * connection: replay sends what was received, then fails the body the same way.
 */
export interface RecordedResponse {
  status: number;
  /** Only the headers that matter to clients (see docs/record-replay.md); never cookies or organization ids. */
  headers: Record<string, string>;
  /** Milliseconds from the request start to the response headers. */
  headersMs: number;
  /** Milliseconds from the request start to the end of the body. */
  durationMs: number;
  events?: RecordedEvent[];
  body?: unknown;
  text?: string;
  base64?: string;
  reset?: true;
}

/** One line of a cassette. */
export interface CassetteEntry {
  version: typeof CASSETTE_VERSION;
  /** The request key's label (`POST /v1/chat/completions#3f2a9c0d1e4b`), for people; matching recomputes it. */
  key: string;
  /** When the exchange was recorded (ISO 8601). */
  recordedAt: string;
  request: RecordedRequest;
  response: RecordedResponse;
}

/** A cassette entry with the line it was read from (1-based). */
export interface CassetteLine {
  line: number;
  entry: CassetteEntry;
}

/**
 * Parses the text of a cassette. Blank lines are skipped; anything else that is not a valid entry throws an Error naming
 * `file` and the line number.
 *
 * @example
 * parseCassette(readFileSync("chat.jsonl", "utf8"), "chat.jsonl"); // [{ line: 1, entry: { version: 1, … } }]
 */
export function parseCassette(text: string, file: string): CassetteLine[] {
  const lines: CassetteLine[] = [];
  text.split("\n").forEach((content, index) => {
    if (content.trim() === "") return;
    const fail = (problem: string): never => {
      throw new Error(`Malformed cassette ${file}, line ${index + 1}: ${problem}.`);
    };
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const problem = entryProblem(value);
    if (problem !== undefined) fail(problem);
    lines.push({ line: index + 1, entry: value as CassetteEntry });
  });
  return lines;
}

/**
 * Reads a cassette file: its entries, how many lines it has (the next append's line number is one more) and whether its
 * last line is complete. A missing file reads as empty, with `exists: false`; the caller decides whether that is an error.
 *
 * @example
 * const { entries, lineCount } = readCassette("fixtures/chat.jsonl");
 */
export function readCassette(file: string): { exists: boolean; entries: CassetteLine[]; lineCount: number; endsWithNewline: boolean } {
  if (!existsSync(file)) return { exists: false, entries: [], lineCount: 0, endsWithNewline: true };
  const text = readFileSync(file, "utf8");
  const endsWithNewline = text === "" || text.endsWith("\n");
  const lineCount = text === "" ? 0 : text.split("\n").length - (endsWithNewline ? 1 : 0);
  return { exists: true, entries: parseCassette(text, file), lineCount, endsWithNewline };
}

/**
 * Empties a cassette, creating it (and its folder) if needed: how "record" mode starts afresh.
 *
 * @example
 * truncateCassette("fixtures/chat.jsonl");
 */
export function truncateCassette(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, "");
}

/**
 * Appends one entry as one line. Synchronous, so lines land whole and in the order exchanges complete, even when
 * several recordings finish in the same tick.
 *
 * @example
 * appendToCassette("fixtures/chat.jsonl", entry);
 */
export function appendToCassette(file: string, entry: CassetteEntry, separator = ""): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${separator}${JSON.stringify(entry)}\n`);
}

// The first problem with a parsed line, or undefined when it is a valid entry. Only what replay relies on is checked.
function entryProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return "expected a JSON object";
  if (value.version !== CASSETTE_VERSION) return `unsupported version ${JSON.stringify(value.version)} (this emulator reads version ${CASSETTE_VERSION})`;
  const { request, response } = value;
  if (!isRecord(request)) return "'request' is missing or not an object";
  if (typeof request.method !== "string" || request.method === "") return "'request.method' is not a string";
  if (typeof request.path !== "string" || !request.path.startsWith("/")) return "'request.path' is not a path starting with '/'";
  if (request.text !== undefined && typeof request.text !== "string") return "'request.text' is not a string";
  if (!isRecord(response)) return "'response' is missing or not an object";
  if (!Number.isInteger(response.status) || Number(response.status) < 200 || Number(response.status) > 599) {
    return "'response.status' is not an HTTP status (200-599)";
  }
  const headers = response.headers;
  if (!isRecord(headers) || Object.values(headers).some((header) => typeof header !== "string")) {
    return "'response.headers' is not an object of strings";
  }
  for (const name of ["headersMs", "durationMs"] as const) {
    if (!isDuration(response[name])) return `'response.${name}' is not a number of milliseconds`;
  }
  for (const name of ["text", "base64"] as const) {
    if (response[name] !== undefined && typeof response[name] !== "string") return `'response.${name}' is not a string`;
  }
  if (response.events !== undefined) return eventsProblem(response.events);
  return undefined;
}

function eventsProblem(events: unknown): string | undefined {
  if (!Array.isArray(events)) return "'response.events' is not an array";
  for (const [index, event] of events.entries()) {
    const where = `'response.events[${index}]'`;
    if (!isRecord(event) || !isDuration(event.t)) return `${where} has no time 't'`;
    if ("raw" in event ? typeof event.raw !== "string" : !("data" in event)) return `${where} has neither 'data' nor a 'raw' string`;
  }
  return undefined;
}

function isDuration(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

