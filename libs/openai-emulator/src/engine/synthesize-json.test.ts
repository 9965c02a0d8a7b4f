import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { expectValidJson } from "../__tests__/json-schema.js";
import type { JsonSchema } from "../wire.js";
import { createRandom } from "./random.js";
import { synthesizeJson } from "./synthesize-json.js";

// Schemas as clients send them: plain JSON, where sub-schemas may also be booleans (which JsonSchema does not type).
type ClientSchema = object | boolean;


const seeds = Array.from({ length: 20 }, (_, index) => `seed-${index}`);

/** The deepest nesting of arrays/objects in a value (a scalar is 0). */
function nesting(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(nesting));
  if (typeof value === "object" && value !== null) return 1 + Math.max(0, ...Object.values(value).map(nesting));
  return 0;
}

const uiSchema: JsonSchema = {
  type: "object",
  properties: {
    type: { type: "string", enum: ["div", "button", "header", "section", "field", "form"] },
    label: { type: "string" },
    children: { type: "array", items: { $ref: "#" } },
    attributes: { type: "array", items: { $ref: "#/$defs/attribute" } },
  },
  required: ["type", "label", "children", "attributes"],
  additionalProperties: false,
  $defs: {
    attribute: {
      type: "object",
      properties: { name: { type: "string" }, value: { type: "string" } },
      required: ["name", "value"],
      additionalProperties: false,
    },
  },
};

const linkedList: JsonSchema = {
  type: "object",
  properties: { linked_list: { $ref: "#/$defs/linked_list_node" } },
  required: ["linked_list"],
  additionalProperties: false,
  $defs: {
    linked_list_node: {
      type: "object",
      properties: { value: { type: "number" }, next: { anyOf: [{ $ref: "#/$defs/linked_list_node" }, { type: "null" }] } },
      required: ["value", "next"],
      additionalProperties: false,
    },
  },
};

const formats = ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid", "uri"];

const corpus: Array<[string, ClientSchema]> = [
  ["plain string", { type: "string" }],
  ["plain number", { type: "number" }],
  ["bounded integer", { type: "integer", minimum: -3, maximum: 3 }],
  ["boolean", { type: "boolean" }],
  ["null", { type: "null" }],
  ["type list with null", { type: ["string", "null"] }],
  ["type list of scalars", { type: ["integer", "boolean", "string"] }],
  ["string enum", { type: "string", enum: ["red", "green", "blue"] }],
  ["number enum", { enum: [1, 2.5, 10, -4] }],
  ["mixed enum with null", { type: ["string", "null"], enum: ["celsius", "fahrenheit", null] }],
  ["const", { const: "fixed" }],
  ["const object", { const: { a: [1, 2], b: null } }],
  ["empty schema", {}],
  ["true schema", true],
  ["object without type", { properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } }, required: ["name"] }],
  [
    "OpenAI strict weather tool",
    {
      type: "object",
      properties: {
        location: { type: "string", description: "City and country e.g. Bogotá, Colombia" },
        units: { type: ["string", "null"], enum: ["celsius", "fahrenheit", null] },
      },
      required: ["location", "units"],
      additionalProperties: false,
    },
  ],
  [
    "OpenAI strict nested with anyOf nullables",
    {
      type: "object",
      properties: {
        name: { type: "string" },
        date: { anyOf: [{ type: "string", format: "date" }, { type: "null" }] },
        participants: { type: "array", items: { type: "string" } },
        location: {
          anyOf: [
            {
              type: "object",
              properties: { city: { type: "string" }, zip: { type: ["string", "null"], pattern: "^\\d{5}$" } },
              required: ["city", "zip"],
              additionalProperties: false,
            },
            { type: "null" },
          ],
        },
      },
      required: ["name", "date", "participants", "location"],
      additionalProperties: false,
    },
  ],
  [
    "arrays of objects in arrays",
    {
      type: "object",
      properties: {
        orders: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            properties: {
              id: { type: "string", format: "uuid" },
              lines: {
                type: "array",
                items: { type: "object", properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 1 } }, required: ["sku", "quantity"] },
              },
            },
            required: ["id", "lines"],
          },
        },
      },
      required: ["orders"],
    },
  ],
  ["matrix of integers", { type: "array", items: { type: "array", items: { type: "integer" }, minItems: 2, maxItems: 2 } }],
  ["recursive UI tree ($ref #)", uiSchema],
  ["linked list ($defs, anyOf null)", linkedList],
  [
    "draft-07 definitions",
    {
      definitions: {
        person: { type: "object", properties: { name: { type: "string" }, friends: { type: "array", items: { $ref: "#/definitions/person" } } }, required: ["name"] },
      },
      $ref: "#/definitions/person",
    },
  ],
  [
    "nested $defs",
    {
      $defs: { outer: { $defs: { inner: { type: "string", minLength: 3 } }, type: "object", properties: { x: { $ref: "#/$defs/outer/$defs/inner" } }, required: ["x"] } },
      type: "object",
      properties: { wrap: { $ref: "#/$defs/outer" } },
      required: ["wrap"],
    },
  ],
  ["$anchor reference", { $defs: { code: { $anchor: "code", type: "string", pattern: "^[A-Z]{2}$" } }, type: "array", items: { $ref: "#code" }, minItems: 1 }],
  [
    "oneOf discriminated union",
    {
      type: "object",
      properties: {
        shape: {
          oneOf: [
            {
              type: "object",
              properties: { kind: { const: "circle" }, radius: { type: "number", exclusiveMinimum: 0 } },
              required: ["kind", "radius"],
              additionalProperties: false,
            },
            {
              type: "object",
              properties: { kind: { const: "square" }, side: { type: "number", exclusiveMinimum: 0 } },
              required: ["kind", "side"],
              additionalProperties: false,
            },
            { type: "object", properties: { kind: { const: "none" } }, required: ["kind"], additionalProperties: false },
          ],
        },
      },
      required: ["shape"],
      additionalProperties: false,
    },
  ],
  [
    "oneOf with overlapping branches",
    {
      oneOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { type: "object", properties: { b: { type: "string" } }, required: ["b"] },
      ],
    },
  ],
  ["oneOf of numbers that overlap", { oneOf: [{ type: "integer", minimum: 0, maximum: 10 }, { type: "number", minimum: 5, maximum: 20 }] }],
  ["anyOf mixed types", { anyOf: [{ type: "string", maxLength: 5 }, { type: "integer", multipleOf: 3 }, { type: "array", items: { type: "boolean" } }] }],
  [
    "allOf merge",
    {
      allOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
        { properties: { b: { type: "integer", maximum: 0 } }, required: ["b"] },
        { properties: { a: { minLength: 4 } } },
      ],
    },
  ],
  [
    "allOf with a closed part",
    {
      allOf: [
        { type: "object", properties: { a: { type: "string" }, b: { type: "number" } }, additionalProperties: false },
        { properties: { c: { type: "string" } }, required: ["a"] },
      ],
    },
  ],
  ["allOf numeric intersection", { allOf: [{ type: "number", minimum: 10 }, { type: "integer", maximum: 12 }, { multipleOf: 2 }] }],
  ["additionalProperties schema (map)", { type: "object", additionalProperties: { type: "integer", minimum: 0 } }],
  ["additionalProperties true", { type: "object", properties: { id: { type: "integer" } }, required: ["id"], additionalProperties: true }],
  [
    "minProperties and maxProperties",
    { type: "object", properties: { a: { type: "string" }, b: { type: "string" }, c: { type: "string" }, d: { type: "string" } }, minProperties: 2, maxProperties: 3 },
  ],
  ["minProperties beyond properties", { type: "object", properties: { a: { type: "boolean" } }, additionalProperties: { type: "string" }, minProperties: 3 }],
  ["patternProperties closed", { type: "object", patternProperties: { "^x_[a-z]+$": { type: "integer" } }, additionalProperties: false, minProperties: 1 }],
  ["prefixItems closed tuple", { type: "array", prefixItems: [{ type: "string", format: "email" }, { type: "integer" }, { type: "boolean" }], items: false, minItems: 2 }],
  ["prefixItems with rest items", { type: "array", prefixItems: [{ const: "head" }], items: { type: "number", minimum: 1, maximum: 2 }, minItems: 3 }],
  ["uniqueItems from an enum", { type: "array", items: { enum: ["a", "b", "c", "d"] }, minItems: 2, maxItems: 4, uniqueItems: true }],
  ["uniqueItems objects", { type: "array", items: { type: "object", properties: { n: { type: "integer", minimum: 0, maximum: 3 } }, required: ["n"] }, minItems: 3, uniqueItems: true }],
  ["minItems and maxItems", { type: "array", items: { type: "string" }, minItems: 5, maxItems: 7 }],
  ["string length bounds", { type: "string", minLength: 12, maxLength: 15 }],
  ["tiny maxLength", { type: "string", maxLength: 2 }],
  ["anchored pattern", { type: "string", pattern: "^[A-Z]{3}-\\d{4}$" }],
  ["unanchored pattern", { type: "string", pattern: "ab+c" }],
  ["pattern with minLength", { type: "string", pattern: "^[a-z]+$", minLength: 10, maxLength: 12 }],
  ["pattern with alternation and groups", { type: "string", pattern: "^(GET|POST) /v[0-9]/(users|orders)(/[0-9]+)?$" }],
  [
    "formats",
    {
      type: "object",
      properties: Object.fromEntries(formats.map((format) => [format, { type: "string", format }])),
      required: formats,
    },
  ],
  ["format with pattern", { type: "string", format: "email", pattern: "@example\\.com$" }],
  ["number bounds with multipleOf", { type: "number", minimum: 1.5, maximum: 3, multipleOf: 0.25 }],
  ["exclusive bounds integer multipleOf", { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 100, multipleOf: 5 }],
  ["narrow exclusive range", { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 0.001 }],
  ["decimal multipleOf", { type: "number", multipleOf: 0.1, minimum: 0.25, maximum: 0.45 }],
  ["large bounds", { type: "integer", minimum: 1_000_000_000_000 }],
  ["only maximum", { type: "number", maximum: -1000 }],
  ["default and examples", { type: "object", properties: { mode: { type: "string", default: "fast", examples: ["slow", 42] } }, required: ["mode"] }],
  ["not", { type: "integer", minimum: 0, maximum: 5, not: { const: 3 } }],
  ["integer enum with type", { type: "integer", enum: [1, 2, 3.5, "x"] }],
];

describe("synthesizeJson: fixed corpus validated by ajv", () => {
  it("has at least 35 schemas", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(35);
  });

  it.each(corpus)("%s", (_name, schema) => {
    for (const seed of seeds) expectValidJson(schema, synthesizeJson(schema as JsonSchema, createRandom(seed)));
  });
});

const words = ["name", "city", "count", "tags", "price", "user_id", "createdAt", "kind", "note"];

const stringSchema = fc.oneof(
  fc
    .record({ minLength: fc.nat(4), extra: fc.option(fc.nat(8)) })
    .map(({ minLength, extra }): JsonSchema => ({ type: "string", minLength, ...(extra === null ? {} : { maxLength: minLength + extra }) })),
  fc.constantFrom(...formats).map((format): JsonSchema => ({ type: "string", format })),
  fc.constantFrom("^[a-z]{2,6}$", "^\\d{3}-\\d{2}$", "x+y", "^(yes|no|maybe)$", "[A-F0-9]{4}").map((pattern): JsonSchema => ({ type: "string", pattern })),
);

const numberSchema = fc
  .record({
    integer: fc.boolean(),
    low: fc.option(fc.integer({ min: -50, max: 50 })),
    width: fc.integer({ min: 10, max: 60 }),
    bounded: fc.boolean(),
    exclusive: fc.boolean(),
    multipleOf: fc.option(fc.constantFrom(0.5, 0.25, 2, 5, 0.1)),
  })
  .map(({ integer, low, width, bounded, exclusive, multipleOf }): JsonSchema => {
    const schema: JsonSchema = { type: integer ? "integer" : "number" };
    if (low !== null) schema[exclusive ? "exclusiveMinimum" : "minimum"] = low;
    if (bounded) schema[exclusive ? "exclusiveMaximum" : "maximum"] = (low ?? 0) + width;
    if (multipleOf !== null) schema.multipleOf = multipleOf;
    return schema;
  });

const leafSchema = fc.oneof(
  stringSchema,
  numberSchema,
  fc.constant<JsonSchema>({ type: "boolean" }),
  fc.constant<JsonSchema>({ type: "null" }),
  fc.uniqueArray(fc.constantFrom("alpha", "beta", "gamma", "delta"), { minLength: 1, maxLength: 3 }).map((values): JsonSchema => ({ type: "string", enum: values })),
  fc.constantFrom<unknown>(1, "on", null, true).map((value): JsonSchema => ({ const: value })),
  fc.uniqueArray(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 4 }).map((values): JsonSchema => ({ type: "integer", enum: values })),
  fc.integer({ min: 0, max: 9 }).map((excluded): JsonSchema => ({ type: "integer", minimum: 0, maximum: 9, not: { const: excluded } })),
  fc.constant<JsonSchema>({}),
);

const { schema: schemaArbitrary } = fc.letrec<{ schema: JsonSchema; object: JsonSchema; array: JsonSchema; union: JsonSchema; composed: JsonSchema }>((tie) => ({
  schema: fc.oneof({ maxDepth: 4, depthIdentifier: "schema" }, leafSchema, tie("object"), tie("array"), tie("union"), tie("composed")),
  object: fc
    .record({
      properties: fc.dictionary(fc.constantFrom(...words), tie("schema"), { maxKeys: 4 }),
      requiredMask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      additional: fc.constantFrom<"absent" | "false" | "true" | "schema">("absent", "false", "true", "schema"),
      typed: fc.boolean(),
      minProperties: fc.option(fc.nat(3)),
      maxSlack: fc.option(fc.nat(2)),
    })
    .map(({ properties, requiredMask, additional, typed, minProperties, maxSlack }): JsonSchema => {
      const keys = Object.keys(properties);
      const required = keys.filter((_, index) => requiredMask[index]);
      const schema: JsonSchema = { ...(typed ? { type: "object" } : {}), properties, required };
      if (additional === "false") schema.additionalProperties = false;
      if (additional === "true") schema.additionalProperties = true;
      if (additional === "schema") schema.additionalProperties = { type: "integer" };
      // bounds that leave room: a closed object cannot grow past its properties
      const least = minProperties === null ? undefined : additional === "false" ? Math.min(minProperties, keys.length) : minProperties;
      if (least !== undefined) schema.minProperties = least;
      if (maxSlack !== null) schema.maxProperties = Math.max(required.length, least ?? 0) + maxSlack;
      return schema;
    }),
  array: fc
    .record({
      items: tie("schema"),
      minItems: fc.nat(2),
      extra: fc.nat(3),
      unique: fc.boolean(),
      tuple: fc.option(fc.array(leafSchema, { minLength: 1, maxLength: 2 })),
    })
    .map(({ items, minItems, extra, unique, tuple }): JsonSchema => ({
      type: "array",
      items,
      minItems,
      maxItems: Math.max(minItems, tuple?.length ?? 0) + extra,
      ...(tuple ? { prefixItems: tuple } : {}),
      ...(unique && minItems <= 1 ? { uniqueItems: true } : {}),
    })),
  union: fc.oneof(
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((branches): JsonSchema => ({ anyOf: branches })),
    tie("schema").map((schema): JsonSchema => ({ anyOf: [schema, { type: "null" }] })),
    fc.constantFrom("string", "integer", "number", "boolean").map((type): JsonSchema => ({ type: [type, "null"] })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((bodies): JsonSchema => ({
      oneOf: bodies.map((body, index) => ({
        type: "object",
        properties: { kind: { const: `k${index}` }, body },
        required: ["kind", "body"],
        additionalProperties: false,
      })),
    })),
  ),
  composed: fc.oneof(
    // allOf parts with disjoint keys, so the intersection stays satisfiable
    fc.tuple(tie("object"), tie("object")).map(([{ minProperties: _least, maxProperties: _most, ...a }, b]): JsonSchema => ({
      allOf: [
        { ...a, additionalProperties: true },
        {
          properties: Object.fromEntries(Object.entries(b.properties ?? {}).map(([key, value]) => [`${key}_b`, value])),
          required: (b.required ?? []).map((key) => `${key}_b`),
        },
      ],
    })),
    tie("schema").map((body): JsonSchema => ({ type: "object", properties: { body, children: { type: "array", items: { $ref: "#" } } }, required: ["body"] })),
  ),
}));

// $defs live at the document root, so recursion through them is only generated there.
const rootSchemaArbitrary = fc.oneof(
  schemaArbitrary,
  schemaArbitrary.map((body): JsonSchema => ({
    $defs: { node: { type: "object", properties: { body, next: { anyOf: [{ $ref: "#/$defs/node" }, { type: "null" }] } }, required: ["body", "next"] } },
    $ref: "#/$defs/node",
  })),
);

describe("synthesizeJson: generated schemas (property-based)", () => {
  it("produces ajv-valid values for random schemas of the supported subset", () => {
    fc.assert(
      fc.property(rootSchemaArbitrary, fc.string({ maxLength: 6 }), (schema, seed) => {
        for (const suffix of ["a", "b", "c"]) expectValidJson(schema, synthesizeJson(schema, createRandom(`${seed}/${suffix}`)));
      }),
      { numRuns: 300, seed: 20_260_101 },
    );
  });
});

describe("synthesizeJson: determinism and shape", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      zeta: { type: "string" },
      alpha: { type: "integer" },
      middle: { type: "array", items: { type: "string", format: "email" } },
      beta: { type: ["boolean", "null"] },
      omega: { type: "object", properties: { y: { type: "number" }, x: { type: "number" } }, required: ["y", "x"] },
    },
    required: ["omega", "alpha", "zeta", "middle", "beta"],
    additionalProperties: false,
  };

  it("gives deep-equal output for the same seed", () => {
    for (const seed of seeds) {
      expect(synthesizeJson(uiSchema, createRandom(seed))).toEqual(synthesizeJson(uiSchema, createRandom(seed)));
      expect(JSON.stringify(synthesizeJson(schema, createRandom(seed)))).toBe(JSON.stringify(synthesizeJson(schema, createRandom(seed))));
    }
  });

  it("usually gives different output for different seeds", () => {
    const outputs = new Set(seeds.map((seed) => JSON.stringify(synthesizeJson(schema, createRandom(seed)))));
    expect(outputs.size).toBeGreaterThanOrEqual(15);
  });

  it("writes keys in the order of properties, not of required", () => {
    for (const seed of seeds) {
      const value = synthesizeJson(schema, createRandom(seed)) as Record<string, Record<string, unknown>>;
      expect(Object.keys(value)).toEqual(["zeta", "alpha", "middle", "beta", "omega"]);
      expect(Object.keys(value.omega ?? {})).toEqual(["y", "x"]);
    }
  });

  it("includes optional properties only some of the time", () => {
    const optional: JsonSchema = { type: "object", properties: { a: { type: "string" }, b: { type: "string" } } };
    const counts = seeds.map((seed) => Object.keys(synthesizeJson(optional, createRandom(seed)) as object).length);
    expect(counts.some((count) => count < 2)).toBe(true);
    expect(counts.some((count) => count > 0)).toBe(true);
  });

  it("writes readable strings derived from the property name", () => {
    const schema: JsonSchema = { type: "object", properties: { city: { type: "string" }, firstName: { type: "string" } }, required: ["city", "firstName"] };
    const value = synthesizeJson(schema, createRandom("words"));
    expect(value).toEqual({ city: expect.stringMatching(/^[a-z]+ city$/), firstName: expect.stringMatching(/^[a-z]+ first name$/) });
  });

  it("keeps unbounded arrays small", () => {
    for (const seed of seeds) {
      const value = synthesizeJson({ type: "array", items: { type: "integer" } }, createRandom(seed)) as unknown[];
      expect(value.length).toBeGreaterThanOrEqual(1);
      expect(value.length).toBeLessThanOrEqual(3);
    }
  });
});

describe("synthesizeJson: termination and errors", () => {
  it("ends recursive schemas within maxDepth plus what the schema demands", () => {
    for (const seed of seeds) {
      expect(nesting(synthesizeJson(uiSchema, createRandom(seed), { maxDepth: 3 }))).toBeLessThanOrEqual(5);
      expect(nesting(synthesizeJson(linkedList, createRandom(seed), { maxDepth: 2 }))).toBeLessThanOrEqual(4);
      expect(nesting(synthesizeJson(linkedList, createRandom(seed), { maxDepth: 0 }))).toBe(2);
    }
  });

  it("reaches deeper with a larger maxDepth", () => {
    const depths = seeds.map((seed) => nesting(synthesizeJson(linkedList, createRandom(seed), { maxDepth: 8 })));
    expect(Math.max(...depths)).toBeGreaterThan(4);
  });

  it("names the pointer of a contradictory schema", () => {
    expect(() => synthesizeJson({ type: "string", minLength: 5, maxLength: 2 }, createRandom("x"))).toThrow("schema at #: minLength 5 exceeds maxLength 2");
    const nested: JsonSchema = { type: "object", properties: { a: { type: "string", minLength: 5, maxLength: 2 } }, required: ["a"] };
    expect(() => synthesizeJson(nested, createRandom("x"))).toThrow("#/properties/a: minLength 5 exceeds maxLength 2");
  });

  it("names the self-reference of a schema that cannot terminate", () => {
    const endless: JsonSchema = { type: "object", properties: { self: { $ref: "#" } }, required: ["self"] };
    expect(() => synthesizeJson(endless, createRandom("x"))).toThrow(/#\/properties\/self: \$ref "#" recurses without end/);
    const viaDefs: JsonSchema = { $defs: { a: { type: "array", minItems: 1, items: { $ref: "#/$defs/a" } } }, $ref: "#/$defs/a" };
    expect(() => synthesizeJson(viaDefs, createRandom("x"))).toThrow(/#\/\$defs\/a\/items: \$ref/);
  });

  it.each<[string, ClientSchema, string | RegExp]>([
    ["disjoint allOf types", { allOf: [{ type: "string" }, { type: "number" }] }, "types do not overlap"],
    ["required key forbidden", { type: "object", properties: { a: { type: "string" } }, required: ["b"], additionalProperties: false }, 'required property "b" is forbidden'],
    ["no multiple in range", { type: "integer", minimum: 1, maximum: 9, multipleOf: 10 }, /#: no integer satisfies minimum 1, maximum 9, multipleOf 10/],
    ["enum outside the type", { type: "string", enum: [1, 2] }, "enum/const"],
    [
      "unsupported keyword",
      { type: "object", properties: { a: { if: { type: "string" }, then: { minLength: 2 } } }, required: ["a"] },
      '#/properties/a: the keyword "if" is not supported',
    ],
    ["remote $ref", { type: "object", properties: { a: { $ref: "https://example.com/schema.json" } }, required: ["a"] }, "#/properties/a: $ref"],
    ["missing $ref target", { $ref: "#/$defs/missing" }, 'does not resolve'],
    ["unknown type", { type: "date" }, 'unknown type "date"'],
    ["false property", { type: "object", properties: { a: false }, required: ["a"] }, "#/properties/a: the schema is false"],
    ["minItems above maxItems", { type: "array", minItems: 3, maxItems: 1 }, "minItems 3 exceeds"],
    ["unsatisfiable pattern length", { type: "string", pattern: "^a$", minLength: 3 }, 'pattern "^a$"'],
  ])("throws for %s", (_name, schema, message) => {
    expect(() => synthesizeJson(schema as JsonSchema, createRandom("x"))).toThrow(message);
  });

  it("rejects a bad maxDepth", () => {
    expect(() => synthesizeJson({}, createRandom("x"), { maxDepth: -1 })).toThrow(RangeError);
  });
});
