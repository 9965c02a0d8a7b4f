import type { ModelProfile } from "./models.js";
import type { Random } from "./random.js";

/** The `reasoning_effort` values the API knows, in the order it lists them. */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** What a request asked for when it sent no `reasoning_effort`: the built-in reasoning models default to medium. */
export const DEFAULT_REASONING_EFFORT: ReasoningEffort = "medium";

// Hidden reasoning tokens per choice, in steps of 64: recorded replies report reasoning_tokens in multiples of 64 and
// often 0 on small prompts (the token-counting truth set, 289 gpt-5 and o-series replies of 2025-2026: all multiples
// of 64 unless the budget cut them, 45 of them 0, most between 64 and 320 at the default effort). Ranges are in steps
// (a step is 64 tokens): medium draws 0..5 steps, so about one reply in six reasons 0 tokens. `none` does not reason
// at all, as on gpt-5.1.
const REASONING_STEP = 64;
const REASONING_STEPS: Record<ReasoningEffort, readonly [number, number]> = {
  none: [0, 0],
  minimal: [0, 1],
  low: [0, 2],
  medium: [0, 5],
  high: [1, 8],
  xhigh: [2, 12],
  max: [4, 16],
};

/** How a choice's output budget splits between hidden reasoning and what the client sees. */
export interface ReasoningPlan {
  /** Reasoning tokens spent (already capped by the budget). */
  reasoningTokens: number;
  /** Tokens left for visible output: content or tool calls. 0 means the reasoning used the whole budget. */
  visibleBudget: number;
}

/**
 * Plans one choice's hidden reasoning: how many tokens a reasoning model thinks (a multiple of 64, drawn
 * deterministically from the request's effort range), and what is left of `max_completion_tokens` for the visible answer. Reasoning is spent
 * first, so a small budget can be used up before any content is produced. A model that does not reason spends 0.
 *
 * @example
 * planReasoning(gpt5, "low", 300, random); // { reasoningTokens: 128, visibleBudget: 172 }
 * planReasoning(gpt5, "high", 100, random); // { reasoningTokens: 100, visibleBudget: 0 }: content "" and finish "length"
 * planReasoning(gpt4o, undefined, Infinity, random); // { reasoningTokens: 0, visibleBudget: Infinity }
 */
export function planReasoning(
  model: ModelProfile,
  effort: string | null | undefined,
  budget: number,
  random: Random,
): ReasoningPlan {
  if (!model.reasoning) return { reasoningTokens: 0, visibleBudget: budget };
  const [min, max] = REASONING_STEPS[toEffort(effort)];
  const wanted = random.int(min, max) * REASONING_STEP;
  const reasoningTokens = Math.min(wanted, budget);
  return { reasoningTokens, visibleBudget: budget - reasoningTokens };
}

function toEffort(effort: string | null | undefined): ReasoningEffort {
  // Validation has already refused values outside REASONING_EFFORTS.
  return REASONING_EFFORTS.find((known) => known === effort) ?? DEFAULT_REASONING_EFFORT;
}
