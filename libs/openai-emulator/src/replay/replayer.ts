import { appendToCassette, CASSETTE_VERSION, readCassette, truncateCassette, type CassetteEntry } from "./cassette.js";
import { createCassetteMissError, findNearestRecording, type KeyedRecording } from "./find-nearest-recording.js";
import { recordExchange, type ResolvedUpstream } from "./record-exchange.js";
import { replayExchange, type ReplayTiming } from "./replay-exchange.js";
import { createRequestKey, parseRequestBody, type RecordedRequest, type RequestKey } from "./request-key.js";

export type { ReplayTiming } from "./replay-exchange.js";

/**
 * What a replayer does with a request:
 * - `"replay"`: answer from the cassette; a request it does not hold is a 400 `cassette_miss`;
 * - `"record"`: empty the cassette at creation, then forward every request upstream and record it;
 * - `"record-missing"`: replay what the cassette holds, forward and record the rest;
 * - `"replay-or-emulate"`: replay what the cassette holds, let the emulator answer the rest (never writes).
 */
export type ReplayMode = "replay" | "record" | "record-missing" | "replay-or-emulate";

/** The replay modes, in the order the docs list them. */
export const REPLAY_MODES: ReadonlyArray<ReplayMode> = ["replay", "record", "record-missing", "replay-or-emulate"];

/**
 * Options of {@link createReplayer}.
 *
 * @example
 * const options: ReplayOptions = { cassette: "fixtures/chat.jsonl", mode: "record-missing", upstream: { baseURL: "https://api.openai.com/v1" } };
 */
export interface ReplayOptions {
  /** Path of the JSONL cassette. */
  cassette: string;
  /** Default "replay". */
  mode?: ReplayMode;
  /** Where record modes forward requests. Required for "record" and "record-missing". */
  upstream?: { baseURL: string; apiKey?: string; fetch?: (input: Request) => Promise<Response> };
  /** Default "instant". */
  timing?: ReplayTiming;
  /** Top-level body fields left out of the request key, in addition to the built-in volatile ones. */
  ignoreFields?: string[];
}

/** Where an answer came from. */
export type ReplaySource = "replayed" | "recorded" | "emulated";

/**
 * Answers OpenAI API requests from a cassette, recording them from an upstream API as the mode says.
 *
 * @example
 * const { response, source } = await replayer.handle(request, await request.clone().text(), emulator.fetch);
 */
export interface Replayer {
  /**
   * Answers one OpenAI API request (never `/__emulator/` paths). `bodyText` is the request body already read (the
   * request's own body is still unread). `emulate` answers it with the emulator itself ("replay-or-emulate" misses).
   * Throws an `EmulatorHttpError` 400 `cassette_miss` for a replay miss, and a 502 `upstream_unreachable` when a record
   * mode cannot reach the upstream.
   */
  handle(request: Request, bodyText: string, emulate: (request: Request) => Promise<Response>): Promise<{ response: Response; source: ReplaySource }>;
  /** Resolves when every recording in flight is written to the cassette; rejects if a write failed. */
  flush(): Promise<void>;
}

/**
 * Creates a replayer over a JSONL cassette, read once here. Throws a clear Error for options it cannot work with, a
 * "replay" or "replay-or-emulate" cassette that does not exist, and a malformed cassette line (naming file and line).
 *
 * @example
 * const replayer = createReplayer({ cassette: "fixtures/chat.jsonl", mode: "record-missing", upstream: { baseURL: "https://api.openai.com/v1" } });
 * const { response, source } = await replayer.handle(request, bodyText, emulator.fetch);
 * await replayer.flush();
 */
export function createReplayer(options: ReplayOptions): Replayer {
  const mode = options.mode ?? "replay";
  const timing = options.timing ?? "instant";
  const ignoreFields = options.ignoreFields ?? [];
  checkOptions(options, mode, timing);
  const upstream = resolveUpstream(options, mode);
  const cassette = openCassette(options.cassette, mode, ignoreFields);
  const pending = new Set<Promise<void>>();
  let writeError: Error | undefined;

  const keep = (key: RequestKey, request: RecordedRequest, recording: Promise<CassetteEntry["response"] | undefined>) => {
    const written = recording
      .then((response) => {
        if (response) cassette.append({ version: CASSETTE_VERSION, key: key.label, recordedAt: new Date().toISOString(), request, response });
      })
      .catch((error: unknown) => {
        // Reported by flush(): nobody awaits a recording, so throwing here would be an unhandled rejection.
        writeError ??= new Error(`Could not write the cassette ${options.cassette}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      })
      .finally(() => pending.delete(written));
    pending.add(written);
  };

  return {
    async handle(request, bodyText, emulate) {
      const start = performance.now();
      const url = new URL(request.url);
      const recorded: RecordedRequest = { method: request.method, path: `${url.pathname}${url.search}`, ...parseRequestBody(bodyText) };
      const key = createRequestKey(recorded, ignoreFields);
      if (mode !== "record") {
        const hit = cassette.take(key, mode === "record-missing");
        if (hit) return { response: await replayExchange(hit.response, timing, request.signal, start), source: "replayed" };
        if (mode === "replay-or-emulate") return { response: await emulate(request), source: "emulated" };
        if (mode === "replay") throw createCassetteMissError(key, findNearestRecording(cassette.recordings, key), options.cassette, mode);
      }
      if (!upstream) throw new Error(`Replay mode "${mode}" has no upstream`); // unreachable: checked at creation
      const { response, recording } = await recordExchange(request, upstream, start);
      keep(key, recorded, recording);
      return { response, source: "recorded" };
    },
    async flush() {
      while (pending.size > 0) await Promise.all(pending);
      const error = writeError;
      writeError = undefined;
      if (error) throw error;
    },
  };
}

function checkOptions(options: ReplayOptions, mode: ReplayMode, timing: ReplayTiming): void {
  if (typeof options.cassette !== "string" || options.cassette === "") throw new Error("createReplayer: 'cassette' must be the path of a JSONL file.");
  if (!REPLAY_MODES.includes(mode)) throw new Error(`createReplayer: unknown mode ${JSON.stringify(mode)}; use one of ${REPLAY_MODES.join(", ")}.`);
  const scale = typeof timing === "object" && timing !== null ? timing.scale : undefined;
  if (timing !== "instant" && timing !== "original" && !(typeof scale === "number" && Number.isFinite(scale) && scale >= 0)) {
    throw new Error(`createReplayer: 'timing' must be "instant", "original" or { scale: n } with n >= 0, not ${JSON.stringify(timing)}.`);
  }
}

function resolveUpstream(options: ReplayOptions, mode: ReplayMode): ResolvedUpstream | undefined {
  if (mode !== "record" && mode !== "record-missing") return undefined;
  const baseURL = options.upstream?.baseURL;
  if (!baseURL) {
    throw new Error(`createReplayer: mode "${mode}" forwards requests to a real API, so it needs 'upstream.baseURL' (e.g. "https://api.openai.com/v1").`);
  }
  if (!URL.canParse(baseURL) || !/^https?:$/u.test(new URL(baseURL).protocol)) {
    throw new Error(`createReplayer: 'upstream.baseURL' must be an http(s) URL such as "https://api.openai.com/v1", not ${JSON.stringify(baseURL)}.`);
  }
  // Looked up per request, so a test that replaces globalThis.fetch later still takes effect.
  const fetch = options.upstream?.fetch ?? ((input: Request) => globalThis.fetch(input));
  return { baseURL, apiKey: options.upstream?.apiKey, fetch };
}

interface CassetteIndex {
  readonly recordings: ReadonlyArray<KeyedRecording>;
  /** The next recording for a key, in recorded order; once used up, the last again (undefined with `noRepeat`). */
  take(key: RequestKey, noRepeat: boolean): CassetteEntry | undefined;
  append(entry: CassetteEntry): void;
}

// The cassette in memory: entries grouped by key hash, with a cursor per key. A taken slot stays taken even when its
// request is then recorded, so "record-missing" records a second identical request instead of replaying the first.
function openCassette(file: string, mode: ReplayMode, ignoreFields: ReadonlyArray<string>): CassetteIndex {
  if (mode === "record") truncateCassette(file);
  const loaded = readCassette(file);
  // An existing empty file is a valid (empty) cassette; a missing one is almost always a wrong path.
  if (!loaded.exists && (mode === "replay" || mode === "replay-or-emulate")) {
    throw new Error(
      `createReplayer: the cassette ${file} does not exist. Mode "${mode}" replays recorded exchanges; record them first with mode "record" or "record-missing" and an upstream.`,
    );
  }
  const recordings: KeyedRecording[] = [];
  const byHash = new Map<string, CassetteEntry[]>();
  const cursors = new Map<string, number>();
  let lineCount = loaded.lineCount;
  let separator = loaded.endsWithNewline ? "" : "\n";
  const index = (entry: CassetteEntry, line: number) => {
    const key = createRequestKey(entry.request, ignoreFields);
    recordings.push({ key, line });
    byHash.set(key.hash, [...(byHash.get(key.hash) ?? []), entry]);
  };
  for (const { entry, line } of loaded.entries) index(entry, line);
  return {
    recordings,
    take(key, noRepeat) {
      const entries = byHash.get(key.hash) ?? [];
      const cursor = cursors.get(key.hash) ?? 0;
      cursors.set(key.hash, cursor + 1);
      return entries[cursor] ?? (noRepeat ? undefined : entries.at(-1));
    },
    append(entry) {
      appendToCassette(file, entry, separator);
      separator = "";
      lineCount += 1;
      index(entry, lineCount);
    },
  };
}
