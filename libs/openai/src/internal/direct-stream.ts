// What `ChatOpenAI.stream()` returns: core's IterableReadableStream, read without the web stream in the way. Core's
// `Runnable.stream()` wraps the run in a generator that re-enters the async context (rebuilding it from the config)
// for every chunk, then in a ReadableStream whose queue every chunk passes through. Here the context is built once,
// re-entered only when the reader is outside it, and `for await` reads the run directly; the web stream stays intact
// for callers that use it as one (getReader, pipeTo, tee).
import type { RunnableConfig } from "@langchain/core/runnables";
import { pickRunnableConfigKeys } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { IterableReadableStream } from "@langchain/core/utils/stream";

/** How the stream reads its run: in the run's async context, raced against its signal, errors passed through `mapError`. */
export interface DirectStreamOptions {
  config: RunnableConfig;
  /** Applied to every error the run raises (here: typing it, and removing the API key). */
  mapError: (error: unknown) => unknown;
}

/**
 * Starts a run as core's `Runnable.stream()` does (its first step runs before this resolves, so an error at the start
 * rejects here) and returns it as an IterableReadableStream. Consumers see core's behaviour: the same chunks, errors,
 * locking and cancellation, and the run is read one chunk ahead as core's is. One difference: the async context the
 * run sees is built when the stream starts rather than again for every chunk (from the same config).
 *
 * @example
 * override async stream(input, options) {
 *   const config = ensureConfig(options);
 *   return openDirectStream(this._streamIterator(input, config), { config, mapError: (error) => error });
 * }
 */
export async function openDirectStream<T>(run: AsyncGenerator<T>, options: DirectStreamOptions): Promise<IterableReadableStream<T>> {
  const reader = createContextualReader(run, options);
  const first = reader.next();
  // As core: the stream is returned once the run's first chunk is in (or its error is thrown).
  await first;
  return new DirectIterableStream(reader, first);
}

interface RunReader<T> {
  next(): Promise<IteratorResult<T>>;
  return(reason?: unknown): Promise<IteratorResult<T>>;
}

function createContextualReader<T>(run: AsyncGenerator<T>, { config, mapError }: DirectStreamOptions): RunReader<T> {
  const signal = config.signal;
  const storage = AsyncLocalStorageProviderSingleton.getInstance();
  // The store core's runWithConfig would enter, built once: the run reads callbacks and tracing context from it.
  const store: unknown = AsyncLocalStorageProviderSingleton.runWithConfig(pickRunnableConfigKeys(config), () => storage.getStore(), true);
  const inContext = <R>(action: () => R): R => (storage.getStore() === store ? action() : storage.run(store, action));
  let finished = false;
  // One abort listener per stream (core adds and removes one for every chunk), removed when the run is over, so a
  // signal shared by many calls does not collect listeners.
  let rejectAbort: (error: Error) => void = ignore;
  const abort = signal === undefined ? undefined : new Promise<never>((_resolve, reject) => (rejectAbort = reject));
  // Nobody may be reading when the signal aborts.
  abort?.catch(ignore);
  const onAbort = (): void => {
    rejectAbort(abortReason(signal!));
    // An abort while the run waits between chunks: the run learns of it now (it ends with the abort as its error, so
    // callbacks and tracers see the run fail, and stops reading the body), as core's run does when it next checks the
    // signal. A run that is working when the signal fires is told when that step ends.
    if (!finished) inContext(() => run.throw(signal!.reason)).catch(ignore);
  };
  const finish = (): void => {
    finished = true;
    signal?.removeEventListener("abort", onAbort);
  };
  if (signal?.aborted) rejectAbort(abortReason(signal));
  else signal?.addEventListener("abort", onAbort, { once: true });
  const settle = (result: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> => {
    result.then((outcome) => void (outcome.done === true && finish()), finish);
    return result;
  };
  return {
    next(): Promise<IteratorResult<T>> {
      if (signal?.aborted) return Promise.reject(mapError(abortReason(signal)));
      const stepped = settle(inContext(() => run.next()));
      // As core's raceWithSignal: an abort settles the read at once; the run's own error after an abort is dropped.
      const result = abort === undefined ? stepped : Promise.race([stepped.catch((error: unknown) => (signal!.aborted ? abort : Promise.reject(error))), abort]);
      return result.catch((error: unknown) => Promise.reject(mapError(error)));
    },
    return(reason?: unknown): Promise<IteratorResult<T>> {
      finish();
      return run.return(reason as T);
    },
  };
}

function ignore(): void {}

/** The error core raises for an aborted signal (its getAbortSignalError). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  if (typeof reason === "string") return new Error(reason);
  return new Error("Aborted");
}

/**
 * An IterableReadableStream whose async iterator reads the run itself. Iterating locks the stream, as core's does; a
 * `getReader()` caller gets a real web stream that pulls from the same run, one chunk per read.
 */
class DirectIterableStream<T> extends IterableReadableStream<T> {
  #read: () => Promise<IteratorResult<T>>;

  constructor(reader: RunReader<T>, first: Promise<IteratorResult<T>>) {
    // One chunk is read ahead, as core's stream (a web stream with a queue of one) reads it: when the consumer receives
    // a chunk, the next is requested. So the run advances at the same moments as on core's path, and callbacks that
    // fire when the run resumes (a chunk's token callback) fire when core's would, also for a consumer that stops.
    let pending: Promise<IteratorResult<T>> | undefined = first;
    let ended = false;
    const readAhead = (result: IteratorResult<T>): void => {
      if (result.done || ended || pending !== undefined) return;
      pending = reader.next();
      // Nobody may ever ask for it; its error then belongs to nobody (as with core's queued pull).
      pending.catch(ignore);
    };
    const read = (): Promise<IteratorResult<T>> => {
      const result = pending ?? reader.next();
      pending = undefined;
      result.then(readAhead, ignore);
      return result;
    };
    const stop = (reason: unknown): Promise<IteratorResult<T>> => {
      ended = true;
      return reader.return(reason);
    };
    super(
      {
        async pull(controller) {
          const { value, done } = await read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        async cancel(reason) {
          await stop(reason);
        },
      },
      // The web stream keeps no queue of its own: it pulls only when someone reads it (read() reads ahead).
      { highWaterMark: 0 },
    );
    this.#read = read;
  }

  override async next(): Promise<IteratorResult<T>> {
    this.ensureReader();
    try {
      const result = await this.#read();
      if (result.done) {
        this.reader.releaseLock();
        return { done: true, value: undefined };
      }
      return result;
    } catch (error) {
      this.reader.releaseLock();
      throw error;
    }
  }
}
