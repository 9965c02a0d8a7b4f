// Generates JSON that is valid against a client's JSON Schema (tool parameters, response_format json_schema).
// Each schema location is flattened into one Merged view (allOf, $ref, chosen anyOf/oneOf branches), a value is
// built from it, and the value is checked against the original schemas before it is returned.
import type { JsonSchema } from "../wire.js";
import type { Random } from "./random.js";
import {
  RefResolver, SchemaError, absorb, childSchemas, cloneMerged, emptyMerged, escapePointer, isRecord, itemNodes,
  propertyNodes, subschema, subschemaList, subschemaMap,
} from "./synthesize-schema.js";
import type { Choice, Merged, SchemaLike, SchemaNode, TypeName } from "./synthesize-schema.js";
import { SchemaChecker, deepEqual, hasType, hintWords, singular, synthesizeNumber, synthesizeString } from "./synthesize-values.js";
import type { Violation } from "./synthesize-values.js";

export type { Violation };

export interface SynthesizeOptions {
  /** How deep values may nest before every choice is steered towards ending (null branches, minItems, no optional keys). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 6;
// Past maxDepth the cheapest choices are taken; this margin only catches recursion the cost model misjudged.
const DEPTH_MARGIN = 40;
const STEP_BUDGET = 20_000;
const NODE_ATTEMPTS = 12;
const UNIQUE_ATTEMPTS = 8;
const MAX_CHOICES = 64;
const OPTIONAL_CHANCE = 0.6;
const ANY_TYPES: TypeName[] = ["string", "integer", "boolean"];

interface Context {
  refs: RefResolver;
  checker: SchemaChecker;
  costs: CostModel;
  maxDepth: number;
  steps: number;
}

/**
 * A value valid against `schema`, drawn deterministically from `random`. Throws an Error naming the JSON pointer
 * of the offending schema when the schema is contradictory, cannot terminate, or uses an unsupported keyword.
 *
 * @example
 * synthesizeJson({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }, createRandom("seed"));
 * // → { city: "silver city" } (the same for the same seed)
 */
export function synthesizeJson(schema: JsonSchema, random: Random, options: SynthesizeOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new RangeError(`maxDepth must be a non-negative integer, got ${maxDepth}`);
  }
  const rootSchema: unknown = schema;
  if (typeof rootSchema !== "boolean" && !isRecord(rootSchema)) {
    throw new SchemaError("", "expected a schema (an object or a boolean)");
  }
  const root: SchemaNode = { schema: rootSchema as SchemaLike, pointer: "" };
  const refs = new RefResolver(root.schema);
  const ctx: Context = { refs, checker: new SchemaChecker(refs), costs: new CostModel(refs, root), maxDepth, steps: 0 };
  if (ctx.costs.of(root) === Infinity) {
    const culprit = ctx.costs.explain(root);
    throw new SchemaError(culprit.pointer, culprit.problem);
  }
  return generateNode(ctx, [root], random, 0, "value", "");
}

// Retries and branch fallbacks multiply; one budget per call keeps a hopeless schema from running for minutes.
function spend(ctx: Context, pointer: string): void {
  if (++ctx.steps > STEP_BUDGET) {
    throw new SchemaError(pointer, `gave up after ${STEP_BUDGET} steps; the schema is too constrained or too recursive`, true);
  }
}

/** A value satisfying every one of `nodes` (all of them describe the same location). */
function generateNode(
  ctx: Context, nodes: SchemaNode[], random: Random, depth: number, hint: string, fallbackPointer: string,
): unknown {
  const pointer = nodes[0]?.pointer ?? fallbackPointer;
  spend(ctx, pointer);
  if (depth > ctx.maxDepth + DEPTH_MARGIN) {
    throw new SchemaError(pointer, `values nest ${depth} levels deep without ending; the recursion does not terminate`);
  }
  const base = emptyMerged(pointer);
  for (const node of nodes) absorb(base, node, ctx.refs);
  // A branch that refers back to this very location ({ anyOf: [{ $ref: "#" }, ...] }) adds nothing.
  base.expandedRefs.push(...nodes.map((node) => node.pointer));
  const avoid = new Set<string>();
  let violation: Violation | undefined;
  for (let attempt = 0; attempt < NODE_ATTEMPTS; attempt++) {
    const draw = attempt === 0 ? random : random.fork(`attempt ${attempt}`);
    const outcome = resolveAndGenerate(ctx, cloneMerged(base), draw, depth, hint, avoid, []);
    violation = ctx.checker.check(nodes, outcome.value);
    if (!violation) return outcome.value;
    // Usually a oneOf value that also matched a sibling branch: prefer other branches next time.
    for (const key of outcome.chosen) avoid.add(key);
  }
  const found = violation as Violation;
  throw new SchemaError(found.pointer, `no attempt produced a valid value (at ${found.path || "the top"}: ${found.message})`);
}

interface Outcome {
  value: unknown;
  chosen: string[];
}

/** Decides the pending anyOf/oneOf choices one at a time, falling back to other branches when one fails. */
function resolveAndGenerate(
  ctx: Context, m: Merged, random: Random, depth: number, hint: string, avoid: Set<string>, chosen: string[],
): Outcome {
  const choice = m.choices[0];
  if (!choice) return { value: generateMerged(ctx, m, random, depth, hint), chosen };
  if (chosen.length >= MAX_CHOICES) {
    throw new SchemaError(choice.pointer, "anyOf/oneOf branches keep leading to further branches without settling");
  }
  const { options, reasons } = orderOptions(ctx, m, choice, random, depth, avoid);
  let failure: SchemaError | undefined;
  for (const option of options) {
    spend(ctx, choice.pointer);
    try {
      return resolveAndGenerate(ctx, option.merged, random, depth, hint, avoid, [...chosen, option.key]);
    } catch (error) {
      if (!(error instanceof SchemaError) || error.fatal) throw error;
      failure ??= error;
    }
  }
  const why = reasons.join("; ") || "it has no branches";
  throw failure ?? new SchemaError(choice.pointer, `no branch of ${choice.kind} fits the rest of the schema (${why})`);
}

interface Option {
  merged: Merged;
  key: string;
  cost: number;
  nullOnly: boolean;
}

function orderOptions(
  ctx: Context, m: Merged, choice: Choice, random: Random, depth: number, avoid: Set<string>,
): { options: Option[]; reasons: string[] } {
  const options: Option[] = [];
  const reasons: string[] = [];
  choice.branches.forEach((branch, index) => {
    const merged = cloneMerged(m);
    merged.choices = m.choices.slice(1);
    let problem: string | undefined;
    try {
      absorb(merged, branch, ctx.refs);
      problem = conflict(merged) ?? (ctx.costs.of(branch) === Infinity ? "it recurses without end" : undefined);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      problem = error.message;
    }
    if (problem) reasons.push(`branch ${index}: ${problem}`);
    else {
      const nullOnly = merged.types?.length === 1 && merged.types[0] === "null";
      options.push({ merged, key: `${choice.pointer}/${index}`, cost: ctx.costs.of(branch), nullOnly });
    }
  });
  if (depth >= ctx.maxDepth) return { options: options.sort((a, b) => a.cost - b.cost), reasons };
  // Like a model filling a nullable field, prefer real values over null; avoid branches that already failed.
  const weight = (option: Option): number => (avoid.has(option.key) ? 0.05 : option.nullOnly ? 1 : 3);
  return { options: weightedOrder(options, random, weight), reasons };
}

/** A cheap test that a merged view has no value at all, so a branch can be skipped before generating. */
function conflict(m: Merged): string | undefined {
  if (m.impossible) return m.impossible;
  if (m.types?.length === 0) return "its type does not overlap the rest of the schema";
  if (m.enums.length > 0 && enumCandidates(m).length === 0) return "no enum/const value fits the rest of the schema";
  return undefined;
}

function enumCandidates(m: Merged): unknown[] {
  const [first = [], ...others] = m.enums;
  const inEvery = (value: unknown): boolean => others.every((list) => list.some((other) => deepEqual(other, value)));
  return first.filter((value) => inEvery(value) && (!m.types || m.types.some((type) => hasType(value, type))));
}

function weightedOrder<T>(items: readonly T[], random: Random, weight: (item: T) => number): T[] {
  const pool = [...items];
  const ordered: T[] = [];
  while (pool.length > 0) {
    let target = random.next() * pool.reduce((sum, item) => sum + weight(item), 0);
    const index = pool.findIndex((item) => (target -= weight(item)) < 0);
    ordered.push(...pool.splice(index === -1 ? pool.length - 1 : index, 1));
  }
  return ordered;
}

function generateMerged(ctx: Context, m: Merged, random: Random, depth: number, hint: string): unknown {
  if (m.impossible) throw new SchemaError(m.pointer, m.impossible);
  if (m.enums.length > 0) return pickValid(ctx, m, enumCandidates(m), random, "enum/const");
  // default and examples are what the schema's author expects, so they make plausible values when valid.
  if (m.hints.length > 0 && random.chance(0.5)) {
    const hints = m.hints.filter((value) => !ctx.checker.check(m.sources, value));
    if (hints.length > 0) return copyJson(random.pick(hints));
  }
  let failure: SchemaError | undefined;
  for (const type of orderTypes(ctx, m, random, depth)) {
    try {
      return generateTyped(ctx, m, type, random, depth, hint);
    } catch (error) {
      if (!(error instanceof SchemaError) || error.fatal) throw error;
      failure ??= error;
    }
  }
  throw failure ?? new SchemaError(m.pointer, "the allowed types do not overlap");
}

function pickValid(ctx: Context, m: Merged, candidates: unknown[], random: Random, what: string): unknown {
  const valid = candidates.filter((value) => !ctx.checker.check(m.sources, value));
  if (valid.length === 0) {
    const listed = JSON.stringify(m.enums[0]).slice(0, 200);
    throw new SchemaError(m.pointer, `none of the ${what} values ${listed} satisfies the rest of the schema`);
  }
  return copyJson(random.pick(valid));
}

// A fresh copy, so callers may mutate the value without touching the schema it came from.
function copyJson(value: unknown): unknown {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function orderTypes(ctx: Context, m: Merged, random: Random, depth: number): TypeName[] {
  const inferred = [...m.families] as TypeName[];
  const types = m.types ?? (inferred.length > 0 ? inferred : ANY_TYPES);
  if (depth >= ctx.maxDepth) return [...types].sort((a, b) => typeCost(ctx, m, a) - typeCost(ctx, m, b));
  return weightedOrder(types, random, (type) => (type === "null" ? 1 : 3));
}

function nodesCost(ctx: Context, nodes: SchemaNode[] | undefined): number {
  return nodes === undefined ? Infinity : Math.max(0, ...nodes.map((node) => ctx.costs.of(node)));
}

function typeCost(ctx: Context, m: Merged, type: TypeName): number {
  if (type === "object") return 1 + Math.max(0, ...m.required.map((key) => nodesCost(ctx, propertyNodes(m, key))));
  if (type === "array") {
    const required = Array.from({ length: Math.min(m.minItems, 8) }, (_, index) => nodesCost(ctx, itemNodes(m, index)));
    return 1 + Math.max(0, ...required);
  }
  return 0;
}

function generateTyped(ctx: Context, m: Merged, type: TypeName, random: Random, depth: number, hint: string): unknown {
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return random.chance();
    case "string":
      return synthesizeString(m, hint, random);
    case "number":
    case "integer":
      // ajv-formats' int32/int64 accept only integers, even under type "number"
      return synthesizeNumber(m, type === "integer" || m.formats.includes("int32") || m.formats.includes("int64"), random);
    case "object":
      return generateObject(ctx, m, random, depth, hint);
    case "array":
      return generateArray(ctx, m, random, depth, hint);
  }
}

function generateObject(ctx: Context, m: Merged, random: Random, depth: number, hint: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of chooseKeys(ctx, m, random, depth, hint)) {
    const pointer = `${m.pointer}/properties/${escapePointer(key)}`;
    const value = generateNode(ctx, propertyNodes(m, key) ?? [], random.fork(`.${key}`), depth + 1, key, pointer);
    // defineProperty, because assigning "__proto__" would set the prototype instead of adding a key
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** The keys to write, in `properties` order: all required ones, optional ones by chance, extra ones for maps. */
function chooseKeys(ctx: Context, m: Merged, random: Random, depth: number, hint: string): string[] {
  const limit = m.maxProperties ?? Infinity;
  const cost = (key: string): number => nodesCost(ctx, propertyNodes(m, key));
  const forbidden = m.required.find((key) => !propertyNodes(m, key));
  if (forbidden !== undefined) {
    throw new SchemaError(m.pointer, `the required property "${forbidden}" is forbidden by additionalProperties: false`);
  }
  if (m.required.length > limit) {
    throw new SchemaError(m.pointer, `${m.required.length} properties are required but maxProperties is ${limit}`);
  }
  const chosen = new Set(m.required);
  const optional = m.order.filter((key) => !chosen.has(key) && cost(key) < Infinity);
  const deep = depth >= ctx.maxDepth;
  for (const key of optional) if (!deep && chosen.size < limit && random.chance(OPTIONAL_CHANCE)) chosen.add(key);
  for (const key of [...optional].sort((a, b) => cost(a) - cost(b))) {
    if (chosen.size < Math.min(m.minProperties, limit)) chosen.add(key);
  }
  const extra = inventKeys(ctx, m, random, depth, hint, chosen, limit);
  if (chosen.size + extra.length < m.minProperties) {
    const most = chosen.size + extra.length;
    throw new SchemaError(m.pointer, `minProperties is ${m.minProperties} but only ${most} properties can be written`);
  }
  return [...m.order.filter((key) => chosen.has(key)), ...m.required.filter((key) => !m.order.includes(key)), ...extra];
}

/** Keys beyond `properties`: to reach minProperties, and a few entries for map-like objects. */
function inventKeys(
  ctx: Context, m: Merged, random: Random, depth: number, hint: string, chosen: Set<string>, limit: number,
): string[] {
  const isMap = m.order.length === 0 && m.objects.length > 0
    && m.objects.every((part) => (part.additional && part.additional.schema !== true) || part.patterns.length > 0);
  // Like arrays, deeper maps are more often empty, so recursive maps stay small.
  const fading = depth >= 2 && random.chance(depth / ctx.maxDepth);
  const entries = isMap && depth < ctx.maxDepth && !fading ? random.int(1, 2) : 0;
  const wanted = Math.min(limit - chosen.size, Math.max(m.minProperties - chosen.size, entries));
  const base = hintWords(singular(hint)).split(" ").filter((word) => !/^\d+$/.test(word)).join("_") || "key";
  const keys: string[] = [];
  for (let index = 1; keys.length < wanted && index <= wanted + 20; index++) {
    const key = inventKey(ctx, m, random.fork(`key ${index}`), depth, `${base}_${index}`, index);
    if (key === undefined || chosen.has(key) || keys.includes(key)) continue;
    if (nodesCost(ctx, propertyNodes(m, key)) < Infinity && !ctx.checker.check(m.propertyNames, key)) keys.push(key);
  }
  return keys;
}

/** A key name: `plain` when allowed, else one drawn from propertyNames or patternProperties. */
function inventKey(
  ctx: Context, m: Merged, random: Random, depth: number, plain: string, index: number,
): string | undefined {
  const patterns = m.objects.flatMap((part) => part.patterns);
  const pattern = patterns[index % Math.max(1, patterns.length)];
  if (propertyNodes(m, plain) && !ctx.checker.check(m.propertyNames, plain)) return plain;
  try {
    if (m.propertyNames.length > 0) {
      const matching = pattern ? [{ schema: { pattern: pattern.regex.source }, pointer: pattern.node.pointer }] : [];
      const key = generateNode(ctx, [...m.propertyNames, ...matching], random, depth + 1, "key", `${m.pointer}/propertyNames`);
      return typeof key === "string" ? key : undefined;
    }
    // A closed object only takes the keys its patternProperties match.
    if (!pattern) return undefined;
    return synthesizeString({ ...emptyMerged(pattern.node.pointer), patterns: [pattern.regex.source] }, "key", random);
  } catch (error) {
    if (error instanceof SchemaError && !error.fatal) return undefined;
    throw error;
  }
}

function generateArray(ctx: Context, m: Merged, random: Random, depth: number, hint: string): unknown[] {
  const closedAt = m.arrays.filter((part) => part.closed).map((part) => part.prefix.length);
  const high = Math.min(m.maxItems ?? Infinity, ...closedAt);
  if (m.minItems > high) throw new SchemaError(m.pointer, `minItems ${m.minItems} exceeds the ${high} items allowed`);
  const length = chooseLength(ctx, m, random, depth, high);
  const items: unknown[] = [];
  for (let index = 0; index < length; index++) {
    const item = generateItem(ctx, m, index, items, random.fork(`[${index}]`), depth, singular(hint));
    if (item.found) items.push(item.value);
    else if (index >= m.minItems) break;
    else throw new SchemaError(m.pointer, `found no ${m.minItems} distinct items for uniqueItems`);
  }
  return items;
}

function chooseLength(ctx: Context, m: Merged, random: Random, depth: number, high: number): number {
  if (depth >= ctx.maxDepth) return m.minItems;
  const prefix = Math.max(0, ...m.arrays.map((part) => part.prefix.length));
  // Deeper arrays are shorter and more often empty, so recursive trees stay small long before maxDepth.
  const shrink = depth / ctx.maxDepth;
  if (m.minItems === 0 && prefix === 0 && depth >= 2 && random.chance(shrink)) return 0;
  const base = Math.min(high, Math.max(m.minItems, prefix, 1));
  let top = Math.min(high, Math.max(base, Math.round(3 - 2 * shrink)));
  // Items whose recursion never ends are only attempted when minItems demands them.
  for (let index = m.minItems; index < top; index++) {
    if (nodesCost(ctx, itemNodes(m, index)) === Infinity) top = index;
  }
  return random.int(Math.min(base, top), top);
}

function generateItem(
  ctx: Context, m: Merged, index: number, previous: unknown[], random: Random, depth: number, hint: string,
): { found: true; value: unknown } | { found: false } {
  const nodes = itemNodes(m, index) ?? [];
  const pointer = `${m.pointer}/items`;
  for (let attempt = 0; attempt < (m.uniqueItems ? UNIQUE_ATTEMPTS : 1); attempt++) {
    const draw = attempt === 0 ? random : random.fork(`unique ${attempt}`);
    const value = generateNode(ctx, nodes, draw, depth + 1, hint, pointer);
    if (!m.uniqueItems || !previous.some((other) => deepEqual(other, value))) return { found: true, value };
  }
  return { found: false };
}

const OBJECT_KEYWORDS = [
  "properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties", "propertyNames",
];
const ARRAY_KEYWORDS = ["items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems"];

/**
 * The least nesting depth a value of each schema needs (Infinity when no finite value exists), used to steer
 * choices towards values that end. Costs of $ref targets are solved together as a least fixpoint.
 */
class CostModel {
  private readonly refCosts = new Map<string, number>();
  private readonly memo = new WeakMap<object, number>();
  private settled = false;

  constructor(private readonly refs: RefResolver, root: SchemaNode) {
    const targets = this.collectTargets(root);
    for (const pointer of targets.keys()) this.refCosts.set(pointer, Infinity);
    // Costs only fall and are bounded below, so the rounds stop; the cap guards against a modelling slip.
    for (let changed = true, round = 0; changed && round < 10_000; round++) {
      changed = false;
      for (const [pointer, node] of targets) {
        const cost = this.compute(node);
        if (cost < (this.refCosts.get(pointer) ?? Infinity)) {
          this.refCosts.set(pointer, cost);
          changed = true;
        }
      }
    }
    this.settled = true;
  }

  of(node: SchemaNode): number {
    return this.compute(node);
  }

  /** The schema location to blame when a schema has no finite value, and why. */
  explain(node: SchemaNode, path: SchemaLike[] = []): { pointer: string; problem: string } {
    const { schema } = node;
    if (!isRecord(schema)) return { pointer: node.pointer, problem: "the schema is false, so no value is valid" };
    const target = this.target(node);
    if (typeof schema.$ref === "string" && !target) this.refs.resolve(schema.$ref, node.pointer); // throws the precise error
    if (target && this.compute(target) === Infinity && (path.includes(target.schema) || target.schema === schema)) {
      const problem = `$ref ${JSON.stringify(schema.$ref)} recurses without end: every value would have to nest forever`;
      return { pointer: node.pointer, problem };
    }
    const blocks = (child: SchemaNode | undefined): boolean =>
      !!child && !path.includes(child.schema) && this.compute(child) === Infinity;
    const culprit = [target, ...this.blockingParts(node)].find(blocks);
    if (culprit) return this.explain(culprit, [...path, schema]);
    return { pointer: node.pointer, problem: "no finite value satisfies the schema" };
  }

  private blockingParts(node: SchemaNode): SchemaNode[] {
    const parts = [...(subschemaList(node, "allOf") ?? [])];
    for (const kind of ["anyOf", "oneOf"]) parts.push(...(subschemaList(node, kind) ?? []).slice(0, 1));
    if (this.ownCost(node) === Infinity) parts.push(...this.objectParts(node), ...this.arrayParts(node));
    return parts;
  }

  private collectTargets(root: SchemaNode): Map<string, SchemaNode> {
    const targets = new Map<string, SchemaNode>();
    const seen = new Set<SchemaLike>();
    const stack = [root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (!isRecord(node.schema) || seen.has(node.schema)) continue;
      seen.add(node.schema);
      const target = this.target(node);
      if (target && !targets.has(target.pointer)) targets.set(target.pointer, target);
      if (target) stack.push(target);
      stack.push(...childSchemas(node));
    }
    return targets;
  }

  private target(node: SchemaNode): SchemaNode | undefined {
    const ref = isRecord(node.schema) ? node.schema.$ref : undefined;
    if (typeof ref !== "string") return undefined;
    try {
      return this.refs.resolve(ref, node.pointer);
    } catch (error) {
      if (error instanceof SchemaError) return undefined;
      throw error;
    }
  }

  private compute(node: SchemaNode): number {
    const { schema } = node;
    if (schema === true) return 0;
    if (schema === false) return Infinity;
    const known = this.settled ? this.memo.get(schema) : undefined;
    if (known !== undefined) return known;
    let cost = this.ownCost(node);
    if (typeof schema.$ref === "string") {
      const target = this.target(node);
      cost = Math.max(cost, target ? (this.refCosts.get(target.pointer) ?? Infinity) : Infinity);
    }
    cost = Math.max(cost, ...(subschemaList(node, "allOf") ?? []).map((member) => this.compute(member)));
    for (const kind of ["anyOf", "oneOf"]) {
      const branches = subschemaList(node, kind);
      if (branches) cost = Math.max(cost, Math.min(...branches.map((branch) => this.compute(branch))));
    }
    if (this.settled) this.memo.set(schema, cost);
    return cost;
  }

  private ownCost(node: SchemaNode): number {
    const schema = node.schema as JsonSchema;
    const has = (keywords: string[]): boolean => keywords.some((keyword) => schema[keyword] !== undefined);
    const declared = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
    const inferred = has(OBJECT_KEYWORDS) ? ["object"] : has(ARRAY_KEYWORDS) ? ["array"] : ["string"];
    const costOf = (parts: SchemaNode[]): number => 1 + Math.max(0, ...parts.map((part) => this.compute(part)));
    const typeCost = (type: string): number =>
      type === "object" ? costOf(this.objectParts(node)) : type === "array" ? costOf(this.arrayParts(node)) : 0;
    return Math.min(...(declared ?? inferred).map(typeCost));
  }

  /** The schemas of the properties every object must have. */
  private objectParts(node: SchemaNode): SchemaNode[] {
    const required = (node.schema as JsonSchema).required;
    if (!Array.isArray(required)) return [];
    const properties = new Map(subschemaMap(node, "properties"));
    const additional = subschema(node, "additionalProperties");
    // A required key that additionalProperties: false forbids is a contradiction, reported when generating.
    return required.flatMap((key) => properties.get(key) ?? (additional?.schema === false ? [] : additional) ?? []);
  }

  /** The schemas of the items every array must have (up to minItems). */
  private arrayParts(node: SchemaNode): SchemaNode[] {
    const schema = node.schema as JsonSchema;
    const minItems = typeof schema.minItems === "number" ? Math.min(schema.minItems, 8) : 0;
    const tuple = Array.isArray(schema.items);
    const prefix = subschemaList(node, tuple ? "items" : "prefixItems") ?? [];
    const rest = tuple ? subschema(node, "additionalItems") : subschema(node, "items");
    const parts = Array.from({ length: minItems }, (_, index) => prefix[index] ?? rest);
    return parts.filter((part): part is SchemaNode => part !== undefined);
  }
}

/**
 * Whether `value` is valid against `schema`, by the same checker that vets every synthesized value: undefined when it
 * is, else where and why it is not. A schema the synthesizer does not support counts as a violation at its pointer.
 *
 * @example
 * checkJson({ type: "integer", maximum: 7 }, 9); // { pointer: "", path: "", message: "must be <= 7" }
 */
export function checkJson(schema: JsonSchema, value: unknown): Violation | undefined {
  try {
    const refs = new RefResolver(schema);
    return new SchemaChecker(refs).check([{ schema, pointer: "" }], value);
  } catch (error) {
    if (error instanceof SchemaError) return { pointer: error.pointer, path: "", message: error.message };
    throw error;
  }
}
