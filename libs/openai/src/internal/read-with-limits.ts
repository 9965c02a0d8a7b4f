// Reads a response body under the limits of one attempt: silence (streamIdleTimeout), the attempt's deadline (timeout)
// and size (maxResponseBytes). The fetch in use may not tie its body to any signal (a custom fetch, an in-process
// server), so each read is raced against a timer here, and the body is cancelled when a limit ends the read.

import { ResponseTooLargeError, StreamIdleTimeoutError, TimeoutError } from "../errors/errors.js";
import type { ResponseDetails } from "./parse-chat-completion.js";

/** The part of a body's reader this uses. */
interface BodyReader {
  read(): Promise<ReadResult>;
  cancel(): Promise<void>;
}

/** What a read of a body gives. */
type ReadResult = { done: false; value: Uint8Array } | { done: true; value?: undefined };

/** The limits of one attempt's body; each unset (or 0, for the two timeouts) means no limit. */
export interface ResponseLimits {
  /** Milliseconds without activity (see {@link LimitedReader.markActivity}) before the read fails. */
  idleTimeout?: number;
  /** `Date.now()` value by which the body must have been read (the attempt's start plus `timeout`). */
  deadline?: number;
  /** The `timeout` the deadline came from, for the message. */
  timeout?: number;
  /** The most bytes the body may have. */
  maxBytes?: number;
}

/** A body reader that enforces {@link ResponseLimits}; its errors are typed and the body is cancelled first. */
export interface LimitedReader {
  read(): Promise<ReadResult>;
  /** Restarts the silence timer: a stream calls it for each data event (not comments), a plain body for each read. */
  markActivity(): void;
  /** Stops reading: cancels the body unless it ended. */
  cancel(): void;
}

/**
 * Wraps a body's reader with the limits of one attempt. A limit that fires cancels the body and rejects the read with
 * a StreamIdleTimeoutError (retryable), a TimeoutError (retryable) or a ResponseTooLargeError (not retryable).
 *
 * @example
 * const reader = createLimitedReader(response.body.getReader(), { idleTimeout: 120_000, maxBytes: 1 << 20 }, { requestId });
 * for (let next = await reader.read(); !next.done; next = await reader.read()) reader.markActivity();
 */
export function createLimitedReader(reader: BodyReader, limits: ResponseLimits, details: ResponseDetails): LimitedReader {
  const idleTimeout = positive(limits.idleTimeout);
  const maxBytes = limits.maxBytes;
  let lastActivity = Date.now();
  let bytes = 0;
  let ended = false;
  // One watchdog timer per body, not one per read: a stream reads once per event, so arming and clearing a timer on
  // every read would be per-chunk work. The watchdog fires when the earlier limit is due; if activity has moved that
  // limit on, it re-arms for the rest. It fails only a read that is pending; between reads (the caller busy with a
  // chunk) it stops, and the next read re-arms it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Set while a read races the watchdog: what the watchdog calls to fail it. (A fresh promise per read: racing one
  // long-lived promise would pile a reaction onto it per read for the life of the body.)
  let expire: ((expired: Expired) => void) | undefined;
  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    ended = true;
  };
  const cancel = (): void => {
    if (!ended) reader.cancel().catch(ignore);
    stop();
  };
  const fail = (error: Error): never => {
    cancel();
    throw error;
  };
  // Milliseconds until the earlier limit (Infinity when neither applies), and the error it gives.
  const due = (): { wait: number; error: () => Error } => {
    const now = Date.now();
    const idleLeft = idleTimeout === undefined ? Infinity : lastActivity + idleTimeout - now;
    const deadlineLeft = limits.deadline === undefined ? Infinity : limits.deadline - now;
    return deadlineLeft <= idleLeft
      ? { wait: deadlineLeft, error: () => createDeadlineError(limits.timeout, details) }
      : { wait: idleLeft, error: () => createIdleError(idleTimeout ?? 0, details) };
  };
  const arm = (): void => {
    const { wait } = due();
    if (wait !== Infinity) timer = setTimeout(watch, Math.max(0, wait));
  };
  const watch = (): void => {
    timer = undefined;
    if (ended || expire === undefined) return;
    const { wait, error } = due();
    if (wait > 0) arm();
    else expire({ expired: error() });
  };
  const read = async (): Promise<ReadResult> => {
    if (timer === undefined && !ended) arm();
    let outcome: ReadResult | Expired;
    try {
      outcome =
        timer === undefined
          ? await reader.read()
          : await Promise.race([reader.read(), new Promise<Expired>((resolve) => (expire = resolve))]);
    } finally {
      expire = undefined;
    }
    if ("expired" in outcome) return fail(outcome.expired);
    if (outcome.done) stop();
    else {
      bytes += outcome.value.byteLength;
      if (maxBytes !== undefined && bytes > maxBytes) fail(createTooLargeError(maxBytes, details));
    }
    return outcome;
  };
  return { read, markActivity: () => void (lastActivity = Date.now()), cancel };
}

/** What the watchdog gives a pending read when a limit passed. */
interface Expired {
  expired: Error;
}

function createIdleError(idleTimeout: number, details: ResponseDetails): StreamIdleTimeoutError {
  return new StreamIdleTimeoutError(
    `The response went silent: nothing arrived for ${idleTimeout} ms (streamIdleTimeout), so the request was aborted. ` +
      "The server or a proxy may have stalled; retrying may help. Raise `streamIdleTimeout` for models that think long before answering, or set it to 0 to turn the check off.",
    { ...details, retryable: true, idleTimeoutMs: idleTimeout },
  );
}

function createDeadlineError(timeout: number | undefined, details: ResponseDetails): TimeoutError {
  return new TimeoutError(
    `The attempt took longer than its \`timeout\` (${timeout ?? "?"} ms) while the response was still arriving, so it was aborted. Raise \`timeout\` or try again.`,
    { ...details, retryable: true },
  );
}

function createTooLargeError(maxBytes: number, details: ResponseDetails): ResponseTooLargeError {
  return new ResponseTooLargeError(
    `The response grew past maxResponseBytes (${maxBytes} bytes), so reading stopped and the request was aborted. ` +
      "Raise `maxResponseBytes` or ask for less (`maxTokens`); retrying will not help.",
    { ...details, retryable: false, maxResponseBytes: maxBytes },
  );
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 && Number.isFinite(value) ? value : undefined;
}

function ignore(): void {}
