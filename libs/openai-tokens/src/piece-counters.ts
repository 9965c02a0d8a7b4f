import type { Tiktoken } from "js-tiktoken/lite";

/** The pre-tokenizer of an encoder made by `loadEncoding`, and the memo of piece counts (see count-text-tokens.ts). */
export interface PieceCounter {
  pattern: RegExp;
  memo: Map<string, number>;
}

const pieceCounters = new WeakMap<Tiktoken, PieceCounter>();

/** Remembers the pre-tokenizer pattern (`pat_str`) that came with an encoder's ranks. */
export function registerPieceCounter(encoder: Tiktoken, patStr: string): void {
  pieceCounters.set(encoder, { pattern: new RegExp(patStr, "gu"), memo: new Map() });
}

/** The piece counter of an encoder made by `loadEncoding`; `undefined` for encoders built elsewhere. */
export function pieceCounterFor(encoder: Tiktoken): PieceCounter | undefined {
  return pieceCounters.get(encoder);
}
