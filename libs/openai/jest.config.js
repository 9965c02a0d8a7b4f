import path from "node:path";
import { fileURLToPath } from "node:url";
import { createJestConfig } from "../../jest.preset.js";

const dir = path.dirname(fileURLToPath(import.meta.url));

export default {
  ...createJestConfig(dir),
  // The emulator's spec oracle watches the emulators these tests talk to as well (libs/openai-emulator/jest.config.js).
  setupFilesAfterEnv: [path.join(dir, "../openai-emulator/src/__tests__/openapi/oracle-setup.ts")],
};
