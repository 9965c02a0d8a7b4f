// A hand-made schema that implements the Standard Schema interface (https://standardschema.dev) and its Standard JSON
// Schema extension, and nothing else: no Zod markers, so a client can only use it through `~standard`. Validation is
// asynchronous and its output differs from its input (it adds `sum`), so a test can tell whether the client really
// handed the model's answer to `validate` and returned what `validate` gave.

/** What the adder schema accepts (the model's arguments). */
export interface AdderInput {
  a: number;
  b: number;
}

/** What the adder schema's validation returns. */
export interface AdderOutput extends AdderInput {
  sum: number;
}

/** A Standard Schema V1 with the Standard JSON Schema V1 extension. */
export interface AdderStandardSchema {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Promise<{ value: AdderOutput } | { issues: Array<{ message: string; path: PropertyKey[] }> }>;
    readonly jsonSchema: {
      readonly input: (options: { target: string }) => Record<string, unknown>;
      readonly output: (options: { target: string }) => Record<string, unknown>;
    };
    readonly types?: { readonly input: AdderInput; readonly output: AdderOutput };
  };
}

/** The JSON Schema the adder's input has: what a client must send the model. */
export const ADDER_INPUT_JSON_SCHEMA = {
  type: "object",
  properties: {
    a: { type: "integer", description: "The first integer to add." },
    b: { type: "integer", description: "The second integer to add." },
  },
  required: ["a", "b"],
};

/**
 * Creates the adder Standard Schema: `{ a: integer, b: integer }` in, `{ a, b, sum }` out.
 *
 * @example
 * const schema = createAdderStandardSchema();
 * await schema["~standard"].validate({ a: 1, b: 2 }); // { value: { a: 1, b: 2, sum: 3 } }
 */
export function createAdderStandardSchema(): AdderStandardSchema {
  return {
    "~standard": {
      version: 1,
      vendor: "tessera-conformance",
      validate: async (value) => {
        const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
        if (!record) return { issues: [{ message: "expected an object", path: [] }] };
        const issues = (["a", "b"] as const)
          .filter((key) => !Number.isInteger(record[key]))
          .map((key) => ({ message: `${key} must be an integer`, path: [key] }));
        if (issues.length > 0) return { issues };
        const a = record.a as number;
        const b = record.b as number;
        return { value: { a, b, sum: a + b } };
      },
      jsonSchema: {
        input: () => structuredClone(ADDER_INPUT_JSON_SCHEMA),
        output: () => ({
          ...structuredClone(ADDER_INPUT_JSON_SCHEMA),
          properties: { ...structuredClone(ADDER_INPUT_JSON_SCHEMA.properties), sum: { type: "integer" } },
          required: ["a", "b", "sum"],
        }),
      },
    },
  };
}
