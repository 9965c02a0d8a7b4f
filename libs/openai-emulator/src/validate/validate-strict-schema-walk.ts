// The structural walk of OpenAI's strict subset, pre-order. It returns the first violation's message text (without
// the "Invalid schema for …: " prefix) in the order OpenAI reports them; see `visitNode` for the order's evidence.
import { isJsonObject, pyRepr, pySet, pyStr, pyTuple, type JsonObject } from "./validate-strict-schema-repr.js";
import { declaredTypes, resolveRef, subschemasAt } from "./validate-strict-schema-tree.js";

/**
 * Keywords refused as soon as the node holding them is reached, before its subschemas are looked at: a root `allOf`
 * or `if` whose branches carry no `type` is reported as "'allOf' is not permitted", not as a missing type below it.
 * Seen refused in real errors: allOf, if, uniqueItems, minLength, maxLength, minProperties, maxProperties,
 * propertyNames, contains (and prefixItems in one classifier). then/else/dependentRequired/dependentSchemas are
 * listed unsupported by OpenAI's guide; the rest are assumed refused by the same allowlist.
 */
const REFUSED_KEYWORDS: ReadonlySet<string> = new Set([
  "allOf",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "uniqueItems",
  "minLength",
  "maxLength",
  "minProperties",
  "maxProperties",
  "propertyNames",
  "contains",
  "minContains",
  "maxContains",
  "prefixItems",
  "additionalItems",
  "unevaluatedProperties",
  "unevaluatedItems",
]);

/** The string formats strict mode supports (OpenAI's Structured Outputs guide). */
const SUPPORTED_FORMATS: ReadonlySet<string> = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

/** Keywords that make a node typed without a `type` key. */
const TYPE_STANDINS = ["anyOf", "enum", "const"] as const;

const TOP_LEVEL_KEYWORDS = ["oneOf", "anyOf", "allOf", "enum", "const", "not"] as const;

/** Confirmed wording (2026); the 2025 form lacked 'const' and 'not'. No context prefix. */
export const TOP_LEVEL_MESSAGE =
  "schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'const'/'not' at the top level.";

function inContext(path: readonly string[], text: string): string {
  return `In context=${pyTuple(path)}, ${text}`;
}

/** The root rule shared by strict and non-strict function parameters: the root's `type` is exactly "object". */
export function rootTypeViolation(schema: unknown): string | undefined {
  const type = isJsonObject(schema) ? schema["type"] : undefined;
  if (type === "object") return undefined;
  // Python formats the raw value: None when absent, the bare string, or a list's repr.
  const shown = type === undefined ? "None" : typeof type === "string" ? type : pyRepr(type);
  return `schema must be a JSON Schema of 'type: "object"', got 'type: "${shown}"'.`;
}

/** A root `type: "object"` that also carries a union, enum, const or `not`. */
export function topLevelViolation(schema: JsonObject): string | undefined {
  return TOP_LEVEL_KEYWORDS.some((keyword) => Object.hasOwn(schema, keyword)) ? TOP_LEVEL_MESSAGE : undefined;
}

// A `$ref` node is checked on its own and not descended: its target is checked where it is defined (`$defs`).
function refViolation(node: JsonObject, path: readonly string[], root: JsonObject): string | undefined {
  const siblings = Object.keys(node).filter((key) => key !== "$ref");
  // Confirmed: "context=(…), $ref cannot have keywords {'description'}." — this message has no "In".
  if (siblings.length > 0) return `context=${pyTuple(path)}, $ref cannot have keywords ${pySet(siblings)}.`;
  const ref = node["$ref"];
  const local =
    typeof ref === "string" && (ref === "#" || ref.startsWith("#/$defs/") || ref.startsWith("#/definitions/"));
  if (local && resolveRef(root, ref) !== undefined) return undefined;
  // wording not confirmed
  const rule = "it must be '#' or point into '$defs' or 'definitions'.";
  return `context=${pyTuple(path)}, $ref ${pyRepr(ref)} could not be resolved; ${rule}`;
}

// The node's own refused keywords and formats, in key order.
function ownKeywordViolation(node: JsonObject, path: readonly string[]): string | undefined {
  for (const [keyword, value] of Object.entries(node)) {
    if (REFUSED_KEYWORDS.has(keyword)) return inContext(path, `${pyStr(keyword)} is not permitted.`);
    // Confirmed: "In context=('properties', 'url'), 'uri' is not a valid format." (can1357/oh-my-pi#206).
    if (keyword === "format" && !(typeof value === "string" && SUPPORTED_FORMATS.has(value))) {
      return inContext(path, `${pyRepr(value)} is not a valid format.`);
    }
  }
  return undefined;
}

/** Visits the subschemas under one keyword, in order, stopping at the first violation. */
function visitUnder(node: JsonObject, keyword: string, path: readonly string[], root: JsonObject): string | undefined {
  for (const child of subschemasAt(keyword, node[keyword])) {
    const found = visitNode(child.value, [...path, ...child.path], root, false);
    if (found !== undefined) return found;
  }
  return undefined;
}

// Unions and `not` are walked before the node's type is judged: `{"not": {}}` inside an anyOf is reported at
// ('anyOf', '0', 'not') for the missing type, not at ('anyOf', '0').
function compositeViolation(node: JsonObject, path: readonly string[], root: JsonObject): string | undefined {
  // Confirmed nested: "In context=('properties', 'pet'), 'oneOf' is not permitted." Not among the refused
  // keywords, because a root oneOf gets the top-level message instead.
  if (Object.hasOwn(node, "oneOf")) return inContext(path, "'oneOf' is not permitted.");
  const inUnion = visitUnder(node, "anyOf", path, root);
  if (inUnion !== undefined || !Object.hasOwn(node, "not")) return inUnion;
  // wording not confirmed: one measured report reads "Unsupported keywords ('not',)" instead.
  return visitUnder(node, "not", path, root) ?? inContext(path, "'not' is not permitted.");
}

function requiredViolation(node: JsonObject, path: readonly string[]): string | undefined {
  const keys = isJsonObject(node["properties"]) ? Object.keys(node["properties"]) : [];
  const rawRequired = node["required"];
  const required = Array.isArray(rawRequired) ? rawRequired.filter((k): k is string => typeof k === "string") : [];
  const rule = "'required' is required to be supplied and to be an array including every key in properties.";
  const missing = keys.find((key) => !required.includes(key));
  if (missing !== undefined) return inContext(path, `${rule} Missing ${pyStr(missing)}.`);
  // Confirmed: "… Extra required key 'params' supplied." (checked after missing keys; order not confirmed).
  const extra = required.find((key) => !keys.includes(key));
  if (extra !== undefined) return inContext(path, `${rule} Extra required key ${pyStr(extra)} supplied.`);
  return undefined;
}

// Object rules come before anything below the object: a root without additionalProperties is reported at () even
// when its `$defs` are just as open (google/adk-python#4039), and a partial `required` beside a missing
// additionalProperties is reported for additionalProperties. A schema-valued additionalProperties is a map and is
// walked, not refused: `additionalProperties: {}` is reported at ('additionalProperties',) for its missing type.
function objectViolation(node: JsonObject, path: readonly string[], root: JsonObject): string | undefined {
  const extra = node["additionalProperties"];
  if (extra !== false && !isJsonObject(extra)) {
    return inContext(path, "'additionalProperties' is required to be supplied and to be false.");
  }
  return (
    requiredViolation(node, path) ??
    visitUnder(node, "properties", path, root) ??
    visitUnder(node, "patternProperties", path, root) ??
    (isJsonObject(extra) ? visitUnder(node, "additionalProperties", path, root) : undefined)
  );
}

function typedViolation(node: JsonObject, path: readonly string[], root: JsonObject): string | undefined {
  const types = declaredTypes(node);
  // Object-shaped means typed object or carrying `properties`.
  if (types.includes("object") || Object.hasOwn(node, "properties")) {
    const found = objectViolation(node, path, root);
    if (found !== undefined) return found;
  } else if (!Object.hasOwn(node, "type") && !TYPE_STANDINS.some((keyword) => Object.hasOwn(node, keyword))) {
    // Confirmed: "In context=('anyOf', '0', 'properties', 'kind'), schema must have a 'type' key."
    return inContext(path, "schema must have a 'type' key.");
  }
  // Confirmed: "In context=('properties', 'identifiers'), array schema missing items."
  if (types.includes("array") && !Object.hasOwn(node, "items")) return inContext(path, "array schema missing items.");
  return visitUnder(node, "items", path, root);
}

/**
 * Checks one node, then what is below it. Order, from real errors: a `$ref` node alone; the node's refused
 * keywords (a root allOf/if is reported at `()` even when its branches are typeless); at the root the top-level
 * rule (a root oneOf gets it, a root allOf does not); unions and `not`; the node's type and object rules before its
 * properties. Definitions come last (not confirmed; they are at least after the root's own rules).
 */
export function visitNode(
  node: unknown,
  path: readonly string[],
  root: JsonObject,
  isRoot: boolean,
): string | undefined {
  // wording not confirmed: a boolean subschema has no keys, so the missing type is what a strict walk would hit.
  if (typeof node === "boolean") return inContext(path, "schema must have a 'type' key.");
  if (!isJsonObject(node)) return undefined; // the meta-schema check has already refused it
  if (Object.hasOwn(node, "$ref")) return refViolation(node, path, root);
  return (
    ownKeywordViolation(node, path) ??
    (isRoot ? topLevelViolation(node) : undefined) ??
    compositeViolation(node, path, root) ??
    typedViolation(node, path, root) ??
    visitUnder(node, "$defs", path, root) ??
    visitUnder(node, "definitions", path, root)
  );
}
