// The compatible-server profile: the emulator answers as an OpenAI-compatible server (vLLM, Groq, a gateway) that
// predates or ignores the newer Chat Completions keys, refusing each with the body that server is recorded sending.
// It checks only those keys; everything else is validated and answered as by the OpenAI profile.

import { invalidRequest } from "./errors.js";
import { isRecord, parseJsonObject } from "./json-values.js";

/**
 * How the emulator answers: `"openai"` (default) as OpenAI's API; `"compatible"` as an OpenAI-compatible server that
 * refuses `stream_options`, `max_completion_tokens`, the `strict` key of tools and the `developer` role.
 *
 * @example
 * createEmulator({ profile: "compatible" });
 */
export type EmulatorProfile = "openai" | "compatible";

/** Every profile, for checking input. */
export const EMULATOR_PROFILES: readonly EmulatorProfile[] = ["openai", "compatible"];

/**
 * The request header that picks the profile of one request (it beats the scope's and the emulator's).
 *
 * @example
 * new OpenAI({ baseURL, apiKey: "test", fetch: emulator.fetch, defaultHeaders: { [PROFILE_HEADER]: "compatible" } });
 */
export const PROFILE_HEADER = "x-emulator-profile";

/**
 * Whether a value names a profile.
 *
 * @example
 * isEmulatorProfile("compatible"); // true
 */
export function isEmulatorProfile(value: unknown): value is EmulatorProfile {
  return typeof value === "string" && (EMULATOR_PROFILES as readonly string[]).includes(value);
}

/**
 * The profile one request is answered under: its `x-emulator-profile` header, else its scope's (set through
 * `PUT /__emulator/profile`), else the emulator's. An unknown header value is a 400 naming the choices.
 *
 * @example
 * readProfile(new Headers({ "x-emulator-profile": "compatible" }), null, { profile: "openai", profiles: new Map() }); // "compatible"
 */
export function readProfile(
  headers: Headers,
  scope: string | null,
  settings: { profile: EmulatorProfile; profiles: ReadonlyMap<string | null, EmulatorProfile> },
): EmulatorProfile {
  const header = headers.get(PROFILE_HEADER)?.trim();
  if (header) {
    if (!isEmulatorProfile(header)) {
      throw invalidRequest(`The ${PROFILE_HEADER} header must be one of ${EMULATOR_PROFILES.join(", ")}, got "${header}".`, null, "invalid_emulator_profile");
    }
    return header;
  }
  return settings.profiles.get(scope) ?? settings.profile;
}

/** A compatible server's refusal: its status and body, exactly as recorded. */
export interface CompatibleRefusal {
  status: number;
  body: unknown;
}

/**
 * What a compatible server says to a chat request: a refusal of the first key it does not know, or `undefined` when it
 * takes the request. Unparseable bodies are left to the normal validation.
 *
 * @example
 * refuseAsCompatibleServer('{"model":"m","messages":[],"stream":true,"stream_options":{"include_usage":true}}');
 * // { status: 400, body: { error: { message: "property 'stream_options' is unsupported, did you mean 'stream'?", … } } }
 */
export function refuseAsCompatibleServer(bodyText: string): CompatibleRefusal | undefined {
  const body = parseJsonObject(bodyText);
  if (body === undefined) return undefined;
  if (Object.hasOwn(body, "stream_options")) return groqUnsupportedProperty("stream_options");
  if (Object.hasOwn(body, "max_completion_tokens")) return vllmExtraForbidden(body.max_completion_tokens);
  const strict = strictTools(body.tools);
  if (strict.length > 0) return vllmStrictRefusal(strict);
  const developer = Array.isArray(body.messages) ? body.messages.findIndex((message) => isRecord(message) && message.role === "developer") : -1;
  if (developer >= 0) return gatewayRoleRefusal(developer);
  return undefined;
}

/**
 * What a compatible server says to a Responses request: a refusal of what it cannot do, or `undefined` when it takes
 * the request. It keeps no responses (vLLM's default: without VLLM_ENABLE_RESPONSES_API_STORE=1 `store` is ignored and
 * nothing is stored), so a `previous_response_id` names none: vLLM answers 404 "Response with id '…' not found." with
 * `param: "response_id"` (vllm/entrypoints/openai/responses/serving.py, _make_not_found_error, in vLLM's
 * `{"error": {message, type, param, code}}` envelope). Unparseable bodies are left to the normal validation.
 *
 * @example
 * refuseAsCompatibleResponsesServer('{"model":"m","input":"Hi","previous_response_id":"resp_1"}');
 * // { status: 404, body: { error: { message: "Response with id 'resp_1' not found.", type: "invalid_request_error", param: "response_id", code: 404 } } }
 */
export function refuseAsCompatibleResponsesServer(bodyText: string): CompatibleRefusal | undefined {
  const body = parseJsonObject(bodyText);
  const previous = body?.previous_response_id;
  if (typeof previous !== "string") return undefined;
  return { status: 404, body: { error: { message: `Response with id '${previous}' not found.`, type: "invalid_request_error", param: "response_id", code: 404 } } };
}

// Vendor parameters compatible servers take beside OpenAI's, which the OpenAI profile behind would refuse as unknown:
// vLLM's extra sampling and template parameters (docs.vllm.ai, OpenAI-compatible server, "Extra Parameters": top_k,
// min_p, repetition_penalty, chat_template_kwargs, guided_json, …), DeepSeek's `thinking` (api-docs.deepseek.com,
// thinking mode, passed in extra_body), and OpenRouter's routing keys and `reasoning` object (openrouter.ai API reference).
const VENDOR_KEYS = [
  "top_k", "min_p", "repetition_penalty", "min_tokens", "chat_template_kwargs", "guided_json", "guided_regex", "guided_choice",
  "guided_grammar", "structured_outputs", "thinking", "enable_thinking", "provider", "models", "transforms", "plugins", "usage",
];

/**
 * The request a compatible server goes on to answer. It knows `max_tokens` only, and hands it to the model as its
 * budget, for reasoning models too (as LiteLLM and OpenRouter do), so that the OpenAI profile's validation behind it
 * does not refuse `max_tokens` for them; and it takes its vendor parameters (vLLM's `top_k`, `chat_template_kwargs`,
 * DeepSeek's `thinking`, OpenRouter's `provider` or `reasoning` object, …) without acting on them. The journal keeps
 * the request as sent.
 *
 * @example
 * asCompatibleServerRequest('{"model":"o3-mini","messages":[],"max_tokens":5,"top_k":20}'); // '{"model":"o3-mini","messages":[],"max_completion_tokens":5}'
 */
export function asCompatibleServerRequest(bodyText: string): string {
  const body = parseJsonObject(bodyText);
  if (body === undefined) return bodyText;
  const taken = Object.fromEntries(
    Object.entries(body).filter(([key, value]) => !VENDOR_KEYS.includes(key) && !(key === "reasoning" && isRecord(value))),
  );
  if (Object.hasOwn(taken, "max_tokens")) {
    taken.max_completion_tokens = taken.max_tokens;
    delete taken.max_tokens;
  }
  return JSON.stringify(taken);
}

// Groq, May 2024: 400 `{"error":{"message":"property 'stream_options' is unsupported, did you mean 'stream'?",
// "type":"invalid_request_error"}}` (the raw response quoted in vercel/ai PR #1578, 2024-05-15).
function groqUnsupportedProperty(name: string): CompatibleRefusal {
  return { status: 400, body: { error: { message: `property '${name}' is unsupported, did you mean 'stream'?`, type: "invalid_request_error" } } };
}

// vLLM before max_completion_tokens existed there: 400 `{"object":"error","message":"[{'type': 'extra_forbidden',
// 'loc': ('body', 'max_completion_tokens'), 'msg': 'Extra inputs are not permitted', 'input': 8192}]",
// "type":"BadRequestError","param":null,"code":400}` (voideditor/void#128, 2024-10-28; 1Panel-dev/MaxKB#2912).
function vllmExtraForbidden(input: unknown): CompatibleRefusal {
  const message = `[{'type': 'extra_forbidden', 'loc': ('body', 'max_completion_tokens'), 'msg': 'Extra inputs are not permitted', 'input': ${pythonRepr(input)}}]`;
  return { status: 400, body: { object: "error", message, type: "BadRequestError", param: null, code: 400 } };
}

// vLLM 0.9.1 on tools with `strict`: 400 `{"object":"error","message":"2 validation errors for ChatCompletionRequest\n
// tools.0.function.strict\n  Extra inputs are not permitted [type=extra_forbidden, input_value=False, input_type=bool]
// \n    For further information visit https://errors.pydantic.dev/2.11/v/extra_forbidden\n…","type":"BadRequestError",
// "param":null,"code":400}` (run-llama/llama_index#19121, 2025-06-18; the same loc in vllm-project/vllm#15526).
function vllmStrictRefusal(tools: Array<{ index: number; value: unknown }>): CompatibleRefusal {
  const count = `${tools.length} validation error${tools.length === 1 ? "" : "s"} for ChatCompletionRequest`;
  const lines = tools.map(
    ({ index, value }) =>
      `tools.${index}.function.strict\n  Extra inputs are not permitted [type=extra_forbidden, input_value=${pythonRepr(value)}, input_type=${pythonType(value)}]\n` +
      "    For further information visit https://errors.pydantic.dev/2.11/v/extra_forbidden",
  );
  return { status: 400, body: { object: "error", message: [count, ...lines].join("\n"), type: "BadRequestError", param: null, code: 400 } };
}

// An OpenAI-compatible gateway on the developer role: 400 `{"error":{"message":"Invalid enum value. Expected 'system' |
// 'user' | 'assistant' | 'tool', received 'developer'","type":"invalid_request_error","param":"messages.0.role",
// "code":"invalid_request_error"}}` (the Vercel AI Gateway, quoted in egoist/chatwise-releases#971, 2025-08-14). Qwen's
// DashScope and others refuse it in their own words (haru/redmine_ai_helper#242).
function gatewayRoleRefusal(index: number): CompatibleRefusal {
  const message = "Invalid enum value. Expected 'system' | 'user' | 'assistant' | 'tool', received 'developer'";
  return { status: 400, body: { error: { message, type: "invalid_request_error", param: `messages.${index}.role`, code: "invalid_request_error" } } };
}

function strictTools(tools: unknown): Array<{ index: number; value: unknown }> {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool, index) => {
    const fn = isRecord(tool) ? tool.function : undefined;
    return isRecord(fn) && Object.hasOwn(fn, "strict") ? [{ index, value: fn.strict }] : [];
  });
}

// How pydantic prints an input: Python literals.
function pythonRepr(value: unknown): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null) return "None";
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value);
}

function pythonType(value: unknown): string {
  if (typeof value === "boolean") return "bool";
  if (value === null) return "NoneType";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return typeof value === "string" ? "str" : "dict";
}
