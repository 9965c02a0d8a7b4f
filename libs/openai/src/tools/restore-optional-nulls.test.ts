import { describe, expect, it } from "@jest/globals";
import { deepFreeze, validateJson } from "./__fixtures__/strict-values.js";
import { restoreOptionalNulls, type OptionalNullPlan } from "./restore-optional-nulls.js";
import { toStrictJsonSchema, type JsonSchemaObject } from "./to-strict-json-schema.js";

const S = { type: "string" };
const N = { type: "number" };

/** Converts, then restores `output` (frozen) with the plan after a JSON round trip, as a stored plan would be. */
function roundTrip(original: JsonSchemaObject, output: unknown): unknown {
  const { schema, restore } = toStrictJsonSchema(original, 'tool "t"');
  expect(validateJson(schema, output)).toEqual({ valid: true, errors: [] });
  const stored = JSON.parse(JSON.stringify(restore)) as OptionalNullPlan;
  const restored = restoreOptionalNulls(deepFreeze(structuredClone(output)), stored);
  expect(validateJson(original, restored)).toEqual({ valid: true, errors: [] });
  return restored;
}

/** Every object and array reachable from a value. */
function containers(value: unknown, found = new Set<object>()): Set<object> {
  if (typeof value === "object" && value !== null) {
    found.add(value);
    for (const item of Object.values(value)) containers(item, found);
  }
  return found;
}

describe("restoreOptionalNulls", () => {
  const weather = {
    type: "object",
    properties: {
      city: S,
      unit: { type: "string", enum: ["C", "F"] },
      country: { type: ["string", "null"] },
      region: { anyOf: [S, { type: "null" }] },
      label: { type: ["string", "null"] },
    },
    required: ["city", "label"],
  };

  it("removes the nulls of optional, non-nullable fields ({a: null} -> {})", () => {
    expect(roundTrip({ type: "object", properties: { a: S } }, { a: null })).toEqual({});
  });

  it("keeps the nulls of nullable fields, optional or required, and every non-null value", () => {
    const output = { city: "Paris", unit: null, country: null, region: null, label: null };
    expect(roundTrip(weather, output)).toEqual({ city: "Paris", country: null, region: null, label: null });
    const full = { city: "Paris", unit: "C", country: "FR", region: "IDF", label: "x" };
    expect(roundTrip(weather, full)).toEqual(full);
  });

  it("without the restore step, the model's nulls fail the original schema", () => {
    expect(validateJson(weather, { city: "Paris", unit: null, country: null, region: null, label: null }).valid).toBe(false);
  });

  it("restores inside nested objects and arrays", () => {
    const schema = {
      type: "object",
      properties: {
        owner: { type: "object", properties: { name: S, nick: S }, required: ["name"] },
        matrix: { type: "array", items: { type: "array", items: { type: "object", properties: { v: N, w: N }, required: ["v"] } } },
      },
      required: ["matrix"],
    };
    const output = { owner: { name: "a", nick: null }, matrix: [[{ v: 1, w: null }, { v: 2, w: 3 }], []] };
    expect(roundTrip(schema, output)).toEqual({ owner: { name: "a" }, matrix: [[{ v: 1 }, { v: 2, w: 3 }], []] });
    expect(roundTrip(schema, { owner: null, matrix: [] })).toEqual({ matrix: [] });
  });

  it("follows recursive references, through # and through $defs", () => {
    const tree = { type: "object", properties: { value: S, children: { type: "array", items: { $ref: "#" } } }, required: ["value"] };
    const output = { value: "a", children: [{ value: "b", children: [{ value: "c", children: null }] }, { value: "d", children: null }] };
    expect(roundTrip(tree, output)).toEqual({ value: "a", children: [{ value: "b", children: [{ value: "c" }] }, { value: "d" }] });
    const list = {
      type: "object",
      properties: { head: { $ref: "#/definitions/Node" } },
      required: ["head"],
      definitions: { Node: { type: "object", properties: { value: N, next: { $ref: "#/definitions/Node" } }, required: ["value"] } },
    };
    const chain = { head: { value: 1, next: { value: 2, next: { value: 3, next: null } } } };
    expect(roundTrip(list, chain)).toEqual({ head: { value: 1, next: { value: 2, next: { value: 3 } } } });
  });

  it("applies the plan of the union branch the value fits", () => {
    const schema = {
      type: "object",
      properties: {
        pet: {
          anyOf: [
            { type: "object", properties: { kind: { const: "cat" }, name: S }, required: ["kind"] },
            { type: "object", properties: { kind: { const: "dog" }, name: { type: ["string", "null"] } }, required: ["kind"] },
          ],
        },
      },
      required: ["pet"],
    };
    expect(roundTrip(schema, { pet: { kind: "cat", name: null } })).toEqual({ pet: { kind: "cat" } });
    expect(roundTrip(schema, { pet: { kind: "dog", name: null } })).toEqual({ pet: { kind: "dog", name: null } });
  });

  it("looks deeper when the branches look alike at the first level", () => {
    const branch = (type: string, optional: string): JsonSchemaObject => ({
      type: "object",
      properties: { inner: { type: "object", properties: { deep: { type: "object", properties: { p: { type }, [optional]: S }, required: ["p"] } }, required: ["deep"] } },
      required: ["inner"],
    });
    const schema = { type: "object", properties: { u: { anyOf: [branch("string", "q"), branch("number", "r")] } }, required: ["u"] };
    expect(roundTrip(schema, { u: { inner: { deep: { p: 1, r: null } } } })).toEqual({ u: { inner: { deep: { p: 1 } } } });
    expect(roundTrip(schema, { u: { inner: { deep: { p: "x", q: null } } } })).toEqual({ u: { inner: { deep: { p: "x" } } } });
  });

  it("tells union branches apart by array items and through $refs", () => {
    const schema = {
      type: "object",
      properties: {
        u: {
          anyOf: [
            { type: "array", items: { $ref: "#/$defs/A" } },
            { type: "array", items: { type: "object", properties: { b: N, c: S }, required: ["b"] } },
          ],
        },
      },
      required: ["u"],
      $defs: { A: { type: "object", properties: { a: S, c: S }, required: ["a"] } },
    };
    expect(roundTrip(schema, { u: [{ b: 1, c: null }] })).toEqual({ u: [{ b: 1 }] });
    expect(roundTrip(schema, { u: [{ a: "x", c: null }] })).toEqual({ u: [{ a: "x" }] });
  });

  it("is pure: the input stays untouched and the result shares no object or array with it", () => {
    const { restore } = toStrictJsonSchema(weather, 'tool "t"');
    const output = deepFreeze({ city: "Paris", unit: null, country: null, region: null, label: null, extra: { list: [1, { x: null }] } });
    const restored = restoreOptionalNulls(output, restore);
    const shared = [...containers(restored)].filter((container) => containers(output).has(container));
    expect(shared).toEqual([]);
    expect(output.unit).toBeNull();
  });

  it("gives the same result when applied twice", () => {
    const { restore } = toStrictJsonSchema(weather, 'tool "t"');
    const once = restoreOptionalNulls({ city: "Paris", unit: null, country: null, region: null, label: null }, restore);
    expect(restoreOptionalNulls(once, restore)).toEqual(once);
  });

  it("copies keys the plan does not know, values that are not objects, and __proto__ keys as plain data", () => {
    const { restore } = toStrictJsonSchema({ type: "object", properties: { a: S, b: S } }, 'tool "t"');
    const output = JSON.parse('{"a":null,"__proto__":{"polluted":true},"constructor":null,"b":"x"}') as unknown;
    const restored = restoreOptionalNulls(output, restore) as Record<string, unknown>;
    expect(Object.keys(restored)).toEqual(["__proto__", "constructor", "b"]);
    expect(Object.getPrototypeOf(restored)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(restoreOptionalNulls("text", restore)).toBe("text");
    expect(restoreOptionalNulls(null, restore)).toBeNull();
  });

  it("is plain data, and works the same after a JSON round trip", () => {
    const { restore } = toStrictJsonSchema(weather, 'tool "t"');
    const revived = JSON.parse(JSON.stringify(restore)) as OptionalNullPlan;
    expect(revived).toEqual(restore);
    const output = { city: "Paris", unit: null, country: null, region: null, label: null };
    expect(restoreOptionalNulls(output, revived)).toEqual(restoreOptionalNulls(output, restore));
  });

  // Speed (time in proportion to the value) is measured by bench/src/restore-nulls.ts, never bounded here.
  it("restores 200,000 union items, each by its own branch", () => {
    const item = {
      anyOf: [
        { type: "object", properties: { kind: { const: "a" }, x: N, note: S }, required: ["kind", "x"] },
        { type: "object", properties: { kind: { const: "b" }, y: N, note: { type: ["string", "null"] } }, required: ["kind", "y", "note"] },
      ],
    };
    const { restore } = toStrictJsonSchema({ type: "object", properties: { items: { type: "array", items: item } }, required: ["items"] }, 'tool "t"');
    const items = Array.from({ length: 200_000 }, (_, i) => (i % 2 === 0 ? { kind: "a", x: i, note: null } : { kind: "b", y: i, note: null }));
    const restored = restoreOptionalNulls({ items }, restore) as { items: Array<Record<string, unknown>> };
    expect(restored.items[0]).toEqual({ kind: "a", x: 0 });
    expect(restored.items[1]).toEqual({ kind: "b", y: 1, note: null });
  });

  it("restores 100,000 items of a union without a discriminator (told apart by their keys)", () => {
    const item = {
      anyOf: [
        { type: "object", properties: { x: N, note: S }, required: ["x"] },
        { type: "object", properties: { y: N, note: { type: ["string", "null"] } }, required: ["y", "note"] },
      ],
    };
    const { restore } = toStrictJsonSchema({ type: "object", properties: { items: { type: "array", items: item } }, required: ["items"] }, 'tool "t"');
    const items = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? { x: i, note: null } : { y: i, note: null }));
    const restored = restoreOptionalNulls({ items }, restore) as { items: Array<Record<string, unknown>> };
    expect(restored.items.slice(0, 2)).toEqual([{ x: 0 }, { y: 1, note: null }]);
    expect(restored.items.at(-1)).toEqual({ y: 99_999, note: null });
  });
});
