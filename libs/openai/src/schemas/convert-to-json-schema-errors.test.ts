import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import { BadRequestError, SchemaConversionError, TesseraError, type SchemaIssue } from "../errors/errors.js";
import { createHandmadePerson, createValidateOnlyPerson, standardFaceOf } from "./__fixtures__/standard-schemas.js";
import { convertToJsonSchema } from "./convert-to-json-schema.js";
import type { SchemaInput } from "./schema-input.js";

const SUBJECT = 'tool "get_weather"';

function conversionError(schema: unknown): SchemaConversionError {
  try {
    convertToJsonSchema(schema as SchemaInput, SUBJECT);
  } catch (error) {
    if (SchemaConversionError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected convertToJsonSchema to throw");
}

function issuesOf(schema: unknown): Array<Pick<SchemaIssue, "pointer" | "problem">> {
  return conversionError(schema).issues.map(({ pointer, problem }) => ({ pointer, problem }));
}

function onlyIssue(schema: unknown): Pick<SchemaIssue, "pointer" | "problem"> {
  const issues = issuesOf(schema);
  expect(issues).toHaveLength(1);
  return issues[0] as Pick<SchemaIssue, "pointer" | "problem">;
}

// [what, Zod 3 field, Zod 4 field, Zod 4 mini field, a phrase of the fix]
const unrepresentable: Array<[string, z3.ZodTypeAny, z.ZodType, zm.ZodMiniType, string]> = [
  ["z.date()", z3.date(), z.date(), zm.date(), "z.iso.datetime()"],
  ["z.bigint()", z3.bigint(), z.bigint(), zm.bigint(), "z.number().int()"],
  ["z.symbol()", z3.symbol(), z.symbol(), zm.symbol(), "remove the field"],
  ["z.map()", z3.map(z3.string(), z3.number()), z.map(z.string(), z.number()), zm.map(zm.string(), zm.number()), "z.record(z.string(), valueSchema)"],
  ["z.set()", z3.set(z3.string()), z.set(z.string()), zm.set(zm.string()), "z.array(itemSchema)"],
  ["z.undefined()", z3.undefined(), z.undefined(), zm.undefined(), ".optional()"],
  ["z.void()", z3.void(), z.void(), zm.void(), ".optional()"],
  ["z.nan()", z3.nan(), z.nan(), zm.nan(), "z.number()"],
  ["z.literal(undefined)", z3.literal(undefined), z.literal(undefined), zm.literal(undefined), ".optional()"],
  ["z.any().refine()", z3.any().refine(() => true), z.any().refine(() => true), zm.any().check(zm.refine(() => true)), "concrete schema"],
  ["z.unknown().refine()", z3.unknown().refine(() => true), z.unknown().refine(() => true), zm.unknown().check(zm.refine(() => true)), "concrete schema"],
  ["z.instanceof()", z3.instanceof(Date), z.instanceof(Date), zm.instanceof(Date), "concrete schema"],
];

describe("convertToJsonSchema errors", () => {
  describe.each(unrepresentable)("%s", (_what, v3Field, v4Field, miniField, fix) => {
    it("is reported for Zod 3 with the pointer of the field and the fix", () => {
      const issue = onlyIssue(z3.object({ city: z3.string(), when: z3.array(z3.object({ value: v3Field })) }));
      expect(issue.pointer).toBe("/properties/when/items/properties/value");
      expect(issue.problem).toContain(fix);
    });

    it("is reported for Zod 4 with the pointer of the field and the fix", () => {
      const issue = onlyIssue(z.object({ city: z.string(), when: z.array(z.object({ value: v4Field })) }));
      expect(issue.pointer).toBe("/properties/when/items/properties/value");
      expect(issue.problem).toContain(fix);
    });

    it("is reported for Zod 4 mini with the pointer of the field and the fix", () => {
      const issue = onlyIssue(zm.object({ city: zm.string(), when: zm.array(zm.object({ value: miniField })) }));
      expect(issue.pointer).toBe("/properties/when/items/properties/value");
      expect(issue.problem).toContain(fix);
    });
  });

  it("reports z.function() in both majors", () => {
    const expected = { pointer: "/properties/callback", problem: expect.stringContaining("function") };
    expect(onlyIssue(z3.object({ callback: z3.function() }))).toEqual(expected);
    expect(onlyIssue(z.object({ callback: z.function() }))).toEqual(expected);
  });

  it("reports z.custom() in Zod 4 (in Zod 3 it is a refined z.any())", () => {
    expect(onlyIssue(z.object({ file: z.custom<Blob>((value) => value instanceof Blob) })).pointer).toBe("/properties/file");
    expect(onlyIssue(zm.object({ file: zm.custom<Blob>((value) => value instanceof Blob) })).pointer).toBe("/properties/file");
    expect(onlyIssue(z3.object({ file: z3.custom<Blob>((value) => value instanceof Blob) })).pointer).toBe("/properties/file");
  });

  it("reports a transform that has no input schema", () => {
    const issue = onlyIssue(z.object({ total: z.transform((value: unknown) => Number(value)) }));
    expect(issue).toEqual({ pointer: "/properties/total", problem: expect.stringContaining("start the chain with the input schema") });
    expect(onlyIssue(zm.object({ total: zm.transform((value: unknown) => Number(value)) })).pointer).toBe("/properties/total");
  });

  it("collects every problem at once, in both majors", () => {
    const v3Schema = z3.object({ a: z3.date(), b: z3.string(), c: z3.object({ d: z3.bigint(), e: z3.set(z3.string()) }) });
    const v4Schema = z.object({ a: z.date(), b: z.string(), c: z.object({ d: z.bigint(), e: z.set(z.string()) }) });
    const v3Pointers = issuesOf(v3Schema).map((issue) => issue.pointer);
    const v4Pointers = issuesOf(v4Schema).map((issue) => issue.pointer);
    expect(v3Pointers).toEqual(["/properties/a", "/properties/c/properties/d", "/properties/c/properties/e"]);
    expect(v4Pointers).toEqual(["/properties/a", "/properties/c/properties/d", "/properties/c/properties/e"]);
  });

  it("reports a problem inside a recursive schema once, at its first place", () => {
    const category = z.object({
      name: z.string(),
      created: z.date(),
      get children() {
        return z.array(category);
      },
    });
    expect(issuesOf(category)).toEqual([{ pointer: "/properties/created", problem: expect.stringContaining("z.date()") }]);
  });

  it("escapes property names in pointers", () => {
    expect(onlyIssue(z.object({ "a/b~c": z.date() })).pointer).toBe("/properties/a~1b~0c");
    expect(onlyIssue(z3.object({ "a/b~c": z3.date() })).pointer).toBe("/properties/a~1b~0c");
  });

  it.each([
    ["a number", 42, "got a number"],
    ["null", null, "got null"],
    ["undefined", undefined, "got undefined"],
    ["an array", [z.string()], "got an array"],
    ["a JSON string", '{"type":"object"}', "JSON.parse"],
    ["a class instance", new Date(0), "an instance of Date"],
    ["a ~standard that is not Standard Schema v1", { "~standard": { version: 2, vendor: "future" } }, '"future"'],
    ["an object whose type is not a string", { type: 42 }, '"type" must be a string'],
  ])("rejects %s at the root", (_what, value, phrase) => {
    expect(onlyIssue(value)).toEqual({ pointer: "", problem: expect.stringContaining(phrase) });
  });

  it("rejects a Standard Schema without a JSON Schema converter, naming its library and the fixes", () => {
    const error = conversionError(createValidateOnlyPerson());
    expect(error.issues).toEqual([
      {
        subject: SUBJECT,
        pointer: "",
        problem:
          'this Standard Schema from "handmade" cannot convert itself to JSON Schema (it has no ~standard.jsonSchema); ' +
          'pass a JSON Schema object instead, or use a version of "handmade" that implements Standard JSON Schema ' +
          "(https://standardschema.dev), or its adapter that adds it",
      },
    ]);
  });

  it("reports the library's own reason when its converter fails for every target", () => {
    const error = conversionError(standardFaceOf(z.object({ when: z.date() })));
    expect(error.issues).toEqual([
      {
        subject: SUBJECT,
        pointer: "",
        problem: expect.stringMatching(/^the "zod" JSON Schema converter failed \(Date cannot be represented in JSON Schema\); change the schema/u),
      },
    ]);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("lists each distinct reason once when the targets fail differently", () => {
    const person = createHandmadePerson({ targets: [] });
    expect(onlyIssue(person).problem).toContain("(Unsupported target: draft-2020-12; Unsupported target: draft-07)");
  });

  it("rejects a converter that does not return a JSON Schema object", () => {
    const broken = { "~standard": { version: 1, vendor: "broken", jsonSchema: { input: () => null, output: () => null } } };
    expect(onlyIssue(broken).problem).toBe('the "broken" JSON Schema converter did not return a JSON Schema object (got null); report it to "broken", or pass a JSON Schema object');
  });

  it("rejects a field that is not a schema, in both majors", () => {
    expect(onlyIssue(z3.object({ a: z3.string(), b: 42 as unknown as z3.ZodString }))).toEqual({
      pointer: "/properties/b",
      problem: expect.stringContaining("not a Zod schema"),
    });
    expect(onlyIssue(z.object({ a: z.string(), b: 42 as unknown as z.ZodString }))).toEqual({
      pointer: "/properties/b",
      problem: expect.stringContaining("not a Zod schema"),
    });
  });

  it("rejects mixing Zod 3 and Zod 4 in one schema", () => {
    expect(onlyIssue(z3.object({ a: z.string() as unknown as z3.ZodString })).problem).toContain("Zod 4 schema inside a Zod 3 schema");
    expect(onlyIssue(z3.object({ a: zm.string() as unknown as z3.ZodString })).problem).toContain("Zod 4 schema inside a Zod 3 schema");
    expect(onlyIssue(z.object({ a: z3.string() as unknown as z.ZodString })).problem).toContain("Zod 3 schema inside a Zod 4 schema");
  });

  it("rejects a JSON Schema holding a function", () => {
    expect(onlyIssue({ type: "object", properties: { a: { type: "string", default: () => "x" } } }).problem).toContain("not data");
  });

  it("says schema conversion, names the subject, and is not a request error", () => {
    const error = conversionError(z.object({ when: z.date() }));
    expect(error.message).toMatch(/^Schema conversion failed/);
    expect(error.message).toContain(`${SUBJECT} at /properties/when: z.date() has no JSON form`);
    expect(error.issues[0]?.subject).toBe(SUBJECT);
    expect(BadRequestError.isInstance(error)).toBe(false);
    expect(TesseraError.isInstance(error)).toBe(true);
    expect(error.status).toBeUndefined();
  });
});
