// Four-way fixtures for recursive schemas: Zod 3 `z.lazy`, Zod 4 `z.lazy` or getters. The two converters unroll and
// reference recursion differently; the canonical form has one `$defs` entry per cycle (or `#` for the root).

import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import type { EquivalentSchemas } from "./equivalent-schemas.js";

const str = { type: "string" };
const num = { type: "number" };
const nul = { type: "null" };

interface Tree {
  name: string;
  children: Tree[];
}
const tree3: z3.ZodType<Tree> = z3.lazy(() => z3.object({ name: z3.string(), children: z3.array(tree3) }));
const tree4 = z.object({
  name: z.string(),
  get children() {
    return z.array(tree4);
  },
});
const treeMini = zm.object({
  name: zm.string(),
  get children() {
    return zm.array(treeMini);
  },
});

interface Node {
  value: number;
  next: Node | null;
}
const node3: z3.ZodType<Node> = z3.lazy(() => z3.object({ value: z3.number(), next: node3.nullable() }));
const node4: z.ZodType<Node> = z.lazy(() => z.object({ value: z.number(), next: node4.nullable() }));
const nodeMini = zm.object({
  value: zm.number(),
  get next() {
    return zm.nullable(nodeMini);
  },
});

interface Person {
  name: string;
  pets: Array<{ name: string; owner?: Person }>;
}
const person3: z3.ZodType<Person> = z3.lazy(() =>
  z3.object({ name: z3.string(), pets: z3.array(z3.object({ name: z3.string(), owner: person3.optional() })) }),
);
const person4 = z.object({
  name: z.string(),
  get pets() {
    return z.array(z.object({ name: z.string(), owner: person4.optional() }));
  },
});
const personMini = zm.object({
  name: zm.string(),
  get pets() {
    return zm.array(zm.object({ name: zm.string(), owner: zm.optional(personMini) }));
  },
});

const personJson = {
  type: "object",
  properties: {
    name: str,
    pets: {
      type: "array",
      items: { type: "object", properties: { name: str, owner: { $ref: "#/$defs/person" } }, required: ["name"] },
    },
  },
  required: ["name", "pets"],
};

const treeChildren = { type: "array", items: { $ref: "#/$defs/tree" } };
const treeBody = { type: "object", properties: { name: str, children: treeChildren }, required: ["name", "children"] };

export const recursiveSchemas: EquivalentSchemas[] = [
  {
    name: "recursive root through z.lazy / getters refers to #",
    v3: tree3,
    v4: tree4,
    mini: treeMini,
    json: { type: "object", properties: { name: str, children: { type: "array", items: { $ref: "#" } } }, required: ["name", "children"] },
  },
  {
    name: "recursive schema below the root goes to $defs, named after its property",
    v3: z3.object({ head: node3, tail: node3.optional() }),
    v4: z.object({ head: node4, tail: node4.optional() }),
    mini: zm.object({ head: nodeMini, tail: zm.optional(nodeMini) }),
    json: {
      type: "object",
      properties: { head: { $ref: "#/$defs/head" }, tail: { $ref: "#/$defs/head" } },
      required: ["head"],
      $defs: {
        head: { type: "object", properties: { value: num, next: { anyOf: [{ $ref: "#/$defs/head" }, nul] } }, required: ["value", "next"] },
      },
    },
  },
  {
    name: "mutual recursion puts only the cycle's entry in $defs",
    v3: z3.object({ person: person3 }),
    v4: z.object({ person: person4 }),
    mini: zm.object({ person: personMini }),
    json: { type: "object", properties: { person: { $ref: "#/$defs/person" } }, required: ["person"], $defs: { person: personJson } },
  },
  {
    name: "a described use of a recursive schema is inline, the plain uses refer to $defs",
    v3: z3.object({ tree: tree3, featured: tree3.describe("Featured") }),
    v4: z.object({ tree: tree4, featured: tree4.describe("Featured") }),
    mini: zm.object({ tree: treeMini, featured: treeMini.check(zm.describe("Featured")) }),
    json: {
      type: "object",
      properties: {
        tree: { $ref: "#/$defs/tree" },
        featured: { type: "object", description: "Featured", properties: { name: str, children: treeChildren }, required: ["name", "children"] },
      },
      required: ["tree", "featured"],
      $defs: { tree: treeBody },
    },
  },
  {
    name: ".default().describe() around a recursive schema stays on that field only",
    v3: z3.object({ tree: tree3.optional().default({ name: "root", children: [] }).describe("Start") }),
    v4: z.object({ tree: tree4.optional().default({ name: "root", children: [] }).describe("Start") }),
    mini: zm.object({ tree: zm._default(zm.optional(treeMini), { name: "root", children: [] }).check(zm.describe("Start")) }),
    json: {
      type: "object",
      properties: {
        tree: {
          type: "object",
          description: "Start",
          properties: { name: str, children: { $ref: "#/$defs/children" } },
          required: ["name", "children"],
          default: { name: "root", children: [] },
        },
      },
      $defs: {
        children: {
          type: "array",
          items: { type: "object", properties: { name: str, children: { $ref: "#/$defs/children" } }, required: ["name", "children"] },
        },
      },
    },
  },
];
