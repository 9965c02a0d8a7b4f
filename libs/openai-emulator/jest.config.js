import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJestConfig } from "../../jest.preset.js";

const dir = path.dirname(fileURLToPath(import.meta.url));

export default {
  ...createJestConfig(dir),
  // The spec oracle: every response the tests get is checked against OpenAI's published schemas (docs/emulator.md).
  setupFilesAfterEnv: [path.join(dir, "src/__tests__/openapi/oracle-setup.ts")],
};
