import type { Tiktoken, TiktokenBPE } from "js-tiktoken/lite";
import { parseBytePairRanks, type BytePairRanks } from "./parse-byte-pair-ranks.js";

/**
 * The pre-tokenizer of an encoder made by `loadEncoding`, the memo of piece counts (see count-text-tokens.ts), and its
 * merge ranks by byte string, parsed on first use from the same bundled data the encoder was built from.
 */
export interface PieceCounter {
  pattern: RegExp;
  memo: Map<string, number>;
  bytePairRanks: () => BytePairRanks;
  /** The encoding's special tokens by text, and a pattern matching any of them (in js-tiktoken's order). */
  specialTokens: Readonly<Record<string, number>>;
  specialPattern: RegExp;
}

const pieceCounters = new WeakMap<Tiktoken, PieceCounter>();

/** Remembers the pre-tokenizer pattern (`pat_str`) and the ranks that came with an encoder. */
export function registerPieceCounter(encoder: Tiktoken, bpe: TiktokenBPE): void {
  let parsed: BytePairRanks | undefined;
  pieceCounters.set(encoder, {
    pattern: new RegExp(bpe.pat_str, "gu"),
    memo: new Map(),
    bytePairRanks: () => (parsed ??= parseBytePairRanks(bpe.bpe_ranks)),
    specialTokens: bpe.special_tokens,
    // With no special tokens, a pattern that never matches (an empty alternation would match everywhere).
    specialPattern: new RegExp(Object.keys(bpe.special_tokens).map(escapeRegExp).join("|") || "(?!)", "g"),
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&");
}

/** The piece counter of an encoder made by `loadEncoding`; `undefined` for encoders built elsewhere. */
export function pieceCounterFor(encoder: Tiktoken): PieceCounter | undefined {
  return pieceCounters.get(encoder);
}
