import type OpenAI from "openai";
import { describeErrorBody } from "./describe-error-body.js";
import { BadRequestError, ContentFilterError, ContextOverflowError, NotFoundError } from "./errors.js";
import { withFixes } from "./explain-compatible-refusal.js";

type ResponsesRequest = OpenAI.Responses.ResponseCreateParams;

// What OpenAI-compatible servers say on the Responses API, and what to do instead (docs/compatible-servers.ipynb):
// - no `/v1/responses` at all: 404, in the server's own words: llama.cpp's server `{"code":404,"message":"File Not
//   Found","type":"not_found_error"}` (ggml-org/llama.cpp#14702), FastAPI's `{"detail":"Not Found"}`, Ollama before
//   its Responses support `404 page not found`, Ollama and LM Studio before theirs (frappe/raven#1790);
// - no stored responses: vLLM without VLLM_ENABLE_RESPONSES_API_STORE answers `previous_response_id` 404 "Response with
//   id '…' not found." (vllm/entrypoints/openai/responses/serving.py, _make_not_found_error); OpenRouter's Responses
//   API is stateless and refuses `store: true` and a `previous_response_id` with a 400 (openrouter.ai, Responses API,
//   "Stateless Only"), as do DeepSeek's (api-docs.deepseek.com, Responses API guide).
const NO_RESPONSES_API =
  "This server has no Responses API (POST /v1/responses answered 404). Set useResponsesApi: false to use Chat Completions; " +
  "a call also goes to the Responses API when it passes previous_response_id, include, text, truncation or reasoning.summary, " +
  "binds one of OpenAI's built-in tools, or has usePreviousResponseId on.";
const STATELESS =
  "This server keeps no responses (stateless, or vLLM without VLLM_ENABLE_RESPONSES_API_STORE=1), so previous_response_id " +
  "cannot name one: send the whole conversation instead (leave previous_response_id unset).";
const NO_STORE = "This server does not store responses: leave `store` unset (or false).";

/**
 * Adds what to do to an OpenAI-compatible server's refusal of a Responses request: a 404 that is not about the model
 * (the server has no `/v1/responses`: use Chat Completions), and a refusal of `previous_response_id` or `store: true`,
 * which such servers often cannot honour. What was sent is what the user set, so nothing is retried or changed; the
 * error keeps its class, status, code, request id and cause. Any other error is returned unchanged.
 *
 * @example
 * explainCompatibleResponsesRefusal(error, request).message;
 * // '404 {"detail":"Not Found"}\nThis server has no Responses API (POST /v1/responses answered 404). Set useResponsesApi: false …'
 */
export function explainCompatibleResponsesRefusal(error: unknown, request: ResponsesRequest): unknown {
  // The typed refusals (context overflow, content filter) keep their class: they are not about the server's abilities.
  const refused = NotFoundError.isInstance(error) || (BadRequestError.isInstance(error) && !ContextOverflowError.isInstance(error) && !ContentFilterError.isInstance(error));
  if (!refused) return error;
  const status = error.status;
  const said = `${error.message} ${error.param ?? ""} ${describeErrorBody(error.cause)}`;
  const fixes: string[] = [];
  const aboutPrevious = request.previous_response_id != null && (/previous_response_id|response_id/u.test(said) || said.includes(request.previous_response_id));
  if (aboutPrevious || (request.previous_response_id != null && /stateless/iu.test(said))) fixes.push(STATELESS);
  else if (request.store === true && /\bstore\b|stateless/iu.test(said)) fixes.push(NO_STORE);
  else if (status === 404 && !/model/iu.test(said)) fixes.push(NO_RESPONSES_API);
  return fixes.length === 0 ? error : withFixes(error, fixes);
}
