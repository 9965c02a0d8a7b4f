/**
 * Runs tasks with at most `limit` (a number from 1 up) in flight (all at once when undefined or Infinity), starting them in the order they
 * were submitted, as core's AsyncCaller queue does, but with a plain FIFO: core's queue inserts into and removes from a
 * sorted array for every task (work that grows with the batch), and wraps each task in its retry machinery even when a
 * batch never retries. Each task's promise settles as the task does.
 *
 * @example
 * const limited = createLimiter(2);
 * const results = await Promise.all(inputs.map((input) => limited(() => llm.invoke(input))));
 */
export function createLimiter(limit: number | undefined): <T>(task: () => Promise<T>) => Promise<T> {
  const max = limit ?? Infinity;
  const waiting: Array<() => void> = [];
  let head = 0;
  let running = 0;
  const release = (): void => {
    running--;
    if (head < waiting.length) {
      const start = waiting[head]!;
      waiting[head++] = noop;
      start();
    }
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        running++;
        task().then(resolve, reject).finally(release);
      };
      if (running < max) start();
      else waiting.push(start);
    });
}

function noop(): void {}

/**
 * Runs `run` on every input with at most `limit` in flight (see createLimiter), resolving to the results in input
 * order; a failure is returned in its place with `returnExceptions`, else the first one rejects the whole.
 *
 * @example
 * const answers = await runLimited(inputs, 2, (input) => llm.invoke(input), false);
 */
export function runLimited<I, O>(inputs: readonly I[], limit: number | undefined, run: (input: I, index: number) => Promise<O>, returnExceptions: boolean): Promise<(O | Error)[]> {
  const limited = createLimiter(limit);
  return Promise.all(
    inputs.map((input, index) =>
      limited(async () => {
        try {
          return await run(input, index);
        } catch (error) {
          if (returnExceptions) return error as Error;
          throw error;
        }
      }),
    ),
  );
}
