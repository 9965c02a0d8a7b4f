// Shared jest settings: every package runs its TypeScript sources directly (no build first).
// @swc/jest strips types only; `pnpm typecheck` is the type gate.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

/** @param {string} packageDir @returns {import('jest').Config} */
export function createJestConfig(packageDir) {
  return {
    displayName: path.basename(packageDir),
    rootDir: packageDir,
    testEnvironment: "node",
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
    },
  };
}
