import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import { isJsonSchemaObject, isZodSchema, isZodV3Schema, isZodV4Schema } from "./is-zod-schema.js";

const notSchemas: Array<[string, unknown]> = [
  ["null", null],
  ["undefined", undefined],
  ["a number", 1],
  ["a string", "z.string()"],
  ["an array", [z.string()]],
  ["a function", () => z.string()],
  ["a Date", new Date(0)],
  ["an object with _def but no typeName", { _def: {} }],
  ["an object with _zod but no def", { _zod: {} }],
];

describe("isZodV3Schema / isZodV4Schema / isZodSchema", () => {
  it.each([
    ["z3.string()", z3.string()],
    ["z3.object()", z3.object({ a: z3.string() })],
    ["z3 effects", z3.string().transform(Number)],
    ["z3.lazy()", z3.lazy(() => z3.string())],
  ])("recognises the Zod 3 schema %s", (_name, schema) => {
    expect([isZodV3Schema(schema), isZodV4Schema(schema), isZodSchema(schema)]).toEqual([true, false, true]);
  });

  it.each([
    ["z.string()", z.string()],
    ["z.object()", z.object({ a: z.string() })],
    ["z.email()", z.email()],
    ["zm.string()", zm.string()],
    ["zm.object()", zm.object({ a: zm.string() })],
    ["zm.optional()", zm.optional(zm.number())],
  ])("recognises the Zod 4 schema %s, although classic schemas also expose _def", (_name, schema) => {
    expect([isZodV3Schema(schema), isZodV4Schema(schema), isZodSchema(schema)]).toEqual([false, true, true]);
  });

  it.each(notSchemas)("rejects %s", (_name, value) => {
    expect([isZodV3Schema(value), isZodV4Schema(value), isZodSchema(value)]).toEqual([false, false, false]);
  });
});

describe("isJsonSchemaObject", () => {
  it.each([
    ["an object schema", { type: "object", properties: {} }],
    ["the empty schema", {}],
    ["a type list", { type: ["string", "null"] }],
    ["an object without a prototype", Object.assign(Object.create(null) as object, { type: "string" })],
  ])("accepts %s", (_name, value) => {
    expect(isJsonSchemaObject(value)).toBe(true);
  });

  it.each([
    ...notSchemas,
    ["a Zod 3 schema", z3.string()],
    ["a Zod 4 schema", z.string()],
    ["a Zod 4 mini schema", zm.string()],
    ["another Standard Schema", { "~standard": { version: 1, vendor: "valibot", validate: () => ({ value: 1 }) } }],
    ["a non-string type", { type: 3 }],
    ["a type list with a non-string", { type: ["string", 1] }],
  ] as Array<[string, unknown]>)("rejects %s", (_name, value) => {
    expect(isJsonSchemaObject(value)).toBe(false);
  });
});
