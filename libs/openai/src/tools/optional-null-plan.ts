// The plan that `restoreOptionalNulls` follows: where, in a value that matches a strict schema, a `null` stands for a
// key the user's schema had as optional. It is plain JSON (no functions, no classes, no cycles: recursion goes
// through `ref`), so it can be stored beside a tool's spec and sent between processes.
import { cloneJson, isPlainObject, setOwn, type JsonRecord } from "../internal/json-values.js";
import { KEPT_ASSERTIONS } from "./strict-schema-keywords.js";

/**
 * What to restore in a value matching a strict schema, built by `toStrictJsonSchema`.
 *
 * @example
 * const { schema, restore } = toStrictJsonSchema(userSchema, 'tool "get_weather"');
 * JSON.stringify(restore); // store it with the tool; restoreOptionalNulls(args, restore) on the way back
 */
export interface OptionalNullPlan {
  /** The format of this structure, so a stored plan can be recognised. */
  version: 1;
  /** The plan for the value itself. `{}` when there is nothing to restore anywhere. */
  root: PlanNode;
  /** Plans of definitions that hold something to restore, by the strict schema's `$ref` (`#/$defs/Node`). */
  definitions: Record<string, PlanNode>;
  /** Strict schemas (validation keywords only) of definitions that union branches refer to, by `$ref`. */
  shapes: Record<string, BranchShape>;
}

/** The plan for one value; only the parts with something to restore below them are present. */
export interface PlanNode {
  /** Keys that were optional and not nullable in the user's schema: a `null` there means "absent" and is removed. */
  nullMeansAbsent?: string[];
  /** Plans for property values, by property name. */
  properties?: Record<string, PlanNode>;
  /** The plan for every array item. */
  items?: PlanNode;
  /** A union whose branches differ in what to restore: the value follows the first branch whose shape it fits. */
  anyOf?: PlanBranch[];
  /** Follow the plan of this definition (`#` is the root). Nothing else is set beside it. */
  ref?: string;
}

/** One branch of a union: its strict shape, to tell which branch a value took, and what to restore in it. */
export interface PlanBranch {
  shape: BranchShape;
  plan?: PlanNode;
}

/**
 * A strict schema reduced to what decides whether a value fits it: type, enum, const, pattern, numeric bounds,
 * minItems/maxItems, properties (every strict object is closed and requires all of them), items, anyOf and $ref.
 */
export type BranchShape = JsonRecord;

/** A strict definition as the plan builder sees it. */
export interface PlannedDefinition {
  ref: string;
  schema: JsonRecord;
  plan: PlanNode | undefined;
}

// The assertions strict mode keeps, without `format` (a shape compares structure, not string formats), plus the
// structural `type` and `$ref`: one list, so an assertion added to strict mode is part of the shape too.
const SHAPE_KEYWORDS = ["type", ...[...KEPT_ASSERTIONS].filter((keyword) => keyword !== "format"), "$ref"];

/** The validation keywords of a strict schema, collecting the `$ref`s it uses. */
function toShape(schema: unknown, refs: Set<string>): BranchShape {
  const shape: BranchShape = {};
  if (!isPlainObject(schema)) return shape;
  for (const keyword of SHAPE_KEYWORDS) {
    if (Object.hasOwn(schema, keyword)) shape[keyword] = cloneJson(schema[keyword]);
  }
  if (typeof schema["$ref"] === "string") refs.add(schema["$ref"]);
  if (isPlainObject(schema["properties"])) {
    const properties: JsonRecord = {};
    for (const [key, child] of Object.entries(schema["properties"])) setOwn(properties, key, toShape(child, refs));
    shape["properties"] = properties;
  }
  if (schema["items"] !== undefined) shape["items"] = toShape(schema["items"], refs);
  if (Array.isArray(schema["anyOf"])) shape["anyOf"] = schema["anyOf"].map((branch: unknown) => toShape(branch, refs));
  return shape;
}

// Which definitions have something to restore below them: a least fixpoint, because definitions refer to each other
// (and to themselves) through `ref`.
function definitionsToRestore(drafts: ReadonlyMap<string, PlanNode | undefined>): Set<string> {
  const needed = new Set<string>();
  const needs = (node: PlanNode | undefined): boolean => {
    if (node === undefined) return false;
    if (node.ref !== undefined) return needed.has(node.ref);
    return (
      (node.nullMeansAbsent?.length ?? 0) > 0 ||
      Object.values(node.properties ?? {}).some(needs) ||
      needs(node.items) ||
      (node.anyOf ?? []).some((branch) => needs(branch.plan))
    );
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const [ref, draft] of drafts) {
      if (!needed.has(ref) && needs(draft)) {
        needed.add(ref);
        changed = true;
      }
    }
  }
  return needed;
}

interface Pruning {
  needed: ReadonlySet<string>;
  shapeRefs: Set<string>;
}

// The draft without the parts that restore nothing; undefined when nothing is left.
function prune(node: PlanNode | undefined, pruning: Pruning): PlanNode | undefined {
  if (node === undefined) return undefined;
  if (node.ref !== undefined) return pruning.needed.has(node.ref) ? { ref: node.ref } : undefined;
  const result: PlanNode = {};
  if (node.nullMeansAbsent !== undefined && node.nullMeansAbsent.length > 0) {
    result.nullMeansAbsent = [...node.nullMeansAbsent];
  }
  const properties: Record<string, PlanNode> = {};
  let hasProperties = false;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const kept = prune(child, pruning);
    if (kept !== undefined) {
      setOwn(properties, key, kept);
      hasProperties = true;
    }
  }
  if (hasProperties) result.properties = properties;
  const items = prune(node.items, pruning);
  if (items !== undefined) result.items = items;
  const branches = (node.anyOf ?? []).map((branch) => ({ branch, plan: prune(branch.plan, pruning) }));
  if (branches.some(({ plan }) => plan !== undefined)) {
    result.anyOf = branches.map(({ branch, plan }) => {
      const shape = toShape(branch.shape, pruning.shapeRefs);
      return plan === undefined ? { shape } : { shape, plan };
    });
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * The final plan from the converter's drafts: the root's, and each definition's. Drafts may mention definitions
 * that restore nothing and union branches as full strict schemas; both are trimmed here.
 */
export function buildOptionalNullPlan(
  root: PlanNode | undefined,
  strictRoot: JsonRecord,
  definitions: readonly PlannedDefinition[],
): OptionalNullPlan {
  const drafts = new Map<string, PlanNode | undefined>([["#", root]]);
  for (const definition of definitions) drafts.set(definition.ref, definition.plan);
  const pruning: Pruning = { needed: definitionsToRestore(drafts), shapeRefs: new Set() };
  const plan: OptionalNullPlan = { version: 1, root: prune(root, pruning) ?? {}, definitions: {}, shapes: {} };
  for (const definition of definitions) {
    if (pruning.needed.has(definition.ref)) {
      setOwn(plan.definitions, definition.ref, prune(definition.plan, pruning) ?? {});
    }
  }
  const schemas = new Map<string, JsonRecord>([["#", strictRoot]]);
  for (const definition of definitions) schemas.set(definition.ref, definition.schema);
  // Shapes refer to further definitions; the set grows while it is walked.
  for (const ref of pruning.shapeRefs) {
    const schema = schemas.get(ref);
    if (schema !== undefined) setOwn(plan.shapes, ref, toShape(schema, pruning.shapeRefs));
  }
  return plan;
}
