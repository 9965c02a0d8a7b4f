// Pure converters from `/v1/completions` answers (whole or streamed) to LangChain generations.
import type { Generation } from "@langchain/core/outputs";
import type OpenAI from "openai";

/** `choices[].logprobs` of a completion: parallel arrays, one entry per token. */
export type CompletionLogprobs = OpenAI.CompletionChoice.Logprobs;

/** One choice as the converters read it, whole or assembled from a stream. */
export interface CompletionChoice {
  index: number;
  text: string;
  finishReason: string | null;
  logprobs: CompletionLogprobs | null;
}

/** `llmOutput.tokenUsage`, as `@langchain/openai` reports it. */
export interface CompletionTokenUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

/**
 * A warning for answers cut at the API's default length: `/v1/completions` generates at most 16 tokens unless
 * `max_tokens` says otherwise (API reference, "max_tokens … Defaults to 16"), which surprises callers used to chat.
 *
 * @example
 * const [[generation]] = (await new OpenAI().generate(["Tell me a story"])).generations;
 * generation.generationInfo?.warnings; // [DEFAULT_MAX_TOKENS_WARNING]
 */
export const DEFAULT_MAX_TOKENS_WARNING =
  "The answer stopped at the API's default length for /v1/completions (16 tokens), because maxTokens is unset. Set maxTokens for longer answers.";

/**
 * Reads the choices of a whole completion, tolerating missing members (a compatible server may leave out `logprobs`).
 *
 * @example
 * readCompletionChoices({ choices: [{ index: 0, text: "Hi", finish_reason: "stop", logprobs: null }] } as OpenAI.Completion);
 * // [{ index: 0, text: "Hi", finishReason: "stop", logprobs: null }]
 */
export function readCompletionChoices(completion: OpenAI.Completion): CompletionChoice[] {
  return completion.choices.map((choice, position) => ({
    index: typeof choice.index === "number" ? choice.index : position,
    text: typeof choice.text === "string" ? choice.text : "",
    finishReason: choice.finish_reason ?? null,
    logprobs: choice.logprobs ?? null,
  }));
}

/**
 * Assembles streamed choices: each chunk's text is appended to its choice (by `index`), the finish reason kept once
 * it arrives, and logprobs, which every chunk carries for its own tokens, concatenated.
 *
 * @example
 * const assemble = createChoiceAssembler();
 * assemble.add({ index: 0, text: "Hel", finish_reason: null, logprobs: null });
 * assemble.add({ index: 0, text: "lo", finish_reason: "stop", logprobs: null });
 * assemble.choices(); // [{ index: 0, text: "Hello", finishReason: "stop", logprobs: null }]
 */
export function createChoiceAssembler(): { add(choice: OpenAI.CompletionChoice): void; choices(): CompletionChoice[] } {
  const byIndex = new Map<number, CompletionChoice>();
  return {
    add(choice) {
      const current = byIndex.get(choice.index);
      const text = typeof choice.text === "string" ? choice.text : "";
      if (current === undefined) {
        byIndex.set(choice.index, { index: choice.index, text, finishReason: choice.finish_reason ?? null, logprobs: choice.logprobs ?? null });
        return;
      }
      current.text += text;
      current.finishReason = choice.finish_reason ?? current.finishReason;
      current.logprobs = mergeLogprobs(current.logprobs, choice.logprobs ?? null);
    },
    choices: () => [...byIndex.values()].sort((left, right) => left.index - right.index),
  };
}

function mergeLogprobs(left: CompletionLogprobs | null, right: CompletionLogprobs | null): CompletionLogprobs | null {
  if (left === null || right === null) return left ?? right;
  return {
    tokens: [...(left.tokens ?? []), ...(right.tokens ?? [])],
    token_logprobs: [...(left.token_logprobs ?? []), ...(right.token_logprobs ?? [])],
    top_logprobs: [...(left.top_logprobs ?? []), ...(right.top_logprobs ?? [])],
    text_offset: [...(left.text_offset ?? []), ...(right.text_offset ?? [])],
  };
}

/**
 * Groups one request's choices by prompt: the API answers `n` choices per prompt, indexed prompt by prompt
 * (prompt `p`'s choices are `p * n` to `p * n + n - 1`). Each becomes a Generation whose `generationInfo` holds
 * `finishReason` and `logprobs` (as `@langchain/openai` puts them), and `warnings` when the answer stopped at the API's
 * default length.
 *
 * @example
 * convertChoicesToGenerations(choices, { promptCount: 2, n: 1, defaultMaxTokens: false });
 * // [[{ text: "…", generationInfo: { finishReason: "stop", logprobs: null } }], [ … ]]
 */
export function convertChoicesToGenerations(
  choices: readonly CompletionChoice[],
  options: { promptCount: number; n: number; defaultMaxTokens: boolean },
): Generation[][] {
  const generations: Generation[][] = Array.from({ length: options.promptCount }, () => []);
  for (const choice of [...choices].sort((left, right) => left.index - right.index)) {
    const prompt = generations[Math.floor(choice.index / options.n)];
    if (prompt === undefined) continue;
    const cutAtDefault = options.defaultMaxTokens && choice.finishReason === "length";
    const generationInfo: Record<string, unknown> = { finishReason: choice.finishReason, logprobs: choice.logprobs };
    if (cutAtDefault) generationInfo.warnings = [DEFAULT_MAX_TOKENS_WARNING];
    prompt.push({ text: choice.text, generationInfo });
  }
  return generations;
}

/**
 * Adds a response's `usage` to a running total (the counts of every request of a `generate` call).
 *
 * @example
 * addCompletionUsage({}, { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }); // { promptTokens: 5, completionTokens: 7, totalTokens: 12 }
 */
export function addCompletionUsage(total: CompletionTokenUsage, usage: OpenAI.CompletionUsage | null | undefined): CompletionTokenUsage {
  if (usage == null) return total;
  const add = (sum: number | undefined, value: unknown): number | undefined => (typeof value === "number" ? (sum ?? 0) + value : sum);
  return {
    promptTokens: add(total.promptTokens, usage.prompt_tokens),
    completionTokens: add(total.completionTokens, usage.completion_tokens),
    totalTokens: add(total.totalTokens, usage.total_tokens),
  };
}
