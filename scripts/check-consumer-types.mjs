// Type-checks a tiny consumer of the installed tarballs under each TypeScript resolution setting the docs promise
// (docs/use-in-your-project.md): node16 and nodenext (an ESM .mts file and a CommonJS .cts file each, so both the
// `import` and the `require` types are read) and bundler. Run from an app folder where the tarballs are installed
// (scripts/check-packs.sh copies this file there): `node check-consumer-types.mjs <path to tsc>`.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const tsc = process.argv[2];
if (!tsc) throw new Error("usage: node check-consumer-types.mjs <path to typescript/bin/tsc>");

// Uses each package, and proves the types are real: `@ts-expect-error` is itself an error if the line type-checks,
// as it would if a package's types resolved to `any`.
const consumer = `import { AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import { ChatOpenAI, countPromptTokens, RateLimitError } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { countTextTokens, encodingForModel, type EncodingName } from "@tessera/openai-tokens";

export async function consume(): Promise<number> {
  const server = await createEmulator().listen(0);
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "any-key", configuration: { baseURL: server.url } });
  const answer: AIMessageChunk = await llm.invoke([new HumanMessage("Say hello")]);
  const prompt: number = (await countPromptTokens({ model: "gpt-4o-mini", messages: [new HumanMessage("Hi")] })).totalCount;
  const encoding: EncodingName = encodingForModel("gpt-4o").encoding;
  await server.close();
  // @ts-expect-error model must be a string
  new ChatOpenAI({ model: 42 });
  const limited: boolean = new Error("x") instanceof RateLimitError;
  return prompt + (await countTextTokens(String(answer.content), encoding)) + Number(limited);
}
`;
writeFileSync("consumer-esm.mts", consumer);
writeFileSync("consumer-cjs.cts", consumer);
writeFileSync("consumer-bundler.ts", consumer);

const common = { strict: true, noEmit: true, skipLibCheck: true, target: "ES2022", lib: ["ES2023", "DOM"], types: [] };
const settings = [
  ["node16", { module: "node16", moduleResolution: "node16" }, ["consumer-esm.mts", "consumer-cjs.cts"]],
  ["nodenext", { module: "nodenext", moduleResolution: "nodenext" }, ["consumer-esm.mts", "consumer-cjs.cts"]],
  ["bundler", { module: "preserve", moduleResolution: "bundler" }, ["consumer-bundler.ts"]],
];
for (const [name, options, files] of settings) {
  writeFileSync(`tsconfig.${name}.json`, JSON.stringify({ compilerOptions: { ...common, ...options }, files }, null, 2));
  execFileSync(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { stdio: "inherit" });
  console.log(`types: a consumer type-checks under moduleResolution ${name} (${files.join(", ")})`);
}
