// Converts one node of a user's JSON Schema (and everything below it) to OpenAI's strict subset, recording problems
// in the context instead of stopping at the first, and drafting the plan that undoes the optional -> nullable change.
// The forms chosen, and why, are listed in to-strict-json-schema.ts.
import { childPointer, cloneJson, isPlainObject, setOwn, type JsonRecord } from "../internal/json-values.js";
import type { PlanBranch, PlanNode } from "./optional-null-plan.js";
import { addIssue, strictRefFor, type ConversionContext } from "./strict-schema-context.js";
import {
  KEPT_ANNOTATIONS,
  KEPT_ASSERTIONS,
  REFUSED_KEYWORDS,
  SUPPORTED_FORMATS,
  keywordProblems,
} from "./strict-schema-keywords.js";
import { acceptsNull, possibleTypes, provablyDisjoint } from "./strict-schema-nullability.js";

/** A strict schema and, when something below it must be restored, its draft plan. */
export interface Converted {
  schema: JsonRecord;
  plan?: PlanNode;
}

const UNION_KEYWORDS = ["anyOf", "oneOf", "allOf"] as const;
const STRUCTURAL_KEYWORDS = ["type", "properties", "required", "additionalProperties", "items", ...UNION_KEYWORDS];
const OBJECT_HINTS = ["properties", "required", "additionalProperties"] as const;
const TYPE_STANDINS = ["enum", "const"] as const;
const DYNAMIC_REFS = ["$dynamicRef", "$recursiveRef"] as const;

export const TYPELESS_PROBLEM =
  "this schema has no 'type', so it accepts any JSON value, which strict mode cannot express; give it a 'type' " +
  "(or an 'enum', 'const' or 'anyOf').";
const RECORD_PROBLEM =
  "an open record (additionalProperties other than false) is not allowed in strict mode, where every object is " +
  "closed; use an array of {key, value} objects instead.";
const TUPLE_PROBLEM = "tuples (an array of 'items' schemas) are not supported; use an object with named properties.";

function has(node: JsonRecord, keyword: string): boolean {
  return Object.hasOwn(node, keyword);
}

function declaredTypes(node: JsonRecord): string[] {
  const type = node["type"];
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((name): name is string => typeof name === "string") : [];
}

// Annotations and supported assertions in their original order; a one-name type list becomes the plain name, which
// means the same and is the only root form OpenAI accepts.
function copyKeywords(node: JsonRecord, schema: JsonRecord): void {
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "type") {
      schema["type"] = Array.isArray(value) && value.length === 1 ? value[0] : cloneJson(value);
    } else if (KEPT_ANNOTATIONS.has(keyword) || KEPT_ASSERTIONS.has(keyword)) {
      if (keyword !== "format" || SUPPORTED_FORMATS.has(value as string)) schema[keyword] = cloneJson(value);
    }
    // Anything else is refused (reported by keywordProblems), structural (handled by the caller) or an annotation
    // strict mode does not list ($schema, $id, $comment, examples, …), which validates nothing and is dropped.
  }
}

/** Converts one node; see the file comment. */
export function convertNode(node: unknown, pointer: string, context: ConversionContext): Converted {
  if (typeof node === "boolean") {
    addIssue(context, pointer, node ? TYPELESS_PROBLEM : "this schema is 'false', which accepts no value; remove it.");
    return { schema: {} };
  }
  if (!isPlainObject(node)) {
    addIssue(context, pointer, `this is not a JSON Schema (an object); got ${JSON.stringify(node)}.`);
    return { schema: {} };
  }
  if (has(node, "$ref")) return convertRef(node, pointer, context);
  for (const found of keywordProblems(node, pointer)) addIssue(context, found.pointer, found.problem);
  const isUnion = has(node, "anyOf") || has(node, "oneOf") || Array.isArray(node["allOf"]);
  const converted = isUnion ? convertUnion(node, pointer, context) : convertTyped(node, pointer, context);
  context.sources.set(converted.schema, pointer);
  return converted;
}

// OpenAI refuses any keyword beside `$ref` ("$ref cannot have keywords {'description'}"). Annotations move to a
// one-branch anyOf around the reference, which means the same and keeps the definition shared (and recursion
// possible); assertions beside a `$ref` would have to be merged into the target, which is not lossless in general.
function convertRef(node: JsonRecord, pointer: string, context: ConversionContext): Converted {
  const ref = node["$ref"];
  const strictRef =
    typeof ref === "string"
      ? strictRefFor(context, ref, childPointer(pointer, "$ref"))
      : (addIssue(context, childPointer(pointer, "$ref"), "'$ref' must be a string."), undefined);
  const annotations: JsonRecord = {};
  const blocking: string[] = [];
  for (const [keyword, value] of Object.entries(node)) {
    if (KEPT_ANNOTATIONS.has(keyword)) annotations[keyword] = cloneJson(value);
    else if (KEPT_ASSERTIONS.has(keyword) || REFUSED_KEYWORDS.has(keyword) || STRUCTURAL_KEYWORDS.includes(keyword)) {
      blocking.push(keyword);
    }
  }
  if (blocking.length > 0) {
    const names = blocking.map((keyword) => `'${keyword}'`).join(", ");
    const them = blocking.length > 1 ? "them" : "it";
    addIssue(context, pointer, `'$ref' cannot be combined with ${names} in strict mode; move ${them} into the referenced definition.`);
  }
  const target: JsonRecord = { $ref: strictRef ?? "#" };
  const schema = Object.keys(annotations).length > 0 ? { ...annotations, anyOf: [target] } : target;
  context.sources.set(schema, pointer);
  context.sources.set(target, pointer);
  return strictRef === undefined ? { schema } : { schema, plan: { ref: strictRef } };
}

function checkExclusive(branches: readonly unknown[], pointer: string, context: ConversionContext): void {
  for (let i = 0; i < branches.length; i += 1) {
    for (let j = i + 1; j < branches.length; j += 1) {
      const exclusive =
        provablyDisjoint(branches[i], branches[j], context.root) && provablyDisjoint(branches[j], branches[i], context.root);
      if (!exclusive) {
        addIssue(
          context,
          childPointer(pointer, "oneOf"),
          `branches ${i} and ${j} of 'oneOf' may match the same value, and strict mode only has 'anyOf', which would ` +
            "accept it; make the branches exclusive (e.g. a required property with a different 'const' in each) or " +
            "use 'anyOf'.",
        );
        return;
      }
    }
  }
}

// A `type` beside a union: kept unless it names object or array, which OpenAI would then check as an object or array
// node; dropped when every branch already has one of its types (so it adds nothing), otherwise refused.
function unionType(node: JsonRecord, branches: readonly unknown[], pointer: string, context: ConversionContext): boolean {
  const types = declaredTypes(node);
  if (!types.includes("object") && !types.includes("array")) return true;
  const covered = branches.every((branch) => {
    const names = possibleTypes(branch, context.root);
    return names !== undefined && [...names].every((name) => types.includes(name) || (name === "integer" && types.includes("number")));
  });
  if (!covered) {
    addIssue(context, childPointer(pointer, "type"), "a 'type' beside 'anyOf'/'oneOf' is not supported here; move it into each branch.");
  }
  return false;
}

// anyOf is kept; a oneOf becomes an anyOf only when its branches provably exclude each other (then "exactly one"
// and "at least one" accept the same values); allOf with a single schema is that schema.
function convertUnion(node: JsonRecord, pointer: string, context: ConversionContext): Converted {
  const present = UNION_KEYWORDS.filter((keyword) => has(node, keyword));
  if (present.length > 1) {
    addIssue(context, pointer, `${present.map((k) => `'${k}'`).join(" and ")} on one schema are not supported in strict mode; combine them into one 'anyOf'.`);
  }
  const keyword = present[0] ?? "anyOf";
  const branches: unknown[] = Array.isArray(node[keyword]) ? (node[keyword] as unknown[]) : [];
  if (branches.length === 0) addIssue(context, childPointer(pointer, keyword), `'${keyword}' must be a non-empty array of schemas.`);
  if (keyword === "oneOf") checkExclusive(branches, pointer, context);
  if (["properties", "items", "additionalProperties", "required"].some((k) => has(node, k))) {
    addIssue(context, pointer, `'${keyword}' beside 'properties' or 'items' is not supported in strict mode; move the shared keywords into each branch.`);
  }
  const schema: JsonRecord = {};
  copyKeywords(node, schema);
  if (!unionType(node, branches, pointer, context)) delete schema["type"];
  const converted = branches.map((branch, i) => convertNode(branch, childPointer(pointer, keyword, String(i)), context));
  schema["anyOf"] = converted.map((branch) => branch.schema);
  if (converted.length === 1) return { schema, plan: converted[0]?.plan };
  if (!converted.some((branch) => branch.plan !== undefined)) return { schema };
  const plans: PlanBranch[] = converted.map((branch) =>
    branch.plan === undefined ? { shape: branch.schema } : { shape: branch.schema, plan: branch.plan },
  );
  return { schema, plan: { anyOf: plans } };
}

// A node with a type (or an enum/const standing for one). A typeless node with `properties` (or `required`,
// `additionalProperties`) is taken as an object and one with `items` as an array: strict mode needs the type, and a
// value the strict schema accepts still satisfies the original.
function convertTyped(node: JsonRecord, pointer: string, context: ConversionContext): Converted {
  const schema: JsonRecord = {};
  const types = declaredTypes(node);
  const typeless = !has(node, "type");
  const objectLike = types.includes("object") || (typeless && OBJECT_HINTS.some((k) => has(node, k)));
  const arrayLike = types.includes("array") || (typeless && has(node, "items"));
  // A dynamic reference stands for a type too; it is refused on its own (keywordProblems).
  if (typeless && !TYPE_STANDINS.some((k) => has(node, k)) && !DYNAMIC_REFS.some((k) => has(node, k))) {
    if (objectLike) schema["type"] = "object";
    else if (arrayLike) schema["type"] = "array";
    else addIssue(context, pointer, TYPELESS_PROBLEM);
  }
  copyKeywords(node, schema);
  const plan: PlanNode = objectLike ? convertObject(node, pointer, context, schema) : {};
  if (arrayLike) {
    const items = convertItems(node, pointer, context, schema);
    if (items !== undefined) plan.items = items;
  }
  return Object.keys(plan).length > 0 ? { schema, plan } : { schema };
}

function convertItems(node: JsonRecord, pointer: string, context: ConversionContext, schema: JsonRecord): PlanNode | undefined {
  if (has(node, "prefixItems")) return undefined; // a tuple, already reported for prefixItems
  const items = node["items"];
  if (items === undefined) {
    addIssue(context, pointer, "an array needs an 'items' schema in strict mode; add one, e.g. { \"type\": \"string\" }.");
    return undefined;
  }
  if (Array.isArray(items)) {
    addIssue(context, childPointer(pointer, "items"), TUPLE_PROBLEM);
    return undefined;
  }
  const converted = convertNode(items, childPointer(pointer, "items"), context);
  schema["items"] = converted.schema;
  return converted.plan;
}

/**
 * The null alternative of an optional property: `{ ...annotations, anyOf: [T, { type: "null" }] }`, with the
 * property's title/description/default on the wrapper, and the null appended to T's own branches when T is an anyOf.
 */
export function withNullBranch(schema: JsonRecord, source: (node: JsonRecord) => void): JsonRecord {
  const wrapper: JsonRecord = {};
  const inner: JsonRecord = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (KEPT_ANNOTATIONS.has(keyword)) wrapper[keyword] = value;
    else inner[keyword] = value;
  }
  const onlyUnion = Object.keys(inner).length === 1 && Array.isArray(inner["anyOf"]);
  const nullBranch: JsonRecord = { type: "null" };
  wrapper["anyOf"] = onlyUnion ? [...(inner["anyOf"] as unknown[]), nullBranch] : [inner, nullBranch];
  for (const node of [wrapper, inner, nullBranch]) source(node);
  return wrapper;
}

function convertObject(node: JsonRecord, pointer: string, context: ConversionContext, schema: JsonRecord): PlanNode {
  const properties = isPlainObject(node["properties"]) ? node["properties"] : {};
  const required = new Set(Array.isArray(node["required"]) ? node["required"] : []);
  for (const key of required) {
    if (typeof key === "string" && !Object.hasOwn(properties, key)) {
      addIssue(context, childPointer(pointer, "required"), `'${key}' is required but not defined in 'properties'; define it there or remove it from 'required'.`);
    }
  }
  const extra = node["additionalProperties"];
  if (extra !== undefined && extra !== false) addIssue(context, childPointer(pointer, "additionalProperties"), RECORD_PROBLEM);
  const strictProperties: JsonRecord = {};
  const plans: Record<string, PlanNode> = {};
  const nullMeansAbsent: string[] = [];
  for (const [key, child] of Object.entries(properties)) {
    const at = childPointer(pointer, "properties", key);
    const converted = convertNode(child, at, context);
    let strict = converted.schema;
    if (!required.has(key)) {
      // The model must send every key, so an optional one gets a null to say "absent"; removed again on the way
      // back unless the user's own schema accepts null there.
      if (!acceptsNull(child, context.root, true)) strict = withNullBranch(strict, (n) => context.sources.set(n, at));
      if (!acceptsNull(child, context.root, false)) nullMeansAbsent.push(key);
    }
    setOwn(strictProperties, key, strict);
    if (converted.plan !== undefined) setOwn(plans, key, converted.plan);
  }
  schema["properties"] = strictProperties;
  schema["required"] = Object.keys(properties);
  schema["additionalProperties"] = false;
  const plan: PlanNode = {};
  if (nullMeansAbsent.length > 0) plan.nullMeansAbsent = nullMeansAbsent;
  if (Object.keys(plans).length > 0) plan.properties = plans;
  return plan;
}
