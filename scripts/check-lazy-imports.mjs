// Importing @tessera/openai loads no tokenizer ranks, no emulator code and not the openai SDK's client; they load when
// first used. Checked on the installed tarballs, in one format per run: `node check-lazy-imports.mjs esm` (import) or
// `cjs` (require()), from an app folder where the tarballs are installed (scripts/check-packs.sh copies this file
// there). Every module Node loads is recorded: ESM through a resolve hook (module.register), CommonJS through
// require.cache. Then, as a control that the patterns below match real files, it counts tokens (the ranks must load)
// and sends one request to an in-process emulator (the SDK client must load).
import { createRequire, register } from "node:module";
import { fileURLToPath } from "node:url";
import { MessageChannel } from "node:worker_threads";

const mode = process.argv[2];
if (mode !== "esm" && mode !== "cjs") throw new Error("usage: node check-lazy-imports.mjs esm|cjs");
const require = createRequire(import.meta.url);

const LAZY = {
  "tokenizer ranks": /\/node_modules\/js-tiktoken\/dist\/(ranks\/|index\.c?js$)/,
  "emulator code": /\/node_modules\/@tessera\/openai-emulator\//,
  "openai SDK client": /\/node_modules\/openai\/(client|index)\.m?js$/,
};
const ENTRY = { esm: /\/node_modules\/@tessera\/openai\/dist\/index\.js$/, cjs: /\/node_modules\/@tessera\/openai\/dist\/cjs\/index\.js$/ };

const resolved = new Set();
let flushed = () => {};
const { port1, port2 } = new MessageChannel();
if (mode === "esm") {
  port1.on("message", (url) => (url.startsWith("data:") ? flushed() : resolved.add(url)));
  port1.unref();
  const hooks = `let port;
    export function initialize(data) { port = data.port; }
    export async function resolve(specifier, context, next) { const result = await next(specifier, context); port.postMessage(result.url); return result; }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });
}

let flushes = 0;
/** Every module file loaded so far, ESM (from the hook, once its messages have all arrived) and CommonJS. */
async function loadedFiles() {
  if (mode === "esm") {
    const arrived = new Promise((resolve) => (flushed = resolve));
    port1.ref(); // the port is unref'd so as not to keep the process alive; here it must, until the marker arrives
    await import(`data:text/javascript,export default ${++flushes};`);
    await arrived;
    port1.unref();
  }
  const files = [...resolved].filter((url) => url.startsWith("file:")).map((url) => fileURLToPath(url));
  return new Set([...files, ...Object.keys(require.cache)]);
}

const load = (name) => (mode === "esm" ? import(name) : Promise.resolve(require(name)));
const found = (files, pattern) => [...files].filter((file) => pattern.test(file));

const { ChatOpenAI, countPromptTokens } = await load("@tessera/openai");
const afterImport = await loadedFiles();
const failures = [];
if (found(afterImport, ENTRY[mode]).length === 0) failures.push(`the ${mode} build of @tessera/openai was not the one loaded`);
for (const [what, pattern] of Object.entries(LAZY)) {
  const files = found(afterImport, pattern);
  if (files.length > 0) failures.push(`importing @tessera/openai loaded ${what}: ${files.slice(0, 3).join(", ")}`);
}

// Controls: using each feature loads it, so the patterns above do match the files that would give it away.
const { HumanMessage } = await load("@langchain/core/messages");
const { createEmulator } = await load("@tessera/openai-emulator");
await countPromptTokens({ model: "gpt-4o-mini", messages: [new HumanMessage("Hello")] });
const emulator = createEmulator();
await new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "any-key", configuration: { fetch: emulator.fetch } }).invoke("Hello");
const afterUse = await loadedFiles();
for (const [what, pattern] of Object.entries(LAZY)) {
  if (found(afterUse, pattern).length === 0) failures.push(`control: using the package never loaded ${what}, so its pattern is wrong`);
}

if (failures.length > 0) {
  console.error(`lazy imports (${mode}):\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `lazy imports (${mode}): ${mode === "esm" ? "import" : "require()"} of @tessera/openai loaded ${afterImport.size} files, ` +
    `none of them ${Object.keys(LAZY).join(", ")}; counting tokens and one call then loaded them (${afterUse.size} files).`,
);
