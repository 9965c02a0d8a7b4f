// The event-stream framing of the WHATWG HTML standard ("Interpreting an event stream"), for the SSE bodies of the
// Chat Completions API. Internal: never exported from the package.

/**
 * One dispatched event: its `event:` type (undefined when the server sent none) and its `data:` lines joined by `\n`.
 *
 * @example
 * const event: ServerSentEvent = { event: undefined, data: '{"choices":[]}' };
 */
export interface ServerSentEvent {
  event: string | undefined;
  data: string;
}

/**
 * Turns decoded text, in pieces of any size, into events. `decode` returns the events its piece completed; `flush`
 * returns the last one when the stream ended without the blank line that should close it.
 *
 * @example
 * const decoder = createServerSentEventDecoder();
 * decoder.decode('data: {"a":1}\n\ndata: {"b"'); // [{ event: undefined, data: '{"a":1}' }]
 * decoder.decode(":2}\n\n"); // [{ event: undefined, data: '{"b":2}' }]
 */
export interface ServerSentEventDecoder {
  decode(text: string): ServerSentEvent[];
  flush(): ServerSentEvent[];
}

const COLON = 58;
const SPACE = 32;

/**
 * Creates a decoder for one stream. Lines end with `\r\n`, `\n` or `\r`; comments (`: keep-alive`), `id:`, `retry:`
 * and unknown fields are skipped. An event with no `data:` line is not dispatched, as the standard says.
 *
 * @example
 * const decoder = createServerSentEventDecoder();
 * for (const { event, data } of decoder.decode("event: error\ndata: {}\n\n")) console.log(event, data); // error {}
 */
export function createServerSentEventDecoder(): ServerSentEventDecoder {
  // Per decoder, because a global regex keeps its lastIndex between calls.
  const lineEnd = /\r\n|\r|\n/g;
  let carry = "";
  let data: string | undefined;
  let eventType: string | undefined;

  const readLine = (line: string, events: ServerSentEvent[]): void => {
    if (line === "") {
      if (data !== undefined) events.push({ event: eventType, data });
      data = undefined;
      eventType = undefined;
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data" && field !== "event") return;
    const start = colon === -1 ? line.length : line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    const value = line.slice(start);
    if (field === "event") eventType = value;
    else data = data === undefined ? value : `${data}\n${value}`;
  };

  const decode = (text: string): ServerSentEvent[] => {
    const buffer = carry === "" ? text : carry + text;
    const events: ServerSentEvent[] = [];
    let start = 0;
    lineEnd.lastIndex = 0;
    for (let match = lineEnd.exec(buffer); match !== null; match = lineEnd.exec(buffer)) {
      // A "\r" that ends the piece may be the first half of a "\r\n" split across two reads: wait for the next one.
      if (match[0] === "\r" && match.index === buffer.length - 1) break;
      readLine(buffer.slice(start, match.index), events);
      start = lineEnd.lastIndex;
    }
    carry = buffer.slice(start);
    return events;
  };

  const flush = (): ServerSentEvent[] => {
    // The standard drops an unterminated last event; a server that ends without the blank line still meant it, and a
    // cut-off event must surface (as bad JSON) rather than vanish.
    const events = decode("\n\n");
    carry = "";
    return events;
  };

  return { decode, flush };
}
