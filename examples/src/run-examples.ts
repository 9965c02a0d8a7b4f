// Runs every example, each in its own Node process, and fails if any exits non-zero (each one `check`s what it must
// show). Run: `pnpm examples` from the repository root (builds first), or `pnpm examples chain token-counting` for some.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const examples = ["chain", "tool-calling-loop", "langgraph-agent", "structured-output", "streaming-progress", "token-counting"];

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !examples.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown example: ${unknown.join(", ")}. The examples are: ${examples.join(", ")}.`);
  process.exit(2);
}

const dist = path.dirname(fileURLToPath(import.meta.url));
const failed: string[] = [];
for (const name of requested.length > 0 ? requested : examples) {
  console.log(`\n== ${name} (examples/src/${name}.ts)`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.join(dist, `${name}.js`)], { stdio: "inherit" });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  console.log(`-- ${name}: ${ok ? "ok" : `FAILED (exit ${String(run.status ?? run.signal)})`} in ${seconds} s`);
  if (!ok) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\n${failed.length} example(s) failed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\nEvery example ran and showed what it must.");
