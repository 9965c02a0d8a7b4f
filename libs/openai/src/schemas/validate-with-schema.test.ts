import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import { $ZodError } from "zod/v4/core";
import { TesseraError } from "../errors/errors.js";
import { JsonSchemaValidationError, StandardSchemaValidationError } from "../errors/errors.js";
import { createHandmadePerson, createJsonOnlyPerson, standardFaceOf } from "./__fixtures__/standard-schemas.js";
import { validateWithSchema, type SchemaValidationResult } from "./validate-with-schema.js";

async function errorOf<T>(pending: Promise<SchemaValidationResult<T>>): Promise<Error> {
  const result = await pending;
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

  it("returns the parsed output: transforms, defaults and preprocess applied", async () => {
    const result = await validateWithSchema(schema, { city: "Paris", days: "3", count: "2" });
    expect(result).toEqual({ success: true, data: { city: "Paris", days: 3, unit: "c", count: 2 } });
  });

  it("fails with a ZodError naming every failing path", async () => {
    const error = await errorOf(validateWithSchema(schema, { city: 1, days: "3", unit: "k", count: 1 }));
    expect(error).toBeInstanceOf(z3.ZodError);
    expect(pathsOf(error)).toEqual(["city", "unit"]);
  });
});

describe("validateWithSchema with Zod 4 classic", () => {
  const schema = z.object({ city: z.string(), days: z.string().transform(Number), unit: z.enum(["c", "f"]).default("c") });

  it("returns the parsed output: transforms and defaults applied", async () => {
    expect(await validateWithSchema(schema, { city: "Paris", days: "3" })).toEqual({ success: true, data: { city: "Paris", days: 3, unit: "c" } });
  });

  it("fails with a z.ZodError (not only the core error) naming every failing path", async () => {
    const error = await errorOf(validateWithSchema(schema, { city: 1, days: 3 }));
    expect(error).toBeInstanceOf(z.ZodError);
    expect(pathsOf(error)).toEqual(["city", "days"]);
  });

  it("applies z.preprocess", async () => {
    const result = await validateWithSchema(z.object({ n: z.preprocess((value) => Number(value), z.number()) }), { n: "7" });
    expect(result).toEqual({ success: true, data: { n: 7 } });
  });
});

describe("validateWithSchema with Zod 4 mini (no methods)", () => {
  const schema = zm.object({ city: zm.string(), days: zm.pipe(zm.string(), zm.transform(Number)), unit: zm._default(zm.enum(["c", "f"]), "c") });

  it("returns the parsed output through the core parser", async () => {
    expect(await validateWithSchema(schema, { city: "Paris", days: "3" })).toEqual({ success: true, data: { city: "Paris", days: 3, unit: "c" } });
  });

  it("fails with a Zod error naming every failing path", async () => {
    const error = await errorOf(validateWithSchema(schema, { days: 3 }));
    expect(error).toBeInstanceOf($ZodError);
    expect(pathsOf(error)).toEqual(["city", "days"]);
  });
});

describe("validateWithSchema when the parser itself throws", () => {
  it("returns a failure for a transform that throws", async () => {
    const schema = z.string().transform(() => {
      throw new Error("boom");
    });
    expect((await errorOf(validateWithSchema(schema, "x"))).message).toBe("boom");
  });

  it("returns a failure for an async refinement in a synchronous parse", async () => {
    const schema = z.string().refine(async () => true);
    expect((await validateWithSchema(schema, "x")).success).toBe(false);
  });
});

describe("validateWithSchema with another Standard Schema", () => {
  it.each([
    ["synchronous", false],
    ["asynchronous", true],
  ])("returns the output of the library's own %s validate", async (_kind, async) => {
    const result = await validateWithSchema(createHandmadePerson({ async }), { name: "ada lovelace", age: 36 });
    expect(result).toEqual({ success: true, data: { name: "ada lovelace", age: 36, initials: "AL" } });
  });

  it("fails with a StandardSchemaValidationError naming the library, each path as a JSON pointer, and each message", async () => {
    const error = await errorOf(validateWithSchema(createHandmadePerson({ async: true }), { name: 1, age: -1, nickname: 2 }));
    expect(StandardSchemaValidationError.isInstance(error) && TesseraError.isInstance(error)).toBe(true);
    const standardError = error as StandardSchemaValidationError;
    expect(standardError.vendor).toBe("handmade");
    expect(standardError.issues).toEqual([
      { pointer: "/name", path: ["name"], problem: "Expected a string" },
      { pointer: "/age", path: ["age"], problem: "Expected a whole number of years" },
      { pointer: "/nickname", path: ["nickname"], problem: "Expected a string" },
    ]);
    expect(error.message).toBe(
      'The value does not match the "handmade" schema:\n- at /name: Expected a string\n- at /age: Expected a whole number of years\n- at /nickname: Expected a string',
    );
  });

  it("reports an issue without a path at the root", async () => {
    const error = (await errorOf(validateWithSchema(createHandmadePerson(), "Ada"))) as StandardSchemaValidationError;
    expect(error.issues).toEqual([{ pointer: "", path: [], problem: "Expected an object" }]);
  });

  it("escapes path segments and names symbol keys by their description", async () => {
    const key = Symbol("secret");
    const schema = {
      "~standard": { version: 1 as const, vendor: "paths", validate: () => ({ issues: [{ message: "bad", path: ["a/b", { key: "c~d" }, 0, key] }] }) },
    };
    const error = (await errorOf(validateWithSchema(schema, {}))) as StandardSchemaValidationError;
    expect(error.issues).toEqual([{ pointer: "/a~1b/c~0d/0/secret", path: ["a/b", "c~d", 0, key], problem: "bad" }]);
  });

  it("returns a failure when validate itself throws", async () => {
    const schema = {
      "~standard": {
        version: 1 as const,
        vendor: "throws",
        validate: () => {
          throw new Error("boom");
        },
      },
    };
    expect((await errorOf(validateWithSchema(schema, {}))).message).toBe("boom");
  });

  it("checks a Standard JSON Schema without validate against its own JSON Schema, and returns the value itself", async () => {
    const value = { name: "Ada", age: 36 };
    const result = await validateWithSchema(createJsonOnlyPerson(), value);
    expect(result.success && result.data).toBe(value);
    const error = await errorOf(validateWithSchema(createJsonOnlyPerson(), { name: "Ada", age: 1.5 }));
    expect((error as JsonSchemaValidationError).issues).toEqual([{ pointer: "/age", keyword: "type", problem: expect.stringContaining('Expected "integer"') }]);
  });

  it("validates a Zod schema seen only through ~standard with Zod's validate, transforms applied", async () => {
    const schema = z.object({ n: z.string().transform(Number) });
    expect(await validateWithSchema(standardFaceOf(schema), { n: "4" })).toEqual({ success: true, data: { n: 4 } });
    const error = (await errorOf(validateWithSchema(standardFaceOf(schema), { n: 4 }))) as StandardSchemaValidationError;
    expect(error.vendor).toBe("zod");
    expect(error.issues).toEqual([{ pointer: "/n", path: ["n"], problem: "Invalid input: expected string, received number" }]);
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

  it("returns the value itself when it is valid", async () => {
    const value = { email: "a@example.com", tags: [{ id: 1 }], note: null };
    const result = await validateWithSchema(schema, value);
    expect(result).toEqual({ success: true, data: value });
    expect(result.success && result.data).toBe(value);
  });

  it("lists every failing JSON pointer once, without the 'something below failed' noise", async () => {
    const error = await errorOf(validateWithSchema(schema, { email: "nope", tags: [{ id: 1.5 }, {}], note: 3, point: [1, 2], extra: true }));
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

  it("reports a root-level failure that has only a summary error", async () => {
    const error = await errorOf(validateWithSchema({ allOf: [false] }, 1)) as JsonSchemaValidationError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual([""]);
  });

  it("writes pointers as JSON pointers, not URI fragments", async () => {
    const error = await errorOf(validateWithSchema({ type: "object", properties: { "a b%": { type: "string" } } }, { "a b%": 1 }));
    expect((error as JsonSchemaValidationError).issues.map((issue) => issue.pointer)).toEqual(["/a b%"]);
  });

  it("escapes pointers and reports a value that is not an object at the root", async () => {
    const error = await errorOf(validateWithSchema({ type: "object", properties: { "a/b": { type: "string" } } }, { "a/b": 1 }));
    const expected = { pointer: "/a~1b", keyword: "type", problem: expect.stringContaining('Expected "string"') };
    expect((error as JsonSchemaValidationError).issues).toEqual([expected]);
    expect((await errorOf(validateWithSchema({ type: "object" }, [])) as JsonSchemaValidationError).issues[0]?.pointer).toBe("");
  });

  it("follows $defs references", async () => {
    const tree = { type: "object", properties: { children: { type: "array", items: { $ref: "#" } } }, required: ["children"] };
    expect((await validateWithSchema(tree, { children: [{ children: [] }] })).success).toBe(true);
    const error = await errorOf(validateWithSchema(tree, { children: [{}] })) as JsonSchemaValidationError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual(["/children/0"]);
  });

  it("compiles one validator per schema object and reuses it", async () => {
    const compiled = { type: "object", required: ["a"] };
    expect((await validateWithSchema(compiled, { a: 1 })).success).toBe(true);
    // Changing the schema object afterwards does not recompile: the cached validator still applies.
    compiled.required = ["b"];
    expect((await validateWithSchema(compiled, { a: 1 })).success).toBe(true);
    expect((await validateWithSchema({ type: "object", required: ["b"] }, { a: 1 })).success).toBe(false);
  });
});

describe("validateWithSchema with something that is not a schema", () => {
  it("throws a TypeError: that is a programming error, not invalid data", async () => {
    await expect(validateWithSchema(42 as never, {})).rejects.toThrow(TypeError);
  });
});
