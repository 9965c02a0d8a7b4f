import { socketResetError } from "../faults-apply.js";
import { sleep } from "../faults.js";
import type { RecordedEvent, RecordedResponse } from "./cassette.js";
import { formatRecordedEvent } from "./parse-sse-events.js";

/** How fast a replay goes: all at once, at the recorded pace, or at the recorded pace times `scale`. */
export type ReplayTiming = "instant" | "original" | { scale: number };

const encoder = new TextEncoder();

/**
 * Turns a recorded response back into a `Response`. With timing other than "instant", the headers come at their
 * recorded time, each event at its `t`, and a whole body at the recorded duration, all measured from `start` (the
 * request's start on the `performance.now()` clock) and multiplied by the scale. Every wait ends when `signal` aborts,
 * rejecting (or failing the body) with its reason.
 *
 * @example
 * const response = await replayExchange(entry.response, "original", request.signal, performance.now());
 */
export async function replayExchange(recorded: RecordedResponse, timing: ReplayTiming, signal: AbortSignal, start: number): Promise<Response> {
  const scale = timing === "instant" ? 0 : timing === "original" ? 1 : timing.scale;
  const waitUntil = (ms: number, until: AbortSignal) => waitUntilOffset(start, ms * scale, until);
  await waitUntil(recorded.headersMs, signal);
  const init = { status: recorded.status, headers: recorded.headers };
  // 204, 205 and 304 answers have no body, and a Response refuses one for them.
  if ([204, 205, 304].includes(recorded.status)) return new Response(null, init);
  const pieces = recorded.events ? recorded.events.map(toPiece) : [{ t: recorded.durationMs, bytes: bodyBytes(recorded) }];
  const [only] = pieces;
  if (scale === 0 && !recorded.reset && pieces.length === 1 && only) return new Response(only.bytes, init);
  return new Response(createPacedStream(pieces, recorded.reset === true, waitUntil, signal), init);
}

// What one write sends, and when (ms after the request start, before scaling).
interface Piece {
  t: number;
  bytes: Uint8Array;
}

// One enqueue per event, each after its wait, so a client sees the recorded rhythm (and, over HTTP, separate writes).
// A wait ends when the request aborts (the body fails with its reason) or when the reader cancels the body: without
// the latter, a client that stops reading would leave a timer running until the next event's recorded time.
function createPacedStream(
  pieces: ReadonlyArray<Piece>,
  reset: boolean,
  waitUntil: (ms: number, until: AbortSignal) => Promise<void>,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const cancelled = new AbortController();
  const until = AbortSignal.any([signal, cancelled.signal]);
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const piece = pieces[next++];
      if (!piece) {
        if (reset) controller.error(socketResetError());
        else controller.close();
        return;
      }
      try {
        await waitUntil(piece.t, until);
      } catch (error) {
        // Cancelled: nobody reads any more, and the stream is already closed.
        if (cancelled.signal.aborted) return;
        throw error;
      }
      controller.enqueue(piece.bytes);
    },
    cancel(reason: unknown) {
      cancelled.abort(reason);
    },
  });
}

function toPiece(event: RecordedEvent): Piece {
  return { t: event.t, bytes: encoder.encode(formatRecordedEvent(event)) };
}

function bodyBytes(recorded: RecordedResponse): Uint8Array {
  if ("body" in recorded) return encoder.encode(JSON.stringify(recorded.body));
  if (recorded.text !== undefined) return encoder.encode(recorded.text);
  if (recorded.base64 !== undefined) return Buffer.from(recorded.base64, "base64");
  return new Uint8Array();
}

async function waitUntilOffset(start: number, offsetMs: number, signal: AbortSignal): Promise<void> {
  const wait = start + offsetMs - performance.now();
  if (wait > 0) await sleep(Math.ceil(wait), signal);
}
