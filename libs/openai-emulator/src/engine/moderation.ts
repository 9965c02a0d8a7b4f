import type { Random } from "./random.js";

// The categories in the order a recorded stream lists them (pydantic-ai cassette test_openai_moderation_stream.yaml,
// omni-moderation-latest on gpt-5-2025-08-07, 2026).
const CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "sexual",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm/intent",
  "self-harm/instructions",
  "self-harm",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;

/** One side of the `moderation` object (`input` or `output`): a `moderation_results` list with one result. */
export interface ModerationResults {
  type: "moderation_results";
  model: string;
  results: Array<{
    type: "moderation_result";
    model: string;
    flagged: boolean;
    categories: Record<string, boolean>;
    category_scores: Record<string, number>;
    category_applied_input_types: Record<string, string[]>;
  }>;
}

/** The `moderation` object of a chat completion that asked for it. */
export interface ModerationObject {
  input: ModerationResults;
  output: ModerationResults;
}

/**
 * The `moderation` object a chat completion carries when the request sends `moderation: { model }`: the input and
 * the output each screened by that model, with one `moderation_result` in the recorded shape (pydantic-ai cassettes
 * test_openai_moderation.yaml and test_openai_moderation_stream.yaml, 2026). The built-in model flags nothing: every
 * category is false, with small deterministic scores (recorded unflagged scores are between 1e-7 and 1e-2).
 *
 * @example
 * buildModeration("omni-moderation-latest", random).input.results[0].flagged; // false
 */
export function buildModeration(model: string, random: Random): ModerationObject {
  return { input: screen(model, random.fork("input")), output: screen(model, random.fork("output")) };
}

function screen(model: string, random: Random): ModerationResults {
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const inputTypes: Record<string, string[]> = {};
  for (const category of CATEGORIES) {
    categories[category] = false;
    // 10^-7 .. 10^-2.5, log-uniform, as unflagged recorded scores spread.
    scores[category] = Number((10 ** -(2.5 + random.next() * 4.5)).toPrecision(16));
    inputTypes[category] = ["text"];
  }
  return {
    type: "moderation_results",
    model,
    results: [
      {
        type: "moderation_result",
        model,
        flagged: false,
        categories,
        category_scores: scores,
        category_applied_input_types: inputTypes,
      },
    ],
  };
}
