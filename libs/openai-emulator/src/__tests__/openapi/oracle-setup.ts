// Jest setup (setupFilesAfterEnv) of the emulator's tests: every emulator a test creates is watched by the spec oracle
// (observe-responses.ts), and a test whose responses do not match OpenAI's published schemas fails.
import { afterEach, jest } from "@jest/globals";
import type * as EmulatorModule from "../../emulator.js";
import type { EmulatorOptions } from "../../emulator.js";
import type * as ObserveModule from "./observe-responses.js";
import { expectNoSpecViolations } from "./observe-responses.js";

jest.mock("../../emulator.js", () => {
  const actual = jest.requireActual<typeof EmulatorModule>("../../emulator.js");
  const { watchEmulator } = jest.requireActual<typeof ObserveModule>("./observe-responses.js");
  return { ...actual, createEmulator: (options: EmulatorOptions = {}) => watchEmulator(actual.createEmulator(options), options) };
});

afterEach(expectNoSpecViolations);
