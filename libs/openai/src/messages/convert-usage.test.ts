import { describe, expect, it, jest } from "@jest/globals";
import { mergeUsageMetadata } from "@langchain/core/messages";
import type * as CoreMessages from "@langchain/core/messages";
import type OpenAI from "openai";
import { convertTokenUsage, convertUsage, sumTokenUsage } from "./convert-usage.js";

const legacyCore = jest.requireActual<typeof CoreMessages>("@langchain/core-min/messages");

describe("convertUsage", () => {
  it("maps OpenAI's counts and details to UsageMetadata", () => {
    const usage: OpenAI.CompletionUsage = {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
    expect(convertUsage(usage)).toStrictEqual({
      input_tokens: 2006,
      output_tokens: 300,
      total_tokens: 2306,
      input_token_details: { cache_read: 1920, audio: 0 },
      output_token_details: { reasoning: 256, audio: 0 },
    });
  });

  it("passes the 2026 detail fields through where UsageMetadata has a key for them", () => {
    const usage = {
      prompt_tokens: 50,
      completion_tokens: 20,
      total_tokens: 70,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 12, text_tokens: 30, image_tokens: 20, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 5, text_tokens: 15, accepted_prediction_tokens: 3 },
    };
    expect(convertUsage(usage)).toStrictEqual({
      input_tokens: 50,
      output_tokens: 20,
      total_tokens: 70,
      input_token_details: { cache_read: 0, cache_creation: 12, text: 30, image: 20, audio: 0 },
      output_token_details: { reasoning: 5, text: 15 },
    });
  });

  it("keeps only the detail keys the server sent, skipping nulls and missing detail objects", () => {
    const usage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12, prompt_tokens_details: null, completion_tokens_details: { reasoning_tokens: null } };
    expect(convertUsage(usage as unknown as OpenAI.CompletionUsage)).toStrictEqual({
      input_tokens: 9,
      output_tokens: 3,
      total_tokens: 12,
      input_token_details: {},
      output_token_details: {},
    });
  });

  it.each([
    ["@langchain/core 1.4", mergeUsageMetadata],
    ["@langchain/core 1.0", legacyCore.mergeUsageMetadata],
  ])("is already in the form %s's merge of streamed chunks produces", (_label, merge) => {
    const samples = [
      { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
      { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 4 } },
      { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, completion_tokens_details: { reasoning_tokens: 1, rejected_prediction_tokens: 1 } },
    ];
    for (const usage of samples) expect(merge(undefined, convertUsage(usage))).toStrictEqual(convertUsage(usage));
  });
});

describe("convertTokenUsage", () => {
  it("returns camelCase counts", () => {
    expect(convertTokenUsage({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 })).toStrictEqual({ promptTokens: 12, completionTokens: 5, totalTokens: 17 });
  });

  it("adds up a total a compatible server left out", () => {
    const usage = { prompt_tokens: 12, completion_tokens: 5 } as OpenAI.CompletionUsage;
    expect(convertTokenUsage(usage)).toStrictEqual({ promptTokens: 12, completionTokens: 5, totalTokens: 17 });
    expect(convertUsage(usage).total_tokens).toBe(17);
  });
});

describe("sumTokenUsage", () => {
  it("adds usages up, and gives zeros for none", () => {
    expect(
      sumTokenUsage([
        { promptTokens: 10, completionTokens: 2, totalTokens: 12 },
        { promptTokens: 5, completionTokens: 1, totalTokens: 6 },
      ]),
    ).toStrictEqual({ promptTokens: 15, completionTokens: 3, totalTokens: 18 });
    expect(sumTokenUsage([])).toStrictEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });
});
