// The parsed output type of any schema kind we accept, inferred in one shallow step. Zod 3 (3.24+) and Zod 4 (classic
// and mini) all carry the Standard Schema marker `~standard.types.output`, precomputed by Zod for each schema, so
// reading it never makes TypeScript walk the schema's structure (the source of "Type instantiation is excessively
// deep" with `z.infer` in generic positions, langchainjs #9548 / #9661). `_output` covers older Zod 3 releases.

/**
 * The type a schema parses to: `z.infer` for Zod 3, `z.output` for Zod 4 (classic or mini), and
 * `Record<string, unknown>` for a plain JSON Schema.
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
