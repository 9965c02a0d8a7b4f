// The values the API refuses, refused before anything is sent, with the option named as the caller spelt it. Bounds and
// types are those of the API as the protocol notes record them (section 2.4 "Bounds") and as the emulator's request
// schema enforces them (libs/openai-emulator/src/validate/chat-request-schema.ts): nothing the API accepts is refused
// here. Model-specific limits (a model's largest max_tokens, its highest token id, what a reasoning model takes) are
// left to the API or to applyModelRestrictions.

import { InvalidOptionError } from "../errors/errors.js";
import { findNonJsonValue } from "../internal/find-non-json-value.js";

/** What a value must be, and a check of it: `true` when valid, or a sentence saying what exactly is wrong. */
interface ValueRule {
  /** e.g. "a number from 0 to 2". */
  accepts: string;
  check(value: unknown): boolean | string;
  /** Whether the API takes `null` (it then applies its default). */
  nullable?: boolean;
  /** A setting of this package, not a request-body value (so NaN is not "sent as null"). */
  local?: boolean;
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function decimal(min: number, max: number): ValueRule {
  return { accepts: `a number from ${min} to ${max}`, check: (value) => isNumber(value) && value >= min && value <= max, nullable: true };
}

function integer(min?: number, max?: number): ValueRule {
  const range = min === undefined ? "" : max === undefined ? ` of at least ${min}` : ` from ${min} to ${max}`;
  return {
    accepts: `a whole number${range}`,
    check: (value) => Number.isSafeInteger(value) && (min === undefined || (value as number) >= min) && (max === undefined || (value as number) <= max),
    nullable: true,
  };
}

const BOOLEAN: ValueRule = { accepts: "true or false", check: (value) => typeof value === "boolean", nullable: true };
const STRING: ValueRule = { accepts: "a string", check: (value) => typeof value === "string" };

// OpenAI's limit on stop sequences ("Expected an array with maximum length 4"); o3-mini accepts stop (recorded), so no
// model is refused here.
const MAX_STOP_SEQUENCES = 4;
const STOP: ValueRule = {
  accepts: `a string or an array of at most ${MAX_STOP_SEQUENCES} strings`,
  check(value) {
    if (typeof value === "string") return true;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) return false;
    return value.length <= MAX_STOP_SEQUENCES || `it has ${value.length} stop sequences`;
  },
  nullable: true,
};

// Keys are token ids; the API answers "Invalid key in 'logit_bias': AI. You should only be submitting non-negative
// integers." The highest id depends on the model's encoding and is left to the API.
const MAX_LOGIT_BIAS_KEYS = 1024;
const LOGIT_BIAS: ValueRule = {
  accepts: `an object of at most ${MAX_LOGIT_BIAS_KEYS} token ids (non-negative integers, as keys) each mapped to a bias from -100 to 100`,
  check(value) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    if (entries.length > MAX_LOGIT_BIAS_KEYS) return `it has ${entries.length} keys`;
    const badKey = entries.find(([key]) => !/^\d+$/u.test(key));
    if (badKey) return `its key ${JSON.stringify(badKey[0])} is not a token id`;
    const badBias = entries.find(([, bias]) => !isNumber(bias) || bias < -100 || bias > 100);
    return badBias === undefined || `the bias of token ${badBias[0]} is ${describeValue(badBias[1])}`;
  },
  nullable: true,
};

// An empty model is refused by the API ("you must provide a model parameter"); a name with a control character or
// surrounding spaces is no model's name (404), and a newline would also break logs and headers that echo it.
const MODEL: ValueRule = {
  accepts: 'a model name such as "gpt-4o-mini" (not empty, no spaces around it, no newlines or other control characters)',
  // eslint-disable-next-line no-control-regex
  check: (value) => typeof value === "string" && value !== "" && value.trim() === value && !/[\u0000-\u001f\u007f]/u.test(value),
};

// setTimeout's largest delay: a longer one (or Infinity) fires after 1 ms instead.
const MAX_TIMER_MS = 2 ** 31 - 1;
const TIMEOUT: ValueRule = {
  accepts: `a number of milliseconds from 1 to ${MAX_TIMER_MS} (leave it unset for the default)`,
  check: (value) => isNumber(value) && value >= 1 && value <= MAX_TIMER_MS,
  local: true,
};

// 0 turns the idle check off; anything else is a timer delay, so it has the timer's range.
const STREAM_IDLE_TIMEOUT: ValueRule = {
  accepts: `a number of milliseconds from 1 to ${MAX_TIMER_MS}, or 0 to turn the check off`,
  check: (value) => isNumber(value) && value >= 0 && value <= MAX_TIMER_MS,
  local: true,
};

const MAX_RESPONSE_BYTES: ValueRule = {
  accepts: "a whole number of bytes of at least 1 (leave it unset for no limit)",
  check: (value) => Number.isSafeInteger(value) && (value as number) >= 1,
  local: true,
};

/** Request-body keys with a rule, and the names a caller sets them by. */
const WIRE_RULES: Readonly<Record<string, { field: string; call?: string; rule: ValueRule }>> = {
  model: { field: "model", rule: MODEL },
  temperature: { field: "temperature", rule: decimal(0, 2) },
  top_p: { field: "topP", rule: decimal(0, 1) },
  frequency_penalty: { field: "frequencyPenalty", rule: decimal(-2, 2) },
  presence_penalty: { field: "presencePenalty", rule: decimal(-2, 2) },
  // n >= 1; 128 is the API's documented cap (some models cap lower, which the API reports).
  n: { field: "n", rule: integer(1, 128) },
  max_tokens: { field: "maxTokens", rule: integer(1) },
  max_completion_tokens: { field: "maxCompletionTokens", rule: integer(1) },
  logprobs: { field: "logprobs", rule: BOOLEAN },
  top_logprobs: { field: "topLogprobs", rule: integer(0, 20) },
  logit_bias: { field: "logitBias", rule: LOGIT_BIAS },
  user: { field: "user", rule: STRING },
  stop: { field: "stop", call: "stop", rule: STOP },
  seed: { field: "seed", call: "seed", rule: integer() },
  store: { field: "store", rule: BOOLEAN },
};

/** Constructor fields with a rule of their own, beyond the request-body keys above. */
const FIELD_RULES: Readonly<Record<string, ValueRule>> = {
  ...Object.fromEntries(Object.values(WIRE_RULES).map(({ field, rule }) => [field, rule])),
  modelName: MODEL,
  stopSequences: STOP,
  timeout: TIMEOUT,
  streamIdleTimeout: STREAM_IDLE_TIMEOUT,
  maxResponseBytes: MAX_RESPONSE_BYTES,
  maxRetries: { accepts: "a whole number of at least 0", check: (value) => Number.isSafeInteger(value) && (value as number) >= 0, local: true },
  reasoningModel: { ...BOOLEAN, local: true },
  includeResponseHeaders: { ...BOOLEAN, local: true },
  contextWindow: {
    accepts: "a whole number of tokens of at least 1",
    check: (value) => Number.isSafeInteger(value) && (value as number) >= 1,
    local: true,
  },
};

/** Call options checked before a call starts (the rest are checked in the request body, see checkRequestValues). */
const CALL_RULES: Readonly<Record<string, ValueRule>> = {
  timeout: TIMEOUT,
  streamIdleTimeout: STREAM_IDLE_TIMEOUT,
  maxResponseBytes: MAX_RESPONSE_BYTES,
};

/** Constructor fields that go into the request body as they are, so JSON must carry them faithfully. */
const BODY_FIELDS = [
  "temperature", "maxTokens", "maxCompletionTokens", "topP", "frequencyPenalty", "presencePenalty", "n", "stop",
  "stopSequences", "logprobs", "topLogprobs", "seed", "user", "logitBias", "modelKwargs", "serviceTier", "service_tier",
  "reasoning", "reasoningEffort", "verbosity", "promptCacheKey", "promptCacheRetention", "promptCacheOptions",
  "modalities", "audio", "prediction", "extraBody", "requestMetadata", "webSearchOptions",
];

function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "bigint") return `the BigInt ${String(value)}n`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" && value !== null ? "an object" : String(value);
}

function invalid(label: string, option: string, value: unknown, rule: ValueRule, detail?: string): InvalidOptionError {
  const silent = typeof value === "number" && !Number.isFinite(value) && rule.local !== true;
  const what = (detail ?? `is ${describeValue(value)}`) + (silent ? " (JSON would send it as null, so the API's default would apply silently)" : "");
  const verb = detail === undefined ? " " : ": ";
  return new InvalidOptionError(
    `${label}${verb}${what}, but it must be ${rule.accepts}. Fix or remove it; nothing was sent.`,
    { option },
  );
}

function checkRule(rule: ValueRule, value: unknown, label: string, option: string): void {
  if (value === undefined || (value === null && rule.nullable === true)) return;
  const result = rule.check(value);
  if (result === true) return;
  throw invalid(label, option, value, rule, typeof result === "string" ? result : undefined);
}

function checkJson(value: unknown, label: string, option: string): void {
  const found = findNonJsonValue(value);
  if (found === undefined) return;
  const where = found.path === "" ? "" : ` at ${found.path}`;
  throw new InvalidOptionError(`${label} holds${where} ${found.problem}. Replace it with a JSON value; nothing was sent.`, {
    option: found.path === "" ? option : `${option}.${found.path}`,
  });
}

/**
 * Checks the values of constructor fields: the bounds and types the API enforces (`temperature` 0 to 2, `maxTokens` a
 * whole number of at least 1, at most 4 stop sequences, `logitBias` keyed by token ids, a usable model name, …), a
 * usable `timeout`, `maxRetries` and `contextWindow`, and that everything bound for the request body is JSON (no NaN,
 * Infinity, BigInt, function or cycle, in `modelKwargs` too, whose known keys get the same rules).
 *
 * @example
 * checkFieldValues({ temperature: 99 }); // throws InvalidOptionError: "The field `temperature` is 99, but it must be a number from 0 to 2. …"
 */
export function checkFieldValues(fields: Record<string, unknown>): void {
  for (const [name, rule] of Object.entries(FIELD_RULES)) {
    // A null field is unset (the default applies) or sent as null, which the API takes; the body check sees the rest.
    if (Object.hasOwn(fields, name) && fields[name] !== null) checkRule(rule, fields[name], `The field \`${name}\``, name);
  }
  for (const name of BODY_FIELDS) {
    if (Object.hasOwn(fields, name)) checkJson(fields[name], `The field \`${name}\``, name);
  }
  const modelKwargs = fields.modelKwargs;
  if (typeof modelKwargs === "object" && modelKwargs !== null) {
    for (const [key, value] of Object.entries(modelKwargs)) {
      const rule = WIRE_RULES[key]?.rule;
      if (rule !== undefined) checkRule(rule, value, `\`modelKwargs.${key}\``, `modelKwargs.${key}`);
    }
  }
}

/**
 * Checks call options that act before any request is built (the per-call `timeout`, which would otherwise abort
 * every attempt at once or never); the others are checked in the request body (see checkRequestValues).
 *
 * @example
 * checkCallOptionValues({ timeout: Number.NaN }); // throws InvalidOptionError
 */
export function checkCallOptionValues(options: Record<string, unknown>): void {
  for (const [name, rule] of Object.entries(CALL_RULES)) {
    if (Object.hasOwn(options, name)) checkRule(rule, options[name], `The call option \`${name}\``, name);
  }
}

/** Where a request-body key came from, for naming it in an error. */
export interface BodyOrigins {
  modelKwargs: Record<string, unknown> | undefined;
  options: Record<string, unknown>;
}

/**
 * Checks the top-level values of a request body (messages and tools excluded: their own checks name the message or
 * tool) against the API's rules, naming each as the caller set it: `modelKwargs.temperature`, the call option `stop`,
 * or the field `maxTokens` (also after a field was changed on the model).
 *
 * @example
 * checkBodyValues({ model: "gpt-4o-mini", stop: ["a", "b", "c", "d", "e"] }, { modelKwargs: undefined, options: { stop: [...] } });
 * // throws InvalidOptionError: "The call option `stop`: it has 5 stop sequences, …"
 */
export function checkBodyValues(body: Record<string, unknown>, origins: BodyOrigins): void {
  for (const [key, value] of Object.entries(body)) {
    if (key === "messages" || key === "tools" || value === undefined) continue;
    const { label, option } = originOf(key, origins);
    const rule = WIRE_RULES[key]?.rule;
    if (rule !== undefined) checkRule(rule, value, label, option);
    checkJson(value, label, option);
  }
}

/** Request-body keys without a rule, by the option that sets them (a call option, a field, or both by one name). */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  service_tier: "serviceTier", reasoning_effort: "reasoning", verbosity: "verbosity", prompt_cache_key: "promptCacheKey",
  prompt_cache_retention: "promptCacheRetention", prompt_cache_options: "promptCacheOptions", modalities: "modalities",
  audio: "audio", prediction: "prediction", metadata: "requestMetadata", web_search_options: "webSearchOptions",
  response_format: "response_format", stream_options: "stream_options",
  functions: "functions", function_call: "function_call", tool_choice: "tool_choice", parallel_tool_calls: "parallel_tool_calls",
};

function originOf(key: string, { modelKwargs, options }: BodyOrigins): { label: string; option: string } {
  if (modelKwargs !== undefined && Object.hasOwn(modelKwargs, key)) return { label: `\`modelKwargs.${key}\``, option: `modelKwargs.${key}` };
  const names = WIRE_RULES[key];
  const call = names?.call ?? OPTION_NAMES[key] ?? key;
  if (options[call] !== undefined) return { label: `The call option \`${call}\``, option: call };
  const field = names?.field ?? OPTION_NAMES[key] ?? key;
  return { label: field === key ? `The field \`${field}\`` : `The field \`${field}\` (sent as \`${key}\`)`, option: field };
}

function mentionsJson(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  return messages.some((message: { content?: unknown } | null) => {
    const content = message?.content;
    if (typeof content === "string") return /json/iu.test(content);
    return Array.isArray(content) && content.some((part: { text?: unknown } | null) => typeof part?.text === "string" && /json/iu.test(part.text));
  });
}

/**
 * The API's rules between parameters, on the body as it will be sent (after applyModelRestrictions): `top_logprobs`
 * only with `logprobs: true`, not both `max_tokens` and `max_completion_tokens`, and `response_format: json_object`
 * only when a message says "json".
 *
 * @example
 * checkCrossFieldValues({ model: "gpt-4o", messages, top_logprobs: 3 }); // throws InvalidOptionError (logprobs is not true)
 */
export function checkCrossFieldValues(body: Record<string, unknown>): void {
  if (body.top_logprobs != null && body.logprobs !== true) {
    throw new InvalidOptionError(
      "`topLogprobs` (top_logprobs) is set but `logprobs` is not true, and OpenAI takes top_logprobs only with logprobs: true. " +
        "Set logprobs: true, or remove topLogprobs; nothing was sent.",
      { option: "topLogprobs" },
    );
  }
  if (body.max_tokens != null && body.max_completion_tokens != null) {
    throw new InvalidOptionError(
      "Both `maxTokens` (max_tokens) and `maxCompletionTokens` (max_completion_tokens) are set, and OpenAI refuses the " +
        "two together. Keep one (maxCompletionTokens is the current name); nothing was sent.",
      { option: "maxTokens" },
    );
  }
  const format = body.response_format as { type?: unknown } | null | undefined;
  if (format?.type === "json_object" && !mentionsJson(body.messages)) {
    throw new InvalidOptionError(
      "The call option `response_format` { type: \"json_object\" } needs the word \"json\" in the messages (OpenAI refuses it otherwise). " +
        'Say in a message that the answer is JSON, e.g. "Answer in JSON."; nothing was sent.',
      { option: "response_format" },
    );
  }
}
