// Type-level checks: `tsc` (pnpm typecheck) fails when an inferred type is wrong. Jest also runs this file, so the
// runtime cases at the bottom check the values behind the same types.

import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import {
  createHandmadePerson,
  type createJsonOnlyPerson,
  type createValidateOnlyPerson,
  type PersonInput,
  type PersonOutput,
  type standardFaceOf,
} from "./__fixtures__/standard-schemas.js";
import type { InferSchemaOutput } from "./infer-schema-output.js";
import { validateWithSchema } from "./validate-with-schema.js";

/** `true` only when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when its argument is `true`. */
function expectType<T extends true>(): T | undefined {
  return undefined;
}

const v3Schema = z3.object({
  city: z3.string(),
  days: z3.string().transform(Number),
  unit: z3.enum(["c", "f"]).default("c"),
  note: z3.string().optional(),
});
const v4Schema = z.object({
  city: z.string(),
  days: z.string().transform(Number),
  unit: z.enum(["c", "f"]).default("c"),
  note: z.string().optional(),
});
const miniSchema = zm.object({
  city: zm.string(),
  days: zm.pipe(zm.string(), zm.transform(Number)),
  unit: zm._default(zm.enum(["c", "f"]), "c"),
  note: zm.optional(zm.string()),
});
const jsonSchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

interface Expected {
  city: string;
  days: number;
  unit: "c" | "f";
  note?: string | undefined;
}

// Zod 3: the same as z.infer, i.e. the output side (days is a number, unit is always there).
expectType<Equal<InferSchemaOutput<typeof v3Schema>, z3.infer<typeof v3Schema>>>();
expectType<Equal<InferSchemaOutput<typeof v3Schema>["days"], number>>();
const v3Value: Expected = {} as InferSchemaOutput<typeof v3Schema>;
const v3Back: InferSchemaOutput<typeof v3Schema> = {} as Expected;

// Zod 4 classic: the same as z.output.
expectType<Equal<InferSchemaOutput<typeof v4Schema>, z.output<typeof v4Schema>>>();
expectType<Equal<InferSchemaOutput<typeof v4Schema>, Expected>>();

// Zod 4 mini: the same as zm.output.
expectType<Equal<InferSchemaOutput<typeof miniSchema>, zm.output<typeof miniSchema>>>();
expectType<Equal<InferSchemaOutput<typeof miniSchema>, Expected>>();

// Primitives and unions, in each major.
expectType<Equal<InferSchemaOutput<z3.ZodNullable<z3.ZodString>>, string | null>>();
expectType<Equal<InferSchemaOutput<z.ZodUnion<[z.ZodString, z.ZodNumber]>>, string | number>>();
expectType<Equal<InferSchemaOutput<zm.ZodMiniArray<zm.ZodMiniBoolean>>, boolean[]>>();

// JSON Schema: a record, whatever the literal says.
expectType<Equal<InferSchemaOutput<typeof jsonSchema>, Record<string, unknown>>>();
expectType<Equal<InferSchemaOutput<{ type: "string" }>, Record<string, unknown>>>();

// Other Standard Schema libraries: StandardSchemaV1.InferOutput, the output side (initials added by validate).
const handmade = createHandmadePerson();
expectType<Equal<InferSchemaOutput<typeof handmade>, StandardSchemaV1.InferOutput<typeof handmade>>>();
expectType<Equal<InferSchemaOutput<typeof handmade>, PersonOutput>>();
expectType<Equal<InferSchemaOutput<ReturnType<typeof createValidateOnlyPerson>>, PersonOutput>>();
expectType<Equal<InferSchemaOutput<ReturnType<typeof createJsonOnlyPerson>>, PersonInput>>();
expectType<Equal<InferSchemaOutput<StandardJSONSchemaV1<string, number>>, number>>();
// A Zod schema seen only through ~standard infers what the Zod schema itself does.
expectType<Equal<InferSchemaOutput<ReturnType<typeof standardFaceOf<typeof v4Schema>>>, z.output<typeof v4Schema>>>();

// The checks above really can fail: these pairs are different types.
expectType<Equal<Equal<InferSchemaOutput<typeof v4Schema>, z.input<typeof v4Schema>>, false>>();
expectType<Equal<Equal<InferSchemaOutput<typeof v3Schema>, Record<string, unknown>>, false>>();
expectType<Equal<Equal<InferSchemaOutput<typeof handmade>, PersonInput>, false>>();
// @ts-expect-error a number is not a string: `expectType` rejects `false`
expectType<Equal<InferSchemaOutput<z.ZodNumber>, string>>();

// validateWithSchema carries the inferred type through.
async function cityOf(value: unknown): Promise<string | undefined> {
  const result = await validateWithSchema(v4Schema, value);
  return result.success ? result.data.city : undefined;
}

describe("InferSchemaOutput", () => {
  it("types validateWithSchema's data as the schema's output, for every kind", async () => {
    const fromV3 = await validateWithSchema(v3Schema, { city: "Paris", days: "2" });
    const fromMini = await validateWithSchema(miniSchema, { city: "Paris", days: "2" });
    const fromJson = await validateWithSchema(jsonSchema, { city: "Paris" });
    const days: number[] = [fromV3.success ? fromV3.data.days : 0, fromMini.success ? fromMini.data.days : 0];
    const city: unknown = fromJson.success ? fromJson.data["city"] : undefined;
    expect(days).toEqual([2, 2]);
    expect(city).toBe("Paris");
    expect(await cityOf({ city: "Lyon", days: "1" })).toBe("Lyon");
    expect([v3Value, v3Back]).toEqual([{}, {}]);
  });

  it("types a Standard Schema's data as its validate output", async () => {
    const result = await validateWithSchema(handmade, { name: "Grace Hopper", age: 85 });
    const initials: string | undefined = result.success ? result.data.initials : undefined;
    expect(initials).toBe("GH");
  });
});
