/** One jest run over every package, so `pnpm test` ends with a single summary. */
export default {
  projects: ["<rootDir>/libs/*/jest.config.js", "<rootDir>/examples/jest.config.js", "<rootDir>/docs/jest.config.js"],
  // testTimeout is a global option: with `projects`, jest reads it here and ignores the packages' own (jest.preset.js
  // sets it for a package run on its own). A guard against hangs on a loaded machine, not a speed check.
  testTimeout: 30_000,
  // One worker per core. Jest's default is one fewer, which on a 2-core machine (CI's) means a single worker and the
  // other core idle: measured there, the emulator project took 141 s on one worker and 80 s on two.
  maxWorkers: "100%",
};
