// Zod 4 (classic and mini) -> raw JSON Schema through `toJSONSchema` from zod/v4/core, which accepts both flavours.
// The input side (`io: "input"`) is what the model must produce: a `z.string().transform(Number)` field is a string.
// The `override` hook fixes what Zod 4 spells differently from the canonical form; `canonicalizeJsonSchema` does
// the rest.

import { toJSONSchema, type $ZodType } from "zod/v4/core";
import { toJsonPointer, UNREPRESENTABLE_PROBLEMS, type ConversionProblem, type UnrepresentableKind } from "./conversion-problems.js";
import type { RawConversion } from "./convert-zod-v3-to-json-schema.js";
import { isZodV4Schema } from "./is-zod-schema.js";
import { canonicalLiteralPattern, rewriteStringPatterns, STANDARD_STRING_FORMATS, type LiteralCheckKind } from "./string-patterns.js";

type JsonRecord = Record<string, unknown>;
type Path = ReadonlyArray<string | number>;
type ToJSONSchemaParams = NonNullable<Parameters<typeof toJSONSchema>[1]>;

/** The parts of Zod 4 definitions and string checks this file reads. */
interface V4Def {
  type?: string;
  checks?: ReadonlyArray<{ _zod: { def: V4Def } }>;
  discriminator?: string;
  check?: string;
  format?: string;
  pattern?: RegExp;
  prefix?: string;
  suffix?: string;
  includes?: string;
  local?: boolean;
  precision?: number | null;
}

const UNREPRESENTABLE_TYPES: Readonly<Record<string, UnrepresentableKind>> = {
  date: "date",
  bigint: "bigint",
  symbol: "symbol",
  undefined: "undefined",
  void: "undefined",
  nan: "nan",
  function: "function",
  map: "map",
  set: "set",
  custom: "custom",
  transform: "transform",
  literal: "literal",
};

/**
 * Converts a Zod 4 schema (classic or mini) to raw JSON Schema and lists what cannot be converted.
 *
 * @example
 * const { json, problems } = convertZodV4ToJsonSchema(z.object({ when: z.date() }));
 * // problems: [{ pointer: "/properties/when", problem: "z.date() has no JSON form ..." }]
 */
export function convertZodV4ToJsonSchema(schema: $ZodType): RawConversion {
  const problems: ConversionProblem[] = [];
  try {
    const json = toJSONSchema(schema, paramsFor("throw", problems)) as JsonRecord;
    return { json, problems };
  } catch (error) {
    // "throw" stops at the first problem; convert again, recording every problem, to report them all at once.
    problems.length = 0;
    try {
      toJSONSchema(schema, paramsFor(recordingHandler(problems), problems));
    } catch {
      // The first error is the one to report; this pass only collects pointers.
    }
    if (problems.length === 0) problems.push(...findForeignValues(schema, [], new Set()));
    if (problems.length === 0) problems.push({ pointer: "", problem: `Zod could not convert the schema (${messageOf(error)})` });
    return { json: {}, problems };
  }
}

function paramsFor(unrepresentable: ToJSONSchemaParams["unrepresentable"], problems: ConversionProblem[]): ToJSONSchemaParams {
  return {
    target: "draft-2020-12",
    io: "input",
    cycles: "ref",
    // Reused (non-recursive) schemas stay inline: a `$ref` with sibling keywords (langchainjs #11381) never appears.
    reused: "inline",
    unrepresentable,
    override: (context) => {
      overrideSchema(context.zodSchema as $ZodType, context.jsonSchema as JsonRecord, context.path, problems);
    },
  };
}

function recordingHandler(problems: ConversionProblem[]): ToJSONSchemaParams["unrepresentable"] {
  return (context) => {
    const kind = UNREPRESENTABLE_TYPES[(context.zodSchema._zod.def as V4Def).type ?? ""];
    const problem = kind !== undefined ? UNREPRESENTABLE_PROBLEMS[kind] : `${context.message}; use a schema with a JSON form here`;
    problems.push({ pointer: toJsonPointer(context.path), problem });
    return {};
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function overrideSchema(schema: $ZodType, json: JsonRecord, path: Path, problems: ConversionProblem[]): void {
  const def = schema._zod.def as V4Def;
  switch (def.type) {
    case "string":
      canonicalizeStringFormat(schema, json);
      return;
    case "union":
      // A discriminated union is written as `oneOf`; its options exclude each other, so `anyOf` says the same and
      // is what Zod 3 emits. `z.xor()` (no discriminator) keeps `oneOf`, where the two differ.
      if (def.discriminator !== undefined && Array.isArray(json["oneOf"])) {
        json["anyOf"] = json["oneOf"];
        delete json["oneOf"];
      }
      return;
    case "any":
    case "unknown":
      if ((def.checks?.length ?? 0) > 0) problems.push({ pointer: toJsonPointer(path), problem: UNREPRESENTABLE_PROBLEMS.refineOnly });
      return;
    default:
      return;
  }
}

const PATTERN_ONLY_FORMATS = new Set(["regex", "starts_with", "ends_with", "includes", "lowercase", "uppercase"]);
const FORMAT_NAMES: Readonly<Record<string, string>> = { guid: "uuid", url: "uri", datetime: "date-time" };

function literalCheck(check: V4Def): { kind: LiteralCheckKind; text: string } | undefined {
  if (check.format === "starts_with" && typeof check.prefix === "string") return { kind: "startsWith", text: check.prefix };
  if (check.format === "ends_with" && typeof check.suffix === "string") return { kind: "endsWith", text: check.suffix };
  if (check.format === "includes" && typeof check.includes === "string") return { kind: "includes", text: check.includes };
  return undefined;
}

// Zod 4 writes the last string check's name as `format` (so `.email().regex(r)` loses "email" and `.startsWith("a")`
// gets `format: "starts_with"`), and puts each format's own regex beside it. Canonical: the last standard format
// only, and only the patterns the user asked for.
function canonicalizeStringFormat(schema: $ZodType, json: JsonRecord): void {
  const internals = schema._zod as unknown as { traits: Set<string>; def: V4Def };
  // A format schema such as z.email() is its own first check.
  const ownChecks = (internals.def.checks ?? []).map((check) => check._zod.def);
  const checks = internals.traits.has("$ZodCheck") ? [internals.def, ...ownChecks] : ownChecks;
  const replacements = new Map<string, string | null>();
  let lastFormat: V4Def | undefined;
  for (const check of checks) {
    if (check.check !== "string_format" || typeof check.format !== "string") continue;
    const literal = literalCheck(check);
    if (literal !== undefined && check.pattern !== undefined) {
      replacements.set(check.pattern.source, canonicalLiteralPattern(literal.kind, literal.text));
    }
    if (PATTERN_ONLY_FORMATS.has(check.format)) continue;
    lastFormat = check;
    if (check.pattern !== undefined && standardFormatOf(check) !== undefined) replacements.set(check.pattern.source, null);
  }
  if (typeof json["format"] === "string" && PATTERN_ONLY_FORMATS.has(json["format"])) delete json["format"];
  const format = lastFormat === undefined ? undefined : standardFormatOf(lastFormat);
  if (format !== undefined) json["format"] = format;
  rewriteStringPatterns(json, replacements);
}

function standardFormatOf(check: V4Def): string | undefined {
  const name = FORMAT_NAMES[check.format ?? ""] ?? check.format ?? "";
  // Zod 4 omits `format` for times and local or any-precision datetimes: its regex accepts values the keyword
  // forbids, so the regex must stay and the keyword must not appear.
  if (!STANDARD_STRING_FORMATS.has(name) || name === "time" || check.local === true || check.precision === -1) return undefined;
  return name;
}

interface WalkableDef {
  shape?: Record<string, unknown>;
  element?: unknown;
  options?: ReadonlyArray<unknown>;
  items?: ReadonlyArray<unknown>;
  innerType?: unknown;
  valueType?: unknown;
}

// Zod 4 crashes with a TypeError on a value that is not a Zod 4 schema (a Zod 3 schema, a plain value); find where.
function findForeignValues(value: unknown, path: Path, visited: Set<unknown>): ConversionProblem[] {
  if (typeof value === "object" && value !== null) {
    if (visited.has(value)) return [];
    visited.add(value);
  }
  if (!isZodV4Schema(value)) {
    const isZodV3 = typeof value === "object" && value !== null && "_def" in value;
    const mixed = "this is a Zod 3 schema inside a Zod 4 schema; build the whole schema with one Zod version";
    const problem = isZodV3 ? mixed : UNREPRESENTABLE_PROBLEMS.notSchema;
    return [{ pointer: toJsonPointer(path), problem }];
  }
  const def = value._zod.def as WalkableDef;
  const children: Array<[unknown, Path]> = [
    ...Object.entries(def.shape ?? {}).map(([key, child]): [unknown, Path] => [child, [...path, "properties", key]]),
    ...(def.options ?? []).map((child, index): [unknown, Path] => [child, [...path, "anyOf", index]]),
    ...(def.items ?? []).map((child, index): [unknown, Path] => [child, [...path, "prefixItems", index]]),
  ];
  if (def.element !== undefined) children.push([def.element, [...path, "items"]]);
  if (def.valueType !== undefined) children.push([def.valueType, [...path, "additionalProperties"]]);
  if (def.innerType !== undefined) children.push([def.innerType, path]);
  return children.flatMap(([child, childPath]) => findForeignValues(child, childPath, visited));
}
