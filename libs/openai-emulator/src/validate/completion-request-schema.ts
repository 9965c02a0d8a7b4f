// The `POST /v1/completions` body (the legacy Completions API) as the API validates it: every parameter of the SDK's
// `CompletionCreateParamsBase` (openai 7.57), with its type and bounds. Bounds are the API reference's; the type words
// of `prompt` are not confirmed, those of the parameters it shares with Chat Completions are the chat captures'.

import { type ObjectSchema, type Schema, s } from "./validation-schema.js";

/** The type words of `prompt`. wording not confirmed */
export const PROMPT_TYPE_WORDS = "one of a string, array of strings, array of integers, or array of arrays of integers";

// One entry of an array prompt: a text, a token id, or a token-id list. Whether an array mixes them is checked
// after the type phase (validate-completion-request.ts); token ids are range-checked against the model's encoding.
const PROMPT_ENTRY = s.union(
  [s.string(), s.integer(), s.array(s.integer(), "an array of integers", { minItems: 1 })],
  "one of a string, integer, or array of integers",
);

/** Every top-level parameter except `model` (checked while parsing), in the SDK's order. */
export const COMPLETION_PARAMETERS: Readonly<Record<string, Schema>> = {
  prompt: s.union([s.string(), s.array(PROMPT_ENTRY, "an array", { minItems: 1 })], PROMPT_TYPE_WORDS, { nullable: true }),
  best_of: s.integer({ min: 0, max: 20, nullable: true }),
  echo: s.boolean({ nullable: true }),
  frequency_penalty: s.decimal({ min: -2, max: 2, nullable: true }),
  logit_bias: s.map(s.decimal({ min: -100, max: 100 }), { maxProperties: 1024, nullable: true }),
  // "The maximum value for logprobs is 5" (API reference).
  logprobs: s.integer({ min: 0, max: 5, nullable: true }),
  // 0 is allowed here (unlike Chat Completions): with `echo` it scores a prompt without generating anything.
  max_tokens: s.integer({ min: 0, nullable: true }),
  n: s.integer({ min: 1, max: 128, nullable: true }),
  presence_penalty: s.decimal({ min: -2, max: 2, nullable: true }),
  seed: s.integer({ nullable: true }),
  stop: s.union([s.string(), s.array(s.string(), "an array of strings", { maxItems: 4 })], "one of a string or array of strings", {
    nullable: true,
  }),
  stream: s.boolean({ nullable: true }),
  stream_options: s.object({ include_usage: s.boolean(), include_obfuscation: s.boolean() }, [], { strict: true, nullable: true }),
  suffix: s.string({ nullable: true }),
  temperature: s.decimal({ min: 0, max: 2, nullable: true }),
  top_p: s.decimal({ min: 0, max: 1, nullable: true }),
  user: s.string(),
};

/** The body minus `model`, for the schema phases. */
export const COMPLETION_REQUEST_SCHEMA: ObjectSchema = s.object(COMPLETION_PARAMETERS);
