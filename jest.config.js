/** One jest run over every package, so `pnpm test` ends with a single summary. */
export default {
  projects: ["<rootDir>/libs/*/jest.config.js"],
};
