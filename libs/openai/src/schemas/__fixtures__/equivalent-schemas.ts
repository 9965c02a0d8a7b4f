// The same schema written four ways: Zod 3, Zod 4 classic, Zod 4 mini, and the canonical JSON Schema all three must
// convert to. The JSON is written by hand from the canonical form documented in convert-to-json-schema.ts.

import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import type { JsonSchemaObject, ZodV3Schema, ZodV4Schema } from "../schema-input.js";

export interface EquivalentSchemas {
  name: string;
  v3: ZodV3Schema;
  v4: ZodV4Schema;
  mini: ZodV4Schema;
  json: JsonSchemaObject;
}

enum Level {
  Low = 1,
  High = 2,
}
enum Color {
  Red = "red",
  Blue = "blue",
}

const str = { type: "string" };
const num = { type: "number" };
const nul = { type: "null" };

export const basicSchemas: EquivalentSchemas[] = [
  {
    name: "flat object of primitives",
    v3: z3.object({ name: z3.string(), age: z3.number(), active: z3.boolean() }),
    v4: z.object({ name: z.string(), age: z.number(), active: z.boolean() }),
    mini: zm.object({ name: zm.string(), age: zm.number(), active: zm.boolean() }),
    json: { type: "object", properties: { name: str, age: num, active: { type: "boolean" } }, required: ["name", "age", "active"] },
  },
  {
    name: "nested objects",
    v3: z3.object({ user: z3.object({ name: z3.string(), address: z3.object({ city: z3.string() }) }) }),
    v4: z.object({ user: z.object({ name: z.string(), address: z.object({ city: z.string() }) }) }),
    mini: zm.object({ user: zm.object({ name: zm.string(), address: zm.object({ city: zm.string() }) }) }),
    json: {
      type: "object",
      properties: {
        user: {
          type: "object",
          properties: { name: str, address: { type: "object", properties: { city: str }, required: ["city"] } },
          required: ["name", "address"],
        },
      },
      required: ["user"],
    },
  },
  {
    name: "array of objects with item bounds",
    v3: z3.object({ items: z3.array(z3.object({ id: z3.number(), label: z3.string() })).min(1).max(5) }),
    v4: z.object({ items: z.array(z.object({ id: z.number(), label: z.string() })).min(1).max(5) }),
    mini: zm.object({ items: zm.array(zm.object({ id: zm.number(), label: zm.string() })).check(zm.minLength(1), zm.maxLength(5)) }),
    json: {
      type: "object",
      properties: {
        items: {
          type: "array",
          items: { type: "object", properties: { id: num, label: str }, required: ["id", "label"] },
          minItems: 1,
          maxItems: 5,
        },
      },
      required: ["items"],
    },
  },
  {
    name: "optional fields are left out of required",
    v3: z3.object({ a: z3.string(), b: z3.string().optional(), c: z3.array(z3.number()).optional() }),
    v4: z.object({ a: z.string(), b: z.string().optional(), c: z.array(z.number()).optional() }),
    mini: zm.object({ a: zm.string(), b: zm.optional(zm.string()), c: zm.optional(zm.array(zm.number())) }),
    json: { type: "object", properties: { a: str, b: str, c: { type: "array", items: num } }, required: ["a"] },
  },
  {
    name: "nullable primitives and objects",
    v3: z3.object({ a: z3.string().nullable(), b: z3.object({ x: z3.number() }).nullable(), c: z3.string().min(2).nullable() }),
    v4: z.object({ a: z.string().nullable(), b: z.object({ x: z.number() }).nullable(), c: z.string().min(2).nullable() }),
    mini: zm.object({
      a: zm.nullable(zm.string()),
      b: zm.nullable(zm.object({ x: zm.number() })),
      c: zm.nullable(zm.string().check(zm.minLength(2))),
    }),
    json: {
      type: "object",
      properties: {
        a: { anyOf: [str, nul] },
        b: { anyOf: [{ type: "object", properties: { x: num }, required: ["x"] }, nul] },
        c: { anyOf: [{ type: "string", minLength: 2 }, nul] },
      },
      required: ["a", "b", "c"],
    },
  },
  {
    name: "nullish is nullable and optional",
    v3: z3.object({ a: z3.number().nullish(), b: z3.boolean() }),
    v4: z.object({ a: z.number().nullish(), b: z.boolean() }),
    mini: zm.object({ a: zm.nullish(zm.number()), b: zm.boolean() }),
    json: { type: "object", properties: { a: { anyOf: [num, nul] }, b: { type: "boolean" } }, required: ["b"] },
  },
  {
    name: "string enum",
    v3: z3.object({ unit: z3.enum(["celsius", "fahrenheit"]) }),
    v4: z.object({ unit: z.enum(["celsius", "fahrenheit"]) }),
    mini: zm.object({ unit: zm.enum(["celsius", "fahrenheit"]) }),
    json: { type: "object", properties: { unit: { type: "string", enum: ["celsius", "fahrenheit"] } }, required: ["unit"] },
  },
  {
    name: "literals of every JSON type",
    v3: z3.object({ kind: z3.literal("point"), version: z3.literal(2), flag: z3.literal(true), none: z3.literal(null) }),
    v4: z.object({ kind: z.literal("point"), version: z.literal(2), flag: z.literal(true), none: z.literal(null) }),
    mini: zm.object({ kind: zm.literal("point"), version: zm.literal(2), flag: zm.literal(true), none: zm.literal(null) }),
    json: {
      type: "object",
      properties: {
        kind: { type: "string", const: "point" },
        version: { type: "number", const: 2 },
        flag: { type: "boolean", const: true },
        none: nul,
      },
      required: ["kind", "version", "flag", "none"],
    },
  },
  {
    name: "union of primitives stays one anyOf member per option",
    v3: z3.object({ value: z3.union([z3.string(), z3.number(), z3.boolean()]) }),
    v4: z.object({ value: z.union([z.string(), z.number(), z.boolean()]) }),
    mini: zm.object({ value: zm.union([zm.string(), zm.number(), zm.boolean()]) }),
    json: { type: "object", properties: { value: { anyOf: [str, num, { type: "boolean" }] } }, required: ["value"] },
  },
  {
    name: "union of literals and of objects",
    v3: z3.object({
      size: z3.union([z3.literal("s"), z3.literal("m")]),
      shape: z3.union([z3.object({ radius: z3.number() }), z3.object({ side: z3.number() })]),
    }),
    v4: z.object({
      size: z.union([z.literal("s"), z.literal("m")]),
      shape: z.union([z.object({ radius: z.number() }), z.object({ side: z.number() })]),
    }),
    mini: zm.object({
      size: zm.union([zm.literal("s"), zm.literal("m")]),
      shape: zm.union([zm.object({ radius: zm.number() }), zm.object({ side: zm.number() })]),
    }),
    json: {
      type: "object",
      properties: {
        size: { anyOf: [{ type: "string", const: "s" }, { type: "string", const: "m" }] },
        shape: {
          anyOf: [
            { type: "object", properties: { radius: num }, required: ["radius"] },
            { type: "object", properties: { side: num }, required: ["side"] },
          ],
        },
      },
      required: ["size", "shape"],
    },
  },
  {
    name: "discriminated union",
    v3: z3.discriminatedUnion("type", [
      z3.object({ type: z3.literal("text"), text: z3.string() }),
      z3.object({ type: z3.literal("image"), url: z3.string() }),
    ]),
    v4: z.discriminatedUnion("type", [
      z.object({ type: z.literal("text"), text: z.string() }),
      z.object({ type: z.literal("image"), url: z.string() }),
    ]),
    mini: zm.discriminatedUnion("type", [
      zm.object({ type: zm.literal("text"), text: zm.string() }),
      zm.object({ type: zm.literal("image"), url: zm.string() }),
    ]),
    json: {
      anyOf: [
        { type: "object", properties: { type: { type: "string", const: "text" }, text: str }, required: ["type", "text"] },
        { type: "object", properties: { type: { type: "string", const: "image" }, url: str }, required: ["type", "url"] },
      ],
    },
  },
  {
    name: "records",
    v3: z3.object({ scores: z3.record(z3.string(), z3.number()), codes: z3.record(z3.string().min(2), z3.boolean()) }),
    v4: z.object({ scores: z.record(z.string(), z.number()), codes: z.record(z.string().min(2), z.boolean()) }),
    mini: zm.object({ scores: zm.record(zm.string(), zm.number()), codes: zm.record(zm.string().check(zm.minLength(2)), zm.boolean()) }),
    json: {
      type: "object",
      properties: {
        scores: { type: "object", additionalProperties: num },
        codes: { type: "object", additionalProperties: { type: "boolean" }, propertyNames: { minLength: 2 } },
      },
      required: ["scores", "codes"],
    },
  },
  {
    name: "tuples, fixed and with a rest element",
    v3: z3.object({ point: z3.tuple([z3.number(), z3.number()]), row: z3.tuple([z3.string()]).rest(z3.number()) }),
    v4: z.object({ point: z.tuple([z.number(), z.number()]), row: z.tuple([z.string()], z.number()) }),
    mini: zm.object({ point: zm.tuple([zm.number(), zm.number()]), row: zm.tuple([zm.string()], zm.number()) }),
    json: {
      type: "object",
      properties: {
        point: { type: "array", prefixItems: [num, num], items: false, minItems: 2, maxItems: 2 },
        row: { type: "array", prefixItems: [str], items: num, minItems: 1 },
      },
      required: ["point", "row"],
    },
  },
  {
    name: "defaults make a field optional and are kept",
    v3: z3.object({ unit: z3.enum(["c", "f"]).default("c"), limit: z3.number().int().default(10), tags: z3.array(z3.string()).default([]) }),
    v4: z.object({ unit: z.enum(["c", "f"]).default("c"), limit: z.number().int().default(10), tags: z.array(z.string()).default([]) }),
    mini: zm.object({
      unit: zm._default(zm.enum(["c", "f"]), "c"),
      limit: zm._default(zm.number().check(zm.int()), 10),
      tags: zm._default(zm.array(zm.string()), []),
    }),
    json: {
      type: "object",
      properties: {
        unit: { type: "string", enum: ["c", "f"], default: "c" },
        limit: { type: "integer", default: 10 },
        tags: { type: "array", items: str, default: [] },
      },
    },
  },
  {
    name: "descriptions on fields and on the object",
    v3: z3.object({ city: z3.string().describe("City name"), days: z3.number().describe("Forecast length") }).describe("Weather query"),
    v4: z.object({ city: z.string().describe("City name"), days: z.number().meta({ description: "Forecast length" }) }).describe("Weather query"),
    mini: zm
      .object({ city: zm.string().check(zm.describe("City name")), days: zm.number().check(zm.meta({ description: "Forecast length" })) })
      .check(zm.describe("Weather query")),
    json: {
      type: "object",
      description: "Weather query",
      properties: { city: { type: "string", description: "City name" }, days: { type: "number", description: "Forecast length" } },
      required: ["city", "days"],
    },
  },
  {
    name: ".describe().default() and .default().describe() (langchainjs #11381)",
    v3: z3.object({ a: z3.string().describe("what to search for").default("all"), b: z3.string().default("all").describe("what to search for") }),
    v4: z.object({ a: z.string().describe("what to search for").default("all"), b: z.string().default("all").describe("what to search for") }),
    mini: zm.object({
      a: zm._default(zm.string().check(zm.describe("what to search for")), "all"),
      b: zm._default(zm.string(), "all").check(zm.describe("what to search for")),
    }),
    json: {
      type: "object",
      properties: {
        a: { type: "string", description: "what to search for", default: "all" },
        b: { type: "string", description: "what to search for", default: "all" },
      },
    },
  },
  {
    name: "readonly and branded fields add nothing",
    v3: z3.object({ id: z3.string().brand<"Id">(), tags: z3.array(z3.string()).readonly() }),
    v4: z.object({ id: z.string().brand<"Id">(), tags: z.array(z.string()).readonly() }),
    mini: zm.object({ id: zm.string().brand<"Id">(), tags: zm.readonly(zm.array(zm.string())) }),
    json: { type: "object", properties: { id: str, tags: { type: "array", items: str } }, required: ["id", "tags"] },
  },
  {
    name: "native enums (Zod 3 z.nativeEnum, Zod 4 z.enum)",
    v3: z3.object({ level: z3.nativeEnum(Level), color: z3.nativeEnum(Color) }),
    v4: z.object({ level: z.enum(Level), color: z.enum(Color) }),
    mini: zm.object({ level: zm.enum(Level), color: zm.enum(Color) }),
    json: {
      type: "object",
      properties: { level: { type: "number", enum: [1, 2] }, color: { type: "string", enum: ["red", "blue"] } },
      required: ["level", "color"],
    },
  },
  {
    name: "nested unions become one anyOf",
    v3: z3.union([z3.union([z3.string(), z3.number()]), z3.boolean()]),
    v4: z.union([z.union([z.string(), z.number()]), z.boolean()]),
    mini: zm.union([zm.union([zm.string(), zm.number()]), zm.boolean()]),
    json: { anyOf: [str, num, { type: "boolean" }] },
  },
  {
    name: "a nullable root, optional around it adding nothing",
    v3: z3.string().describe("note").nullable().optional(),
    v4: z.string().describe("note").nullable().optional(),
    mini: zm.optional(zm.nullable(zm.string().check(zm.describe("note")))),
    json: { description: "note", anyOf: [str, nul] },
  },
];
