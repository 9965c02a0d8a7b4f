import { afterEach, beforeEach, describe, expect, it, jest } from "@jest/globals";
import type { RecordedResponse } from "./cassette.js";
import { replayExchange } from "./replay-exchange.js";

// A stream whose second event was recorded a minute after the first, so an original-timed replay waits on a timer.
const recorded: RecordedResponse = {
  status: 200,
  headers: { "content-type": "text/event-stream; charset=utf-8" },
  headersMs: 0,
  durationMs: 60_000,
  events: [
    { t: 0, data: { n: 1 } },
    { t: 60_000, data: "[DONE]" },
  ],
};

// Lets the stream's pull run up to its next wait.
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await Promise.resolve();
}

describe("replayExchange pacing", () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask", "setImmediate"] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it("clears the pending timer when the client cancels the body, instead of keeping it until the next event's time", async () => {
    const response = await replayExchange(recorded, "original", new AbortController().signal, performance.now());
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"n":1}\n\n');
    await settle();
    expect(jest.getTimerCount()).toBe(1);
    await reader.cancel("the client stopped reading");
    await settle();
    expect(jest.getTimerCount()).toBe(0);
  });

  it("still sends the next event at its recorded time when nobody cancels", async () => {
    const response = await replayExchange(recorded, "original", new AbortController().signal, performance.now());
    const reader = response.body!.getReader();
    await reader.read();
    const next = reader.read();
    await settle();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(new TextDecoder().decode((await next).value)).toBe("data: [DONE]\n\n");
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(jest.getTimerCount()).toBe(0);
  });
});
