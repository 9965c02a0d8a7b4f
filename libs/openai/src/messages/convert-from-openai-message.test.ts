import { afterEach, describe, expect, it, jest } from "@jest/globals";
import { AIMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import { loadExchange } from "./__fixtures__/exchanges.js";
import { convertFromOpenAIMessage, convertResponseContext, EMPTY_OUTPUT_BUDGET_WARNING, readReasoningContent } from "./convert-from-openai-message.js";
import { TRUNCATED_TOOL_CALL_ERROR } from "./parse-tool-calls.js";

function convertFixture(name: string, options = { includeUsage: true }, context = {}) {
  const { completion } = loadExchange(name);
  return convertFromOpenAIMessage(completion, completion.choices[0]!, context, options);
}

function withMessage(fields: Partial<OpenAI.ChatCompletionMessage> & Record<string, unknown>, finishReason = "stop"): OpenAI.ChatCompletion {
  const { completion } = loadExchange("plain-text");
  const choice = completion.choices[0]!;
  return { ...completion, choices: [{ ...choice, finish_reason: finishReason, message: { ...choice.message, ...fields } }] } as OpenAI.ChatCompletion;
}

const convert = (completion: OpenAI.ChatCompletion) => convertFromOpenAIMessage(completion, completion.choices[0]!, {}, { includeUsage: true });

afterEach(() => {
  jest.restoreAllMocks();
});

describe("convertFromOpenAIMessage", () => {
  it("converts a text answer with its id, usage and response metadata", () => {
    const message = convertFixture("text-with-usage", { includeUsage: true }, { requestId: "req_abc", warnings: ["'n' was dropped"] });
    expect(message).toBeInstanceOf(AIMessage);
    expect(message.content).toBe("The capital of France is Paris.");
    expect(message.id).toBe("chatcmpl-CdTextUsage0002");
    expect(message.tool_calls).toStrictEqual([]);
    expect(message.invalid_tool_calls).toStrictEqual([]);
    expect(message.additional_kwargs).toStrictEqual({});
    expect(message.usage_metadata).toStrictEqual({
      input_tokens: 1200,
      output_tokens: 7,
      total_tokens: 1207,
      input_token_details: { cache_read: 1024, audio: 0 },
      output_token_details: { reasoning: 0, audio: 0 },
    });
    expect(message.response_metadata).toStrictEqual({
      model_provider: "openai",
      model_name: "gpt-4o-mini-2024-07-18",
      system_fingerprint: "fp_0ba0d124f1",
      service_tier: "default",
      finish_reason: "stop",
      tokenUsage: { promptTokens: 1200, completionTokens: 7, totalTokens: 1207 },
      request_id: "req_abc",
      warnings: ["'n' was dropped"],
    });
  });

  it("leaves usage out when told to (the other choices of an n>1 response)", () => {
    const message = convertFixture("two-choices", { includeUsage: false });
    expect(message.usage_metadata).toBeUndefined();
    expect(message.response_metadata).not.toHaveProperty("tokenUsage");
  });

  it("leaves out request_id and warnings it was not given, and an empty warnings list", () => {
    const message = convertFixture("plain-text", { includeUsage: true }, { warnings: [] });
    expect(message.response_metadata).not.toHaveProperty("request_id");
    expect(message.response_metadata).not.toHaveProperty("warnings");
  });

  it("parses tool calls and keeps the wire calls, with their index, in additional_kwargs", () => {
    const message = convertFixture("parallel-tool-calls");
    expect(message.content).toBe("");
    expect(message.tool_calls).toStrictEqual([
      { name: "get_weather", args: { city: "Paris" }, id: "call_AbC123xyzParallel00001", type: "tool_call" },
      { name: "get_time", args: { timezone: "Europe/Paris" }, id: "call_AbC123xyzParallel00002", type: "tool_call" },
    ]);
    expect(message.additional_kwargs.tool_calls).toStrictEqual([
      { index: 0, id: "call_AbC123xyzParallel00001", type: "function", function: { name: "get_weather", arguments: '{"city": "Paris"}' } },
      { index: 1, id: "call_AbC123xyzParallel00002", type: "function", function: { name: "get_time", arguments: '{"timezone": "Europe/Paris"}' } },
    ]);
    expect(message.response_metadata.finish_reason).toBe("tool_calls");
  });

  it("gives a tool without parameters empty args", () => {
    expect(convertFixture("zero-argument-tool-call").tool_calls).toStrictEqual([
      { name: "get_current_time", args: {}, id: "call_ZeroArgs0000000000000001", type: "tool_call" },
    ]);
  });

  it("keeps arguments that are not JSON as an invalid_tool_call with the raw text", () => {
    const message = convertFixture("invalid-json-tool-call");
    expect(message.tool_calls).toStrictEqual([]);
    expect(message.invalid_tool_calls).toMatchObject([{ name: "get_weather", args: '{"city": Paris}', id: "call_InvalidJson00000000001", type: "invalid_tool_call" }]);
    expect(message.invalid_tool_calls![0]!.error).toMatch(/^invalid_json: /);
  });

  it("makes every tool call of a response cut off by the token limit invalid, even one whose text parses", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const message = convertFixture("truncated-tool-call");
    expect(message.tool_calls).toStrictEqual([]);
    expect(message.invalid_tool_calls).toStrictEqual([
      { name: "get_weather", args: '{"city":"Paris"}', id: "call_Truncated0000000000001", error: TRUNCATED_TOOL_CALL_ERROR, type: "invalid_tool_call" },
      {
        name: "write_file",
        args: '{"path":"notes.md","content":"# Meeting notes\\n\\n- Budget approved for Q3\\n- Hiring',
        id: "call_Truncated0000000000002",
        error: TRUNCATED_TOOL_CALL_ERROR,
        type: "invalid_tool_call",
      },
    ]);
    expect(message.additional_kwargs.tool_calls).toHaveLength(2);
    expect(message.response_metadata.finish_reason).toBe("length");
    // Core's AIMessage warns about raw tool calls without parsed ones; the converter must not trigger it.
    expect(warn).not.toHaveBeenCalled();
  });

  it("surfaces a refusal in additional_kwargs with empty content", () => {
    const message = convertFixture("refusal");
    expect(message.content).toBe("");
    expect(message.additional_kwargs).toStrictEqual({ refusal: "I'm sorry, I can't help with that request." });
    // Core 1.0's block translator has no refusal blocks; model_provider "openai" lets newer cores show one.
    if (process.env.TESSERA_DEPS !== "min") {
      expect(message.contentBlocks).toContainEqual({ type: "refusal", refusal: "I'm sorry, I can't help with that request." });
    }
  });

  it("passes the choice's logprobs through", () => {
    const { completion } = loadExchange("logprobs");
    expect(convertFixture("logprobs").response_metadata.logprobs).toStrictEqual(completion.choices[0]!.logprobs);
  });

  it("keeps reasoning text of compatible servers in additional_kwargs.reasoning_content", () => {
    expect(convertFixture("reasoning-content").additional_kwargs.reasoning_content).toBe(
      "The user asks which is larger: 9.11 or 9.9. 9.9 = 9.90 > 9.11.",
    );
    expect(convert(withMessage({ reasoning: "vLLM thinking" })).additional_kwargs).toStrictEqual({ reasoning_content: "vLLM thinking" });
    expect(convertFixture("finish-reason-twice").additional_kwargs).toStrictEqual({});
  });

  it("keeps a legacy function_call and audio in additional_kwargs", () => {
    const audio = { id: "audio_1", data: "UklGRg==", expires_at: 1763773800, transcript: "Hi" };
    const function_call = { name: "lookup", arguments: '{"q":1}' };
    expect(convert(withMessage({ content: null, audio, function_call }, "function_call")).additional_kwargs).toStrictEqual({ audio, function_call });
  });

  it("reports the model as the API answered it and omits metadata the API did not send", () => {
    const message = convertFixture("cumulative-usage");
    expect(message.response_metadata).toStrictEqual({
      model_provider: "openai",
      model_name: "meta-llama/Llama-3.1-8B-Instruct",
      finish_reason: "stop",
      tokenUsage: { promptTokens: 24, completionTokens: 7, totalTokens: 31 },
    });
  });
});

describe("convertResponseContext", () => {
  it("copies warnings so later edits to the context do not leak into messages", () => {
    const warnings = ["a"];
    const metadata = convertResponseContext({ requestId: "req_1", warnings });
    warnings.push("b");
    expect(metadata).toStrictEqual({ request_id: "req_1", warnings: ["a"] });
  });
});

describe("readReasoningContent", () => {
  it.each([
    [{ reasoning_content: "a" }, "a"],
    [{ reasoning: "b" }, "b"],
    [{ reasoning_content: "a", reasoning: "b" }, "a"],
    [{ reasoning_content: "", reasoning: "b" }, "b"],
    [{ reasoning_content: null }, undefined],
    [{ reasoning: { effort: "low" } }, undefined],
    [{}, undefined],
  ])("reads %j as %j", (source, expected) => {
    expect(readReasoningContent(source)).toBe(expected);
  });
});

describe("convertFromOpenAIMessage: citations, headers and a budget spent before any output", () => {
  it("keeps url_citation annotations in additional_kwargs.annotations, and leaves the key out when there are none", () => {
    const annotations = [{ type: "url_citation" as const, url_citation: { start_index: 0, end_index: 5, title: "T", url: "https://example.com" } }];
    expect(convert(withMessage({ content: "Hello", annotations })).additional_kwargs).toStrictEqual({ annotations });
    expect(convert(withMessage({ content: "Hello", annotations: [] })).additional_kwargs).toStrictEqual({});
  });

  it("puts the response headers in response_metadata.headers", () => {
    const completion = withMessage({ content: "Hi" });
    const message = convertFromOpenAIMessage(completion, completion.choices[0]!, { headers: { "x-request-id": "req_1" } }, { includeUsage: false });
    expect(message.response_metadata.headers).toStrictEqual({ "x-request-id": "req_1" });
  });

  it("warns after the request's warnings when finish_reason is length and nothing visible came, and only then", () => {
    const completion = withMessage({ content: "" }, "length");
    const message = convertFromOpenAIMessage(completion, completion.choices[0]!, { warnings: ["temperature dropped"] }, { includeUsage: true });
    expect(message.response_metadata.warnings).toStrictEqual(["temperature dropped", EMPTY_OUTPUT_BUDGET_WARNING]);
    expect(convert(withMessage({ content: null }, "length")).response_metadata.warnings).toStrictEqual([EMPTY_OUTPUT_BUDGET_WARNING]);
    for (const visible of [{ content: "Hi" }, { content: null, refusal: "No." }, { content: null, audio: { id: "a", data: "", expires_at: 1, transcript: "" } }]) {
      expect(convert(withMessage(visible, "length")).response_metadata).not.toHaveProperty("warnings");
    }
    expect(convert(withMessage({ content: "" }, "stop")).response_metadata).not.toHaveProperty("warnings");
  });
});
