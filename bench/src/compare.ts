// The side-by-side benchmark (issue 14): the raw `openai` SDK, `@langchain/openai`, `@ai-sdk/openai` (chat model)
// and `@tessera/openai` in interleaved rounds of one run, against the comparison server (compare/server.ts) in a
// separate process over HTTP. Client CPU is measured with process.cpuUsage deltas in this process only (the server's
// CPU is not counted); cold starts run in a fresh process each. Every reply is checked (text, tool arguments,
// usage) and a wrong one stops the run. Prints a Markdown table and writes it with the JSON to bench/results/.
// `--quick` runs small sizes; BENCH_* variables (see bench/README.md) change any size.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { CLIENTS, makeClient, type Client, type ClientName, type Reply, type ToolReply } from "./compare/clients.js";
import { INVOKE_TEXT, INVOKE_USAGE, TOOL, textExpected, toolExpected, type Sizes, type Usage } from "./compare/fixtures.js";

const QUICK = process.argv.includes("--quick");
const env = (name: string, full: number, quick: number) => Number(process.env[name] ?? (QUICK ? quick : full));
const SIZES: Sizes = { textChunks: env("BENCH_TEXT_CHUNKS", 20_000, 2_000), toolFragments: env("BENCH_TOOL_FRAGMENTS", 5_000, 1_000) };
const ROUNDS = env("BENCH_COMPARE_ROUNDS", 5, 3);
const INVOKES = env("BENCH_INVOKES", 200, 50);
const BATCH = env("BENCH_BATCH", 2_000, 300);
const CONCURRENCY = env("BENCH_CONCURRENCY", 50, 50);

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Scenario {
  key: string;
  title: string;
  unit: string;
  higherIsBetter: boolean;
  target: string;
}

const SCENARIOS: Scenario[] = [
  { key: "invoke", title: "invoke, client CPU per call", unit: "µs", higherIsBetter: false, target: "≤ 1.10x" },
  { key: "text", title: `stream of ${SIZES.textChunks} content chunks, client CPU per chunk`, unit: "µs", higherIsBetter: false, target: "≤ 1.50x" },
  { key: "tool", title: `tool-call stream of ${SIZES.toolFragments} argument fragments, client CPU per fragment`, unit: "µs", higherIsBetter: false, target: "≤ 1.50x" },
  { key: "cold", title: "cold start: new process, import, construct, first reply (CPU)", unit: "ms", higherIsBetter: false, target: "≤ 1.20x" },
  { key: "import", title: "cold start: import alone (CPU)", unit: "ms", higherIsBetter: false, target: "" },
  { key: "batch", title: `batch of ${BATCH} at concurrency ${CONCURRENCY}, calls/s (higher is better)`, unit: "calls/s", higherIsBetter: true, target: "≥ 0.90x" },
];
/** Figures kept in the JSON only (wall times of the cold start, CPU per call of the batch). */
const EXTRA = ["coldWallMs", "importWallMs", "batchCpuUsPerCall"] as const;

function check(condition: boolean, client: ClientName, what: string, got: unknown, expected: unknown): void {
  if (!condition) {
    const show = (value: unknown) => JSON.stringify(value)?.slice(0, 200);
    throw new Error(`${client}: wrong ${what}: got ${show(got)}, expected ${show(expected)}`);
  }
}
const sameUsage = (left: Usage | undefined, right: Usage) => left !== undefined && left.input === right.input && left.output === right.output && left.total === right.total;

const expectedText = textExpected(SIZES);
const expectedTool = toolExpected(SIZES);

function checkInvoke(client: ClientName, reply: Reply): void {
  check(reply.text === INVOKE_TEXT, client, "invoke text", reply.text, INVOKE_TEXT);
  check(sameUsage(reply.usage, INVOKE_USAGE), client, "invoke usage", reply.usage, INVOKE_USAGE);
}
function checkText(client: ClientName, reply: Reply): void {
  check(reply.text === expectedText.text, client, "streamed text", reply.text, expectedText.text);
  check(reply.chunks >= SIZES.textChunks, client, "chunk count", reply.chunks, SIZES.textChunks);
  check(sameUsage(reply.usage, expectedText.usage), client, "stream usage", reply.usage, expectedText.usage);
}
function checkTool(client: ClientName, reply: ToolReply): void {
  check(reply.name === TOOL.name, client, "tool name", reply.name, TOOL.name);
  check(reply.args === expectedTool.args, client, "tool arguments", reply.args, expectedTool.args);
  check(sameUsage(reply.usage, expectedTool.usage), client, "tool stream usage", reply.usage, expectedTool.usage);
}

/** CPU microseconds of `run` in this process, after a GC. */
async function cpuOf<T>(run: () => Promise<T>): Promise<{ micros: number; wallMs: number; result: T }> {
  gc();
  const wallStart = performance.now();
  const start = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(start);
  return { micros: used.user + used.system, wallMs: performance.now() - wallStart, result };
}

function startServer(): Promise<{ child: ChildProcess; origin: string }> {
  const script = fileURLToPath(new URL("./compare/server.js", import.meta.url));
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, BENCH_TEXT_CHUNKS: String(SIZES.textChunks), BENCH_TOOL_FRAGMENTS: String(SIZES.toolFragments) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (data: Buffer) => {
      const { port } = JSON.parse(data.toString()) as { port: number };
      resolve({ child, origin: `http://127.0.0.1:${port}` });
    });
  });
}

function coldStart(client: ClientName, origin: string): { importMs: number; importCpuMs: number; firstMs: number; firstCpuMs: number } {
  const script = fileURLToPath(new URL("./compare/cold.js", import.meta.url));
  const run = spawnSync(process.execPath, [script, client, origin], { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${client}: cold start failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as { importMs: number; importCpuMs: number; firstMs: number; firstCpuMs: number; text: string };
  check(result.text === INVOKE_TEXT, client, "cold start text", result.text, INVOKE_TEXT);
  return result;
}

type Samples = Record<string, Record<ClientName, number[]>>;

async function round(clients: Record<ClientName, Client>, origin: string, order: ClientName[], samples: Samples): Promise<void> {
  const add = (key: string, client: ClientName, value: number) => samples[key]?.[client].push(value);
  for (const client of order) {
    const c = clients[client];
    const invoke = await cpuOf(async () => {
      for (let call = 0; call < INVOKES; call++) checkInvoke(client, await c.invoke());
    });
    add("invoke", client, invoke.micros / INVOKES);
  }
  for (const client of order) {
    const text = await cpuOf(() => clients[client].streamText());
    checkText(client, text.result);
    add("text", client, text.micros / SIZES.textChunks);
  }
  for (const client of order) {
    const tool = await cpuOf(() => clients[client].streamTool());
    checkTool(client, tool.result);
    add("tool", client, tool.micros / SIZES.toolFragments);
  }
  for (const client of order) {
    const cold = coldStart(client, origin);
    add("cold", client, cold.firstCpuMs);
    add("import", client, cold.importCpuMs);
    add("coldWallMs", client, cold.firstMs);
    add("importWallMs", client, cold.importMs);
  }
  for (const client of order) {
    const batch = await cpuOf(() => clients[client].batch(BATCH, CONCURRENCY));
    check(batch.result.length === BATCH, client, "batch length", batch.result.length, BATCH);
    for (const reply of batch.result) checkInvoke(client, reply);
    add("batch", client, BATCH / (batch.wallMs / 1000));
    add("batchCpuUsPerCall", client, batch.micros / BATCH);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
};
const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = loadavg();
  const { child, origin } = await startServer();
  try {
    const clients = Object.fromEntries(CLIENTS.map((name) => [name, makeClient(name, origin)])) as Record<ClientName, Client>;
    // Warm-up: every path of every client once, checked.
    for (const client of CLIENTS) {
      const c = clients[client];
      checkInvoke(client, await c.invoke());
      checkText(client, await c.streamText());
      checkTool(client, await c.streamTool());
      for (const reply of await c.batch(Math.min(BATCH, 100), CONCURRENCY)) checkInvoke(client, reply);
    }
    const samples: Samples = Object.fromEntries(
      [...SCENARIOS.map((scenario) => scenario.key), ...EXTRA].map((key) => [key, Object.fromEntries(CLIENTS.map((client) => [client, [] as number[]]))]),
    ) as Samples;
    for (let index = 0; index < ROUNDS; index++) {
      // Interleaved: every client in every scenario each round, starting with a different client each time.
      const order = CLIENTS.map((_, offset) => CLIENTS[(index + offset) % CLIENTS.length] as ClientName);
      await round(clients, origin, order, samples);
      process.stderr.write(`round ${index + 1}/${ROUNDS} done\n`);
    }
    const loadEnd = loadavg();
    const summary = Object.fromEntries(
      Object.entries(samples).map(([key, perClient]) => {
        const base = median(perClient["openai SDK"]);
        return [
          key,
          Object.fromEntries(
            CLIENTS.map((client) => {
              const values = perClient[client];
              const middle = median(values);
              return [client, { median: middle, min: Math.min(...values), max: Math.max(...values), ratio: middle / base, samples: values }];
            }),
          ),
        ];
      }),
    ) as Record<string, Record<ClientName, { median: number; min: number; max: number; ratio: number; samples: number[] }>>;

    const context = `${started.toISOString().slice(0, 16)}Z, Node ${process.version}, ${cpus().length} cores, load average ${loadStart[0]?.toFixed(1)} at start and ${loadEnd[0]?.toFixed(1)} at end; ${ROUNDS} interleaved rounds, medians; server: precomputed bodies in a child process over HTTP${QUICK ? "; --quick sizes" : ""}`;
    const lines = [`Ratios to the raw openai SDK (${context}):`, "", `| scenario | ${CLIENTS.slice(1).join(" | ")} | target |`, `|---|${CLIENTS.slice(1).map(() => "---:").join("|")}|---:|`];
    for (const scenario of SCENARIOS) {
      const row = summary[scenario.key];
      if (row === undefined) continue;
      lines.push(`| ${scenario.title} | ${CLIENTS.slice(1).map((client) => `${row[client].ratio.toFixed(2)}x`).join(" | ")} | ${scenario.target} |`);
    }
    lines.push("", "Medians (min–max):", "", `| scenario | unit | ${CLIENTS.join(" | ")} |`, `|---|---|${CLIENTS.map(() => "---:").join("|")}|`);
    const extraTitles: Record<string, [string, string]> = {
      coldWallMs: ["cold start, wall (import, construct, first reply)", "ms"],
      importWallMs: ["import alone, wall", "ms"],
      batchCpuUsPerCall: ["batch, client CPU per call", "µs"],
    };
    for (const key of [...SCENARIOS.map((scenario) => scenario.key), ...EXTRA]) {
      const row = summary[key];
      const scenario = SCENARIOS.find((candidate) => candidate.key === key);
      const [title, unit] = scenario ? [scenario.title, scenario.unit] : (extraTitles[key] ?? [key, ""]);
      if (row === undefined) continue;
      lines.push(`| ${title} | ${unit} | ${CLIENTS.map((client) => `${fmt(row[client].median)} (${fmt(row[client].min)}–${fmt(row[client].max)})`).join(" | ")} |`);
    }
    const markdown = `${lines.join("\n")}\n`;
    process.stdout.write(`\n${markdown}\n`);

    const results = new URL("../results/", import.meta.url);
    mkdirSync(results, { recursive: true });
    const stem = `compare-${started.toISOString().slice(0, 16).replace(":", "")}${QUICK ? "-quick" : ""}`;
    const json = {
      date: started.toISOString(),
      node: process.version,
      cores: cpus().length,
      loadavg: { start: loadStart, end: loadEnd },
      quick: QUICK,
      server: "precomputed bodies (bench/src/compare/server.ts) in a child process over HTTP on 127.0.0.1",
      sizes: { ...SIZES, rounds: ROUNDS, invokesPerSample: INVOKES, batch: BATCH, concurrency: CONCURRENCY },
      scenarios: Object.fromEntries(
        [...SCENARIOS.map((scenario) => scenario.key), ...EXTRA].map((key) => {
          const scenario = SCENARIOS.find((candidate) => candidate.key === key);
          return [key, { title: scenario?.title ?? extraTitles[key]?.[0], unit: scenario?.unit ?? extraTitles[key]?.[1], higherIsBetter: scenario?.higherIsBetter ?? false, target: scenario?.target, clients: summary[key] }];
        }),
      ),
    };
    writeFileSync(new URL(`${stem}.json`, results), `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(new URL(`${stem}.md`, results), markdown);
    process.stderr.write(`wrote bench/results/${stem}.json and .md\n`);
  } finally {
    child.stdin?.end();
    child.kill();
  }
}

await main();
