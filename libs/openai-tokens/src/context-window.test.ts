import { describe, expect, it } from "@jest/globals";
import { contextWindowForModel } from "./context-window.js";

describe("contextWindowForModel", () => {
  it.each([
    ["gpt-4o", 128_000, 16_384],
    ["gpt-4o-mini-2024-07-18", 128_000, 16_384],
    ["gpt-4.1", 1_047_576, 32_768],
    ["gpt-4.1-nano-2025-04-14", 1_047_576, 32_768],
    ["gpt-5", 400_000, 128_000],
    ["gpt-5-mini", 400_000, 128_000],
    ["gpt-5-chat-latest", 128_000, 16_384],
    ["o1", 200_000, 100_000],
    ["o1-2024-12-17", 200_000, 100_000],
    ["o1-mini", 128_000, 65_536],
    ["o3", 200_000, 100_000],
    ["o3-mini-2025-01-31", 200_000, 100_000],
    ["o4-mini", 200_000, 100_000],
    ["gpt-4-turbo-2024-04-09", 128_000, 4_096],
    ["gpt-4-1106-preview", 128_000, 4_096],
    ["gpt-4", 8_192, 8_192],
    ["gpt-4-0613", 8_192, 8_192],
    ["gpt-3.5-turbo", 16_385, 4_096],
    ["gpt-3.5-turbo-0125", 16_385, 4_096],
    ["gpt-3.5-turbo-instruct", 4_096, 4_096],
    ["gpt-3.5-turbo-instruct-0914", 4_096, 4_096],
    ["davinci-002", 16_384, 16_384],
    ["ft:babbage-002:acme::xyz", 16_384, 16_384],
    ["ft:gpt-4o-mini-2024-07-18:acme::abc123", 128_000, 16_384],
    ["ft:gpt-3.5-turbo:acme::xyz", 16_385, 4_096],
  ])("%s: %i context, %i output", (model, contextWindow, maxOutputTokens) => {
    expect(contextWindowForModel(model)).toEqual({ contextWindow, maxOutputTokens });
  });

  it.each(["llama-3-70b", "o10", "gpt-40", "claude-sonnet-4", "ft:"])("does not know %s", (model) => {
    expect(contextWindowForModel(model)).toBeUndefined();
  });

  it("returns a copy the caller may change", () => {
    const limits = contextWindowForModel("gpt-4o");
    if (limits) limits.contextWindow = 1;
    expect(contextWindowForModel("gpt-4o")?.contextWindow).toBe(128_000);
  });
});
