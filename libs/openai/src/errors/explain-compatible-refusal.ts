import type OpenAI from "openai";
import { describeErrorBody } from "./describe-error-body.js";
import { BadRequestError, NotFoundError } from "./errors.js";

type ChatRequest = OpenAI.ChatCompletionCreateParams;

// What an OpenAI-compatible server refuses when it predates a key, and what to do instead. Each is something the user
// set (this package never adds them by default on such a server), so it is sent, and a refusal is explained here.
// The servers' words: vLLM "tools.0.function.strict / Extra inputs are not permitted" (run-llama/llama_index#19121)
// and "('body', 'max_completion_tokens') … Extra inputs are not permitted" (voideditor/void#128); gateways "received
// 'developer'" (egoist/chatwise-releases#971) or "developer is not one of ['system', …]" (haru/redmine_ai_helper#242).
const RULES: ReadonlyArray<{ names: RegExp; applies: (request: ChatRequest) => boolean; fix: string }> = [
  {
    names: /\bstrict\b/u,
    applies: (request) => request.tools?.some((tool) => tool.type === "function" && tool.function.strict !== undefined) ?? false,
    fix: "This server does not accept `strict` on tools. Leave strict unset (bindTools/call option `strict`, `supportsStrictToolCalling`).",
  },
  {
    names: /max_completion_tokens/u,
    applies: (request) => request.max_completion_tokens != null,
    fix: "This server does not know `max_completion_tokens`. Set `maxTokens` instead of `maxCompletionTokens` (for a reasoning-model name, also `reasoningModel: false`, or `maxTokens` is sent as `max_completion_tokens` too).",
  },
  {
    names: /\bdeveloper\b/u,
    applies: (request) => request.messages.some((message) => message.role === "developer"),
    fix: 'This server does not know the developer role. Send those instructions as a SystemMessage (and leave `systemRole` at "system").',
  },
];

/**
 * Adds what to do to an OpenAI-compatible server's refusal (400 or 422) of something the request carries because the
 * user set it: tools' `strict`, `max_completion_tokens`, a `developer` message. The result is a BadRequestError with
 * the same status, code, param, request id and cause, and the server's message followed by the fix. Any other error
 * is returned unchanged.
 *
 * @example
 * explainCompatibleRefusal(error, request).message;
 * // "400 … tools.0.function.strict Extra inputs are not permitted … This server does not accept `strict` on tools. …"
 */
export function explainCompatibleRefusal(error: unknown, request: ChatRequest): unknown {
  if (!BadRequestError.isInstance(error) || (error.status !== 400 && error.status !== 422)) return error;
  const said = `${error.message} ${error.param ?? ""} ${describeErrorBody(error.cause)}`;
  const fixes = RULES.filter((rule) => rule.names.test(said) && rule.applies(request)).map((rule) => rule.fix);
  return fixes.length === 0 ? error : withFixes(error, fixes);
}

/**
 * A refusal with what to do appended to its message, one fix per line: the same class, status, code, request id,
 * headers and cause, and not retryable (the same request would be refused again).
 *
 * @example
 * withFixes(error, ["Leave strict unset."]).message; // "… Extra inputs are not permitted\nLeave strict unset."
 */
export function withFixes(error: BadRequestError | NotFoundError, fixes: ReadonlyArray<string>): BadRequestError | NotFoundError {
  const details = {
    status: error.status,
    code: error.code,
    type: error.type,
    param: error.param,
    requestId: error.requestId,
    headers: error.headers,
    cause: error.cause,
    retryable: false,
  };
  const message = `${error.message}\n${fixes.join("\n")}`;
  return NotFoundError.isInstance(error) ? new NotFoundError(message, details) : new BadRequestError(message, details);
}
