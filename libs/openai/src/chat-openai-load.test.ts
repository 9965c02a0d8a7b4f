import { beforeAll, describe, expect, it } from "@jest/globals";
import type { AIMessageChunk } from "@langchain/core/messages";
import { createEmulator } from "@tessera/openai-emulator";
import { loadEncoding } from "@tessera/openai-tokens";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ChatOpenAI } from "./chat-openai.js";

// The CI-sized load check (issue 13, "Load and soak"): many calls at once through one shared ChatOpenAI against the
// in-process emulator. Every call must complete with the answer to its own request: each prompt carries a unique
// marker that the emulated model quotes back, so an answer delivered to the wrong caller, or two callers sharing one
// response, shows. No timing is asserted. The full-size run (1,000 streams, 5,000 invokes, heap figures) is
// bench/src/soak.ts, run by `pnpm soak`.

const STREAMS = 100;
const INVOKES = 300;
const BATCH = 100;
// A guard against hangs, not a speed check: these tests do real work (hundreds of calls through the emulator), and in
// a full `pnpm test` they share a loaded machine with every other suite.
const HANG_GUARD_MS = 180_000;

/** A ChatOpenAI on a fresh emulator (journal off: it is not what is measured), counting the HTTP attempts. */
function loadModel() {
  const emulator = createEmulator({ journalLimit: 0 });
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "load-test-key", streamUsage: true, configuration: { baseURL: "http://emulator.test/v1", fetch } });
  return { llm, attempts: () => attempts };
}

const markerOf = (kind: string, index: number) => `${kind}-${index}-marker`;
const promptFor = (marker: string) => `Load request ${marker}: answer this one only.`;
const MARKERS = /\b(?:stream|invoke|batch)-\d+-marker\b/gu;

/** What a caller got: the markers its answer quotes, whether it quotes its whole prompt, how it ended, its id. */
function summarize(marker: string, message: AIMessageChunk) {
  const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
  return {
    markers: text.match(MARKERS) ?? [],
    quotesPrompt: text.includes(`You said: "${promptFor(marker)}"`),
    finishReason: message.response_metadata?.finish_reason as unknown,
    hasUsage: message.usage_metadata !== undefined,
    id: message.id,
  };
}

/** The summary every answer must have: its own marker only, the whole prompt quoted, finished, with usage. */
const expected = (marker: string) => ({ markers: [marker], quotesPrompt: true, finishReason: "stop", hasUsage: true, id: expect.any(String) });

/** A stream read to its first chunk, then held until every stream has got that far, so all are open at once. */
async function heldStream(
  llm: ChatOpenAI,
  marker: string,
  gate: { arrive: () => void; open: Promise<void> },
  seen: (chunk: AIMessageChunk) => void = () => {},
): Promise<AIMessageChunk> {
  let iterator: AsyncIterator<AIMessageChunk>;
  let first: IteratorResult<AIMessageChunk>;
  try {
    iterator = (await llm.stream(promptFor(marker)))[Symbol.asyncIterator]();
    first = await iterator.next();
  } finally {
    gate.arrive();
  }
  await gate.open;
  if (first.done) throw new Error(`${marker}: the stream ended before its first chunk`);
  seen(first.value);
  let message = first.value;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    seen(next.value);
    message = message.concat(next.value);
  }
  return message;
}

/** A barrier for `count` arrivals; `open` resolves when the last one arrives. */
function barrier(count: number) {
  let arrived = 0;
  let release = () => {};
  const open = new Promise<void>((resolve) => (release = resolve));
  return {
    arrive: () => {
      if (++arrived === count) release();
    },
    open,
    arrived: () => arrived,
  };
}

/** Node's gc, exposed at run time (jest starts node without --expose-gc). */
function exposeGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

// Weak references are cleared only after the job that created them ends; a few passes, each after a turn of the loop.
async function collectGarbage(gc: () => void): Promise<void> {
  for (let pass = 0; pass < 4; pass++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// The emulator counts usage with the real tokenizer; its ranks load once, outside the tests.
beforeAll(() => loadEncoding("o200k_base"), 60_000);

describe("ChatOpenAI under load (CI-sized; `pnpm soak` runs the full size)", () => {
  it(`${STREAMS} streams open at once: each completes with its own answer, one attempt each`, async () => {
    const { llm, attempts } = loadModel();
    const markers = Array.from({ length: STREAMS }, (_, index) => markerOf("stream", index));
    const gate = barrier(STREAMS);
    const messages = await Promise.all(markers.map((marker) => heldStream(llm, marker, gate)));
    expect(gate.arrived()).toBe(STREAMS);
    expect(messages.map((message, index) => summarize(markers[index] ?? "", message))).toEqual(markers.map(expected));
    expect(new Set(messages.map((message) => message.id)).size).toBe(STREAMS);
    expect(attempts()).toBe(STREAMS);
  }, HANG_GUARD_MS);

  it(`${INVOKES} concurrent invokes: each completes with its own answer, one attempt each`, async () => {
    const { llm, attempts } = loadModel();
    const markers = Array.from({ length: INVOKES }, (_, index) => markerOf("invoke", index));
    const messages = await Promise.all(markers.map((marker) => llm.invoke(promptFor(marker))));
    expect(messages.map((message, index) => summarize(markers[index] ?? "", message))).toEqual(markers.map(expected));
    expect(new Set(messages.map((message) => message.id)).size).toBe(INVOKES);
    expect(attempts()).toBe(INVOKES);
  }, HANG_GUARD_MS);

  it(`a batch of ${BATCH}: every output is the answer to the input at its position`, async () => {
    const { llm, attempts } = loadModel();
    const markers = Array.from({ length: BATCH }, (_, index) => markerOf("batch", index));
    const messages = await llm.batch(markers.map(promptFor));
    expect(messages.map((message, index) => summarize(markers[index] ?? "", message))).toEqual(markers.map(expected));
    expect(attempts()).toBe(BATCH);
  }, HANG_GUARD_MS);

  it("no answer or streamed chunk is kept alive once its caller drops it (streams and invokes)", async () => {
    const gc = exposeGc();
    const { llm } = loadModel();
    const refs: WeakRef<AIMessageChunk>[] = [];
    const track = (message: AIMessageChunk) => void refs.push(new WeakRef(message));
    // In a function of its own, so no local of this test holds an answer when the garbage is collected.
    const run = async () => {
      const gate = barrier(STREAMS);
      const streamed = Promise.all(Array.from({ length: STREAMS }, (_, index) => heldStream(llm, markerOf("stream", index), gate, track)));
      const invoked = Promise.all(Array.from({ length: INVOKES }, (_, index) => llm.invoke(promptFor(markerOf("invoke", index)))));
      // Every streamed chunk is tracked as it arrives; the invokes' answers (and the streams' concatenations) here.
      for (const message of [...(await streamed), ...(await invoked)]) track(message);
    };
    await run();
    await collectGarbage(gc);
    expect(refs.length).toBeGreaterThan(2 * STREAMS + INVOKES);
    expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  }, HANG_GUARD_MS);
});
