import { ConfigurationError } from "../errors/errors.js";

/** What an API key is replaced with wherever an error would otherwise show it. */
export const REDACTED_API_KEY = "[redacted API key]";

/**
 * Keys shorter than this are placeholders for local servers (`"x"`, `"test"`), not secrets; replacing them by value
 * would mangle ordinary words in every error. OpenAI's keys are over 40 characters.
 */
export const MIN_SCRUBBED_LENGTH = 8;

/**
 * Refuses a key the `Authorization` header cannot carry (a line break, another control character, a space or a
 * non-ASCII character, most often pasted or read from a file with its newline). Without this the header code throws an
 * untyped TypeError whose message holds the whole key. The error says where the bad character is, never the key.
 *
 * @example
 * checkApiKey("sk-abc\n"); // throws ConfigurationError: "The OpenAI API key contains a line break (character 7 of 7) …"
 */
export function checkApiKey(apiKey: string): void {
  for (let index = 0; index < apiKey.length; index += 1) {
    const code = apiKey.charCodeAt(index);
    if (code >= 0x21 && code <= 0x7e) continue;
    throw new ConfigurationError(
      `The OpenAI API key contains ${describeCharacter(code)} (character ${index + 1} of ${apiKey.length}), which an HTTP header ` +
        "cannot carry, so nothing was sent. Copy the key again: it is printable ASCII with no spaces or line breaks " +
        "(a trailing newline often comes from reading the key from a file or from `echo`; trim it).",
    );
  }
}

function describeCharacter(code: number): string {
  if (code === 0x0a || code === 0x0d) return "a line break";
  if (code === 0x20) return "a space";
  if (code < 0x20 || code === 0x7f) return "a control character";
  return "a non-ASCII character";
}

/**
 * Removes `secret` by value from an error we are about to surface: its message and stack, every string, record and
 * `Headers` in its own properties (the SDK's `error` body, `headers`), and the same along its `cause` chain. A server
 * that echoes the key back (in a message or an error body) therefore never gets it into a log. Mutates and returns
 * `error`; values that are not objects pass through, and so does everything for a key shorter than
 * {@link MIN_SCRUBBED_LENGTH}.
 *
 * @example
 * throw scrubApiKey(wrapOpenAIError(error), "sk-…");
 */
export function scrubApiKey<T>(error: T, secret: string | undefined): T {
  if (secret === undefined || secret.length < MIN_SCRUBBED_LENGTH) return error;
  const seen = new Set<unknown>();
  for (let current: unknown = error; typeof current === "object" && current !== null && !seen.has(current); ) {
    seen.add(current);
    scrubOwnProperties(current as Record<string, unknown>, secret, seen);
    current = (current as { cause?: unknown }).cause;
  }
  return error;
}

function scrubOwnProperties(target: Record<string, unknown>, secret: string, seen: Set<unknown>): void {
  // `message` and `stack` are own properties of an Error; the rest are whatever the error class attached.
  for (const name of Object.getOwnPropertyNames(target)) {
    if (name === "cause") continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (descriptor === undefined || !("value" in descriptor) || descriptor.configurable === false && descriptor.writable === false) continue;
    const scrubbed = scrubValue(descriptor.value, secret, seen);
    if (scrubbed === descriptor.value) continue;
    try {
      Object.defineProperty(target, name, { ...descriptor, value: scrubbed });
    } catch {
      // A frozen object: its strings cannot be replaced (none of ours or the SDK's is frozen).
    }
  }
}

function scrubValue(value: unknown, secret: string, seen: Set<unknown>): unknown {
  if (typeof value === "string") return value.includes(secret) ? value.split(secret).join(REDACTED_API_KEY) : value;
  if (typeof value !== "object" || value === null || seen.has(value)) return value;
  if (value instanceof Headers) return scrubHeaders(value, secret);
  if (value instanceof Error) {
    scrubApiKey(value, secret);
    return value;
  }
  seen.add(value);
  if (Array.isArray(value)) {
    if (Object.isFrozen(value)) return value;
    value.forEach((item, index) => {
      value[index] = scrubValue(item, secret, seen);
    });
    return value;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) scrubOwnProperties(value as Record<string, unknown>, secret, seen);
  return value;
}

function scrubHeaders(headers: Headers, secret: string): Headers {
  let leaks = false;
  headers.forEach((value) => {
    leaks ||= value.includes(secret);
  });
  if (!leaks) return headers;
  const copy = new Headers();
  headers.forEach((value, name) => copy.set(name, value.split(secret).join(REDACTED_API_KEY)));
  return copy;
}
