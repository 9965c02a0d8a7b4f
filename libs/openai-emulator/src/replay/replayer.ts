import { EmulatorHttpError } from "../errors.js";
import { FAULT_HEADER } from "../faults.js";
import { appendToCassette, CASSETTE_VERSION, readCassette, truncateCassette, type CassetteEntry } from "./cassette.js";
import { createCassetteMissError, findNearestRecording, type KeyedRecording } from "./find-nearest-recording.js";
import { recordExchange } from "./record-exchange.js";
import { replayExchange } from "./replay-exchange.js";
import { checkReplayOptions, resolveUpstream, type ReplayMode, type ReplayOptions } from "./replay-options.js";
import { createRequestKey, parseRequestBody, type RecordedRequest, type RequestKey } from "./request-key.js";
import type { AnswerSource } from "../request-notes.js";

export type { ReplayTiming } from "./replay-exchange.js";

export { REPLAY_MODES, type ReplayMode, type ReplayOptions } from "./replay-options.js";

/**
 * Where a replayer's answer came from: the cassette, the upstream (recorded), or the emulator (a replay-or-emulate miss).
 *
 * @example
 * const { source } = await replayer.handle(request, bodyText, emulate, null); // "replayed"
 */
export type ReplaySource = Exclude<AnswerSource, "scenario">;

/**
 * Answers OpenAI API requests from a cassette, recording them from an upstream API as the mode says.
 *
 * @example
 * const { response, source } = await replayer.handle(request, await request.clone().text(), emulator.fetch, null);
 */
export interface Replayer {
  /**
   * Answers one OpenAI API request (never `/__emulator/` paths). `bodyText` is the request body already read (the
   * request's own body is still unread). `emulate` answers it with the emulator itself ("replay-or-emulate" misses).
   * `scope` is the request's `x-emulator-scope` header (or null): each scope replays a key's recordings from the first,
   * so parallel tests in their own scopes each see the whole recorded sequence.
   * Throws an `EmulatorHttpError` 400 `cassette_miss` for a replay miss, a 400 `invalid_emulator_fault` when a request the
   * cassette answers asks for a fault, and a 502 `upstream_unreachable` when a record mode cannot reach the upstream.
   */
  handle(
    request: Request,
    bodyText: string,
    emulate: (request: Request) => Promise<Response>,
    scope: string | null,
  ): Promise<{ response: Response; source: ReplaySource }>;
  /**
   * Starts replay positions again: with a scope, that scope's (its next request of each key gets the first recording
   * again); with null, every scope's. Recordings made in this run stay in the cassette and are replayed like the others.
   */
  reset(scope: string | null): void;
  /** Resolves when every recording in flight is written to the cassette; rejects if a write failed. */
  flush(): Promise<void>;
}

/**
 * Creates a replayer over a JSONL cassette, read once here. Throws a clear Error for options it cannot work with (a
 * wrong type, an unknown name, an option the mode would not use), a "replay" or "replay-or-emulate" cassette that does
 * not exist, and a malformed cassette line (naming file and line).
 *
 * @example
 * const replayer = createReplayer({ cassette: "fixtures/chat.jsonl", mode: "record-missing", upstream: { baseURL: "https://api.openai.com/v1" } });
 * const { response, source } = await replayer.handle(request, bodyText, emulator.fetch, null);
 * await replayer.flush();
 */
export function createReplayer(options: ReplayOptions): Replayer {
  const { mode, timing } = checkReplayOptions(options);
  const ignoreFields = options.ignoreFields ?? [];
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
    async handle(request, bodyText, emulate, scope) {
      const start = performance.now();
      const url = new URL(request.url);
      const recorded: RecordedRequest = { method: request.method, path: `${url.pathname}${url.search}`, ...parseRequestBody(bodyText) };
      const key = createRequestKey(recorded, ignoreFields);
      if (mode !== "record") {
        const hit = cassette.peek(scope, key, mode === "record-missing");
        // Checked before the position moves on, so the refused request does not use up a recording.
        if (hit) checkNoFault(request.headers, hit, key, options.cassette);
        cassette.advance(scope, key);
        if (hit) return { response: await replayExchange(hit.entry.response, timing, request.signal, start), source: "replayed" };
        if (mode === "replay-or-emulate") return { response: await emulate(request), source: "emulated" };
        if (mode === "replay") throw createCassetteMissError(key, findNearestRecording(cassette.recordings, key), options.cassette, mode);
      }
      if (!upstream) throw new Error(`Replay mode "${mode}" has no upstream`); // unreachable: checked at creation
      const { response, recording } = await recordExchange(request, upstream, start);
      keep(key, recorded, recording);
      return { response, source: "recorded" };
    },
    reset(scope) {
      cassette.rewind(scope);
    },
    async flush() {
      while (pending.size > 0) await Promise.all(pending);
      const error = writeError;
      writeError = undefined;
      if (error) throw error;
    },
  };
}

// A replayed answer is sent as recorded, so a fault asked for on top of it could not be applied; answering as if it had
// been would let a test pass while testing nothing.
function checkNoFault(headers: Headers, hit: CassetteSlot, key: RequestKey, file: string): void {
  const fault = headers.get(FAULT_HEADER)?.trim();
  if (!fault) return;
  throw new EmulatorHttpError(
    400,
    `The request asks for the fault ${JSON.stringify(fault)} (${FAULT_HEADER} header), but the cassette ${file} answers it (${key.label}, line ${hit.line}), ` +
      "and faults do not apply to answers replayed from a cassette: the recorded answer is sent as it was recorded. To replay a fault, record it " +
      `from an upstream that injects it (for example another emulator, sent this header while recording with mode "record" or "record-missing"); ` +
      `to have this emulator inject it, use mode "replay-or-emulate" with a request that is not in the cassette. See docs/record-replay.md#faults-and-scenarios.`,
    { code: "invalid_emulator_fault" },
  );
}

/** A cassette entry with its line, as the index holds it. */
interface CassetteSlot {
  entry: CassetteEntry;
  line: number;
}

interface CassetteIndex {
  readonly recordings: ReadonlyArray<KeyedRecording>;
  /**
   * The recording a scope's next request of a key gets, in recorded order; once used up, the last again (undefined with
   * `noRepeat`). Does not move the position: see advance.
   */
  peek(scope: string | null, key: RequestKey, noRepeat: boolean): CassetteSlot | undefined;
  /** Moves a scope's position for a key one on, whether or not a recording was there. */
  advance(scope: string | null, key: RequestKey): void;
  /** Forgets the positions of one scope, or of every scope with null. */
  rewind(scope: string | null): void;
  append(entry: CassetteEntry): void;
}

// The cassette in memory: entries grouped by key hash, with a position per scope and key. A taken slot stays taken
// even when its request is then recorded, so "record-missing" records a second identical request instead of replaying
// the first.
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
  const byHash = new Map<string, CassetteSlot[]>();
  // Scope (null for requests without one) -> key hash -> how many of that key's requests the scope has made.
  const positions = new Map<string | null, Map<string, number>>();
  let lineCount = loaded.lineCount;
  let separator = loaded.endsWithNewline ? "" : "\n";
  const index = (entry: CassetteEntry, line: number) => {
    const key = createRequestKey(entry.request, ignoreFields);
    recordings.push({ key, line });
    byHash.set(key.hash, [...(byHash.get(key.hash) ?? []), { entry, line }]);
  };
  const scopePositions = (scope: string | null) => {
    let found = positions.get(scope);
    if (!found) positions.set(scope, (found = new Map()));
    return found;
  };
  for (const { entry, line } of loaded.entries) index(entry, line);
  return {
    recordings,
    peek(scope, key, noRepeat) {
      const slots = byHash.get(key.hash) ?? [];
      return slots[positions.get(scope)?.get(key.hash) ?? 0] ?? (noRepeat ? undefined : slots.at(-1));
    },
    advance(scope, key) {
      const keys = scopePositions(scope);
      keys.set(key.hash, (keys.get(key.hash) ?? 0) + 1);
    },
    rewind(scope) {
      if (scope === null) positions.clear();
      else positions.delete(scope);
    },
    append(entry) {
      appendToCassette(file, entry, separator);
      separator = "";
      lineCount += 1;
      index(entry, lineCount);
    },
  };
}
