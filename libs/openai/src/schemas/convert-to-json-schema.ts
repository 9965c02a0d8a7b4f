// One entry point from every schema kind we accept to JSON Schema. Zod 3 goes through zod-to-json-schema, Zod 4
// (classic and mini) through its own `toJSONSchema`, both on the INPUT side of transforms (what the model must send).
// Both outputs are then rewritten into one canonical form, so the same schema written in Zod 3, Zod 4 or Zod 4 mini
// produces byte-identical JSON (`JSON.stringify` equal), and downstream code (strict mode, the request body, tests)
// sees one shape.
//
// The canonical form of Zod output:
// - No `$schema`. Keywords in a fixed order: `$ref`, `type`, `title`, `description`, `const`, `enum`, `format`,
//   string/number bounds, `prefixItems`, `items`, `minItems`/`maxItems`, `properties`, `required`,
//   `additionalProperties`, `propertyNames`, `anyOf`/`oneOf`/`allOf`, `not`, `default`, `examples`, then any other
//   keyword alphabetically, `$defs` last. Properties (and `required`) keep the order of the Zod shape.
// - Objects: `{ type: "object", properties, required }`, `required` omitted when empty. `additionalProperties` only
//   when the Zod object says so: `.strict()` / `z.strictObject` -> false, `.passthrough()` / `z.looseObject` -> true,
//   `.catchall(S)` -> S; a plain `z.object` (which accepts and strips unknown keys) has none.
// - Optional (and `.default()`) = not in `required`. There is no JSON form of `undefined`, so `.optional()` outside an
//   object property adds nothing.
// - Nullable = `anyOf: [T, { type: "null" }]`, never `type: [T, "null"]`; `.nullish()` = nullable + optional. The
//   description, title, default and examples of a nullable sit beside the `anyOf`, whichever was chained first.
// - Enums `{ type: "string", enum: [...] }`; literals `{ type, const }`, except `null`: `{ type: "null" }`.
// - Integers `{ type: "integer" }`, without the safe-integer bounds Zod 4 adds; user bounds are kept.
// - Strings: standard formats (`email`, `uuid`, `uri`, `date-time`, `date`, `ipv4`, `ipv6`, ...) as `format` alone,
//   without the regex Zod 4 adds beside it. `.regex()` as `pattern`; `startsWith("a")` `^a`, `endsWith("a")` `a$`,
//   `includes("a")` `a` (regex-escaped). Several patterns: `allOf: [{ pattern }, ...]`.
// - Unions and discriminated unions: `anyOf`, one member per option (Zod 3's squashed `type: [...]` is expanded).
// - Records: `{ type: "object", additionalProperties: S }`, plus `propertyNames` only for constrained keys (and
//   never its redundant `type: "string"`). Tuples: `prefixItems`, `items` (false, or the rest schema), min/maxItems.
// - Recursion: a schema that contains itself is a `$defs` entry referenced as `#/$defs/<name>` (`#` for the root),
//   however deeply the converter unrolled it; the name is the Zod 4 `.meta({ id })` if any, else the property where
//   it first appears. Reuse without recursion is written inline, so no `$ref` ever carries sibling keywords.
// - Descriptions (`.describe()`, `.meta({ description })`, `.meta()` titles and examples) and defaults are kept,
//   whichever of `.describe().default()` / `.default().describe()` was written; `.readonly()` and brands add nothing.
//
// Where Zod 3 and Zod 4 mean different things the output follows each one's parser, so it differs: `z.any()` /
// `z.unknown()` fields (optional in Zod 3, required in Zod 4), `.catch()` (Zod 4: required with the catch value as
// default), intersections (Zod 4 folds objects into one, zod-to-json-schema writes `allOf`), times (Zod 4's regex
// accepts times without an offset, so it does not claim `format: "time"`), and non-standard string formats (cuid,
// emoji, base64, ...: each library writes its own regex).
//
// Plain JSON Schema is the user's own: a deep copy is returned, untouched except that a top-level `$schema` is dropped.
//
// Other Standard Schema libraries convert themselves, through the Standard JSON Schema extension
// (`~standard.jsonSchema.input`), on the input side like Zod. Their output is treated like a user's JSON Schema: it is
// the library's own word on what it accepts, so it is not rewritten into the Zod canonical form. Draft 2020-12 is asked
// for first (the draft OpenAI documents, with `$defs`), then draft-07, which the spec also asks libraries to support.

import { findNonJsonValue, toJsonPointer } from "../internal/find-non-json-value.js";
import { SchemaConversionError, type SchemaIssue } from "../errors/errors.js";
import { canonicalizeJsonSchema } from "./canonicalize-json-schema.js";
import type { ConversionProblem } from "./conversion-problems.js";
import { convertZodV3ToJsonSchema, type RawConversion } from "./convert-zod-v3-to-json-schema.js";
import { convertZodV4ToJsonSchema } from "./convert-zod-v4-to-json-schema.js";
import { isStandardSchema } from "./is-standard-schema.js";
import { isJsonSchemaObject, isZodV3Schema, isZodV4Schema } from "./is-zod-schema.js";
import type { JsonSchemaObject, SchemaInput, StandardSchemaInput } from "./schema-input.js";

export type { JsonSchemaObject, SchemaInput } from "./schema-input.js";

const STANDARD_JSON_SCHEMA_TARGETS = ["draft-2020-12", "draft-07"] as const;

/**
 * Converts a Zod 3, Zod 4 (classic or mini), Standard JSON Schema or JSON Schema to JSON Schema, Zod in the canonical
 * form above. Throws a `SchemaConversionError` listing every part that has no JSON form, with its JSON pointer and the
 * fix, or naming the library of a Standard Schema that cannot convert itself.
 *
 * @param subject names the schema's owner in errors, e.g. `tool "get_weather"`.
 * @example
 * convertToJsonSchema(z.object({ city: z.string().describe("City name") }), 'tool "get_weather"');
 * // { type: "object", properties: { city: { type: "string", description: "City name" } }, required: ["city"] }
 */
export function convertToJsonSchema(schema: SchemaInput, subject: string): JsonSchemaObject {
  if (isZodV4Schema(schema)) return convertZodSchema(() => convertZodV4ToJsonSchema(schema), subject);
  if (isZodV3Schema(schema)) return convertZodSchema(() => convertZodV3ToJsonSchema(schema), subject);
  if (isStandardSchema(schema)) return convertStandardSchema(schema, subject);
  if (isJsonSchemaObject(schema)) return copyJsonSchema(schema, subject);
  throw new SchemaConversionError([{ subject, pointer: "", problem: describeNonSchema(schema) }]);
}

function convertZodSchema(convert: () => RawConversion, subject: string): JsonSchemaObject {
  let raw: RawConversion;
  try {
    raw = convert();
  } catch (error) {
    throw conversionFailure(subject, "the Zod converter failed", error);
  }
  if (raw.problems.length > 0) throw new SchemaConversionError(toIssues(raw.problems, subject));
  try {
    return canonicalizeJsonSchema(raw.json);
  } catch (error) {
    throw conversionFailure(subject, "the converted schema could not be normalised", error);
  }
}

function toIssues(problems: ReadonlyArray<ConversionProblem>, subject: string): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  // A schema reused in several places can report the same problem at the same pointer more than once.
  for (const { pointer, problem } of problems) {
    const key = `${pointer}\n${problem}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ subject, pointer, problem });
  }
  return issues;
}

function conversionFailure(subject: string, what: string, error: unknown): SchemaConversionError {
  const reason = error instanceof Error ? error.message : String(error);
  const problem = `${what} (${reason}); check that every part of the schema is a Zod schema of one version`;
  return new SchemaConversionError([{ subject, pointer: "", problem }], { cause: error });
}

function convertStandardSchema(schema: StandardSchemaInput, subject: string): JsonSchemaObject {
  const standard = schema["~standard"];
  const vendor = standard.vendor;
  const converter = "jsonSchema" in standard ? standard.jsonSchema : undefined;
  if (typeof converter?.input !== "function") {
    const problem =
      `this Standard Schema from "${vendor}" cannot convert itself to JSON Schema (it has no ~standard.jsonSchema); ` +
      `pass a JSON Schema object instead, or use a version of "${vendor}" that implements Standard JSON Schema ` +
      "(https://standardschema.dev), or its adapter that adds it";
    throw new SchemaConversionError([{ subject, pointer: "", problem }]);
  }
  const failures: unknown[] = [];
  for (const target of STANDARD_JSON_SCHEMA_TARGETS) {
    let converted: unknown;
    try {
      converted = converter.input({ target });
    } catch (error) {
      // The spec's way to say "target not supported"; any other reason fails the next target too.
      failures.push(error);
      continue;
    }
    // Not isJsonSchemaObject: Zod 4 marks its JSON Schema output as a Standard Schema too (a hidden "~standard"),
    // which the copy leaves behind.
    if (typeof converted !== "object" || converted === null || Array.isArray(converted)) {
      const got = converted === null ? "null" : Array.isArray(converted) ? "an array" : typeof converted;
      const problem = `the "${vendor}" JSON Schema converter did not return a JSON Schema object (got ${got}); report it to "${vendor}", or pass a JSON Schema object`;
      throw new SchemaConversionError([{ subject, pointer: "", problem }]);
    }
    return copyJsonSchema(converted as JsonSchemaObject, subject);
  }
  const reasons = [...new Set(failures.map((error) => (error instanceof Error ? error.message : String(error))))].join("; ");
  const problem = `the "${vendor}" JSON Schema converter failed (${reasons}); change the schema so that every part has a JSON form, or pass a JSON Schema object`;
  throw new SchemaConversionError([{ subject, pointer: "", problem }], { cause: failures[0] });
}

function copyJsonSchema(schema: JsonSchemaObject, subject: string): JsonSchemaObject {
  let copy: JsonSchemaObject;
  try {
    copy = structuredClone(schema);
  } catch (error) {
    throw conversionFailure(subject, "the JSON Schema holds a value that is not data, such as a function", error);
  }
  // structuredClone takes what JSON cannot (a BigInt, NaN, a cycle, a Map), which would fail or change when sent.
  const found = findNonJsonValue(copy);
  if (found !== undefined) {
    const problem = `the schema holds ${found.problem}; a JSON Schema must be plain JSON, so replace it (or remove it)`;
    throw new SchemaConversionError([{ subject, pointer: toJsonPointer(found.segments), problem }]);
  }
  // `$schema` names a draft; the request has no place for it and OpenAI's strict mode rejects unknown keywords.
  delete copy["$schema"];
  return copy;
}

function describeNonSchema(value: unknown): string {
  const expected = "expected a Zod schema (v3 or v4), a Standard Schema or a JSON Schema object";
  if (value === null || value === undefined) return `${expected}, got ${String(value)}`;
  if (Array.isArray(value)) return `${expected}, got an array`;
  if (typeof value === "string") return `${expected}, got a string; pass the parsed object (JSON.parse) instead`;
  if (typeof value === "function") return `${expected}, got a function (z.string rather than z.string()?)`;
  if (typeof value !== "object") return `${expected}, got a ${typeof value}`;
  const standard = (value as { "~standard"?: { vendor?: unknown; version?: unknown } })["~standard"];
  if (standard !== undefined) {
    return `${expected}, got an object from "${String(standard?.vendor)}" whose "~standard" is not Standard Schema version 1 with validate or jsonSchema`;
  }
  const type = (value as { type?: unknown }).type;
  const validType = typeof type === "string" || (Array.isArray(type) && type.every((item) => typeof item === "string"));
  if (type !== undefined && !validType) {
    return `${expected}; its "type" must be a string or an array of strings`;
  }
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `${expected}, got ${name ? `an instance of ${name}` : "an object"}`;
}
