// The emulator's throughput over HTTP, so users know it will not slow their test suites: the emulator runs in a child
// process (`createEmulator({ journalLimit: 0 }).listen()`), and this process sends plain `fetch` requests at a fixed
// concurrency: invokes (requests/s) and streams (requests/s and SSE chunks/s, every chunk read). Every answer must be
// 200 with content. Run by `pnpm bench`; BENCH_EMULATOR_REQUESTS, BENCH_EMULATOR_STREAMS and
// BENCH_EMULATOR_CONCURRENCY change the sizes (`--quick` shrinks them).
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";

const QUICK = process.argv.includes("--quick");
const REQUESTS = Number(process.env.BENCH_EMULATOR_REQUESTS ?? (QUICK ? 300 : 2_000));
const STREAMS = Number(process.env.BENCH_EMULATOR_STREAMS ?? (QUICK ? 100 : 500));
const CONCURRENCY = Number(process.env.BENCH_EMULATOR_CONCURRENCY ?? 10);

const serverCode = `
import { createEmulator } from "@tessera/openai-emulator";
const server = await createEmulator({ journalLimit: 0 }).listen();
process.stdout.write(JSON.stringify({ url: server.url }) + "\\n");
process.stdin.resume();
process.stdin.on("end", () => server.close().then(() => process.exit(0)));
`;

async function pool(calls: number, run: (index: number) => Promise<number>): Promise<{ seconds: number; total: number }> {
  let next = 0;
  let total = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < calls) total += await run(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, calls) }, worker));
  return { seconds: (performance.now() - start) / 1000, total };
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", serverCode], { stdio: ["pipe", "pipe", "inherit"], cwd: new URL("..", import.meta.url) });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (data: Buffer) => resolve((JSON.parse(data.toString()) as { url: string }).url));
  });
  try {
    const call = async (index: number, stream: boolean): Promise<number> => {
      const response = await fetch(`${url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer bench-key" },
        body: JSON.stringify({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: `Request ${index}: tell me about the weather in Paris and the history of the city.` }],
          ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
        }),
      });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`emulator answered ${response.status}: ${body.slice(0, 200)}`);
      if (!stream) {
        const content = (JSON.parse(body) as { choices: Array<{ message: { content: string | null } }> }).choices[0]?.message.content;
        if (!content) throw new Error("emulator answered no content");
        return 1;
      }
      if (!body.endsWith("data: [DONE]\n\n")) throw new Error("stream did not end with [DONE]");
      return body.split("\n\ndata: ").length - 1;
    };
    // Warm-up.
    await pool(50, (index) => call(index, false));
    await pool(20, (index) => call(index, true));
    const invokes = await pool(REQUESTS, (index) => call(index, false));
    const streams = await pool(STREAMS, (index) => call(index, true));
    const lines = [
      `Emulator throughput over HTTP (emulator in a child process, journal off; plain fetch at concurrency ${CONCURRENCY}; Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)})`,
      "",
      "| what | requests | s | requests/s | chunks | chunks/s |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      `| invokes | ${REQUESTS} | ${invokes.seconds.toFixed(2)} | ${(REQUESTS / invokes.seconds).toFixed(0)} | | |`,
      `| streams | ${STREAMS} | ${streams.seconds.toFixed(2)} | ${(STREAMS / streams.seconds).toFixed(0)} | ${streams.total} | ${(streams.total / streams.seconds).toFixed(0)} |`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    child.stdin?.end();
    child.kill();
  }
}

await main();
