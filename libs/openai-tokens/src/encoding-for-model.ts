/** The BPE encodings OpenAI chat models use. */
export type EncodingName = "o200k_base" | "cl100k_base";

/** The result of {@link encodingForModel}: the encoding, and whether the model was recognised. */
export interface ModelEncoding {
  encoding: EncodingName;
  /** `false` when the model matched no known family and the default (o200k_base) was assumed. */
  known: boolean;
}

// Model families by name prefix. Source: js-tiktoken 1.0.21's model table and OpenAI's model pages;
// every model released since gpt-4o (May 2024) uses o200k_base.
// Longer prefixes must win ("gpt-4o" and "gpt-4.1" before "gpt-4"), so the table is sorted by length at load.
const PREFIXES: ReadonlyArray<readonly [string, EncodingName]> = (
  [
    ["gpt-4o", "o200k_base"],
    ["chatgpt-4o", "o200k_base"],
    ["gpt-4.1", "o200k_base"],
    ["gpt-4.5", "o200k_base"],
    ["gpt-5", "o200k_base"],
    ["o1", "o200k_base"],
    ["o3", "o200k_base"],
    ["o4", "o200k_base"],
    ["gpt-4", "cl100k_base"],
    ["gpt-3.5", "cl100k_base"],
    ["gpt-35", "cl100k_base"], // Azure deployment spelling
    ["text-embedding-3", "cl100k_base"],
    ["text-embedding-ada-002", "cl100k_base"],
  ] as Array<readonly [string, EncodingName]>
).sort((left, right) => right[0].length - left[0].length);

/**
 * Picks the encoding of a model by its name. Fine-tuned names (`ft:BASE:org::id`) use BASE's encoding;
 * unknown models get o200k_base with `known: false`, so the caller can report the guess.
 *
 * @example
 * encodingForModel("gpt-4o-mini"); // { encoding: "o200k_base", known: true }
 * encodingForModel("ft:gpt-3.5-turbo:acme::abc"); // { encoding: "cl100k_base", known: true }
 */
export function encodingForModel(model: string): ModelEncoding {
  const base = model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model;
  const name = base.toLowerCase();
  for (const [prefix, encoding] of PREFIXES) {
    // A digit after the prefix means another family ("o10", "gpt-40"), not a variant of this one.
    if (name.startsWith(prefix) && !/^\d/.test(name.slice(prefix.length))) return { encoding, known: true };
  }
  return { encoding: "o200k_base", known: false };
}
