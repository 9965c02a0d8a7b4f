// Structural checks, never `instanceof`: a user's Zod may be a different copy (or major) than ours, and Zod 3 and 4
// classes share no prototype chain. Zod 4 classic and mini both carry `_zod`; Zod 3 carries `_def.typeName`.

import type { JsonSchemaObject, ZodV3Schema, ZodV4Schema } from "./schema-input.js";

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null;
}

/**
 * Whether `value` is a Zod 4 schema, classic or mini.
 *
 * @example
 * isZodV4Schema(z.string()); // true
 * isZodV4Schema(zm.string()); // true (zod/mini)
 */
export function isZodV4Schema(value: unknown): value is ZodV4Schema {
  if (!isObjectLike(value)) return false;
  const internals = value["_zod"];
  return isObjectLike(internals) && isObjectLike(internals["def"]);
}

/**
 * Whether `value` is a Zod 3 schema (`zod` 3.x, or `zod/v3` from the zod 4 package).
 *
 * @example
 * isZodV3Schema(z3.string()); // true
 * isZodV3Schema(z.string()); // false: that is Zod 4
 */
export function isZodV3Schema(value: unknown): value is ZodV3Schema {
  // Zod 4 classic also exposes `_def` (an alias of `_zod.def`), so rule it out first.
  if (!isObjectLike(value) || isZodV4Schema(value)) return false;
  const def = value["_def"];
  return isObjectLike(def) && typeof def["typeName"] === "string";
}

/**
 * Whether `value` is a Zod schema of either major.
 *
 * @example
 * isZodSchema(z3.string()) && isZodSchema(z.string()); // true
 */
export function isZodSchema(value: unknown): value is ZodV3Schema | ZodV4Schema {
  return isZodV4Schema(value) || isZodV3Schema(value);
}

/**
 * Whether `value` can be a JSON Schema document: a plain object (or one without a prototype) that is not a Zod or
 * other Standard Schema. `{}` qualifies: it is the schema that accepts anything.
 *
 * @example
 * isJsonSchemaObject({ type: "object", properties: {} }); // true
 * isJsonSchemaObject(z.object({})); // false
 */
export function isJsonSchemaObject(value: unknown): value is JsonSchemaObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if ("~standard" in value || "_zod" in value || "_def" in value) return false;
  const type = (value as JsonSchemaObject)["type"];
  return type === undefined || typeof type === "string" || (Array.isArray(type) && type.every((item) => typeof item === "string"));
}
