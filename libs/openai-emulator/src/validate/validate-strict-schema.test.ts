import { describe, expect, it } from "@jest/globals";
import { EmulatorHttpError } from "../errors.js";
import type { JsonSchema } from "../wire.js";
import {
  STRICT_LIMITS_2024,
  STRICT_LIMITS_2026,
  validateFunctionParameters,
  validateStrictSchema,
  type SchemaTarget,
  type StrictSchemaLimits,
} from "./validate-strict-schema.js";

const RESPONSE_FORMAT: SchemaTarget = { kind: "response_format", name: "answer" };
const FUNCTION = { kind: "function", name: "get_weather", index: 2 } as const;

const S: JsonSchema = { type: "string" };
const TOP_LEVEL =
  "schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'const'/'not' at the top level.";
const REQUIRED_RULE = "'required' is required to be supplied and to be an array including every key in properties.";
const CLOSED_RULE = "'additionalProperties' is required to be supplied and to be false.";
const OPT_OUT = "or use 'strict: false' to opt out of structured outputs.";

/** A strict object: closed, every property required. */
function obj(properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

function caught(run: () => void): EmulatorHttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorHttpError) return error;
    throw error;
  }
  throw new Error("expected a 400, but the schema was accepted");
}

/** Asserts the exact envelope for both targets. */
function expectRejected(schema: unknown, detail: string, limits?: StrictSchemaLimits): void {
  const asFormat = caught(() => validateStrictSchema(schema, RESPONSE_FORMAT, limits));
  expect(asFormat.status).toBe(400);
  expect(asFormat.toBody()).toEqual({
    error: {
      message: `Invalid schema for response_format 'answer': ${detail}`,
      type: "invalid_request_error",
      param: "response_format",
      code: null, // as recorded (outlines#844, agentscope-java#2548)
    },
  });
  const asFunction = caught(() => validateStrictSchema(schema, FUNCTION, limits));
  expect(asFunction.status).toBe(400);
  expect(asFunction.toBody()).toEqual({
    error: {
      message: `Invalid schema for function 'get_weather': ${detail}`,
      type: "invalid_request_error",
      param: "tools[2].function.parameters",
      code: "invalid_function_parameters",
    },
  });
}

function expectAccepted(schema: unknown, limits?: StrictSchemaLimits): void {
  expect(() => validateStrictSchema(schema, RESPONSE_FORMAT, limits)).not.toThrow();
  expect(() => validateStrictSchema(schema, FUNCTION, limits)).not.toThrow();
}

describe("validateStrictSchema: the root", () => {
  it.each<[string, unknown, string]>([
    ["no type", { properties: { a: S }, required: ["a"], additionalProperties: false }, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`],
    ["an array type", { type: "array", items: S }, `schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`],
    ["a type list", { ...obj({ a: S }), type: ["object", "null"] }, `schema must be a JSON Schema of 'type: "object"', got 'type: "['object', 'null']"'.`],
    ["a typeless anyOf", { anyOf: [obj({ a: S }), obj({ b: S })] }, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`],
    ["a bare $ref", { $ref: "#/$defs/A", $defs: { A: obj({ a: S }) } }, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`],
    ["anyOf beside type object", { ...obj({ a: S }), anyOf: [obj({ a: S })] }, TOP_LEVEL],
    ["oneOf beside type object", { ...obj({ a: S }), oneOf: [obj({ a: S })] }, TOP_LEVEL],
    ["enum beside type object", { ...obj({ a: S }), enum: [{ a: "x" }] }, TOP_LEVEL],
    ["const beside type object", { ...obj({ a: S }), const: { a: "x" } }, TOP_LEVEL],
    ["not beside type object", { ...obj({ a: S }), not: obj({ b: S }) }, TOP_LEVEL],
    ["allOf with typeless branches", { ...obj({ a: S }), allOf: [{ required: ["a"] }] }, "In context=(), 'allOf' is not permitted."],
    ["if/then", { ...obj({ a: S }), if: { required: ["a"] }, then: { required: ["a"] } }, "In context=(), 'if' is not permitted."],
    ["a JSON array", [S], "[{'type': 'string'}] is not of type 'object', 'boolean'."],
    ["a string", "object", "'object' is not of type 'object', 'boolean'."],
    ["null", null, "None is not of type 'object', 'boolean'."],
    ["no additionalProperties", { type: "object", properties: { a: S }, required: ["a"] }, `In context=(), ${CLOSED_RULE}`],
    ["additionalProperties true", obj({ a: S }, { additionalProperties: true }), `In context=(), ${CLOSED_RULE}`],
  ])("refuses a root with %s", (_name, schema, detail) => {
    expectRejected(schema, detail);
  });
});

describe("validateStrictSchema: objects", () => {
  const decisions = (items: JsonSchema): JsonSchema => obj({ decisions: { type: "array", items } });
  it.each<[string, unknown, string]>([
    ["an open nested object", decisions({ type: "object", properties: { id: S }, required: ["id"] }), `In context=('properties', 'decisions', 'items'), ${CLOSED_RULE}`],
    ["a missing required key", decisions({ type: "object", properties: { id: S, text: S }, required: ["text"], additionalProperties: false }), `In context=('properties', 'decisions', 'items'), ${REQUIRED_RULE} Missing 'id'.`],
    ["no required at all (first key named)", { type: "object", properties: { a: S, b: S }, additionalProperties: false }, `In context=(), ${REQUIRED_RULE} Missing 'a'.`],
    ["an empty required list", { type: "object", properties: { a: S }, required: [], additionalProperties: false }, `In context=(), ${REQUIRED_RULE} Missing 'a'.`],
    ["an extra required key", obj({ a: S }, { required: ["a", "params"] }), `In context=(), ${REQUIRED_RULE} Extra required key 'params' supplied.`],
    ["an extra key without properties", { type: "object", required: ["params"], additionalProperties: false }, `In context=(), ${REQUIRED_RULE} Extra required key 'params' supplied.`],
    ["a missing key before an extra one", obj({ a: S, b: S }, { required: ["a", "zzz"] }), `In context=(), ${REQUIRED_RULE} Missing 'b'.`],
    ["a partial required on an open object", { type: "object", properties: { a: S, b: S }, required: ["a"] }, `In context=(), ${CLOSED_RULE}`],
    ["a typeless object with properties", obj({ x: { anyOf: [{ properties: { a: S }, required: ["a"] }, { type: "null" }] } }), `In context=('properties', 'x', 'anyOf', '0'), ${CLOSED_RULE}`],
    ["an open object in $defs", { ...obj({ c: { $ref: "#/$defs/Child" } }), $defs: { Child: { type: "object", properties: { x: S }, required: ["x"] } } }, `In context=('$defs', 'Child'), ${CLOSED_RULE}`],
    ["an incomplete object in definitions", { ...obj({ c: { $ref: "#/definitions/Child" } }), definitions: { Child: obj({ x: S }, { required: [] }) } }, `In context=('definitions', 'Child'), ${REQUIRED_RULE} Missing 'x'.`],
    ["a typeless map value (1-tuple context)", obj({ a: S }, { additionalProperties: {} }), "In context=('additionalProperties',), schema must have a 'type' key."],
    ["a map value missing a key", { type: "object", additionalProperties: { anyOf: [obj({ shapes: S }, { required: [] })] } }, `In context=('additionalProperties', 'anyOf', '0'), ${REQUIRED_RULE} Missing 'shapes'.`],
  ])("refuses %s", (_name, schema, detail) => {
    expectRejected(schema, detail);
  });
});

describe("validateStrictSchema: types and unions", () => {
  it.each<[string, unknown, string]>([
    ["a property without a type", obj({ note: { description: "free text" } }), "In context=('properties', 'note'), schema must have a 'type' key."],
    ["a boolean subschema", obj({ a: true as unknown as JsonSchema }), "In context=('properties', 'a'), schema must have a 'type' key."],
    ["a typeless anyOf branch", obj({ x: { anyOf: [{ description: "x" }, { type: "null" }] } }), "In context=('properties', 'x', 'anyOf', '0'), schema must have a 'type' key."],
    ["an open object in the second branch", obj({ x: { anyOf: [{ type: "null" }, { type: "object", properties: { a: S }, required: ["a"] }] } }), `In context=('properties', 'x', 'anyOf', '1'), ${CLOSED_RULE}`],
    ["a typeless not inside a union", obj({ x: { anyOf: [{ not: {} }, S] } }), "In context=('properties', 'x', 'anyOf', '0', 'not'), schema must have a 'type' key."],
    ["a typed not", obj({ x: { type: "string", not: { type: "string", enum: ["a"] } } }), "In context=('properties', 'x'), 'not' is not permitted."],
    ["a nested oneOf", obj({ pet: { oneOf: [obj({ a: S }), obj({ b: S })] } }), "In context=('properties', 'pet'), 'oneOf' is not permitted."],
    ["a nested allOf with typeless branches", obj({ tags: { type: "array", items: S, allOf: [{ minItems: 1 }] } }), "In context=('properties', 'tags'), 'allOf' is not permitted."],
    ["an array without items", obj({ identifiers: { type: "array" } }), "In context=('properties', 'identifiers'), array schema missing items."],
    ["an inner array without items", obj({ domain: { type: "array", items: { type: "array" } } }), "In context=('properties', 'domain', 'items'), array schema missing items."],
    ["an unsupported format", obj({ url: { type: "string", format: "uri" } }), "In context=('properties', 'url'), 'uri' is not a valid format."],
    ["a quote in a property name", obj({ "it's": {} }), `In context=('properties', "it's"), schema must have a 'type' key.`],
    ["a tab in a property name", obj({ "tab\tkey": {} }), "In context=('properties', 'tab\\tkey'), schema must have a 'type' key."],
  ])("refuses %s", (_name, schema, detail) => {
    expectRejected(schema, detail);
  });

  // Every keyword OpenAI refuses, on a property whose other keywords are fine.
  it.each<[string, JsonSchema]>([
    ["if", { type: "string", if: { pattern: "^a" } }],
    ["then", { type: "string", then: { pattern: "^a" } }],
    ["else", { type: "string", else: { pattern: "^a" } }],
    ["dependentRequired", obj({ a: S, b: S }, { dependentRequired: { a: ["b"] } })],
    ["dependentSchemas", obj({ a: S }, { dependentSchemas: { a: obj({}) } })],
    ["uniqueItems", { type: "array", items: S, uniqueItems: true }],
    ["minLength", { type: "string", minLength: 1 }],
    ["maxLength", { type: "string", maxLength: 5 }],
    ["minProperties", obj({ a: S }, { minProperties: 1 })],
    ["maxProperties", obj({ a: S }, { maxProperties: 1 })],
    ["propertyNames", obj({ a: S }, { propertyNames: { pattern: "^a" } })],
    ["contains", { type: "array", items: S, contains: S }],
    ["prefixItems", { type: "array", items: S, prefixItems: [S] }],
    ["unevaluatedProperties", obj({ a: S }, { unevaluatedProperties: false })],
  ])("refuses '%s'", (keyword, property) => {
    expectRejected(obj({ p: property }), `In context=('properties', 'p'), '${keyword}' is not permitted.`);
  });
});

describe("validateStrictSchema: $ref", () => {
  const withColor = (pet: JsonSchema): JsonSchema => ({
    ...obj({ pet_color: pet }),
    $defs: { Color: { type: "string", enum: ["red", "blue"] } },
  });
  const BAD_REF = "could not be resolved; it must be '#' or point into '$defs' or 'definitions'.";
  it.each<[string, unknown, string]>([
    ["a description beside $ref", withColor({ $ref: "#/$defs/Color", description: "d" }), "context=('properties', 'pet_color'), $ref cannot have keywords {'description'}."],
    ["a type beside $ref", withColor({ $ref: "#/$defs/Color", type: "string" }), "context=('properties', 'pet_color'), $ref cannot have keywords {'type'}."],
    ["two keywords beside $ref", withColor({ description: "d", $ref: "#/$defs/Color", default: "red" }), "context=('properties', 'pet_color'), $ref cannot have keywords {'description', 'default'}."],
    ["a dangling $ref", withColor({ $ref: "#/$defs/Missing" }), `context=('properties', 'pet_color'), $ref '#/$defs/Missing' ${BAD_REF}`],
    ["a remote $ref", withColor({ $ref: "https://example.com/color.json" }), `context=('properties', 'pet_color'), $ref 'https://example.com/color.json' ${BAD_REF}`],
    ["a $ref outside the definitions", { ...obj({ a: S, b: { $ref: "#/properties/a" } }) }, `context=('properties', 'b'), $ref '#/properties/a' ${BAD_REF}`],
  ])("refuses %s", (_name, schema, detail) => {
    expectRejected(schema, detail);
  });
});

describe("validateStrictSchema: JSON Schema shape", () => {
  it.each<[string, unknown, string]>([
    ["properties as a list", { type: "object", properties: [], additionalProperties: false }, "[] is not of type 'object'."],
    ["an unknown type name", obj({ a: { type: "text" } }), "'text' is not valid under any of the given schemas."],
    ["tuple-style items", obj({ a: { type: "array", items: [S] as unknown as JsonSchema } }), "[{'type': 'string'}] is not of type 'object', 'boolean'."],
    ["required as a boolean", obj({ a: S }, { required: true as unknown as string[] }), "True is not of type 'array'."],
    ["anyOf as an object", obj({ a: { anyOf: S as unknown as JsonSchema[] } }), "{'type': 'string'} is not of type 'array'."],
    ["a string bound", obj({ a: { type: "number", minimum: "5" as unknown as number } }), "'5' is not of type 'number'."],
    // The shape check runs over the whole tree before the strict rules, so it wins over an open root.
    ["a deep bad type under an open root", { type: "object", properties: { a: obj({ b: { type: "foo" } }) } }, "'foo' is not valid under any of the given schemas."],
  ])("refuses %s", (_name, schema, detail) => {
    expectRejected(schema, detail);
  });
});

describe("validateStrictSchema: which violation is reported first", () => {
  it("checks an object's own rules before its properties", () => {
    const schema = { type: "object", properties: { a: { description: "no type" } }, additionalProperties: false };
    expectRejected(schema, `In context=(), ${REQUIRED_RULE} Missing 'a'.`);
  });

  it("reports an open root before an open definition", () => {
    const schema = {
      $defs: { Child: { type: "object", properties: { x: S }, required: ["x"] } },
      type: "object",
      properties: { c: { $ref: "#/$defs/Child" } },
      required: ["c"],
    };
    expectRejected(schema, `In context=(), ${CLOSED_RULE}`);
  });

  it("walks properties in key order", () => {
    expectRejected(obj({ good: S, bad1: {}, bad2: { type: "array" } }), "In context=('properties', 'bad1'), schema must have a 'type' key.");
  });

  it("walks properties before definitions", () => {
    const schema = { $defs: { D: {} }, ...obj({ p: {}, d: { $ref: "#/$defs/D" } }) };
    expectRejected(schema, "In context=('properties', 'p'), schema must have a 'type' key.");
  });

  it("reports a refused keyword on a node before the node's missing type", () => {
    expectRejected(obj({ p: { if: { required: ["a"] } } }), "In context=('properties', 'p'), 'if' is not permitted.");
  });

  it("reports the structure before the size limits", () => {
    const deep = chain(STRICT_LIMITS_2024.maxNesting + 1);
    const broken = { ...deep, required: [] };
    expectRejected(broken, `In context=(), ${REQUIRED_RULE} Missing 'child'.`, STRICT_LIMITS_2024);
  });
});

describe("validateStrictSchema: accepted schemas", () => {
  const person = obj({ name: S, age: { type: "integer" } });
  it.each<[string, JsonSchema]>([
    ["a flat object", obj({ a: S, b: { type: "number" }, c: { type: "boolean" } })],
    ["an empty object", { type: "object", additionalProperties: false }],
    ["an empty object with empty properties", obj({})],
    ["nested objects", obj({ owner: obj({ address: obj({ city: S }) }) })],
    ["arrays of objects", obj({ people: { type: "array", items: person }, matrix: { type: "array", items: { type: "array", items: { type: "number" } } } })],
    ["anyOf with null", obj({ nickname: { anyOf: [S, { type: "null" }] }, pet: { anyOf: [person, { type: "null" }] } })],
    ["a type list with null", obj({ middle: { type: ["string", "null"] }, maybe: { type: ["object", "null"], properties: { a: S }, required: ["a"], additionalProperties: false } })],
    ["enums", obj({ unit: { type: "string", enum: ["C", "F"] }, bare: { enum: ["a", 1, null] }, nullable: { type: ["string", "null"], enum: ["x", null] } })],
    ["const", obj({ kind: { const: "circle" }, version: { type: "integer", const: 2 } })],
    ["$defs and $ref", { ...obj({ owner: { $ref: "#/$defs/Person" }, list: { type: "array", items: { $ref: "#/$defs/Person" } } }), $defs: { Person: person } }],
    ["definitions and $ref", { ...obj({ owner: { $ref: "#/definitions/Person" } }), definitions: { Person: person } }],
    ["a recursive $ref to the root", obj({ value: S, children: { type: "array", items: { $ref: "#" } } })],
    ["a recursive definition", { ...obj({ head: { $ref: "#/$defs/Node" } }), $defs: { Node: obj({ value: S, next: { anyOf: [{ $ref: "#/$defs/Node" }, { type: "null" }] } }) } }],
    ["string formats and patterns", obj({ ...Object.fromEntries(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"].map((format) => [format, { type: "string", format }])), handle: { type: "string", pattern: "^@[a-z]+$" } })],
    ["numeric and array bounds", obj({ n: { type: "number", minimum: 0, maximum: 10, multipleOf: 0.5 }, m: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 5 }, tags: { type: "array", items: S, minItems: 1, maxItems: 3 } })],
    ["annotations", { ...obj({ a: { type: "string", title: "A", description: "an a", default: "x", examples: ["y"] } }), title: "Root", description: "root", $schema: "https://json-schema.org/draft/2020-12/schema", $id: "urn:root", $comment: "c" }],
    ["a map (additionalProperties as a schema)", obj({ scores: { type: "object", additionalProperties: { type: "number" } } })],
    ["patternProperties", obj({ a: S }, { patternProperties: { "^x-": S } })],
    ["a union of closed objects", obj({ shape: { anyOf: [obj({ radius: { type: "number" } }), obj({ side: { type: "number" } })] } })],
  ])("accepts %s", (_name, schema) => {
    expectAccepted(schema);
  });

  it("accepts an absent schema", () => {
    expectAccepted(undefined);
  });
});

/** `levels` nested objects, each one level deeper: chain(1) is a single object. */
function chain(levels: number): JsonSchema {
  return levels <= 1 ? obj({ leaf: S }) : obj({ child: chain(levels - 1) });
}

/** An object with `count` string properties. */
function wide(count: number): JsonSchema {
  return obj(Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, S])));
}

/** A schema whose counted strings total exactly `chars` (one 1-char property name plus its const). */
function longConst(chars: number): JsonSchema {
  return obj({ k: { type: "string", const: "x".repeat(chars - 1) } });
}

/** An integer enum of `count` values. */
function manyValues(count: number): JsonSchema {
  return obj({ e: { type: "integer", enum: Array.from({ length: count }, (_, i) => i) } });
}

/** A string enum of `count` values totalling `chars` characters (250 values of 20 characters, then the rest). */
function largeEnum(count: number, chars: number): JsonSchema {
  const values = Array.from({ length: count - 1 }, (_, i) => String(i).padStart(20, "v"));
  values.push("z".repeat(chars - 20 * (count - 1)));
  return obj({ e: { type: "string", enum: values } });
}

describe.each<[string, StrictSchemaLimits]>([
  ["2026", STRICT_LIMITS_2026],
  ["2024", STRICT_LIMITS_2024],
])("validateStrictSchema: %s limits", (_era, limits) => {
  it("accepts nesting at the limit and refuses one level more", () => {
    expectAccepted(chain(limits.maxNesting), limits);
    expectRejected(chain(limits.maxNesting + 1), `${limits.maxNesting + 1} levels of nesting exceeds limit of ${limits.maxNesting}.`, limits);
  });

  it("counts an array as a level of nesting", () => {
    const list = (inner: number): JsonSchema => obj({ list: { type: "array", items: chain(inner) } });
    expectAccepted(list(limits.maxNesting - 2), limits);
    expectRejected(list(limits.maxNesting - 1), `${limits.maxNesting + 1} levels of nesting exceeds limit of ${limits.maxNesting}.`, limits);
  });

  it("accepts properties at the limit and refuses one more", () => {
    expectAccepted(wide(limits.maxProperties), limits);
    expectRejected(wide(limits.maxProperties + 1), `${limits.maxProperties + 1} parameters exceeds limit of ${limits.maxProperties}.`, limits);
  });

  it("counts properties of nested objects", () => {
    expectAccepted(obj({ inner: wide(limits.maxProperties - 1) }), limits);
    expectRejected(obj({ inner: wide(limits.maxProperties) }), `${limits.maxProperties + 1} parameters exceeds limit of ${limits.maxProperties}.`, limits);
  });

  const tooLong = (received: number): string =>
    `Expected at most ${limits.maxStringLength} total characters across property names, definition names, enum values and const values, but received ${received}. Consider shortening them, ${OPT_OUT}`;

  it("accepts string length at the limit and refuses one character more", () => {
    expectAccepted(longConst(limits.maxStringLength), limits);
    expectRejected(longConst(limits.maxStringLength + 1), tooLong(limits.maxStringLength + 1), limits);
  });

  it("counts definition names in the string length", () => {
    const named = (nameLength: number): JsonSchema => {
      const name = "d".repeat(nameLength);
      return { ...obj({ k: { $ref: `#/$defs/${name}` } }), $defs: { [name]: S } };
    };
    expectAccepted(named(limits.maxStringLength - 1), limits);
    expectRejected(named(limits.maxStringLength), tooLong(limits.maxStringLength + 1), limits);
  });

  const tooMany = (received: number): string =>
    `Expected at most ${limits.maxEnumValues} enum values in total within a single schema when using structured outputs, but received ${received}. Consider reducing the number of enums, ${OPT_OUT}`;

  it("accepts enum values at the limit and refuses one more", () => {
    expectAccepted(manyValues(limits.maxEnumValues), limits);
    expectRejected(manyValues(limits.maxEnumValues + 1), tooMany(limits.maxEnumValues + 1), limits);
  });

  it("counts enum values across the whole schema", () => {
    const split = (extra: number): JsonSchema =>
      obj({ a: manyValues(limits.maxEnumValues - 10), b: { type: "integer", enum: Array.from({ length: 10 + extra }, (_, i) => i) } });
    expectAccepted(split(0), limits);
    expectRejected(split(1), tooMany(limits.maxEnumValues + 1), limits);
  });

  it("accepts a large string enum at its character limit and refuses one character more", () => {
    const max = limits.maxLargeEnumStringLength;
    expectAccepted(largeEnum(251, max), limits);
    expectRejected(
      largeEnum(251, max + 1),
      `Expected at most ${max} total characters across enum values when there are more than 250 enum values, but received ${max + 1}. Consider reducing the number of enums, ${OPT_OUT}`,
      limits,
    );
  });

  it("holds only enums of more than 250 values to the large-enum limit", () => {
    expectAccepted(largeEnum(250, limits.maxLargeEnumStringLength + 1), limits);
  });
});

describe("strict limits", () => {
  it("has the documented values for each era", () => {
    expect(STRICT_LIMITS_2026).toEqual({ maxProperties: 5000, maxNesting: 10, maxStringLength: 120000, maxEnumValues: 1000, maxLargeEnumStringLength: 15000 });
    expect(STRICT_LIMITS_2024).toEqual({ maxProperties: 100, maxNesting: 5, maxStringLength: 15000, maxEnumValues: 500, maxLargeEnumStringLength: 7500 });
  });

  it("uses the 2026 limits by default", () => {
    expect(() => validateStrictSchema(wide(101), RESPONSE_FORMAT)).not.toThrow();
    expectRejected(wide(101), "101 parameters exceeds limit of 100.", STRICT_LIMITS_2024);
  });

  it("refuses a schema too deep to walk for its nesting, not with a stack overflow", () => {
    let deep: JsonSchema = S;
    for (let i = 0; i < 5000; i += 1) deep = obj({ c: deep });
    expectRejected(deep, "5000 levels of nesting exceeds limit of 10.");
  });

  it("does not count a recursive schema as infinitely deep", () => {
    expectAccepted(obj({ children: { type: "array", items: { $ref: "#" } } }), STRICT_LIMITS_2024);
  });
});

describe("validateFunctionParameters", () => {
  function expectFunctionRejected(schema: unknown, detail: string): void {
    const error = caught(() => validateFunctionParameters(schema, FUNCTION));
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      error: {
        message: `Invalid schema for function 'get_weather': ${detail}`,
        type: "invalid_request_error",
        param: "tools[2].function.parameters",
        code: "invalid_function_parameters",
      },
    });
  }

  it.each<[string, unknown, string]>([
    ["no type", { properties: { a: S } }, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`],
    ["a string type", { type: "string" }, `schema must be a JSON Schema of 'type: "object"', got 'type: "string"'.`],
    ["a typeless union", { anyOf: [{ type: "object" }, { type: "object", properties: {} }] }, `schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`],
    ["a union beside type object", { type: "object", anyOf: [{ required: ["a"] }, { required: ["b"] }] }, TOP_LEVEL],
    ["a JSON array", [], "[] is not of type 'object', 'boolean'."],
  ])("refuses a root with %s", (_name, schema, detail) => {
    expectFunctionRejected(schema, detail);
  });

  it.each<[string, unknown]>([
    ["omitted parameters", undefined],
    ["a bare object", { type: "object" }],
    ["optional and typeless properties", { type: "object", properties: { a: {}, b: { type: "string", minLength: 1 } }, required: ["b"] }],
    ["an open object with a oneOf inside", { type: "object", properties: { a: { oneOf: [S, { type: "number" }] } } }],
  ])("accepts %s", (_name, schema) => {
    expect(() => validateFunctionParameters(schema, FUNCTION)).not.toThrow();
  });
});
