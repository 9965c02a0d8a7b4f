// A small declarative schema for request bodies, walked once per validation phase (type, enum, bounds), plus the
// builders for OpenAI's error wordings. One schema serves all three phases so that "a type error anywhere beats an
// enum or bounds error anywhere" falls out of running the walks in order instead of being hand-coded per field.

import { type EmulatorHttpError, invalidRequest } from "../errors.js";

export type UnknownParameterStyle = "2026" | "legacy";
export type JsonObject = Record<string, unknown>;
/** The first error a check found, or `undefined` when it found none. */
export type Issue = EmulatorHttpError | undefined;
/** The schema-driven phases, in the order the API reports them. */
export type SchemaPhase = "type" | "enum" | "bounds";

interface SchemaBase {
  /** `null` means "not sent" (the SDK types say `| null`); otherwise `null` is a type error. */
  nullable?: boolean;
}
interface NumberSchema extends SchemaBase {
  kind: "decimal" | "integer";
  min?: number;
  max?: number;
}
interface BooleanSchema extends SchemaBase {
  kind: "boolean";
}
interface StringSchema extends SchemaBase {
  kind: "string";
  minLength?: number;
  maxLength?: number;
  pattern?: RegExp;
}
interface EnumSchema extends SchemaBase {
  kind: "enum";
  /** In the order the API lists them in "Supported values are: …". */
  values: readonly string[];
}
export interface ObjectSchema extends SchemaBase {
  kind: "object";
  /** In the order the API reports problems in them. */
  properties: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  /** Unknown members are refused with `unknown_parameter` (the API does so for e.g. `stream_options`). */
  strict?: boolean;
}
interface ArraySchema extends SchemaBase {
  kind: "array";
  items: Schema;
  /** "an array of objects", "an array of strings". */
  typeWords: string;
  minItems?: number;
  maxItems?: number;
}
interface MapSchema extends SchemaBase {
  kind: "map";
  values: Schema;
  maxProperties?: number;
  maxKeyLength?: number;
}
interface UnionSchema extends SchemaBase {
  kind: "union";
  /** Options are told apart by JSON kind (string, number, object, array, boolean). */
  options: readonly Schema[];
  /** The API's own words, e.g. "one of a string or array of objects". */
  typeWords: string;
}
interface TaggedSchema extends SchemaBase {
  kind: "tagged";
  /** The discriminating member, e.g. `role` or `type`. */
  tag: string;
  /** Keyed by tag value, in the order the API lists the values. */
  variants: Readonly<Record<string, ObjectSchema>>;
  /**
   * The variant an object with a missing or unknown tag is checked against (it then lists the tag among its own
   * members, to report it). Without one, a missing tag is a missing parameter and an unknown one an invalid value.
   */
  fallback?: string;
}
export type Schema =
  | NumberSchema
  | BooleanSchema
  | StringSchema
  | EnumSchema
  | ObjectSchema
  | ArraySchema
  | MapSchema
  | UnionSchema
  | TaggedSchema;

export interface WalkContext {
  readonly unknownParameterStyle: UnknownParameterStyle;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON helpers and wordings

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Present on the wire with a value: `null` counts as not sent for every nullable parameter. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}

/** The words the API uses for the JSON kind it received ("but got a decimal number instead"). */
export function describeJsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  // JSON.parse loses the difference between `2` and `2.0`; the API (which sees the text) calls `2.0` a decimal.
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal number";
  return "an object";
}

/** `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'` (the API uses the serial comma). */
export function listValues(values: readonly string[], conjunction: "and" | "or"): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length <= 2) return quoted.join(` ${conjunction} `);
  return `${quoted.slice(0, -1).join(", ")}, ${conjunction} ${quoted[quoted.length - 1] ?? ""}`;
}

export function childPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

const PARSE_ERROR_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. " +
  "The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix " +
  "this, please contact us through our help center at help.openai.com.)";

export function parseError(): EmulatorHttpError {
  return invalidRequest(PARSE_ERROR_MESSAGE);
}

export function missingParameter(param: string): EmulatorHttpError {
  return invalidRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
}

export function unknownParameter(param: string, style: UnknownParameterStyle): EmulatorHttpError {
  switch (style) {
    case "2026":
      return invalidRequest(`Unknown parameter: '${param}'.`, param, "unknown_parameter");
    case "legacy":
      // Captured legacy answers carry neither param nor code.
      return invalidRequest(`Unrecognized request argument supplied: ${param}`);
    default:
      return assertNever(style);
  }
}

export function invalidType(param: string, expected: string, value: unknown): EmulatorHttpError {
  return invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${describeJsonKind(value)} instead.`, param, "invalid_type");
}

export function invalidValue(param: string, value: string, supported: readonly string[]): EmulatorHttpError {
  // A single supported value is listed as "Supported values are: 'function'." (wording not confirmed)
  return invalidRequest(`Invalid value: '${value}'. Supported values are: ${listValues(supported, "and")}.`, param, "invalid_value");
}

function boundError(param: string, problem: string, expectation: string, got: string, code: string): EmulatorHttpError {
  return invalidRequest(`Invalid '${param}': ${problem}. Expected ${expectation}, but got ${got} instead.`, param, code);
}

// ---------------------------------------------------------------------------------------------------------------
// The walker

/** The words for "expected …" in a type error. */
function expectedWords(schema: Schema): string {
  switch (schema.kind) {
    case "decimal":
      return "a decimal";
    case "integer":
      return "an integer";
    case "boolean":
      return "a boolean";
    case "string":
      return "a string";
    case "enum":
      return `one of ${listValues(schema.values, "or")}`;
    case "object":
    case "map":
    case "tagged":
      return "an object";
    case "array":
    case "union":
      return schema.typeWords;
    default:
      return assertNever(schema);
  }
}

function matchesKind(schema: Schema, value: unknown): boolean {
  switch (schema.kind) {
    case "decimal":
    case "integer":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "string":
    case "enum":
      return typeof value === "string";
    case "object":
    case "map":
    case "tagged":
      return isJsonObject(value);
    case "array":
      return Array.isArray(value);
    case "union":
      return schema.options.some((option) => matchesKind(option, value));
    default:
      return assertNever(schema);
  }
}

/**
 * Walks `value` against `schema` and returns the first problem of the given phase. Members that are absent are not
 * walked (their parent object reports missing required ones); a value of the wrong kind is only reported by the type
 * phase, so the later phases can assume the shape.
 */
export function walk(schema: Schema, value: unknown, path: string, phase: SchemaPhase, context: WalkContext): Issue {
  if (value === undefined) return undefined;
  if (value === null) return schema.nullable === true || phase !== "type" ? undefined : invalidType(path, expectedWords(schema), value);
  if (!matchesKind(schema, value)) return phase === "type" ? invalidType(path, expectedWords(schema), value) : undefined;
  switch (schema.kind) {
    case "decimal":
    case "integer":
      return walkNumber(schema, value as number, path, phase);
    case "boolean":
      return undefined;
    case "string":
      return phase === "bounds" ? stringBounds(schema, value as string, path) : undefined;
    case "enum":
      return phase === "enum" && !schema.values.includes(value as string) ? invalidValue(path, value as string, schema.values) : undefined;
    case "object":
      return walkObject(schema, value as JsonObject, path, phase, context);
    case "array":
      return walkArray(schema, value as unknown[], path, phase, context);
    case "map":
      return walkMap(schema, value as JsonObject, path, phase, context);
    case "union":
      return walkUnion(schema, value, path, phase, context);
    case "tagged":
      return walkTagged(schema, value as JsonObject, path, phase, context);
    default:
      return assertNever(schema);
  }
}

function walkNumber(schema: NumberSchema, value: number, path: string, phase: SchemaPhase): Issue {
  if (phase === "type") return schema.kind === "integer" && !Number.isInteger(value) ? invalidType(path, "an integer", value) : undefined;
  if (phase !== "bounds") return undefined;
  const kind = schema.kind;
  if (schema.min !== undefined && value < schema.min) {
    return boundError(path, `${kind} below minimum value`, `a value >= ${schema.min}`, String(value), `${kind}_below_min_value`);
  }
  if (schema.max !== undefined && value > schema.max) {
    return boundError(path, `${kind} above maximum value`, `a value <= ${schema.max}`, String(value), `${kind}_above_max_value`);
  }
  return undefined;
}

function stringBounds(schema: StringSchema, value: string, path: string): Issue {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    // Only a minimum of 1 occurs in the request schema, so "too short" is always the empty string.
    return boundError(path, "empty string", `a string with minimum length ${schema.minLength}`, "an empty string", "empty_string");
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    const got = `a string with length ${value.length}`;
    return boundError(path, "string too long", `a string with maximum length ${schema.maxLength}`, got, "string_above_max_length");
  }
  if (schema.pattern !== undefined && !schema.pattern.test(value)) {
    // Code `invalid_value` as captured for tool names; the sentence has no "but got …" part.
    const message = `Invalid '${path}': string does not match pattern. Expected a string that matches the pattern '${schema.pattern.source}'.`;
    return invalidRequest(message, path, "invalid_value");
  }
  return undefined;
}

function walkObject(
  schema: ObjectSchema,
  value: JsonObject,
  path: string,
  phase: SchemaPhase,
  context: WalkContext,
  /** A member the object may carry besides its properties: the tag of a tagged union (`role`, `type`). */
  tag?: string,
): Issue {
  if (phase === "type") {
    const missing = (schema.required ?? []).find((name) => value[name] === undefined);
    if (missing !== undefined) return missingParameter(childPath(path, missing));
    const known = (key: string) => key === tag || Object.hasOwn(schema.properties, key);
    const unknown = schema.strict === true ? Object.keys(value).find((key) => !known(key)) : undefined;
    if (unknown !== undefined) return unknownParameter(childPath(path, unknown), context.unknownParameterStyle);
  }
  for (const [name, member] of Object.entries(schema.properties)) {
    const issue = walk(member, Object.hasOwn(value, name) ? value[name] : undefined, childPath(path, name), phase, context);
    if (issue) return issue;
  }
  return undefined;
}

function walkArray(schema: ArraySchema, value: unknown[], path: string, phase: SchemaPhase, context: WalkContext): Issue {
  if (phase === "bounds") {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      // Only a minimum of 1 occurs in the request schema, so "too short" is always the empty array.
      return boundError(path, "empty array", `an array with minimum length ${schema.minItems}`, "an empty array", "empty_array");
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      const got = `an array with length ${value.length}`;
      return boundError(path, "array too long", `an array with maximum length ${schema.maxItems}`, got, "array_above_max_length");
    }
  }
  for (const [index, item] of value.entries()) {
    const issue = walk(schema.items, item, `${path}[${index}]`, phase, context);
    if (issue) return issue;
  }
  return undefined;
}

function walkMap(schema: MapSchema, value: JsonObject, path: string, phase: SchemaPhase, context: WalkContext): Issue {
  const entries = Object.entries(value);
  if (phase === "bounds" && schema.maxProperties !== undefined && entries.length > schema.maxProperties) {
    const got = `an object with ${entries.length} properties`;
    return boundError(path, "too many properties", `an object with at most ${schema.maxProperties} properties`, got, "object_above_max_properties");
  }
  for (const [key, item] of entries) {
    if (phase === "bounds" && schema.maxKeyLength !== undefined && key.length > schema.maxKeyLength) {
      return propertyNameTooLong(path, key, schema.maxKeyLength);
    }
    const issue = walk(schema.values, item, childPath(path, key), phase, context);
    if (issue) return issue;
  }
  return undefined;
}

function propertyNameTooLong(path: string, key: string, maxLength: number): EmulatorHttpError {
  // The captured message shortens a 70-character key to 'kkk...kkk' while param keeps it whole; the exact
  // shortening rule (first and last three characters) is a guess. wording not confirmed for other lengths
  const shown = `${key.slice(0, 3)}...${key.slice(-3)}`;
  const message =
    `Invalid property name in '${path}': '${shown}' is too long. Expected a string with maximum length ${maxLength}, ` +
    `but got a string with length ${key.length} instead.`;
  return invalidRequest(message, childPath(path, key), "property_name_above_max_length");
}

function walkUnion(schema: UnionSchema, value: unknown, path: string, phase: SchemaPhase, context: WalkContext): Issue {
  const option = schema.options.find((candidate) => matchesKind(candidate, value));
  return option === undefined ? undefined : walk(option, value, path, phase, context);
}

function walkTagged(schema: TaggedSchema, value: JsonObject, path: string, phase: SchemaPhase, context: WalkContext): Issue {
  const tagPath = childPath(path, schema.tag);
  const tagValue = value[schema.tag];
  const known = Object.keys(schema.variants);
  const fallback = schema.fallback === undefined ? undefined : schema.variants[schema.fallback];
  if (phase === "type" && fallback === undefined) {
    if (tagValue === undefined) return missingParameter(tagPath);
    if (typeof tagValue !== "string") return invalidType(tagPath, `one of ${listValues(known, "or")}`, tagValue);
  }
  const variant = typeof tagValue === "string" && Object.hasOwn(schema.variants, tagValue) ? schema.variants[tagValue] : fallback;
  if (variant !== undefined) return walkObject(variant, value, path, phase, context, schema.tag);
  // An unknown tag is an enum problem; the type phase skips the members, as it cannot know their shape.
  return phase === "enum" && typeof tagValue === "string" ? invalidValue(tagPath, tagValue, known) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Constructors, so the request schema reads like a table

type Options<T> = Omit<T, "kind">;

export const s = {
  decimal: (options: Options<NumberSchema> = {}): NumberSchema => ({ kind: "decimal", ...options }),
  integer: (options: Options<NumberSchema> = {}): NumberSchema => ({ kind: "integer", ...options }),
  boolean: (options: Options<BooleanSchema> = {}): BooleanSchema => ({ kind: "boolean", ...options }),
  string: (options: Options<StringSchema> = {}): StringSchema => ({ kind: "string", ...options }),
  enum: (values: readonly string[], options: SchemaBase = {}): EnumSchema => ({ kind: "enum", values, ...options }),
  object: (
    properties: Readonly<Record<string, Schema>>,
    required: readonly string[] = [],
    options: SchemaBase & { strict?: boolean } = {},
  ): ObjectSchema => ({ kind: "object", properties, required, ...options }),
  array: (items: Schema, typeWords: string, options: Omit<Options<ArraySchema>, "items" | "typeWords"> = {}): ArraySchema => ({
    kind: "array",
    items,
    typeWords,
    ...options,
  }),
  map: (values: Schema, options: Omit<Options<MapSchema>, "values"> = {}): MapSchema => ({ kind: "map", values, ...options }),
  union: (options: readonly Schema[], typeWords: string, base: SchemaBase = {}): UnionSchema => ({
    kind: "union",
    options,
    typeWords,
    ...base,
  }),
  tagged: (tag: string, variants: Readonly<Record<string, ObjectSchema>>, options: SchemaBase & { fallback?: string } = {}): TaggedSchema => ({
    kind: "tagged",
    tag,
    variants,
    ...options,
  }),
};
