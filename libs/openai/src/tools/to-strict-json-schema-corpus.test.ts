import { describe, expect, it } from "@jest/globals";
import { StrictSchemaError } from "../errors/errors.js";
import { strictSchemaCorpus } from "./__fixtures__/strict-schema-corpus.js";
import { deepFreeze, sampleStrictValue, validateJson, type EmulatorStrictValidator } from "./__fixtures__/strict-values.js";
import { restoreOptionalNulls } from "./restore-optional-nulls.js";
import { toStrictJsonSchema } from "./to-strict-json-schema.js";

// The emulator's independent validator, by relative path (see EmulatorStrictValidator for why at run time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateStrictSchema } = require("../../../openai-emulator/src/validate/validate-strict-schema.js") as EmulatorStrictValidator;

const corpus = strictSchemaCorpus();
const SAMPLES_PER_SCHEMA = 25;

describe("toStrictJsonSchema over the corpus", () => {
  it("has at least 30 input schemas", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))("%s: the emulator's strict validator accepts the output", (_name, entry) => {
    const { schema } = toStrictJsonSchema(deepFreeze(structuredClone(entry.schema)), `tool "corpus"`);
    expect(() => validateStrictSchema(schema, { kind: "function", name: "corpus", index: 0 })).not.toThrow();
    expect(() => validateStrictSchema(schema, { kind: "response_format", name: "corpus" })).not.toThrow();
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))("%s: the plan survives JSON and the input is untouched", (_name, entry) => {
    const input = structuredClone(entry.schema);
    const { restore } = toStrictJsonSchema(input, `tool "corpus"`);
    expect(input).toEqual(entry.schema);
    expect(JSON.parse(JSON.stringify(restore))).toEqual(restore);
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))(
    "%s: model outputs with nulls, once restored, satisfy the original schema",
    (_name, entry) => {
      const { schema, restore } = toStrictJsonSchema(entry.schema, `tool "corpus"`);
      const stored = JSON.parse(JSON.stringify(restore)) as typeof restore;
      for (let seed = 1; seed <= SAMPLES_PER_SCHEMA; seed += 1) {
        const output = deepFreeze(sampleStrictValue(schema, seed));
        expect({ seed, ...validateJson(schema, output) }).toEqual({ seed, valid: true, errors: [] });
        const restored = restoreOptionalNulls(output, stored);
        expect({ seed, ...validateJson(entry.schema, restored) }).toEqual({ seed, valid: true, errors: [] });
      }
    },
  );

  const withOutputs = corpus.filter((entry) => entry.outputs !== undefined);
  it.each(withOutputs.map((entry) => [entry.name, entry] as const))("%s: restores the expected values", (_name, entry) => {
    const { schema, restore } = toStrictJsonSchema(entry.schema, `tool "corpus"`);
    for (const [output, expected] of entry.outputs ?? []) {
      expect(validateJson(schema, output)).toEqual({ valid: true, errors: [] });
      const restored = restoreOptionalNulls(deepFreeze(output), restore);
      expect(restored).toEqual(expected);
      expect(validateJson(entry.schema, restored)).toEqual({ valid: true, errors: [] });
    }
  });
});

describe("toStrictJsonSchema refuses what strict mode cannot express", () => {
  const S = { type: "string" };
  it.each<[string, Record<string, unknown>]>([
    ["a record (additionalProperties schema)", { type: "object", properties: { scores: { type: "object", additionalProperties: { type: "number" } } } }],
    ["a record (additionalProperties true)", { type: "object", properties: { a: S }, additionalProperties: true }],
    ["a root array", { type: "array", items: S }],
    ["a root union", { anyOf: [{ type: "object", properties: { a: S } }, { type: "object", properties: { b: S } }] }],
    ["a tuple", { type: "object", properties: { pair: { type: "array", prefixItems: [S, S], items: false } } }],
    ["an overlapping oneOf", { type: "object", properties: { v: { oneOf: [S, { type: "string", enum: ["a"] }] } } }],
    ["an allOf of two schemas", { type: "object", properties: { v: { allOf: [S, { pattern: "^a" }] } } }],
    ["an unsupported format", { type: "object", properties: { url: { type: "string", format: "uri" } } }],
    ["a typeless property", { type: "object", properties: { any: {} } }],
  ])("%s", (_name, schema) => {
    expect(() => toStrictJsonSchema(schema, `tool "t"`)).toThrow(StrictSchemaError);
  });
});
