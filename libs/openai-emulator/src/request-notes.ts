/**
 * The request header that scopes a request: scenario rules loaded for a scope answer only requests that carry it, and
 * its journal entries, fault counters and rule uses are kept apart, so parallel tests cannot interfere.
 *
 * @example
 * new OpenAI({ baseURL, apiKey: "test", fetch: emulator.fetch, defaultHeaders: { [SCOPE_HEADER]: "test-42" } });
 */
export const SCOPE_HEADER = "x-emulator-scope";

/**
 * Where an answer came from: the emulated model, a scenario rule, a cassette, or an upstream API (recorded).
 *
 * @example
 * emulator.journal.entries().filter((entry) => entry.source === "replayed");
 */
export type AnswerSource = "emulated" | "scenario" | "replayed" | "recorded";

/** What the emulator notes about one request while answering it; the journal reports it. */
export interface RequestNotes {
  /** The `x-emulator-scope` header, or null. */
  scope: string | null;
  /** The name of the scenario rule that answered, or null. */
  rule: string | null;
  /** The fault specs that fired, as written (`"429"`, `"disconnect@3"`). */
  faults: string[];
  source: AnswerSource;
}

/**
 * The scope a request belongs to: its `x-emulator-scope` header, trimmed, or null without one.
 *
 * @example
 * readScope(new Headers({ "x-emulator-scope": "test-42" })); // "test-42"
 */
export function readScope(headers: Headers): string | null {
  const scope = headers.get(SCOPE_HEADER)?.trim();
  return scope ? scope : null;
}
