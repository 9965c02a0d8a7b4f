import { describe, expect, it } from "@jest/globals";
import { StrictSchemaError, TesseraError, type SchemaIssue } from "../errors/errors.js";
import { deepFreeze, type EmulatorStrictValidator } from "./__fixtures__/strict-values.js";
import { STRICT_LIMITS, toStrictJsonSchema, type JsonSchemaObject, type StrictSchemaLimits } from "./to-strict-json-schema.js";

// The emulator's independent validator, by relative path (see EmulatorStrictValidator for why at run time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateStrictSchema } = require("../../../openai-emulator/src/validate/validate-strict-schema.js") as EmulatorStrictValidator;

const S = { type: "string" };
const SUBJECT = 'tool "get_weather"';

/** Converts, and checks that the emulator accepts what came out. */
function strict(schema: JsonSchemaObject, limits?: StrictSchemaLimits): ReturnType<typeof toStrictJsonSchema> {
  const result = toStrictJsonSchema(deepFreeze(structuredClone(schema)), SUBJECT, limits);
  validateStrictSchema(result.schema, { kind: "function", name: "get_weather", index: 0 }, limits);
  return result;
}

/** The [pointer, problem] of every issue of the StrictSchemaError the conversion must throw. */
function issuesOf(schema: unknown, limits?: StrictSchemaLimits): Array<[string, string]> {
  try {
    toStrictJsonSchema(schema as JsonSchemaObject, SUBJECT, limits);
  } catch (error) {
    if (!(error instanceof StrictSchemaError)) throw error;
    expect(error.issues.every((issue: SchemaIssue) => issue.subject === SUBJECT)).toBe(true);
    return error.issues.map((issue: SchemaIssue) => [issue.pointer, issue.problem]);
  }
  throw new Error("expected a StrictSchemaError, but the schema converted");
}

const closed = (properties: JsonSchemaObject): JsonSchemaObject => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const WRAP = 'wrap it: { "type": "object", "properties": { "value": <this schema> }, "required": ["value"] }';
const TYPELESS =
  "this schema has no 'type', so it accepts any JSON value, which strict mode cannot express; give it a 'type' (or an 'enum', 'const' or 'anyOf').";
const RECORD =
  "an open record (additionalProperties other than false) is not allowed in strict mode, where every object is closed; use an array of {key, value} objects instead.";
const refused = (keyword: string, fix: string): string => `'${keyword}' is not supported in strict mode; ${fix}.`;
const DESCRIBE = "remove it and state the rule in 'description' instead";
const LENGTH = `${DESCRIBE}, or use a 'pattern' such as "^.{1,40}$"`;
const DEPENDENT = "model the dependent fields as an 'anyOf' of complete objects";
const IF = "remove if/then/else and model the alternatives with 'anyOf'";
const RECORD_FIX = "use an array of {key, value} objects instead";

describe("toStrictJsonSchema: StrictSchemaError", () => {
  it.each<[string, unknown, Array<[string, string]>]>([
    ["a root array", { type: "array", items: S }, [["", `the root must be an object schema ({ "type": "object" }), not type "array"; ${WRAP}.`]]],
    ["a root string schema", { type: "string" }, [["", `the root must be an object schema ({ "type": "object" }), not type "string"; ${WRAP}.`]]],
    ["a nullable root", { type: ["object", "null"], properties: {} }, [["", `the root must be an object schema ({ "type": "object" }), not type ["object","null"]; ${WRAP}.`]]],
    ["a root that is not a schema", [S], [["", `the root must be an object schema ({ "type": "object" }), not a JSON array; ${WRAP}.`]]],
    ["a typeless root", { description: "x" }, [["", `the root must be an object schema ({ "type": "object" }), not a schema without a type; ${WRAP}.`], ["", TYPELESS]]],
    ["a root anyOf", { anyOf: [closed({ a: S }), closed({ b: S })] }, [["", `a union at the root is not allowed in strict mode; ${WRAP}, or use one tool per branch.`]]],
    ["a root enum", { type: "object", enum: [{}] }, [["", "'enum'/'const' at the root are not allowed in strict mode; describe the object with 'properties'."]]],
    ["a dangling root $ref", { $ref: "#/$defs/Nope" }, [["", `the root must be an object schema ({ "type": "object" }), not a $ref that leads to no object schema; ${WRAP}.`], ["/$ref", "'$ref' \"#/$defs/Nope\" points at nothing in this schema; fix the reference."]]],
  ])("refuses %s", (_name, schema, issues) => {
    expect(issuesOf(schema)).toEqual(issues);
  });

  it.each<[string, JsonSchemaObject, Array<[string, string]>]>([
    ["a record", { type: "object", additionalProperties: { type: "number" }, propertyNames: { pattern: "^a" } }, [["/properties/p/additionalProperties", RECORD]]],
    ["an open object", { type: "object", properties: { a: S }, additionalProperties: true }, [["/properties/p/additionalProperties", RECORD]]],
    ["allOf", { allOf: [S, { type: "string", pattern: "^a" }] }, [["/properties/p/allOf", refused("allOf", "merge its schemas into one")]]],
    ["not", { type: "string", not: { const: "x" } }, [["/properties/p/not", refused("not", "remove it, or list the allowed values with 'enum'")]]],
    ["if/then/else", { type: "string", if: { pattern: "^a" }, then: { pattern: "b$" }, else: { pattern: "c$" } }, [["/properties/p/if", refused("if", IF)], ["/properties/p/then", refused("then", IF)], ["/properties/p/else", refused("else", IF)]]],
    ["dependentRequired and dependentSchemas", { type: "object", properties: { a: S, b: S }, dependentRequired: { a: ["b"] }, dependentSchemas: { a: {} } }, [["/properties/p/dependentRequired", refused("dependentRequired", DEPENDENT)], ["/properties/p/dependentSchemas", refused("dependentSchemas", DEPENDENT)]]],
    ["dependencies", { type: "object", properties: { a: S }, dependencies: { a: ["a"] } }, [["/properties/p/dependencies", refused("dependencies", DEPENDENT)]]],
    ["patternProperties", { type: "object", patternProperties: { "^x": S } }, [["/properties/p/patternProperties", refused("patternProperties", RECORD_FIX)]]],
    ["propertyNames", { type: "object", propertyNames: { pattern: "^x" } }, [["/properties/p/propertyNames", refused("propertyNames", RECORD_FIX)]]],
    ["unevaluatedProperties", { type: "object", properties: { a: S }, unevaluatedProperties: false }, [["/properties/p/unevaluatedProperties", refused("unevaluatedProperties", "remove it: strict objects are closed already")]]],
    ["minProperties and maxProperties", { type: "object", properties: { a: S }, minProperties: 1, maxProperties: 2 }, [["/properties/p/minProperties", refused("minProperties", "remove it: strict objects always carry every property")], ["/properties/p/maxProperties", refused("maxProperties", "remove it: strict objects always carry every property")]]],
    ["uniqueItems and contains", { type: "array", items: S, uniqueItems: true, contains: S, minContains: 2 }, [["/properties/p/uniqueItems", refused("uniqueItems", `${DESCRIBE}, and deduplicate after parsing`)], ["/properties/p/contains", refused("contains", DESCRIBE)], ["/properties/p/minContains", refused("minContains", DESCRIBE)]]],
    ["minLength and maxLength", { type: "string", minLength: 1, maxLength: 5 }, [["/properties/p/minLength", refused("minLength", LENGTH)], ["/properties/p/maxLength", refused("maxLength", LENGTH)]]],
    ["an unsupported format", { type: "string", format: "uri" }, [["/properties/p/format", 'format "uri" is not supported in strict mode (supported: date-time, time, date, duration, email, hostname, ipv4, ipv6, uuid); remove it, or describe the format with a \'pattern\'.']]],
    ["a tuple (prefixItems)", { type: "array", prefixItems: [S], items: false }, [["/properties/p/prefixItems", refused("prefixItems", "a tuple cannot be expressed, so use an object with one named property per position")]]],
    ["a tuple (items array)", { type: "array", items: [S] }, [["/properties/p/items", "tuples (an array of 'items' schemas) are not supported; use an object with named properties."]]],
    ["unevaluatedItems", { type: "array", items: S, unevaluatedItems: false }, [["/properties/p/unevaluatedItems", refused("unevaluatedItems", "remove it")]]],
    ["$dynamicRef", { $dynamicRef: "#node" }, [["/properties/p/$dynamicRef", refused("$dynamicRef", "use a '$ref' into '$defs'")]]],
    ["an array without items", { type: "array" }, [["/properties/p", "an array needs an 'items' schema in strict mode; add one, e.g. { \"type\": \"string\" }."]]],
    ["a typeless schema", { description: "anything" }, [["/properties/p", TYPELESS]]],
    ["a true schema", true as unknown as JsonSchemaObject, [["/properties/p", TYPELESS]]],
    ["a false schema", false as unknown as JsonSchemaObject, [["/properties/p", "this schema is 'false', which accepts no value; remove it."]]],
    ["a dangling $ref", { $ref: "#/$defs/Missing" }, [["/properties/p/$ref", "'$ref' \"#/$defs/Missing\" points at nothing in this schema; fix the reference."]]],
    ["a remote $ref", { $ref: "https://example.com/a.json" }, [["/properties/p/$ref", "'$ref' \"https://example.com/a.json\" is not supported in strict mode: only references inside the schema ('#', '#/$defs/…', '#/definitions/…') are; copy the referenced schema into '$defs'."]]],
    ["a $ref with assertions beside it", { $ref: "#/$defs/D", type: "string", pattern: "^a" }, [["/properties/p", "'$ref' cannot be combined with 'type', 'pattern' in strict mode; move them into the referenced definition."]]],
    ["an overlapping oneOf", { oneOf: [S, { type: "string", enum: ["a"] }] }, [["/properties/p/oneOf", "branches 0 and 1 of 'oneOf' may match the same value, and strict mode only has 'anyOf', which would accept it; make the branches exclusive (e.g. a required property with a different 'const' in each) or use 'anyOf'."]]],
    ["a oneOf of a typeless object and a string", { oneOf: [{ properties: { a: S } }, S] }, [["/properties/p/oneOf", "branches 0 and 1 of 'oneOf' may match the same value, and strict mode only has 'anyOf', which would accept it; make the branches exclusive (e.g. a required property with a different 'const' in each) or use 'anyOf'."]]],
    ["anyOf and oneOf together", { anyOf: [S], oneOf: [S] }, [["/properties/p", "'anyOf' and 'oneOf' on one schema are not supported in strict mode; combine them into one 'anyOf'."]]],
    ["a union beside properties", { type: "object", properties: { a: S }, anyOf: [closed({ a: S })] }, [["/properties/p", "'anyOf' beside 'properties' or 'items' is not supported in strict mode; move the shared keywords into each branch."]]],
    ["an empty anyOf", { anyOf: [] }, [["/properties/p/anyOf", "'anyOf' must be a non-empty array of schemas."]]],
    ["an unknown type", { type: "text" }, [["/properties/p/type", '\'type\' must be one of array, boolean, integer, null, number, object, string, or a list of distinct ones; got "text".']]],
    ["a draft-04 exclusiveMinimum", { type: "number", minimum: 0, exclusiveMinimum: true }, [["/properties/p/exclusiveMinimum", "'exclusiveMinimum' must be a number (draft 2020-12 form); got true."]]],
    ["a required key without a property", { type: "object", properties: { a: S }, required: ["a", "zzz"] }, [["/properties/p/required", "'zzz' is required but not defined in 'properties'; define it there or remove it from 'required'."]]],
    ["a type beside a union that branches lack", { type: "object", anyOf: [closed({ a: S }), S] }, [["/properties/p/type", "a 'type' beside 'anyOf'/'oneOf' is not supported here; move it into each branch."]]],
    ["an invalid pattern", { type: "string", pattern: "(" }, [["/properties/p/pattern", "'pattern' \"(\" is not a valid regular expression."]]],
  ])("refuses %s, with its pointer and fix", (_name, property, issues) => {
    expect(issuesOf({ type: "object", properties: { p: property }, required: ["p"], $defs: { D: S } })).toEqual(issues);
  });

  it("lists every problem at once, in the user's pointers, with the subject in the message", () => {
    const schema = {
      type: "object",
      properties: {
        "a/b": { type: "object", additionalProperties: S },
        list: { type: "array", items: { type: "object", properties: { "x~y": { type: "string", format: "uri" } } } },
        node: { $ref: "#/definitions/Node" },
      },
      definitions: { Node: { type: "object", properties: { tags: { type: "array", items: S, uniqueItems: true } } } },
    };
    let thrown: unknown;
    try {
      toStrictJsonSchema(schema, SUBJECT);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StrictSchemaError);
    expect(TesseraError.isInstance(thrown)).toBe(true);
    const error = thrown as StrictSchemaError;
    expect(error.issues.map((issue) => issue.pointer)).toEqual([
      "/properties/a~1b/additionalProperties",
      "/properties/list/items/properties/x~0y/format",
      "/definitions/Node/properties/tags/uniqueItems",
    ]);
    expect(error.message).toContain(`- ${SUBJECT} at /properties/a~1b/additionalProperties: an open record`);
    expect(error.message.split("\n")).toHaveLength(4);
  });
});

describe("toStrictJsonSchema: limits", () => {
  const chain = (levels: number): JsonSchemaObject =>
    levels <= 1 ? { type: "object", properties: { leaf: S }, required: ["leaf"] } : { type: "object", properties: { child: chain(levels - 1) }, required: ["child"] };
  const wide = (count: number): JsonSchemaObject => ({
    type: "object",
    properties: Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, S])),
    required: Array.from({ length: count }, (_, i) => `p${i}`),
  });
  const LIMITS_2024: StrictSchemaLimits = { maxNesting: 5, maxProperties: 100, maxEnumValues: 500, maxStringLength: 15_000, maxLargeEnumStringLength: 7_500 };

  it("has the 2026 values by default", () => {
    expect(STRICT_LIMITS).toEqual({ maxNesting: 10, maxProperties: 5000, maxEnumValues: 1000, maxStringLength: 120_000, maxLargeEnumStringLength: 15_000 });
  });

  it.each([
    ["2026", STRICT_LIMITS],
    ["2024", LIMITS_2024],
  ])("accepts nesting at the %s limit and refuses one level more, at the first level too deep", (_era, limits) => {
    expect(() => strict(chain(limits.maxNesting), limits)).not.toThrow();
    const pointer = "/properties/child".repeat(limits.maxNesting);
    expect(issuesOf(chain(limits.maxNesting + 1), limits)).toEqual([
      [pointer, `${limits.maxNesting + 1} levels of object/array nesting exceed the limit of ${limits.maxNesting}; flatten the schema.`],
    ]);
  });

  it("counts arrays as levels and does not count recursion as infinite", () => {
    const list = { type: "object", properties: { list: { type: "array", items: chain(8) } }, required: ["list"] };
    expect(() => strict(list)).not.toThrow();
    expect(issuesOf({ ...list, properties: { list: { type: "array", items: chain(9) } } })[0]?.[1]).toMatch(/^11 levels/);
    expect(() => strict({ type: "object", properties: { kids: { type: "array", items: { $ref: "#" } } } }, LIMITS_2024)).not.toThrow();
  });

  it("refuses too many properties, in total", () => {
    expect(() => strict(wide(5000))).not.toThrow();
    expect(issuesOf(wide(5001))).toEqual([["", "5001 properties in total exceed the limit of 5000; split the schema."]]);
  });

  it("refuses too many enum values, in total", () => {
    const enums = (count: number): JsonSchemaObject => ({
      type: "object",
      properties: { a: { type: "integer", enum: Array.from({ length: count - 10 }, (_, i) => i) }, b: { type: "integer", enum: Array.from({ length: 10 }, (_, i) => i) } },
      required: ["a", "b"],
    });
    expect(() => strict(enums(1000))).not.toThrow();
    expect(issuesOf(enums(1001))).toEqual([["", "1001 enum values in total exceed the limit of 1000; shorten the enums."]]);
  });

  it("refuses too many characters of names, enum and const values", () => {
    const long = (chars: number): JsonSchemaObject => ({ type: "object", properties: { k: { type: "string", const: "x".repeat(chars - 1) } }, required: ["k"] });
    expect(() => strict(long(120_000))).not.toThrow();
    expect(issuesOf(long(120_001))).toEqual([
      ["", "120001 characters of property names, definition names, enum values and const values exceed the limit of 120000; shorten them."],
    ]);
  });

  it("refuses a string enum of more than 250 values over its own character limit, at the enum", () => {
    const largeEnum = (chars: number): JsonSchemaObject => {
      const values = Array.from({ length: 250 }, (_, i) => String(i).padStart(20, "v"));
      values.push("z".repeat(chars - 20 * 250));
      return { type: "object", properties: { e: { type: "string", enum: values } }, required: ["e"] };
    };
    expect(() => strict(largeEnum(15_000))).not.toThrow();
    expect(issuesOf(largeEnum(15_001))).toEqual([
      ["/properties/e/enum", "this enum has 251 values totalling 15001 characters, over the limit of 15000 for an enum of more than 250 values; shorten or split it."],
    ]);
  });
});
