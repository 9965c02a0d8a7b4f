// OpenAI's 401 for a wrong key quotes the key, masked but with its first and last characters ("Incorrect API key
// provided: sk-ab************7890."). Those characters are part of a secret and would identify it, so the cassette
// keeps a fixed placeholder instead. The client still gets the upstream's answer unchanged while recording.

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
