// OpenAI's schema validator is written in Python and prints paths, keyword sets and offending values with Python's
// repr(). These helpers reproduce that rendering for JSON values, so messages match byte for byte.

/** A JSON object, as `JSON.parse` produces it. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Python's str.isprintable() is false for control, format, private-use, unassigned and separator characters (except
// the plain space); repr() escapes exactly those.
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default:
      break;
  }
  if (ch === quote) return `\\${quote}`;
  if (ch === " " || !NON_PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

/** Python's repr() of a str: single quotes, unless the text holds a single quote and no double quote. */
export function pyStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = "";
  for (const ch of text) body += escapeChar(ch, quote);
  return `${quote}${body}${quote}`;
}

// JSON does not keep the int/float distinction; an integral number is printed as a Python int. Python pads a
// one-digit exponent to two digits (1e-07), JavaScript does not (1e-7).
function pyNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  return String(value).replace(/e([+-])(\d)$/, "e$10$2");
}

/** Python's repr() of a parsed JSON value (None, True, False, ints, floats, str, list, dict). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return pyStr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyStr(key)}: ${pyRepr(item)}`)
      .join(", ")}}`;
  }
  return pyStr(String(value));
}

/** Python's repr() of a tuple of str: `()`, `('properties',)` (a 1-tuple keeps its comma), `('a', 'b')`. */
export function pyTuple(parts: readonly string[]): string {
  if (parts.length === 1) return `(${pyStr(parts[0] ?? "")},)`;
  return `(${parts.map(pyStr).join(", ")})`;
}

/** Python's repr() of a set of str. Python's order is hash-based; the schema's key order stands in for it. */
export function pySet(parts: readonly string[]): string {
  return `{${parts.map(pyStr).join(", ")}}`;
}

/** Counts characters the way Python's len() does (code points, not UTF-16 units). */
export function pyLen(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
