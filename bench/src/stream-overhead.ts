// Client CPU per streamed chunk: the raw openai SDK (the yardstick), @tessera/openai's ChatOpenAI, and
// @langchain/openai's ChatOpenAI, each reading the same pre-built SSE bodies from an in-memory fetch, so the figures
// measure client work only (no network, no server). Run with `pnpm bench` (it needs --expose-gc, which the script sets).
import { ChatOpenAI as LangChainChatOpenAI } from "@langchain/openai";
import { ChatOpenAI } from "@tessera/openai";
import OpenAI from "openai";

const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 2000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10);
const BASE = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1_750_000_000, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_bench", service_tier: "default" };

type Delta = Record<string, unknown>;
const event = (delta: Delta | null, finish: string | null = null, usage?: unknown) =>
  `data: ${JSON.stringify({ ...BASE, choices: delta ? [{ index: 0, delta, logprobs: null, finish_reason: finish }] : [], usage: usage ?? null })}\n\n`;
const USAGE = { prompt_tokens: 12, completion_tokens: CHUNKS, total_tokens: 12 + CHUNKS, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } };

function textStream(): string {
  const parts = [event({ role: "assistant", content: "", refusal: null })];
  for (let index = 0; index < CHUNKS; index++) parts.push(event({ content: ` word${index % 10}` }));
  parts.push(event({}, "stop"), event(null, null, USAGE), "data: [DONE]\n\n");
  return parts.join("");
}

function toolStream(): string {
  const start = { index: 0, id: "call_bench", type: "function", function: { name: "write_file", arguments: "" } };
  const parts = [event({ role: "assistant", content: null, tool_calls: [start], refusal: null })];
  parts.push(event({ tool_calls: [{ index: 0, function: { arguments: '{"content":"' } }] }));
  for (let index = 0; index < CHUNKS; index++) parts.push(event({ tool_calls: [{ index: 0, function: { arguments: `line ${index % 10} ` } }] }));
  parts.push(event({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }), event({}, "tool_calls"), event(null, null, USAGE), "data: [DONE]\n\n");
  return parts.join("");
}

function fetchServing(body: string): typeof fetch {
  const bytes = new TextEncoder().encode(body);
  return async () => new Response(bytes, { headers: { "content-type": "text/event-stream" } });
}

type Runner = () => Promise<number>;

function runners(body: string): Record<string, Runner> {
  const fetch = fetchServing(body);
  const options = { baseURL: "http://bench.local/v1", apiKey: "bench", fetch };
  const sdk = new OpenAI(options);
  const tessera = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "bench", streamUsage: true, configuration: options });
  const langchain = new LangChainChatOpenAI({ model: "gpt-4o-mini", apiKey: "bench", streamUsage: true, configuration: options });
  return {
    "openai SDK": async () => {
      let count = 0;
      const stream = await sdk.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }], stream: true, stream_options: { include_usage: true } });
      for await (const _chunk of stream) count++;
      return count;
    },
    "@tessera/openai": async () => {
      let count = 0;
      for await (const _chunk of await tessera.stream("x")) count++;
      return count;
    },
    "@langchain/openai": async () => {
      let count = 0;
      for await (const _chunk of await langchain.stream("x")) count++;
      return count;
    },
  };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

// CPU microseconds of one run, averaged over ITERATIONS runs.
async function cpuMicrosPerRun(run: Runner): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.cpuUsage();
  for (let iteration = 0; iteration < ITERATIONS; iteration++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / ITERATIONS;
}

// Clients take turns within each round, so drift in machine load hits all of them alike; the median round is reported.
async function measure(clients: Record<string, Runner>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (const [client, run] of Object.entries(clients)) {
    for (let warmup = 0; warmup < 10; warmup++) await run();
    samples[client] = [];
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [client, run] of Object.entries(clients)) samples[client]?.push(await cpuMicrosPerRun(run));
  }
  return Object.fromEntries(Object.entries(samples).map(([client, values]) => [client, median(values)]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const scenarios = { "text deltas": textStream(), "tool-call argument deltas": toolStream() };
  const lines = [`Client CPU per streamed chunk (${CHUNKS} chunks; median of ${ROUNDS} rounds of ${ITERATIONS} runs; Node ${process.version})`, ""];
  lines.push("| scenario | client | µs per chunk | × openai SDK |", "| --- | --- | ---: | ---: |");
  for (const [scenario, body] of Object.entries(scenarios)) {
    const results = await measure(runners(body));
    const baseline = (results["openai SDK"] ?? Number.NaN) / CHUNKS;
    for (const [client, micros] of Object.entries(results)) {
      const perChunk = micros / CHUNKS;
      lines.push(`| ${scenario} | ${client} | ${perChunk.toFixed(2)} | ${(perChunk / baseline).toFixed(2)} |`);
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
