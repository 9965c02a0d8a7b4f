const encoder = new TextEncoder();

/** One server-sent event: a JSON payload, or the `[DONE]` sentinel that ends Chat Completions streams. */
export type SseEvent = { data: unknown } | { done: true };

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
      controller.enqueue(encoder.encode(formatSseEvent(value)));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Frames one event. */
export function formatSseEvent(event: SseEvent): string {
  return "done" in event ? "data: [DONE]\n\n" : `data: ${JSON.stringify(event.data)}\n\n`;
}

function toAsyncIterator<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}
