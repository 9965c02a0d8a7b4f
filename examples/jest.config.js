// Runs test/**/*.test.ts as an app's tests would run: `@tessera/*` resolve through their package exports to the
// built dist (so `pnpm test` builds them first; see the root package.json), never to libs/*/src.
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = path.dirname(fileURLToPath(import.meta.url));
const swc = (syntax) => ["@swc/jest", { jsc: { parser: { syntax }, target: "es2022" }, module: { type: "commonjs" } }];

/** @type {import('jest').Config} */
export default {
  displayName: "examples",
  rootDir: dir,
  testEnvironment: "node",
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  transform: {
    "^.+\\.ts$": swc("typescript"),
    // jest runs tests as CommonJS, and the @tessera packages' dist is ES modules: compile it like the tests. Packages in
    // node_modules that ship CommonJS are left alone (jest's default transformIgnorePatterns).
    "^.+\\.js$": swc("ecmascript"),
  },
  // The sources import siblings as "./x.js" (NodeNext); map them to the .ts file.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
};
