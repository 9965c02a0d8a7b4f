// More of the four-way fixtures: numbers and strings with checks, object strictness, input side of transforms,
// nullable annotations and reuse.

import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import type { EquivalentSchemas } from "./equivalent-schemas.js";

const str = { type: "string" };
const num = { type: "number" };
const nul = { type: "null" };

const address3 = z3.object({ city: z3.string() });
const address4 = z.object({ city: z.string() });
const addressMini = zm.object({ city: zm.string() });
const addressJson = { type: "object", properties: { city: str }, required: ["city"] };

export const advancedSchemas: EquivalentSchemas[] = [
  {
    name: "integers and number bounds",
    v3: z3.object({ count: z3.number().int().min(0).max(100), ratio: z3.number().gt(0).lt(1), step: z3.number().multipleOf(5), big: z3.number().int() }),
    v4: z.object({ count: z.int().min(0).max(100), ratio: z.number().gt(0).lt(1), step: z.number().multipleOf(5), big: z.number().int() }),
    mini: zm.object({
      count: zm.int().check(zm.minimum(0), zm.maximum(100)),
      ratio: zm.number().check(zm.gt(0), zm.lt(1)),
      step: zm.number().check(zm.multipleOf(5)),
      big: zm.number().check(zm.int()),
    }),
    json: {
      type: "object",
      properties: {
        count: { type: "integer", minimum: 0, maximum: 100 },
        ratio: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
        step: { type: "number", multipleOf: 5 },
        big: { type: "integer" },
      },
      required: ["count", "ratio", "step", "big"],
    },
  },
  {
    name: "string lengths and regex",
    v3: z3.object({ code: z3.string().length(3), name: z3.string().min(1).max(50), slug: z3.string().regex(/^[a-z-]+$/) }),
    v4: z.object({ code: z.string().length(3), name: z.string().min(1).max(50), slug: z.string().regex(/^[a-z-]+$/) }),
    mini: zm.object({
      code: zm.string().check(zm.length(3)),
      name: zm.string().check(zm.minLength(1), zm.maxLength(50)),
      slug: zm.string().check(zm.regex(/^[a-z-]+$/)),
    }),
    json: {
      type: "object",
      properties: {
        code: { type: "string", minLength: 3, maxLength: 3 },
        name: { type: "string", minLength: 1, maxLength: 50 },
        slug: { type: "string", pattern: "^[a-z-]+$" },
      },
      required: ["code", "name", "slug"],
    },
  },
  {
    name: "string formats as format only",
    v3: z3.object({
      email: z3.string().email(),
      id: z3.string().uuid(),
      site: z3.string().url(),
      at: z3.string().datetime(),
      day: z3.string().date(),
      ip: z3.string().ip({ version: "v4" }),
      contact: z3.string().email().regex(/@example\.com$/),
    }),
    v4: z.object({
      email: z.email(),
      id: z.string().uuid(),
      site: z.url(),
      at: z.iso.datetime(),
      day: z.iso.date(),
      ip: z.ipv4(),
      contact: z.string().email().regex(/@example\.com$/),
    }),
    mini: zm.object({
      email: zm.email(),
      id: zm.uuid(),
      site: zm.url(),
      at: zm.iso.datetime(),
      day: zm.iso.date(),
      ip: zm.ipv4(),
      contact: zm.email().check(zm.regex(/@example\.com$/)),
    }),
    json: {
      type: "object",
      properties: {
        email: { type: "string", format: "email" },
        id: { type: "string", format: "uuid" },
        site: { type: "string", format: "uri" },
        at: { type: "string", format: "date-time" },
        day: { type: "string", format: "date" },
        ip: { type: "string", format: "ipv4" },
        contact: { type: "string", format: "email", pattern: "@example\\.com$" },
      },
      required: ["email", "id", "site", "at", "day", "ip", "contact"],
    },
  },
  {
    name: "startsWith, endsWith and includes as escaped patterns",
    v3: z3.object({ host: z3.string().startsWith("www."), file: z3.string().endsWith(".json"), tag: z3.string().includes("w+").min(2) }),
    v4: z.object({ host: z.string().startsWith("www."), file: z.string().endsWith(".json"), tag: z.string().includes("w+").min(2) }),
    mini: zm.object({
      host: zm.string().check(zm.startsWith("www.")),
      file: zm.string().check(zm.endsWith(".json")),
      tag: zm.string().check(zm.includes("w+"), zm.minLength(2)),
    }),
    json: {
      type: "object",
      properties: {
        host: { type: "string", pattern: "^www\\." },
        file: { type: "string", pattern: "\\.json$" },
        tag: { type: "string", pattern: "w\\+", minLength: 2 },
      },
      required: ["host", "file", "tag"],
    },
  },
  {
    name: "strict, loose, catchall and plain objects",
    v3: z3.object({
      strict: z3.object({ a: z3.string() }).strict(),
      loose: z3.object({ a: z3.string() }).passthrough(),
      extra: z3.object({ a: z3.string() }).catchall(z3.number()),
      plain: z3.object({ a: z3.string() }),
    }),
    v4: z.object({
      strict: z.strictObject({ a: z.string() }),
      loose: z.looseObject({ a: z.string() }),
      extra: z.object({ a: z.string() }).catchall(z.number()),
      plain: z.object({ a: z.string() }),
    }),
    mini: zm.object({
      strict: zm.strictObject({ a: zm.string() }),
      loose: zm.looseObject({ a: zm.string() }),
      extra: zm.catchall(zm.object({ a: zm.string() }), zm.number()),
      plain: zm.object({ a: zm.string() }),
    }),
    json: {
      type: "object",
      properties: {
        strict: { type: "object", properties: { a: str }, required: ["a"], additionalProperties: false },
        loose: { type: "object", properties: { a: str }, required: ["a"], additionalProperties: true },
        extra: { type: "object", properties: { a: str }, required: ["a"], additionalProperties: num },
        plain: { type: "object", properties: { a: str }, required: ["a"] },
      },
      required: ["strict", "loose", "extra", "plain"],
    },
  },
  {
    name: "transforms, preprocess and pipes convert their input side",
    v3: z3.object({
      age: z3.string().transform(Number),
      count: z3.preprocess((value) => Number(value), z3.number()),
      total: z3.string().pipe(z3.coerce.number()),
    }),
    v4: z.object({
      age: z.string().transform(Number),
      count: z.preprocess((value) => Number(value), z.number()),
      total: z.string().pipe(z.coerce.number()),
    }),
    mini: zm.object({
      age: zm.pipe(zm.string(), zm.transform(Number)),
      count: zm.pipe(zm.transform((value: unknown) => Number(value)), zm.number()),
      total: zm.pipe(zm.string(), zm.coerce.number()),
    }),
    json: { type: "object", properties: { age: str, count: num, total: str }, required: ["age", "count", "total"] },
  },
  {
    name: "nullable descriptions and defaults sit beside the anyOf, whatever the chain order",
    v3: z3.object({
      a: z3.string().describe("d").nullable(),
      b: z3.string().nullable().describe("d"),
      c: z3.number().nullable().default(null),
      d: z3.object({ x: z3.number() }).describe("point").nullable(),
    }),
    v4: z.object({
      a: z.string().describe("d").nullable(),
      b: z.string().nullable().describe("d"),
      c: z.number().nullable().default(null),
      d: z.object({ x: z.number() }).describe("point").nullable(),
    }),
    mini: zm.object({
      a: zm.nullable(zm.string().check(zm.describe("d"))),
      b: zm.nullable(zm.string()).check(zm.describe("d")),
      c: zm._default(zm.nullable(zm.number()), null),
      d: zm.nullable(zm.object({ x: zm.number() }).check(zm.describe("point"))),
    }),
    json: {
      type: "object",
      properties: {
        a: { description: "d", anyOf: [str, nul] },
        b: { description: "d", anyOf: [str, nul] },
        c: { anyOf: [num, nul], default: null },
        d: { description: "point", anyOf: [{ type: "object", properties: { x: num }, required: ["x"] }, nul] },
      },
      required: ["a", "b", "d"],
    },
  },
  {
    name: "a reused (not recursive) schema is written inline each time",
    v3: z3.object({ home: address3, work: address3.describe("Office"), previous: z3.array(address3) }),
    v4: z.object({ home: address4, work: address4.describe("Office"), previous: z.array(address4) }),
    mini: zm.object({ home: addressMini, work: addressMini.check(zm.describe("Office")), previous: zm.array(addressMini) }),
    json: {
      type: "object",
      properties: {
        home: addressJson,
        work: { type: "object", description: "Office", properties: { city: str }, required: ["city"] },
        previous: { type: "array", items: addressJson },
      },
      required: ["home", "work", "previous"],
    },
  },
];
