import { describe, expect, it, jest } from "@jest/globals";
import fc from "fast-check";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import { encodeTextTokensWith } from "./encode-text-tokens.js";
import type { EncodingName } from "./encoding-for-model.js";
import { loadEncoding } from "./load-encoding.js";

const SPECIAL = ["<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|im_start|>", "<|endoftext", "|>"];
const texts = fc
  .array(
    fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.constantFrom(...SPECIAL),
      fc.tuple(fc.constantFrom("a", "東", "🎉", " "), fc.integer({ min: 1, max: 200 })).map(([unit, times]) => unit.repeat(times)),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(""));

describe("encodeTextTokensWith", () => {
  it.each(["o200k_base", "cl100k_base"] as EncodingName[])(
    "gives encode()'s exact ids, special-token text as text or as tokens (%s)",
    async (name) => {
      const encoder = await loadEncoding(name);
      fc.assert(
        fc.property(texts, (text) => {
          expect(encodeTextTokensWith(encoder, text)).toEqual(encoder.encode(text, [], []));
          expect(encodeTextTokensWith(encoder, text, "as-text")).toEqual(encoder.encode(text, [], []));
          expect(encodeTextTokensWith(encoder, text, "as-tokens")).toEqual(encoder.encode(text, "all"));
        }),
        { numRuns: 200, seed: 20261207 },
      );
    },
  );

  it("reads a special token as one token only when asked", async () => {
    const encoder = await loadEncoding("o200k_base");
    expect(encodeTextTokensWith(encoder, "<|endoftext|>", "as-tokens")).toEqual([199999]);
    expect(encodeTextTokensWith(encoder, "<|endoftext|>").length).toBeGreaterThan(1);
    expect(encodeTextTokensWith(encoder, "")).toEqual([]);
  });

  it("never hands a long run to js-tiktoken's quadratic encode", async () => {
    const encoder = await loadEncoding("o200k_base");
    const eight = encoder.encode("a".repeat(8), [], []);
    const encode = jest.spyOn(encoder, "encode");
    try {
      const ids = encodeTextTokensWith(encoder, `${"a".repeat(100_000)}<|endoftext|>`, "as-tokens");
      expect(ids).toEqual([...Array.from({ length: 12_500 }, () => eight).flat(), 199999]);
      expect(encode).not.toHaveBeenCalled();
    } finally {
      encode.mockRestore();
    }
  });

  it("falls back to encode() for an encoder built elsewhere", () => {
    const encoder = new Tiktoken(cl100k);
    expect(encodeTextTokensWith(encoder, "hi <|endoftext|>", "as-tokens")).toEqual(encoder.encode("hi <|endoftext|>", "all"));
    expect(encodeTextTokensWith(encoder, "hi <|endoftext|>")).toEqual(encoder.encode("hi <|endoftext|>", [], []));
  });
});
