// The canonical `format` / `pattern` keywords of a Zod string. Both converters emit extra regexes that say less than
// the format keyword next to them (Zod 4 adds its own email/uuid/date regex beside `format`) or spell the same check
// differently (`startsWith("ab")` is `^ab` in zod-to-json-schema and `^ab.*` in Zod 4; zod-to-json-schema even
// escapes `w` as `\w`, which changes the regex). Each converter maps the sources it produced onto these forms.

type JsonRecord = Record<string, unknown>;

/**
 * Formats from the JSON Schema 2020-12 vocabulary: validators and models know them, so no regex is needed beside them.
 *
 * @example
 * STANDARD_STRING_FORMATS.has("email"); // true; "cuid" is not standard
 */
export const STANDARD_STRING_FORMATS: ReadonlySet<string> = new Set([
  "date-time",
  "date",
  "time",
  "duration",
  "email",
  "idn-email",
  "hostname",
  "idn-hostname",
  "ipv4",
  "ipv6",
  "uri",
  "uri-reference",
  "iri",
  "iri-reference",
  "uuid",
]);

/**
 * A literal-text check of a Zod string, in either major's vocabulary mapped to one name.
 *
 * @example
 * const kind: LiteralCheckKind = "startsWith"; // Zod 3 "startsWith", Zod 4 "starts_with"
 */
export type LiteralCheckKind = "startsWith" | "endsWith" | "includes";

function escapeRegExp(text: string): string {
  // Only ECMA-262 syntax characters, so the pattern is also valid under the `u` flag some validators use.
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The canonical pattern for a literal-text check.
 *
 * @example
 * canonicalLiteralPattern("startsWith", "a.b"); // "^a\\.b"
 */
export function canonicalLiteralPattern(kind: LiteralCheckKind, text: string): string {
  switch (kind) {
    case "startsWith":
      return `^${escapeRegExp(text)}`;
    case "endsWith":
      return `${escapeRegExp(text)}$`;
    case "includes":
      return escapeRegExp(text);
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function readPatterns(json: JsonRecord): string[] | undefined {
  if (typeof json["pattern"] === "string") return [json["pattern"]];
  const allOf = json["allOf"];
  if (!Array.isArray(allOf)) return [];
  const patterns: string[] = [];
  for (const member of allOf) {
    const only = typeof member === "object" && member !== null ? Object.keys(member) : [];
    const pattern = (member as JsonRecord | null)?.["pattern"];
    // Anything but `{ pattern }` (or `{ type: "string", pattern }`) is not ours to rewrite.
    if (typeof pattern !== "string" || only.some((key) => key !== "pattern" && key !== "type")) return undefined;
    patterns.push(pattern);
  }
  return patterns;
}

/**
 * Rewrites the string patterns of `json` in place: a source mapped to `null` is dropped, one mapped to a string is
 * replaced, the rest are kept. One pattern is written as `pattern`, several as `allOf: [{ pattern }, ...]`.
 *
 * @example
 * const json = { type: "string", pattern: "^x.*" };
 * rewriteStringPatterns(json, new Map([["^x.*", "^x"]])); // json.pattern === "^x"
 */
export function rewriteStringPatterns(json: JsonRecord, replacements: ReadonlyMap<string, string | null>): void {
  const patterns = readPatterns(json);
  if (patterns === undefined || patterns.length === 0 || replacements.size === 0) return;
  const rewritten: string[] = [];
  for (const source of patterns) {
    const replacement = replacements.has(source) ? replacements.get(source) : source;
    if (typeof replacement === "string" && !rewritten.includes(replacement)) rewritten.push(replacement);
  }
  delete json["pattern"];
  delete json["allOf"];
  if (rewritten.length === 1) json["pattern"] = rewritten[0];
  else if (rewritten.length > 1) json["allOf"] = rewritten.map((pattern) => ({ pattern }));
}
