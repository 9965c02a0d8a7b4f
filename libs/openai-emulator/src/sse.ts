const encoder = new TextEncoder();

/**
 * One server-sent event: a JSON payload (named by an `event:` line when `event` is set, as the Responses API sends
 * them), or the `[DONE]` sentinel that ends Chat Completions streams. `raw` is written
 * as it is, unframed: fault injection uses it for malformed events and for events cut into several writes.
 */
export type SseEvent = { data: unknown; event?: string } | { done: true } | { raw: string | Uint8Array };

/**
 * Turns a lazy sequence of events into an SSE body (`data: <json>\n\n` each, as the real API frames them).
 * Events are produced on demand, so a client that stops reading (or aborts) stops the generation too.
 *
 * @example
 * new Response(createSseStream(events()), { headers: { "content-type": "text/event-stream; charset=utf-8" } });
 */
export function createSseStream(events: AsyncIterable<SseEvent> | Iterable<SseEvent>): ReadableStream<Uint8Array> {
  const iterator =
    Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : toAsyncIterator(events[Symbol.iterator]());
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) {
        controller.close();
        return;
      }
      // One enqueue per event: over HTTP each becomes its own write, which split-utf8 relies on.
      controller.enqueue("raw" in value && value.raw instanceof Uint8Array ? value.raw : encoder.encode(formatSseEvent(value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Frames one event (a `raw` one is returned as it is, decoded if it is bytes).
 *
 * @example
 * formatSseEvent({ data: { ok: true } }); // 'data: {"ok":true}\n\n'
 */
export function formatSseEvent(event: SseEvent): string {
  if ("raw" in event) return typeof event.raw === "string" ? event.raw : new TextDecoder().decode(event.raw);
  if ("done" in event) return "data: [DONE]\n\n";
  return `${event.event === undefined ? "" : `event: ${event.event}\n`}data: ${JSON.stringify(event.data)}\n\n`;
}

function toAsyncIterator<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}

/** Splits an event-stream body into events as its bytes arrive. */
export interface SseSplitter {
  /** Adds bytes and returns the events they complete, each verbatim, its ending blank line included. */
  push(bytes: Uint8Array): string[];
  /** Ends the body: the events completed at the very end, and any unterminated tail (a cut-off event), verbatim. */
  end(): { events: string[]; tail: string };
}

/**
 * Creates a splitter for reading event streams (the journal and the recorder both read them). Events end at a blank
 * line, with any mix of the line endings the SSE spec allows (`\n`, `\r\n`, `\r`); multi-byte characters and events
 * may be cut anywhere across chunks. Scanning resumes where it stopped, so a long event costs one pass.
 *
 * @example
 * const splitter = createSseSplitter();
 * splitter.push(new TextEncoder().encode('data: {"a":1}\n\ndata: [DO')); // ['data: {"a":1}\n\n']
 * splitter.end(); // { events: [], tail: "data: [DO" }
 */
export function createSseSplitter(): SseSplitter {
  const decoder = new TextDecoder();
  let pending = "";
  let scanned = 0;
  let lineStart = true;
  const take = (final: boolean): string[] => {
    const events: string[] = [];
    let index = scanned;
    while (index < pending.length) {
      const char = pending[index];
      if (char !== "\n" && char !== "\r") {
        lineStart = false;
        index++;
        continue;
      }
      // A \r at the end may be the first half of a \r\n: it waits for the next character, unless the body has ended.
      if (char === "\r" && index + 1 === pending.length && !final) break;
      index += char === "\r" && pending[index + 1] === "\n" ? 2 : 1;
      if (lineStart) {
        // A line ending at the start of a line is the blank line that ends an event.
        events.push(pending.slice(0, index));
        pending = pending.slice(index);
        index = 0;
      }
      lineStart = true;
    }
    scanned = index;
    return events;
  };
  return {
    // Streaming decode: a character split across chunks (the split-utf8 fault) is joined, not replaced with U+FFFD.
    push: (bytes) => {
      pending += decoder.decode(bytes, { stream: true });
      return take(false);
    },
    end: () => {
      pending += decoder.decode();
      const events = take(true);
      const tail = pending;
      pending = "";
      scanned = 0;
      return { events, tail };
    },
  };
}
