import type { RecordedEvent } from "./cassette.js";

/** A piece of a response body as it arrived, `t` ms after the request started. */
export interface TimedChunk {
  t: number;
  bytes: Uint8Array;
}

/**
 * Splits a recorded event-stream body into events, each timed by the chunk that completed it. A single `data:` line
 * becomes `{ t, data }` (its JSON value, or the string when it is not JSON, such as `[DONE]`); every other event, and
 * an unterminated tail, is kept verbatim as `{ t, raw }` so malformed streams replay as they were.
 *
 * @example
 * parseSseEvents([{ t: 5, bytes: new TextEncoder().encode('data: {"a":1}\n\ndata: [DONE]\n\n') }]);
 * // [{ t: 5, data: { a: 1 } }, { t: 5, data: "[DONE]" }]
 */
export function parseSseEvents(chunks: ReadonlyArray<TimedChunk>): RecordedEvent[] {
  const decoder = new TextDecoder();
  const events: RecordedEvent[] = [];
  let pending = "";
  for (const { t, bytes } of chunks) {
    // Streaming decode: a character split across chunks (the split-utf8 fault) is joined, not replaced with U+FFFD.
    pending += decoder.decode(bytes, { stream: true });
    for (let end = eventEnd(pending); end > 0; end = eventEnd(pending)) {
      events.push(toRecordedEvent(pending.slice(0, end), t));
      pending = pending.slice(end);
    }
  }
  pending += decoder.decode();
  if (pending !== "") events.push({ t: chunks.at(-1)?.t ?? 0, raw: pending });
  return events;
}

/**
 * The wire text of a recorded event: `data: <payload>\n\n`, or the raw text as it was.
 *
 * @example
 * formatRecordedEvent({ t: 0, data: "[DONE]" }); // "data: [DONE]\n\n"
 */
export function formatRecordedEvent(event: RecordedEvent): string {
  if ("raw" in event) return event.raw;
  return `data: ${typeof event.data === "string" ? event.data : JSON.stringify(event.data)}\n\n`;
}

// The index just after the first blank line (LF or CRLF framing), or 0 when no event is complete yet.
function eventEnd(text: string): number {
  const lf = text.indexOf("\n\n");
  const crlf = text.indexOf("\r\n\r\n");
  if (lf < 0 && crlf < 0) return 0;
  if (crlf < 0 || (lf >= 0 && lf < crlf)) return lf + 2;
  return crlf + 4;
}

function toRecordedEvent(text: string, t: number): RecordedEvent {
  const match = /^data: ?([^\r\n]*)\n\n$/u.exec(text);
  if (!match) return { t, raw: text };
  const payload = match[1] ?? "";
  try {
    const data: unknown = JSON.parse(payload);
    // A JSON string literal would replay unquoted (strings mean "not JSON"), so it is kept as raw text instead.
    return typeof data === "string" ? { t, raw: text } : { t, data };
  } catch {
    return { t, data: payload };
  }
}
