// Cold start: a new Node process per sample. "import" times `await import(pkg)` inside the child; "first reply" is the
// child's whole life up to its first answer (Node's own start, import, construct, one invoke over HTTP to the
// emulator, which listens in this parent process, so its start-up is not counted). Clients take turns within each
// round, so drift in machine load hits all of them alike; medians and min–max are reported, with ratios to the raw
// `openai` SDK. `@langchain/core/language_models/chat_models` is the floor for any ChatOpenAI that extends
// BaseChatModel. IMPORT_ROUNDS changes the number of rounds (default 7). IMPORT_COMPARE=<path to another build's
// index.js> adds that build as one more client (e.g. a copy of the previous dist, to measure a change in one run).
// Run: `node bench/dist/import-cost.js`.
import { execFile } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createEmulator } from "@tessera/openai-emulator";

const ROUNDS = Number(process.env.IMPORT_ROUNDS ?? 7);
const here = dirname(dirname(fileURLToPath(import.meta.url)));

const imports: Array<[string, string]> = [
  ["openai SDK", "openai"],
  ["@langchain/core chat_models (floor)", "@langchain/core/language_models/chat_models"],
  ["@langchain/openai", "@langchain/openai"],
  ["@tessera/openai", "@tessera/openai"],
];

/** Child scripts for the first reply: each prints `{ importMs, totalMs, text }` as JSON. */
const firstReplies: Array<[string, string]> = [
  [
    "openai SDK",
    `const t0 = performance.now(); const { default: OpenAI } = await import("openai"); const t1 = performance.now();
     const client = new OpenAI({ apiKey: "sk-bench", baseURL: process.env.BASE_URL });
     const r = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hi" }] });
     emit(t1 - t0, r.choices[0].message.content);`,
  ],
  [
    "@langchain/openai",
    `const t0 = performance.now(); const { ChatOpenAI } = await import("@langchain/openai"); const t1 = performance.now();
     const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-bench", configuration: { baseURL: process.env.BASE_URL } });
     const r = await llm.invoke("Say hi");
     emit(t1 - t0, r.content);`,
  ],
  [
    "@tessera/openai",
    `const t0 = performance.now(); const { ChatOpenAI } = await import("@tessera/openai"); const t1 = performance.now();
     const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-bench", configuration: { baseURL: process.env.BASE_URL } });
     const r = await llm.invoke("Say hi");
     emit(t1 - t0, r.content);`,
  ],
];

const compare = process.env.IMPORT_COMPARE;
if (compare !== undefined) {
  const url = pathToFileURL(compare).href;
  imports.push(["@tessera/openai (IMPORT_COMPARE)", url]);
  firstReplies.push(["@tessera/openai (IMPORT_COMPARE)", firstReplies.at(-1)?.[1].replace('"@tessera/openai"', JSON.stringify(url)) ?? ""]);
}

const EMIT = `const emit = (importMs, text) => console.log(JSON.stringify({ importMs, totalMs: performance.now(), text }));`;

function runChild(script: string, env: Record<string, string> = {}): Promise<{ importMs: number; totalMs: number; text: unknown }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", `${EMIT}\n${script}`],
      { cwd: here, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as { importMs: number; totalMs: number; text: unknown });
      },
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function row(name: string, values: number[], base: number): string {
  const m = median(values);
  return `| ${name} | ${m.toFixed(0)} ms | ${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} | ${(m / base).toFixed(2)}x |`;
}

const emulator = createEmulator({ journalLimit: 0 });
const server = await emulator.listen();
try {
  const importTimes = new Map<string, number[]>(imports.map(([name]) => [name, []]));
  const replyTimes = new Map<string, number[]>(firstReplies.map(([name]) => [name, []]));
  const replyImports = new Map<string, number[]>(firstReplies.map(([name]) => [name, []]));
  // One warm-up round (file system cache), not recorded.
  for (let round = -1; round < ROUNDS; round++) {
    for (const [name, specifier] of imports) {
      const sample = await runChild(`const t0 = performance.now(); await import(${JSON.stringify(specifier)}); emit(performance.now() - t0, "");`);
      if (round >= 0) importTimes.get(name)?.push(sample.importMs);
    }
    for (const [name, script] of firstReplies) {
      const sample = await runChild(script, { BASE_URL: server.url });
      if (typeof sample.text !== "string" || sample.text.length === 0) throw new Error(`${name} gave no text: ${JSON.stringify(sample.text)}`);
      if (round >= 0) {
        replyTimes.get(name)?.push(sample.totalMs);
        replyImports.get(name)?.push(sample.importMs);
      }
    }
  }
  const importBase = median(importTimes.get("openai SDK") ?? []);
  const replyBase = median(replyTimes.get("openai SDK") ?? []);
  const lines = [
    `Cold start (Node ${process.version}, ${ROUNDS} interleaved rounds, new process per sample, medians)`,
    "",
    "| import alone | median | min–max | × openai SDK |",
    "| --- | ---: | ---: | ---: |",
    ...imports.map(([name]) => row(name, importTimes.get(name) ?? [], importBase)),
    "",
    "| new process, import, construct, first reply (emulator over HTTP) | median | min–max | × openai SDK |",
    "| --- | ---: | ---: | ---: |",
    ...firstReplies.map(([name]) => row(name, replyTimes.get(name) ?? [], replyBase)),
  ];
  console.log(lines.join("\n"));
} finally {
  await server.close();
}
