// Validation of `POST /v1/completions` bodies (the legacy Completions API), in the phases Chat Completions uses:
//   1. parse (JSON, model, unknown keys)  2. types  3. enum values  4. bounds  5. model capability
//   6. prompt tokens  7. cross-field rules
// so a type error anywhere beats a bounds error anywhere, and so on.

import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { maxTokenId, modelCapabilities, type ModelCapabilities, type ModelProfile } from "../engine/models.js";
import type { CompletionRequest } from "../wire.js";
import { COMPLETION_PARAMETERS, COMPLETION_REQUEST_SCHEMA, PROMPT_TYPE_WORDS } from "./completion-request-schema.js";
import { parseBody, resolveModel, type ValidationContext } from "./validate-chat-request.js";
import {
  invalidType,
  type Issue,
  isPresent,
  type JsonObject,
  parseError,
  type SchemaPhase,
  type UnknownParameterStyle,
  unknownParameter,
  walk,
} from "./validation-schema.js";

// Captured (2023-2024, e.g. commitgpt#43, prompttools#115, go-openai#126): 404, param `model`, code null.
const CHAT_MODEL_ON_COMPLETIONS =
  "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?";

/**
 * Parses and validates a raw `POST /v1/completions` body (the text). Throws EmulatorHttpError for the FIRST error in
 * phase order; a chat model gets the API's 404 pointing at v1/chat/completions.
 *
 * @example
 * const { request, model } = validateCompletionRequest('{"model":"gpt-3.5-turbo-instruct","prompt":"Hi"}', context);
 * model.snapshot; // "gpt-3.5-turbo-instruct"
 * validateCompletionRequest('{"model":"gpt-4o","prompt":"Hi"}', context); // throws 404 "This is a chat model and not supported…"
 */
export function validateCompletionRequest(
  bodyText: string,
  context: ValidationContext,
): { request: CompletionRequest; model: ModelProfile } {
  const style = context.unknownParameterStyle;
  const body = parseBody(bodyText);
  throwIssue(checkNamesAndPresence(body, style));
  const schemaPhases: readonly SchemaPhase[] = ["type", "enum", "bounds"];
  for (const phase of schemaPhases) {
    throwIssue(walk(COMPLETION_REQUEST_SCHEMA, body, "", phase, { unknownParameterStyle: style }));
    if (phase === "type") throwIssue(checkPromptKinds(body.prompt));
  }
  // checkNamesAndPresence guarantees a non-empty string model.
  const model = resolveModel(String(body.model), context.models);
  const capabilities = modelCapabilities(model);
  if (!capabilities.completions) throw new EmulatorHttpError(404, CHAT_MODEL_ON_COMPLETIONS, { param: "model" });
  // The highest token id a prompt may use is the encoding's <|endoftext|>, as the captured error reports.
  throwIssue(checkPromptTokens(body.prompt, maxTokenId(model.encoding)));
  throwIssue(checkCrossField(body, capabilities));
  // Every member the emulator reads now has the shape `CompletionRequest` declares.
  return { request: body as CompletionRequest, model };
}

function throwIssue(issue: Issue): void {
  if (issue) throw issue;
}

/** Phase 1: the model (the chat endpoint's wordings), then unknown keys in body order. `prompt` may be left out. */
function checkNamesAndPresence(body: JsonObject, style: UnknownParameterStyle): Issue {
  const model = body.model;
  if (model === undefined || model === null || model === "") return invalidRequest("you must provide a model parameter");
  if (typeof model !== "string") return parseError();
  const unknown = Object.keys(body).find((key) => key !== "model" && !Object.hasOwn(COMPLETION_PARAMETERS, key));
  return unknown === undefined ? undefined : unknownParameter(unknown, style);
}

/** An array prompt holds texts, token ids or token-id lists, never a mix. wording not confirmed */
function checkPromptKinds(prompt: unknown): Issue {
  if (!Array.isArray(prompt) || prompt.length === 0) return undefined;
  const kindOf = (entry: unknown) => (Array.isArray(entry) ? "array" : typeof entry);
  const first = kindOf(prompt[0]);
  return prompt.every((entry) => kindOf(entry) === first) ? undefined : invalidType("prompt", PROMPT_TYPE_WORDS, prompt);
}

/** Token ids outside the encoding. Captured: "Invalid token in prompt: 123. Minimum value is 0, maximum value is 100257 (inclusive)." */
function checkPromptTokens(prompt: unknown, maxToken: number): Issue {
  if (!Array.isArray(prompt)) return undefined;
  const ids = prompt.flat().filter((entry): entry is number => typeof entry === "number");
  const bad = ids.find((id) => id < 0 || id > maxToken);
  if (bad === undefined) return undefined;
  return invalidRequest(`Invalid token in prompt: ${bad}. Minimum value is 0, maximum value is ${maxToken} (inclusive).`);
}

/** Phase 7: `stream_options` (the chat wording), `echo` with `logprobs`, then `best_of` against `n` and streaming. */
function checkCrossField(body: JsonObject, capabilities: ModelCapabilities): Issue {
  if (isPresent(body.stream_options) && body.stream !== true) {
    return invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  if (!capabilities.echoWithLogprobs && body.echo === true && isPresent(body.logprobs)) {
    // Captured for gpt-3.5-turbo-instruct (automatic_prompt_engineer#25, lm-hackers#7); param and code not confirmed
    return invalidRequest("Setting 'echo' and 'logprobs' at the same time is not supported for this model.");
  }
  const bestOf = typeof body.best_of === "number" ? body.best_of : undefined;
  const n = typeof body.n === "number" ? body.n : 1;
  // The API reference: "best_of must be greater than n" and "Results cannot be streamed". wording not confirmed
  if (bestOf !== undefined && bestOf < n) return invalidRequest("best_of must be greater than or equal to n", "best_of");
  // Only when candidates must be ranked: with best_of equal to n there is nothing to choose, and the API streams
  // ("Similar to the OpenAI API, when n != best_of, we do not stream the results": vllm-project/vllm,
  // vllm/entrypoints/openai/serving_completion.py, which answers unstreamed there; the refusal is the emulator's choice).
  if (bestOf !== undefined && bestOf > n && body.stream === true) return invalidRequest("Cannot stream results with best_of > 1", "best_of");
  return undefined;
}
