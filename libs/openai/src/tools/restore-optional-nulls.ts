// The way back from a strict schema: a model that had to send every key sent `null` for the optional ones it left
// out; those nulls are removed where the user's schema had the key optional and not nullable, so the value
// satisfies the user's own schema (and its Zod type). Nulls the user's schema accepts are kept.
import { chooseBranch } from "./match-branch-shape.js";
import { cloneJson, isPlainObject, setOwn, type JsonRecord } from "../internal/json-values.js";
import type { OptionalNullPlan, PlanNode } from "./optional-null-plan.js";

export type { BranchShape, OptionalNullPlan, PlanBranch, PlanNode } from "./optional-null-plan.js";

const MAX_REF_HOPS = 64;

// Sets built from the plan's key lists, so a wide object costs one lookup per key; the plan itself stays plain data.
const absentKeySets = new WeakMap<PlanNode, ReadonlySet<string>>();

function absentKeys(node: PlanNode): ReadonlySet<string> | undefined {
  if (node.nullMeansAbsent === undefined) return undefined;
  let keys = absentKeySets.get(node);
  if (keys === undefined) {
    keys = new Set(node.nullMeansAbsent);
    absentKeySets.set(node, keys);
  }
  return keys;
}

function dereference(node: PlanNode, plan: OptionalNullPlan): PlanNode | undefined {
  let current: PlanNode | undefined = node;
  for (let hops = 0; current?.ref !== undefined; hops += 1) {
    if (hops > MAX_REF_HOPS) return undefined;
    const ref: string = current.ref;
    current = ref === "#" ? plan.root : Object.hasOwn(plan.definitions, ref) ? plan.definitions[ref] : undefined;
  }
  return current;
}

function restoreObject(value: JsonRecord, node: PlanNode, plan: OptionalNullPlan): JsonRecord {
  const absent = absentKeys(node);
  const properties = node.properties;
  const result: JsonRecord = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === null && absent?.has(key) === true) continue;
    if (typeof item !== "object" || item === null) {
      setOwn(result, key, item);
      continue;
    }
    const child = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined;
    setOwn(result, key, restore(item, child, plan));
  }
  return result;
}

// `unions` counts unions entered without descending into the value, against a plan whose union refers to itself.
function restore(value: unknown, node: PlanNode | undefined, plan: OptionalNullPlan, unions = 0): unknown {
  const current = node === undefined ? undefined : dereference(node, plan);
  if (current?.anyOf !== undefined && typeof value === "object" && value !== null && unions < MAX_REF_HOPS) {
    return restore(value, chooseBranch(value, current.anyOf, plan)?.plan, plan, unions + 1);
  }
  if (current === undefined || current.anyOf !== undefined) return cloneJson(value);
  if (Array.isArray(value)) {
    const items = current.items;
    return value.map((item) => restore(item, items, plan));
  }
  return isPlainObject(value) ? restoreObject(value, current, plan) : value;
}

/**
 * Removes the nulls that strict mode made the model send for optional fields: walks `value` alongside `plan` (the
 * `restore` of `toStrictJsonSchema`), through objects, arrays, `$ref`s and unions (a value in a union follows the
 * branch it fits, judged from the branches' shapes), and drops each key whose value is `null` where the plan says
 * "optional, not nullable". Pure: the result is a new value that shares no object or array with `value`, which is
 * left untouched; the cost is proportional to the size of `value`. Restoring twice gives the same result.
 *
 * @example
 * const { restore } = toStrictJsonSchema(
 *   { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } }, required: ["city"] },
 *   'tool "get_weather"',
 * );
 * restoreOptionalNulls({ city: "Paris", unit: null }, restore); // { city: "Paris" }
 */
export function restoreOptionalNulls(value: unknown, plan: OptionalNullPlan): unknown {
  return restore(value, plan.root, plan);
}
