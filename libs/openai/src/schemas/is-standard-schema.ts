// The one place that decides whether a value is a Standard Schema (https://standardschema.dev). Zod 3.24+ and Zod 4
// pass this check too; callers test for Zod first, because the Zod path is richer (canonical JSON, problems with
// pointers, Zod 3 support) than the generic one.

import type { StandardSchemaInput } from "./schema-input.js";

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

/**
 * Whether `value` is a Standard Schema v1: its `~standard` property names a vendor and has `validate` (Standard
 * Schema), `jsonSchema` (Standard JSON Schema), or both.
 *
 * @example
 * isStandardSchema(z.string()); // true: Zod implements Standard Schema (but Zod takes its own path here)
 * isStandardSchema({ type: "string" }); // false
 */
export function isStandardSchema(value: unknown): value is StandardSchemaInput {
  if (!isObjectLike(value)) return false;
  const standard = value["~standard"];
  if (!isObjectLike(standard) || standard["version"] !== 1 || typeof standard["vendor"] !== "string") return false;
  return typeof standard["validate"] === "function" || isObjectLike(standard["jsonSchema"]);
}
