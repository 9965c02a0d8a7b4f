// Zod 3 -> raw JSON Schema through zod-to-json-schema, with hooks that bring its output close to what Zod 4's
// `toJSONSchema` emits for the same schema; `canonicalizeJsonSchema` then removes the remaining spelling differences.
// The hooks also turn every type with no JSON form into a problem with its pointer, where zod-to-json-schema would
// emit a misleading schema (z.date() as a date-time string) or silently drop the field (z.symbol(), z.function()).

import { ignoreOverride, parseDef, zodToJsonSchema, type JsonSchema7Type, type Refs } from "zod-to-json-schema";
import type { ZodTypeDef } from "zod/v3";
import { toJsonPointer, UNREPRESENTABLE_PROBLEMS, type ConversionProblem, type UnrepresentableKind } from "./conversion-problems.js";
import { isZodV3Schema, isZodV4Schema } from "./is-zod-schema.js";
import type { ZodV3Schema } from "./schema-input.js";
import { canonicalLiteralPattern, rewriteStringPatterns, type LiteralCheckKind } from "./string-patterns.js";

type JsonRecord = Record<string, unknown>;

/** The parts of Zod 3 definitions the hooks read; every field is optional because each def type has only some. */
interface V3Def {
  typeName?: string;
  type?: unknown;
  description?: string;
  innerType?: { _def: V3Def };
  schema?: { _def: V3Def };
  effect?: { type?: string };
  options?: ReadonlyArray<{ _def: V3Def }>;
  shape?: () => Record<string, unknown>;
  unknownKeys?: string;
  catchall?: { _def: V3Def };
  value?: unknown;
  checks?: ReadonlyArray<{ kind: string; value?: unknown }>;
}

/**
 * What a converter hands to `canonicalizeJsonSchema`: its raw output and the problems it found.
 *
 * @example
 * const conversion: RawConversion = { json: { type: "string" }, problems: [] };
 */
export interface RawConversion {
  json: JsonRecord;
  problems: ConversionProblem[];
}

const UNREPRESENTABLE_TYPES: Readonly<Record<string, UnrepresentableKind>> = {
  ZodDate: "date",
  ZodBigInt: "bigint",
  ZodSymbol: "symbol",
  ZodUndefined: "undefined",
  ZodVoid: "undefined",
  ZodNaN: "nan",
  ZodFunction: "function",
  ZodMap: "map",
  ZodSet: "set",
};

/**
 * Converts a Zod 3 schema to raw JSON Schema (input side of transforms) and lists what cannot be converted.
 *
 * @example
 * const { json, problems } = convertZodV3ToJsonSchema(z3.object({ when: z3.date() }));
 * // problems: [{ pointer: "/properties/when", problem: "z.date() has no JSON form ..." }]
 */
export function convertZodV3ToJsonSchema(schema: ZodV3Schema): RawConversion {
  const problems: ConversionProblem[] = [];
  const definitions = new DefinitionTable();
  const json = zodToJsonSchema(schema, {
    target: "jsonSchema7",
    $refStrategy: "root",
    effectStrategy: "input",
    pipeStrategy: "input",
    override: (def, refs, seen, forceResolution) =>
      seen !== undefined && forceResolution !== true ? definitions.referenceTo(def) : overrideDef(def as V3Def, refs, problems),
    postProcess: (result, def, refs) => definitions.record(def, postProcessDef(result, def as V3Def, refs, problems)),
  }) as JsonRecord;
  if (definitions.size > 0) json["definitions"] = definitions.toJson();
  return { json, problems };
}

// zod-to-json-schema refers to a schema it has seen by the path where it first wrote it, but a wrapper written at the
// same path (`.default()`, `.describe()`) changes what is found there: a recursive `z.lazy(...).default(x)` would
// give every level the default. So a seen schema is referenced by identity instead, through `definitions` entries
// named like Zod 4's generated ones (which the canonical form never shows).
class DefinitionTable {
  private readonly ids = new Map<ZodTypeDef, string>();
  private readonly results = new Map<ZodTypeDef, JsonSchema7Type | undefined>();

  get size(): number {
    return this.ids.size;
  }

  referenceTo(def: ZodTypeDef): JsonSchema7Type {
    let id = this.ids.get(def);
    if (id === undefined) this.ids.set(def, (id = `__schema${this.ids.size}`));
    return { $ref: `#/definitions/${id}` };
  }

  record(def: ZodTypeDef, result: JsonSchema7Type | undefined): JsonSchema7Type | undefined {
    this.results.set(def, result);
    return result;
  }

  toJson(): JsonRecord {
    const json: JsonRecord = {};
    for (const [def, id] of this.ids) json[id] = this.results.get(def) ?? {};
    return json;
  }
}

function pointerOf(refs: Refs, ...rest: string[]): string {
  // currentPath starts with zod-to-json-schema's base path "#".
  return toJsonPointer([...refs.currentPath.slice(1), ...rest]);
}

function overrideDef(def: V3Def, refs: Refs, problems: ConversionProblem[]): JsonSchema7Type | undefined | typeof ignoreOverride {
  const kind = unrepresentableKind(def);
  if (kind !== undefined) {
    problems.push({ pointer: pointerOf(refs), problem: UNREPRESENTABLE_PROBLEMS[kind] });
    return {};
  }
  if (def.typeName === "ZodOptional" && def.innerType !== undefined) {
    // Outside an object property zod-to-json-schema writes `anyOf: [{ not: {} }, T]`; JSON has no undefined, and
    // Zod 4 emits plain T, so the optional wrapper adds nothing but its description.
    const inner = parseDef(def.innerType._def as ZodTypeDef, refs);
    return inner !== undefined && def.description !== undefined ? { ...inner, description: def.description } : inner;
  }
  return ignoreOverride;
}

function unrepresentableKind(def: V3Def): UnrepresentableKind | undefined {
  if (typeof def.typeName !== "string") return typeof def.type === "string" ? "mixedVersions" : "notSchema";
  const kind = UNREPRESENTABLE_TYPES[def.typeName];
  if (kind !== undefined) return kind;
  if (def.typeName === "ZodLiteral" && def.value !== null && !["string", "number", "boolean"].includes(typeof def.value)) {
    return "literal";
  }
  if (def.typeName === "ZodEffects" && def.effect?.type === "refinement") return refinedBaseKind(def);
  return undefined;
}

// z3.custom(check) and z3.instanceof(C) are `z.any().superRefine(...)`: the same as a refine-only any.
function refinedBaseKind(def: V3Def): UnrepresentableKind | undefined {
  let current: V3Def = def;
  while (current.typeName === "ZodEffects" && current.effect?.type === "refinement" && current.schema !== undefined) {
    current = current.schema._def;
  }
  return current.typeName === "ZodAny" || current.typeName === "ZodUnknown" ? "refineOnly" : undefined;
}

type ParsedSchema = JsonSchema7Type | undefined;

function postProcessDef(result: ParsedSchema, def: V3Def, refs: Refs, problems: ConversionProblem[]): ParsedSchema {
  if (result === undefined) return result;
  const json = result as JsonRecord;
  switch (def.typeName) {
    case "ZodObject":
      adjustObject(def, json, refs, problems);
      return result;
    case "ZodUnion":
      return Array.isArray(json["anyOf"]) ? result : (expandUnion(def, json, refs) as JsonSchema7Type);
    case "ZodNullable":
      return Array.isArray(json["type"]) ? (expandNullable(def, json, refs) as JsonSchema7Type) : result;
    case "ZodLiteral":
      return def.value === null ? ({ type: "null", ...annotationsOf(json) } as JsonSchema7Type) : result;
    case "ZodString":
      canonicalizeStringPatterns(def, json);
      return result;
    default:
      return result;
  }
}

function annotationsOf(json: JsonRecord): JsonRecord {
  return json["description"] === undefined ? {} : { description: json["description"] };
}

// zod-to-json-schema writes `additionalProperties: false` for a plain (stripping) object, which accepts unknown keys;
// like Zod 4's input side, only .strict() closes the object and .passthrough() opens it explicitly.
function adjustObject(def: V3Def, json: JsonRecord, refs: Refs, problems: ConversionProblem[]): void {
  if (def.catchall?._def.typeName === "ZodNever") {
    if (def.unknownKeys === "passthrough") json["additionalProperties"] = true;
    else if (def.unknownKeys === "strict") json["additionalProperties"] = false;
    else delete json["additionalProperties"];
  }
  // zod-to-json-schema skips a shape value without `_def` (zod/mini, or not a schema at all) without a word.
  for (const [key, value] of Object.entries(def.shape?.() ?? {})) {
    if (isZodV3Schema(value) || (typeof value === "object" && value !== null && "_def" in value)) continue;
    const kind: UnrepresentableKind = isZodV4Schema(value) ? "mixedVersions" : "notSchema";
    problems.push({ pointer: pointerOf(refs, "properties", key), problem: UNREPRESENTABLE_PROBLEMS[kind] });
  }
}

// zod-to-json-schema squashes unions of bare primitives or literals into `type: [...]` / `enum`, dropping the
// members' descriptions; Zod 4 (and the canonical form) keep one `anyOf` member per option.
function expandUnion(def: V3Def, json: JsonRecord, refs: Refs): JsonRecord {
  const anyOf = (def.options ?? [])
    .map((option, index) => {
      const currentPath = [...refs.currentPath, "anyOf", String(index)];
      return parseDef(option._def as ZodTypeDef, { ...refs, currentPath });
    })
    .filter((member) => member !== undefined);
  return { anyOf, ...annotationsOf(json) };
}

// `z.string().nullable()` becomes `type: ["string", "null"]` without parsing the inner schema, which loses an inner
// description; parse it so the nullable has the same `anyOf` shape as every other nullable.
function expandNullable(def: V3Def, json: JsonRecord, refs: Refs): JsonRecord {
  if (def.innerType === undefined) return json;
  const inner = parseDef(def.innerType._def as ZodTypeDef, { ...refs, currentPath: [...refs.currentPath, "anyOf", "0"] });
  return { anyOf: [inner ?? {}, { type: "null" }], ...annotationsOf(json) };
}

// zod-to-json-schema's escaping for startsWith/endsWith/includes, reproduced only to recognise its output. Its
// alphabet lacks "W" and "w", so it writes "www" as "\w\w\w"; the canonical pattern replaces it.
const V3_UNESCAPED = new Set("ABCDEFGHIJKLMNOPQRSTUVXYZabcdefghijklmnopqrstuvxyz0123456789");

function v3LiteralSource(kind: LiteralCheckKind, text: string): string | undefined {
  let escaped = "";
  for (let index = 0; index < text.length; index++) {
    const unit = text.charAt(index);
    escaped += V3_UNESCAPED.has(unit) ? unit : `\\${unit}`;
  }
  const pattern = kind === "startsWith" ? `^${escaped}` : kind === "endsWith" ? `${escaped}$` : escaped;
  try {
    return new RegExp(pattern).source;
  } catch {
    return undefined;
  }
}

const LITERAL_CHECK_KINDS: ReadonlyArray<LiteralCheckKind> = ["startsWith", "endsWith", "includes"];

function canonicalizeStringPatterns(def: V3Def, json: JsonRecord): void {
  const replacements = new Map<string, string>();
  for (const check of def.checks ?? []) {
    const kind = LITERAL_CHECK_KINDS.find((literalKind) => literalKind === check.kind);
    if (kind !== undefined && typeof check.value === "string") {
      const source = v3LiteralSource(kind, check.value);
      if (source !== undefined) replacements.set(source, canonicalLiteralPattern(kind, check.value));
    }
  }
  rewriteStringPatterns(json, replacements);
}
