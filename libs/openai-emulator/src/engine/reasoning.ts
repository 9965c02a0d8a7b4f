import type { ModelProfile } from "./models.js";
import type { Random } from "./random.js";

/** The `reasoning_effort` values the API knows, in the order it lists them. */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh", "max"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** What a request asked for when it sent no `reasoning_effort`: the built-in reasoning models default to medium. */
export const DEFAULT_REASONING_EFFORT: ReasoningEffort = "medium";

// Hidden reasoning tokens per choice, by effort: 64-512 across minimal..high as real runs of short prompts spend
// (the exact figures are the model's business; what clients rely on is "more effort, more tokens, all billed as
// completion tokens"). `none` does not reason at all, as on gpt-5.1.
const REASONING_RANGES: Record<ReasoningEffort, readonly [number, number]> = {
  none: [0, 0],
  minimal: [64, 128],
  low: [128, 256],
  medium: [256, 384],
  high: [384, 512],
  xhigh: [512, 768],
  max: [768, 1024],
};

/** How a choice's output budget splits between hidden reasoning and what the client sees. */
export interface ReasoningPlan {
  /** Reasoning tokens spent (already capped by the budget). */
  reasoningTokens: number;
  /** Tokens left for visible output: content or tool calls. 0 means the reasoning used the whole budget. */
  visibleBudget: number;
}

/**
 * Plans one choice's hidden reasoning: how many tokens a reasoning model thinks (drawn deterministically from the
 * request's effort range), and what is left of `max_completion_tokens` for the visible answer. Reasoning is spent
 * first, so a small budget can be used up before any content is produced. A model that does not reason spends 0.
 *
 * @example
 * planReasoning(gpt5, "low", 300, random); // { reasoningTokens: 173, visibleBudget: 127 }
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
  const [min, max] = REASONING_RANGES[toEffort(effort)];
  const wanted = random.int(min, max);
  const reasoningTokens = Math.min(wanted, budget);
  return { reasoningTokens, visibleBudget: budget - reasoningTokens };
}

function toEffort(effort: string | null | undefined): ReasoningEffort {
  // Validation has already refused values outside REASONING_EFFORTS.
  return REASONING_EFFORTS.find((known) => known === effort) ?? DEFAULT_REASONING_EFFORT;
}
