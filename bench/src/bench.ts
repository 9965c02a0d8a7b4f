// `pnpm bench`: the side-by-side comparison (compare.ts), then the focused scripts (in-memory stream overhead, the
// emulator's throughput, token counting, strict-mode null restoration), each in its own process. `--quick` is passed on and shrinks sizes.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const quick = process.argv.includes("--quick");
const scripts: Array<[string, NodeJS.ProcessEnv]> = [
  ["compare.js", {}],
  ["stream-overhead.js", quick ? { BENCH_ROUNDS: process.env.BENCH_ROUNDS ?? "3", BENCH_ITERATIONS: process.env.BENCH_ITERATIONS ?? "3" } : {}],
  ["emulator-throughput.js", {}],
  ["count-tokens.js", {}],
  ["restore-nulls.js", {}],
];
for (const [script, extra] of scripts) {
  const run = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(new URL(script, import.meta.url)), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, ...extra },
  });
  if (run.status !== 0) {
    process.stderr.write(`${script} failed (exit ${String(run.status)})\n`);
    process.exit(run.status ?? 1);
  }
}
