// Shared jest settings: every package runs its TypeScript sources directly (no build first).
// @swc/jest strips types only; `pnpm typecheck` is the type gate.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

// TESSERA_DEPS=min runs the suites against the oldest versions we declare support for (peer @langchain/core 1.0.0,
// openai 6.x, which npm picks on Node 20), installed side by side as npm aliases in libs/openai.
const minimumVersions =
  process.env.TESSERA_DEPS === "min"
    ? {
        "^@langchain/core/(.*)$": "@langchain/core-min/$1",
        "^openai$": "openai-v6",
        "^openai/(.*)$": "openai-v6/$1",
      }
    : {};

/** @param {string} packageDir @returns {import('jest').Config} */
export function createJestConfig(packageDir) {
  return {
    displayName: path.basename(packageDir),
    rootDir: packageDir,
    testEnvironment: "node",
    // A guard against hangs, not a speed check: on a loaded 2-core machine a test's first request may wait seconds for
    // the tokenizer ranks to load. Speed is measured in bench/.
    testTimeout: 30_000,
    testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/", "/dist/", "\\.int\\.test\\.ts$"],
    transform: {
      "^.+\\.ts$": [
        "@swc/jest",
        {
          jsc: { parser: { syntax: "typescript" }, target: "es2022" },
          module: { type: "commonjs" },
        },
      ],
    },
    moduleNameMapper: {
      // Workspace packages resolve to their sources, so tests never need a build.
      "^@tessera/(openai|openai-emulator|openai-tokens)$": path.join(root, "libs/$1/src/index.ts"),
      "^(\\.{1,2}/.*)\\.js$": "$1",
      ...minimumVersions,
    },
  };
}
