// Cold start of one client in a fresh process: import its package(s), construct it, get the first reply from the
// comparison server. Started by compare.ts as `node cold.js <client> <origin>`; prints one JSON line with the wall and
// CPU milliseconds of the import alone and of import + construct + first reply, and the reply's text. Nothing else is
// imported before the measurement starts.
import { performance } from "node:perf_hooks";

const [name, origin] = process.argv.slice(2);
const baseURL = `${origin}/invoke/v1`;
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

const wallStart = performance.now();
const cpuStart = process.cpuUsage();
let importMs = 0;
let importCpuMs = 0;
const imported = () => {
  importMs = performance.now() - wallStart;
  importCpuMs = cpuMs(cpuStart);
};

let text: string;
switch (name) {
  case "openai SDK": {
    const { default: OpenAI } = await import("openai");
    imported();
    const completion = await new OpenAI({ baseURL, apiKey: "bench-key" }).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello." }] });
    text = completion.choices[0]?.message.content ?? "";
    break;
  }
  case "@langchain/openai": {
    const { ChatOpenAI } = await import("@langchain/openai");
    imported();
    const message = await new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "bench-key", configuration: { baseURL } }).invoke("Say hello.");
    text = String(message.content);
    break;
  }
  case "@ai-sdk/openai": {
    const [{ createOpenAI }, { generateText }] = await Promise.all([import("@ai-sdk/openai"), import("ai")]);
    imported();
    (globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;
    text = (await generateText({ model: createOpenAI({ baseURL, apiKey: "bench-key" }).chat("gpt-4o-mini"), prompt: "Say hello." })).text;
    break;
  }
  case "@tessera/openai": {
    const { ChatOpenAI } = await import("@tessera/openai");
    imported();
    const message = await new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "bench-key", configuration: { baseURL } }).invoke("Say hello.");
    text = String(message.content);
    break;
  }
  default:
    throw new Error(`unknown client ${String(name)}`);
}
process.stdout.write(`${JSON.stringify({ importMs, importCpuMs, firstMs: performance.now() - wallStart, firstCpuMs: cpuMs(cpuStart), text })}\n`);
