import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { InvalidToolDefinitionError, UnsupportedOptionError } from "../errors/errors.js";
import { buildResponsesRequest, type ResponsesRequestInput } from "./build-responses-request.js";

const input: ResponsesRequestInput["input"] = [{ type: "message", role: "user", content: "Hi" }];
const build = (overrides: Partial<ResponsesRequestInput> = {}) =>
  buildResponsesRequest({ model: "gpt-4o-mini", fields: {}, options: {}, input, stream: false, ...overrides });
const getWeather = { name: "get_weather", description: "Weather for a city.", schema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }) };

describe("buildResponsesRequest", () => {
  it("sends only the model and the input when nothing is set", () => {
    expect(build()).toEqual({ request: { model: "gpt-4o-mini", input }, warnings: [], restorePlans: new Map() });
    expect(build({ stream: true }).request).toEqual({ model: "gpt-4o-mini", input, stream: true });
  });

  it("maps the options both APIs share to their Responses names", () => {
    const { request, warnings } = build({
      fields: { temperature: 0.2, topP: 0.9, maxTokens: 50, user: "u1", promptCacheKey: "k", promptCacheRetention: "in-memory", requestMetadata: { a: "b" }, store: true, verbosity: "medium", topLogprobs: 2 },
      options: { serviceTier: "flex", previous_response_id: "resp_1", include: ["reasoning.encrypted_content"], truncation: "auto" },
    });
    expect(warnings).toEqual([]);
    expect(request).toEqual({
      model: "gpt-4o-mini", input, temperature: 0.2, top_p: 0.9, max_output_tokens: 50, top_logprobs: 2, user: "u1",
      service_tier: "flex", text: { verbosity: "medium" }, prompt_cache_key: "k", prompt_cache_retention: "in_memory",
      store: true, metadata: { a: "b" }, previous_response_id: "resp_1", include: ["reasoning.encrypted_content"], truncation: "auto",
    });
  });

  it("applies the reasoning-model rules and sends reasoning whole (effort and summary)", () => {
    const { request, warnings } = build({ model: "o4-mini", fields: { temperature: 0.2, maxTokens: 100, reasoning: { effort: "low", summary: "auto" } } });
    expect(request).toEqual({ model: "o4-mini", input, max_output_tokens: 100, reasoning: { summary: "auto", effort: "low" } });
    expect(warnings).toEqual(["temperature=0.2 was not sent: o4-mini accepts only the default (1)."]);
    const plain = build({ model: "gpt-4o", options: { reasoning: { effort: "high" } } });
    expect(plain.request).toEqual({ model: "gpt-4o", input });
    expect(plain.warnings[0]).toMatch(/^reasoning\.effort="high" was not sent: gpt-4o does not reason/u);
  });

  it("drops, with a warning each, the Chat Completions options the Responses API has no parameter for", () => {
    const { request, warnings } = build({ fields: { frequencyPenalty: 1, stop: ["x"] }, options: { seed: 3 } });
    expect(request).toEqual({ model: "gpt-4o-mini", input });
    expect(warnings).toEqual([
      "frequencyPenalty was not sent: the Responses API has no frequency_penalty parameter (it is a Chat Completions option).",
      "seed was not sent: the Responses API has no seed parameter (it is a Chat Completions option).",
      "stop was not sent: the Responses API has no stop parameter (it is a Chat Completions option).",
    ]);
  });

  it("sends store: false under zdrEnabled (the Responses API stores by default)", () => {
    expect(build({ fields: { zdrEnabled: true } }).request).toEqual({ model: "gpt-4o-mini", input, store: false });
  });

  it("flattens function tools, maps tool_choice, and keeps the strict adapter's null mapping", () => {
    const { request, restorePlans } = build({ options: { tools: [getWeather], tool_choice: "get_weather", parallel_tool_calls: false, strict: true } });
    expect(request).toEqual({
      model: "gpt-4o-mini", input,
      tools: [{
        type: "function", name: "get_weather", description: "Weather for a city.", strict: true,
        parameters: {
          type: "object", additionalProperties: false, required: ["city", "unit"],
          properties: { city: { type: "string" }, unit: { anyOf: [{ type: "string", enum: ["c", "f"] }, { type: "null" }] } },
        },
      }],
      tool_choice: { type: "function", name: "get_weather" },
      parallel_tool_calls: false,
    });
    expect(restorePlans.has("get_weather")).toBe(true);
    // Without strict set, strict is sent as null (as @langchain/openai does): the Responses API would otherwise default to strict.
    const loose = build({ options: { tools: [getWeather], tool_choice: "any" } }).request as unknown as { tools: { strict: unknown }[]; tool_choice: unknown };
    expect(loose.tools[0]!.strict).toBeNull();
    expect(loose.tool_choice).toBe("required");
  });

  it("sends response_format as text.format, and the call's text as given", () => {
    const jsonSchema = { type: "json_schema" as const, json_schema: { name: "person", schema: { type: "object" }, strict: true } };
    expect(build({ options: { response_format: jsonSchema } }).request).toEqual({
      model: "gpt-4o-mini", input, text: { format: { type: "json_schema", name: "person", schema: { type: "object" }, strict: true } },
    });
    expect(build({ options: { response_format: { type: "json_object" } }, fields: { verbosity: "low" }, model: "gpt-5" }).request).toEqual({
      model: "gpt-5", input, text: { format: { type: "json_object" }, verbosity: "low" },
    });
    expect(build({ options: { text: { verbosity: "high" } } }).request).toEqual({ model: "gpt-4o-mini", input, text: { verbosity: "high" } });
  });

  it("throws before sending for legacy functions and for tool_choice without tools", () => {
    expect(() => build({ options: { functions: [{ name: "f", parameters: {} }] } })).toThrow(UnsupportedOptionError);
    expect(() => build({ options: { tool_choice: "auto" } })).toThrow(InvalidToolDefinitionError);
  });

  it("puts modelKwargs and extraBody in last", () => {
    expect(build({ fields: { modelKwargs: { background: true }, extraBody: { x: 1 } }, options: { extraBody: { y: 2 } } }).request).toEqual({
      model: "gpt-4o-mini", input, background: true, x: 1, y: 2,
    });
  });
});
