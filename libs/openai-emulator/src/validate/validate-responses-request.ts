// Validation of `POST /v1/responses` bodies, in the phases the Chat Completions validator uses (parse and names, then
// types, enum values and bounds over the whole body, then the model's capabilities, then cross-field and item rules),
// reporting the first error in OpenAI's envelope.

import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { modelCapabilities, type ModelProfile } from "../engine/models.js";
import { BUILT_IN_ITEM_TYPES, type ResponsesInputItem, type ResponsesRequest } from "../responses-wire.js";
import { builtInHandler } from "../routes/responses-tools/registry.js";
import { RESPONSES_PARAMETERS, RESPONSES_SCHEMA, UNSERVED_TOOL_TYPES } from "./responses-request-schema.js";
import { parseBody, resolveModel, type ValidationContext } from "./validate-chat-request.js";
import {
  type Issue,
  invalidValue,
  isJsonObject,
  isPresent,
  type JsonObject,
  listValues,
  missingParameter,
  parseError,
  type SchemaPhase,
  unknownParameter,
  walk,
} from "./validation-schema.js";

const ITEM_TYPES = [
  "message",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  ...BUILT_IN_ITEM_TYPES,
  "mcp_approval_response",
  "reasoning",
] as const;

/**
 * Parses and validates a raw `POST /v1/responses` body. Throws an {@link EmulatorHttpError} for the first error.
 *
 * @example
 * validateResponsesRequest('{"model":"gpt-4o-mini","input":"Hi"}', context).model.snapshot; // "gpt-4o-mini-2024-07-18"
 */
export function validateResponsesRequest(bodyText: string, context: ValidationContext): { request: ResponsesRequest; model: ModelProfile } {
  const style = context.unknownParameterStyle;
  const body = parseBody(bodyText);
  const model = body.model;
  if (model === undefined || model === null || model === "") throw invalidRequest("you must provide a model parameter");
  if (typeof model !== "string") throw parseError();
  const unknown = Object.keys(body).find((key) => key !== "model" && !Object.hasOwn(RESPONSES_PARAMETERS, key));
  if (unknown !== undefined) throw unknownParameter(unknown, style);
  // wording not confirmed: a body without input (the API also accepts `prompt` and `conversation`, not served here)
  if (!isPresent(body.input)) throw missingParameter("input");
  // An item of an unknown type is refused before its members are checked. order not confirmed
  throwIssue(checkItemTypes(body.input));
  const phases: readonly SchemaPhase[] = ["type", "enum", "bounds"];
  for (const phase of phases) throwIssue(walk(RESPONSES_SCHEMA, body, "", phase, { unknownParameterStyle: style }));
  const profile = resolveModel(model, context.models);
  throwIssue(checkModel(body, profile));
  throwIssue(checkBuiltInTools(body.tools));
  throwIssue(checkCrossField(body));
  return { request: body as ResponsesRequest, model: profile };
}

function throwIssue(issue: Issue): void {
  if (issue) throw issue;
}

// An item of an unknown type would otherwise be checked as a message (the type a message may leave out).
function checkItemTypes(input: unknown): Issue {
  if (!Array.isArray(input)) return undefined;
  for (const [index, item] of input.entries()) {
    if (!isJsonObject(item) || typeof item.type !== "string") continue;
    if (!ITEM_TYPES.some((type) => type === item.type)) return invalidValue(`input[${index}].type`, item.type, ITEM_TYPES);
  }
  return undefined;
}

// Recorded from the Responses API (vercel/ai fixture reasoning-model-temperature-error.json): code null, unlike the
// Chat Completions wording.
function unsupportedParameter(param: string): EmulatorHttpError {
  return invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.`, param, null);
}

/** What the resolved model accepts: sampling knobs and efforts on reasoning models, reasoning options elsewhere. */
function checkModel(body: JsonObject, model: ModelProfile): Issue {
  if (!modelCapabilities(model).chat) {
    return new EmulatorHttpError(400, `The model '${model.id}' is not supported with the Responses API.`, { param: "model" });
  }
  const reasoning = isJsonObject(body.reasoning) ? body.reasoning : {};
  if (!model.reasoning) {
    // wording not confirmed for a model that does not reason
    if (isPresent(reasoning.effort)) return unsupportedParameter("reasoning.effort");
    return undefined;
  }
  // gpt-5.1 and later sample at effort none; the others refuse temperature and top_p unless they are the default 1.
  const effort = typeof reasoning.effort === "string" ? reasoning.effort : undefined;
  if (effort !== "none") {
    for (const param of ["temperature", "top_p"] as const) {
      const value = body[param];
      if (typeof value === "number" && value !== 1) return unsupportedParameter(param);
    }
  }
  const supported = model.reasoningEfforts;
  if (effort !== undefined && supported !== undefined && !supported.some((value) => value === effort)) {
    const message = `Unsupported value: 'reasoning.effort' does not support '${effort}' with this model. Supported values are: ${listValues(supported, "and")}.`;
    return invalidRequest(message, "reasoning.effort", "unsupported_value");
  }
  return undefined;
}

/** The built-in tools not served yet are refused with a 400 that says so (not the API's words). */
function checkBuiltInTools(tools: unknown): Issue {
  if (!Array.isArray(tools)) return undefined;
  for (const [index, tool] of tools.entries()) {
    const type = isJsonObject(tool) ? tool.type : undefined;
    if (typeof type === "string" && UNSERVED_TOOL_TYPES.some((builtIn) => builtIn === type)) {
      const message = `The emulator does not support the '${type}' tool on the Responses API yet; it serves function, custom, web_search, file_search, code_interpreter, image_generation and mcp tools.`;
      return invalidRequest(message, `tools[${index}].type`, "emulator_unsupported_tool");
    }
  }
  return undefined;
}

/** Rules that involve several parameters or items. */
function checkCrossField(body: JsonObject): Issue {
  const text = isJsonObject(body.text) ? body.text : {};
  const format = isJsonObject(text.format) ? text.format : {};
  if (format.type === "json_object" && !mentionsJson(body)) {
    // wording not confirmed: adapted from the Chat Completions wording to name `text.format`
    return invalidRequest("Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", "input");
  }
  return checkToolChoice(body.tool_choice, Array.isArray(body.tools) ? body.tools : []);
}

// A forced tool must be offered: a function or custom tool by name and type, a built-in by its module (a choice of
// `web_search_preview` is met by a `web_search` tool). wording not confirmed
function checkToolChoice(choice: unknown, tools: unknown[]): Issue {
  if (!isJsonObject(choice) || typeof choice.type !== "string" || choice.type === "allowed_tools") return undefined;
  const type = choice.type;
  if (type === "mcp") {
    const offered = tools.some((tool) => isJsonObject(tool) && tool.type === "mcp" && tool.server_label === choice.server_label);
    if (!offered) return invalidRequest(`Tool choice 'mcp' with server_label '${String(choice.server_label)}' not found in 'tools' parameter.`, "tool_choice");
    return undefined;
  }
  if (type === "function" || type === "custom") {
    const offered = tools.some((tool) => isJsonObject(tool) && tool.type === type && tool.name === choice.name);
    if (!offered) return invalidRequest(`Tool choice '${String(choice.name)}' not found in 'tools' parameter.`, "tool_choice");
    return undefined;
  }
  const handler = builtInHandler(type);
  const offered = tools.some((tool) => isJsonObject(tool) && (tool.type === type || (handler !== undefined && typeof tool.type === "string" && builtInHandler(tool.type) === handler)));
  if (!offered) return invalidRequest(`Tool choice '${type}' not found in 'tools' parameter.`, "tool_choice");
  return undefined;
}

function mentionsJson(body: JsonObject): boolean {
  const texts: string[] = [];
  if (typeof body.instructions === "string") texts.push(body.instructions);
  if (typeof body.input === "string") texts.push(body.input);
  if (Array.isArray(body.input)) texts.push(JSON.stringify(body.input));
  return texts.some((text) => /json/iu.test(text));
}

/**
 * Function calls and their outputs pair up across the conversation (`history`, the items `previous_response_id`
 * chains to, then `input`). Each `function_call_output` answers a call made before it, and each call has an output:
 * otherwise the API's 400, in its words as quoted in public reports: "No tool call found for function call output with
 * call_id call_…." and "No tool output found for function call call_….", param `input`, code null.
 *
 * @example
 * checkCallPairs(request.input, history); // throws for an output of an unknown call, or a call left unanswered
 */
export function checkCallPairs(input: ResponsesRequest["input"], history: ReadonlyArray<ResponsesInputItem>): void {
  const items = [...history, ...(Array.isArray(input) ? input : [])];
  const calls = new Set<string>();
  const answered = new Set<string>();
  const custom = new Set<string>();
  for (const item of items) {
    if (item.type === "function_call") calls.add(item.call_id);
    if (item.type === "custom_tool_call") {
      calls.add(item.call_id);
      custom.add(item.call_id);
    }
    if (item.type !== "function_call_output" && item.type !== "custom_tool_call_output") continue;
    const kind = item.type === "custom_tool_call_output" ? "custom tool call" : "function call";
    // wording for custom tool calls not confirmed (the function call wording, with the item's kind)
    if (!calls.has(item.call_id)) throw invalidRequest(`No tool call found for ${kind} output with call_id ${item.call_id}.`, "input");
    answered.add(item.call_id);
  }
  const unanswered = [...calls].find((id) => !answered.has(id));
  if (unanswered !== undefined) throw invalidRequest(`No tool output found for ${custom.has(unanswered) ? "custom tool call" : "function call"} ${unanswered}.`, "input");
}

/**
 * Checks the request's schemas (strict function parameters and a strict `text.format`) with the chat route's
 * validator, through the restated chat request, and names the Responses parameters in its errors: a format's schema
 * is `text.format.schema` with code `invalid_json_schema` (the protocol reference, 2.5: "`text.format.schema`
 * (Responses)"), a function's `tools[N].parameters` (flat tools; wording not confirmed).
 *
 * @example
 * validateResponsesSchemas(() => validateRequestSchemas(chat, limits)); // throws the 400 with Responses params
 */
export function validateResponsesSchemas(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof EmulatorHttpError) || error.param === null) throw error;
    const tool = /^tools\[(\d+)\]\.function\.parameters$/u.exec(error.param);
    if (tool) throw invalidRequest(error.message, `tools[${tool[1]}].parameters`, error.code);
    if (error.param === "response_format") throw invalidRequest(error.message, "text.format.schema", "invalid_json_schema");
    throw error;
  }
}
