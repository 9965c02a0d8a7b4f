// The options of createReplayer and their checks. Every option a caller gives must change what the replayer does: a
// misspelt name, or an option the chosen mode never reads, is an error at creation rather than a silent no-op.

import type { ResolvedUpstream } from "./record-exchange.js";
import type { ReplayTiming } from "./replay-exchange.js";
import { isRecord } from "../json-values.js";

/**
 * What a replayer does with a request:
 * - `"replay"`: answer from the cassette; a request it does not hold is a 400 `cassette_miss`;
 * - `"record"`: empty the cassette at creation, then forward every request upstream and record it;
 * - `"record-missing"`: replay what the cassette holds, forward and record the rest;
 * - `"replay-or-emulate"`: replay what the cassette holds, let the emulator answer the rest (never writes).
 *
 * @example
 * const mode: ReplayMode = "record-missing";
 */
export type ReplayMode = "replay" | "record" | "record-missing" | "replay-or-emulate";

/**
 * The replay modes, in the order the docs list them.
 *
 * @example
 * REPLAY_MODES.includes("record"); // true
 */
export const REPLAY_MODES: ReadonlyArray<ReplayMode> = ["replay", "record", "record-missing", "replay-or-emulate"];

/**
 * Options of `createReplayer`.
 *
 * @example
 * const options: ReplayOptions = { cassette: "fixtures/chat.jsonl", mode: "record-missing", upstream: { baseURL: "https://api.openai.com/v1" } };
 */
export interface ReplayOptions {
  /** Path of the JSONL cassette. */
  cassette: string;
  /** Default "replay". */
  mode?: ReplayMode;
  /** Where record modes forward requests. Required for "record" and "record-missing", refused by the other modes. */
  upstream?: { baseURL: string; apiKey?: string; fetch?: (input: Request) => Promise<Response> };
  /** Default "instant". Refused (other than "instant") by mode "record", which never replays. */
  timing?: ReplayTiming;
  /** Top-level body fields left out of the request key, in addition to the built-in volatile ones. */
  ignoreFields?: string[];
}

// Records keyed by every option name, so adding an option to the interface without listing it here fails to compile.
const OPTION_NAMES = Object.keys({ cassette: true, mode: true, upstream: true, timing: true, ignoreFields: true } satisfies Record<keyof ReplayOptions, true>);
const UPSTREAM_OPTION_NAMES = Object.keys({ baseURL: true, apiKey: true, fetch: true } satisfies Record<keyof NonNullable<ReplayOptions["upstream"]>, true>);

/** The modes that forward requests upstream, and so read `upstream`. */
const RECORD_MODES: ReadonlyArray<ReplayMode> = ["record", "record-missing"];

/**
 * Checks options given to `createReplayer` (which may come from plain JavaScript or a config file) and returns the mode
 * and timing with their defaults. Throws an Error naming the option and the fix for anything it cannot use: a wrong
 * type, an unknown name, or an option the mode would leave unused.
 *
 * @example
 * const { mode, timing } = checkReplayOptions({ cassette: "fixtures/chat.jsonl", timing: "original" }); // "replay", "original"
 */
export function checkReplayOptions(options: ReplayOptions): { mode: ReplayMode; timing: ReplayTiming } {
  if (!isRecord(options)) throw new Error(`createReplayer: expected an options object such as { cassette: "fixtures/chat.jsonl" }, not ${formatValue(options)}.`);
  checkNames(options, OPTION_NAMES, "option", "");
  if (typeof options.cassette !== "string" || options.cassette === "") throw new Error("createReplayer: 'cassette' must be the path of a JSONL file.");
  const mode = options.mode ?? "replay";
  if (!REPLAY_MODES.includes(mode)) throw new Error(`createReplayer: unknown mode ${JSON.stringify(mode)}; use one of ${REPLAY_MODES.join(", ")}.`);
  const timing = options.timing ?? "instant";
  checkTiming(timing, mode);
  checkIgnoreFields(options.ignoreFields);
  if (options.upstream !== undefined) checkUpstream(options.upstream, mode, options.mode === undefined);
  return { mode, timing };
}

/**
 * The upstream a record mode forwards to, with defaults resolved; undefined for the modes that never forward. Throws for
 * a record mode without an http(s) `upstream.baseURL`.
 *
 * @example
 * resolveUpstream({ cassette: "c.jsonl", mode: "record", upstream: { baseURL: "https://api.openai.com/v1" } }, "record")?.baseURL;
 * // "https://api.openai.com/v1"
 */
export function resolveUpstream(options: ReplayOptions, mode: ReplayMode): ResolvedUpstream | undefined {
  if (!RECORD_MODES.includes(mode)) return undefined;
  const baseURL = options.upstream?.baseURL;
  if (!baseURL) {
    throw new Error(`createReplayer: mode "${mode}" forwards requests to a real API, so it needs 'upstream.baseURL' (e.g. "https://api.openai.com/v1").`);
  }
  if (typeof baseURL !== "string" || !URL.canParse(baseURL) || !/^https?:$/u.test(new URL(baseURL).protocol)) {
    throw new Error(`createReplayer: 'upstream.baseURL' must be an http(s) URL such as "https://api.openai.com/v1", not ${JSON.stringify(baseURL)}.`);
  }
  // Looked up per request, so a test that replaces globalThis.fetch later still takes effect.
  const fetch = options.upstream?.fetch ?? ((input: Request) => globalThis.fetch(input));
  return { baseURL, apiKey: options.upstream?.apiKey, fetch };
}

function checkTiming(timing: ReplayTiming, mode: ReplayMode): void {
  const isScale = isRecord(timing) && Object.keys(timing).length === 1 && typeof timing.scale === "number" && Number.isFinite(timing.scale) && timing.scale >= 0;
  if (timing !== "instant" && timing !== "original" && !isScale) {
    throw new Error(`createReplayer: 'timing' must be "instant", "original" or { scale: n } with n >= 0 (0 is the same as "instant"), not ${formatValue(timing)}.`);
  }
  if (mode === "record" && timing !== "instant") {
    throw new Error(
      `createReplayer: 'timing' ${JSON.stringify(timing)} has no effect in mode "record", which never replays: it forwards every request and passes the ` +
        `answer on at the upstream's own pace. Remove 'timing', or use mode "record-missing" to replay what the cassette already holds at that pace.`,
    );
  }
}

function checkIgnoreFields(ignoreFields: unknown): void {
  if (ignoreFields === undefined) return;
  if (!Array.isArray(ignoreFields) || ignoreFields.some((field) => typeof field !== "string")) {
    throw new Error(`createReplayer: 'ignoreFields' must be an array of top-level body field names, such as ["temperature"], not ${formatValue(ignoreFields)}.`);
  }
}

function checkUpstream(upstream: unknown, mode: ReplayMode, modeIsDefault: boolean): void {
  if (!isRecord(upstream)) throw new Error(`createReplayer: 'upstream' must be an object such as { baseURL: "https://api.openai.com/v1" }, not ${formatValue(upstream)}.`);
  checkNames(upstream, UPSTREAM_OPTION_NAMES, "'upstream' option", "upstream.");
  if (upstream.apiKey !== undefined && typeof upstream.apiKey !== "string") throw new Error(`createReplayer: 'upstream.apiKey' must be a string, not ${formatValue(upstream.apiKey)}.`);
  if (upstream.fetch !== undefined && typeof upstream.fetch !== "function") {
    throw new Error(`createReplayer: 'upstream.fetch' must be a function (input: Request) => Promise<Response>, not ${formatValue(upstream.fetch)}.`);
  }
  if (!RECORD_MODES.includes(mode)) {
    throw new Error(
      `createReplayer: 'upstream' is only used by the modes that record (${RECORD_MODES.join(", ")}), and mode "${mode}"${modeIsDefault ? " (the default)" : ""} ` +
        `never forwards a request, so it would be ignored. Set mode "record-missing" (replay what the cassette holds, record the rest) or "record" ` +
        `(record everything afresh), or remove 'upstream'.`,
    );
  }
}

function checkNames(options: Record<string, unknown>, known: ReadonlyArray<string>, what: string, prefix: string): void {
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  const names = unknown.map((name) => {
    // A wrong case (baseUrl for baseURL, ignorefields) is the likeliest slip, so it gets a suggestion.
    const meant = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return `'${prefix}${name}'${meant === undefined ? "" : ` (did you mean '${prefix}${meant}'?)`}`;
  });
  throw new Error(`createReplayer: unknown ${what}${unknown.length === 1 ? "" : "s"} ${names.join(", ")}; the ${what}s are ${known.join(", ")}.`);
}

function formatValue(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (value === undefined) return "undefined";
  return JSON.stringify(value) ?? String(value);
}

