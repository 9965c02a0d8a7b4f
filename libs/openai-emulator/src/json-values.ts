// Small JSON helpers the routes, faults, scenarios and replay share.

/**
 * Whether a value is a plain JSON object (not null, not an array).
 *
 * @example
 * isRecord({ a: 1 }); // true
 * isRecord([1]); // false
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses text that should hold a JSON object; anything else (invalid JSON, an array, a scalar) gives undefined, so the
 * caller can leave the text for validation to report.
 *
 * @example
 * parseJsonObject('{"model":"gpt-4o-mini"}'); // { model: "gpt-4o-mini" }
 * parseJsonObject("[1]"); // undefined
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
