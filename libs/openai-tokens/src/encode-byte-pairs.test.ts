import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { Tiktoken, type TiktokenBPE } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";
import { countTextTokensWith } from "./count-text-tokens.js";
import { encodeBytePairs } from "./encode-byte-pairs.js";
import type { EncodingName } from "./encoding-for-model.js";
import { loadEncoding } from "./load-encoding.js";
import { parseBytePairRanks, type BytePairRanks } from "./parse-byte-pair-ranks.js";

const bundled: Record<EncodingName, TiktokenBPE> = { o200k_base: o200k, cl100k_base: cl100k };
const setups = new Map<EncodingName, { encoder: Tiktoken; ranks: BytePairRanks; pattern: RegExp }>();

function setupFor(name: EncodingName): { encoder: Tiktoken; ranks: BytePairRanks; pattern: RegExp } {
  let setup = setups.get(name);
  if (!setup) {
    const bpe = bundled[name];
    setup = { encoder: new Tiktoken(bpe), ranks: parseBytePairRanks(bpe.bpe_ranks), pattern: new RegExp(bpe.pat_str, "gu") };
    setups.set(name, setup);
  }
  return setup;
}

/** The ids of a whole text, each pre-tokenized piece encoded by encodeBytePairs. */
function encodeByPieces(name: EncodingName, text: string): number[] {
  const { ranks, pattern } = setupFor(name);
  return [...text.matchAll(pattern)].flatMap((match) => encodeBytePairs(match[0], ranks));
}

const repeatIds = (ids: number[], times: number): number[] => Array.from({ length: times }, () => ids).flat();

// Common Chinese characters: many pairs of them are tokens, so long runs merge across characters.
const COMMON_CJK = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从";
const EMOJI = ["🎉", "👩‍👩‍👧", "👍🏽", "🇫🇷", "❤️", "🙂", "🧑‍💻", "✨"];
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const WHITESPACE = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "a", "Z", "9", "."];

/** A deterministic stand-in for random Chinese text (one pre-tokenized piece: no spaces, no punctuation). */
function commonCjk(length: number, seed: number): string {
  let state = seed;
  let text = "";
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += COMMON_CJK[(state >>> 8) % COMMON_CJK.length];
  }
  return text;
}

const pick = (values: readonly string[], maxLength: number) =>
  fc.array(fc.constantFrom(...values), { maxLength }).map((parts) => parts.join(""));

// Reference encode() is quadratic in a piece's length, so generated pieces stay in the hundreds of bytes.
const texts = fc.oneof(
  fc.string({ unit: "binary", maxLength: 120 }),
  fc.string({ unit: "grapheme", maxLength: 120 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 80 }),
  fc
    .tuple(fc.constantFrom("a", "A", "z", "1", " ", "\n", "!", "é", "東", "的", "🎉", "ab", "中国", "\u00a0"), fc.integer({ min: 1, max: 300 }))
    .map(([unit, times]) => unit.repeat(times)),
  pick([...COMMON_CJK], 150),
  fc.array(fc.integer({ min: 0x4e00, max: 0x9fff }), { maxLength: 120 }).map((codes) => String.fromCodePoint(...codes)),
  pick(EMOJI, 60),
  pick([...BASE64], 400),
  pick(WHITESPACE, 120),
  fc.array(fc.oneof(pick([...COMMON_CJK], 20), pick(EMOJI, 5), pick([...BASE64], 30), pick(WHITESPACE, 10)), { maxLength: 8 }).map((parts) => parts.join("")),
);

describe("encodeBytePairs", () => {
  it.each(["o200k_base", "cl100k_base"] as EncodingName[])(
    "gives js-tiktoken's exact ids for random text, piece by piece (%s)",
    async (name) => {
      const { encoder } = setupFor(name);
      const counting = await loadEncoding(name);
      fc.assert(
        fc.property(texts, (text) => {
          const expected = encoder.encode(text, [], []);
          expect(encodeByPieces(name, text)).toEqual(expected);
          expect(countTextTokensWith(counting, text)).toBe(expected.length);
        }),
        { numRuns: 300, seed: 20261207 },
      );
    },
  );

  it("gives js-tiktoken's ids for the words and pieces of the existing examples", () => {
    for (const name of ["o200k_base", "cl100k_base"] as EncodingName[]) {
      const { encoder } = setupFor(name);
      for (const text of ["antidisestablishmentarianism", "tiktoken is great!", "<|endoftext|>", "I'm DONE", "x", "\u{10ffff}\ud800"]) {
        expect(encodeByPieces(name, text)).toEqual(encoder.encode(text, [], []));
      }
    }
  });

  // Sizes at which js-tiktoken's merge took seconds (10,000 `a`s: 13 s) or would take hours. Each long input repeats
  // a block; encode() on 100 repeats shows the ids are that block's ids repeated, and the long input must give the same.
  it.each([
    ["o200k_base", "a", 8],
    ["cl100k_base", "a", 8],
    ["o200k_base", "中国", 1],
    ["cl100k_base", "的", 1],
    ["o200k_base", "🎉", 1],
    ["cl100k_base", "👩‍👩‍👧", 1],
  ] as Array<[EncodingName, string, number]>)("encodes a 100,000-code-unit run in %s of %s as its repeated block", (name, unit, blockRepeats) => {
    const { encoder, ranks } = setupFor(name);
    const block = unit.repeat(blockRepeats);
    const blockIds = encoder.encode(block, [], []);
    expect(encoder.encode(block.repeat(100), [], [])).toEqual(repeatIds(blockIds, 100));
    for (const length of [10_000, 100_000]) {
      const times = Math.floor(length / block.length);
      expect(encodeBytePairs(block.repeat(times), ranks)).toEqual(repeatIds(blockIds, times));
    }
  });

  it.each([
    ["o200k_base", 1954],
    ["cl100k_base", 2087],
  ] as Array<[EncodingName, number]>)("counts 2,000 common Chinese characters in %s as encode() did, which took seconds", async (name, tokens) => {
    // `tokens` was computed with js-tiktoken's encode(commonCjk(2000, 7), [], []), which takes 4 to 7 s.
    const text = commonCjk(2000, 7);
    expect([...text.matchAll(setupFor(name).pattern)]).toHaveLength(1);
    expect(encodeBytePairs(text, setupFor(name).ranks)).toHaveLength(tokens);
    expect(countTextTokensWith(await loadEncoding(name), text)).toBe(tokens);
  });

  it("counts 100,000 `a`s and 100,000 Chinese characters through countTextTokensWith", async () => {
    const encoder = await loadEncoding("o200k_base");
    expect(countTextTokensWith(encoder, "a".repeat(100_000))).toBe(12_500);
    expect(countTextTokensWith(encoder, "中国".repeat(50_000))).toBe(50_000);
    // BPE never merges across pre-tokenized pieces, so words after spaces count as the sum of encode() on each.
    const words = Array.from({ length: 300 }, (_, index) => commonCjk(30, index + 1));
    const perWord = words.map((word) => encoder.encode(` ${word}`, [], []).length);
    expect(countTextTokensWith(encoder, words.map((word) => ` ${word}`).join(""))).toBe(perWord.reduce((sum, count) => sum + count, 0));
  });

  it("counts a 100 KB base64 blob exactly as encode() does", async () => {
    let state = 3;
    let blob = "";
    for (let index = 0; index < 100_000; index++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      blob += BASE64[(state >>> 8) % BASE64.length];
    }
    for (const name of ["o200k_base", "cl100k_base"] as EncodingName[]) {
      expect(countTextTokensWith(await loadEncoding(name), blob)).toBe(setupFor(name).encoder.encode(blob, [], []).length);
    }
  });
});
