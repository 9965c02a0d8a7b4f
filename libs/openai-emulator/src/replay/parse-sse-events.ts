import { createSseSplitter } from "../sse.js";
import type { RecordedEvent } from "./cassette.js";

/** A piece of a response body as it arrived, `t` ms after the request started. */
export interface TimedChunk {
  t: number;
  bytes: Uint8Array;
}

/**
 * Splits a recorded event-stream body into events, each timed by the chunk that completed it. Events end at a blank
 * line, with any mix of the line endings the SSE spec allows (`\n`, `\r\n`, `\r`). A single `data:` line framed with
 * `\n` becomes `{ t, data }` (its JSON value, or the string when it is not JSON, such as `[DONE]`); every other event,
 * and an unterminated tail, is kept verbatim as `{ t, raw }` so unusual and malformed streams replay byte for byte.
 *
 * @example
 * parseSseEvents([{ t: 5, bytes: new TextEncoder().encode('data: {"a":1}\n\ndata: [DONE]\r\r') }]);
 * // [{ t: 5, data: { a: 1 } }, { t: 5, raw: "data: [DONE]\r\r" }]
 */
export function parseSseEvents(chunks: ReadonlyArray<TimedChunk>): RecordedEvent[] {
  const splitter = createSseSplitter();
  const events: RecordedEvent[] = [];
  for (const { t, bytes } of chunks) {
    for (const raw of splitter.push(bytes)) events.push(toRecordedEvent(raw, t));
  }
  const lastT = chunks.at(-1)?.t ?? 0;
  // At the end, a blank line held back for a \n that might have followed its \r is complete after all.
  const { events: last, tail } = splitter.end();
  for (const raw of last) events.push(toRecordedEvent(raw, lastT));
  if (tail !== "") events.push({ t: lastT, raw: tail });
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
