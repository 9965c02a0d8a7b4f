const encoder = new TextEncoder();

/**
 * One server-sent event: a JSON payload, or the `[DONE]` sentinel that ends Chat Completions streams. `raw` is written
 * as it is, unframed: fault injection uses it for malformed events and for events cut into several writes.
 */
export type SseEvent = { data: unknown } | { done: true } | { raw: string | Uint8Array };

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
  return "done" in event ? "data: [DONE]\n\n" : `data: ${JSON.stringify(event.data)}\n\n`;
}

function toAsyncIterator<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}
