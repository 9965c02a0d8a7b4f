// One client of the comparison in a process of its own, so the clients do not share a JIT, inline caches or a heap
// (both LangChain models would otherwise run through one `@langchain/core`). Forked by compare.ts with the client's
// name and the server's origin as arguments and the resolved sizes in BENCH_* variables. On each IPC message
// `{ id, kind }` it runs one sample of that kind, checks every reply, and answers `{ id, values }` (client CPU measured
// in this process with process.cpuUsage) or `{ id, error }`.
import { makeClient, type ClientName, type Reply, type ToolReply } from "./clients.js";
import { INVOKE_TEXT, INVOKE_USAGE, TOOL, textExpected, toolExpected, type Usage } from "./fixtures.js";

const [name, origin] = process.argv.slice(2) as [ClientName, string];
const sizes = { textChunks: Number(process.env.BENCH_TEXT_CHUNKS), toolFragments: Number(process.env.BENCH_TOOL_FRAGMENTS) };
const INVOKES = Number(process.env.BENCH_INVOKES);
const BATCH = Number(process.env.BENCH_BATCH);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const client = makeClient(name, origin);
const expectedText = textExpected(sizes);
const expectedTool = toolExpected(sizes);

function check(condition: boolean, what: string, got: unknown, expected: unknown): void {
  if (!condition) {
    const show = (value: unknown) => JSON.stringify(value)?.slice(0, 200);
    throw new Error(`${name}: wrong ${what}: got ${show(got)}, expected ${show(expected)}`);
  }
}
const sameUsage = (left: Usage | undefined, right: Usage) => left !== undefined && left.input === right.input && left.output === right.output && left.total === right.total;

function checkInvoke(reply: Reply): void {
  check(reply.text === INVOKE_TEXT, "invoke text", reply.text, INVOKE_TEXT);
  check(sameUsage(reply.usage, INVOKE_USAGE), "invoke usage", reply.usage, INVOKE_USAGE);
}
function checkText(reply: Reply): void {
  check(reply.text === expectedText.text, "streamed text", reply.text, expectedText.text);
  check(reply.chunks >= sizes.textChunks, "chunk count", reply.chunks, sizes.textChunks);
  check(sameUsage(reply.usage, expectedText.usage), "stream usage", reply.usage, expectedText.usage);
}
function checkTool(reply: ToolReply): void {
  check(reply.name === TOOL.name, "tool name", reply.name, TOOL.name);
  check(reply.args === expectedTool.args, "tool arguments", reply.args, expectedTool.args);
  check(sameUsage(reply.usage, expectedTool.usage), "tool stream usage", reply.usage, expectedTool.usage);
}
function checkBatch(replies: Reply[], calls: number): void {
  check(replies.length === calls, "batch length", replies.length, calls);
  for (const reply of replies) checkInvoke(reply);
}

/** Client CPU microseconds of `run` in this process (user + system), after a GC, and its wall time. */
async function cpuOf<T>(run: () => Promise<T>): Promise<{ micros: number; wallMs: number; result: T }> {
  gc();
  const wallStart = performance.now();
  const start = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(start);
  return { micros: used.user + used.system, wallMs: performance.now() - wallStart, result };
}

const samples: Record<string, () => Promise<Record<string, number>>> = {
  // Every path once, checked.
  async warmup() {
    checkInvoke(await client.invoke());
    checkText(await client.streamText());
    checkTool(await client.streamTool());
    const calls = Math.min(BATCH, 100);
    checkBatch(await client.batch(calls, CONCURRENCY), calls);
    return {};
  },
  async invoke() {
    const { micros } = await cpuOf(async () => {
      for (let call = 0; call < INVOKES; call++) checkInvoke(await client.invoke());
    });
    return { invoke: micros / INVOKES };
  },
  async text() {
    const { micros, result } = await cpuOf(() => client.streamText());
    checkText(result);
    return { text: micros / sizes.textChunks };
  },
  async tool() {
    const { micros, result } = await cpuOf(() => client.streamTool());
    checkTool(result);
    return { tool: micros / sizes.toolFragments };
  },
  async batch() {
    const { micros, wallMs, result } = await cpuOf(() => client.batch(BATCH, CONCURRENCY));
    checkBatch(result, BATCH);
    return { batch: BATCH / (wallMs / 1000), batchCpuUsPerCall: micros / BATCH };
  },
};

process.on("message", (message: { id: number; kind: string }) => {
  const sample = samples[message.kind];
  (sample ? sample() : Promise.reject(new Error(`unknown sample ${message.kind}`))).then(
    (values) => process.send?.({ id: message.id, values }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.send?.({ id: 0, values: {} });
