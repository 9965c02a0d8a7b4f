import { describe, expect, it } from "@jest/globals";
import { canonicalizeJsonSchema } from "./canonicalize-json-schema.js";

describe("canonicalizeJsonSchema", () => {
  it("inlines a $ref that carries sibling keywords (the shape of langchainjs #11381)", () => {
    const raw = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { query: { default: "all", description: "what to search for", $ref: "#/$defs/__schema0" } },
      $defs: { __schema0: { type: "string" } },
    };
    expect(JSON.stringify(canonicalizeJsonSchema(raw))).toBe(
      JSON.stringify({ type: "object", properties: { query: { type: "string", description: "what to search for", default: "all" } } }),
    );
  });

  it("resolves zod-to-json-schema's path references into the middle of the document", () => {
    const raw = {
      type: "object",
      properties: { home: { type: "object", properties: { city: { type: "string" } } }, work: { $ref: "#/properties/home" } },
    };
    const city = { type: "object", properties: { city: { type: "string" } } };
    expect(canonicalizeJsonSchema(raw)).toEqual({ type: "object", properties: { home: city, work: city } });
  });

  it("merges a recursion unrolled once into the same $defs entry", () => {
    const node = (next: unknown): unknown => ({ type: "object", properties: { next } });
    const unrolled = { properties: { head: node(node({ $ref: "#/properties/head/properties/next" })) }, type: "object" };
    const minimal = { type: "object", properties: { head: node({ $ref: "#/properties/head" }) } };
    expect(JSON.stringify(canonicalizeJsonSchema(unrolled))).toBe(JSON.stringify(canonicalizeJsonSchema(minimal)));
    expect(canonicalizeJsonSchema(minimal)).toEqual({
      type: "object",
      properties: { head: { $ref: "#/$defs/head" } },
      $defs: { head: { type: "object", properties: { next: { $ref: "#/$defs/head" } } } },
    });
  });

  it("gives two different recursive schemas met under the same property name different $defs names", () => {
    const raw = {
      type: "object",
      properties: {
        a: { type: "object", properties: { node: { type: "object", properties: { x: { $ref: "#/properties/a/properties/node" } } } } },
        b: { type: "object", properties: { node: { type: "object", properties: { y: { $ref: "#/properties/b/properties/node" } } } } },
      },
    };
    const output = canonicalizeJsonSchema(raw);
    expect(Object.keys(output["$defs"] as object)).toEqual(["node", "node2"]);
  });

  it("keeps a property named __proto__ as an own property", () => {
    const raw = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as Record<string, unknown>;
    const output = canonicalizeJsonSchema(raw);
    expect(Object.keys(output["properties"] as object)).toEqual(["__proto__"]);
    expect(JSON.stringify(output)).toBe('{"type":"object","properties":{"__proto__":{"type":"string"}}}');
  });

  it("throws on a reference it cannot resolve", () => {
    expect(() => canonicalizeJsonSchema({ $ref: "#/$defs/missing" })).toThrow('unresolvable $ref "#/$defs/missing"');
    expect(() => canonicalizeJsonSchema({ $ref: "https://example.com/schema" })).toThrow("unsupported $ref");
  });
});
