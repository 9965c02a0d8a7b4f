import { describe, expect, it } from "@jest/globals";
import { builtInModels } from "../engine/models.js";
import { EmulatorHttpError } from "../errors.js";
import { validateChatRequest, type ValidationContext } from "./validate-chat-request.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };
type Body = { [key: string]: Json | undefined };

interface Expected {
  message: string;
  param: string | null;
  code: string | null;
  status?: number;
}

const USER = [{ role: "user", content: "Hello" }];
const TOOL = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } };
const CALL = (id: string, name = "get_weather"): Json => ({ id, type: "function", function: { name, arguments: "{}" } });

function context(style: ValidationContext["unknownParameterStyle"] = "2026"): ValidationContext {
  return { models: builtInModels(), unknownParameterStyle: style };
}

/** A valid body with `patch` applied; a patch value of `undefined` removes the key. */
function body(patch: Body = {}): string {
  return JSON.stringify({ model: "gpt-4o-mini", messages: USER, ...patch });
}

function errorFor(text: string, style: ValidationContext["unknownParameterStyle"] = "2026"): EmulatorHttpError {
  try {
    validateChatRequest(text, context(style));
  } catch (error) {
    if (error instanceof EmulatorHttpError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

function expectRejected(text: string, expected: Expected, style: ValidationContext["unknownParameterStyle"] = "2026"): void {
  const error = errorFor(text, style);
  expect({ status: error.status, type: error.type, message: error.message, param: error.param, code: error.code }).toEqual({
    status: expected.status ?? 400,
    type: "invalid_request_error",
    message: expected.message,
    param: expected.param,
    code: expected.code,
  });
}

const PARSE_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
  "The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix " +
  "this, please contact us through our help center at help.openai.com.)";
const PARSE: Expected = { message: PARSE_MESSAGE, param: null, code: null };
const NO_MODEL: Expected = { message: "you must provide a model parameter", param: null, code: null };

describe("validateChatRequest: parse phase", () => {
  it.each<[string, string, Expected]>([
    ["broken JSON", '{"model": "gpt-4o-mini",', PARSE],
    ["an empty body", "", PARSE],
    ["a JSON array", "[]", PARSE],
    ["a JSON string", '"hello"', PARSE],
    ["JSON null", "null", PARSE],
    ["a number model (answered with the parse error)", body({ model: 7 }), PARSE],
    ["no model", body({ model: undefined }), NO_MODEL],
    ["a null model", body({ model: null }), NO_MODEL],
    ["an empty model", body({ model: "" }), NO_MODEL],
    ["no messages", body({ messages: undefined }), { message: "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter" }],
    ["null messages", body({ messages: null }), { message: "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter" }],
    ["an unknown key", body({ foo: 1 }), { message: "Unknown parameter: 'foo'.", param: "foo", code: "unknown_parameter" }],
    ["a Responses-only key", body({ reasoning: { effort: "low" } }), { message: "Unknown parameter: 'reasoning'.", param: "reasoning", code: "unknown_parameter" }],
    ["a prototype name as key", body({ constructor: 1 }), { message: "Unknown parameter: 'constructor'.", param: "constructor", code: "unknown_parameter" }],
  ])("rejects %s", (_name, text, expected) => {
    expectRejected(text, expected);
  });

  it("words unknown keys the legacy way when asked to", () => {
    expectRejected(body({ top_k: 5 }), { message: "Unrecognized request argument supplied: top_k", param: null, code: null }, "legacy");
  });

  it("reports the first unknown key in body order", () => {
    expectRejected(body({ zeta: 1, alpha: 2 }), { message: "Unknown parameter: 'zeta'.", param: "zeta", code: "unknown_parameter" });
  });
});

const typeError = (param: string, expected: string, got: string): Expected => ({
  message: `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`,
  param,
  code: "invalid_type",
});

describe("validateChatRequest: type phase", () => {
  it.each<[string, Body, Expected]>([
    ["temperature as a string", { temperature: "hot" }, typeError("temperature", "a decimal", "a string")],
    ["top_p as an array", { top_p: [] }, typeError("top_p", "a decimal", "an array")],
    ["n as a string", { n: "2" }, typeError("n", "an integer", "a string")],
    ["n as a decimal", { n: 1.5 }, typeError("n", "an integer", "a decimal number")],
    ["seed as a boolean", { seed: true }, typeError("seed", "an integer", "a boolean")],
    ["max_tokens as a string", { max_tokens: "100" }, typeError("max_tokens", "an integer", "a string")],
    ["store as a string", { store: "yes" }, typeError("store", "a boolean", "a string")],
    ["logprobs as a string", { logprobs: "true" }, typeError("logprobs", "a boolean", "a string")],
    ["user as an object", { user: { a: 1 } }, typeError("user", "a string", "an object")],
    ["user as null (not nullable)", { user: null }, typeError("user", "a string", "null")],
    ["parallel_tool_calls as null", { tools: [TOOL], parallel_tool_calls: null }, typeError("parallel_tool_calls", "a boolean", "null")],
    ["tools as a string", { tools: "none" }, typeError("tools", "an array of objects", "a string")],
    [
      "tool_choice as an integer",
      { tool_choice: 7 },
      typeError("tool_choice", "one of one of 'none', 'auto', or 'required' or object", "an integer"),
    ],
    ["response_format as a string", { response_format: "json" }, typeError("response_format", "an object", "a string")],
    ["stream_options as a string", { stream: true, stream_options: "x" }, typeError("stream_options", "an object", "a string")],
    [
      "service_tier as an object",
      { service_tier: { a: 1 } },
      typeError("service_tier", "one of 'auto', 'default', 'fast', 'flex', 'priority', or 'scale'", "an object"),
    ],
    [
      "prompt_cache_retention as an object",
      { prompt_cache_retention: { a: 1 } },
      typeError("prompt_cache_retention", "one of 'in_memory' or '24h'", "an object"),
    ],
    ["a metadata value as an integer", { metadata: { k: 7 } }, typeError("metadata.k", "a string", "an integer")],
    ["stop as an integer", { stop: 5 }, typeError("stop", "one of a string or array of strings", "an integer")],
    ["a stop item as an integer", { stop: [1] }, typeError("stop[0]", "a string", "an integer")],
    ["messages as a string", { messages: "ping" }, typeError("messages", "an array of objects", "a string")],
    ["a message as a string", { messages: ["ping"] }, typeError("messages[0]", "an object", "a string")],
    [
      "content as an integer",
      { messages: [{ role: "user", content: 7 }] },
      typeError("messages[0].content", "one of a string or array of objects", "an integer"),
    ],
    [
      "content as a single part object",
      { messages: [{ role: "user", content: { type: "text", text: "hi" } }] },
      typeError("messages[0].content", "one of a string or array of objects", "an object"),
    ],
    [
      "a text part's text as an integer",
      { messages: [{ role: "user", content: [{ type: "text", text: 7 }] }] },
      typeError("messages[0].content[0].text", "a string", "an integer"),
    ],
    [
      "a role as an integer",
      { messages: [{ role: 7, content: "hi" }] },
      typeError("messages[0].role", "one of 'system', 'assistant', 'user', 'function', 'tool', or 'developer'", "an integer"),
    ],
    [
      "a null tool call id",
      { messages: [...USER, { role: "assistant", tool_calls: [{ id: null, type: "function", function: { name: "f", arguments: "{}" } }] }] },
      typeError("messages[1].tool_calls[0].id", "a string", "null"),
    ],
    [
      "tool call arguments as an object",
      { messages: [...USER, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: {} } }] }] },
      typeError("messages[1].tool_calls[0].function.arguments", "a string", "an object"),
    ],
    [
      "a function result as an array",
      { messages: [...USER, { role: "function", name: "f", content: [{ type: "text", text: "x" }] }] },
      typeError("messages[1].content", "a string", "an array"),
    ],
    ["a tool name as an integer", { tools: [{ type: "function", function: { name: 7 } }] }, typeError("tools[0].function.name", "a string", "an integer")],
    [
      "tool parameters as a string",
      { tools: [{ type: "function", function: { name: "f", parameters: "{}" } }] },
      typeError("tools[0].function.parameters", "an object", "a string"),
    ],
  ])("rejects %s", (_name, patch, expected) => {
    expectRejected(body(patch), expected);
  });
});

const missing = (param: string): Expected => ({ message: `Missing required parameter: '${param}'.`, param, code: "missing_required_parameter" });
const unknown = (param: string): Expected => ({ message: `Unknown parameter: '${param}'.`, param, code: "unknown_parameter" });

describe("validateChatRequest: required and unknown members (type phase)", () => {
  it.each<[string, Body, Expected]>([
    ["a message without role", { messages: [{ content: "ping" }] }, missing("messages[0].role")],
    ["response_format without type", { response_format: {} }, missing("response_format.type")],
    ["json_schema format without json_schema", { response_format: { type: "json_schema" } }, missing("response_format.json_schema")],
    ["json_schema without name", { response_format: { type: "json_schema", json_schema: {} } }, missing("response_format.json_schema.name")],
    ["a legacy function without name", { functions: [{ parameters: {} }] }, missing("functions[0].name")],
    ["a tool without function", { tools: [{ type: "function" }] }, missing("tools[0].function")],
    ["a tool function without name", { tools: [{ type: "function", function: { parameters: {} } }] }, missing("tools[0].function.name")],
    ["a tool without type", { tools: [{ function: { name: "f" } }] }, missing("tools[0].type")],
    ["a tool_choice object without function", { tools: [TOOL], tool_choice: { type: "bogus" } }, missing("tool_choice.function")],
    ["a tool_choice function without name", { tools: [TOOL], tool_choice: { type: "function", function: {} } }, missing("tool_choice.function.name")],
    ["a function_call object without name", { functions: [{ name: "f" }], function_call: { probe: 1 } }, missing("function_call.name")],
    ["moderation without model", { moderation: {} }, missing("moderation.model")],
    ["an image part without image_url", { messages: [{ role: "user", content: [{ type: "image_url" }] }] }, missing("messages[0].content[0].image_url")],
    [
      "a tool call without id",
      { messages: [...USER, { role: "assistant", tool_calls: [{ type: "function", function: { name: "f", arguments: "{}" } }] }] },
      missing("messages[1].tool_calls[0].id"),
    ],
    [
      "a tool call without arguments",
      { messages: [...USER, { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f" } }] }] },
      missing("messages[1].tool_calls[0].function.arguments"),
    ],
    ["a function result without name", { messages: [...USER, { role: "function", content: "x" }] }, missing("messages[1].name")],
    ["an unknown stream_options member", { stream: true, stream_options: { bogus: 1 } }, unknown("stream_options.bogus")],
    ["an unknown prompt_cache_options member", { prompt_cache_options: { bogus: 1 } }, unknown("prompt_cache_options.bogus")],
  ])("rejects %s", (_name, patch, expected) => {
    expectRejected(body(patch), expected);
  });
});

const invalidValue = (param: string, value: string, supported: string): Expected => ({
  message: `Invalid value: '${value}'. Supported values are: ${supported}.`,
  param,
  code: "invalid_value",
});
const ROLE_VALUES = "'system', 'assistant', 'user', 'function', 'tool', and 'developer'";
const PART_VALUES = "'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'";

describe("validateChatRequest: enum phase", () => {
  it.each<[string, Body, Expected]>([
    ["an unknown role", { messages: [...USER, { role: "bogus", content: "x" }] }, invalidValue("messages[1].role", "bogus", ROLE_VALUES)],
    ["an unknown tool_choice", { tools: [TOOL], tool_choice: "bogus" }, invalidValue("tool_choice", "bogus", "'none', 'auto', and 'required'")],
    [
      "an unknown tool_choice type",
      { tools: [TOOL], tool_choice: { type: "bogus", function: { name: "get_weather" } } },
      invalidValue("tool_choice.type", "bogus", "'function', 'custom', and 'allowed_tools'"),
    ],
    ["an unknown function_call", { functions: [{ name: "f" }], function_call: "always" }, invalidValue("function_call", "always", "'none' and 'auto'")],
    ["an unknown response_format type", { response_format: { type: "bogus" } }, invalidValue("response_format.type", "bogus", "'json_object', 'json_schema', and 'text'")],
    [
      "an unknown service_tier",
      { service_tier: "bogus" },
      invalidValue("service_tier", "bogus", "'auto', 'default', 'fast', 'flex', 'priority', and 'scale'"),
    ],
    [
      "an unknown reasoning_effort",
      { model: "gpt-5", reasoning_effort: "extreme" },
      invalidValue("reasoning_effort", "extreme", "'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'"),
    ],
    ["an unknown verbosity", { verbosity: "bogus" }, invalidValue("verbosity", "bogus", "'low', 'medium', and 'high'")],
    ["an unknown prompt_cache_retention", { prompt_cache_retention: "1h" }, invalidValue("prompt_cache_retention", "1h", "'in_memory' and '24h'")],
    [
      "an unknown content part type",
      { messages: [{ role: "user", content: [{ type: "image", url: "x" }] }] },
      invalidValue("messages[0].content[0].type", "image", PART_VALUES),
    ],
    [
      "an unknown content part type on an assistant",
      { messages: [...USER, { role: "assistant", content: [{ type: "thinking", thinking: "x" }] }] },
      invalidValue("messages[1].content[0].type", "thinking", PART_VALUES),
    ],
    ["a hosted tool type", { tools: [{ type: "web_search" }] }, invalidValue("tools[0].type", "web_search", "'function' and 'custom'")],
    [
      "an unknown tool call type in history",
      { messages: [...USER, { role: "assistant", tool_calls: [{ id: "c", type: "mcp", mcp: { name: "f" } }] }] },
      invalidValue("messages[1].tool_calls[0].type", "mcp", "'function' and 'custom'"),
    ],
    [
      "an unknown image detail",
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png", detail: "ultra" } }] }] },
      invalidValue("messages[0].content[0].image_url.detail", "ultra", "'auto', 'low', 'high', and 'original'"),
    ],
  ])("rejects %s", (_name, patch, expected) => {
    expectRejected(body(patch), expected);
  });

  it.each<[string, Json, string]>([
    ["system", { role: "system", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }, "Image URLs are only allowed for messages with role 'user', but this message with role 'system' contains an image URL."],
    ["tool", { role: "tool", tool_call_id: "c", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }, "Image URLs are only allowed for messages with role 'user', but this message with role 'tool' contains an image URL."],
    ["assistant", { role: "assistant", content: [{ type: "input_audio", input_audio: { data: "AAAA", format: "wav" } }] }, "Audio inputs are only allowed for messages with role 'user', but this message with role 'assistant' contains an audio input."],
    ["user", { role: "user", content: [{ type: "refusal", refusal: "no" }] }, "Refusals are only allowed for messages with role 'assistant', but this message with role 'user' contains a refusal."],
    ["developer", { role: "developer", content: [{ type: "file", file: { file_id: "file-1" } }] }, "Files are only allowed for messages with role 'user', but this message with role 'developer' contains a file."],
  ])("rejects a part the %s role may not carry", (_role, message, text) => {
    expectRejected(body({ messages: [message] }), { message: `Invalid 'messages[0]'. ${text}`, param: "messages[0]", code: "invalid_value" });
  });
});

const bound = (param: string, problem: string, expectation: string, got: string, code: string): Expected => ({
  message: `Invalid '${param}': ${problem}. Expected ${expectation}, but got ${got} instead.`,
  param,
  code,
});
const above = (param: string, kind: "decimal" | "integer", max: number, got: number): Expected =>
  bound(param, `${kind} above maximum value`, `a value <= ${max}`, String(got), `${kind}_above_max_value`);
const below = (param: string, kind: "decimal" | "integer", min: number, got: number): Expected =>
  bound(param, `${kind} below minimum value`, `a value >= ${min}`, String(got), `${kind}_below_min_value`);
const tooLong = (param: string, max: number, length: number): Expected =>
  bound(param, "string too long", `a string with maximum length ${max}`, `a string with length ${length}`, "string_above_max_length");
const emptyArray = (param: string): Expected =>
  bound(param, "empty array", "an array with minimum length 1", "an empty array", "empty_array");
const noPattern = (param: string): Expected => ({
  message: `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
  param,
  code: "invalid_value",
});
const named = (name: string): Body => ({ tools: [{ type: "function", function: { name } }] });
const metadataOf = (count: number): Body => ({ metadata: Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, "v"])) });

describe("validateChatRequest: bounds phase", () => {
  it.each<[string, Body, Expected]>([
    ["temperature above 2", { temperature: 2.1 }, above("temperature", "decimal", 2, 2.1)],
    ["temperature below 0", { temperature: -0.5 }, below("temperature", "decimal", 0, -0.5)],
    ["top_p above 1", { top_p: 1.5 }, above("top_p", "decimal", 1, 1.5)],
    ["presence_penalty below -2", { presence_penalty: -3 }, below("presence_penalty", "decimal", -2, -3)],
    ["frequency_penalty above 2", { frequency_penalty: 2.5 }, above("frequency_penalty", "decimal", 2, 2.5)],
    ["n of 0", { n: 0 }, below("n", "integer", 1, 0)],
    ["n above 128", { n: 129 }, above("n", "integer", 128, 129)],
    ["top_logprobs above 20", { logprobs: true, top_logprobs: 21 }, above("top_logprobs", "integer", 20, 21)],
    ["top_logprobs below 0", { logprobs: true, top_logprobs: -1 }, below("top_logprobs", "integer", 0, -1)],
    ["max_tokens of 0", { max_tokens: 0 }, below("max_tokens", "integer", 1, 0)],
    ["max_completion_tokens of 0", { max_completion_tokens: 0 }, below("max_completion_tokens", "integer", 1, 0)],
    ["a logit bias above 100", { logit_bias: { "50256": 101 } }, above("logit_bias.50256", "decimal", 100, 101)],
    ["a logit bias below -100", { logit_bias: { "50256": -101 } }, below("logit_bias.50256", "decimal", -100, -101)],
    [
      "five stop sequences",
      { stop: ["a", "b", "c", "d", "e"] },
      bound("stop", "array too long", "an array with maximum length 4", "an array with length 5", "array_above_max_length"),
    ],
    [
      "129 tools",
      { tools: Array.from({ length: 129 }, (_, index) => ({ type: "function", function: { name: `f${index}` } })) },
      bound("tools", "array too long", "an array with maximum length 128", "an array with length 129", "array_above_max_length"),
    ],
    ["an empty tools array", { tools: [] }, emptyArray("tools")],
    ["an empty messages array", { messages: [] }, emptyArray("messages")],
    ["an empty tool_calls array", { messages: [...USER, { role: "assistant", content: "x", tool_calls: [] }] }, emptyArray("messages[1].tool_calls")],
    [
      "17 metadata keys",
      metadataOf(17),
      bound("metadata", "too many properties", "an object with at most 16 properties", "an object with 17 properties", "object_above_max_properties"),
    ],
    ["a metadata value over 512 characters", { metadata: { k: "x".repeat(600) } }, tooLong("metadata.k", 512, 600)],
    [
      "a metadata key over 64 characters",
      { metadata: { ["k".repeat(70)]: "v" } },
      {
        message: "Invalid property name in 'metadata': 'kkk...kkk' is too long. Expected a string with maximum length 64, but got a string with length 70 instead.",
        param: `metadata.${"k".repeat(70)}`,
        code: "property_name_above_max_length",
      },
    ],
    [
      "an empty function name",
      named(""),
      bound("tools[0].function.name", "empty string", "a string with minimum length 1", "an empty string", "empty_string"),
    ],
    ["a 65-character function name", named("f".repeat(65)), tooLong("tools[0].function.name", 64, 65)],
    ["a function name with a dot", named("get.weather"), noPattern("tools[0].function.name")],
    ["a legacy function name with a space", { functions: [{ name: "get weather" }] }, noPattern("functions[0].name")],
    [
      "a json_schema name with a space",
      { response_format: { type: "json_schema", json_schema: { name: "my schema", schema: { type: "object" } } } },
      noPattern("response_format.json_schema.name"),
    ],
    ["a participant name with a space", { messages: [{ role: "user", name: "Bob Smith", content: "hi" }] }, noPattern("messages[0].name")],
    [
      "a 70-character name in a tool call",
      { messages: [...USER, { role: "assistant", tool_calls: [CALL("c", "f".repeat(70))] }, { role: "tool", tool_call_id: "c", content: "x" }] },
      tooLong("messages[1].tool_calls[0].function.name", 64, 70),
    ],
  ])("rejects %s", (_name, patch, expected) => {
    expectRejected(body(patch), expected);
  });
});

const unsupported = (param: string, advice = ""): Expected => ({
  message: `Unsupported parameter: '${param}' is not supported with this model.${advice}`,
  param,
  code: "unsupported_parameter",
});
const defaultOnly = (param: string, value: number): Expected => ({
  message: `Unsupported value: '${param}' does not support ${value} with this model. Only the default (1) value is supported.`,
  param,
  code: "unsupported_value",
});

describe("validateChatRequest: model capability phase", () => {
  it("answers an unknown model with a 404", () => {
    expectRejected(body({ model: "gpt-9" }), {
      status: 404,
      message: "The model `gpt-9` does not exist or you do not have access to it.",
      param: null,
      code: "model_not_found",
    });
  });

  it.each<[string, Body, Expected]>([
    ["max_tokens", { max_tokens: 100 }, unsupported("max_tokens", " Use 'max_completion_tokens' instead.")],
    ["logit_bias", { logit_bias: { "1": 1 } }, unsupported("logit_bias")],
    ["stop", { stop: ["ZZ"] }, unsupported("stop")],
    ["temperature 0.5", { temperature: 0.5 }, defaultOnly("temperature", 0.5)],
    ["temperature 0", { temperature: 0 }, defaultOnly("temperature", 0)],
    ["top_p 0.9", { top_p: 0.9 }, defaultOnly("top_p", 0.9)],
    ["presence_penalty", { presence_penalty: 0.5 }, unsupported("presence_penalty")],
    ["frequency_penalty", { frequency_penalty: 0.5 }, unsupported("frequency_penalty")],
    ["logprobs", { logprobs: true }, unsupported("logprobs")],
    ["top_logprobs", { top_logprobs: 2 }, unsupported("top_logprobs")],
    [
      "max_completion_tokens above the model's output limit",
      { model: "o3", max_completion_tokens: 200000 },
      {
        message: "max_completion_tokens is too large: 200000. This model supports at most 100000 completion tokens, whereas you provided 200000.",
        param: "max_completion_tokens",
        code: "invalid_value",
      },
    ],
  ])("refuses %s on a reasoning model", (_name, patch, expected) => {
    expectRejected(body({ model: "gpt-5", ...patch }), expected);
  });

  it("refuses max_tokens above the model's output limit", () => {
    expectRejected(body({ max_tokens: 128000 }), {
      message: "max_tokens is too large: 128000. This model supports at most 16384 completion tokens, whereas you provided 128000.",
      param: "max_tokens",
      code: "invalid_value",
    });
  });

  it("refuses reasoning_effort on a model that does not reason, in either style", () => {
    expectRejected(body({ reasoning_effort: "low" }), unsupported("reasoning_effort"));
    expectRejected(body({ reasoning_effort: "low" }), { message: "Unrecognized request argument supplied: reasoning_effort", param: null, code: null }, "legacy");
  });

});

const onlyWhenTools = (param: string): Expected => ({
  message: `Invalid value for '${param}': '${param}' is only allowed when 'tools' are specified.`,
  param,
  code: null,
});

describe("validateChatRequest: cross-field phase", () => {
  it.each<[string, Body, Expected]>([
    ["top_logprobs without logprobs", { top_logprobs: 2 }, { message: "The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.", param: "top_logprobs", code: null }],
    ["top_logprobs with logprobs false", { logprobs: false, top_logprobs: 2 }, { message: "The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.", param: "top_logprobs", code: null }],
    ["stream_options without stream", { stream_options: { include_usage: true } }, { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: "stream_options", code: null }],
    ["stream_options with stream false", { stream: false, stream_options: { include_usage: true } }, { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: "stream_options", code: null }],
    ["tool_choice without tools", { tool_choice: "auto" }, onlyWhenTools("tool_choice")],
    ["parallel_tool_calls without tools", { parallel_tool_calls: false }, onlyWhenTools("parallel_tool_calls")],
    [
      "tool_choice naming an undeclared function",
      { tools: [TOOL], tool_choice: { type: "function", function: { name: "lookup_user" } } },
      { message: "Invalid value for 'tool_choice': no function named 'lookup_user' was specified in the 'tools' parameter.", param: "tool_choice", code: null },
    ],
    [
      "function_call naming an undeclared function",
      { functions: [{ name: "f" }], function_call: { name: "x" } },
      { message: "Invalid value for 'function_call': no function named 'x' was specified in the 'functions' parameter.", param: "function_call", code: null },
    ],
    [
      "function_call without functions",
      { function_call: "auto" },
      { message: "Invalid value for 'function_call': 'function_call' is only allowed when 'functions' are specified.", param: "function_call", code: null },
    ],
    [
      "json_object without the word json",
      { response_format: { type: "json_object" } },
      { message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", param: "messages", code: null },
    ],
  ])("rejects %s", (_name, patch, expected) => {
    expectRejected(body(patch), expected);
  });
});

const nullContent = (index: number): Expected => ({
  message: "Invalid value for 'content': expected a string, got null.",
  param: `messages.[${index}].content`,
  code: null,
});
const preceding = (index: number): Expected => ({
  message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
  param: `messages.[${index}].role`,
  code: null,
});
const unanswered = (ids: string, param: string): Expected => ({
  message:
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
    `The following tool_call_ids did not have response messages: ${ids}`,
  param,
  code: null,
});
const assistantCalls = (...ids: string[]): Json => ({ role: "assistant", content: null, tool_calls: ids.map((id) => CALL(id)) });
const toolAnswer = (id: string): Json => ({ role: "tool", tool_call_id: id, content: "sunny" });

describe("validateChatRequest: message phase", () => {
  it.each<[string, Json[], Expected]>([
    ["null user content", [{ role: "user", content: null }], nullContent(0)],
    ["missing system content", [{ role: "system" }, ...USER], nullContent(0)],
    ["null developer content", [{ role: "developer", content: null }, ...USER], nullContent(0)],
    ["an assistant that says nothing", [...USER, { role: "assistant", content: null }], nullContent(1)],
    ["null tool content", [...USER, assistantCalls("call_1"), { role: "tool", tool_call_id: "call_1", content: null }], nullContent(2)],
    [
      "a tool message without tool_call_id",
      [...USER, assistantCalls("call_1"), { role: "tool", content: "x" }],
      { message: "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.", param: "messages.[2].tool_call_id", code: null },
    ],
    ["a tool message with no tool_calls before it", [...USER, toolAnswer("call_1")], preceding(1)],
    ["a tool message after a plain assistant reply", [...USER, { role: "assistant", content: "hi" }, toolAnswer("call_1")], preceding(2)],
    ["a second answer to the same call", [...USER, assistantCalls("call_1"), toolAnswer("call_1"), toolAnswer("call_1")], preceding(3)],
    [
      "an answer to a call that was never made",
      [...USER, assistantCalls("call_1"), toolAnswer("call_9")],
      { message: "Invalid parameter: 'tool_call_id' of 'call_9' not found in 'tool_calls' of previous message.", param: "messages.[2].tool_call_id", code: null },
    ],
    ["calls interrupted by a user message", [...USER, assistantCalls("call_abc"), ...USER], unanswered("call_abc", "messages.[2].role")],
    ["calls partly answered before a user message", [...USER, assistantCalls("call_a", "call_b"), toolAnswer("call_a"), ...USER], unanswered("call_b", "messages.[3].role")],
    ["calls left unanswered at the end", [...USER, assistantCalls("call_a", "call_b")], unanswered("call_a, call_b", "messages")],
  ])("rejects %s", (_name, messages, expected) => {
    expectRejected(body({ messages }), expected);
  });
});

describe("validateChatRequest: phase order (first error wins)", () => {
  it.each<[string, Body, Expected]>([
    ["a missing model beats an unknown key", { model: undefined, zzz: 1 }, NO_MODEL],
    ["missing messages beat an unknown key", { messages: undefined, zzz: 1 }, missing("messages")],
    ["an unknown key beats a type error", { n: "abc", zzz: 1 }, unknown("zzz")],
    ["an unknown key beats an empty messages array", { messages: [], zzz: 1 }, unknown("zzz")],
    ["a later type error beats an earlier bad role", { messages: [{ role: "bogus", content: "x" }], temperature: "x" }, typeError("temperature", "a decimal", "a string")],
    ["a later type error beats an earlier bad enum", { service_tier: "bogus", n: "x" }, typeError("n", "an integer", "a string")],
    ["a type error deep in messages beats an earlier null content", { messages: [{ role: "user", content: null }, ...USER, { role: "user", content: 7 }] }, typeError("messages[2].content", "one of a string or array of objects", "an integer")],
    ["type errors follow the API's field order (n before temperature)", { temperature: "x", n: "abc" }, typeError("n", "an integer", "a string")],
    ["a bad role beats a bounds error", { temperature: 3, messages: [{ role: "bogus", content: "x" }] }, invalidValue("messages[0].role", "bogus", ROLE_VALUES)],
    ["a bad enum beats a bounds error", { n: 0, service_tier: "bogus" }, invalidValue("service_tier", "bogus", "'auto', 'default', 'fast', 'flex', 'priority', and 'scale'")],
    ["a bounds error beats a refused parameter", { model: "gpt-5", n: 0, stop: ["ZZ"] }, below("n", "integer", 1, 0)],
    ["a bounds error beats an unknown model", { model: "gpt-9", n: 0 }, below("n", "integer", 1, 0)],
    ["a refused parameter beats a refused value", { model: "gpt-5", temperature: 0.5, stop: ["ZZ"] }, unsupported("stop")],
    ["a refused parameter beats a cross-field error", { model: "gpt-5", stop: ["ZZ"], stream_options: { include_usage: true } }, unsupported("stop")],
    [
      "an unknown model beats a cross-field error",
      { model: "gpt-9", stream_options: { include_usage: true } },
      { status: 404, message: "The model `gpt-9` does not exist or you do not have access to it.", param: null, code: "model_not_found" },
    ],
    ["a cross-field error beats a message error", { messages: [...USER, toolAnswer("call_1")], stream_options: { include_usage: true } }, { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: "stream_options", code: null }],
    ["an empty tool_calls array beats an orphan tool message", { messages: [toolAnswer("call_1"), { role: "assistant", tool_calls: [] }] }, emptyArray("messages[1].tool_calls")],
    ["an image in a tool result beats a bounds error", { n: 0, messages: [{ role: "tool", tool_call_id: "c", content: [{ type: "image_url", image_url: { url: "u" } }] }] }, { message: "Invalid 'messages[0]'. Image URLs are only allowed for messages with role 'user', but this message with role 'tool' contains an image URL.", param: "messages[0]", code: "invalid_value" }],
  ])("%s", (_name, patch, expected) => {
    expectRejected(body(patch), expected);
  });
});

describe("validateChatRequest: valid bodies", () => {
  const weatherCall = { role: "assistant", content: null, tool_calls: [CALL("call_1"), CALL("call_2")] };
  it.each<[string, Body]>([
    ["the minimal body", {}],
    ["every message role", {
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "system", content: [{ type: "text", text: "You are terse." }] },
        { role: "user", name: "alice_1", content: "Hi" },
        { role: "assistant", name: "bot", content: "Hello!" },
        { role: "user", content: "And now?" },
      ],
    }],
    ["multi-part user content", {
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" } },
          { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
        ],
      }],
    }],
    ["assistant text and refusal parts", { messages: [...USER, { role: "assistant", content: [{ type: "text", text: "a" }, { type: "refusal", refusal: "b" }] }, ...USER] }],
    ["an echoed refusal with null content", { messages: [...USER, { role: "assistant", content: null, refusal: "I can't help with that." }, ...USER] }],
    ["a tool call round trip", {
      tools: [TOOL],
      tool_choice: "auto",
      parallel_tool_calls: true,
      messages: [...USER, weatherCall, toolAnswer("call_2"), { role: "tool", tool_call_id: "call_1", content: [{ type: "text", text: "rain" }] }, { role: "assistant", content: "It rains." }, ...USER],
    }],
    ["a forced named tool", { tools: [TOOL], tool_choice: { type: "function", function: { name: "get_weather" } } }],
    ["legacy functions", {
      functions: [{ name: "get_weather", parameters: { type: "object", properties: {} } }],
      function_call: { name: "get_weather" },
      messages: [...USER, { role: "assistant", content: null, function_call: { name: "get_weather", arguments: "{}" } }, { role: "function", name: "get_weather", content: null }],
    }],
    ["a strict json_schema response format", {
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "weather-report_1",
          strict: true,
          schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
        },
      },
    }],
    ["json_object with JSON mentioned in a part", { response_format: { type: "json_object" }, messages: [{ role: "system", content: [{ type: "text", text: "Reply in JSON." }] }, ...USER] }],
    ["a reasoning model with max_completion_tokens", { model: "o3-mini", max_completion_tokens: 2048, reasoning_effort: "high", temperature: 1, top_p: 1 }],
    ["a dated snapshot", { model: "gpt-4o-mini-2024-07-18" }],
    ["a fine-tuned model", { model: "ft:gpt-4o-mini:acme::abc123" }],
    ["every sampling parameter at its bounds", {
      temperature: 2, top_p: 0, presence_penalty: -2, frequency_penalty: 2, n: 128, logprobs: true, top_logprobs: 20,
      max_tokens: 16384, seed: -5, stop: ["a", "b", "c", "d"], logit_bias: { "50256": -100 }, user: "u-1",
    }],
    ["nulls for nullable parameters", { temperature: null, top_p: null, n: null, stop: null, max_tokens: null, metadata: null, service_tier: null, stream_options: null }],
    ["streaming with options", { stream: true, stream_options: { include_usage: true, include_obfuscation: false } }],
    ["sixteen metadata keys", metadataOf(16)],
    ["the newer SDK parameters", {
      store: true, service_tier: "flex", verbosity: "low", prompt_cache_key: "k", prompt_cache_retention: "24h", safety_identifier: "s",
      prompt_cache_options: { mode: "explicit", ttl: "30m" }, prediction: { type: "content", content: "draft" }, moderation: { model: "omni-moderation-latest" },
      modalities: ["text"],
    }],
    ["audio input on an audio model", {
      model: "gpt-4o-audio-preview",
      messages: [{ role: "user", content: [{ type: "text", text: "Transcribe" }, { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } }] }],
    }],
    ["web_search_options on a search model", { model: "gpt-4o-search-preview", web_search_options: { search_context_size: "low" } }],
  ])("accepts %s", (_name, patch) => {
    const text = body(patch);
    const result = validateChatRequest(text, context());
    expect(result.request).toEqual(JSON.parse(text));
    expect(result.model.id).toBe(typeof patch.model === "string" && !patch.model.includes("-2024-") ? patch.model : "gpt-4o-mini");
  });

  it("accepts the same body with the legacy wording profile", () => {
    expect(validateChatRequest(body({ temperature: 0.2 }), context("legacy")).model.snapshot).toBe("gpt-4o-mini-2024-07-18");
  });
});
