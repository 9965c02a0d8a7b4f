// Questions about what a user's schema accepts, answered from the schema alone: does it accept null, and can two
// schemas accept the same value (which decides whether a `oneOf` may become an `anyOf`).
import { isPlainObject, jsonEqual, type JsonRecord } from "../internal/json-values.js";
import { resolveUserRef } from "./strict-schema-context.js";

const TYPELESS_MARKERS = ["type", "enum", "const", "anyOf", "oneOf", "allOf", "$ref"] as const;

/**
 * Whether `node` accepts `null`. With `asConverted`, answers for its strict conversion instead: a typeless schema
 * then accepts nothing extra, because the converter either gives it `type: "object"`/`"array"` (from `properties` or
 * `items`) or refuses it.
 */
export function acceptsNull(node: unknown, root: JsonRecord, asConverted: boolean, seen = new Set<unknown>()): boolean {
  if (typeof node === "boolean") return node && !asConverted;
  if (!isPlainObject(node) || seen.has(node)) return false;
  seen.add(node);
  try {
    if (typeof node["$ref"] === "string") return acceptsNull(resolveUserRef(root, node["$ref"]), root, asConverted, seen);
    if (!TYPELESS_MARKERS.some((keyword) => Object.hasOwn(node, keyword))) return !asConverted;
    const type = node["type"];
    if (type !== undefined && !(type === "null" || (Array.isArray(type) && type.includes("null")))) return false;
    if (Array.isArray(node["enum"]) && !node["enum"].includes(null)) return false;
    if (Object.hasOwn(node, "const") && node["const"] !== null) return false;
    const branches = (keyword: string): unknown[] => (Array.isArray(node[keyword]) ? (node[keyword] as unknown[]) : []);
    const accepting = (keyword: string): number =>
      branches(keyword).filter((branch) => acceptsNull(branch, root, asConverted, seen)).length;
    if (Object.hasOwn(node, "anyOf") && accepting("anyOf") === 0) return false;
    if (Object.hasOwn(node, "oneOf") && accepting("oneOf") !== 1) return false;
    return !Object.hasOwn(node, "allOf") || accepting("allOf") === branches("allOf").length;
  } finally {
    seen.delete(node);
  }
}

type JsonKind = "null" | "boolean" | "number" | "string" | "array" | "object";
const ALL_KINDS: ReadonlySet<JsonKind> = new Set(["null", "boolean", "number", "string", "array", "object"]);

function kindOf(value: unknown): JsonKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const kind = typeof value;
  return kind === "boolean" || kind === "number" || kind === "string" ? kind : "object";
}

/** The values a node allows by `const`/`enum`, or undefined when it does not enumerate them. */
function enumerated(node: JsonRecord): unknown[] | undefined {
  if (Object.hasOwn(node, "const")) return [node["const"]];
  return Array.isArray(node["enum"]) ? node["enum"] : undefined;
}

// The kinds of JSON value a node can accept (integer counts as number, so integer and number overlap). `asConverted`
// answers for the strict conversion, which takes a typeless node with `properties` as an object (and `items`, array).
function kindsOf(node: JsonRecord, asConverted: boolean): ReadonlySet<JsonKind> {
  const type = node["type"];
  const names = typeof type === "string" ? [type] : Array.isArray(type) ? type : undefined;
  const declared = names && new Set(names.map((name) => (name === "integer" ? "number" : name) as JsonKind));
  const values = enumerated(node);
  const fromValues = values && new Set(values.map(kindOf));
  if (declared && fromValues) return new Set([...declared].filter((kind) => fromValues.has(kind)));
  if (!declared && !fromValues && asConverted) {
    if (["properties", "required", "additionalProperties"].some((k) => Object.hasOwn(node, k))) return new Set(["object"]);
    if (Object.hasOwn(node, "items")) return new Set(["array"]);
  }
  return declared ?? fromValues ?? ALL_KINDS;
}

function requiredKeys(node: JsonRecord): string[] {
  const required = node["required"];
  return Array.isArray(required) ? required.filter((key): key is string => typeof key === "string") : [];
}

function propertyOf(node: JsonRecord, key: string): unknown {
  const properties = node["properties"];
  return isPlainObject(properties) && Object.hasOwn(properties, key) ? properties[key] : undefined;
}

// Objects are disjoint when a property both require cannot match in both, or when one is closed and the other
// requires a key the closed one does not have.
function objectsDisjoint(left: JsonRecord, right: JsonRecord, root: JsonRecord, depth: number): boolean {
  const rightRequired = requiredKeys(right);
  for (const key of requiredKeys(left)) {
    if (!rightRequired.includes(key)) continue;
    const leftProperty = propertyOf(left, key);
    const rightProperty = propertyOf(right, key);
    if (leftProperty !== undefined && rightProperty !== undefined) {
      if (provablyDisjoint(leftProperty, rightProperty, root, depth - 1)) return true;
    }
  }
  const closedWithout = (closed: JsonRecord, other: JsonRecord): boolean =>
    closed["additionalProperties"] === false && requiredKeys(other).some((key) => propertyOf(closed, key) === undefined);
  return closedWithout(left, right) || closedWithout(right, left);
}

/**
 * True only when no value that the strict conversion of `left` accepts can match `right` as the user wrote it, as
 * far as types, `const`/`enum` values and required object properties show; false means "may overlap". (The strict
 * conversion accepts a subset of what `left` accepts.) Looks at most `depth` levels into properties.
 */
export function provablyDisjoint(left: unknown, right: unknown, root: JsonRecord, depth = 4): boolean {
  if (depth <= 0) return false;
  if (isPlainObject(left) && typeof left["$ref"] === "string") {
    return provablyDisjoint(resolveUserRef(root, left["$ref"]), right, root, depth - 1);
  }
  if (isPlainObject(right) && typeof right["$ref"] === "string") {
    return provablyDisjoint(left, resolveUserRef(root, right["$ref"]), root, depth - 1);
  }
  if (left === false || right === false) return true;
  if (!isPlainObject(left) || !isPlainObject(right)) return false;
  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = left[keyword];
    if (Array.isArray(branches)) return branches.every((branch: unknown) => provablyDisjoint(branch, right, root, depth - 1));
  }
  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = right[keyword];
    if (Array.isArray(branches)) return branches.every((branch: unknown) => provablyDisjoint(left, branch, root, depth - 1));
  }
  const leftKinds = kindsOf(left, true);
  const shared = [...kindsOf(right, false)].filter((kind) => leftKinds.has(kind));
  if (shared.length === 0) return true;
  const leftValues = enumerated(left);
  const rightValues = enumerated(right);
  if (leftValues && rightValues && !leftValues.some((value) => rightValues.some((other) => jsonEqual(value, other)))) {
    return true;
  }
  return shared.length === 1 && shared[0] === "object" && objectsDisjoint(left, right, root, depth);
}

function typeOfValue(value: unknown): string {
  const kind = kindOf(value);
  return kind === "number" && Number.isInteger(value) ? "integer" : kind;
}

/**
 * The JSON Schema type names a node can accept (`integer` apart from `number`), through `$ref`s and unions; undefined
 * when the node does not say (it may accept anything).
 */
export function possibleTypes(node: unknown, root: JsonRecord, depth = 8): ReadonlySet<string> | undefined {
  if (node === false) return new Set();
  if (depth <= 0 || !isPlainObject(node)) return undefined;
  if (typeof node["$ref"] === "string") return possibleTypes(resolveUserRef(root, node["$ref"]), root, depth - 1);
  const type = node["type"];
  const declared = typeof type === "string" ? [type] : Array.isArray(type) ? (type as unknown[]).map(String) : undefined;
  const values = enumerated(node);
  const fromValues = values?.map(typeOfValue);
  if (declared && fromValues) return new Set(fromValues.filter((name) => declared.includes(name) || (name === "integer" && declared.includes("number"))));
  if (declared || fromValues) return new Set(declared ?? fromValues);
  const union = node["anyOf"] ?? node["oneOf"];
  if (!Array.isArray(union)) return undefined;
  const names = new Set<string>();
  for (const branch of union) {
    const branchTypes = possibleTypes(branch, root, depth - 1);
    if (branchTypes === undefined) return undefined;
    for (const name of branchTypes) names.add(name);
  }
  return names;
}
