import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { applyModelRestrictions, isNonReasoningModel, isReasoningModel } from "./apply-model-restrictions.js";

const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Hi" }];

describe("isNonReasoningModel", () => {
  it.each(["gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "gpt-4-turbo", "gpt-4", "gpt-4.5-preview", "gpt-3.5-turbo", "chatgpt-4o-latest", "gpt-5-chat-latest", "ft:gpt-4o-mini:acme::abc"])(
    "knows %s does not reason",
    (model) => {
      expect(isNonReasoningModel(model)).toBe(true);
      expect(isReasoningModel(model)).toBe(false);
    },
  );

  it.each(["o3-mini", "o1", "gpt-5", "gpt-5-mini", "gpt-5.1", "gpt-5.1-chat-latest", "deepseek-reasoner", "gpt-oss-120b", "llama3"])(
    "does not claim %s (a reasoning model, or one it does not know)",
    (model) => {
      expect(isNonReasoningModel(model)).toBe(false);
    },
  );
});

describe("applyModelRestrictions for models that do not reason", () => {
  it("leaves out reasoning_effort and a verbosity other than medium, one warning each", () => {
    const request = { model: "gpt-4o-mini", messages, reasoning_effort: "high", verbosity: "low", temperature: 0 } as const;
    expect(applyModelRestrictions(request)).toEqual({
      request: { model: "gpt-4o-mini", messages, temperature: 0 },
      warnings: [
        'reasoning_effort="high" was not sent: gpt-4o-mini does not reason (reasoning effort is for o-series and gpt-5 models).',
        'verbosity="low" was not sent: gpt-4o-mini accepts only the default ("medium"); other values are for gpt-5 models.',
      ],
    });
  });

  it("keeps verbosity medium and returns the request itself when nothing changes", () => {
    const request = { model: "gpt-4.1", messages, verbosity: "medium" } as const;
    const adapted = applyModelRestrictions(request);
    expect(adapted.request).toBe(request);
    expect(adapted.warnings).toEqual([]);
  });

  it("sends reasoning_effort and any verbosity to gpt-5 and to models it does not know", () => {
    for (const model of ["gpt-5-mini", "gpt-oss-120b"]) {
      const request = { model, messages, reasoning_effort: "low", verbosity: "high" } as const;
      expect(applyModelRestrictions(request)).toEqual({ request, warnings: [] });
    }
  });
});

describe("stop on reasoning models", () => {
  // o3-mini answered a request with stop with 200 (recorded 2025-06); gpt-5.5 and later accept it (litellm#28650);
  // gpt-5 to gpt-5.4 refuse it (smolagents#1671, #1893).
  it.each(["o3-mini", "o3-mini-2025-01-31", "gpt-5.5", "gpt-5.6-terra"])("keeps stop for %s, which accepts it", (model) => {
    expect(applyModelRestrictions({ model, messages, stop: ["END"] })).toEqual({ request: { model, messages, stop: ["END"] }, warnings: [] });
  });

  it.each(["gpt-5-mini", "gpt-5.4", "o1", "o4-mini"])("leaves stop out for %s, with a warning", (model) => {
    const adapted = applyModelRestrictions({ model, messages, stop: ["END"] });
    expect(adapted.request).toEqual({ model, messages });
    expect(adapted.warnings).toEqual([`stop was not sent: ${model} does not support it.`]);
  });
});

describe("applyModelRestrictions with the reasoningModel override", () => {
  it("true applies the reasoning rules to a name that does not tell", () => {
    const request = { model: "team-reasoner", messages, max_tokens: 100, top_p: 0.5 };
    expect(applyModelRestrictions(request, { reasoningModel: true })).toEqual({
      request: { model: "team-reasoner", messages, max_completion_tokens: 100 },
      warnings: [
        "maxTokens was sent as max_completion_tokens=100: team-reasoner refuses max_tokens.",
        "top_p=0.5 was not sent: team-reasoner accepts only the default (1).",
      ],
    });
    expect(applyModelRestrictions(request)).toEqual({ request, warnings: [] });
  });


  it("false drops reasoning_effort even for a reasoning name, and keeps the sampling options and a gpt-5 verbosity", () => {
    const request = { model: "gpt-5-mini", messages, max_tokens: 100, temperature: 0.3, reasoning_effort: "low", verbosity: "low" } as const;
    expect(applyModelRestrictions(request, { reasoningModel: false })).toEqual({
      request: { model: "gpt-5-mini", messages, max_tokens: 100, temperature: 0.3, verbosity: "low" },
      warnings: ['reasoning_effort="low" was not sent: gpt-5-mini does not reason (reasoning effort is for o-series and gpt-5 models).'],
    });
  });
});
