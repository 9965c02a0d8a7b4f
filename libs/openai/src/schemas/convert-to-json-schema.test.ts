import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { advancedSchemas } from "./__fixtures__/equivalent-schemas-advanced.js";
import { recursiveSchemas } from "./__fixtures__/equivalent-recursive-schemas.js";
import { basicSchemas, type EquivalentSchemas } from "./__fixtures__/equivalent-schemas.js";
import { createHandmadePerson, personInputJsonSchema, standardFaceOf } from "./__fixtures__/standard-schemas.js";
import { convertToJsonSchema } from "./convert-to-json-schema.js";

const matrix: EquivalentSchemas[] = [...basicSchemas, ...advancedSchemas, ...recursiveSchemas];

describe("convertToJsonSchema: the same schema in Zod 3, Zod 4, Zod 4 mini and JSON Schema", () => {
  it("has at least 25 fixtures", () => {
    expect(matrix.length).toBeGreaterThanOrEqual(25);
  });

  describe.each(matrix.map((fixture) => [fixture.name, fixture] as const))("%s", (_name, fixture) => {
    const expected = JSON.stringify(fixture.json);

    it("Zod 3 gives the canonical JSON, byte for byte", () => {
      expect(JSON.stringify(convertToJsonSchema(fixture.v3, "test"))).toBe(expected);
    });

    it("Zod 4 classic gives the canonical JSON, byte for byte", () => {
      expect(JSON.stringify(convertToJsonSchema(fixture.v4, "test"))).toBe(expected);
    });

    it("Zod 4 mini gives the canonical JSON, byte for byte", () => {
      expect(JSON.stringify(convertToJsonSchema(fixture.mini, "test"))).toBe(expected);
    });

    it("the canonical JSON Schema passes through unchanged", () => {
      expect(JSON.stringify(convertToJsonSchema(fixture.json, "test"))).toBe(expected);
    });
  });
});

describe("convertToJsonSchema: plain JSON Schema", () => {
  it("returns a deep copy without the top-level $schema, everything else untouched", () => {
    const input = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: ["object", "null"],
      properties: { tags: { type: "array", items: { $ref: "#/$defs/tag" } }, nested: { $schema: "kept", type: "string" } },
      $defs: { tag: { type: "string", pattern: "^#" } },
      "x-vendor": { any: ["thing"] },
    };
    const before = JSON.stringify(input);
    const output = convertToJsonSchema(input, "test");
    const { $schema: _dropped, ...rest } = input;
    expect(output).toEqual(rest);
    (output["properties"] as { tags: { items: Record<string, unknown> } }).tags.items["$ref"] = "changed";
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe("convertToJsonSchema: Standard JSON Schema from other libraries", () => {
  it("returns the library's own input JSON Schema, without $schema and otherwise untouched", () => {
    expect(convertToJsonSchema(createHandmadePerson(), "test")).toEqual(personInputJsonSchema);
  });

  it("asks for draft 2020-12 first, and only once when the library supports it", () => {
    const asked: string[] = [];
    convertToJsonSchema(createHandmadePerson({ asked }), "test");
    expect(asked).toEqual(["draft-2020-12"]);
  });

  it("falls back to draft-07 when the library throws for draft 2020-12, as the spec tells libraries to", () => {
    const asked: string[] = [];
    expect(convertToJsonSchema(createHandmadePerson({ asked, targets: ["draft-07"] }), "test")).toEqual(personInputJsonSchema);
    expect(asked).toEqual(["draft-2020-12", "draft-07"]);
  });

  it("converts a Zod schema seen only through ~standard with Zod's own converter, on the input side", () => {
    const schema = z.object({ city: z.string(), days: z.string().pipe(z.transform(Number)).optional(), unit: z.enum(["c", "f"]).default("c") });
    const { $schema: _draft, ...expected } = schema["~standard"].jsonSchema.input({ target: "draft-2020-12" });
    expect(convertToJsonSchema(standardFaceOf(schema), "test")).toEqual(expected);
    expect(expected).toEqual({
      type: "object",
      properties: { city: { type: "string" }, days: { type: "string" }, unit: { type: "string", enum: ["c", "f"], default: "c" } },
      required: ["city"],
    });
  });

  it("takes the output of z.toJSONSchema() through the Standard face Zod gives it, as @langchain/core does", () => {
    const marked = z.toJSONSchema(z.object({ days: z.string().transform(Number) }).meta({ description: "Trip" }), { unrepresentable: "any" });
    expect(Object.keys(marked)).not.toContain("~standard");
    expect(convertToJsonSchema(marked, "test")).toEqual({
      type: "object",
      description: "Trip",
      properties: { days: { type: "string" } },
      required: ["days"],
    });
  });

  it("keeps Zod itself on the Zod path, whose canonical form drops what Zod's generic output adds", () => {
    const schema = z.object({ count: z.number().int() });
    expect(convertToJsonSchema(schema, "test")).toEqual({ type: "object", properties: { count: { type: "integer" } }, required: ["count"] });
    expect(convertToJsonSchema(standardFaceOf(schema), "test")).toEqual({
      type: "object",
      properties: { count: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 } },
      required: ["count"],
    });
  });
});

describe("convertToJsonSchema: Zod details", () => {
  it("names a recursive $defs entry after its Zod 4 .meta({ id })", () => {
    const category: z.ZodType = z
      .object({
        name: z.string(),
        get children(): z.ZodArray<z.ZodType> {
          return z.array(category);
        },
      })
      .meta({ id: "Category" });
    expect(convertToJsonSchema(z.object({ root: category }), "test")).toEqual({
      type: "object",
      properties: { root: { $ref: "#/$defs/Category" } },
      required: ["root"],
      $defs: {
        Category: {
          type: "object",
          properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Category" } } },
          required: ["name", "children"],
        },
      },
    });
  });

  it("keeps z.xor() as oneOf: its options must not both match", () => {
    expect(convertToJsonSchema(z.xor([z.string(), z.number()]), "test")).toEqual({ oneOf: [{ type: "string" }, { type: "number" }] });
  });

  it("keeps .meta() keys such as title and examples", () => {
    const schema = z.string().meta({ title: "City", examples: ["Paris"] });
    expect(convertToJsonSchema(schema, "test")).toEqual({ type: "string", title: "City", examples: ["Paris"] });
  });

  it("does not alias the user's default values", () => {
    const tags = ["a"];
    const output = convertToJsonSchema(z3.object({ tags: z3.array(z3.string()).default(tags) }), "test");
    const property = (output["properties"] as Record<string, { default: string[] }>)["tags"];
    expect(property?.default).toEqual(["a"]);
    expect(property?.default).not.toBe(tags);
  });
});

// Where the two majors disagree on meaning, the canonical form follows each one's own parser rather than hiding it.
describe("convertToJsonSchema: known differences between Zod 3 and Zod 4", () => {
  it("z.any() / z.unknown() fields: optional in Zod 3, required in Zod 4, as their parsers behave", () => {
    expect(convertToJsonSchema(z3.object({ a: z3.unknown() }), "test")).toEqual({ type: "object", properties: { a: {} } });
    expect(convertToJsonSchema(z.object({ a: z.unknown() }), "test")).toEqual({ type: "object", properties: { a: {} }, required: ["a"] });
    expect(z3.object({ a: z3.unknown() }).safeParse({}).success).toBe(true);
    expect(z.object({ a: z.unknown() }).safeParse({}).success).toBe(false);
  });

  it("intersections: Zod 4 folds objects into one, zod-to-json-schema keeps allOf", () => {
    const v3 = convertToJsonSchema(z3.intersection(z3.object({ a: z3.string() }), z3.object({ b: z3.number() })), "test");
    const v4 = convertToJsonSchema(z.intersection(z.object({ a: z.string() }), z.object({ b: z.number() })), "test");
    expect(v3).toEqual({
      allOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { type: "object", properties: { b: { type: "number" } }, required: ["b"] },
      ],
    });
    expect(v4).toEqual({ type: "object", properties: { a: { type: "string" }, b: { type: "number" } }, required: ["a", "b"] });
  });

  it(".catch(): Zod 4 keeps the field required with the catch value as default, Zod 3 makes it optional", () => {
    const v3 = convertToJsonSchema(z3.object({ a: z3.string().catch("x") }), "test");
    expect(v3).toEqual({ type: "object", properties: { a: { type: "string" } } });
    expect(convertToJsonSchema(z.object({ a: z.string().catch("x") }), "test")).toEqual({
      type: "object",
      properties: { a: { type: "string", default: "x" } },
      required: ["a"],
    });
  });

  it("times: Zod 4 writes only its regex (it accepts times without an offset, which format: time forbids)", () => {
    expect(convertToJsonSchema(z3.string().time(), "test")).toEqual({ type: "string", format: "time" });
    expect(convertToJsonSchema(z.iso.time(), "test")).toEqual({ type: "string", pattern: expect.any(String) });
  });
});
