// One wording per problem, shared by the Zod 3 and Zod 4 converters, so the same mistake reads the same whichever
// major the user is on. Each sentence says what is wrong and how to fix it.

/**
 * A problem found while converting, before the subject (tool or output name) is known.
 *
 * @example
 * const problem: ConversionProblem = { pointer: "/properties/when", problem: UNREPRESENTABLE_PROBLEMS.date };
 */
export interface ConversionProblem {
  /** JSON pointer into the produced JSON Schema, `""` for the root. */
  pointer: string;
  /** What is wrong and how to fix it. */
  problem: string;
}

/**
 * The kinds of Zod schema that have no JSON Schema form.
 *
 * @example
 * const kind: UnrepresentableKind = "date";
 */
export type UnrepresentableKind =
  | "date"
  | "bigint"
  | "symbol"
  | "undefined"
  | "nan"
  | "function"
  | "map"
  | "set"
  | "custom"
  | "refineOnly"
  | "transform"
  | "literal"
  | "mixedVersions"
  | "notSchema";

/**
 * What to tell the user for each kind, the fix included.
 *
 * @example
 * UNREPRESENTABLE_PROBLEMS.set; // "z.set() has no JSON form; use z.array(itemSchema)"
 */
export const UNREPRESENTABLE_PROBLEMS: Readonly<Record<UnrepresentableKind, string>> = {
  date:
    "z.date() has no JSON form (JSON has no date type); use z.string().datetime() (Zod 3) or z.iso.datetime() (Zod 4) " +
    "and convert the string after parsing",
  bigint: "z.bigint() has no JSON form; use z.number().int(), or a digit string converted after parsing",
  symbol: "z.symbol() has no JSON form; remove the field",
  undefined: "z.undefined() / z.void() has no JSON form; make the field optional with .optional() instead",
  nan: "z.nan() has no JSON form (JSON numbers cannot be NaN); use z.number() or z.null()",
  function: "a function schema has no JSON form (a model can only send data); remove the field",
  map: "z.map() has no JSON form; use z.record(z.string(), valueSchema) or an array of [key, value] tuples",
  set: "z.set() has no JSON form; use z.array(itemSchema)",
  custom:
    "z.custom() / z.instanceof() has no JSON form (the model cannot see a runtime check); use a concrete schema " +
    "such as z.string() or z.object({...}) and put the check in .refine()",
  refineOnly:
    "z.any() / z.unknown() constrained only by .refine() has no JSON form for its check; describe the value with a " +
    "concrete schema (z.string(), z.object({...})) and keep the .refine() on it",
  transform:
    "a transform with no input schema (z.transform(fn), or a .pipe() into one) has no JSON form for what the model " +
    "must send; start the chain with the input schema, e.g. z.string().transform(fn)",
  literal:
    "this literal (undefined, a bigint or a symbol) has no JSON form; use .optional() for undefined, or a string or " +
    "number literal",
  mixedVersions:
    "this is a Zod 4 schema inside a Zod 3 schema; build the whole schema with one Zod version (import { z } from " +
    '"zod" for Zod 4, or "zod/v3" for Zod 3)',
  notSchema: "this value is not a Zod schema; every field must be a schema such as z.string()",
};

/**
 * Turns a path into a JSON pointer, escaping `~` and `/`.
 *
 * @example
 * toJsonPointer(["properties", "a/b", "items"]); // "/properties/a~1b/items"
 */
export function toJsonPointer(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
