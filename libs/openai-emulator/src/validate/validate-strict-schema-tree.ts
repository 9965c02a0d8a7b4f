// Schema-tree plumbing shared by the strict walk and the limit counters: where subschemas live, how a `$ref`
// resolves, and the JSON Schema meta-schema check OpenAI runs before any strict rule.
import { isJsonObject, pyRepr, type JsonObject } from "./validate-strict-schema-repr.js";

/** Keywords whose value maps names to subschemas. */
const MAP_KEYWORDS: ReadonlySet<string> = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);
/** Keywords whose value lists subschemas. */
const LIST_KEYWORDS: ReadonlySet<string> = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);
/** Keywords whose value is a single subschema. */
const SINGLE_KEYWORDS: ReadonlySet<string> = new Set([
  "items",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "additionalItems",
]);

/** The JSON Schema type names (draft 2020-12 `simpleTypes`). */
const SIMPLE_TYPES: ReadonlySet<string> = new Set([
  "array",
  "boolean",
  "integer",
  "null",
  "number",
  "object",
  "string",
]);
const NUMBER_KEYWORDS: ReadonlySet<string> = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
]);
const INTEGER_KEYWORDS: ReadonlySet<string> = new Set(["minItems", "maxItems", "minLength", "maxLength"]);
const STRING_KEYWORDS: ReadonlySet<string> = new Set(["pattern", "format", "$ref"]);

/** One subschema and the context path OpenAI prints for it, e.g. `['anyOf', '0']` (list indexes are strings). */
export interface Subschema {
  path: string[];
  value: unknown;
}

/** The subschemas held under one keyword. A wrongly shaped container yields none: the meta-schema check reports it. */
export function subschemasAt(keyword: string, value: unknown): Subschema[] {
  if (MAP_KEYWORDS.has(keyword)) {
    if (!isJsonObject(value)) return [];
    return Object.entries(value).map(([name, child]) => ({ path: [keyword, name], value: child }));
  }
  if (LIST_KEYWORDS.has(keyword)) {
    return Array.isArray(value) ? value.map((child: unknown, i) => ({ path: [keyword, String(i)], value: child })) : [];
  }
  return SINGLE_KEYWORDS.has(keyword) ? [{ path: [keyword], value }] : [];
}

/** The `type` names a node declares (`"object"` or `["object", "null"]`); empty when absent or malformed. */
export function declaredTypes(node: JsonObject): string[] {
  const type = node["type"];
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : [];
}

/** Resolves a local `$ref` (`#` or a JSON pointer such as `#/$defs/Node`) against the root; undefined if it dangles. */
export function resolveRef(root: JsonObject, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    let token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    try {
      token = decodeURIComponent(token);
    } catch {
      // A stray "%" is a literal character in the pointer, not an escape.
    }
    if (isJsonObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

function isValidType(value: unknown): boolean {
  if (typeof value === "string") return SIMPLE_TYPES.has(value);
  if (!Array.isArray(value) || value.length === 0) return false;
  const names = value.filter((t): t is string => typeof t === "string" && SIMPLE_TYPES.has(t));
  return names.length === value.length && new Set(names).size === names.length;
}

// Messages in python-jsonschema's words (`X is not of type 'object', 'boolean'`), which OpenAI relays with a
// trailing period. Confirmed for a root array (`[…] is not of type 'object', 'boolean'.`); the per-keyword shapes
// follow the same pattern (wording not confirmed).
function keywordShapeViolation(keyword: string, value: unknown): string | undefined {
  const repr = (): string => pyRepr(value);
  if (MAP_KEYWORDS.has(keyword)) return isJsonObject(value) ? undefined : `${repr()} is not of type 'object'.`;
  if (LIST_KEYWORDS.has(keyword)) return Array.isArray(value) ? undefined : `${repr()} is not of type 'array'.`;
  if (NUMBER_KEYWORDS.has(keyword)) return typeof value === "number" ? undefined : `${repr()} is not of type 'number'.`;
  if (INTEGER_KEYWORDS.has(keyword)) {
    return Number.isInteger(value) ? undefined : `${repr()} is not of type 'integer'.`;
  }
  if (STRING_KEYWORDS.has(keyword)) return typeof value === "string" ? undefined : `${repr()} is not of type 'string'.`;
  switch (keyword) {
    case "type":
      return isValidType(value) ? undefined : `${repr()} is not valid under any of the given schemas.`;
    case "enum":
      return Array.isArray(value) ? undefined : `${repr()} is not of type 'array'.`;
    case "required": {
      if (!Array.isArray(value)) return `${repr()} is not of type 'array'.`;
      const bad: unknown = value.find((item: unknown) => typeof item !== "string");
      return bad === undefined ? undefined : `${pyRepr(bad)} is not of type 'string'.`;
    }
    default:
      return undefined;
  }
}

/**
 * The meta-schema check: every subschema must be an object or a boolean, and each keyword's value must have the
 * shape JSON Schema gives it. Runs over the whole tree before the strict rules, as OpenAI's does (a root array is
 * refused in these words before any "type: object" rule). Returns the first violation, node's own keywords first.
 */
export function metaSchemaViolation(node: unknown): string | undefined {
  if (typeof node === "boolean") return undefined;
  if (!isJsonObject(node)) return `${pyRepr(node)} is not of type 'object', 'boolean'.`;
  for (const [keyword, value] of Object.entries(node)) {
    const own = keywordShapeViolation(keyword, value);
    if (own !== undefined) return own;
  }
  for (const [keyword, value] of Object.entries(node)) {
    for (const child of subschemasAt(keyword, value)) {
      const found = metaSchemaViolation(child.value);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
