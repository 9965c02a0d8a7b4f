// What the API accepts and refuses as recordings and quoted errors show it (issue 12): each refusal here is checked
// word for word, each acceptance against the requests real projects sent and got a 200 for.
import { describe, expect, it } from "@jest/globals";
import { builtInModels, findModel } from "../engine/models.js";
import { EmulatorHttpError } from "../errors.js";
import { validateChatRequest, type ValidationContext } from "./validate-chat-request.js";
import { validateRequestSchemas } from "./validate-request-schemas.js";
import { readJsonLines, TRUTH_SET_FOLDER } from "../__tests__/helpers.js";
import { STRICT_LIMITS_2026 } from "./validate-strict-schema.js";

type Body = Record<string, unknown>;

const CONTEXT: ValidationContext = { models: builtInModels(), unknownParameterStyle: "2026" };
const USER = [{ role: "user", content: "Hello" }];
const TOOL = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } };
const CUSTOM_TOOL = { type: "custom", custom: { name: "code_exec", description: "Runs Python" } };

function body(patch: Body = {}): string {
  return JSON.stringify({ model: "gpt-4o-mini", messages: USER, ...patch });
}

function refusal(patch: Body): { status: number; message: string; type: string; param: string | null; code: string | null } {
  try {
    validateChatRequest(body(patch), CONTEXT);
  } catch (error) {
    if (!(error instanceof EmulatorHttpError)) throw error;
    return { status: error.status, message: error.message, type: error.type, param: error.param, code: error.code };
  }
  throw new Error(`accepted: ${body(patch)}`);
}

function accepts(patch: Body): void {
  expect(() => validateChatRequest(body(patch), CONTEXT)).not.toThrow();
}

// The truth set: 2284 requests three open-source projects sent to the real API, each answered with a 200.
interface TruthEntry {
  id: string;
  model: string;
  request: Body & { model: string };
}
const truthSet = readJsonLines<TruthEntry>(TRUTH_SET_FOLDER);

describe("requests the API accepts", () => {
  it("accepts every request of the truth set (real requests the API answered with 200)", () => {
    expect(truthSet.length).toBeGreaterThan(2000);
    const refused = truthSet.flatMap((entry) => {
      try {
        validateChatRequest(JSON.stringify(entry.request), CONTEXT);
        return [];
      } catch (error) {
        return [`${entry.id}: ${error instanceof Error ? error.message : String(error)}`];
      }
    });
    expect(refused).toEqual([]);
  });

  it("serves every model the recordings name, by alias and by the snapshot it answered with", () => {
    const names = new Set(truthSet.flatMap((entry) => [entry.request.model, entry.model]));
    // The moderation model is named inside `moderation`, not served by Chat Completions.
    names.delete("omni-moderation-latest");
    const missing = [...names].filter((name) => findModel(CONTEXT.models, name) === undefined);
    expect(missing).toEqual([]);
    for (const entry of truthSet) {
      const served = findModel(CONTEXT.models, entry.request.model);
      // Requests for an alias are answered with a dated snapshot of the same model (gpt-4o then pointed at 05-13).
      if (entry.request.model !== "gpt-4o") expect([entry.request.model, entry.model]).toContain(served?.snapshot);
    }
  });

  it.each([
    ["gpt-5.4-mini", { snapshot: "gpt-5.4-mini-2026-03-17", reasoning: true, encoding: "o200k_base" }],
    ["gpt-4o-audio-preview", { reasoning: false, capabilities: expect.objectContaining({ audioInput: true, vision: false }) }],
    ["gpt-4o-search-preview", { snapshot: "gpt-4o-search-preview-2025-03-11", capabilities: expect.objectContaining({ webSearch: true, tools: false }) }],
    ["gpt-5.2", { snapshot: "gpt-5.2-2025-12-11", reasoning: true, contextWindow: 400000 }],
    ["gpt-4.5-preview", { snapshot: "gpt-4.5-preview-2025-02-27", reasoning: false }],
    ["o1-mini", { snapshot: "o1-mini-2024-09-12", reasoning: true, capabilities: expect.objectContaining({ tools: false }) }],
    ["gpt-4-0125-preview", { id: "gpt-4-0125-preview", encoding: "cl100k_base" }],
    ["gpt-5.6-sol", { snapshot: "gpt-5.6-sol", reasoning: true }],
  ])("serves %s with its own profile", (name, expected) => {
    expect(findModel(CONTEXT.models, name)).toMatchObject(expected);
  });

  it("answers only truly unknown names with 404 model_not_found", () => {
    expect(refusal({ model: "gpt-9-turbo" })).toEqual({
      status: 404,
      message: "The model `gpt-9-turbo` does not exist or you do not have access to it.",
      type: "invalid_request_error",
      param: null,
      code: "model_not_found",
    });
  });

  it("accepts stop on o3-mini (recorded 200) and gpt-5.5, and refuses it on gpt-5 as recorded", () => {
    accepts({ model: "o3-mini", stop: ["\n\n"] });
    accepts({ model: "gpt-5.5", stop: "END" });
    expect(refusal({ model: "gpt-5", stop: "END" })).toMatchObject({
      message: "Unsupported parameter: 'stop' is not supported with this model.",
      param: "stop",
      code: "unsupported_parameter",
    });
  });

  it("accepts custom tools, with a text or grammar format, and a named custom tool_choice", () => {
    accepts({ tools: [CUSTOM_TOOL] });
    accepts({ tools: [{ type: "custom", custom: { name: "zip", format: { type: "grammar", grammar: { syntax: "regex", definition: "^\\d{5}$" } } } }] });
    accepts({ tools: [{ type: "custom", custom: { name: "note", format: { type: "text" } } }], tool_choice: { type: "custom", custom: { name: "note" } } });
    accepts({ tools: [TOOL, CUSTOM_TOOL], tool_choice: "required" });
  });

  it("accepts custom tool calls in the history, answered by tool messages", () => {
    const call = { id: "call_1", type: "custom", custom: { name: "code_exec", input: "print(1)" } };
    accepts({ tools: [CUSTOM_TOOL], messages: [...USER, { role: "assistant", content: null, tool_calls: [call] }, { role: "tool", tool_call_id: "call_1", content: "1" }] });
  });

  it("accepts tool_choice of type allowed_tools in both modes, with function and custom references", () => {
    const allowed = (mode: string) => ({
      type: "allowed_tools",
      allowed_tools: { mode, tools: [{ type: "function", function: { name: "get_weather" } }, { type: "custom", custom: { name: "code_exec" } }] },
    });
    accepts({ tools: [TOOL, CUSTOM_TOOL], tool_choice: allowed("auto") });
    accepts({ tools: [TOOL, CUSTOM_TOOL], tool_choice: allowed("required") });
    expect(refusal({ tools: [TOOL], tool_choice: { type: "allowed_tools", allowed_tools: { mode: "always", tools: [TOOL] } } })).toMatchObject({
      message: "Invalid value: 'always'. Supported values are: 'auto' and 'required'.",
      param: "tool_choice.allowed_tools.mode",
      code: "invalid_value",
    });
  });

  it("accepts members real clients send that the SDK's types leave out (recorded with 200)", () => {
    accepts({ messages: [...USER, { role: "assistant", content: "Hi", annotations: [] }, ...USER] });
    const call = { id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } };
    accepts({ tools: [TOOL], messages: [...USER, { role: "assistant", tool_calls: [call] }, { role: "tool", tool_call_id: "c1", name: "get_weather", content: "sun" }] });
    accepts({ messages: [{ role: "user", content: [{ type: "text", text: "Hi", prompt_cache_breakpoint: { mode: "explicit" } }] }] });
    accepts({ tools: null });
  });
});

describe("requests the API refuses", () => {
  const audio = { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } };

  it("refuses input_audio content on a model without audio input, with the recorded wording", () => {
    const messages = [{ role: "system", content: "Be brief" }, { role: "user", content: [{ type: "text", text: "Listen" }, audio] }];
    expect(refusal({ model: "gpt-4o", messages })).toEqual({
      status: 400,
      message: "Invalid 'messages[1]'. Content blocks are expected to be either text or image_url type.",
      type: "invalid_request_error",
      param: "messages[1]",
      code: "invalid_value",
    });
    accepts({ model: "gpt-4o-audio-preview", messages });
  });

  it("refuses web_search_options on a model without search, and tools on a search model", () => {
    expect(refusal({ model: "gpt-4.1", web_search_options: {} })).toEqual({
      status: 400,
      message: "Web search options not supported with this model.",
      type: "invalid_request_error",
      param: "web_search_options",
      code: null,
    });
    accepts({ model: "gpt-4o-search-preview", web_search_options: { search_context_size: "low" } });
    expect(refusal({ model: "gpt-4o-search-preview", tools: [TOOL] })).toEqual({
      status: 404,
      message:
        "tools is not supported in this model. For a list of supported models, refer to " +
        "https://platform.openai.com/docs/guides/function-calling#models-supporting-function-calling.",
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });

  it.each([
    ["a word", { AI: 10 }, "Invalid key in 'logit_bias': AI. You should only be submitting non-negative integers."],
    ["a negative id", { "-1": 10 }, "Invalid key in 'logit_bias': -1. You should only be submitting non-negative integers."],
    ["an id past cl100k_base", { "100265": -100 }, "Invalid key in 'logit_bias': 100265. Maximum value is 100257."],
  ])("refuses a logit_bias key that is not a token id: %s", (_case, logitBias, message) => {
    expect(refusal({ model: "gpt-3.5-turbo", logit_bias: logitBias })).toEqual({
      status: 400,
      message,
      type: "invalid_request_error",
      param: "logit_bias",
      code: null,
    });
  });

  it("reads logit_bias keys against the model's own encoding", () => {
    accepts({ model: "gpt-4o", logit_bias: { "100265": -100, "199999": -100 } });
    expect(refusal({ model: "gpt-4o", logit_bias: { "200000": 1 } }).message).toBe("Invalid key in 'logit_bias': 200000. Maximum value is 199999.");
  });

  it("refuses max_tokens together with max_completion_tokens", () => {
    expect(refusal({ max_tokens: 100, max_completion_tokens: 100 })).toEqual({
      status: 400,
      message: "Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported.",
      type: "invalid_request_error",
      param: "max_tokens",
      code: "invalid_parameter_combination",
    });
  });

  it.each<[string, Body, string]>([
    ["a message", { messages: [{ role: "user", content: "Hi", foo: 1 }] }, "messages[0].foo"],
    ["a system message", { messages: [{ role: "system", content: "Hi", reasoning_content: "x" }, ...USER] }, "messages[0].reasoning_content"],
    [
      "a tool call",
      { tools: [TOOL], messages: [...USER, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "get_weather", arguments: "{}" }, index: 0 }] }] },
      "messages[1].tool_calls[0].index",
    ],
    [
      "a tool call's function",
      { tools: [TOOL], messages: [...USER, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "get_weather", arguments: "{}", strict: true } }] }] },
      "messages[1].tool_calls[0].function.strict",
    ],
    ["response_format", { response_format: { type: "json_object", schema: {} } }, "response_format.schema"],
    [
      "response_format.json_schema",
      { response_format: { type: "json_schema", json_schema: { name: "a", schema: { type: "object" }, additionalProperties: false } } },
      "response_format.json_schema.additionalProperties",
    ],
  ])("refuses an unknown key inside %s, naming its full path", (_case, patch, param) => {
    expect(refusal(patch)).toEqual({ status: 400, message: `Unknown parameter: '${param}'.`, type: "invalid_request_error", param, code: "unknown_parameter" });
  });

  it("refuses a content array with no parts", () => {
    expect(refusal({ messages: [{ role: "user", content: [] }] })).toEqual({
      status: 400,
      message: "Invalid 'messages[0].content': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      type: "invalid_request_error",
      param: "messages[0].content",
      code: "empty_array",
    });
  });

  it.each([
    ["a data URL without a MIME type", "data:;base64,iVBORw0KGgo=", "a value without an image MIME type"],
    ["a data URL of a non-image type", "data:text/plain;base64,aGk=", "a value without an image MIME type"],
    ["bare base64 (recorded)", "iVBORw0KGgo=", "a value without the 'data:' prefix"],
  ])("refuses an image URL that is %s", (_case, url, ending) => {
    const param = "messages[0].content[1].image_url.url";
    const messages = [{ role: "user", content: [{ type: "text", text: "What is this?" }, { type: "image_url", image_url: { url } }] }];
    expect(refusal({ model: "gpt-4o", messages })).toEqual({
      status: 400,
      message:
        `Invalid image URL: '${param}'. Expected a base64-encoded data URL with an image MIME type ` +
        `(e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got ${ending}.`,
      type: "invalid_request_error",
      param,
      code: "invalid_value",
    });
  });

  it("refuses a strict json_schema with code null and param response_format, as recorded", () => {
    const format = { type: "json_schema", json_schema: { name: "answer", strict: true, schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } } };
    const { request } = validateChatRequest(body({ response_format: format }), CONTEXT);
    let caught: unknown;
    try {
      validateRequestSchemas(request, STRICT_LIMITS_2026);
    } catch (error) {
      caught = error;
    }
    expect(caught instanceof EmulatorHttpError ? caught.toBody() : caught).toEqual({
      error: {
        message: "Invalid schema for response_format 'answer': In context=(), 'additionalProperties' is required to be supplied and to be false.",
        type: "invalid_request_error",
        param: "response_format",
        code: null,
      },
    });
  });
});
