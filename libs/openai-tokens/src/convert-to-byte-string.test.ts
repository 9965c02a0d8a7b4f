import { afterEach, describe, expect, it } from "@jest/globals";
import { convertToByteString } from "./convert-to-byte-string.js";

const samples = ["", "plain ascii", "é!", "東京", "🎉👩‍👩‍👧", "lone \ud800 high and \udfff low", "\u0080\u009f\u00ff", "x".repeat(20_000) + "é".repeat(10_000)];
const expected = (text: string): string => Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join("");
const nodeBuffer = globalThis.Buffer;

describe("convertToByteString", () => {
  afterEach(() => {
    globalThis.Buffer = nodeBuffer;
  });

  it("gives one code unit per UTF-8 byte, lone surrogates as U+FFFD", () => {
    expect(convertToByteString("é!")).toBe("\u00c3\u00a9!");
    expect(convertToByteString("\ud800")).toBe("\u00ef\u00bf\u00bd");
    for (const text of samples) expect(convertToByteString(text)).toBe(expected(text));
  });

  it("gives the same bytes without Node's Buffer (browsers, edge runtimes), past one chunk", () => {
    // @ts-expect-error: the runtime may lack Buffer; the portable path must agree with the Node one.
    globalThis.Buffer = undefined;
    for (const text of samples) expect(convertToByteString(text)).toBe(expected(text));
  });
});
