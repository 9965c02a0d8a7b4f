import { EmulatorHttpError } from "../errors.js";
import type { RequestKey } from "./request-key.js";
import { isRecord } from "../json-values.js";

/** One place where two requests differ: a JSON path into the body (or `method` / `path`) and both values. */
export interface RequestDifference {
  path: string;
  /** The recorded value; undefined when the recorded request has nothing there. */
  recorded: unknown;
  /** The new request's value; undefined when it has nothing there. */
  got: unknown;
}

/** A recorded request, by key, with the cassette line it came from. */
export interface KeyedRecording {
  key: RequestKey;
  line: number;
}

/** The recorded request closest to a missed one, with how far it is. */
export interface NearestRecording extends KeyedRecording {
  /** How many leaf values differ (method and path count one each). */
  distance: number;
  /** The first difference, in the new request's field order. */
  first: RequestDifference | undefined;
}

/**
 * Finds the recorded request closest to `got`: among recordings with the same method and path (else all of them), the
 * one with the fewest differing leaf values in the body (ignored fields left out); on a tie, the path sharing the
 * longest start with `got`'s, then the earliest line.
 *
 * @example
 * const nearest = findNearestRecording(recordings, createRequestKey({ method: "POST", path: "/v1/chat/completions", body }));
 * nearest?.first; // { path: "messages[1].content", recorded: "Hi", got: "Hello" }
 */
export function findNearestRecording(recordings: ReadonlyArray<KeyedRecording>, got: RequestKey): NearestRecording | undefined {
  const samePath = recordings.filter(({ key }) => key.method === got.method && key.path === got.path);
  let best: NearestRecording | undefined;
  for (const recording of samePath.length > 0 ? samePath : recordings) {
    const nearest = { ...recording, ...diffRequests(recording.key, got) };
    if (!best || isNearer(nearest, best, got.path)) best = nearest;
  }
  return best;
}

// Fewer differences first; then, between other endpoints, the path that shares more of its start (`/v1/models/gpt-4o`
// is nearer `/v1/models/gpt-4o-mini` than `/v1/models`); then the earlier line, which is already `best`.
function isNearer(candidate: NearestRecording, best: NearestRecording, path: string): boolean {
  if (candidate.distance !== best.distance) return candidate.distance < best.distance;
  return sharedStart(candidate.key.path, path) > sharedStart(best.key.path, path);
}

function sharedStart(left: string, right: string): number {
  let length = 0;
  while (length < left.length && left[length] === right[length]) length++;
  return length;
}

/**
 * Compares two requests leaf by leaf: `distance` counts the leaf values that differ, `first` is the first difference.
 *
 * @example
 * diffRequests(recordedKey, newKey); // { distance: 1, first: { path: "temperature", recorded: 0, got: 0.2 } }
 */
export function diffRequests(recorded: RequestKey, got: RequestKey): { distance: number; first: RequestDifference | undefined } {
  const found: { distance: number; first: RequestDifference | undefined } = { distance: 0, first: undefined };
  // A different endpoint explains a miss better than any body field, so it is reported first.
  for (const field of ["method", "path"] as const) {
    if (recorded[field] !== got[field]) note(found, field, recorded[field], got[field], 1);
  }
  compareValues(recorded.body, got.body, "", found);
  return found;
}

/**
 * The 400 a replay miss answers with (code `cassette_miss`): the missed key, the nearest recorded request (its key,
 * cassette line and first difference) and how to record the request.
 *
 * @example
 * throw createCassetteMissError(key, findNearestRecording(recordings, key), "fixtures/chat.jsonl", "replay");
 */
export function createCassetteMissError(key: RequestKey, nearest: NearestRecording | undefined, cassette: string, mode: string): EmulatorHttpError {
  const closest = nearest
    ? ` Nearest recorded request: ${nearest.key.label} (line ${nearest.line}), ${nearest.distance} ${nearest.distance === 1 ? "difference" : "differences"}` +
      (nearest.first ? `; first: ${formatDifference(nearest.first)}.` : " (it differs only in fields the key ignores).")
    : " The cassette has no recorded exchanges.";
  const message =
    `No recorded exchange matches ${key.label} in the cassette ${cassette} (replay mode "${mode}").${closest} ` +
    `To record it, run with mode "record-missing" and an upstream. This error comes from the emulator's replay, not from the OpenAI API; ` +
    "see docs/record-replay.md#misses.";
  return new EmulatorHttpError(400, message, { type: "invalid_request_error", code: "cassette_miss" });
}

/**
 * A difference as one line: `messages[1].content: recorded "Hi", got "Hello"` (long values shortened).
 *
 * @example
 * formatDifference({ path: "model", recorded: "gpt-4o", got: "gpt-4o-mini" }); // 'model: recorded "gpt-4o", got "gpt-4o-mini"'
 */
export function formatDifference(difference: RequestDifference): string {
  return `${difference.path}: recorded ${formatValue(difference.recorded)}, got ${formatValue(difference.got)}`;
}

const MAX_VALUE_LENGTH = 60;

function formatValue(value: unknown): string {
  if (value === undefined) return "(nothing)";
  const text = JSON.stringify(value);
  return text.length <= MAX_VALUE_LENGTH ? text : `${text.slice(0, MAX_VALUE_LENGTH - 1)}…`;
}

type Found = { distance: number; first: RequestDifference | undefined };

function compareValues(recorded: unknown, got: unknown, path: string, found: Found): void {
  if (isRecord(recorded) && isRecord(got)) {
    const names = [...Object.keys(got), ...Object.keys(recorded).filter((name) => !Object.hasOwn(got, name))];
    for (const name of names) compareValues(own(recorded, name), own(got, name), joinPath(path, name), found);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(got)) {
    for (let index = 0; index < Math.max(recorded.length, got.length); index++) {
      compareValues(recorded[index], got[index], `${path || "body"}[${index}]`, found);
    }
    return;
  }
  if (recorded === got) return;
  note(found, path || "body", recorded, got, Math.max(countLeaves(recorded), countLeaves(got)));
}

function note(found: Found, path: string, recorded: unknown, got: unknown, distance: number): void {
  found.distance += distance;
  found.first ??= { path, recorded, got };
}

function countLeaves(value: unknown): number {
  if (value === undefined) return 0;
  const children = isRecord(value) ? Object.values(value) : Array.isArray(value) ? value : undefined;
  if (!children) return 1;
  return Math.max(1, children.reduce((sum: number, child) => sum + countLeaves(child), 0));
}

function joinPath(path: string, name: string): string {
  const step = /^[A-Za-z_$][\w$]*$/u.test(name) ? name : `[${JSON.stringify(name)}]`;
  if (path === "") return step.startsWith("[") ? `body${step}` : step;
  return step.startsWith("[") ? `${path}${step}` : `${path}.${step}`;
}

// Own properties only: a body field named "constructor" must not read Object.prototype's.
function own(value: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(value, name) ? value[name] : undefined;
}

