import { describe, expect, it } from "@jest/globals";
import { createLimiter } from "./create-limiter.js";

/** A task that records when it starts and finishes, and ends when the test says so. */
function controllableTasks(count: number) {
  const started: number[] = [];
  const finishers: Array<(value: number) => void> = [];
  const failers: Array<(error: Error) => void> = [];
  const tasks = Array.from({ length: count }, (_unused, index) => () => {
    started.push(index);
    return new Promise<number>((resolve, reject) => {
      finishers[index] = resolve;
      failers[index] = reject;
    });
  });
  return { started, tasks, finish: (index: number) => finishers[index]!(index * 10), fail: (index: number, error: Error) => failers[index]!(error) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createLimiter", () => {
  it("keeps at most `limit` tasks in flight and starts the rest in submission order as others finish", async () => {
    const limited = createLimiter(2);
    const { started, tasks, finish } = controllableTasks(5);
    const results = tasks.map((task) => limited(task));
    await tick();
    expect(started).toEqual([0, 1]);
    finish(1);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish(0);
    finish(2);
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish(3);
    finish(4);
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40]);
  });

  it("runs everything at once without a limit", async () => {
    const { started, tasks, finish } = controllableTasks(4);
    const results = tasks.map((task) => createLimiter(undefined)(task));
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const index of [0, 1, 2, 3]) finish(index);
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30]);
  });

  it("passes a task's error to its own promise and frees its place for the next task", async () => {
    const limited = createLimiter(1);
    const { started, tasks, finish, fail } = controllableTasks(2);
    const first = limited(tasks[0]!);
    const second = limited(tasks[1]!);
    await tick();
    fail(0, new Error("boom"));
    await expect(first).rejects.toThrow("boom");
    await tick();
    expect(started).toEqual([0, 1]);
    finish(1);
    expect(await second).toBe(10);
  });
});
