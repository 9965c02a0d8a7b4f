import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { BadRequestError, RateLimitError } from "../errors/errors.js";
import { explainCompatibleRefusal } from "../errors/explain-compatible-refusal.js";
import { applyCompatibility } from "./apply-compatibility.js";
import { convertToRequestOptions } from "./convert-to-request-options.js";

const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Hi" }];
const fn = (name: string, strict?: boolean): OpenAI.ChatCompletionFunctionTool => ({
  type: "function",
  function: { name, parameters: { type: "object", properties: {} }, ...(strict === undefined ? {} : { strict }) },
});

describe("applyCompatibility", () => {
  it('changes nothing on "openai"', () => {
    const request = { model: "m", messages, tools: [fn("a", false)] };
    expect(applyCompatibility(request, { compatibility: "openai" })).toEqual({ request, warnings: [] });
  });

  it('leaves strict: false out on "compatible", naming every tool once, and keeps strict: true and unset', () => {
    const request = { model: "m", messages, tools: [fn("a", false), fn("b", true), fn("c"), fn("d", false)] };
    const { request: adapted, warnings } = applyCompatibility(request, { compatibility: "compatible" });
    expect(adapted.tools).toEqual([fn("a"), fn("b", true), fn("c"), fn("d")]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^strict=false was not sent for "a", "d": /u);
    expect(request.tools[0]).toEqual(fn("a", false));
  });
});

describe("explainCompatibleRefusal", () => {
  const refusal = (message: string, status = 400) => new BadRequestError(message, { status, param: null, requestId: "req_1" });

  it("adds the fix to a refusal of something the request carries, keeping status and request id", () => {
    const explained = explainCompatibleRefusal(refusal("max_completion_tokens: Extra inputs are not permitted", 422), { model: "m", messages, max_completion_tokens: 5 });
    expect(BadRequestError.isInstance(explained)).toBe(true);
    expect(explained).toMatchObject({ status: 422, requestId: "req_1", retryable: false });
    expect((explained as Error).message).toBe("max_completion_tokens: Extra inputs are not permitted\nThis server does not know `max_completion_tokens`. Set `maxTokens` instead of `maxCompletionTokens` (for a reasoning-model name, also `reasoningModel: false`, or `maxTokens` is sent as `max_completion_tokens` too).");
  });

  it("leaves alone errors that name something the request does not carry, and other errors", () => {
    const strictError = refusal("tools.0.function.strict Extra inputs are not permitted");
    expect(explainCompatibleRefusal(strictError, { model: "m", messages, tools: [fn("a")] })).toBe(strictError);
    const developerError = refusal("received 'developer'");
    expect(explainCompatibleRefusal(developerError, { model: "m", messages })).toBe(developerError);
    const limited = new RateLimitError("max_completion_tokens", { status: 429 });
    expect(explainCompatibleRefusal(limited, { model: "m", messages, max_completion_tokens: 5 })).toBe(limited);
  });
});

describe("convertToRequestOptions", () => {
  it("adds up headers and query: the model's, then the call's SDK options, then the call's extras", () => {
    expect(
      convertToRequestOptions(
        { options: { headers: new Headers({ "x-a": "sdk", "x-b": "sdk" }), query: { q: "sdk" }, timeout: 5 }, extraHeaders: { "x-b": "call" }, extraQuery: { r: "call" } },
        { extraHeaders: { "x-a": "model", "x-c": "model" }, extraQuery: { q: "model", s: "model" } },
      ),
    ).toEqual({ headers: { "x-a": "sdk", "x-b": "call", "x-c": "model" }, query: { q: "sdk", s: "model", r: "call" }, timeout: 5 });
    expect(convertToRequestOptions({ maxRetries: 0 })).toEqual({ maxRetries: 0 });
  });
});
