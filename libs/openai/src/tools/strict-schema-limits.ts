// OpenAI's size limits for strict schemas, checked on the strict schema that would be sent (what OpenAI counts),
// with each problem placed at the user's schema node it came from. Sizes count like Python's len(): code points.
import { isPlainObject, type JsonRecord } from "../internal/json-values.js";
import { addIssue, type ConversionContext } from "./strict-schema-context.js";
import type { StrictSchemaLimits } from "./to-strict-json-schema.js";

/** A string enum with more values than this is also held to `maxLargeEnumStringLength` (OpenAI's guide). */
const LARGE_ENUM_VALUES = 250;

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function stringCharacters(values: readonly unknown[]): number {
  return values.reduce<number>((sum, value) => sum + (typeof value === "string" ? codePoints(value) : 0), 0);
}

/** The subschemas of a strict node, with whether each opens a level below it (properties, items) or not (anyOf). */
function childrenOf(node: JsonRecord): Array<{ child: unknown; nested: boolean }> {
  const children: Array<{ child: unknown; nested: boolean }> = [];
  if (isPlainObject(node["properties"])) {
    for (const child of Object.values(node["properties"])) children.push({ child, nested: true });
  }
  if (node["items"] !== undefined) children.push({ child: node["items"], nested: true });
  if (Array.isArray(node["anyOf"])) for (const child of node["anyOf"]) children.push({ child, nested: false });
  return children;
}

function opensLevel(node: JsonRecord): boolean {
  const type = node["type"];
  const types = Array.isArray(type) ? type : [type];
  return types.includes("object") || types.includes("array") || Object.hasOwn(node, "properties") || Object.hasOwn(node, "items");
}

interface Nesting {
  root: JsonRecord;
  definitions: JsonRecord;
  /** References being expanded: meeting one again is recursion, which adds no level. */
  expanding: Set<string>;
  heights: Map<string, number>;
}

function referenced(ref: string, nesting: Nesting): unknown {
  if (ref === "#") return nesting.root;
  const name = ref.startsWith("#/$defs/") ? ref.slice("#/$defs/".length) : undefined;
  return name !== undefined && Object.hasOwn(nesting.definitions, name) ? nesting.definitions[name] : undefined;
}

/** Levels of object/array nesting from `node` down, following references (a reference to the root expands it once). */
function height(node: unknown, nesting: Nesting): number {
  if (!isPlainObject(node)) return 0;
  const ref = node["$ref"];
  if (typeof ref === "string") {
    if (nesting.expanding.has(ref)) return 0;
    const known = nesting.heights.get(ref);
    if (known !== undefined) return known;
    nesting.expanding.add(ref);
    const result = height(referenced(ref, nesting), nesting);
    nesting.expanding.delete(ref);
    nesting.heights.set(ref, result);
    return result;
  }
  const own = opensLevel(node) ? 1 : 0;
  let deepest = 0;
  for (const { child, nested } of childrenOf(node)) deepest = Math.max(deepest, height(child, nesting) + (nested ? own : 0));
  return Math.max(own, deepest);
}

// Walks down the deepest path to the first node past the limit, for the problem's pointer.
function firstTooDeep(node: unknown, above: number, limit: number, nesting: Nesting, context: ConversionContext): string {
  let current = node;
  for (let hops = 0; isPlainObject(current) && typeof current["$ref"] === "string" && hops < 32; hops += 1) {
    current = referenced(current["$ref"], nesting);
  }
  if (!isPlainObject(current)) return "";
  const level = above + (opensLevel(current) ? 1 : 0);
  const here = context.sources.get(current) ?? "";
  if (level > limit) return here;
  for (const { child, nested } of childrenOf(current)) {
    const base = nested ? level : above;
    if (base + height(child, { ...nesting, expanding: new Set() }) > limit) return firstTooDeep(child, base, limit, nesting, context);
  }
  return here;
}

interface Totals {
  properties: number;
  characters: number;
  enumValues: number;
}

// Counts syntactically over the whole strict schema, definitions once, as OpenAI's guide describes: property and
// definition names, enum values, and the characters of string enum and const values.
function addTotals(node: unknown, totals: Totals, limits: StrictSchemaLimits, context: ConversionContext): void {
  if (!isPlainObject(node)) return;
  for (const keyword of ["properties", "$defs"]) {
    const map = node[keyword];
    if (!isPlainObject(map)) continue;
    const names = Object.keys(map);
    if (keyword === "properties") totals.properties += names.length;
    totals.characters += stringCharacters(names);
    if (keyword === "$defs") for (const child of Object.values(map)) addTotals(child, totals, limits, context);
  }
  const values = node["enum"];
  if (Array.isArray(values)) {
    const characters = stringCharacters(values);
    totals.enumValues += values.length;
    totals.characters += characters;
    if (values.length > LARGE_ENUM_VALUES && characters > limits.maxLargeEnumStringLength) {
      addIssue(
        context,
        `${context.sources.get(node) ?? ""}/enum`,
        `this enum has ${values.length} values totalling ${characters} characters, over the limit of ` +
          `${limits.maxLargeEnumStringLength} for an enum of more than ${LARGE_ENUM_VALUES} values; shorten or split it.`,
      );
    }
  }
  if (typeof node["const"] === "string") totals.characters += codePoints(node["const"]);
  for (const { child } of childrenOf(node)) addTotals(child, totals, limits, context);
}

/** Records a problem for every limit the strict schema is over. */
export function checkLimits(schema: JsonRecord, limits: StrictSchemaLimits, context: ConversionContext): void {
  const definitions = isPlainObject(schema["$defs"]) ? schema["$defs"] : {};
  const nesting: Nesting = { root: schema, definitions, expanding: new Set(), heights: new Map() };
  const depth = height(schema, nesting);
  if (depth > limits.maxNesting) {
    addIssue(
      context,
      firstTooDeep(schema, 0, limits.maxNesting, nesting, context),
      `${depth} levels of object/array nesting exceed the limit of ${limits.maxNesting}; flatten the schema.`,
    );
  }
  const totals: Totals = { properties: 0, characters: 0, enumValues: 0 };
  addTotals(schema, totals, limits, context);
  if (totals.properties > limits.maxProperties) {
    addIssue(context, "", `${totals.properties} properties in total exceed the limit of ${limits.maxProperties}; split the schema.`);
  }
  if (totals.characters > limits.maxStringLength) {
    addIssue(
      context,
      "",
      `${totals.characters} characters of property names, definition names, enum values and const values exceed ` +
        `the limit of ${limits.maxStringLength}; shorten them.`,
    );
  }
  if (totals.enumValues > limits.maxEnumValues) {
    addIssue(context, "", `${totals.enumValues} enum values in total exceed the limit of ${limits.maxEnumValues}; shorten the enums.`);
  }
}
