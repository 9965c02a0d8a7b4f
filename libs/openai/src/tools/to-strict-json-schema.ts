// Makes a JSON Schema fit OpenAI's strict subset (Structured Outputs, protocol reference §2.5) without changing which
// values it accepts, apart from one documented change that `restoreOptionalNulls` undoes.
//
// Transform table:
// - every object: `additionalProperties: false`, and `required` lists all its properties in property order;
// - an optional property becomes required with a null alternative, always in one form:
//   `{ title?, description?, default?, anyOf: [T, { type: "null" }] }` (annotations on the wrapper; when T is itself
//   an anyOf, the null is appended to its branches). A property that already accepts null gets no second null. The
//   plan records the property as "null means absent" only when the user's schema does not accept null there;
// - `$ref` with annotations beside it (zod's `.describe()`/`.default()` on a named schema): the annotations go on a
//   one-branch anyOf, `{ description, anyOf: [{ $ref }] }`, which keeps the definition shared and recursion intact;
// - `oneOf` becomes `anyOf` only when its branches provably exclude each other (different types, different
//   `const`/`enum` values of a property both require, or a key one closed branch cannot have); otherwise refused;
// - `allOf` with a single schema becomes a one-branch anyOf; `definitions` move to `$defs`; a `$ref` to any other
//   place (`#/properties/a`) gets that place copied into `$defs`; a root that is only a `$ref` becomes its target;
// - a one-name type list (`["object"]`) becomes the name; a typeless node with `properties` is taken as an object
//   and one with `items` as an array;
// - `title`, `description`, `default` and every supported assertion are kept; other annotations ($schema, $id,
//   $comment, examples, OpenAPI's `nullable`, …) validate nothing and are dropped; everything else is refused.
import { StrictSchemaError, type SchemaIssue } from "../errors/errors.js";
import { convertNode, type Converted } from "./convert-strict-node.js";
import { escapePointerToken, fragmentTokens, isPlainObject, setOwn, valueAt, type JsonRecord } from "../internal/json-values.js";
import { buildOptionalNullPlan, type OptionalNullPlan } from "./optional-null-plan.js";
import { addIssue, createConversionContext, type ConversionContext } from "./strict-schema-context.js";
import { checkLimits } from "./strict-schema-limits.js";

/** A JSON Schema object, as produced from Zod or written by hand. */
export type JsonSchemaObject = Record<string, unknown>;

/** OpenAI's size limits for strict schemas; they changed between API eras, so they belong in model profiles. */
export interface StrictSchemaLimits {
  /** Levels of object/array nesting. */
  maxNesting: number;
  /** Object properties across the whole schema. */
  maxProperties: number;
  /** Enum values across the whole schema. */
  maxEnumValues: number;
  /** Characters of property names, definition names, enum values and const values, in total. */
  maxStringLength: number;
  /** Characters of one string enum that has more than 250 values. */
  maxLargeEnumStringLength: number;
}

/**
 * OpenAI's limits as of 2026 (Structured Outputs guide); in 2024 they were 5, 100, 500, 15,000 and 7,500.
 *
 * @example
 * toStrictJsonSchema(schema, 'tool "search"', { ...STRICT_LIMITS, maxNesting: 5 });
 */
export const STRICT_LIMITS: Readonly<StrictSchemaLimits> = Object.freeze({
  maxNesting: 10,
  maxProperties: 5000,
  maxEnumValues: 1000,
  maxStringLength: 120_000,
  maxLargeEnumStringLength: 15_000,
});

/** The strict schema to send, and the plan that maps its nulls back to absent keys. */
export interface StrictConversion {
  schema: JsonSchemaObject;
  restore: OptionalNullPlan;
}

function describeRoot(body: unknown): string {
  if (body === undefined || body === null) return "no schema";
  if (!isPlainObject(body)) return `a ${Array.isArray(body) ? "JSON array" : typeof body}`;
  if (Object.hasOwn(body, "$ref")) return "a $ref that leads to no object schema";
  return Object.hasOwn(body, "type") ? `type ${JSON.stringify(body["type"])}` : "a schema without a type";
}

function checkRoot(body: unknown, pointer: string, context: ConversionContext): void {
  const wrap = 'wrap it: { "type": "object", "properties": { "value": <this schema> }, "required": ["value"] }';
  if (isPlainObject(body) && (Object.hasOwn(body, "anyOf") || Object.hasOwn(body, "oneOf"))) {
    addIssue(context, pointer, `a union at the root is not allowed in strict mode; ${wrap}, or use one tool per branch.`);
    return;
  }
  const objectHints = ["properties", "required", "additionalProperties"];
  const isObject =
    isPlainObject(body) &&
    !Object.hasOwn(body, "$ref") &&
    (body["type"] === "object" ||
      (Array.isArray(body["type"]) && body["type"].length === 1 && body["type"][0] === "object") ||
      (!Object.hasOwn(body, "type") && objectHints.some((k) => Object.hasOwn(body, k))));
  if (!isObject) {
    addIssue(context, pointer, `the root must be an object schema ({ "type": "object" }), not ${describeRoot(body)}; ${wrap}.`);
  } else if (Object.hasOwn(body, "enum") || Object.hasOwn(body, "const")) {
    addIssue(context, pointer, "'enum'/'const' at the root are not allowed in strict mode; describe the object with 'properties'.");
  }
}

// A root that is only a reference (zod-to-json-schema's `name` option) stands for its target.
function convertRoot(context: ConversionContext, schema: unknown): Converted {
  let body = schema;
  let pointer = "";
  for (let hops = 0; isPlainObject(body) && typeof body["$ref"] === "string" && hops < 8; hops += 1) {
    const tokens = fragmentTokens(body["$ref"]);
    if (tokens === undefined || tokens.length === 0) break;
    const target = valueAt(schema, tokens);
    if (!isPlainObject(target)) break;
    body = target;
    pointer = tokens.map((token) => `/${escapePointerToken(token)}`).join("");
  }
  checkRoot(body, pointer, context);
  return isPlainObject(body) ? convertNode(body, pointer, context) : { schema: {} };
}

function distinct(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.pointer}\n${issue.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Converts `schema` to OpenAI's strict subset (see the transform table at the top of this file). Throws
 * `StrictSchemaError` listing every problem, each with a JSON pointer into `schema` and the fix; never mutates
 * `schema`. `subject` names its owner in those problems.
 *
 * @example
 * const { schema, restore } = toStrictJsonSchema(
 *   { type: "object", properties: { city: { type: "string" }, unit: { enum: ["C", "F"] } }, required: ["city"] },
 *   'tool "get_weather"',
 * );
 * // schema.properties.unit: { anyOf: [{ enum: ["C", "F"] }, { type: "null" }] }, required: ["city", "unit"]
 * restoreOptionalNulls({ city: "Paris", unit: null }, restore); // { city: "Paris" }
 */
export function toStrictJsonSchema(
  schema: JsonSchemaObject,
  subject: string,
  limits: StrictSchemaLimits = STRICT_LIMITS,
): StrictConversion {
  const context = createConversionContext(isPlainObject(schema) ? schema : {}, subject);
  const root = convertRoot(context, schema);
  const definitions = [];
  for (let next = context.pending.shift(); next !== undefined; next = context.pending.shift()) {
    const converted = convertNode(next.source, next.pointer, context);
    definitions.push({ ref: `#/$defs/${next.name}`, name: next.name, schema: converted.schema, plan: converted.plan });
  }
  const strict: JsonRecord = { ...root.schema };
  if (definitions.length > 0) {
    const defs: JsonRecord = {};
    for (const definition of definitions) setOwn(defs, definition.name, definition.schema);
    strict["$defs"] = defs;
  }
  context.sources.set(strict, context.sources.get(root.schema) ?? "");
  checkLimits(strict, limits, context);
  if (context.issues.length > 0) throw new StrictSchemaError(distinct(context.issues));
  return { schema: strict, restore: buildOptionalNullPlan(root.plan, strict, definitions) };
}
