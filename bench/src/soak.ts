// Load and soak: 1,000 concurrent streams and 5,000 concurrent invokes through one shared ChatOpenAI against the
// in-process emulator, several rounds of each. Checked: every call completes; every answer is the one for its own
// request (each prompt carries a unique marker, which the emulated model quotes back); no call was retried; and the
// heap comes back to its baseline after GC (every answer of a round is collected, and heapUsed returns near where it
// started). Run with `pnpm soak` (it needs --expose-gc, which the script sets); exits 1 when a check fails.
// SOAK_STREAMS, SOAK_INVOKES, SOAK_ROUNDS and SOAK_HEAP_SLACK_MB change the sizes and the heap bound.
import { randomBytes } from "node:crypto";
import type { AIMessageChunk } from "@langchain/core/messages";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";

const STREAMS = Number(process.env.SOAK_STREAMS ?? 1000);
const INVOKES = Number(process.env.SOAK_INVOKES ?? 5000);
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 3);
// Loose on purpose: the emulator's rate-limit window keeps a small record of every request for a minute, and V8 keeps
// some compiled code and pooled buffers; a leak of the answers themselves is caught exactly by the weak references.
const HEAP_SLACK_MB = Number(process.env.SOAK_HEAP_SLACK_MB ?? 8);
const MB = 1024 * 1024;
// Calls of each kind before the baseline is taken: modules, the tokenizer ranks and piece memo, JIT.
const WARM_UP = 100;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with `node --expose-gc` (pnpm soak does).");

// One emulator and one model for every call, so cross-talk through shared state would show. The journal is off: it
// would hold the last 1,000 exchanges, which is the emulator's memory, not the client's.
const emulator = createEmulator({ journalLimit: 0 });
let attempts = 0;
const llm = new ChatOpenAI({
  model: "gpt-4o-mini",
  apiKey: "soak-test-key",
  streamUsage: true,
  configuration: {
    baseURL: "http://emulator.soak/v1",
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      attempts++;
      return emulator.fetch(input, init);
    },
  },
});

const NONCE = randomBytes(4).toString("hex");
const MARKERS = new RegExp(`\\b(?:stream|invoke)-\\d+-\\d+-${NONCE}\\b`, "gu");

interface Answer {
  marker: string;
  message: AIMessageChunk;
  chunks: number;
}

const promptFor = (marker: string) => `Soak request ${marker}: answer this one only.`;

/** What is wrong with an answer, or undefined: its own marker quoted back and no other, complete, with usage. */
function problemWith(answer: Answer): string | undefined {
  const text = typeof answer.message.content === "string" ? answer.message.content : JSON.stringify(answer.message.content);
  const markers = text.match(MARKERS) ?? [];
  if (markers.length !== 1 || markers[0] !== answer.marker) return `cross-talk: ${answer.marker} got markers ${JSON.stringify(markers)}`;
  if (!text.includes(`You said: "${promptFor(answer.marker)}"`)) return `${answer.marker}: the reply does not quote its prompt: ${JSON.stringify(text)}`;
  if (answer.message.response_metadata?.finish_reason !== "stop") return `${answer.marker}: finish_reason ${String(answer.message.response_metadata?.finish_reason)}`;
  if (!answer.message.usage_metadata) return `${answer.marker}: no usage_metadata`;
  return undefined;
}

async function invokeOne(marker: string): Promise<Answer> {
  return { marker, message: await llm.invoke(promptFor(marker)), chunks: 1 };
}

/**
 * One stream, opened and read up to its first chunk; then it waits until every stream of the round has got that far,
 * so all of them are open at once, and reads the rest while the others do.
 */
async function streamOne(marker: string, arrive: () => void, allOpen: Promise<void>, seen: (chunk: AIMessageChunk) => void): Promise<Answer> {
  let iterator: AsyncIterator<AIMessageChunk>;
  let first: IteratorResult<AIMessageChunk>;
  try {
    iterator = (await llm.stream(promptFor(marker)))[Symbol.asyncIterator]();
    first = await iterator.next();
  } finally {
    arrive();
  }
  await allOpen;
  if (first.done) throw new Error(`${marker}: the stream ended before its first chunk`);
  seen(first.value);
  let message = first.value;
  let chunks = 1;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    seen(next.value);
    message = message.concat(next.value);
    chunks++;
  }
  return { marker, message, chunks };
}

interface RoundResult {
  completed: number;
  failures: string[];
  chunks: number;
  seconds: number;
  cpuSeconds: number;
  peakHeap: number;
  refs: WeakRef<AIMessageChunk>[];
}

async function runRound(kind: "stream" | "invoke", round: number, count: number): Promise<RoundResult> {
  const markers = Array.from({ length: count }, (_, index) => `${kind}-${round}-${index}-${NONCE}`);
  let peakHeap = 0;
  // Every answer, and every streamed chunk as it arrives: after GC none may be left.
  const refs: WeakRef<AIMessageChunk>[] = [];
  const seen = (chunk: AIMessageChunk) => void refs.push(new WeakRef(chunk));
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let settled: PromiseSettledResult<Answer>[];
  if (kind === "stream") {
    let arrived = 0;
    let release = () => {};
    const allOpen = new Promise<void>((resolve) => (release = resolve));
    const arrive = () => {
      if (++arrived < count) return;
      peakHeap = process.memoryUsage().heapUsed;
      release();
    };
    settled = await Promise.allSettled(markers.map((marker) => streamOne(marker, arrive, allOpen, seen)));
  } else {
    // Sampled as answers come in (every 50th), while the rest are still in flight.
    let done = 0;
    const sample = () => {
      if (done++ % 50 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    };
    settled = await Promise.allSettled(markers.map((marker) => invokeOne(marker).finally(sample)));
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const failures: string[] = [];
  const ids = new Set<string>();
  let chunks = 0;
  for (const outcome of settled) {
    if (outcome.status === "rejected") {
      failures.push(`${kind}: ${String((outcome.reason as Error)?.stack ?? outcome.reason)}`);
      continue;
    }
    const answer = outcome.value;
    chunks += answer.chunks;
    seen(answer.message);
    const problem = problemWith(answer);
    if (problem !== undefined) failures.push(problem);
    // Every response has its own id; two answers sharing one would be the same response delivered twice.
    if (answer.message.id !== undefined) {
      if (ids.has(answer.message.id)) failures.push(`${answer.marker}: response id ${answer.message.id} seen twice`);
      ids.add(answer.message.id);
    }
  }
  return { completed: settled.length - settled.filter((outcome) => outcome.status === "rejected").length, failures, chunks, seconds, cpuSeconds, peakHeap, refs };
}

async function settledHeap(): Promise<number> {
  // Several passes, each after a turn of the event loop: weak references are cleared only once the job that made
  // them has ended, and finalization may free more on the next pass.
  for (let pass = 0; pass < 4; pass++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);

async function main(): Promise<void> {
  const warmUp = [await runRound("invoke", 0, WARM_UP), await runRound("stream", 0, WARM_UP)];
  if (warmUp.some((result) => result.failures.length > 0)) throw new Error(warmUp.flatMap((result) => result.failures).join("\n"));
  const baseline = await settledHeap();
  const lines = [
    `Load and soak through ChatOpenAI against the in-process emulator (Node ${process.version}; ${STREAMS} concurrent streams and ${INVOKES} concurrent invokes per round, ${ROUNDS} rounds each)`,
    "",
    `Heap after warm-up and GC (baseline): ${mb(baseline)} MB`,
    "",
    "| round | calls | completed | chunks | wall s | CPU s | CPU ms per call | heap in flight MB | heap after GC MB | Δ baseline MB | answers and chunks still reachable |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const failures: string[] = [];
  let calls = 0;
  let after = baseline;
  let afterFirst: number | undefined;
  let reachable = 0;
  const plan = [...Array.from({ length: ROUNDS }, () => ["stream", STREAMS] as const), ...Array.from({ length: ROUNDS }, () => ["invoke", INVOKES] as const)];
  for (const [index, [kind, count]] of plan.entries()) {
    const round = index + 1;
    const result = await runRound(kind, round, count);
    calls += count;
    failures.push(...result.failures);
    const { refs } = result;
    after = await settledHeap();
    afterFirst ??= after;
    const alive = refs.filter((ref) => ref.deref() !== undefined).length;
    reachable += alive;
    const row = [`${kind}s #${round}`, count, result.completed, result.chunks, result.seconds.toFixed(2), result.cpuSeconds.toFixed(2), ((result.cpuSeconds * 1000) / count).toFixed(2), mb(result.peakHeap), mb(after), mb(after - baseline), alive];
    process.stdout.write(`| ${row.join(" | ")} |\n`);
  }
  const growth = after - baseline;
  process.stdout.write(`\nHeap after GC: ${mb(baseline)} MB at the baseline, ${mb(afterFirst ?? after)} MB after the first round, ${mb(after)} MB after the last (${mb(after - (afterFirst ?? after))} MB over the rounds after the first)\n`);
  const checks = [
    [`every call completed with its own answer (no cross-talk, ids unique)`, failures.length === 0],
    [`one HTTP attempt per call (${attempts} attempts for ${calls + 2 * WARM_UP} calls, warm-up included)`, attempts === calls + 2 * WARM_UP],
    [`every answer and streamed chunk collected after GC (${reachable} still reachable)`, reachable === 0],
    [`heap back to baseline after GC (${mb(growth)} MB over ${mb(baseline)} MB; bound ${HEAP_SLACK_MB} MB)`, growth < HEAP_SLACK_MB * MB],
  ] as const;
  process.stdout.write(`\n${checks.map(([label, ok]) => `${ok ? "PASS" : "FAIL"} ${label}`).join("\n")}\n`);
  for (const failure of failures.slice(0, 10)) process.stdout.write(`  ${failure}\n`);
  if (failures.length > 10) process.stdout.write(`  … and ${failures.length - 10} more\n`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

await main();
