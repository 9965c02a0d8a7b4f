// Validation of `POST /v1/chat/completions` bodies, reporting the first error the real API would report. The API
// checks in a fixed order of phases, whatever the position of the fields in the body:
//   1. parse (JSON, model, messages, unknown keys)  2. types  3. enum values  4. bounds
//   5. model capability  6. cross-field rules  7. message sequence
// so each phase runs over the whole body before the next starts.

import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { findModel, modelCapabilities, type ModelCapabilities, type ModelProfile } from "../engine/models.js";
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

/** Reasoning models refuse these outright, in the order the API reports them (captured 2026). */
const REFUSED_WHILE_REASONING = ["max_tokens", "logit_bias", "stop"] as const;
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
  } else if (isPresent(body.reasoning_effort)) {
    // Older deployments did not know the parameter at all on non-reasoning models.
    return style === "2026" ? unsupportedParameter("reasoning_effort") : unknownParameter("reasoning_effort", style);
  }
  const featureIssue = checkFeatures(body, capabilities);
  if (featureIssue) return featureIssue;
  const customTool = customToolIndex(body);
  if (customTool !== undefined) {
    // The emulator has no custom (free-form) tools. wording not confirmed
    const message = `Unsupported value: 'tools[${customTool}].type' does not support 'custom' with this model.`;
    return invalidRequest(message, `tools[${customTool}].type`, "unsupported_value");
  }
  for (const param of ["max_completion_tokens", "max_tokens"] as const) {
    const value = body[param];
    // wording confirmed for max_tokens; max_completion_tokens follows it. wording not confirmed
    if (typeof value === "number" && value > model.maxOutputTokens) return tooLarge(param, value, model.maxOutputTokens);
  }
  return model.reasoning ? checkReasoningSampling(body, model) : undefined;
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
  if (!capabilities.tools) {
    // No built-in chat model lacks tools; the wording follows the other unsupported parameters. wording not confirmed
    const refused = (["tools", "functions"] as const).find((param) => isPresent(body[param]));
    if (refused !== undefined) return unsupportedParameter(refused);
  }
  return undefined;
}

function firstImagePart(body: JsonObject): { message: number; part: number } | undefined {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (const [message, entry] of messages.entries()) {
    const content = isJsonObject(entry) ? entry.content : undefined;
    if (!Array.isArray(content)) continue;
    const part = content.findIndex((item) => isJsonObject(item) && item.type === "image_url");
    if (part >= 0) return { message, part };
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

function customToolIndex(body: JsonObject): number | undefined {
  if (!Array.isArray(body.tools)) return undefined;
  const index = body.tools.findIndex((tool) => isJsonObject(tool) && tool.type === "custom");
  return index < 0 ? undefined : index;
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
  const tools = declaredNames(body.tools, (tool) => (isJsonObject(tool.function) ? tool.function.name : undefined));
  if (isPresent(body.tool_choice)) {
    if (tools === undefined) return onlyAllowedWith("tool_choice", "'tools' are specified");
    const name = namedChoice(body.tool_choice, (choice) => (isJsonObject(choice.function) ? choice.function.name : undefined));
    if (name !== undefined && !tools.includes(name)) return noFunctionNamed("tool_choice", name, "tools");
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
