import { describe, expect, it } from "@jest/globals";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";
import { parseBytePairRanks } from "./parse-byte-pair-ranks.js";

const latin1Bytes = (token: string): Uint8Array => Uint8Array.from(token, (character) => character.charCodeAt(0));

describe("parseBytePairRanks", () => {
  it("numbers the tokens of each line from the line's first rank, one byte per code unit", () => {
    // "IQ==" is "!", "Ig==" is '"', "4pyT" is the three UTF-8 bytes of U+2713.
    const { ranks, longestToken } = parseBytePairRanks("! 0 IQ== Ig==\n✓ 7 4pyT\n");
    expect([...ranks]).toEqual([
      ["!", 0],
      ['"', 1],
      ["\u00e2\u009c\u0093", 7],
    ]);
    expect(longestToken).toBe(3);
  });

  it("rejects a line without a rank, naming the line", () => {
    expect(() => parseBytePairRanks("! IQ== Ig==")).toThrow("Malformed bpe_ranks line (no rank): ! IQ== Ig==");
  });

  it.each([
    ["o200k_base", o200k],
    ["cl100k_base", cl100k],
  ] as Array<[string, TiktokenBPE]>)("gives every rank of the bundled %s the bytes js-tiktoken decodes it to", (_name, bpe) => {
    const encoder = new Tiktoken(bpe);
    const { ranks } = parseBytePairRanks(bpe.bpe_ranks);
    const decoder = new TextDecoder();
    const byRank = new Map([...ranks].map(([token, rank]) => [rank, token]));
    expect(byRank.size).toBe(ranks.size);
    const mismatches: number[] = [];
    for (const [rank, token] of byRank) {
      if (decoder.decode(latin1Bytes(token)) !== encoder.decode([rank])) mismatches.push(rank);
    }
    expect(mismatches).toEqual([]);
    // Every single byte has a rank, so every piece can be encoded.
    for (let byte = 0; byte < 256; byte++) expect(ranks.has(String.fromCharCode(byte))).toBe(true);
  });
});
