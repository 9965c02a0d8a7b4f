import { describe, expect, it } from "@jest/globals";
import { encodingForModel } from "./encoding-for-model.js";

describe("encodingForModel", () => {
  it.each([
    ["gpt-4o", "o200k_base"],
    ["gpt-4o-mini-2024-07-18", "o200k_base"],
    ["gpt-4.1-nano", "o200k_base"],
    ["gpt-4.5-preview", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["gpt-5.1-mini", "o200k_base"],
    ["o1", "o200k_base"],
    ["o3-mini", "o200k_base"],
    ["o4-mini-2025-04-16", "o200k_base"],
    ["gpt-4", "cl100k_base"],
    ["gpt-4-0613", "cl100k_base"],
    ["gpt-4-turbo", "cl100k_base"],
    ["gpt-3.5-turbo", "cl100k_base"],
    ["gpt-35-turbo", "cl100k_base"],
    ["ft:gpt-4o-mini:acme::abc123", "o200k_base"],
    ["ft:gpt-3.5-turbo-0125:acme::xyz", "cl100k_base"],
  ])("maps %s to %s", (model, encoding) => {
    expect(encodingForModel(model)).toEqual({ encoding, known: true });
  });

  it.each(["llama-3-70b", "o10", "gpt-40", "omni"])("falls back to o200k_base for unknown %s", (model) => {
    expect(encodingForModel(model)).toEqual({ encoding: "o200k_base", known: false });
  });
});
