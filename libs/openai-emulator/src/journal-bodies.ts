// The bodies the journal keeps: request text and response bodies, each up to a byte cap (the rest is counted, not
// kept, and a marker says so), parsed only when the journal is read, and never parsed when nested too deep to list.

import { exceedsJsonDepth } from "./json-depth.js";
import { createSseSplitter } from "./sse.js";

/**
 * How much of a body the journal kept, when it did not keep all of it: `keptBytes` of `totalBytes` (UTF-8 bytes; for a
 * stream still open, the bytes so far).
 */
export interface JournalTruncation {
  keptBytes: number;
  totalBytes: number;
}

/** A response body as the journal shows it. */
export interface CollectedBody {
  body?: unknown;
  events?: unknown[];
  truncated?: JournalTruncation;
}

/** Collects a response body as it passes; `read` gives what has been collected so far, in the entry's shape. */
export interface BodyCollector {
  write(bytes: Uint8Array): void;
  end(): void;
  read(): CollectedBody;
}

/**
 * The text that ends a truncated body (or, for an event stream, is its last event), so that whoever reads the journal
 * sees that bytes are missing and how to keep them.
 *
 * @example
 * truncationMarker({ keptBytes: 10, totalBytes: 99 });
 */
export function truncationMarker(truncation: JournalTruncation): string {
  return (
    `[truncated by the emulator journal: kept the first ${truncation.keptBytes} of ${truncation.totalBytes} bytes; ` +
    "raise journalMaxBodyBytes (--journal-max-body-bytes) or journalMaxBytes (--journal-max-bytes) to keep more]"
  );
}

/**
 * A request body as the journal keeps it: whole when it fits in `cap` bytes, else its first `cap` bytes.
 *
 * @example
 * keepText("0123456789", 4); // { text: "0123", bytes: 4, truncated: { keptBytes: 4, totalBytes: 10 } }
 */
export function keepText(text: string, cap: number): { text: string; bytes: number; truncated?: JournalTruncation } {
  // A UTF-8 byte is at least a third of a UTF-16 unit, so short text is measured without encoding it.
  if (text.length * 3 <= cap) return { text, bytes: Buffer.byteLength(text) };
  const bytes = Buffer.from(text);
  if (bytes.length <= cap) return { text, bytes: bytes.length };
  const kept = new TextDecoder().decode(bytes.subarray(0, cap));
  return { text: kept, bytes: cap, truncated: { keptBytes: cap, totalBytes: bytes.length } };
}

/**
 * The journal's view of kept text: parsed JSON (frozen) when it parses and nests no deeper than the emulator accepts,
 * else the text itself; a truncated body is the text followed by the marker.
 *
 * @example
 * viewText('{"a":1}'); // { a: 1 }
 */
export function viewText(text: string, truncated?: JournalTruncation): unknown {
  if (truncated) return `${text}${truncationMarker(truncated)}`;
  return deepFreeze(parseJsonOrText(text));
}

/**
 * Collects a body that is not an event stream, keeping at most `cap` bytes; `account` is told each kept byte count.
 *
 * @example
 * const collector = createTextCollector(1 << 20, (bytes) => (total += bytes));
 */
export function createTextCollector(cap: number, account: (bytes: number) => void): BodyCollector {
  const chunks: Uint8Array[] = [];
  const budget = createByteBudget(cap, account);
  let view: CollectedBody | undefined;
  let ended = false;
  return {
    write: (bytes) => {
      const chunk = budget.take(bytes);
      if (chunk) chunks.push(chunk);
    },
    end: () => void (ended = true),
    read: () => {
      if (!ended || budget.total() === 0) return {};
      if (view) return view;
      const text = new TextDecoder().decode(Buffer.concat(chunks));
      const truncated = budget.truncation();
      view = { body: viewText(text, truncated), ...(truncated ? { truncated } : {}) };
      return view;
    },
  };
}

/**
 * Collects an event stream's events as bytes arrive (see createSseSplitter for the splitting), keeping at most `cap`
 * bytes of them. Events are kept as text and parsed only when the journal is read; past the cap, the last event is the
 * truncation marker.
 *
 * @example
 * const collector = createEventCollector(1 << 20, (bytes) => (total += bytes));
 */
export function createEventCollector(cap: number, account: (bytes: number) => void): BodyCollector {
  const splitter = createSseSplitter();
  let blocks: string[] = [];
  let cutOff: string | undefined;
  const events: unknown[] = [];
  const budget = createByteBudget(cap, account);
  const truncation = budget.truncation;
  let ended = false;
  const keep = (raws: string[]) => {
    for (const raw of raws) {
      // Line endings as \n, without the blank line that ended it (or blank lines before it).
      const block = raw.replace(/\r\n?/gu, "\n").replace(/^\n+|\n+$/gu, "");
      if (block !== "") blocks.push(block);
    }
  };
  return {
    write: (bytes) => {
      const chunk = budget.take(bytes);
      if (chunk) keep(splitter.push(chunk));
    },
    end: () => {
      ended = true;
      const { events: last, tail } = splitter.end();
      keep(last);
      // An event cut off by the end of the body never reached the client as an event: it is kept as raw text, so the
      // journal shows the truncation. An event cut off by the journal's own cap is dropped: the marker says why.
      const rest = tail.replace(/\r\n?/gu, "\n").replace(/^\n+/u, "");
      if (rest !== "" && !truncation()) cutOff = rest;
    },
    read: () => {
      for (const block of blocks) events.push(parseEvent(block));
      blocks = [];
      if (cutOff !== undefined) events.push(cutOff);
      cutOff = undefined;
      const truncated = truncation();
      const shown = truncated && ended ? [...events, truncationMarker(truncated)] : events.slice();
      return { events: Object.freeze(shown) as unknown[], ...(truncated ? { truncated } : {}) };
    },
  };
}

// Counts every byte written and hands back the part that still fits under `cap` (undefined once nothing does),
// telling `account` each kept byte count; `truncation()` says how much was cut, if anything.
function createByteBudget(cap: number, account: (bytes: number) => void) {
  let kept = 0;
  let total = 0;
  return {
    take(bytes: Uint8Array): Uint8Array | undefined {
      total += bytes.length;
      const room = cap - kept;
      if (room <= 0) return undefined;
      const chunk = bytes.length <= room ? bytes : bytes.subarray(0, room);
      kept += chunk.length;
      account(chunk.length);
      return chunk;
    },
    total: () => total,
    truncation: (): JournalTruncation | undefined => (total > kept ? { keptBytes: kept, totalBytes: total } : undefined),
  };
}

function parseEvent(block: string): unknown {
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line === "data") data.push("");
    else if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
  }
  return data.length > 0 ? deepFreeze(parseJsonOrText(data.join("\n"))) : block;
}

// Text nested deeper than a request may be stays text: the listing is JSON.stringify'd, which recursion would break.
function parseJsonOrText(text: string): unknown {
  if (exceedsJsonDepth(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Freezes a parsed JSON value and everything in it (its depth is bounded by the parse above).
 *
 * @example
 * deepFreeze({ a: [1] });
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
