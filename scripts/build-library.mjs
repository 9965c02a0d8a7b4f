// Builds the library in the current folder (each libs/*/package.json "build" runs it) in both module formats, with
// the TypeScript compiler alone, file for file (no bundler), the layout tshy popularised:
//   dist/         ESM (.js + .d.ts), from tsconfig.build.json: type-checked, as `pnpm typecheck` checks it.
//   dist/cjs/     CommonJS (.js + .d.ts), from tsconfig.cjs.json, with a package.json of its own that says
//                 "type": "commonjs", so Node and TypeScript read both the code and the types there as CommonJS.
// The CommonJS pass only transpiles (noCheck): the ESM pass has checked the same sources. Each source file stays its
// own module in both formats, so a dynamic `import()` stays lazy in both: tsc turns it into a `require()` inside a
// promise callback in CommonJS, which runs only when the import is reached (the SDK client, the tokenizer ranks).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(`${process.cwd()}/package.json`).resolve("typescript/bin/tsc");
const compile = (config) => execFileSync(process.execPath, [tsc, "-p", config], { stdio: "inherit" });

rmSync("dist", { recursive: true, force: true });
compile("tsconfig.build.json");
compile("tsconfig.cjs.json");
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
