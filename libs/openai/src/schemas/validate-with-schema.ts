// Validates (and, for Zod, parses) a value against any schema kind we accept. Zod runs its own parser, so transforms,
// defaults and preprocessing apply exactly as the user's schema says; other Standard Schema libraries run their own
// `~standard.validate`, which may be async (hence the Promise); JSON Schema goes through @cfworker/json-schema
// (draft 2020-12, every error collected), compiled once per schema object.

import type { StandardSchemaV1 } from "@standard-schema/spec";
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import { safeParse as safeParseZodV4 } from "zod/v4/core";
import {
  JsonSchemaValidationError,
  type JsonSchemaValidationIssue,
  StandardSchemaValidationError,
  type StandardSchemaValidationIssue,
} from "../errors/errors.js";
import { convertToJsonSchema } from "./convert-to-json-schema.js";
import type { InferSchemaOutput } from "./infer-schema-output.js";
import { isStandardSchema } from "./is-standard-schema.js";
import { isJsonSchemaObject, isZodV3Schema, isZodV4Schema } from "./is-zod-schema.js";
import type { JsonSchemaObject, SchemaInput, StandardSchemaInput, ZodV4Schema } from "./schema-input.js";

/**
 * The outcome of {@link validateWithSchema}: the parsed value, or why it was rejected.
 *
 * @example
 * const result: SchemaValidationResult<{ city: string }> = { success: true, data: { city: "Paris" } };
 */
export type SchemaValidationResult<T> = { success: true; data: T } | { success: false; error: Error };

/**
 * Validates `value` against a Zod 3, Zod 4 (classic or mini), Standard Schema or JSON Schema. Zod schemas parse, so
 * the data is the schema's output (transforms and defaults applied); a Standard Schema's `validate` gives its own
 * output; a JSON Schema returns the value itself. Never rejects for an invalid value; the error is a `ZodError` for
 * Zod, a {@link StandardSchemaValidationError} for another Standard Schema and a {@link JsonSchemaValidationError} for
 * JSON Schema (also for a Standard JSON Schema without `validate`, checked against its own JSON Schema). A JSON Schema
 * is compiled once per schema object: later changes to that object are not seen.
 *
 * @example
 * const result = await validateWithSchema(z.object({ n: z.string().transform(Number) }), { n: "4" });
 * if (result.success) result.data.n; // 4 (a number)
 */
export async function validateWithSchema<S extends SchemaInput>(schema: S, value: unknown): Promise<SchemaValidationResult<InferSchemaOutput<S>>> {
  type Output = InferSchemaOutput<S>;
  if (isZodV4Schema(schema)) return fromZod<Output>(() => parseZodV4(schema, value));
  if (isZodV3Schema(schema)) return fromZod<Output>(() => schema.safeParse(value));
  if (isStandardSchema(schema)) return (await validateWithStandardSchema(schema, value)) as SchemaValidationResult<Output>;
  if (isJsonSchemaObject(schema)) return validateWithJsonSchema(schema, () => schema, value) as SchemaValidationResult<Output>;
  throw new TypeError("validateWithSchema: expected a Zod schema (v3 or v4), a Standard Schema or a JSON Schema object");
}

type ZodParseResult = { success: true; data: unknown } | { success: false; error: unknown };

function parseZodV4(schema: ZodV4Schema, value: unknown): ZodParseResult {
  // Classic schemas' own method returns a ZodError (with .format() and friends); mini schemas have no methods, and
  // the core function parses both.
  const method = (schema as { safeParse?: (value: unknown) => ZodParseResult }).safeParse;
  return typeof method === "function" ? method.call(schema, value) : safeParseZodV4(schema, value);
}

function fromZod<T>(parse: () => ZodParseResult): SchemaValidationResult<T> {
  let result: ZodParseResult;
  try {
    result = parse();
  } catch (error) {
    // A transform that throws, or an async refinement in a sync parse: the value is not usable either way.
    return { success: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (result.success) return { success: true, data: result.data as T };
  return { success: false, error: result.error instanceof Error ? result.error : new Error(String(result.error)) };
}

async function validateWithStandardSchema(schema: StandardSchemaInput, value: unknown): Promise<SchemaValidationResult<unknown>> {
  const standard = schema["~standard"];
  if (!("validate" in standard) || typeof standard.validate !== "function") {
    // Standard JSON Schema alone has no validator: the JSON Schema it gave for the request is the contract.
    return validateWithJsonSchema(schema, () => convertToJsonSchema(schema, `the "${standard.vendor}" schema`), value);
  }
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await standard.validate(value);
  } catch (error) {
    return { success: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
  if (result.issues === undefined) return { success: true, data: result.value };
  return { success: false, error: new StandardSchemaValidationError(standard.vendor, result.issues.map(toStandardIssue)) };
}

function toStandardIssue(issue: StandardSchemaV1.Issue): StandardSchemaValidationIssue {
  const path = (issue.path ?? []).map((segment) => (typeof segment === "object" ? segment.key : segment));
  return { pointer: path.map(toPointerSegment).join(""), path, problem: issue.message };
}

function toPointerSegment(key: PropertyKey): string {
  const text = typeof key === "symbol" ? (key.description ?? "") : String(key);
  return `/${text.replace(/~/gu, "~0").replace(/\//gu, "~1")}`;
}

const validators = new WeakMap<object, Validator>();

// Keyed by the user's schema object: a JSON Schema, or the Standard Schema its JSON Schema was converted from.
function validatorFor(key: object, jsonSchema: () => JsonSchemaObject): Validator {
  let validator = validators.get(key);
  if (validator === undefined) {
    // The validator reads its schema on every call; a private copy keeps the cached validator and the schema it was
    // built from in step, even if the caller later mutates the object.
    validator = new Validator(structuredClone(jsonSchema()) as Schema, "2020-12", false);
    validators.set(key, validator);
  }
  return validator;
}

function validateWithJsonSchema(key: object, jsonSchema: () => JsonSchemaObject, value: unknown): SchemaValidationResult<unknown> {
  const result = validatorFor(key, jsonSchema).validate(value);
  if (result.valid) return { success: true, data: value };
  return { success: false, error: new JsonSchemaValidationError(toIssues(result.errors)) };
}

// Keywords whose error only says "something below failed"; the error from below is the one worth reading.
const AGGREGATE_KEYWORDS = new Set([
  "properties", "patternProperties", "items", "prefixItems", "additionalItems", "unevaluatedItems", "$ref", "$dynamicRef",
  "$recursiveRef", "allOf", "if", "then", "else", "dependentSchemas", "dependencies",
]);

function toIssues(units: ReadonlyArray<OutputUnit>): JsonSchemaValidationIssue[] {
  // Inside a failed anyOf/oneOf every branch fails; listing each branch's error buries the one that matters.
  const alternatives = units
    .filter((unit) => unit.keyword === "anyOf" || unit.keyword === "oneOf")
    .map((unit) => `${unit.keywordLocation}/`);
  const insideAlternative = (unit: OutputUnit): boolean => alternatives.some((prefix) => unit.keywordLocation.startsWith(prefix));
  const kept = units.filter((unit) => !AGGREGATE_KEYWORDS.has(unit.keyword) && !insideAlternative(unit));
  const pointers = new Set(kept.map((unit) => toPointer(unit.instanceLocation)));
  const issues: JsonSchemaValidationIssue[] = [];
  const seen = new Set<string>();
  for (const unit of kept) {
    const pointer = toPointer(unit.instanceLocation);
    // A `false` schema (a closed object's extra key, a tuple's extra item) is already reported by its parent.
    if (unit.keyword === "false" && pointer !== "" && pointers.has(pointer.slice(0, pointer.lastIndexOf("/")))) continue;
    const problem = unit.keyword === "false" ? "no value is allowed here." : unit.error;
    const key = `${pointer}\n${problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ pointer, keyword: unit.keyword, problem });
  }
  // Never report a failure without a reason: if every error was a summary, the summaries are the reason.
  if (issues.length > 0) return issues;
  return units.map((unit) => ({ pointer: toPointer(unit.instanceLocation), keyword: unit.keyword, problem: unit.error }));
}

// The validator writes locations as URI fragments ("#/a%20b"); a JSON pointer is the decoded part after "#".
function toPointer(instanceLocation: string): string {
  const fragment = instanceLocation.startsWith("#") ? instanceLocation.slice(1) : instanceLocation;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
