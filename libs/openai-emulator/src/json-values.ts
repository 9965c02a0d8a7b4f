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

/**
 * How a value is named in an error message: "nothing", "null", "an array", "an object", or its type and JSON.
 *
 * @example
 * describeValue(3); // "number 3"
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
