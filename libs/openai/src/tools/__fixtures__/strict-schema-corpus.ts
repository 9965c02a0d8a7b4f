// Input schemas the strict converter must accept: hand-written shapes, and what Zod 4 (`z.toJSONSchema`) and Zod 3
// (zod-to-json-schema) really produce. Each may carry model outputs (as strict mode would send them) and the value
// expected after restoring the optional nulls.
import { z } from "zod";
import * as z3 from "zod/v3";
import { zodToJsonSchema } from "zod-to-json-schema";

type Schema = Record<string, unknown>;

export interface CorpusEntry {
  name: string;
  schema: Schema;
  /** Pairs of [what the model sends, what restoring must give]. */
  outputs?: Array<[unknown, unknown]>;
}

const S = { type: "string" };
const N = { type: "number" };
const I = { type: "integer" };
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: "object",
  properties,
  required,
  ...extra,
});

function zod4Entries(): CorpusEntry[] {
  const Color = z.enum(["red", "blue"]).meta({ id: "Color" });
  const Tree = z.object({
    value: z.string(),
    get children() {
      return z.array(Tree).optional();
    },
  });
  const Shape = z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("circle"), radius: z.number(), label: z.string().optional() }),
    z.object({ kind: z.literal("square"), side: z.number(), label: z.string().nullable() }),
  ]);
  // Tool arguments are what the model must produce, i.e. the schema's input side (a field with a default is optional).
  const toSchema = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { io: "input" }) as Schema;
  return [
    {
      name: "zod 4: optional, nullable, nullish, default and describe",
      schema: toSchema(
        z.object({
          city: z.string().describe("City name"),
          unit: z.enum(["C", "F"]).optional(),
          country: z.string().nullable(),
          region: z.string().nullish(),
          days: z.number().int().min(1).max(14).default(3).describe("Forecast length"),
        }),
      ),
      outputs: [
        [
          { city: "Paris", unit: null, country: null, region: null, days: null },
          { city: "Paris", country: null, region: null },
        ],
      ],
    },
    {
      name: "zod 4: a named enum with .default().describe() (a $ref with siblings)",
      schema: toSchema(z.object({ pet: Color.default("red").describe("pet color"), other: Color.optional() })),
      outputs: [[{ pet: "blue", other: null }, { pet: "blue" }]],
    },
    { name: "zod 4: a recursive tree (getter)", schema: toSchema(z.object({ root: Tree, spare: Tree.optional() })) },
    { name: "zod 4: a recursive root", schema: toSchema(Tree) },
    {
      name: "zod 4: a discriminated union (oneOf)",
      schema: toSchema(z.object({ shape: Shape, shapes: z.array(Shape) })),
      outputs: [
        [
          { shape: { kind: "circle", radius: 1, label: null }, shapes: [{ kind: "square", side: 2, label: null }] },
          { shape: { kind: "circle", radius: 1 }, shapes: [{ kind: "square", side: 2, label: null }] },
        ],
      ],
    },
    {
      name: "zod 4: formats, patterns and bounds",
      schema: toSchema(
        z.object({
          email: z.string().email(),
          id: z.string().uuid().optional(),
          at: z.string().datetime(),
          tags: z.array(z.string()).min(1).max(3),
          score: z.number().gt(0).lte(10).multipleOf(0.5).optional(),
        }),
      ),
    },
  ];
}

function zod3Entries(): CorpusEntry[] {
  const shared = z3.object({ n: z3.string(), note: z3.string().optional() });
  type Node3 = { v: string; kids?: Node3[] };
  const Node: z3.ZodType<Node3> = z3.lazy(() => z3.object({ v: z3.string(), kids: z3.array(Node).optional() }));
  const toSchema = (schema: z3.ZodTypeAny, options?: Parameters<typeof zodToJsonSchema>[1]): Schema =>
    zodToJsonSchema(schema, options) as Schema;
  return [
    {
      name: "zod 3: optional, nullable, nullish and a discriminated union (anyOf)",
      schema: toSchema(
        z3.object({
          a: z3.string().optional(),
          b: z3.string().nullable(),
          c: z3.number().nullish(),
          u: z3.discriminatedUnion("k", [z3.object({ k: z3.literal("x") }), z3.object({ k: z3.literal("y"), n: z3.number().optional() })]),
        }),
      ),
      outputs: [[{ a: null, b: null, c: null, u: { k: "y", n: null } }, { b: null, c: null, u: { k: "y" } }]],
    },
    {
      name: "zod 3: a reused schema referenced as #/properties/p",
      schema: toSchema(z3.object({ p: shared, q: shared.optional(), r: z3.array(shared) })),
      outputs: [
        [
          { p: { n: "a", note: null }, q: { n: "b", note: "x" }, r: [{ n: "c", note: null }] },
          { p: { n: "a" }, q: { n: "b", note: "x" }, r: [{ n: "c" }] },
        ],
      ],
    },
    { name: "zod 3: a recursive lazy schema (#/properties/root)", schema: toSchema(z3.object({ root: Node })) },
    { name: "zod 3: a named root ($ref to #/definitions/Root)", schema: toSchema(z3.object({ root: Node, x: z3.string().optional() }), { name: "Root" }) },
  ];
}

const person = obj({ name: S, age: I, email: { type: "string", format: "email" } }, ["name"]);

function handWrittenEntries(): CorpusEntry[] {
  return [
    { name: "a flat object, all required", schema: obj({ a: S, b: N, c: { type: "boolean" } }) },
    { name: "an empty root object", schema: { type: "object" } },
    { name: "an empty object with empty properties", schema: obj({}) },
    { name: "a flat object, all optional", schema: obj({ a: S, b: N }, []), outputs: [[{ a: null, b: 2 }, { b: 2 }]] },
    { name: "nested optional objects", schema: obj({ owner: obj({ address: obj({ city: S, zip: S }, ["city"]) }, []) }, []) },
    { name: "an array of objects with optional fields", schema: obj({ people: { type: "array", items: person } }) },
    { name: "arrays of arrays", schema: obj({ matrix: { type: "array", items: { type: "array", items: N } } }) },
    {
      name: "nullable, optional and nullish mixes with type arrays",
      schema: obj({ req: { type: ["string", "null"] }, opt: S, both: { type: ["string", "null"] }, obj: { type: ["object", "null"], properties: { a: S } } }, ["req"]),
      outputs: [[{ req: null, opt: null, both: null, obj: null }, { req: null, both: null, obj: null }]],
    },
    {
      name: "anyOf with null, optional and required",
      schema: obj({ a: { anyOf: [S, { type: "null" }] }, b: { anyOf: [S, N] } }, []),
      outputs: [[{ a: null, b: null }, { a: null }]],
    },
    {
      name: "enums, with and without null",
      schema: obj({ unit: { type: "string", enum: ["C", "F"] }, level: { enum: ["low", "high", null] }, bare: { enum: ["a", 1, true] } }, []),
      outputs: [[{ unit: null, level: null, bare: null }, { level: null }]],
    },
    { name: "const values", schema: obj({ kind: { const: "circle" }, version: { type: "integer", const: 2 } }, ["kind"]) },
    {
      name: "a union of objects with a discriminator",
      schema: obj({
        pet: {
          anyOf: [obj({ kind: { const: "cat" }, lives: I, name: S }, ["kind", "lives"]), obj({ kind: { const: "dog" }, name: { type: ["string", "null"] } }, ["kind"])],
        },
      }),
      outputs: [
        [{ pet: { kind: "cat", lives: 9, name: null } }, { pet: { kind: "cat", lives: 9 } }],
        [{ pet: { kind: "dog", name: null } }, { pet: { kind: "dog", name: null } }],
      ],
    },
    { name: "oneOf of different types", schema: obj({ id: { oneOf: [S, I] }, maybe: { oneOf: [S, { type: "null" }] } }, ["id"]) },
    {
      name: "oneOf of closed objects without a common key",
      schema: obj({ by: { oneOf: [obj({ id: I }, ["id"], { additionalProperties: false }), obj({ email: S }, ["email"], { additionalProperties: false })] } }),
    },
    {
      name: "$defs and $ref, optional and required",
      schema: { ...obj({ owner: { $ref: "#/$defs/Person" }, backup: { $ref: "#/$defs/Person" }, team: { type: "array", items: { $ref: "#/$defs/Person" } } }, ["owner"]), $defs: { Person: person } },
      outputs: [
        [
          { owner: { name: "a", age: null, email: null }, backup: null, team: [] },
          { owner: { name: "a" }, team: [] },
        ],
      ],
    },
    { name: "definitions and $ref (moved to $defs)", schema: { ...obj({ owner: { $ref: "#/definitions/Person" } }), definitions: { Person: person } } },
    {
      name: "$defs and definitions with the same name",
      schema: { ...obj({ a: { $ref: "#/$defs/X" }, b: { $ref: "#/definitions/X" } }), $defs: { X: S }, definitions: { X: N } },
    },
    {
      name: "a recursive tree through #",
      schema: obj({ value: S, children: { type: "array", items: { $ref: "#" } } }, ["value"]),
      outputs: [
        [
          { value: "a", children: [{ value: "b", children: null }] },
          { value: "a", children: [{ value: "b" }] },
        ],
      ],
    },
    {
      name: "a recursive linked list in $defs",
      schema: { ...obj({ head: { $ref: "#/$defs/Node" } }), $defs: { Node: obj({ value: S, next: { $ref: "#/$defs/Node" } }, ["value"]) } },
      outputs: [[{ head: { value: "a", next: { value: "b", next: null } } }, { head: { value: "a", next: { value: "b" } } }]],
    },
    {
      name: "mutually recursive definitions",
      schema: {
        ...obj({ a: { $ref: "#/$defs/A" } }),
        $defs: { A: obj({ b: { $ref: "#/$defs/B" } }, []), B: obj({ a: { $ref: "#/$defs/A" }, x: S }, ["x"]) },
      },
    },
    {
      name: "a $ref with description and default, optional",
      schema: { ...obj({ color: { $ref: "#/$defs/Color", description: "the color", default: "red" } }, []), $defs: { Color: { type: "string", enum: ["red", "blue"] } } },
      outputs: [[{ color: null }, {}]],
    },
    {
      name: "an optional $ref to a nullable definition",
      schema: { ...obj({ note: { $ref: "#/$defs/Note" } }, []), $defs: { Note: { type: ["string", "null"] } } },
      outputs: [[{ note: null }, { note: null }]],
    },
    {
      name: "titles, descriptions and defaults everywhere",
      schema: { ...obj({ a: { type: "string", title: "A", description: "an a", default: "x" }, n: { ...N, default: 1, description: "n" } }, ["a"]), title: "Root", description: "root" },
    },
    { name: "a single-schema allOf", schema: { ...obj({ a: { allOf: [{ $ref: "#/$defs/P" }], description: "p" } }, []), $defs: { P: obj({ q: S }, []) } } },
    { name: "a typeless object with properties", schema: { properties: { a: S, inner: { properties: { b: S } } }, required: ["a"] } },
    { name: "a one-name type list", schema: { type: ["object"], properties: { a: { type: ["string"] } } } },
    {
      name: "property names that are Object.prototype members",
      schema: obj(JSON.parse('{"constructor":{"type":"string"},"toString":{"type":"number"},"__proto__":{"type":"boolean"}}'), []),
      outputs: [[JSON.parse('{"constructor":null,"toString":1,"__proto__":null}'), { toString: 1 }]],
    },
    { name: "keywords that assert nothing, and annotations strict mode ignores", schema: { ...obj({ tags: { type: "array", items: S, uniqueItems: false }, s: { type: "string", minLength: 0, examples: ["x"] } }), $comment: "c", $schema: "https://json-schema.org/draft/2020-12/schema" } },
    { name: "definition names that need escaping", schema: { ...obj({ a: { $ref: "#/$defs/My%20Type" }, b: { $ref: "#/$defs/a~1b" } }), $defs: { "My Type": S, "a/b": N } } },
    {
      name: "an array of unions with optional fields",
      schema: obj({
        events: {
          type: "array",
          items: { anyOf: [obj({ type: { const: "click" }, x: N, y: N }, ["type", "x"]), obj({ type: { const: "key" }, key: S, repeat: { type: "boolean" } }, ["type", "key"])] },
        },
      }),
      outputs: [
        [
          { events: [{ type: "click", x: 1, y: null }, { type: "key", key: "a", repeat: null }] },
          { events: [{ type: "click", x: 1 }, { type: "key", key: "a" }] },
        ],
      ],
    },
    { name: "numeric and array bounds", schema: obj({ n: { type: "number", minimum: 0, maximum: 10, multipleOf: 0.5 }, m: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 5 }, tags: { type: "array", items: S, minItems: 1, maxItems: 3 } }, ["n"]) },
    { name: "strings with every supported format and a pattern", schema: obj({ ...Object.fromEntries(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"].map((format) => [format, { type: "string", format }])), handle: { type: "string", pattern: "^@[a-z]+$" } }, []) },
  ];
}

/** The corpus; every entry must convert, and its strict schema must pass the emulator's validator. */
export function strictSchemaCorpus(): CorpusEntry[] {
  return [...handWrittenEntries(), ...zod4Entries(), ...zod3Entries()];
}
