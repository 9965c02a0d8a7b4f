import type OpenAI from "openai";

type ChatRequest = OpenAI.ChatCompletionCreateParams;

/**
 * Whether a model reasons before answering (o-series, gpt-5 except its chat variants), by name; fine-tuned names are
 * judged by their base. Reasoning models refuse `max_tokens` and the sampling parameters.
 *
 * @example
 * isReasoningModel("o3-mini"); // true
 * isReasoningModel("gpt-5-chat-latest"); // false
 */
export function isReasoningModel(model: string): boolean {
  const base = (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
  if (/^o\d(?:-|$)/u.test(base)) return true;
  return /^gpt-5(?:[.-]|$)/u.test(base) && !base.includes("-chat");
}

// What a reasoning model refuses (OpenAI's reasoning guide and observed 400s): the penalties, logprobs, logit_bias and
// stop outright; temperature and top_p unless at their default of 1.
const REFUSED = ["presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "stop"] as const;
const DEFAULT_ONLY = ["temperature", "top_p"] as const;

/**
 * Adapts a request to a known reasoning model instead of letting the API answer 400: `max_tokens` is sent as
 * `max_completion_tokens`, and parameters the model refuses are left out. Each change is reported as a warning
 * (it reaches `response_metadata.warnings`). Other models, and reasoning models told `reasoning_effort: "none"`
 * (which re-enables sampling), are untouched.
 *
 * @example
 * applyModelRestrictions({ model: "o3-mini", messages, temperature: 0.2 });
 * // { request: { model: "o3-mini", messages }, warnings: ["temperature=0.2 was not sent: o3-mini accepts only the default (1)."] }
 */
export function applyModelRestrictions(request: ChatRequest): { request: ChatRequest; warnings: string[] } {
  if (!isReasoningModel(request.model) || request.reasoning_effort === "none") return { request, warnings: [] };
  const adapted: Record<string, unknown> = { ...request };
  const warnings: string[] = [];
  if (adapted.max_tokens != null) {
    if (adapted.max_completion_tokens == null) {
      adapted.max_completion_tokens = adapted.max_tokens;
      warnings.push(`maxTokens was sent as max_completion_tokens=${String(adapted.max_tokens)}: ${request.model} refuses max_tokens.`);
    } else {
      warnings.push(`maxTokens was not sent: ${request.model} refuses max_tokens, and maxCompletionTokens is set.`);
    }
    delete adapted.max_tokens;
  }
  for (const key of DEFAULT_ONLY) {
    if (adapted[key] != null && adapted[key] !== 1) {
      warnings.push(`${key}=${String(adapted[key])} was not sent: ${request.model} accepts only the default (1).`);
      delete adapted[key];
    }
  }
  for (const key of REFUSED) {
    if (adapted[key] != null) {
      warnings.push(`${key} was not sent: ${request.model} does not support it.`);
      delete adapted[key];
    }
  }
  return { request: adapted as unknown as ChatRequest, warnings };
}
