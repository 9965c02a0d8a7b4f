import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { addCompletionUsage, convertChoicesToGenerations, createChoiceAssembler, DEFAULT_MAX_TOKENS_WARNING, readCompletionChoices } from "./convert-completion-choices.js";

const logprobs = (tokens: string[], offset: number) => ({
  tokens,
  token_logprobs: tokens.map(() => -0.5),
  top_logprobs: tokens.map((token) => ({ [token]: -0.5 })),
  text_offset: tokens.map((_, index) => offset + index),
});

/** A streamed choice: the SDK types finish_reason as always set, but chunks before the last carry null. */
const streamed = (choice: { index: number; text: string; finish_reason: string | null; logprobs: unknown }) => choice as unknown as OpenAI.CompletionChoice;

describe("completion choices", () => {
  it("groups n choices per prompt by index, whatever order they arrive in", () => {
    const choices = [3, 0, 2, 1].map((index) => ({ index, text: `t${index}`, finishReason: "stop", logprobs: null }));
    const generations = convertChoicesToGenerations(choices, { promptCount: 2, n: 2, defaultMaxTokens: false });
    expect(generations.map((group) => group.map((generation) => generation.text))).toEqual([["t0", "t1"], ["t2", "t3"]]);
    expect(generations[0]?.[0]?.generationInfo).toEqual({ finishReason: "stop", logprobs: null });
  });

  it("warns on an answer cut at the default length only when maxTokens was unset", () => {
    const choice = { index: 0, text: "…", finishReason: "length", logprobs: null };
    expect(convertChoicesToGenerations([choice], { promptCount: 1, n: 1, defaultMaxTokens: true })[0]?.[0]?.generationInfo?.warnings).toEqual([DEFAULT_MAX_TOKENS_WARNING]);
    expect(convertChoicesToGenerations([choice], { promptCount: 1, n: 1, defaultMaxTokens: false })[0]?.[0]?.generationInfo).not.toHaveProperty("warnings");
  });

  it("assembles streamed choices: text appended per index, the finish reason kept, logprobs concatenated", () => {
    const assemble = createChoiceAssembler();
    assemble.add(streamed({ index: 1, text: "B", finish_reason: null, logprobs: logprobs(["B"], 0) }));
    assemble.add(streamed({ index: 0, text: "Hel", finish_reason: null, logprobs: logprobs(["Hel"], 0) }));
    assemble.add(streamed({ index: 0, text: "lo", finish_reason: "stop", logprobs: logprobs(["lo"], 3) }));
    assemble.add(streamed({ index: 1, text: "ye", finish_reason: "length", logprobs: logprobs(["ye"], 1) }));
    const [first, second] = assemble.choices();
    expect(first).toMatchObject({ index: 0, text: "Hello", finishReason: "stop", logprobs: { tokens: ["Hel", "lo"], text_offset: [0, 3] } });
    expect(second).toMatchObject({ index: 1, text: "Bye", finishReason: "length", logprobs: { tokens: ["B", "ye"] } });
  });

  it("reads whole choices tolerantly (no index, no text, no logprobs) and sums usage", () => {
    const completion = { choices: [{ text: null, finish_reason: "stop" }] } as never;
    expect(readCompletionChoices(completion)).toEqual([{ index: 0, text: "", finishReason: "stop", logprobs: null }]);
    const once = addCompletionUsage({}, { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 });
    expect(addCompletionUsage(once, { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 })).toEqual({ promptTokens: 6, completionTokens: 9, totalTokens: 15 });
    expect(addCompletionUsage(once, undefined)).toBe(once);
  });
});
