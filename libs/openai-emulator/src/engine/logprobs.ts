import { tokenLabel, type OutputToken } from "./output-tokens.js";
import type { Random } from "./random.js";

/** One entry of `choices[].logprobs.content`, as the wire has it. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

// Plausible runner-up tokens for top_logprobs: common words the model could have said instead.
const ALTERNATIVES = [" the", " a", " and", ".", ",", " of", " to", " is", " in", " it", " that", " this", " for", " you", " with", " on", " be", " as", " are", " not"].map(
  (text) => ({ token: text, bytes: Array.from(new TextEncoder().encode(text)) }),
);

/**
 * Deterministic logprobs for generated tokens: the chosen token is the most likely (near 0), and `top_logprobs`
 * lists it first followed by `top` − 1 less likely alternatives, in descending order. `bytes` are the token's UTF-8.
 * With `top` 0 (`top_logprobs` absent or 0), each token's `top_logprobs` is `[]`, as recorded replies have it
 * (the project's protocol reference, "Corrections from real recordings", 2026-12).
 *
 * @example
 * buildTokenLogprobs(tokens, 2, random)[0];
 * // { token: "This", logprob: -0.0123, bytes: [84, 104, 105, 115], top_logprobs: [{ token: "This", … }, { token: " the", … }] }
 * buildTokenLogprobs(tokens, 0, random)[0].top_logprobs; // []
 */
export function buildTokenLogprobs(tokens: ReadonlyArray<OutputToken>, top: number, random: Random): TokenLogprob[] {
  return tokens.map((token) => {
    const label = tokenLabel(token);
    const bytes = Array.from(token.bytes);
    const logprob = round(-(random.next() ** 3) * 1.5);
    const runnersUp = ALTERNATIVES.filter((candidate) => candidate.token !== label);
    // Recorded: `logprobs: true` without `top_logprobs` (or with 0) lists no alternatives, not even the chosen token.
    const topLogprobs = top > 0 ? [{ token: label, logprob, bytes }] : [];
    let next = logprob;
    for (let rank = 1; rank < top && runnersUp.length > 0; rank++) {
      const [candidate] = runnersUp.splice(random.int(0, runnersUp.length - 1), 1);
      next = round(next - 0.5 - random.next() * 3);
      if (candidate) topLogprobs.push({ token: candidate.token, logprob: next, bytes: candidate.bytes });
    }
    return { token: label, logprob, bytes, top_logprobs: topLogprobs };
  });
}

function round(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}
