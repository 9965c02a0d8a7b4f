import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import { $ZodError } from "zod/v4/core";
import { TesseraError } from "../errors/errors.js";
import { JsonSchemaValidationError } from "../errors/errors.js";
import { validateWithSchema, type SchemaValidationResult } from "./validate-with-schema.js";

function errorOf<T>(result: SchemaValidationResult<T>): Error {
  if (result.success) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

function pathsOf(error: Error): string[] {
  const issues = (error as { issues?: Array<{ path: PropertyKey[] }> }).issues ?? [];
  return issues.map((issue) => issue.path.map(String).join("/"));
}

describe("validateWithSchema with Zod 3", () => {
  const schema = z3.object({
    city: z3.string(),
    days: z3.string().transform(Number),
    unit: z3.enum(["c", "f"]).default("c"),
    count: z3.preprocess((value) => (typeof value === "string" ? Number(value) : value), z3.number()),
  });

  it("returns the parsed output: transforms, defaults and preprocess applied", () => {
    const result = validateWithSchema(schema, { city: "Paris", days: "3", count: "2" });
    expect(result).toEqual({ success: true, data: { city: "Paris", days: 3, unit: "c", count: 2 } });
  });

  it("fails with a ZodError naming every failing path", () => {
    const error = errorOf(validateWithSchema(schema, { city: 1, days: "3", unit: "k", count: 1 }));
    expect(error).toBeInstanceOf(z3.ZodError);
    expect(pathsOf(error)).toEqual(["city", "unit"]);
  });
});

describe("validateWithSchema with Zod 4 classic", () => {
  const schema = z.object({ city: z.string(), days: z.string().transform(Number), unit: z.enum(["c", "f"]).default("c") });

  it("returns the parsed output: transforms and defaults applied", () => {
    expect(validateWithSchema(schema, { city: "Paris", days: "3" })).toEqual({ success: true, data: { city: "Paris", days: 3, unit: "c" } });
  });

  it("fails with a z.ZodError (not only the core error) naming every failing path", () => {
    const error = errorOf(validateWithSchema(schema, { city: 1, days: 3 }));
    expect(error).toBeInstanceOf(z.ZodError);
    expect(pathsOf(error)).toEqual(["city", "days"]);
  });

  it("applies z.preprocess", () => {
    const result = validateWithSchema(z.object({ n: z.preprocess((value) => Number(value), z.number()) }), { n: "7" });
    expect(result).toEqual({ success: true, data: { n: 7 } });
  });
});

describe("validateWithSchema with Zod 4 mini (no methods)", () => {
  const schema = zm.object({ city: zm.string(), days: zm.pipe(zm.string(), zm.transform(Number)), unit: zm._default(zm.enum(["c", "f"]), "c") });

  it("returns the parsed output through the core parser", () => {
    expect(validateWithSchema(schema, { city: "Paris", days: "3" })).toEqual({ success: true, data: { city: "Paris", days: 3, unit: "c" } });
  });

  it("fails with a Zod error naming every failing path", () => {
    const error = errorOf(validateWithSchema(schema, { days: 3 }));
    expect(error).toBeInstanceOf($ZodError);
    expect(pathsOf(error)).toEqual(["city", "days"]);
  });
});

describe("validateWithSchema when the parser itself throws", () => {
  it("returns a failure for a transform that throws", () => {
    const schema = z.string().transform(() => {
      throw new Error("boom");
    });
    expect(errorOf(validateWithSchema(schema, "x")).message).toBe("boom");
  });

  it("returns a failure for an async refinement in a synchronous parse", () => {
    const schema = z.string().refine(async () => true);
    expect(validateWithSchema(schema, "x").success).toBe(false);
  });
});

describe("validateWithSchema with JSON Schema", () => {
  const schema = {
    type: "object",
    properties: {
      email: { type: "string", format: "email" },
      tags: { type: "array", items: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] } },
      note: { anyOf: [{ type: "string" }, { type: "null" }] },
      point: { type: "array", prefixItems: [{ type: "number" }], items: false },
    },
    required: ["email"],
    additionalProperties: false,
  };

  it("returns the value itself when it is valid", () => {
    const value = { email: "a@example.com", tags: [{ id: 1 }], note: null };
    const result = validateWithSchema(schema, value);
    expect(result).toEqual({ success: true, data: value });
    expect(result.success && result.data).toBe(value);
  });

  it("lists every failing JSON pointer once, without the 'something below failed' noise", () => {
    const error = errorOf(validateWithSchema(schema, { email: "nope", tags: [{ id: 1.5 }, {}], note: 3, point: [1, 2], extra: true }));
    expect(error).toBeInstanceOf(JsonSchemaValidationError);
    expect(TesseraError.isInstance(error) && JsonSchemaValidationError.isInstance(error)).toBe(true);
    const issues = (error as JsonSchemaValidationError).issues.map((issue) => [issue.pointer, issue.keyword]);
    expect(issues).toEqual([
      ["/email", "format"],
      ["/tags/0/id", "type"],
      ["/tags/1", "required"],
      ["/note", "anyOf"],
      ["/point/1", "false"],
      ["", "additionalProperties"],
    ]);
    expect(error.message).toContain("- at /tags/1: Instance does not have required property \"id\".");
    expect(error.message).toContain("- at the root: Property \"extra\" does not match additional properties schema.");
  });

  it("reports a root-level failure that has only a summary error", () => {
    const error = errorOf(validateWithSchema({ allOf: [false] }, 1)) as JsonSchemaValidationError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual([""]);
  });

  it("writes pointers as JSON pointers, not URI fragments", () => {
    const error = errorOf(validateWithSchema({ type: "object", properties: { "a b%": { type: "string" } } }, { "a b%": 1 }));
    expect((error as JsonSchemaValidationError).issues.map((issue) => issue.pointer)).toEqual(["/a b%"]);
  });

  it("escapes pointers and reports a value that is not an object at the root", () => {
    const error = errorOf(validateWithSchema({ type: "object", properties: { "a/b": { type: "string" } } }, { "a/b": 1 }));
    const expected = { pointer: "/a~1b", keyword: "type", problem: expect.stringContaining('Expected "string"') };
    expect((error as JsonSchemaValidationError).issues).toEqual([expected]);
    expect((errorOf(validateWithSchema({ type: "object" }, [])) as JsonSchemaValidationError).issues[0]?.pointer).toBe("");
  });

  it("follows $defs references", () => {
    const tree = { type: "object", properties: { children: { type: "array", items: { $ref: "#" } } }, required: ["children"] };
    expect(validateWithSchema(tree, { children: [{ children: [] }] }).success).toBe(true);
    const error = errorOf(validateWithSchema(tree, { children: [{}] })) as JsonSchemaValidationError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual(["/children/0"]);
  });

  it("compiles one validator per schema object and reuses it", () => {
    const compiled = { type: "object", required: ["a"] };
    expect(validateWithSchema(compiled, { a: 1 }).success).toBe(true);
    // Changing the schema object afterwards does not recompile: the cached validator still applies.
    compiled.required = ["b"];
    expect(validateWithSchema(compiled, { a: 1 }).success).toBe(true);
    expect(validateWithSchema({ type: "object", required: ["b"] }, { a: 1 }).success).toBe(false);
  });
});

describe("validateWithSchema with something that is not a schema", () => {
  it("throws a TypeError: that is a programming error, not invalid data", () => {
    expect(() => validateWithSchema(42 as never, {})).toThrow(TypeError);
  });
});
