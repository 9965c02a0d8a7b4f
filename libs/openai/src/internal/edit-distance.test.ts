import { describe, expect, it } from "@jest/globals";
import { editDistance, findClosestName, isSameName } from "./edit-distance.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["", "abc", 3],
    ["temperature", "temperature", 0],
    ["temprature", "temperature", 1],
    ["tool_choise", "tool_choice", 1],
    ["reasoingEffort", "reasoningEffort", 1],
    ["reasoinngEffort", "reasoningEffort", 1],
    ["kitten", "sitting", 3],
  ])("counts %j -> %j as %i edits (insertions, deletions, substitutions, adjacent swaps)", (left, right, distance) => {
    expect(editDistance(left, right)).toBe(distance);
    expect(editDistance(right, left)).toBe(distance);
  });
});

describe("findClosestName", () => {
  const names = ["temperature", "topP", "tool_choice", "reasoningEffort", "n", "stop", "seed"];

  it("suggests the known name a typo is closest to", () => {
    expect(findClosestName("temprature", names)).toBe("temperature");
    expect(findClosestName("tool_choise", names)).toBe("tool_choice");
    expect(findClosestName("reasoningEfort", names)).toBe("reasoningEffort");
  });

  it("ignores case and underscores, so snake_case finds camelCase and back", () => {
    expect(findClosestName("toolChoice", names)).toBe("tool_choice");
    expect(findClosestName("top_p", names)).toBe("topP");
    expect(findClosestName("reasoning_effort", names)).toBe("reasoningEffort");
  });

  it("allows more edits for longer names, and none between names of three characters or less", () => {
    expect(findClosestName("tmperatre", names)).toBe("temperature");
    expect(findClosestName("tmpratre", names)).toBeUndefined();
    expect(findClosestName("x", names)).toBeUndefined();
    expect(findClosestName("N", names)).toBe("n");
    expect(findClosestName("ab", names)).toBeUndefined();
    expect(findClosestName("stp", names)).toBe("stop");
    expect(findClosestName("sotp", names)).toBe("stop");
  });

  it("suggests nothing for an unrelated name", () => {
    expect(findClosestName("configurable", names)).toBeUndefined();
    expect(findClosestName("thread_id", names)).toBeUndefined();
  });
});

describe("isSameName", () => {
  it("compares without case and underscores", () => {
    expect(isSameName("max_tokens", "maxTokens")).toBe(true);
    expect(isSameName("maxTokens", "maxToken")).toBe(false);
  });
});
