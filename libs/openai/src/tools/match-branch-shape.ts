// Decides which branch of a strict union a value took, structurally, from the branches' shapes. Any branch the value
// fits is a right answer (restoring by it yields a value the user's branch accepts), so the check only has to be
// exact enough to tell branches apart, and cheap: a discriminator property (a `const` that differs in every branch)
// decides at once; otherwise a shallow look, and the deep one only when that is ambiguous. `format` is not checked.
// Shapes are compiled to checks once, and cached beside the plan (which stays plain data).
import { isPlainObject, jsonEqual } from "../internal/json-values.js";
import type { BranchShape, OptionalNullPlan, PlanBranch } from "./optional-null-plan.js";

/** Whether a value fits, looking `depth` levels into properties and items. */
type Matcher = (value: unknown, depth: number) => boolean;

// By plan, then by shape: a shape's `$ref`s resolve in its own plan.
const matchers = new WeakMap<OptionalNullPlan, WeakMap<BranchShape, Matcher>>();
const ANY: Matcher = () => true;
const MAX_REF_HOPS = 32;

function typeCheck(type: unknown): Matcher {
  const names = new Set(Array.isArray(type) ? type : [type]);
  return (value) => {
    if (value === null) return names.has("null");
    switch (typeof value) {
      case "string":
        return names.has("string");
      case "boolean":
        return names.has("boolean");
      case "number":
        return names.has("number") || (names.has("integer") && Number.isInteger(value));
      default:
        return Array.isArray(value) ? names.has("array") : names.has("object") && isPlainObject(value);
    }
  };
}

function numberCheck(shape: BranchShape): Matcher | undefined {
  const bound = (keyword: string): number | undefined => (typeof shape[keyword] === "number" ? (shape[keyword] as number) : undefined);
  const [min, max, exclusiveMin, exclusiveMax] = [bound("minimum"), bound("maximum"), bound("exclusiveMinimum"), bound("exclusiveMaximum")];
  const step = bound("multipleOf");
  if ([min, max, exclusiveMin, exclusiveMax, step].every((value) => value === undefined)) return undefined;
  return (value) =>
    typeof value !== "number" ||
    !(
      (min !== undefined && value < min) ||
      (max !== undefined && value > max) ||
      (exclusiveMin !== undefined && value <= exclusiveMin) ||
      (exclusiveMax !== undefined && value >= exclusiveMax) ||
      (step !== undefined && step > 0 && Math.abs(value / step - Math.round(value / step)) > 1e-9)
    );
}

function patternCheck(pattern: string): Matcher | undefined {
  try {
    const regex = new RegExp(pattern, "u");
    return (value) => typeof value !== "string" || regex.test(value);
  } catch {
    return undefined; // a pattern this engine cannot read decides nothing
  }
}

function arrayCheck(shape: BranchShape, plan: OptionalNullPlan): Matcher | undefined {
  const min = typeof shape["minItems"] === "number" ? shape["minItems"] : 0;
  const max = typeof shape["maxItems"] === "number" ? shape["maxItems"] : Infinity;
  const items = isPlainObject(shape["items"]) ? matcherFor(shape["items"], plan) : undefined;
  if (min === 0 && max === Infinity && items === undefined) return undefined;
  return (value, depth) => {
    if (!Array.isArray(value)) return true;
    if (value.length < min || value.length > max) return false;
    return items === undefined || depth <= 0 || value.every((item) => items(item, depth - 1));
  };
}

// Strict objects are closed and require every property, so the key set must be exactly the shape's.
function objectCheck(properties: Record<string, unknown>, plan: OptionalNullPlan): Matcher {
  const children = new Map<string, Matcher>();
  for (const [key, child] of Object.entries(properties)) children.set(key, isPlainObject(child) ? matcherFor(child, plan) : ANY);
  return (value, depth) => {
    if (!isPlainObject(value)) return true;
    let count = 0;
    for (const key of Object.keys(value)) {
      const child = children.get(key);
      if (child === undefined || (depth > 0 && !child(value[key], depth - 1))) return false;
      count += 1;
    }
    return count === children.size;
  };
}

function compile(shape: BranchShape, plan: OptionalNullPlan): Matcher {
  const checks: Matcher[] = [];
  if (shape["type"] !== undefined) checks.push(typeCheck(shape["type"]));
  if (Object.hasOwn(shape, "const")) {
    const constant = shape["const"];
    checks.push((value) => value === constant || jsonEqual(constant, value));
  }
  if (Array.isArray(shape["enum"])) {
    const values: unknown[] = shape["enum"];
    checks.push((value) => values.includes(value) || values.some((allowed) => jsonEqual(allowed, value)));
  }
  const optional = [numberCheck(shape), typeof shape["pattern"] === "string" ? patternCheck(shape["pattern"]) : undefined, arrayCheck(shape, plan)];
  for (const check of optional) if (check !== undefined) checks.push(check);
  if (Array.isArray(shape["anyOf"])) {
    const branches = shape["anyOf"].map((branch: unknown) => (isPlainObject(branch) ? matcherFor(branch, plan) : ANY));
    checks.push((value, depth) => branches.some((branch) => branch(value, depth)));
  }
  if (isPlainObject(shape["properties"])) checks.push(objectCheck(shape["properties"], plan));
  return (value, depth) => {
    for (const check of checks) if (!check(value, depth)) return false;
    return true;
  };
}

function resolveShape(shape: BranchShape, plan: OptionalNullPlan): BranchShape | undefined {
  let current: BranchShape | undefined = shape;
  for (let hops = 0; current !== undefined && typeof current["$ref"] === "string"; hops += 1) {
    if (hops > MAX_REF_HOPS) return undefined;
    const ref: string = current["$ref"];
    current = Object.hasOwn(plan.shapes, ref) ? plan.shapes[ref] : undefined;
  }
  return current;
}

function matcherFor(shape: BranchShape, plan: OptionalNullPlan): Matcher {
  let compiled = matchers.get(plan);
  if (compiled === undefined) {
    compiled = new WeakMap();
    matchers.set(plan, compiled);
  }
  let matcher = compiled.get(shape);
  if (matcher === undefined) {
    if (typeof shape["$ref"] === "string") {
      // Resolved on first use, so recursive shapes compile lazily instead of forever.
      let target: Matcher | undefined;
      matcher = (value, depth) => {
        if (target === undefined) {
          const resolved = resolveShape(shape, plan);
          target = resolved === undefined ? ANY : matcherFor(resolved, plan);
        }
        return target(value, depth);
      };
    } else {
      matcher = compile(shape, plan);
    }
    compiled.set(shape, matcher);
  }
  return matcher;
}

/** Whether `value` fits a branch shape, looking `depth` levels into properties and items (Infinity: all of it). */
export function fitsShape(value: unknown, shape: BranchShape, plan: OptionalNullPlan, depth: number): boolean {
  return matcherFor(shape, plan)(value, depth);
}

/** A union's discriminator: the key whose `const` differs in every branch, and the branch for each value. */
interface Discriminator {
  key: string;
  branches: Map<unknown, PlanBranch>;
}

const discriminators = new WeakMap<readonly PlanBranch[], Discriminator | null>();

function findDiscriminator(branches: readonly PlanBranch[], plan: OptionalNullPlan): Discriminator | null {
  const objects = branches.map((branch) => resolveShape(branch.shape, plan));
  const first = objects[0]?.["properties"];
  if (!isPlainObject(first)) return null;
  for (const key of Object.keys(first)) {
    const byValue = new Map<unknown, PlanBranch>();
    branches.forEach((branch, i) => {
      const properties = objects[i]?.["properties"];
      const property = isPlainObject(properties) && Object.hasOwn(properties, key) ? properties[key] : undefined;
      const constant = isPlainObject(property) ? property["const"] : undefined;
      const primitive = constant !== null && ["string", "number", "boolean"].includes(typeof constant);
      const isObject = objects[i]?.["type"] === "object";
      if (primitive && isObject && !byValue.has(constant)) byValue.set(constant, branch);
    });
    if (byValue.size === branches.length) return { key, branches: byValue };
  }
  return null;
}

/** The branch of a union `value` took: by discriminator, else the only shallow fit, else the first deep fit. */
export function chooseBranch(value: unknown, branches: readonly PlanBranch[], plan: OptionalNullPlan): PlanBranch | undefined {
  let discriminator = discriminators.get(branches);
  if (discriminator === undefined) {
    discriminator = findDiscriminator(branches, plan);
    discriminators.set(branches, discriminator);
  }
  // Every branch is an object with its own value for the key, so no other branch can fit.
  if (discriminator !== null && isPlainObject(value)) return discriminator.branches.get(value[discriminator.key]);
  const candidates = branches.filter((branch) => fitsShape(value, branch.shape, plan, 1));
  if (candidates.length <= 1 || candidates.every((branch) => branch.plan === undefined)) return candidates[0];
  return candidates.find((branch) => fitsShape(value, branch.shape, plan, Infinity));
}
