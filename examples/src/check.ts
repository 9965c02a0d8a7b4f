// The examples double as CI checks: `pnpm examples` runs each one, and a `check` that fails makes it exit non-zero.

/**
 * Throws when what an example must show did not happen, so a broken example fails `pnpm examples` instead of printing
 * something plausible.
 *
 * @example
 * check(answer.includes("Paris"), `the answer names the city: ${answer}`);
 */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Example check failed: ${message}`);
}
