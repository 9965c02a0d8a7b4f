import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import { createHandmadePerson, createJsonOnlyPerson, createValidateOnlyPerson, standardFaceOf } from "./__fixtures__/standard-schemas.js";
import { isStandardSchema } from "./is-standard-schema.js";

describe("isStandardSchema", () => {
  it.each([
    ["a schema with validate and jsonSchema", createHandmadePerson()],
    ["a schema with validate only (Standard Schema)", createValidateOnlyPerson()],
    ["a schema with jsonSchema only (Standard JSON Schema)", createJsonOnlyPerson()],
    ["Zod 4 classic", z.string()],
    ["Zod 4 mini", zm.string()],
    ["Zod 3", z3.string()],
    ["a Zod schema seen only through ~standard", standardFaceOf(z.object({ a: z.string() }))],
  ] as Array<[string, unknown]>)("accepts %s", (_name, value) => {
    expect(isStandardSchema(value)).toBe(true);
  });

  it.each([
    ["null", null],
    ["a JSON Schema", { type: "object", properties: {} }],
    ["a JSON Schema with a title", { title: "~standard" }],
    ["a version other than 1", { "~standard": { version: 2, vendor: "x", validate: () => ({ value: 1 }) } }],
    ["no vendor", { "~standard": { version: 1, validate: () => ({ value: 1 }) } }],
    ["neither validate nor jsonSchema", { "~standard": { version: 1, vendor: "x" } }],
    ["a validate that is not a function", { "~standard": { version: 1, vendor: "x", validate: true } }],
    ["a ~standard that is not an object", { "~standard": "yes" }],
  ] as Array<[string, unknown]>)("rejects %s", (_name, value) => {
    expect(isStandardSchema(value)).toBe(false);
  });
});
