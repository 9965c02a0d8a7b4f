// The side-by-side benchmark (issue 14): the raw `openai` SDK, `@langchain/openai`, `@ai-sdk/openai` (chat model)
// and `@tessera/openai` in interleaved rounds of one run, against the comparison server (compare/server.ts) in a
// separate process over HTTP. Each client lives in a worker process of its own (compare/worker.ts), where its CPU is
// measured with process.cpuUsage deltas (the server's and this process's CPU are not counted); cold starts run in a
// fresh process each. Every reply is checked (text, tool arguments,
// usage) and a wrong one stops the run. Prints a Markdown table and writes it with the JSON to bench/results/.
// `--quick` runs small sizes; BENCH_* variables (see bench/README.md) change any size.
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { CLIENTS, type ClientName } from "./compare/clients.js";
import { INVOKE_TEXT, type Sizes } from "./compare/fixtures.js";

const QUICK = process.argv.includes("--quick");
const env = (name: string, full: number, quick: number) => Number(process.env[name] ?? (QUICK ? quick : full));
const SIZES: Sizes = { textChunks: env("BENCH_TEXT_CHUNKS", 20_000, 2_000), toolFragments: env("BENCH_TOOL_FRAGMENTS", 5_000, 1_000) };
const ROUNDS = env("BENCH_COMPARE_ROUNDS", 5, 3);
const INVOKES = env("BENCH_INVOKES", 200, 50);
const BATCH = env("BENCH_BATCH", 2_000, 300);
const CONCURRENCY = env("BENCH_CONCURRENCY", 50, 50);

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
  if (!condition) throw new Error(`${client}: wrong ${what}: got ${JSON.stringify(got)?.slice(0, 200)}, expected ${JSON.stringify(expected)}`);
}

/** A client's worker process (compare/worker.ts): `run(kind)` measures one sample there and returns its figures. */
interface Worker {
  run(kind: string): Promise<Record<string, number>>;
  close(): void;
}

async function startWorker(client: ClientName, origin: string): Promise<Worker> {
  const script = fileURLToPath(new URL("./compare/worker.js", import.meta.url));
  const child = fork(script, [client, origin], {
    execArgv: ["--expose-gc"],
    env: {
      ...process.env,
      BENCH_TEXT_CHUNKS: String(SIZES.textChunks),
      BENCH_TOOL_FRAGMENTS: String(SIZES.toolFragments),
      BENCH_INVOKES: String(INVOKES),
      BENCH_BATCH: String(BATCH),
      BENCH_CONCURRENCY: String(CONCURRENCY),
    },
  });
  let next = 1;
  const pending = new Map<number, { resolve: (values: Record<string, number>) => void; reject: (error: Error) => void }>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      const error = new Error(`${client}: worker exited (${String(code)})`);
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
    });
    child.on("message", (message: { id: number; values?: Record<string, number>; error?: string }) => {
      if (message.id === 0) return resolve();
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.values ?? {});
    });
  });
  await ready;
  return {
    run: (kind) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ id, kind });
      }),
    close: () => {
      child.removeAllListeners("exit");
      child.kill();
    },
  };
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

async function round(workers: Record<ClientName, Worker>, origin: string, order: ClientName[], samples: Samples): Promise<void> {
  const add = (client: ClientName, values: Record<string, number>) => {
    for (const [key, value] of Object.entries(values)) samples[key]?.[client].push(value);
  };
  for (const kind of ["invoke", "text", "tool"]) {
    for (const client of order) add(client, await workers[client].run(kind));
  }
  for (const client of order) {
    const cold = coldStart(client, origin);
    add(client, { cold: cold.firstCpuMs, import: cold.importCpuMs, coldWallMs: cold.firstMs, importWallMs: cold.importMs });
  }
  for (const client of order) add(client, await workers[client].run("batch"));
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
  const workers: Partial<Record<ClientName, Worker>> = {};
  try {
    for (const client of CLIENTS) workers[client] = await startWorker(client, origin);
    // Warm-up: every path of every client once, checked.
    for (const worker of Object.values(workers)) await worker.run("warmup");
    const samples: Samples = Object.fromEntries(
      [...SCENARIOS.map((scenario) => scenario.key), ...EXTRA].map((key) => [key, Object.fromEntries(CLIENTS.map((client) => [client, [] as number[]]))]),
    ) as Samples;
    for (let index = 0; index < ROUNDS; index++) {
      // Interleaved: every client in every scenario each round, starting with a different client each time.
      const order = CLIENTS.map((_, offset) => CLIENTS[(index + offset) % CLIENTS.length] as ClientName);
      await round(workers as Record<ClientName, Worker>, origin, order, samples);
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
    for (const worker of Object.values(workers)) worker.close();
    child.stdin?.end();
    child.kill();
  }
}

await main();
