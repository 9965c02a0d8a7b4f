// Validation of `POST /v1/chat/completions` bodies, reporting the first error the real API would report. The API
// checks in a fixed order of phases, whatever the position of the fields in the body:
//   1. parse (JSON, model, messages, unknown keys)  2. types  3. enum values  4. bounds
//   5. model capability  6. cross-field rules  7. message sequence
// so each phase runs over the whole body before the next starts.

import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { findModel, maxTokenId, modelCapabilities, type ModelCapabilities, type ModelProfile } from "../engine/models.js";
import type { ChatCompletionRequest } from "../wire.js";
import { REQUEST_SCHEMA, TOP_LEVEL_PARAMETERS } from "./chat-request-schema.js";
import { checkContentPartRoles, checkMessageSequence, messagesMentionJson } from "./validate-messages.js";
import {
  type Issue,
  isJsonObject,
  isPresent,
  type JsonObject,
  listValues,
  missingParameter,
  parseError,
  type SchemaPhase,
  type UnknownParameterStyle,
  unknownParameter,
  walk,
} from "./validation-schema.js";

export interface ValidationContext {
  models: ReadonlyArray<ModelProfile>;
  /** "2026": `Unknown parameter: 'foo'.` code `unknown_parameter`; "legacy": `Unrecognized request argument supplied: foo` code null. */
  unknownParameterStyle: "2026" | "legacy";
}

/** Parses and validates a raw request body (the text). Throws EmulatorHttpError for the FIRST error in phase order. */
export function validateChatRequest(bodyText: string, context: ValidationContext): { request: ChatCompletionRequest; model: ModelProfile } {
  const style = context.unknownParameterStyle;
  const body = parseBody(bodyText);
  throwIssue(checkNamesAndPresence(body, style));
  const schemaPhases: readonly SchemaPhase[] = ["type", "enum", "bounds"];
  for (const phase of schemaPhases) {
    throwIssue(walk(REQUEST_SCHEMA, body, "", phase, { unknownParameterStyle: style }));
    if (phase === "enum") throwIssue(checkContentPartRoles(body));
  }
  // checkNamesAndPresence guarantees a non-empty string model.
  const model = resolveModel(String(body.model), context.models);
  throwIssue(checkModelCapability(body, model, style));
  throwIssue(checkCrossField(body));
  throwIssue(checkMessageSequence(body));
  // Every member the emulator reads now has the shape `ChatCompletionRequest` declares; the body is returned as sent.
  return { request: body as ChatCompletionRequest, model };
}

function throwIssue(issue: Issue): void {
  if (issue) throw issue;
}

/**
 * Phase 1a. A body that is JSON but not an object gets the same answer as broken JSON: the API answered even a
 * well-formed body with `model: 7` that way (captured 2026). wording not confirmed for arrays and scalars
 *
 * @example
 * parseBody('{"model":"gpt-4o"}'); // { model: "gpt-4o" }
 * parseBody("[1]"); // throws the 400 "We could not parse the JSON body of your request. …"
 */
export function parseBody(bodyText: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    throw parseError();
  }
  if (!isJsonObject(parsed)) throw parseError();
  return parsed;
}

/**
 * Phase 1b: `model`, then `messages`, then unknown keys in body order (captured: each beats the next, and all beat
 * type errors). A missing, null or empty model has its own lower-case wording with neither param nor code; a model
 * that is not a string was answered with the parse error (captured 2026, `model: 7`).
 */
function checkNamesAndPresence(body: JsonObject, style: UnknownParameterStyle): Issue {
  const model = body.model;
  if (model === undefined || model === null || model === "") return invalidRequest("you must provide a model parameter");
  if (typeof model !== "string") return parseError();
  // wording not confirmed for `messages: null` (treated like a missing parameter)
  if (!isPresent(body.messages)) return missingParameter("messages");
  const unknown = Object.keys(body).find((key) => key !== "model" && !Object.hasOwn(TOP_LEVEL_PARAMETERS, key));
  return unknown === undefined ? undefined : unknownParameter(unknown, style);
}

/**
 * The profile of a requested model, or the API's 404 `model_not_found`.
 *
 * @example
 * resolveModel("gpt-4o-mini", builtInModels()).snapshot; // "gpt-4o-mini-2024-07-18"
 */
export function resolveModel(requested: string, models: ReadonlyArray<ModelProfile>): ModelProfile {
  const model = findModel(models, requested);
  if (model) return model;
  throw new EmulatorHttpError(404, `The model \`${requested}\` does not exist or you do not have access to it.`, {
    type: "invalid_request_error",
    code: "model_not_found",
  });
}

function unsupportedParameter(param: string, advice = ""): EmulatorHttpError {
  return invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.${advice}`, param, "unsupported_parameter");
}

function unsupportedDefaultOnly(param: string, value: number, defaultValue: number): EmulatorHttpError {
  const message = `Unsupported value: '${param}' does not support ${value} with this model. Only the default (${defaultValue}) value is supported.`;
  return invalidRequest(message, param, "unsupported_value");
}

function tooLarge(param: string, value: number, limit: number): EmulatorHttpError {
  const message = `${param} is too large: ${value}. This model supports at most ${limit} completion tokens, whereas you provided ${value}.`;
  return invalidRequest(message, param, "invalid_value");
}

/**
 * Reasoning models refuse these outright, in the order the API reports them (captured 2026); `stop` follows them
 * when the model refuses it (not every reasoning model does: o3-mini answered a `stop` with 200).
 */
const REFUSED_WHILE_REASONING = ["max_tokens", "logit_bias"] as const;
/** Sampling knobs a reasoning model refuses after the parameter refusals (captured: they lose to `stop`). */
const SAMPLING_REFUSED_WHILE_REASONING = ["presence_penalty", "frequency_penalty", "logprobs", "top_logprobs"] as const;

// Captured (2023-2026, e.g. big-AGI#169, chatgpt-web#1428): 404, param `model`, code null.
const NOT_A_CHAT_MODEL =
  "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?";

/** Phase 5: what the resolved model accepts. */
function checkModelCapability(body: JsonObject, model: ModelProfile, style: UnknownParameterStyle): Issue {
  const capabilities = modelCapabilities(model);
  // Nothing else about a request matters when the endpoint does not serve the model. order not confirmed
  if (!capabilities.chat) return new EmulatorHttpError(404, NOT_A_CHAT_MODEL, { param: "model" });
  if (model.reasoning) {
    const refused = REFUSED_WHILE_REASONING.find((param) => isPresent(body[param]));
    if (refused !== undefined) return unsupportedParameter(refused, refused === "max_tokens" ? " Use 'max_completion_tokens' instead." : "");
  }
  // Captured for gpt-5, gpt-5-mini and gpt-5.2 (smolagents#1671, #1893): param `stop`, code `unsupported_parameter`.
  if (!capabilities.stop && isPresent(body.stop)) return unsupportedParameter("stop");
  if (!model.reasoning && isPresent(body.reasoning_effort)) {
    // Older deployments did not know the parameter at all on non-reasoning models.
    return style === "2026" ? unsupportedParameter("reasoning_effort") : unknownParameter("reasoning_effort", style);
  }
  const roleIssue = checkInstructionRoles(body, model);
  if (roleIssue) return roleIssue;
  const featureIssue = checkFeatures(body, capabilities) ?? checkImageUrls(body) ?? checkLogitBias(body.logit_bias, model);
  if (featureIssue) return featureIssue;
  for (const param of ["max_completion_tokens", "max_tokens"] as const) {
    const value = body[param];
    // wording confirmed for max_tokens; max_completion_tokens follows it. wording not confirmed
    if (typeof value === "number" && value > model.maxOutputTokens) return tooLarge(param, value, model.maxOutputTokens);
  }
  return model.reasoning ? checkReasoningSampling(body, model) : undefined;
}

/**
 * Snapshots that take no instruction message at all. Recorded (pydantic-ai cassettes test_openai_o1_mini_system_role
 * [system] and [developer], o1-mini): 400 `unsupported_value`, param `messages[0].role`, "Unsupported value:
 * 'messages[0].role' does not support 'system' with this model."; the same model answered 200 to user-only messages.
 */
const NO_INSTRUCTION_ROLES = new Set(["o1-mini-2024-09-12", "o1-preview-2024-09-12"]);

function checkInstructionRoles(body: JsonObject, model: ModelProfile): Issue {
  if (!NO_INSTRUCTION_ROLES.has(model.snapshot) || !Array.isArray(body.messages)) return undefined;
  for (const [index, message] of body.messages.entries()) {
    const role = isJsonObject(message) ? message.role : undefined;
    if (role === "system" || role === "developer") {
      const param = `messages[${index}].role`;
      return invalidRequest(`Unsupported value: '${param}' does not support '${role}' with this model.`, param, "unsupported_value");
    }
  }
  return undefined;
}

// Captured with gpt-4 (2024): param and code null, and the link to the guide is part of the message.
const NO_JSON_SCHEMA =
  "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. " +
  "Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs";

/** Images, Structured Outputs and tools sent to a model that lacks them. */
function checkFeatures(body: JsonObject, capabilities: ModelCapabilities): Issue {
  if (!capabilities.vision) {
    const image = firstImagePart(body);
    // Captured (gpt-3.5-turbo, gpt-4): the param points at the part's type, with the `messages.[i]` spelling.
    if (image) return invalidRequest("Invalid content type. image_url is only supported by certain models.", `messages.[${image.message}].content.[${image.part}].type`);
  }
  if (!capabilities.jsonSchema && isJsonObject(body.response_format) && body.response_format.type === "json_schema") {
    return invalidRequest(NO_JSON_SCHEMA);
  }
  if (!capabilities.audioInput) {
    // Recorded 2026 (gpt-4o, gpt-5.6-terra): code `invalid_value`, the message's index in the param.
    const audio = firstPart(body, "input_audio");
    if (audio) {
      const message = `Invalid 'messages[${audio.message}]'. Content blocks are expected to be either text or image_url type.`;
      return invalidRequest(message, `messages[${audio.message}]`, "invalid_value");
    }
  }
  if (!capabilities.webSearch && isPresent(body.web_search_options)) {
    // Recorded 2025-2026 (gpt-4o, gpt-4.1, o3): code null; param as quoted through an Azure route.
    return invalidRequest("Web search options not supported with this model.", "web_search_options");
  }
  if (!capabilities.tools) {
    // Recorded (gpt-4o-search-preview 2026, gpt-5-search-api, o1-mini): a 404 with neither param nor code. The
    // wording for the legacy `functions` follows it. wording not confirmed for functions
    const refused = (["tools", "functions"] as const).find((param) => isPresent(body[param]));
    if (refused !== undefined) {
      const guide = "https://platform.openai.com/docs/guides/function-calling#models-supporting-function-calling";
      return new EmulatorHttpError(404, `${refused} is not supported in this model. For a list of supported models, refer to ${guide}.`);
    }
  }
  return undefined;
}

function firstImagePart(body: JsonObject): { message: number; part: number } | undefined {
  return firstPart(body, "image_url");
}

function firstPart(body: JsonObject, type: string): { message: number; part: number } | undefined {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const [message, entry] of messages.entries()) {
    const content = isJsonObject(entry) ? entry.content : undefined;
    if (!Array.isArray(content)) continue;
    const part = content.findIndex((item) => isJsonObject(item) && item.type === type);
    if (part >= 0) return { message, part };
  }
  return undefined;
}

// Recorded (OmniSearch#3, 2025): "Invalid image URL: 'messages[0].content[1].image_url.url'. Expected a base64-encoded
// data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the
// 'data:' prefix.", code `invalid_value`. The other endings seen ("without the ';base64' separator", "empty
// base64-encoded bytes") show the pattern; the ending for a missing MIME type follows it. wording not confirmed
const DATA_URL_EXPECTATION =
  "Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=')";

/** Image URLs that are neither web addresses nor data URLs of an image type. */
function checkImageUrls(body: JsonObject): Issue {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const [messageIndex, entry] of messages.entries()) {
    const content = isJsonObject(entry) ? entry.content : undefined;
    if (!Array.isArray(content)) continue;
    for (const [partIndex, part] of content.entries()) {
      const url = isJsonObject(part) && part.type === "image_url" && isJsonObject(part.image_url) ? part.image_url.url : undefined;
      const problem = typeof url === "string" ? imageUrlProblem(url) : undefined;
      if (problem === undefined) continue;
      const param = `messages[${messageIndex}].content[${partIndex}].image_url.url`;
      return invalidRequest(`Invalid image URL: '${param}'. ${DATA_URL_EXPECTATION}, but got ${problem}.`, param, "invalid_value");
    }
  }
  return undefined;
}

function imageUrlProblem(url: string): string | undefined {
  if (/^https?:\/\//iu.test(url)) return undefined;
  if (!/^data:/iu.test(url)) return "a value without the 'data:' prefix";
  const mimeType = /^data:([^;,]*)/iu.exec(url)?.[1] ?? "";
  return /^image\/[\w.+-]+$/iu.test(mimeType.trim()) ? undefined : "a value without an image MIME type";
}

/**
 * `logit_bias` keys are token ids of the model's encoding. Captured with code null and param `logit_bias`: "Invalid
 * key in 'logit_bias': AI. You should only be submitting non-negative integers." (OpenAI-API-dotnet#163) and "Invalid
 * key in 'logit_bias': 100265. Maximum value is 100257." (openai-python#572, cl100k_base; o200k_base's maximum follows
 * its <|endoftext|>).
 */
function checkLogitBias(bias: unknown, model: ModelProfile): Issue {
  if (!isJsonObject(bias)) return undefined;
  const max = maxTokenId(model.encoding);
  for (const key of Object.keys(bias)) {
    if (!/^\d+$/u.test(key)) {
      return invalidRequest(`Invalid key in 'logit_bias': ${key}. You should only be submitting non-negative integers.`, "logit_bias");
    }
    if (Number(key) > max) return invalidRequest(`Invalid key in 'logit_bias': ${key}. Maximum value is ${max}.`, "logit_bias");
  }
  return undefined;
}

function checkReasoningSampling(body: JsonObject, model: ModelProfile): Issue {
  for (const param of ["temperature", "top_p"] as const) {
    const value = body[param];
    if (typeof value === "number" && value !== 1) return unsupportedDefaultOnly(param, value, 1);
  }
  // Refused whatever the value, as captured for presence_penalty, frequency_penalty and logprobs.
  // wording not confirmed for top_logprobs
  const refused = SAMPLING_REFUSED_WHILE_REASONING.find((param) => isPresent(body[param]));
  if (refused !== undefined) return unsupportedParameter(refused);
  return checkReasoningEffort(body.reasoning_effort, model);
}

/**
 * Each reasoning model knows its own subset of the efforts (gpt-5: minimal to high; the o-series: low to high).
 * Captured (2026): "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values
 * are: 'minimal', 'low', 'medium', and 'high'." param and code follow the other unsupported values. order not confirmed
 */
function checkReasoningEffort(effort: unknown, model: ModelProfile): Issue {
  const supported = model.reasoningEfforts;
  if (typeof effort !== "string" || supported === undefined || supported.some((value) => value === effort)) return undefined;
  const message = `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. Supported values are: ${listValues(supported, "and")}.`;
  return invalidRequest(message, "reasoning_effort", "unsupported_value");
}

function onlyAllowedWith(param: string, requirement: string): EmulatorHttpError {
  return invalidRequest(`Invalid value for '${param}': '${param}' is only allowed when ${requirement}.`, param);
}

function noFunctionNamed(param: string, name: string, list: string): EmulatorHttpError {
  return invalidRequest(`Invalid value for '${param}': no function named '${name}' was specified in the '${list}' parameter.`, param);
}

/** Names declared by `tools` (function tools only) or by the legacy `functions`. */
function declaredNames(entries: unknown, pick: (entry: JsonObject) => unknown): string[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  return entries.flatMap((entry) => {
    const name = isJsonObject(entry) ? pick(entry) : undefined;
    return typeof name === "string" ? [name] : [];
  });
}

function namedChoice(choice: unknown, pick: (choice: JsonObject) => unknown): string | undefined {
  const name = isJsonObject(choice) ? pick(choice) : undefined;
  return typeof name === "string" ? name : undefined;
}

/** Phase 6, in the order the API reports these fields: functions, tools, logprobs, response_format, stream. */
function checkCrossField(body: JsonObject): Issue {
  const functions = declaredNames(body.functions, (entry) => entry.name);
  if (isPresent(body.function_call)) {
    // wording not confirmed for function_call without functions (modelled on tool_choice)
    if (functions === undefined) return onlyAllowedWith("function_call", "'functions' are specified");
    const name = namedChoice(body.function_call, (choice) => choice.name);
    if (name !== undefined && !functions.includes(name)) return noFunctionNamed("function_call", name, "functions");
  }
  const tools = declaredNames(body.tools, (tool) => (tool.type === "function" && isJsonObject(tool.function) ? tool.function.name : undefined));
  if (isPresent(body.tool_choice)) {
    if (tools === undefined) return onlyAllowedWith("tool_choice", "'tools' are specified");
    const name = namedChoice(body.tool_choice, (choice) => (choice.type !== "custom" && isJsonObject(choice.function) ? choice.function.name : undefined));
    if (name !== undefined && !tools.includes(name)) return noFunctionNamed("tool_choice", name, "tools");
    const customTools = declaredNames(body.tools, (tool) => (tool.type === "custom" && isJsonObject(tool.custom) ? tool.custom.name : undefined)) ?? [];
    const custom = namedChoice(body.tool_choice, (choice) => (choice.type === "custom" && isJsonObject(choice.custom) ? choice.custom.name : undefined));
    // Modelled on the function wording. wording not confirmed
    if (custom !== undefined && !customTools.includes(custom)) {
      return invalidRequest(`Invalid value for 'tool_choice': no custom tool named '${custom}' was specified in the 'tools' parameter.`, "tool_choice");
    }
  }
  if (isPresent(body.max_tokens) && isPresent(body.max_completion_tokens)) {
    // Captured 2025 (langgraph#5943, gpt-4.1). Its place among the cross-field rules is not confirmed.
    const message = "Setting 'max_tokens' and 'max_completion_tokens' at the same time is not supported.";
    return invalidRequest(message, "max_tokens", "invalid_parameter_combination");
  }
  if (isPresent(body.parallel_tool_calls) && tools === undefined) return onlyAllowedWith("parallel_tool_calls", "'tools' are specified");
  if (isPresent(body.top_logprobs) && body.logprobs !== true) {
    return invalidRequest("The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.", "top_logprobs");
  }
  if (isJsonObject(body.response_format) && body.response_format.type === "json_object" && !messagesMentionJson(body)) {
    return invalidRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages");
  }
  if (isPresent(body.stream_options) && body.stream !== true) {
    return invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  return undefined;
}
