import type { Tiktoken } from "js-tiktoken/lite";
import type { EncodingName } from "./encoding-for-model.js";
import { encodeBytePairs } from "./encode-byte-pairs.js";
import { loadEncoding } from "./load-encoding.js";
import { pieceCounterFor } from "./piece-counters.js";

// Counting splits the text with the encoding's own pre-tokenizer pattern (the `pat_str` published with the ranks)
// and counts each piece, remembering the count of pieces seen before. BPE never merges across pieces, so the sum is
// exactly `encoder.encode(text).length`; natural text repeats its pieces ("the", " of", ",") so most lookups hit the
// memo, which makes 1 MB of prose about 6x faster than one `encode` call.
// Pieces missing from the memo go through encodeBytePairs, not js-tiktoken: its merge rescans every pair after each
// merge, quadratic in the piece's length (10,000 `a`s took 13 s, and stalled the emulator for every client), and it
// is slower at every piece length we measured. Same merges, same ids: see encode-byte-pairs.test.ts.
// Encoders not made by `loadEncoding` have no known pattern or ranks and fall back to a plain `encode`.
const MEMO_LIMIT = 50_000; // entries per encoding; the memo is dropped and restarted when full
const MEMO_PIECE_LIMIT = 64; // longer pieces are rare repeats, not worth keeping

/**
 * Counts the tokens of a text with an encoder you already hold (synchronous). Special-token text such as
 * `<|endoftext|>` is counted as ordinary text, the way the API treats user content, and never throws.
 *
 * @example
 * const encoder = await loadEncoding("o200k_base");
 * countTextTokensWith(encoder, "tiktoken is great!"); // 6
 */
export function countTextTokensWith(encoder: Tiktoken, text: string): number {
  if (text === "") return 0;
  const counter = pieceCounterFor(encoder);
  if (!counter) return encoder.encode(text, [], []).length;
  let count = 0;
  for (const match of text.matchAll(counter.pattern)) {
    const piece = match[0];
    let pieceCount = counter.memo.get(piece);
    if (pieceCount === undefined) {
      pieceCount = encodeBytePairs(piece, counter.bytePairRanks()).length;
      if (piece.length <= MEMO_PIECE_LIMIT) {
        if (counter.memo.size >= MEMO_LIMIT) counter.memo.clear();
        counter.memo.set(piece, pieceCount);
      }
    }
    count += pieceCount;
  }
  return count;
}

/**
 * Counts the tokens of a text in an encoding, loading the encoding's bundled ranks on first use (never fetched).
 *
 * @example
 * await countTextTokens("antidisestablishmentarianism", "cl100k_base"); // 6
 */
export async function countTextTokens(text: string, encoding: EncodingName): Promise<number> {
  return countTextTokensWith(await loadEncoding(encoding), text);
}
