// The parsed output type of any schema kind we accept, inferred in one shallow step. Zod 3 (3.24+), Zod 4 (classic
// and mini) and every other Standard Schema library carry the marker `~standard.types.output` (what
// `StandardSchemaV1.InferOutput` reads; Zod precomputes it for each schema), so reading it never makes TypeScript walk
// the schema's structure (the source of "Type instantiation is excessively deep" with `z.infer` in generic positions,
// langchainjs #9548 / #9661). `_output` covers older Zod 3 releases.

/**
 * The type a schema parses to: `z.infer` for Zod 3, `z.output` for Zod 4 (classic or mini),
 * `StandardSchemaV1.InferOutput` for another Standard Schema, and `Record<string, unknown>` for a plain JSON Schema.
 *
 * @example
 * const schema = z.object({ n: z.string().transform(Number) });
 * type Output = InferSchemaOutput<typeof schema>; // { n: number }
 */
export type InferSchemaOutput<S> = S extends { readonly "~standard": { readonly types?: infer Types } }
  ? NonNullable<Types> extends { readonly output: infer Output }
    ? Output
    : Record<string, unknown>
  : S extends { readonly _output: infer Output }
    ? Output
    : Record<string, unknown>;
