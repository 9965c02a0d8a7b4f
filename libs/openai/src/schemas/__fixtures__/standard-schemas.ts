// A small, hand-made implementation of Standard Schema (https://standardschema.dev) and its Standard JSON Schema
// extension, written from the spec's interfaces in @standard-schema/spec, so that the generic path is tested without
// Zod (which takes its own path) and without a further schema library. It validates a person by hand, and its output
// differs from its input (it adds `initials`), so a test can tell the library's parse result from the raw value.

import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";

/** What the model must send. */
export interface PersonInput {
  name: string;
  age: number;
  nickname?: string;
}

/** What validation returns: the input, plus initials computed from the name. */
export interface PersonOutput extends PersonInput {
  initials: string;
}

export const HANDMADE_VENDOR = "handmade";

/** The JSON Schema the hand-made person converts to (input side), without `$schema`. */
export const personInputJsonSchema = {
  type: "object",
  description: "A person",
  properties: {
    name: { type: "string", description: "Full name" },
    age: { type: "integer", minimum: 0 },
    nickname: { type: "string" },
  },
  required: ["name", "age"],
};

const personOutputJsonSchema = {
  ...personInputJsonSchema,
  properties: { ...personInputJsonSchema.properties, initials: { type: "string" } },
  required: [...personInputJsonSchema.required, "initials"],
};

const DRAFT_URIS: Record<string, string> = {
  "draft-2020-12": "https://json-schema.org/draft/2020-12/schema",
  "draft-07": "http://json-schema.org/draft-07/schema#",
};

/** Options of {@link createHandmadePerson}: which parts of the interface the schema implements, and how. */
export interface HandmadeOptions {
  /** `validate` returns a Promise. */
  async?: boolean;
  /** The JSON Schema targets the converter supports; others throw, as the spec asks. Default: both drafts. */
  targets?: string[];
  /** Every target the converter was asked for, in order. */
  asked?: string[];
}

function validatePerson(value: unknown): StandardSchemaV1.Result<PersonOutput> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { issues: [{ message: "Expected an object" }] };
  const record = value as Record<string, unknown>;
  const issues: StandardSchemaV1.Issue[] = [];
  if (typeof record["name"] !== "string") issues.push({ message: "Expected a string", path: ["name"] });
  const age = record["age"];
  if (typeof age !== "number" || !Number.isInteger(age) || age < 0) {
    issues.push({ message: "Expected a whole number of years", path: [{ key: "age" }] });
  }
  if (record["nickname"] !== undefined && typeof record["nickname"] !== "string") issues.push({ message: "Expected a string", path: ["nickname"] });
  if (issues.length > 0) return { issues };
  const person = record as unknown as PersonInput;
  const initials = person.name.split(/\s+/u).filter(Boolean).map((word) => word[0]?.toUpperCase() ?? "").join("");
  return { value: { ...person, initials } };
}

function createConverter(options: HandmadeOptions): StandardJSONSchemaV1.Converter {
  const targets = options.targets ?? ["draft-2020-12", "draft-07"];
  const convert = (schema: Record<string, unknown>) => (converterOptions: StandardJSONSchemaV1.Options) => {
    options.asked?.push(converterOptions.target);
    if (!targets.includes(converterOptions.target)) throw new Error(`Unsupported target: ${converterOptions.target}`);
    return { $schema: DRAFT_URIS[converterOptions.target], ...structuredClone(schema) };
  };
  return { input: convert(personInputJsonSchema), output: convert(personOutputJsonSchema) };
}

/**
 * A person schema implementing both Standard Schema (`validate`) and Standard JSON Schema (`jsonSchema`).
 *
 * @example
 * const Person = createHandmadePerson({ async: true });
 */
export function createHandmadePerson(
  options: HandmadeOptions = {},
): StandardSchemaV1<PersonInput, PersonOutput> & StandardJSONSchemaV1<PersonInput, PersonOutput> {
  const validate = options.async
    ? async (value: unknown) => {
        await Promise.resolve();
        return validatePerson(value);
      }
    : validatePerson;
  return { "~standard": { version: 1, vendor: HANDMADE_VENDOR, validate, jsonSchema: createConverter(options) } };
}

/**
 * A person schema implementing Standard Schema only: it validates, but cannot say what it is in JSON Schema.
 *
 * @example
 * const Person = createValidateOnlyPerson();
 */
export function createValidateOnlyPerson(): StandardSchemaV1<PersonInput, PersonOutput> {
  return { "~standard": { version: 1, vendor: HANDMADE_VENDOR, validate: validatePerson } };
}

/**
 * A person schema implementing Standard JSON Schema only: it converts, but has no validator of its own.
 *
 * @example
 * const Person = createJsonOnlyPerson();
 */
export function createJsonOnlyPerson(): StandardJSONSchemaV1<PersonInput, PersonInput> {
  return { "~standard": { version: 1, vendor: HANDMADE_VENDOR, jsonSchema: createConverter({}) } };
}

/**
 * Any Standard Schema seen only through its `~standard` property: for Zod, this hides the Zod internals, so the
 * generic path is taken.
 *
 * @example
 * const face = standardFaceOf(z.object({ city: z.string() }));
 */
export function standardFaceOf<S extends { readonly "~standard": unknown }>(schema: S): { readonly "~standard": S["~standard"] } {
  return { "~standard": schema["~standard"] };
}
