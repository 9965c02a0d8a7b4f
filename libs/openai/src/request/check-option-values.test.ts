import { describe, expect, it } from "@jest/globals";
import { InvalidOptionError } from "../errors/errors.js";
import { checkBodyValues, checkCrossFieldValues, checkFieldValues } from "./check-option-values.js";

// Bounds from the protocol notes (2.4 "Bounds") and the emulator's request schema: the limits themselves are accepted.
describe("checkFieldValues", () => {
  it("accepts the API's bounds, null (the API's default) and unset fields", () => {
    expect(() =>
      checkFieldValues({
        temperature: 0, topP: 1, frequencyPenalty: -2, presencePenalty: 2, n: 128, maxTokens: 1, topLogprobs: 20,
        seed: -5, stop: ["a", "b", "c", "d"], logitBias: { "0": -100, "100257": 100 }, model: "ft:gpt-4o-mini:org::abc",
        timeout: 1, maxRetries: 0, modelKwargs: { temperature: null, metadata: { a: "b" } }, user: "",
      }),
    ).not.toThrow();
  });

  it.each([
    [{ temperature: 2.01 }, "temperature"],
    [{ n: 129 }, "n"],
    [{ topLogprobs: 21 }, "topLogprobs"],
    [{ logitBias: { "1": 100.5 } }, "logitBias"],
    [{ logitBias: { "-3": 1 } }, "logitBias"],
    [{ stop: "a", stopSequences: [1] }, "stopSequences"],
    [{ modelName: " gpt-4o" }, "modelName"],
    [{ timeout: 2 ** 31 }, "timeout"],
    [{ contextWindow: 0 }, "contextWindow"],
    [{ user: 5 }, "user"],
    [{ logprobs: "yes" }, "logprobs"],
    [{ modelKwargs: { n: 0 } }, "modelKwargs.n"],
    [{ audio: { voice: Symbol("alloy") } }, "audio.voice"],
  ])("refuses %j, naming %s", (fields, option) => {
    expect(() => checkFieldValues(fields)).toThrow(InvalidOptionError);
    try {
      checkFieldValues(fields);
    } catch (error) {
      expect((error as InvalidOptionError).option).toBe(option);
    }
  });
});

describe("checkBodyValues names a value by where it was set", () => {
  const body = { model: "gpt-4o", messages: [], temperature: 3 };
  it.each([
    [{ modelKwargs: { temperature: 3 }, options: {} }, "modelKwargs.temperature", /`modelKwargs.temperature` is 3/u],
    [{ modelKwargs: undefined, options: {} }, "temperature", /The field `temperature` is 3/u],
  ])("%#", (origins, option, message) => {
    expect(() => checkBodyValues(body, origins)).toThrow(message);
    try {
      checkBodyValues(body, origins);
    } catch (error) {
      expect(error).toMatchObject({ option });
    }
  });

  it("says which wire key a field is sent as", () => {
    expect(() => checkBodyValues({ max_tokens: 0 }, { modelKwargs: undefined, options: {} })).toThrow(/The field `maxTokens` \(sent as `max_tokens`\) is 0/u);
  });
});

describe("checkCrossFieldValues", () => {
  it("accepts top_logprobs with logprobs, and one token limit", () => {
    expect(() => checkCrossFieldValues({ logprobs: true, top_logprobs: 2, max_completion_tokens: 5, messages: [] })).not.toThrow();
  });
  it("refuses both token limits at once", () => {
    expect(() => checkCrossFieldValues({ max_tokens: 5, max_completion_tokens: 5 })).toThrow(/Both `maxTokens`/u);
  });
});
