// Which JSON Schema keywords hold subschemas (and in what shape), the canonical keyword order, and small helpers over
// JSON values, shared by the schema graph and the canonical writer.
import { cloneJson, isRecord, setOwn, type JsonRecord } from "../internal/json-values.js";

export type { JsonRecord };


/** Canonical keyword order; keywords not listed follow in alphabetical order. */
const KEYWORD_ORDER = [
  "$ref", "type", "title", "description", "const", "enum", "format", "contentEncoding", "contentMediaType", "pattern",
  "minLength", "maxLength", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf", "prefixItems",
  "items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "properties", "required",
  "patternProperties", "additionalProperties", "propertyNames", "minProperties", "maxProperties", "anyOf", "oneOf",
  "allOf", "not", "default", "examples",
] as const;
const KEYWORD_RANK = new Map<string, number>(KEYWORD_ORDER.map((keyword, index) => [keyword, index]));

const SINGLE_SCHEMA_KEYWORDS = new Set([
  "additionalProperties", "additionalItems", "items", "not", "propertyNames", "contains", "if", "then", "else",
  "unevaluatedProperties", "unevaluatedItems",
]);
const ARRAY_SCHEMA_KEYWORDS = new Set(["prefixItems", "anyOf", "oneOf", "allOf", "items"]);
const MAP_SCHEMA_KEYWORDS = new Set(["properties", "patternProperties", "dependentSchemas"]);

/**
 * Keywords that describe rather than constrain, moved together when a nullable's annotations are hoisted.
 *
 * @example
 * ANNOTATION_KEYWORDS.includes("description"); // true
 */
export const ANNOTATION_KEYWORDS = ["title", "description", "default", "examples"] as const;

/**
 * Never written to the canonical form: `$defs` is rebuilt, `id` is Zod 4's registry tag, and `readOnly` comes from
 * `.readonly()`, a TypeScript-side promise rather than a constraint on the data.
 *
 * @example
 * DROPPED_KEYWORDS.has("$schema"); // true
 */
export const DROPPED_KEYWORDS: ReadonlySet<string> = new Set(["$schema", "$defs", "definitions", "id", "readOnly"]);

/**
 * The keys of a schema node in canonical order.
 *
 * @example
 * orderedKeys({ description: "d", type: "string" }); // ["type", "description"]
 */
export function orderedKeys(node: JsonRecord): string[] {
  const keys = Object.keys(node);
  const rank = (key: string): number => KEYWORD_RANK.get(key) ?? 0;
  const known = keys.filter((key) => KEYWORD_RANK.has(key)).sort((a, b) => rank(a) - rank(b));
  return [...known, ...keys.filter((key) => !KEYWORD_RANK.has(key)).sort()];
}

// How a keyword holds subschemas: a map of them, a list, one, or none (its value is data).
function schemaShapeOf(keyword: string, value: unknown): "map" | "list" | "single" | "data" {
  if (MAP_SCHEMA_KEYWORDS.has(keyword) && isRecord(value)) return "map";
  if (ARRAY_SCHEMA_KEYWORDS.has(keyword) && Array.isArray(value)) return "list";
  return SINGLE_SCHEMA_KEYWORDS.has(keyword) ? "single" : "data";
}

/**
 * Calls `visit` with each subschema of `node`, in canonical keyword order.
 *
 * @example
 * forEachSubschema({ type: "array", items: { type: "string" } }, (child) => children.push(child));
 */
export function forEachSubschema(node: JsonRecord, visit: (child: unknown) => void): void {
  for (const keyword of orderedKeys(node)) {
    const value = node[keyword];
    if (DROPPED_KEYWORDS.has(keyword)) continue;
    const shape = schemaShapeOf(keyword, value);
    if (shape === "map") Object.values(value as JsonRecord).forEach(visit);
    else if (shape === "list") (value as unknown[]).forEach(visit);
    else if (shape === "single") visit(value);
  }
}

/**
 * Copies `node`'s keywords in canonical order, passing every subschema through `mapSchema` and copying data.
 *
 * @example
 * mapSubschemas({ items: { type: "string" }, type: "array" }, () => true); // { type: "array", items: true }
 */
export function mapSubschemas(node: JsonRecord, mapSchema: (child: unknown, propertyName?: string) => unknown): JsonRecord {
  const out: JsonRecord = {};
  for (const keyword of orderedKeys(node)) {
    const value = node[keyword];
    if (DROPPED_KEYWORDS.has(keyword) || value === undefined) continue;
    switch (schemaShapeOf(keyword, value)) {
      case "map": {
        const map: JsonRecord = {};
        for (const [key, child] of Object.entries(value as JsonRecord)) {
          setOwn(map, key, mapSchema(child, keyword === "properties" ? key : undefined));
        }
        setOwn(out, keyword, map);
        break;
      }
      case "list":
        setOwn(out, keyword, (value as unknown[]).map((child) => mapSchema(child)));
        break;
      case "single":
        setOwn(out, keyword, mapSchema(value));
        break;
      case "data":
        setOwn(out, keyword, cloneJson(value));
        break;
    }
  }
  return out;
}
