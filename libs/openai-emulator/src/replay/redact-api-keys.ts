// OpenAI's 401 for a wrong key quotes the key, masked but with its first and last characters ("Incorrect API key
// provided: sk-ab************7890."). Those characters are part of a secret and would identify it, so the cassette
// keeps a fixed placeholder instead. The client still gets the upstream's answer unchanged while recording.

import { maskApiKey } from "../errors.js";

/** What a masked key in a recorded error becomes. */
export const REDACTED_API_KEY = "sk-***";

// The key after OpenAI's wording, whatever its shape (project keys, Azure keys, a key without asterisks when short),
// up to the sentence's full stop; and, in any other wording, an sk- key with a run of asterisks in it.
const KEY_AFTER_WORDING = /(Incorrect API key provided: )\S+?(?=\.?(?:\s|$))/gu;
const MASKED_SK_KEY = /\bsk-[\w-]*\*{2,}[\w-]*/gu;

/**
 * Replaces the masked API keys that OpenAI's error messages quote with {@link REDACTED_API_KEY}, in a string or in
 * every string of a JSON value (object keys included as they are).
 *
 * @example
 * redactApiKeys({ error: { message: "Incorrect API key provided: sk-ab****7890. You can find your API key at …" } });
 * // { error: { message: "Incorrect API key provided: sk-***. You can find your API key at …" } }
 */
export function redactApiKeys<T>(value: T): T {
  return redactValue(value) as T;
}

function redactValue(value: unknown): unknown {
  if (typeof value === "string") return value.replace(KEY_AFTER_WORDING, `$1${REDACTED_API_KEY}`).replace(MASKED_SK_KEY, REDACTED_API_KEY);
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, redactValue(item)]));
  return value;
}

// Shorter keys ("test", "dev") are words a recorded answer may hold for its own reasons; they are no secret either.
const MIN_SCRUBBED_KEY_LENGTH = 8;

/**
 * Replaces the given keys, by value, wherever they appear in a recorded value (every string of it, object keys
 * included), whole or masked as OpenAI's errors quote them, with {@link REDACTED_API_KEY}. This catches a key that an
 * answer echoes in any wording, which the patterns of {@link redactApiKeys} would miss. Keys shorter than 8 characters
 * are left alone.
 *
 * @example
 * scrubApiKeys({ note: "you sent sk-live-1234567890abcdef" }, ["sk-live-1234567890abcdef"]);
 * // { note: "you sent sk-***" }
 */
export function scrubApiKeys<T>(value: T, keys: ReadonlyArray<string | undefined>): T {
  const secrets = [...new Set(keys.flatMap((key) => (key && key.length >= MIN_SCRUBBED_KEY_LENGTH ? [key, maskApiKey(key)] : [])))]
    // Longest first, so a key is replaced whole before a shorter one inside it could be.
    .sort((left, right) => right.length - left.length);
  if (secrets.length === 0) return value;
  const scrub = (text: string) => secrets.reduce((current, secret) => current.split(secret).join(REDACTED_API_KEY), text);
  const visit = (item: unknown): unknown => {
    if (typeof item === "string") return scrub(item);
    if (Array.isArray(item)) return item.map(visit);
    if (typeof item === "object" && item !== null) return Object.fromEntries(Object.entries(item).map(([name, entry]) => [scrub(name), visit(entry)]));
    return item;
  };
  return visit(value) as T;
}
