// The request journal: what each client sent and what it got back, so tests can assert on the wire instead of on
// mocks. Recording costs little per chunk (decoding and finding event boundaries); JSON is parsed only when someone
// reads the journal.

import { redactHeaders, redactQuery } from "./journal-redact.js";
import type { RequestNotes } from "./request-notes.js";
import { createEventCollector, createTextCollector, keepText, viewText, type BodyCollector, type JournalTruncation } from "./journal-bodies.js";

/**
 * One request and its response, as `GET /__emulator/journal` and `emulator.journal` report them. Entries handed out
 * are frozen: they are read-only snapshots.
 *
 * @example
 * const entry = emulator.journal.last({ path: "/v1/chat/completions" });
 * expect(entry?.request.body).toMatchObject({ model: "gpt-4o-mini" });
 */
export interface JournalEntry {
  /** 1, 2, 3… per emulator, in arrival order. */
  seq: number;
  scope: string | null;
  /** ISO time the request arrived (from the emulator clock `now`). */
  startedAt: string;
  /** Until the response body ended (or failed); null while a stream is still open. */
  durationMs: number | null;
  /** False while the response body is still being sent. */
  complete: boolean;
  request: {
    method: string;
    /** The pathname only. */
    path: string;
    /** Credentials redacted (`api-key`, `key`, `access_token`, … as `sk-***`). */
    query: Record<string, string>;
    /** Lower-case names; credentials redacted (`Bearer sk-***`, `x-api-key`, `api-key`). */
    headers: Record<string, string>;
    /**
     * Parsed JSON when it parses, else the text; undefined when empty. A body the journal truncated (see
     * `truncated`) is the text it kept followed by a marker saying so.
     */
    body: unknown;
    /** Present when the journal kept only the first bytes of the body (`journalMaxBodyBytes`, `journalMaxBytes`). */
    truncated?: JournalTruncation;
  };
  response: {
    status: number;
    headers: Record<string, string>;
    /** A body that is not an event stream, once it ended: parsed JSON, else the text (undefined when empty). */
    body?: unknown;
    /** An event stream: each `data:` payload, parsed JSON or the string (`"[DONE]"`); other events as raw text. */
    events?: unknown[];
    /** The body failed mid-way (a socket reset fault), or (status 0) the client gave up before any response. */
    error?: string;
    /** Present when the journal kept only the first bytes of the body; the last event (or the body's end) is a marker. */
    truncated?: JournalTruncation;
  };
  rule: string | null;
  faults: string[];
  source: RequestNotes["source"];
}

/**
 * Selects journal entries. `scope`: undefined for every scope, null for unscoped requests only, a string for that
 * scope. `path` matches the pathname exactly; `method` ignores case.
 *
 * @example
 * journal.entries({ scope: "test-42", method: "POST", path: "/v1/chat/completions" });
 */
export interface JournalFilter {
  scope?: string | null;
  path?: string;
  method?: string;
}

/**
 * The journal as tests see it: read-only, apart from `clear`.
 *
 * @example
 * await emulator.journal.settled();
 * const [first] = emulator.journal.entries({ scope: null });
 */
export interface Journal {
  /** Matching entries, oldest first, as frozen snapshots. */
  entries(filter?: JournalFilter): JournalEntry[];
  /** The newest matching entry. */
  last(filter?: JournalFilter): JournalEntry | undefined;
  /** Resolves when every entry matching the filter is complete (streams consumed or cancelled). */
  settled(filter?: JournalFilter): Promise<void>;
  /** Forgets the entries of one scope (null: unscoped ones), or all of them; `seq` keeps counting. */
  clear(filter?: { scope?: string | null }): void;
}

/**
 * The journal as the emulator sees it: it also records.
 *
 * @example
 * const journal = createJournal({ limit: 1000, now: Date.now });
 * return journal.record({ request, bodyText, response, notes, started });
 */
export interface JournalRecorder extends Journal {
  /**
   * Opens the entry of a request as it arrives (so entries are numbered and ordered by arrival, and `settled()` waits
   * for requests still being answered). Its response shows status 0 until `respond` or `abandon` is called. `notes`
   * is a live object the route may still update until the exchange completes.
   */
  begin(exchange: { request: Request; bodyText: string; notes: RequestNotes; started: number }): JournalSlot;
  /** `begin` and `respond` in one step, for an exchange whose response is already there. */
  record(exchange: { request: Request; bodyText: string; response: Response; notes: RequestNotes; started: number }): Response;
}

/**
 * The open entry of one request.
 *
 * @example
 * const slot = journal.begin({ request, bodyText, notes, started });
 * return slot.respond(await answer(request));
 */
export interface JournalSlot {
  /**
   * Records the response and returns the one to send: the same status and headers, with a body that is teed so the
   * journal sees every byte the client gets (streams are passed through chunk by chunk, never buffered before the
   * client sees them; if the client cancels, the entry completes with what was sent).
   */
  respond(response: Response): Response;
  /**
   * Completes the entry of a request the client gave up on before any response (a timeout shorter than a `delayMs`
   * or a `timeout` fault): status 0, no headers, and `error` saying why, so a test sees the attempt.
   */
  abandon(reason: unknown): void;
}

/** The journal's default byte budget: 64 MiB of request and response bodies. */
export const DEFAULT_JOURNAL_MAX_BYTES = 64 * 1024 * 1024;

/** Options of {@link createJournal}. */
export interface JournalOptions {
  /** How many entries it keeps, newest last (0 turns recording off). */
  limit: number;
  /**
   * How many bytes of bodies (request and response, UTF-8) it keeps in all (default {@link DEFAULT_JOURNAL_MAX_BYTES}):
   * past it, the oldest entries are forgotten. A single body larger than the budget is truncated to it.
   */
  maxBytes?: number;
  /** How many bytes of each body it keeps (default: the whole budget); the rest is dropped, with a marker. */
  maxBodyBytes?: number;
  now: () => number;
}

/**
 * Creates a request journal that keeps the newest `limit` entries (0 turns recording off), within a byte budget.
 *
 * @example
 * const journal = createJournal({ limit: 1000, maxBytes: 64 * 1024 * 1024, now: context.now });
 * const sent = journal.record({ request, bodyText, response, notes, started });
 * journal.last()?.request.body; // what the client sent
 */
export function createJournal(options: JournalOptions): JournalRecorder {
  const limit = Math.floor(options.limit);
  if (!(limit >= 0)) throw new RangeError(`The journal limit is a number of entries, 0 or more (got ${options.limit}).`);
  const maxBytes = readByteOption("maxBytes", options.maxBytes, DEFAULT_JOURNAL_MAX_BYTES);
  // Request and response together fit the budget, so the newest entry alone never exceeds it.
  const bodyCap = Math.min(readByteOption("maxBodyBytes", options.maxBodyBytes, maxBytes), Math.floor(maxBytes / 2));
  const { now } = options;
  let states: EntryState[] = [];
  let seq = 0;
  let totalBytes = 0;
  const forget = (state: EntryState) => {
    state.evicted = true;
    totalBytes -= state.bytes;
  };
  // Oldest first; the entry that just grew stays (it fits the budget by construction of bodyCap).
  const evict = () => {
    let drop = 0;
    let freed = 0;
    while (drop < states.length - 1 && (states.length - drop > limit || totalBytes - freed > maxBytes)) {
      freed += states[drop]?.bytes ?? 0;
      drop++;
    }
    if (drop === 0) return;
    states.splice(0, drop).forEach(forget);
  };
  const account = (state: EntryState) => (bytes: number) => {
    if (state.evicted) return;
    state.bytes += bytes;
    totalBytes += bytes;
    if (totalBytes > maxBytes) evict();
  };
  const matching = (filter: JournalFilter = {}) => states.filter((state) => matches(state, filter));
  return {
    entries: (filter) => matching(filter).map(snapshot),
    last: (filter = {}) => {
      for (let index = states.length - 1; index >= 0; index--) {
        const state = states[index];
        if (state && matches(state, filter)) return snapshot(state);
      }
      return undefined;
    },
    settled: async (filter) => {
      // Entries may arrive while we wait (a test's next request); settled means none is pending when it resolves.
      for (;;) {
        const pending = matching(filter).filter((state) => !state.complete);
        if (pending.length === 0) return;
        await Promise.all(pending.map((state) => state.done));
      }
    },
    clear: (filter = {}) => {
      const [gone, kept] = partition(states, (state) => matches(state, filter));
      gone.forEach(forget);
      states = kept;
    },
    begin: (exchange) => {
      if (limit === 0) return { respond: (response) => response, abandon: () => undefined };
      const state = createEntryState(++seq, exchange, bodyCap);
      states.push(state);
      totalBytes += state.bytes;
      evict();
      return {
        respond: (response) => {
          state.status = response.status;
          state.responseHeaders = Object.freeze(Object.fromEntries(response.headers));
          return teeResponse(response, state, now, { cap: bodyCap, account: account(state) });
        },
        abandon: (reason) => {
          state.error = `The client gave up before the response: ${describeError(reason)}`;
          completeEntry(state, now);
        },
      };
    },
    record(exchange) {
      return this.begin(exchange).respond(exchange.response);
    },
  };
}

/**
 * The body of `GET /__emulator/journal`: the entries in OpenAI's list envelope.
 *
 * @example
 * jsonResponse(200, journalListBody(journal.entries({ scope })));
 */
export function journalListBody(entries: JournalEntry[]): { object: "list"; data: JournalEntry[] } {
  return { object: "list", data: entries };
}

interface EntryState {
  readonly seq: number;
  readonly started: number;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  /** The request body as kept (its first bytes only when `requestTruncated`). */
  readonly bodyText: string;
  readonly requestTruncated: JournalTruncation | undefined;
  /** Body bytes this entry holds (request and response), counted against the byte budget. */
  bytes: number;
  /** Forgotten (oldest past a cap, or cleared): what its response still sends is not counted. */
  evicted: boolean;
  /** Live until the exchange completes (faults that fire mid-stream are noted late), then a copy. */
  notes: RequestNotes;
  /** 0 until the response is there (and for a request the client gave up on). */
  status: number;
  responseHeaders: Record<string, string>;
  body: BodyCollector | undefined;
  durationMs: number | null;
  complete: boolean;
  error: string | undefined;
  readonly done: Promise<void>;
  resolveDone: () => void;
  request?: JournalEntry["request"];
  /** The final snapshot, kept once the entry is complete. */
  view?: JournalEntry;
}

function createEntryState(
  seq: number,
  exchange: { request: Request; bodyText: string; notes: RequestNotes; started: number },
  bodyCap: number,
): EntryState {
  const { request } = exchange;
  const kept = keepText(exchange.bodyText, bodyCap);
  const url = new URL(request.url);
  let resolveDone = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  return {
    seq,
    started: exchange.started,
    method: request.method,
    path: url.pathname,
    query: Object.freeze(redactQuery(url.searchParams)),
    headers: Object.freeze(redactHeaders(request.headers)),
    bodyText: kept.text,
    requestTruncated: kept.truncated,
    bytes: kept.bytes,
    evicted: false,
    notes: exchange.notes,
    status: 0,
    responseHeaders: Object.freeze({}),
    body: undefined,
    durationMs: null,
    complete: false,
    error: undefined,
    done,
    resolveDone,
  };
}

function matches(state: EntryState, filter: JournalFilter): boolean {
  return (
    (filter.scope === undefined || state.notes.scope === filter.scope) &&
    (filter.path === undefined || state.path === filter.path) &&
    (filter.method === undefined || state.method.toUpperCase() === filter.method.toUpperCase())
  );
}

// Frozen rather than deep-copied: a snapshot costs no copy of its bodies, and a caller cannot corrupt the journal.
function snapshot(state: EntryState): JournalEntry {
  if (state.view) return state.view;
  state.request ??= Object.freeze({
    method: state.method,
    path: state.path,
    query: state.query,
    headers: state.headers,
    body: state.bodyText === "" ? undefined : viewText(state.bodyText, state.requestTruncated),
    ...(state.requestTruncated ? { truncated: state.requestTruncated } : {}),
  });
  const response: JournalEntry["response"] = { status: state.status, headers: state.responseHeaders, ...state.body?.read() };
  if (state.error !== undefined) response.error = state.error;
  const { scope, rule, faults, source } = state.notes;
  const entry: JournalEntry = Object.freeze({
    seq: state.seq,
    scope,
    startedAt: new Date(state.started).toISOString(),
    durationMs: state.durationMs,
    complete: state.complete,
    request: state.request,
    response: Object.freeze(response),
    rule,
    faults: Object.freeze([...faults]) as string[],
    source,
  });
  if (state.complete) state.view = entry;
  return entry;
}

function teeResponse(response: Response, state: EntryState, now: () => number, budget: { cap: number; account: (bytes: number) => void }): Response {
  const finish = (failure?: { error: unknown }) => {
    if (state.complete) return;
    state.body?.end();
    if (failure) state.error = describeError(failure.error);
    completeEntry(state, now);
  };
  if (response.body === null) {
    finish();
    return response;
  }
  const stream = isEventStream(response);
  const collector = stream ? createEventCollector(budget.cap, budget.account) : createTextCollector(budget.cap, budget.account);
  state.body = collector;
  const write = (bytes: Uint8Array) => collector.write(bytes);
  const body = stream ? passThrough(response.body, write, finish) : readAhead(response.body, write, finish);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

// The notes stop being live (a copy is kept) and the entry is done.
function completeEntry(state: EntryState, now: () => number): void {
  if (state.complete) return;
  state.notes = { ...state.notes, faults: [...state.notes.faults] };
  // A fixed or rewound test clock must not produce a negative duration.
  state.durationMs = Math.max(0, now() - state.started);
  state.complete = true;
  state.resolveDone();
}

function isEventStream(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").toLowerCase().startsWith("text/event-stream");
}

type Finish = (failure?: { error: unknown }) => void;

// Streams are pulled only as the client reads (high-water mark 0), so the journal never reads ahead of the client and a
// client that stops reading still stops the generation.
function passThrough(source: ReadableStream<Uint8Array>, write: (bytes: Uint8Array) => void, finish: Finish): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const result = await reader.read().catch((error: unknown) => {
          finish({ error });
          // Rethrown as it is, so the client sees the very error the emulator meant it to see.
          throw error;
        });
        if (result.done) {
          finish();
          controller.close();
          return;
        }
        write(result.value);
        controller.enqueue(result.value);
      },
      async cancel(reason) {
        finish();
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

// A body that is not a stream is read at once, so its entry completes even when an in-process client never reads it
// (settled() would wait forever otherwise). The client still gets it chunk by chunk, and gets an error only after the
// bytes sent before it, as over a socket (erroring a stream at once would discard the chunks it still queues).
function readAhead(source: ReadableStream<Uint8Array>, write: (bytes: Uint8Array) => void, finish: Finish): ReadableStream<Uint8Array> {
  const queue: Uint8Array[] = [];
  let ending: { error: unknown } | "closed" | undefined;
  let cancelled = false;
  let wake = () => {};
  void (async () => {
    const reader = source.getReader();
    try {
      for (let result = await reader.read(); !result.done; result = await reader.read()) {
        write(result.value);
        if (!cancelled) queue.push(result.value);
        wake();
      }
      ending = "closed";
      finish();
    } catch (error) {
      ending = { error };
      finish(ending);
    }
    wake();
  })();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (queue.length === 0 && ending === undefined) await new Promise<void>((resolve) => (wake = resolve));
        const chunk = queue.shift();
        if (chunk) controller.enqueue(chunk);
        else if (ending === "closed") controller.close();
        else if (ending) throw ending.error;
      },
      cancel() {
        // The journal keeps reading: the entry records the whole answer the emulator gave.
        cancelled = true;
        queue.length = 0;
      },
    },
    { highWaterMark: 0 },
  );
}

// Errors from Node's own fetch come from another realm, so `instanceof Error` cannot be trusted.
function describeError(error: unknown): string {
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" && message !== "" ? message : String(error);
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

function readByteOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`The journal's ${name} is a number of bytes, 1 or more (got ${value}).`);
  }
  return value;
}
