import type { InputTokenDetails, OutputTokenDetails, UsageMetadata } from "@langchain/core/messages";
import type OpenAI from "openai";

/**
 * Token counts in the camelCase shape LangChain's `llmOutput.tokenUsage` and `response_metadata.tokenUsage` use.
 *
 * @example
 * const usage: TokenUsage = { promptTokens: 12, completionTokens: 5, totalTokens: 17 };
 */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

// Wire detail key -> UsageMetadata detail key. Only keys UsageMetadata defines are kept: core's mergeUsageMetadata
// drops any other key when streamed chunks are concatenated, so keeping them here would break stream/invoke parity.
// accepted_prediction_tokens and rejected_prediction_tokens have no UsageMetadata key.
const INPUT_DETAIL_KEYS = [
  ["cached_tokens", "cache_read"],
  ["cache_write_tokens", "cache_creation"],
  ["audio_tokens", "audio"],
  ["text_tokens", "text"],
  ["image_tokens", "image"],
] as const satisfies ReadonlyArray<readonly [string, keyof InputTokenDetails]>;

const OUTPUT_DETAIL_KEYS = [
  ["reasoning_tokens", "reasoning"],
  ["audio_tokens", "audio"],
  ["text_tokens", "text"],
] as const satisfies ReadonlyArray<readonly [string, keyof OutputTokenDetails]>;

/**
 * Converts the API's `usage` into LangChain's `UsageMetadata`. Detail objects are always present (core's merge of
 * streamed chunks always creates them) and hold only the detail keys the API sent, so a cache miss reported as
 * `cached_tokens: 0` stays distinguishable from a server that reports nothing.
 *
 * @example
 * convertUsage({ prompt_tokens: 1200, completion_tokens: 40, total_tokens: 1240,
 *   prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 0 } });
 * // { input_tokens: 1200, output_tokens: 40, total_tokens: 1240,
 * //   input_token_details: { cache_read: 1024 }, output_token_details: { reasoning: 0 } }
 */
export function convertUsage(usage: OpenAI.CompletionUsage): UsageMetadata {
  const { promptTokens, completionTokens, totalTokens } = convertTokenUsage(usage);
  return {
    input_tokens: promptTokens,
    output_tokens: completionTokens,
    total_tokens: totalTokens,
    input_token_details: pickDetails(usage.prompt_tokens_details, INPUT_DETAIL_KEYS),
    output_token_details: pickDetails(usage.completion_tokens_details, OUTPUT_DETAIL_KEYS),
  };
}

/**
 * Converts the API's `usage` into `{ promptTokens, completionTokens, totalTokens }`. A missing total (some compatible
 * servers omit it) is the sum of the other two.
 *
 * @example
 * convertTokenUsage({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
 * // { promptTokens: 12, completionTokens: 5, totalTokens: 17 }
 */
export function convertTokenUsage(usage: OpenAI.CompletionUsage): TokenUsage {
  const promptTokens = readCount(usage.prompt_tokens) ?? 0;
  const completionTokens = readCount(usage.completion_tokens) ?? 0;
  const totalTokens = readCount(usage.total_tokens) ?? promptTokens + completionTokens;
  return { promptTokens, completionTokens, totalTokens };
}

/**
 * Adds token usages up, e.g. the `llmOutput.tokenUsage` of several generate() calls.
 *
 * @example
 * sumTokenUsage([{ promptTokens: 10, completionTokens: 2, totalTokens: 12 }, { promptTokens: 5, completionTokens: 1, totalTokens: 6 }]);
 * // { promptTokens: 15, completionTokens: 3, totalTokens: 18 }
 */
export function sumTokenUsage(usages: readonly TokenUsage[]): TokenUsage {
  const sum: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  for (const usage of usages) {
    sum.promptTokens += usage.promptTokens;
    sum.completionTokens += usage.completionTokens;
    sum.totalTokens += usage.totalTokens;
  }
  return sum;
}

function pickDetails<TDetails extends Record<string, number | undefined>>(
  wire: object | null | undefined,
  keys: ReadonlyArray<readonly [string, keyof TDetails]>,
): TDetails {
  const details: Record<string, number> = {};
  if (wire == null) return details as TDetails;
  const source = wire as Record<string, unknown>;
  for (const [wireKey, key] of keys) {
    const count = readCount(source[wireKey]);
    if (count !== undefined) details[key as string] = count;
  }
  return details as TDetails;
}

/** Compatible servers send null or leave counts out; only a real number counts. */
function readCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
