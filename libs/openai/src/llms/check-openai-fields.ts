// The constructor check of the legacy completions LLM: nothing given is ignored, and what the API would refuse is
// refused before any request, with the field named as the caller spelt it.
import { CHAT_OPENAI_FIELDS } from "../chat-openai-fields.js";
import { ConfigurationError, InvalidOptionError, UnknownOptionError } from "../errors/errors.js";
import { findClosestName } from "../internal/edit-distance.js";
import { findNonJsonValue } from "../internal/find-non-json-value.js";
import { OPENAI_LLM_FIELDS, type OpenAIFields } from "./openai-fields.js";

const FIELD_NAMES: readonly string[] = Object.keys(OPENAI_LLM_FIELDS);

/** What a value must be (for the message) and whether it is. */
interface Rule {
  accepts: string;
  check(value: unknown): boolean;
}

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const decimal = (min: number, max: number): Rule => ({ accepts: `a number from ${min} to ${max}`, check: (value) => isFiniteNumber(value) && value >= min && value <= max });
const integer = (min: number, max = Number.MAX_SAFE_INTEGER): Rule => ({
  accepts: max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`,
  check: (value) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max,
});
const STRING: Rule = { accepts: "a string", check: (value) => typeof value === "string" };
const MODEL: Rule = {
  accepts: 'a model name such as "gpt-3.5-turbo-instruct" (not empty, no spaces around it, no control characters)',
  // eslint-disable-next-line no-control-regex
  check: (value) => typeof value === "string" && value !== "" && value.trim() === value && !/[\u0000-\u001f\u007f]/u.test(value),
};
// "Expected an array with maximum length 4" (the API's limit on stop sequences, as on Chat Completions).
const STOP: Rule = {
  accepts: "an array of at most 4 strings",
  check: (value) => Array.isArray(value) && value.length <= 4 && value.every((item) => typeof item === "string"),
};
const LOGIT_BIAS: Rule = {
  accepts: "an object of token ids (non-negative integers, as keys) each mapped to a bias from -100 to 100",
  check: (value) =>
    typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.entries(value).every(([key, bias]) => /^\d+$/u.test(key) && isFiniteNumber(bias) && bias >= -100 && bias <= 100),
};
const MILLISECONDS: Rule = { accepts: "a number of milliseconds from 1 to 2147483647", check: (value) => isFiniteNumber(value) && value >= 1 && value <= 2 ** 31 - 1 };

// Bounds as the Completions API states them (API reference; the emulator's completion-request-schema.ts enforces the
// same): logprobs "maximum value is 5", best_of up to 20, n up to 128, max_tokens 0 or more (-1 is @langchain/openai's
// "as many as fit").
const RULES: Readonly<Record<string, Rule>> = {
  model: MODEL,
  modelName: MODEL,
  temperature: decimal(0, 2),
  topP: decimal(0, 1),
  frequencyPenalty: decimal(-2, 2),
  presencePenalty: decimal(-2, 2),
  maxTokens: { accepts: "a whole number of at least 0, or -1 for as many as fit", check: (value) => value === -1 || integer(0).check(value) },
  n: integer(1, 128),
  bestOf: integer(1, 20),
  logprobs: integer(0, 5),
  seed: integer(Number.MIN_SAFE_INTEGER),
  logitBias: LOGIT_BIAS,
  stop: STOP,
  stopSequences: STOP,
  suffix: STRING,
  user: STRING,
  echo: { accepts: "true or false", check: (value) => typeof value === "boolean" },
  batchSize: integer(1),
  maxRetries: integer(0),
  timeout: MILLISECONDS,
  streamIdleTimeout: { accepts: "a number of milliseconds from 0 (off) to 2147483647", check: (value) => value === 0 || MILLISECONDS.check(value) },
  maxResponseBytes: integer(1),
};

/**
 * OpenAI's chat-only model families, which `/v1/completions` answers with a 404 "This is a chat model and not
 * supported in the v1/completions endpoint" (captured: commitgpt#43, go-openai#126; the emulator's models table marks
 * them `completions: false`). `@langchain/openai` refuses `gpt-3.5-turbo*`, `gpt-4*` and `o1*` (without `-instruct`)
 * at construction; the later families are refused the same way. Fine-tunes (`ft:gpt-4o-mini:…`) count as their base.
 */
const CHAT_ONLY_MODEL = /^(?:ft:)?(?:gpt-3\.5-turbo|gpt-4|gpt-5|o1|o3|o4|chatgpt-)/u;

/**
 * Whether a model name belongs to a chat-only family (see above); `-instruct` models are completion models.
 *
 * @example
 * isChatOnlyModel("gpt-4o-mini"); // true
 * isChatOnlyModel("gpt-3.5-turbo-instruct"); // false
 */
export function isChatOnlyModel(model: string): boolean {
  return CHAT_ONLY_MODEL.test(model) && !model.includes("-instruct");
}

/**
 * Checks the LLM's constructor fields before anything reads them: an unknown name is an UnknownOptionError (with the
 * closest known name, or a note that it is a ChatOpenAI field), a value out of the API's bounds an
 * InvalidOptionError, and so are `bestOf` below `n`, `streaming` with `bestOf` above `n` (the API streams no
 * candidates it has to rank), a chat-only model, and `echo` with `logprobs` on gpt-3.5-turbo-instruct (which the API
 * refuses: "Setting 'echo' and 'logprobs' at the same time is not supported for this model", captured in
 * automatic_prompt_engineer#25). Fields set to `undefined` count as not given.
 *
 * @example
 * checkOpenAIFields({ bestOf: 1, n: 2 }, []); // throws InvalidOptionError: "bestOf (1) is below n (2) …"
 */
export function checkOpenAIFields(fields: OpenAIFields, additionalNames: readonly string[]): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || additionalNames.includes(name)) continue;
    if (!Object.hasOwn(OPENAI_LLM_FIELDS, name)) throw unknownFieldError(name, additionalNames);
    const rule = RULES[name];
    if (rule !== undefined && !rule.check(value)) {
      throw new InvalidOptionError(`new OpenAI() got ${name} = ${describe(value)}, but it must be ${rule.accepts}. Fix or remove it; nothing was sent.`, { option: name });
    }
  }
  const found = fields.modelKwargs === undefined ? undefined : findNonJsonValue(fields.modelKwargs);
  if (found !== undefined) {
    throw new InvalidOptionError(`new OpenAI() got modelKwargs holding at ${found.path} ${found.problem}. Replace it with a JSON value.`, { option: `modelKwargs.${found.path}` });
  }
  checkCrossFields(fields);
}

function checkCrossFields(fields: OpenAIFields): void {
  const model = fields.model ?? fields.modelName;
  if (model !== undefined && isChatOnlyModel(model)) {
    throw new ConfigurationError(
      `"${model}" is a chat model: the API serves it only on /v1/chat/completions, and answers 404 on /v1/completions, ` +
        'which this OpenAI class calls. Use ChatOpenAI for it, or a completions model such as "gpt-3.5-turbo-instruct".',
    );
  }
  const n = fields.n ?? 1;
  if (fields.bestOf !== undefined && fields.bestOf < n) {
    throw new InvalidOptionError(`bestOf (${fields.bestOf}) is below n (${n}): the API generates bestOf candidates and returns the n best, so bestOf must be at least n.`, { option: "bestOf" });
  }
  if (fields.streaming === true && fields.bestOf !== undefined && fields.bestOf > n) {
    throw new InvalidOptionError(
      `streaming cannot be used with bestOf (${fields.bestOf}) above n (${n}): the API must rank every candidate before it answers, so it refuses to stream them. ` +
        "Turn streaming off or remove bestOf.",
      { option: "bestOf" },
    );
  }
  if (fields.echo === true && fields.logprobs !== undefined && (model ?? "gpt-3.5-turbo-instruct").startsWith("gpt-3.5-turbo-instruct")) {
    throw new InvalidOptionError(
      "gpt-3.5-turbo-instruct does not take echo and logprobs together (the API answers 400). Drop one, or use davinci-002 / babbage-002.",
      { option: "logprobs" },
    );
  }
}

function unknownFieldError(name: string, additionalNames: readonly string[]): UnknownOptionError {
  const suggestion = findClosestName(name, [...FIELD_NAMES, ...additionalNames]);
  const chatField = Object.hasOwn(CHAT_OPENAI_FIELDS, name) ? ` \`${name}\` is a ChatOpenAI field with no counterpart on /v1/completions.` : "";
  const hint = suggestion === undefined ? "" : ` Did you mean \`${suggestion}\`?`;
  return new UnknownOptionError(
    `new OpenAI() got an unknown field \`${name}\`.${chatField}${hint} Unknown fields are refused rather than ignored; ` +
      "request-body keys without a field go in `modelKwargs`.",
    { option: name, ...(suggestion === undefined ? {} : { suggestion }) },
  );
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" && value !== null ? "an object" : String(value);
}
