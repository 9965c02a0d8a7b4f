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
  const base = baseModelName(model);
  if (/^o\d(?:-|$)/u.test(base)) return true;
  return /^gpt-5(?:[.-]|$)/u.test(base) && !base.includes("-chat");
}

/**
 * Whether a model is known not to reason: OpenAI's chat models before the o-series and gpt-5 (gpt-3.5, gpt-4,
 * gpt-4o, gpt-4.1, gpt-4.5, chatgpt-4o), and gpt-5-chat. They answer 400 to `reasoning_effort`, and take `verbosity`
 * only at its default, `medium`. Unknown names (other vendors' models on compatible servers) are not known either way.
 *
 * @example
 * isNonReasoningModel("gpt-4o-mini"); // true
 * isNonReasoningModel("o3-mini"); // false
 * isNonReasoningModel("deepseek-reasoner"); // false: unknown, so left alone
 */
export function isNonReasoningModel(model: string): boolean {
  // gpt-5-chat-latest refuses both (community.openai.com "invalid reasoning effort for non-reasoning model
  // gpt-5-chat-latest"; big-AGI#930 for verbosity); gpt-5.1-chat and later accept verbosity, so they are not listed.
  return /^(?:gpt-3\.5|gpt-4|chatgpt-4o|gpt-5-chat(?:-|$))/u.test(baseModelName(model));
}

/** The model a name stands for, lowercased: fine-tuned names (`ft:gpt-4o-mini:org::id`) by their base. */
function baseModelName(model: string): string {
  return (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
}

// What a reasoning model refuses (OpenAI's reasoning guide and observed 400s): the penalties, logprobs and logit_bias
// outright (stop too, except where the model is known to accept it); temperature and top_p unless at their default of 1.
const REFUSED = ["presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias"] as const;

/**
 * Whether a reasoning model accepts `stop`: o3-mini does (a recorded 2025-06 exchange answered 200), and so do gpt-5.5
 * and later (litellm#28650); gpt-5 to gpt-5.4 refuse it (smolagents#1671, #1893), and the other o-series are assumed to
 * as well, as the emulator's profiles do.
 */
function reasoningModelAcceptsStop(model: string): boolean {
  const base = baseModelName(model);
  if (/^o3-mini(?:-|$)/u.test(base)) return true;
  const minor = /^gpt-5\.(\d+)/u.exec(base)?.[1];
  return minor !== undefined && Number(minor) >= 5;
}
const DEFAULT_ONLY = ["temperature", "top_p"] as const;

/** How {@link applyModelRestrictions} adapts. */
export interface ModelRestrictionOptions {
  /** Overrides the judgement by name (ChatOpenAI's `reasoningModel` field): `true` reasons, `false` does not. */
  reasoningModel?: boolean;
}

/**
 * Adapts a request to what the model accepts instead of letting the API answer 400, reporting each change as a warning
 * (it reaches `response_metadata.warnings`). For a known reasoning model, `max_tokens` is sent as
 * `max_completion_tokens` and the parameters it refuses are left out (unless told `reasoning_effort: "none"`, which
 * re-enables sampling). For a model known not to reason, `reasoning_effort`, and `verbosity` other than `medium`, are
 * left out. Other models are untouched. `options.reasoningModel` overrides the judgement by name, for names that do not
 * tell (a proxy's alias): `true` applies the reasoning rules, `false` drops `reasoning_effort` (the verbosity rule
 * stays with the names known to refuse it).
 *
 * @example
 * applyModelRestrictions({ model: "o3-mini", messages, temperature: 0.2 });
 * // { request: { model: "o3-mini", messages }, warnings: ["temperature=0.2 was not sent: o3-mini accepts only the default (1)."] }
 * applyModelRestrictions({ model: "team-reasoner", messages, max_tokens: 500 }, { reasoningModel: true });
 * // { request: { model: "team-reasoner", messages, max_completion_tokens: 500 }, warnings: ["maxTokens was sent as …"] }
 */
export function applyModelRestrictions(request: ChatRequest, options: ModelRestrictionOptions = {}): { request: ChatRequest; warnings: string[] } {
  const override = options.reasoningModel;
  if (override === false || (override === undefined && isNonReasoningModel(request.model))) return applyNonReasoningRestrictions(request);
  if (!(override ?? isReasoningModel(request.model)) || request.reasoning_effort === "none") return { request, warnings: [] };
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
  const refused = reasoningModelAcceptsStop(request.model) ? REFUSED : [...REFUSED, "stop"];
  for (const key of refused) {
    if (adapted[key] != null) {
      warnings.push(`${key} was not sent: ${request.model} does not support it.`);
      delete adapted[key];
    }
  }
  return { request: adapted as unknown as ChatRequest, warnings };
}

// Models before gpt-5 answer a verbosity other than medium with "Unsupported value: 'verbosity' does not support 'low'
// with this model. Supported values are: 'medium'." (captured for gpt-4o, google-deepmind/concordia#164); a sweep of
// every model (big-AGI#947) found low and high accepted by the gpt-5 family only.
const DEFAULT_VERBOSITY = "medium";

function applyNonReasoningRestrictions(request: ChatRequest): { request: ChatRequest; warnings: string[] } {
  const adapted: Record<string, unknown> = { ...request };
  const warnings: string[] = [];
  if (adapted.reasoning_effort != null) {
    warnings.push(`reasoning_effort=${JSON.stringify(adapted.reasoning_effort)} was not sent: ${request.model} does not reason (reasoning effort is for o-series and gpt-5 models).`);
    delete adapted.reasoning_effort;
  }
  if (adapted.verbosity != null && adapted.verbosity !== DEFAULT_VERBOSITY && isNonReasoningModel(request.model)) {
    warnings.push(`verbosity=${JSON.stringify(adapted.verbosity)} was not sent: ${request.model} accepts only the default ("${DEFAULT_VERBOSITY}"); other values are for gpt-5 models.`);
    delete adapted.verbosity;
  }
  return warnings.length === 0 ? { request, warnings } : { request: adapted as unknown as ChatRequest, warnings };
}
