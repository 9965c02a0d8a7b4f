import type { Tiktoken, TiktokenBPE } from "js-tiktoken/lite";
import type { EncodingName } from "./encoding-for-model.js";
import { registerPieceCounter } from "./piece-counters.js";

const cache = new Map<EncodingName, Promise<Tiktoken>>();

/**
 * Loads a tokenizer from the ranks bundled in `js-tiktoken`, on first use only, never over the network.
 * Importing this package loads no ranks; the first call for an encoding does (about 2 MB for o200k_base).
 *
 * @example
 * const encoder = await loadEncoding("o200k_base");
 * encoder.encode("hello world").length; // 2
 */
export function loadEncoding(name: EncodingName): Promise<Tiktoken> {
  let pending = cache.get(name);
  if (!pending) {
    pending = importEncoding(name);
    cache.set(name, pending);
    // A failed load must not poison the cache for later callers.
    pending.catch(() => cache.delete(name));
  }
  return pending;
}

async function importEncoding(name: EncodingName): Promise<Tiktoken> {
  const { Tiktoken } = await import("js-tiktoken/lite");
  const ranks = await importRanks(name);
  const encoder = new Tiktoken(ranks);
  registerPieceCounter(encoder, ranks);
  return encoder;
}

async function importRanks(name: EncodingName): Promise<TiktokenBPE> {
  switch (name) {
    case "o200k_base":
      return (await import("js-tiktoken/ranks/o200k_base")).default;
    case "cl100k_base":
      return (await import("js-tiktoken/ranks/cl100k_base")).default;
    default: {
      const unknown: never = name;
      throw new Error(`Unknown encoding: ${String(unknown)}`);
    }
  }
}
