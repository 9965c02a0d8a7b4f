import { describe, expect, it } from "@jest/globals";
import { deepFreeze, type EmulatorStrictValidator } from "./__fixtures__/strict-values.js";
import { toStrictJsonSchema, type JsonSchemaObject, type StrictSchemaLimits } from "./to-strict-json-schema.js";

// The emulator's independent validator, by relative path (see EmulatorStrictValidator for why at run time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateStrictSchema } = require("../../../openai-emulator/src/validate/validate-strict-schema.js") as EmulatorStrictValidator;

const S = { type: "string" };
const NULL = { type: "null" };
const SUBJECT = 'tool "get_weather"';

/** Converts, and checks that the emulator accepts what came out. */
function strict(schema: JsonSchemaObject, limits?: StrictSchemaLimits): ReturnType<typeof toStrictJsonSchema> {
  const result = toStrictJsonSchema(deepFreeze(structuredClone(schema)), SUBJECT, limits);
  validateStrictSchema(result.schema, { kind: "function", name: "get_weather", index: 0 }, limits);
  return result;
}

const closed = (properties: JsonSchemaObject, extra: JsonSchemaObject = {}): JsonSchemaObject => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

describe("toStrictJsonSchema: objects and optional properties", () => {
  it("closes objects, requires every property in order, and gives optional ones a null alternative", () => {
    const { schema, restore } = strict({
      type: "object",
      description: "Weather query",
      properties: {
        city: { type: "string", description: "City" },
        unit: { type: "string", enum: ["C", "F"], description: "Unit", default: "C" },
        note: { type: ["string", "null"] },
        tags: { anyOf: [{ type: "array", items: S }, NULL] },
        count: { anyOf: [{ type: "integer" }, S] },
        level: { enum: ["low", null] },
      },
      required: ["city"],
    });
    expect(schema).toEqual({
      type: "object",
      description: "Weather query",
      properties: {
        city: { type: "string", description: "City" },
        unit: { description: "Unit", default: "C", anyOf: [{ type: "string", enum: ["C", "F"] }, NULL] },
        note: { type: ["string", "null"] },
        tags: { anyOf: [{ type: "array", items: S }, NULL] },
        count: { anyOf: [{ type: "integer" }, S, NULL] },
        level: { enum: ["low", null] },
      },
      required: ["city", "unit", "note", "tags", "count", "level"],
      additionalProperties: false,
    });
    expect(restore).toEqual({ version: 1, root: { nullMeansAbsent: ["unit", "count"] }, definitions: {}, shapes: {} });
  });

  it("leaves required nullable properties alone and plans nothing for a schema without optional fields", () => {
    const { schema, restore } = strict({ type: "object", properties: { a: { type: ["string", "null"] } }, required: ["a"] });
    expect(schema).toEqual(closed({ a: { type: ["string", "null"] } }));
    expect(restore).toEqual({ version: 1, root: {}, definitions: {}, shapes: {} });
  });

  it("recurses into nested objects and arrays of objects", () => {
    const { schema, restore } = strict({
      type: "object",
      properties: {
        owner: { type: "object", properties: { name: S, nick: S }, required: ["name"] },
        people: { type: "array", items: { type: "object", properties: { age: { type: "integer" } } } },
      },
      required: ["people"],
    });
    expect(schema).toEqual(
      closed({
        owner: { anyOf: [closed({ name: S, nick: { anyOf: [S, NULL] } }), NULL] },
        people: { type: "array", items: closed({ age: { anyOf: [{ type: "integer" }, NULL] } }) },
      }),
    );
    expect(restore.root).toEqual({
      nullMeansAbsent: ["owner"],
      properties: { owner: { nullMeansAbsent: ["nick"] }, people: { items: { nullMeansAbsent: ["age"] } } },
    });
  });

  it("gives an empty or typeless object its type and closes it", () => {
    expect(strict({ type: "object" }).schema).toEqual(closed({}));
    expect(strict({ properties: { a: S }, required: ["a"] }).schema).toEqual(closed({ a: S }));
    expect(strict({ type: ["object"], properties: { a: { type: ["string"] } }, required: ["a"] }).schema).toEqual(closed({ a: S }));
  });

  it("keeps title, description, default and supported assertions, and drops annotations strict mode does not list", () => {
    const { schema } = strict({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: "urn:x",
      $comment: "c",
      title: "Root",
      type: "object",
      properties: {
        when: { type: "string", format: "date-time", pattern: "^2", title: "When", examples: ["2026"], default: "2026-01-01T00:00:00Z" },
        n: { type: "number", minimum: 0, maximum: 9, exclusiveMinimum: -1, exclusiveMaximum: 10, multipleOf: 0.5, nullable: true },
        list: { type: "array", items: S, minItems: 1, maxItems: 3, uniqueItems: false },
        word: { type: "string", minLength: 0, "x-internal": true },
      },
      required: ["when", "n", "list", "word"],
    });
    expect(schema).toEqual({
      title: "Root",
      ...closed({
        when: { type: "string", format: "date-time", pattern: "^2", title: "When", default: "2026-01-01T00:00:00Z" },
        n: { type: "number", minimum: 0, maximum: 9, exclusiveMinimum: -1, exclusiveMaximum: 10, multipleOf: 0.5 },
        list: { type: "array", items: S, minItems: 1, maxItems: 3 },
        word: S,
      }),
    });
  });

  it("never mutates its input, and its output shares no object with it", () => {
    const input = { type: "object", properties: { unit: { type: "string", enum: ["C", "F"], default: "C" } } };
    const before = structuredClone(input);
    const { schema } = toStrictJsonSchema(input, SUBJECT);
    expect(input).toEqual(before);
    ((schema["properties"] as JsonSchemaObject)["unit"] as { anyOf: Array<{ enum: string[] }> }).anyOf[0]?.enum.push("K");
    expect(input.properties.unit.enum).toEqual(["C", "F"]);
  });
});

describe("toStrictJsonSchema: references and definitions", () => {
  const color = { type: "string", enum: ["red", "blue"] };

  it("wraps a $ref that has sibling keywords in a one-branch anyOf, and adds null to it when optional", () => {
    const { schema, restore } = strict({
      type: "object",
      properties: {
        pet: { default: "red", description: "pet color", $ref: "#/$defs/Color" },
        other: { $ref: "#/$defs/Color", title: "Other" },
        bare: { $ref: "#/$defs/Color" },
      },
      required: ["pet"],
      $defs: { Color: color },
    });
    expect(schema).toEqual({
      ...closed({
        pet: { default: "red", description: "pet color", anyOf: [{ $ref: "#/$defs/Color" }] },
        other: { title: "Other", anyOf: [{ $ref: "#/$defs/Color" }, NULL] },
        bare: { anyOf: [{ $ref: "#/$defs/Color" }, NULL] },
      }),
      $defs: { Color: color },
    });
    expect(restore.root).toEqual({ nullMeansAbsent: ["other", "bare"] });
  });

  it("moves definitions to $defs, rewrites the $refs, and renames on a clash", () => {
    const { schema } = strict({
      type: "object",
      properties: { a: { $ref: "#/definitions/X" }, b: { $ref: "#/$defs/X" }, c: { $ref: "#/definitions/Odd%20Name" } },
      required: ["a", "b", "c"],
      definitions: { X: { type: "number" }, "Odd Name": { type: "boolean" }, Unused: { type: "object" } },
      $defs: { X: S },
    });
    expect(schema).toEqual({
      ...closed({ a: { $ref: "#/$defs/X" }, b: { $ref: "#/$defs/X_2" }, c: { $ref: "#/$defs/Odd_Name" } }),
      $defs: { X: { type: "number" }, X_2: S, Odd_Name: { type: "boolean" } },
    });
  });

  it("follows recursion through # in the plan", () => {
    const { schema, restore } = strict({
      type: "object",
      properties: { value: S, children: { type: "array", items: { $ref: "#" } } },
      required: ["value"],
    });
    expect(schema).toEqual(closed({ value: S, children: { anyOf: [{ type: "array", items: { $ref: "#" } }, NULL] } }));
    expect(restore).toEqual({
      version: 1,
      root: { nullMeansAbsent: ["children"], properties: { children: { items: { ref: "#" } } } },
      definitions: {},
      shapes: {},
    });
  });

  it("follows recursion through $defs in the plan, and leaves out definitions with nothing to restore", () => {
    const { restore } = strict({
      type: "object",
      properties: { head: { $ref: "#/$defs/Node" }, id: { $ref: "#/$defs/Id" } },
      required: ["head", "id"],
      $defs: { Node: { type: "object", properties: { value: S, next: { $ref: "#/$defs/Node" } }, required: ["value"] }, Id: S },
    });
    expect(restore).toEqual({
      version: 1,
      root: { properties: { head: { ref: "#/$defs/Node" } } },
      definitions: { "#/$defs/Node": { nullMeansAbsent: ["next"], properties: { next: { ref: "#/$defs/Node" } } } },
      shapes: {},
    });
  });

  it("copies a place referenced outside the definitions (zod-to-json-schema's #/properties/p) into $defs", () => {
    const p = { type: "object", properties: { n: S }, required: ["n"], additionalProperties: false };
    const { schema } = strict({
      type: "object",
      properties: { p, q: { $ref: "#/properties/p" }, r: { type: "array", items: { $ref: "#/properties/p" } } },
      required: ["p", "r"],
    });
    expect(schema).toEqual({
      ...closed({ p, q: { anyOf: [{ $ref: "#/$defs/properties_p" }, NULL] }, r: { type: "array", items: { $ref: "#/$defs/properties_p" } } }),
      $defs: { properties_p: p },
    });
  });

  it("takes a root that is only a $ref (zod-to-json-schema's name option) as its target", () => {
    const { schema, restore } = strict({
      $ref: "#/definitions/Root",
      definitions: { Root: { type: "object", properties: { a: S, self: { $ref: "#/definitions/Root" } }, required: ["a"] } },
      $schema: "http://json-schema.org/draft-07/schema#",
    });
    const root = closed({ a: S, self: { anyOf: [{ $ref: "#/$defs/Root" }, NULL] } });
    expect(schema).toEqual({ ...root, $defs: { Root: root } });
    expect(restore.definitions).toEqual({ "#/$defs/Root": { nullMeansAbsent: ["self"], properties: { self: { ref: "#/$defs/Root" } } } });
  });

  it("adds no second null to an optional $ref whose target is nullable", () => {
    const { schema, restore } = strict({ type: "object", properties: { n: { $ref: "#/$defs/N" } }, $defs: { N: { type: ["string", "null"] } } });
    expect(schema["properties"]).toEqual({ n: { $ref: "#/$defs/N" } });
    expect(restore.root).toEqual({});
  });
});

describe("toStrictJsonSchema: unions", () => {
  const circle = { type: "object", properties: { kind: { const: "circle" }, r: { type: "number" }, label: S }, required: ["kind", "r"] };
  const square = { type: "object", properties: { kind: { const: "square" }, side: { type: "number" } }, required: ["kind", "side"] };

  it("turns a oneOf whose branches exclude each other into an anyOf, with a plan per branch", () => {
    const { schema, restore } = strict({ type: "object", properties: { shape: { oneOf: [circle, square] } }, required: ["shape"] });
    const strictCircle = closed({ kind: { const: "circle" }, r: { type: "number" }, label: { anyOf: [S, NULL] } });
    const strictSquare = closed({ kind: { const: "square" }, side: { type: "number" } });
    expect(schema).toEqual(closed({ shape: { anyOf: [strictCircle, strictSquare] } }));
    const shape = (branch: JsonSchemaObject): JsonSchemaObject => ({ type: "object", properties: branch["properties"] });
    expect(restore.root).toEqual({
      properties: { shape: { anyOf: [{ shape: shape(strictCircle), plan: { nullMeansAbsent: ["label"] } }, { shape: shape(strictSquare) }] } },
    });
  });

  it("turns a oneOf of different types, and a one-schema allOf, into anyOfs", () => {
    const { schema } = strict({
      type: "object",
      properties: { id: { oneOf: [S, { type: "integer" }], description: "id" }, p: { allOf: [{ $ref: "#/$defs/P" }], description: "p" } },
      required: ["id", "p"],
      $defs: { P: S },
    });
    expect(schema["properties"]).toEqual({
      id: { description: "id", anyOf: [S, { type: "integer" }] },
      p: { description: "p", anyOf: [{ $ref: "#/$defs/P" }] },
    });
  });

  it("drops a type beside a union when every branch has it", () => {
    const { schema } = strict({ type: "object", properties: { o: { type: "object", anyOf: [circle, square] } }, required: ["o"] });
    expect(Object.keys((schema["properties"] as Record<string, JsonSchemaObject>)["o"] ?? {})).toEqual(["anyOf"]);
  });
});
