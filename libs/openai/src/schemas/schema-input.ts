// The schema kinds the package accepts wherever a user hands us a schema (tools, structured output). The Zod types are
// the base types of each major, so any concrete schema is assignable without TypeScript expanding its structure.
// The Standard Schema interfaces come from @standard-schema/spec, a types-only package (its JavaScript is empty).

import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import type { ZodType as ZodV3Type, ZodTypeDef as ZodV3TypeDef } from "zod/v3";
import type { $ZodType } from "zod/v4/core";

/**
 * A JSON Schema document as a plain object. Keywords are not narrowed: whatever the user wrote is kept.
 *
 * @example
 * const schema: JsonSchemaObject = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
 */
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}

/**
 * Any Zod 3 schema (from `zod` 3.x or `zod/v3`).
 *
 * @example
 * import { z } from "zod/v3";
 * const schema: ZodV3Schema = z.object({ city: z.string() });
 */
export type ZodV3Schema = ZodV3Type<unknown, ZodV3TypeDef, unknown>;

/**
 * Any Zod 4 schema, classic (`zod`, `zod/v4`) or mini (`zod/mini`, `zod/v4-mini`): both extend `$ZodType`.
 *
 * @example
 * import * as z from "zod/mini";
 * const schema: ZodV4Schema = z.object({ city: z.string() });
 */
export type ZodV4Schema = $ZodType;

/**
 * A schema from any library implementing Standard Schema (https://standardschema.dev): `~standard.validate` checks
 * values, and the Standard JSON Schema extension, `~standard.jsonSchema`, converts the schema to JSON Schema. Sending
 * a schema to the model needs the converter; validating an answer uses `validate` when there is one.
 *
 * @example
 * import * as v from "valibot";
 * import { toStandardJsonSchema } from "@valibot/to-json-schema";
 * const schema: StandardSchemaInput = toStandardJsonSchema(v.object({ city: v.string() }));
 */
export type StandardSchemaInput = StandardSchemaV1 | StandardJSONSchemaV1;

/**
 * What a tool or structured-output schema may be: Zod 3, Zod 4 (classic or mini), a Standard Schema from another
 * library, or a plain JSON Schema object.
 *
 * @example
 * const schemas: SchemaInput[] = [z3.object({ a: z3.string() }), z.object({ a: z.string() }), { type: "object" }];
 */
export type SchemaInput = ZodV3Schema | ZodV4Schema | StandardSchemaInput | JsonSchemaObject;
