import { describe, expect, it, jest } from "@jest/globals";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { countTextTokens, countTextTokensWith } from "./count-text-tokens.js";
import type { EncodingName } from "./encoding-for-model.js";
import { loadEncoding } from "./load-encoding.js";

// Texts chosen to stress the pre-tokenizer: whitespace runs before words and line ends, contractions, digits,
// punctuation runs, CJK, combining marks, emoji, and special-token text.
const texts = [
  "Hello, world!",
  "a   b\t\tc \n\n  d\r\n\r\n e   ",
  "I'm sure they'll've DONE it; we'd HAVE'S",
  "1234567890 3.14159 -42 1e10",
  "=====\n-----\n***!!!???...",
  "お誕生日おめでとう 東京 naïve café ñ e\u0301",
  "🎉🎉 emoji 👩‍👩‍👧 end",
  "function f(x) {\n  return x * 2; // double\n}\n",
  "<|endoftext|> and <|im_start|>",
  " ",
  "\n",
];

describe("countTextTokensWith", () => {
  it.each(["o200k_base", "cl100k_base"] as EncodingName[])("equals the length of js-tiktoken's encoding (%s)", async (name) => {
    const encoder = await loadEncoding(name);
    for (const text of [...texts, texts.join(""), texts.join(" ").repeat(20)]) {
      expect(countTextTokensWith(encoder, text)).toBe(encoder.encode(text, [], []).length);
    }
  });

  it("gives the same answer when pieces come from its memo", async () => {
    const encoder = await loadEncoding("o200k_base");
    const text = "The quick brown fox jumps over the lazy dog. ".repeat(50);
    const first = countTextTokensWith(encoder, text);
    expect(countTextTokensWith(encoder, text)).toBe(first);
    expect(first).toBe(encoder.encode(text).length);
  });

  it("counts an empty text as 0", async () => {
    expect(countTextTokensWith(await loadEncoding("o200k_base"), "")).toBe(0);
  });

  it("counts special-token text as ordinary text", async () => {
    const encoder = await loadEncoding("cl100k_base");
    expect(countTextTokensWith(encoder, "<|endoftext|>")).toBe(encoder.encode("<|endoftext|>", [], []).length);
    expect(countTextTokensWith(encoder, "<|endoftext|>")).toBeGreaterThan(1);
  });

  it("never hands a piece to js-tiktoken's encode, whose merge is quadratic in the piece's length", async () => {
    const encoder = await loadEncoding("o200k_base");
    const encode = jest.spyOn(encoder, "encode");
    try {
      // One piece of 10,000 letters, which encode() took about 13 s to merge.
      expect(countTextTokensWith(encoder, "a".repeat(10_000))).toBe(1250);
      expect(countTextTokensWith(encoder, "fresh words, never counted before: zqxj")).toBe(10);
      expect(encode).not.toHaveBeenCalled();
    } finally {
      encode.mockRestore();
    }
  });

  it("works with an encoder built elsewhere", () => {
    const encoder = new Tiktoken(cl100k);
    expect(countTextTokensWith(encoder, "antidisestablishmentarianism")).toBe(6);
    expect(countTextTokensWith(encoder, "<|endoftext|>")).toBe(encoder.encode("<|endoftext|>", [], []).length);
  });

  // Speed is measured by bench/src/count-tokens.ts, never bounded here.
  it("counts 1 MB of prose exactly as encode() does", async () => {
    const encoder = await loadEncoding("o200k_base");
    const words = "the of and to in is that for it as with was on be by this are tokens count prompt model".split(" ");
    const parts: string[] = [];
    for (let index = 0, length = 0; length < 1_000_000; index++) {
      const word = words[(index * 7919) % words.length] ?? "x";
      parts.push(index % 17 === 0 ? `${word}.\n` : `${word} `);
      length += word.length + 1;
    }
    const text = parts.join("");
    const count = countTextTokensWith(encoder, text);
    expect(count).toBeGreaterThan(150_000);
    expect(count).toBe(encoder.encode(text, [], []).length);
  });
});

describe("countTextTokens", () => {
  it("loads the encoding and counts", async () => {
    await expect(countTextTokens("tiktoken is great!", "o200k_base")).resolves.toBe(6);
    await expect(countTextTokens("antidisestablishmentarianism", "cl100k_base")).resolves.toBe(6);
  });
});
