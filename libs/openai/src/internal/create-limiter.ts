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
