// The size limits of OpenAI's strict subset. They are whole-schema totals ("6000 parameters exceeds limit of 5000"
// names the total, not the first property over the line), so they are counted once the structure has passed.
import { isJsonObject, pyLen, type JsonObject } from "./validate-strict-schema-repr.js";
import { declaredTypes, resolveRef, subschemasAt } from "./validate-strict-schema-tree.js";
import type { StrictSchemaLimits } from "./validate-strict-schema.js";

/** A string enum longer than this is also held to `maxLargeEnumStringLength` (OpenAI's guide: "more than 250"). */
const LARGE_ENUM_VALUES = 250;

const OPT_OUT = "or use 'strict: false' to opt out of structured outputs.";

interface Totals {
  properties: number;
  characters: number;
  enumValues: number;
  /** Characters of the first string enum with more than 250 values that is over its own limit. */
  largeEnumCharacters: number | undefined;
}

function stringChars(values: readonly unknown[]): number {
  return values.reduce<number>((sum, value) => sum + (typeof value === "string" ? pyLen(value) : 0), 0);
}

// Counts what the guide counts, syntactically: every property and definition name, every enum value, and the
// characters of string enum and const values. `$ref`s are not followed, so a definition counts once.
function addTotals(node: unknown, totals: Totals, largeEnumLimit: number): void {
  if (!isJsonObject(node)) return;
  for (const keyword of ["properties", "$defs", "definitions"]) {
    const map = node[keyword];
    if (!isJsonObject(map)) continue;
    const names = Object.keys(map);
    if (keyword === "properties") totals.properties += names.length;
    totals.characters += stringChars(names);
  }
  const values = node["enum"];
  if (Array.isArray(values)) {
    const chars = stringChars(values);
    totals.enumValues += values.length;
    totals.characters += chars;
    if (totals.largeEnumCharacters === undefined && values.length > LARGE_ENUM_VALUES && chars > largeEnumLimit) {
      totals.largeEnumCharacters = chars;
    }
  }
  const constant = node["const"];
  if (typeof constant === "string") totals.characters += pyLen(constant);
  for (const [keyword, value] of Object.entries(node)) {
    for (const child of subschemasAt(keyword, value)) addTotals(child.value, totals, largeEnumLimit);
  }
}

/** Object and array nodes each open a level of JSON nesting; unions and references do not. */
function opensLevel(node: JsonObject): boolean {
  const types = declaredTypes(node);
  return (
    types.includes("object") ||
    types.includes("array") ||
    Object.hasOwn(node, "properties") ||
    Object.hasOwn(node, "items")
  );
}

const NESTED_KEYWORDS = ["properties", "patternProperties", "items", "additionalProperties"] as const;
const BRANCH_KEYWORDS = ["anyOf"] as const;

/**
 * Levels of nesting below and including `node`, following `$ref`s into their targets; a reference back into a
 * definition being expanded (recursion) adds nothing, or every recursive schema would be infinitely deep.
 * How OpenAI counts is not documented: a root object alone is 1 level here.
 */
function nestingDepth(node: unknown, root: JsonObject, expanding: Set<string>, memo: Map<string, number>): number {
  if (!isJsonObject(node)) return 0;
  const ref = node["$ref"];
  if (typeof ref === "string") {
    if (expanding.has(ref)) return 0;
    const known = memo.get(ref);
    if (known !== undefined) return known;
    expanding.add(ref);
    const depth = nestingDepth(resolveRef(root, ref), root, expanding, memo);
    expanding.delete(ref);
    memo.set(ref, depth);
    return depth;
  }
  let below = 0;
  for (const keyword of NESTED_KEYWORDS) {
    for (const child of subschemasAt(keyword, node[keyword])) {
      below = Math.max(below, nestingDepth(child.value, root, expanding, memo));
    }
  }
  let branches = 0;
  for (const keyword of BRANCH_KEYWORDS) {
    for (const child of subschemasAt(keyword, node[keyword])) {
      branches = Math.max(branches, nestingDepth(child.value, root, expanding, memo));
    }
  }
  return Math.max((opensLevel(node) ? 1 : 0) + below, branches);
}

/** Schema nodes deeper than this could exhaust the call stack in the recursive checks; no real schema comes near. */
const MAX_WALKED_DEPTH = 200;

/**
 * Guards the recursive checks, without recursing itself: a schema whose subschemas nest deeper than
 * MAX_WALKED_DEPTH is refused for its nesting up front (counted syntactically, references not followed), so an
 * absurd request gets OpenAI's 400 rather than a stack overflow.
 */
export function excessiveNesting(root: unknown, limits: StrictSchemaLimits): string | undefined {
  const pending: Array<{ node: unknown; nodes: number; levels: number }> = [{ node: root, nodes: 1, levels: 0 }];
  let deepestNodes = 0;
  let deepestLevels = 0;
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { node, nodes } = item;
    if (!isJsonObject(node)) continue;
    const levels = item.levels + (opensLevel(node) ? 1 : 0);
    deepestNodes = Math.max(deepestNodes, nodes);
    deepestLevels = Math.max(deepestLevels, levels);
    for (const [keyword, value] of Object.entries(node)) {
      for (const child of subschemasAt(keyword, value)) pending.push({ node: child.value, nodes: nodes + 1, levels });
    }
  }
  if (deepestNodes <= MAX_WALKED_DEPTH) return undefined;
  const shown = deepestLevels > limits.maxNesting ? deepestLevels : deepestNodes;
  return `${shown} levels of nesting exceeds limit of ${limits.maxNesting}.`;
}

/** The first limit the schema is over, as OpenAI words it (no context prefix), or undefined. */
export function limitViolation(root: JsonObject, limits: StrictSchemaLimits): string | undefined {
  // Confirmed: "11 levels of nesting exceeds limit of 10." and "6 levels of nesting exceeds limit of 5."
  const depth = nestingDepth(root, root, new Set<string>(), new Map<string, number>());
  if (depth > limits.maxNesting) return `${depth} levels of nesting exceeds limit of ${limits.maxNesting}.`;
  const totals: Totals = { properties: 0, characters: 0, enumValues: 0, largeEnumCharacters: undefined };
  addTotals(root, totals, limits.maxLargeEnumStringLength);
  // Confirmed (2026): "6000 parameters exceeds limit of 5000." (2024 read "144 parameters exceed the limit of 100.")
  if (totals.properties > limits.maxProperties) {
    return `${totals.properties} parameters exceeds limit of ${limits.maxProperties}.`;
  }
  if (totals.characters > limits.maxStringLength) {
    // wording not confirmed
    return (
      `Expected at most ${limits.maxStringLength} total characters across property names, definition names, ` +
      `enum values and const values, but received ${totals.characters}. Consider shortening them, ${OPT_OUT}`
    );
  }
  if (totals.enumValues > limits.maxEnumValues) {
    // Confirmed from a real log (1008 over 1000).
    return (
      `Expected at most ${limits.maxEnumValues} enum values in total within a single schema when using structured ` +
      `outputs, but received ${totals.enumValues}. Consider reducing the number of enums, ${OPT_OUT}`
    );
  }
  if (totals.largeEnumCharacters !== undefined) {
    // Wording from a fixture quoting OpenAI; its closing sentence is taken from the confirmed enum-count message.
    return (
      `Expected at most ${limits.maxLargeEnumStringLength} total characters across enum values when there are more ` +
      `than ${LARGE_ENUM_VALUES} enum values, but received ${totals.largeEnumCharacters}. Consider reducing the ` +
      `number of enums, ${OPT_OUT}`
    );
  }
  return undefined;
}
