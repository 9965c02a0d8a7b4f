import { afterAll, beforeAll, describe, expect, it, jest } from "@jest/globals";
import OpenAI from "openai";
import { user } from "../__tests__/helpers.js";
import { createClient, createCountingUpstream, createReplayFetch, createTempDir, readCassetteLines, UPSTREAM_BASE_URL } from "./__tests__/replay-fetch.js";
import type { ReplayTiming } from "./replayer.js";

// Timings are checked from below only: never earlier than recorded (scaled), and in order. That a mode is faster, or
// stops waiting, is checked by the waits it schedules (never by a wall-clock upper bound, which fails on a loaded
// machine). A millisecond of slack covers timers rounding to whole milliseconds.
const SLACK_MS = 2;
const model = "gpt-4o-mini";
const streamBody = { model, messages: [user("Pace this stream")], stream: true, max_tokens: 20 };
const wholeBody = { model, messages: [user("Pace this answer")], max_tokens: 20 };

let temp: ReturnType<typeof createTempDir>;
let streamTimes: number[];
let wholeDurationMs: number;

function send(fetch: (input: Request) => Promise<Response>, body: object, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(
    new Request("http://emulator.test/v1/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer k", "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal,
    }),
  );
}

/** The timers `run` schedules (delay above zero), and which of them were cleared before they fired. */
async function trackTimers<T>(run: () => Promise<T>): Promise<{ value: T; delays: number[]; clearedDelays: number[] }> {
  const delays = new Map<unknown, number>();
  const clearedDelays: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const setSpy = jest.spyOn(globalThis, "setTimeout").mockImplementation(((handler: (...args: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const timer = realSetTimeout(() => handler(...rest), ms);
    if ((ms ?? 0) > 0) delays.set(timer, ms!);
    return timer;
  }) as typeof setTimeout);
  const clearSpy = jest.spyOn(globalThis, "clearTimeout").mockImplementation(((timer: unknown) => {
    const delay = delays.get(timer);
    if (delay !== undefined) clearedDelays.push(delay);
    realClearTimeout(timer as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout);
  try {
    return { value: await run(), delays: [...delays.values()], clearedDelays };
  } finally {
    setSpy.mockRestore();
    clearSpy.mockRestore();
  }
}

/** Reads a response body, noting when each event was complete (ms after `start`). */
async function timedEvents(response: Response, start: number): Promise<Array<{ at: number; text: string }>> {
  const events: Array<{ at: number; text: string }> = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    pending += read.value;
    const parts = pending.split("\n\n");
    pending = parts.pop() ?? "";
    for (const text of parts) events.push({ at: performance.now() - start, text });
  }
  return events;
}

beforeAll(async () => {
  temp = createTempDir();
  const upstream = createCountingUpstream();
  // The first answer loads the tokenizer (about a second); warmed up, recorded times come from the slow fault alone.
  await (await send(upstream.fetch, wholeBody)).text();
  const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
  // slow: the first event after 120 ms, then a token every 10 ms, so recorded times are far from zero.
  const slow = { "x-emulator-fault": "slow:ttft=120,tps=100" };
  await (await send(recorder.fetch, streamBody, slow)).text();
  await (await send(recorder.fetch, wholeBody, slow)).text();
  await recorder.flush();
  const [stream, whole] = readCassetteLines(temp.cassette()) as Array<{ response: { events?: Array<{ t: number }>; durationMs: number } }>;
  streamTimes = stream!.response.events!.map((event) => event.t);
  wholeDurationMs = whole!.response.durationMs;
});
afterAll(() => temp.remove());

describe("replay timing", () => {
  it("records when each event arrived", () => {
    expect(streamTimes.length).toBeGreaterThan(10);
    expect(streamTimes[0]).toBeGreaterThanOrEqual(120);
    // The slow fault paces on a schedule from the request (first event at 120 ms, then a token every 10 ms), so on a
    // loaded machine a late first event is followed by a catch-up burst: only the last event's time is bounded, by
    // 120 ms plus at least ten of the 20 tokens.
    expect(streamTimes.at(-1)!).toBeGreaterThanOrEqual(220);
    expect([...streamTimes].sort((left, right) => left - right)).toEqual(streamTimes);
    expect(wholeDurationMs).toBeGreaterThanOrEqual(120);
  });

  it.each<[string, ReplayTiming, number]>([
    ["original", "original", 1],
    ["scaled", { scale: 0.25 }, 0.25],
  ])("%s timing sends each event no earlier than its recorded time times the scale, and waits no longer in all", async (_name, timing, scale) => {
    const start = performance.now();
    const { value: events, delays } = await trackTimers(async () =>
      timedEvents(await send(createReplayFetch({ cassette: temp.cassette(), timing }).fetch, streamBody), start),
    );
    expect(events).toHaveLength(streamTimes.length);
    expect(events.at(-1)?.text).toBe("data: [DONE]");
    events.forEach((event, index) => expect(event.at).toBeGreaterThanOrEqual(streamTimes[index]! * scale - SLACK_MS));
    // The waits run one after another, each until its event's scaled time, so together they never pass the last
    // event's scaled time (each rounded up to the timer's whole millisecond), however loaded the machine.
    expect(delays.length).toBeGreaterThan(0);
    const waited = delays.reduce((sum, delay) => sum + delay, 0);
    expect(waited).toBeLessThanOrEqual(streamTimes.at(-1)! * scale + delays.length);
  });

  it("instant timing sends the whole stream without scheduling a single wait", async () => {
    const { value: events, delays } = await trackTimers(async () =>
      timedEvents(await send(createReplayFetch({ cassette: temp.cassette() }).fetch, streamBody), performance.now()),
    );
    expect(events).toHaveLength(streamTimes.length);
    expect(delays).toEqual([]);
  });

  it("original timing holds a non-streamed answer for its recorded duration", async () => {
    const start = performance.now();
    const response = await send(createReplayFetch({ cassette: temp.cassette(), timing: "original" }).fetch, wholeBody);
    const body = (await response.json()) as { object: string };
    expect(body.object).toBe("chat.completion");
    expect(performance.now() - start).toBeGreaterThanOrEqual(wholeDurationMs - SLACK_MS);
  });

  it("stops waiting when the client aborts a stream mid-replay: the next read fails with the abort reason", async () => {
    const controller = new AbortController();
    const response = await send(createReplayFetch({ cassette: temp.cassette(), timing: "original" }).fetch, streamBody, {}, controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    const reason = new Error("client gave up");
    controller.abort(reason);
    // Were the waits not tied to the signal, later reads would resolve with the next events as their times came, and
    // the stream would end normally. Events whose time had already come before the abort may be queued (one on an
    // idle machine, a few on a loaded one), never the rest of the stream.
    let queued = 0;
    const error = await (async () => {
      for (;;) {
        if ((await reader.read()).done) return undefined;
        queued++;
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(queued).toBeLessThan(streamTimes.length - 2);
  });

  it("stops waiting when the client aborts before a non-streamed answer's recorded time", async () => {
    const client = createClient(createReplayFetch({ cassette: temp.cassette(), timing: "original" }).fetch);
    const { value: error, delays, clearedDelays } = await trackTimers(() =>
      client.chat.completions.create(wholeBody, { signal: AbortSignal.timeout(20) }).catch((caught: unknown) => caught),
    );
    expect(error).toBeInstanceOf(OpenAI.APIUserAbortError);
    // The replay's wait for the recorded duration was scheduled, then cancelled by the abort rather than sat out.
    const replayWaits = delays.filter((delay) => delay <= Math.ceil(wholeDurationMs));
    expect(replayWaits.length).toBeGreaterThan(0);
    expect(clearedDelays).toEqual(expect.arrayContaining(replayWaits));
  });
});

describe("broken streams", () => {
  it("keeps an event without the data prefix as raw text and replays the bytes unchanged", async () => {
    const local = createTempDir();
    try {
      const upstream = createCountingUpstream();
      const recorder = createReplayFetch({ cassette: local.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
      const recordedText = await (await send(recorder.fetch, streamBody, { "x-emulator-fault": "no-data-prefix:after=2" })).text();
      await recorder.flush();
      const events = (readCassetteLines(local.cassette())[0]!.response as { events: Array<Record<string, unknown>> }).events;
      expect(events[2]).toEqual({ t: expect.any(Number), raw: expect.stringMatching(/^\{"id":"chatcmpl-.*\n\n$/) });
      expect(events.filter((event) => "raw" in event)).toHaveLength(1);
      expect(await (await send(createReplayFetch({ cassette: local.cassette() }).fetch, streamBody)).text()).toBe(recordedText);
    } finally {
      local.remove();
    }
  });

  it("records a stream the upstream cut off, and replays the same events followed by the same reset", async () => {
    const local = createTempDir();
    try {
      const upstream = createCountingUpstream();
      const recorder = createReplayFetch({ cassette: local.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
      // The fault is asked of the upstream while recording; the replay sends the plain request (a fault header on a
      // replayed request is refused).
      const consume = async (client: OpenAI, headers: Record<string, string> = {}) => {
        const chunks: OpenAI.ChatCompletionChunk[] = [];
        const stream = await client.chat.completions.create(streamBody as OpenAI.ChatCompletionCreateParamsStreaming, { headers });
        const error = await (async () => {
          for await (const chunk of stream) chunks.push(chunk);
        })().catch((caught: unknown) => caught);
        return { chunks, error };
      };
      const recorded = await consume(createClient(recorder.fetch), { "x-emulator-fault": "disconnect:after=3" });
      await recorder.flush();
      expect(readCassetteLines(local.cassette())[0]!.response).toMatchObject({ reset: true });
      const replayed = await consume(createClient(createReplayFetch({ cassette: local.cassette() }).fetch));
      expect(replayed.chunks).toHaveLength(3);
      expect(replayed.chunks).toEqual(recorded.chunks);
      expect(replayed.error).toBeInstanceOf(TypeError);
      expect((replayed.error as TypeError).message).toBe((recorded.error as TypeError).message);
    } finally {
      local.remove();
    }
  });
});
