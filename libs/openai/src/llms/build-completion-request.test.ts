import { describe, expect, it } from "@jest/globals";
import { buildCompletionRequest } from "./build-completion-request.js";

const base = { fields: { model: "gpt-3.5-turbo-instruct" }, maxTokens: undefined, stop: undefined, stream: false };

describe("buildCompletionRequest", () => {
  it("sends one prompt as a string, several as an array, and nothing unset", () => {
    expect(buildCompletionRequest({ ...base, prompts: ["Hi"] })).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Hi" });
    expect(buildCompletionRequest({ ...base, prompts: ["A", "B"] })).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: ["A", "B"] });
  });

  it("streams with stream: true, and asks for usage only with streamUsage", () => {
    expect(buildCompletionRequest({ ...base, prompts: ["Hi"], stream: true })).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Hi", stream: true });
    const withUsage = buildCompletionRequest({ ...base, fields: { ...base.fields, streamUsage: true }, prompts: ["Hi"], stream: true });
    expect(withUsage).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    // Not on a request that does not stream (the API refuses stream_options without stream).
    expect(buildCompletionRequest({ ...base, fields: { ...base.fields, streamUsage: true }, prompts: ["Hi"] })).not.toHaveProperty("stream_options");
  });

  it("lets the call's stop win and modelKwargs override everything", () => {
    const request = buildCompletionRequest({ ...base, fields: { ...base.fields, stop: ["\n"], modelKwargs: { max_tokens: 3 } }, maxTokens: 10, stop: ["."], prompts: ["Hi"] });
    expect(request).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Hi", max_tokens: 3, stop: ["."] });
  });
});
