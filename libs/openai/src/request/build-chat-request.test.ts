import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { InvalidToolDefinitionError, UnsupportedOptionError } from "../errors/errors.js";
import { buildChatRequest, type ChatRequestInput, resolveToolStrict } from "./build-chat-request.js";

const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Hi" }];
const lookup = { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } };

function build(input: Partial<ChatRequestInput>) {
  return buildChatRequest({ model: "gpt-5-mini", fields: {}, options: {}, messages, stream: false, streamUsage: false, ...input });
}

describe("buildChatRequest", () => {
  it("sends verbosity and the prompt-cache options, a call's over the model's, and in-memory as in_memory", () => {
    const fields = { verbosity: "low", promptCacheRetention: "in-memory", promptCacheOptions: { mode: "implicit" } } as const;
    expect(build({ fields }).request).toEqual({
      model: "gpt-5-mini",
      messages,
      verbosity: "low",
      prompt_cache_retention: "in_memory",
      prompt_cache_options: { mode: "implicit" },
    });
    expect(build({ fields, options: { verbosity: "high", promptCacheRetention: "24h" } }).request).toMatchObject({ verbosity: "high", prompt_cache_retention: "24h" });
  });

  it("reads service_tier and reasoningEffort per call, reporting the loser when both spellings differ", () => {
    const { request, warnings } = build({
      fields: { serviceTier: "flex", reasoning: { effort: "low" } },
      options: { serviceTier: "priority", service_tier: "auto", reasoningEffort: "high" },
    });
    expect(request).toMatchObject({ service_tier: "priority", reasoning_effort: "high" });
    expect(warnings).toEqual(['service_tier="auto" was not sent: serviceTier="priority" is also set, and wins.']);
    expect(build({ options: { service_tier: "flex" } }).request).toMatchObject({ service_tier: "flex" });
  });

  it("falls back to the model's reasoning effort when the call's reasoning sets none", () => {
    expect(build({ fields: { reasoning: { effort: "low" } }, options: { reasoning: {} } }).request).toMatchObject({ reasoning_effort: "low" });
  });

  it("sends legacy functions and function_call as given", () => {
    expect(build({ options: { functions: [lookup], function_call: { name: "lookup" } } }).request).toEqual({
      model: "gpt-5-mini",
      messages,
      functions: [lookup],
      function_call: { name: "lookup" },
    });
    expect(build({ options: { functions: [lookup] } }).request).toEqual({ model: "gpt-5-mini", messages, functions: [lookup] });
  });

  it("refuses a function_call without functions or naming an unknown function", () => {
    expect(() => build({ options: { function_call: "auto" } })).toThrow(InvalidToolDefinitionError);
    expect(() => build({ options: { functions: [], function_call: "none" } })).toThrow("no functions were given");
    expect(() => build({ options: { functions: [lookup], function_call: { name: "search" } } })).toThrow('it names "search", but the functions are "lookup"');
  });

  it("makes tools strict by supportsStrictToolCalling unless the call says otherwise", () => {
    const tools = [{ type: "function" as const, function: { name: "lookup", parameters: lookup.parameters } }];
    const strictOf = (input: Partial<ChatRequestInput>) => (build(input).request.tools?.[0] as OpenAI.ChatCompletionFunctionTool).function.strict;
    expect(strictOf({ fields: { supportsStrictToolCalling: true }, options: { tools } })).toBe(true);
    expect(strictOf({ fields: { supportsStrictToolCalling: false }, options: { tools } })).toBe(false);
    expect(strictOf({ fields: { supportsStrictToolCalling: true }, options: { tools, strict: false } })).toBe(false);
    expect(strictOf({ options: { tools } })).toBeUndefined();
    expect(resolveToolStrict({}, {})).toBeUndefined();
  });

  it("returns the call options' warnings before the model restrictions', and throws for Responses-only options", () => {
    const options = { temprature: 0, reasoningEffort: "low" } as Partial<ChatRequestInput["options"]>;
    expect(build({ model: "gpt-4o", options }).warnings).toEqual([
      "Call option `temprature` is unknown and was ignored; did you mean the constructor field `temperature`? Set it with new ChatOpenAI({ temperature }).",
      'reasoning_effort="low" was not sent: gpt-4o does not reason (reasoning effort is for o-series and gpt-5 models).',
    ]);
    expect(() => build({ options: { previous_response_id: "resp_1" } as Partial<ChatRequestInput["options"]> })).toThrow(UnsupportedOptionError);
  });
});
