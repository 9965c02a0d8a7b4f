/** One jest run over every package, so `pnpm test` ends with a single summary. */
export default {
  projects: ["<rootDir>/libs/*/jest.config.js", "<rootDir>/examples/jest.config.js", "<rootDir>/docs/jest.config.js"],
  // testTimeout is a global option: with `projects`, jest reads it here and ignores the packages' own (jest.preset.js
  // sets it for a package run on its own). A guard against hangs on a loaded machine, not a speed check.
  testTimeout: 30_000,
};
