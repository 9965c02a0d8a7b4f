import type { Tiktoken } from "js-tiktoken/lite";
import { encodeBytePairs } from "./encode-byte-pairs.js";
import { pieceCounterFor, type PieceCounter } from "./piece-counters.js";

/** Whether text that spells a special token (`<|endoftext|>`) is ordinary text, or that special token. */
export type SpecialTokenHandling = "as-text" | "as-tokens";

/**
 * The token ids of a text: exactly `encoder.encode(text, [], [])` ("as-text", what the API does with chat content) or
 * `encoder.encode(text, "all")` ("as-tokens", a legacy completions prompt), but never quadratic in the length of a
 * run without breaks (see encode-byte-pairs.ts). Encoders not made by `loadEncoding` fall back to `encode`.
 *
 * @example
 * const encoder = await loadEncoding("o200k_base");
 * encodeTextTokensWith(encoder, "<|endoftext|>", "as-tokens"); // [199999]
 * encodeTextTokensWith(encoder, "a".repeat(100_000)).length; // 12500, in milliseconds
 */
export function encodeTextTokensWith(encoder: Tiktoken, text: string, specialTokens: SpecialTokenHandling = "as-text"): number[] {
  const counter = pieceCounterFor(encoder);
  if (!counter) return specialTokens === "as-tokens" ? encoder.encode(text, "all") : encoder.encode(text, [], []);
  const ids: number[] = [];
  if (specialTokens === "as-text") {
    appendPieceIds(ids, counter, text);
    return ids;
  }
  let start = 0;
  for (const match of text.matchAll(counter.specialPattern)) {
    appendPieceIds(ids, counter, text.slice(start, match.index));
    ids.push(counter.specialTokens[match[0]] as number);
    start = match.index + match[0].length;
  }
  appendPieceIds(ids, counter, text.slice(start));
  return ids;
}

function appendPieceIds(ids: number[], counter: PieceCounter, text: string): void {
  for (const match of text.matchAll(counter.pattern)) {
    // A loop, not push(...pieceIds): one piece can hold more tokens than a call has room for arguments.
    for (const id of encodeBytePairs(match[0], counter.bytePairRanks())) ids.push(id);
  }
}
