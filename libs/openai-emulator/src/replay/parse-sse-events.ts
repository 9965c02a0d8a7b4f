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
  const decoder = new TextDecoder();
  const events: RecordedEvent[] = [];
  let pending = "";
  const takeEvents = (t: number, final: boolean) => {
    for (let end = eventEnd(pending, final); end > 0; end = eventEnd(pending, final)) {
      events.push(toRecordedEvent(pending.slice(0, end), t));
      pending = pending.slice(end);
    }
  };
  for (const { t, bytes } of chunks) {
    // Streaming decode: a character split across chunks (the split-utf8 fault) is joined, not replaced with U+FFFD.
    pending += decoder.decode(bytes, { stream: true });
    takeEvents(t, false);
  }
  const lastT = chunks.at(-1)?.t ?? 0;
  pending += decoder.decode();
  // At the end, a blank line held back for a \n that might have followed its \r is complete after all.
  takeEvents(lastT, true);
  if (pending !== "") events.push({ t: lastT, raw: pending });
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

// The index just after the first blank line, or 0 when no event is complete yet. A line ends with \r\n, \n or \r (the
// SSE spec's three endings, mixed freely), and a blank line is a line ending right at the start of a line. A \r at the
// end of the text may be the first half of a \r\n, so unless the text is final, a blank line ending there waits for
// the next character: the \n belongs to this event's raw text, not to the start of the next one.
function eventEnd(text: string, final: boolean): number {
  let lineStart = true;
  for (let index = 0; index < text.length; ) {
    const char = text[index];
    if (char !== "\n" && char !== "\r") {
      lineStart = false;
      index++;
      continue;
    }
    if (char === "\r" && index + 1 === text.length && !final) return 0;
    const length = char === "\r" && text[index + 1] === "\n" ? 2 : 1;
    if (lineStart) return index + length;
    lineStart = true;
    index += length;
  }
  return 0;
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
