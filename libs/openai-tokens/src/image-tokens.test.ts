import { describe, expect, it } from "@jest/globals";
import {
  countImagePatches,
  countImageTiles,
  countImageTokens,
  imageSizeFromDataUrl,
  imageTokenRuleForModel,
} from "./image-tokens.js";

const dataUrl = (mime: string, bytes: number[]) =>
  `data:${mime};base64,${btoa(String.fromCharCode(...bytes, ...new Array<number>(40).fill(0)))}`;
const u16be = (value: number) => [value >> 8, value & 0xff];
const u16le = (value: number) => [value & 0xff, value >> 8];
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

describe("countImageTiles (high detail)", () => {
  it.each([
    [1024, 1024, 4], // OpenAI's example: 768x768
    [2048, 4096, 6], // OpenAI's example: 1024x2048, then 768x1536
    [128, 64, 1], // small images are not scaled up
    [768, 768, 4],
    [769, 769, 4], // 768x768
    [513, 100, 2],
    [4000, 100, 4], // 2048x51
    [1126, 488, 3],
  ])("%ix%i covers %i tiles", (width, height, tiles) => {
    expect(countImageTiles({ width, height })).toBe(tiles);
  });
});

describe("countImagePatches", () => {
  it.each([
    [1024, 1024, 1024], // OpenAI's example
    [1800, 2400, 1452], // OpenAI's example: shrunk to 1056x1408, 33 x 44 patches
    [128, 64, 8],
    [33, 33, 4],
  ])("%ix%i covers %i patches", (width, height, patches) => {
    expect(countImagePatches({ width, height })).toBe(patches);
  });

  it.each([
    [4000, 3000, 1452], // 1408x1056
    [2049, 2049, 1521], // 1248x1248
    [5000, 5000, 1521],
    [10000, 100, 1252], // already under the cap: not shrunk
  ])("shrinks %ix%i to %i patches, at most 1536", (width, height, patches) => {
    expect(countImagePatches({ width, height })).toBe(patches);
  });
});

describe("countImageTokens", () => {
  it("gpt-4o: low is 85, high and auto are 85 + 170 per tile", () => {
    expect(countImageTokens({ width: 4096, height: 4096, detail: "low", model: "gpt-4o" })).toBe(85);
    expect(countImageTokens({ width: 1024, height: 1024, detail: "high", model: "gpt-4o" })).toBe(765);
    expect(countImageTokens({ width: 2048, height: 4096, detail: "auto", model: "gpt-4o" })).toBe(1105);
    expect(countImageTokens({ width: 1, height: 1 })).toBe(255); // defaults: auto, gpt-4o
  });

  it.each([
    ["gpt-4o-mini-2024-07-18", 2833, 5667],
    ["gpt-4.1", 85, 170],
    ["gpt-4-turbo", 85, 170],
    ["o1", 75, 150],
    ["o3-2025-04-16", 75, 150],
    ["gpt-5", 70, 140],
    ["ft:gpt-4o-mini:acme::x", 2833, 5667],
    ["some-local-model", 85, 170],
  ])("%s uses base %i + %i per tile", (model, base, tile) => {
    expect(countImageTokens({ width: 700, height: 700, detail: "low", model })).toBe(base);
    expect(countImageTokens({ width: 1024, height: 1024, detail: "high", model })).toBe(base + 4 * tile);
  });

  it.each([
    ["gpt-4.1-mini", 1.62],
    ["gpt-4.1-nano-2025-04-14", 2.46],
    ["o4-mini", 1.72],
    ["gpt-5-mini", 1.2],
    ["gpt-5-nano", 1.5],
  ])("%s counts 32px patches times %f, whatever the detail", (model, multiplier) => {
    const expected = Math.ceil(1024 * multiplier) + 1; // 1024x1024 = 32 x 32 patches, + 1 per image
    expect(countImageTokens({ width: 1024, height: 1024, detail: "low", model })).toBe(expected);
    expect(countImageTokens({ width: 1024, height: 1024, detail: "high", model })).toBe(expected);
  });

  it("picks the longest matching model prefix", () => {
    expect(imageTokenRuleForModel("gpt-5-mini-2025-08-07")).toEqual({ kind: "patches", multiplier: 1.2 });
    expect(imageTokenRuleForModel("gpt-5-2025-08-07")).toEqual({ kind: "tiles", baseTokens: 70, tileTokens: 140 });
    expect(imageTokenRuleForModel("gpt-4o-2024-08-06")).toEqual({ kind: "tiles", baseTokens: 85, tileTokens: 170 });
    expect(imageTokenRuleForModel("o10")).toEqual({ kind: "tiles", baseTokens: 85, tileTokens: 170 });
  });
});

describe("imageSizeFromDataUrl", () => {
  it("reads PNG headers", () => {
    expect(
      imageSizeFromDataUrl(
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==",
      ),
    ).toEqual({ width: 1, height: 1 });
    expect(imageSizeFromDataUrl("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAABGYAAAHoCAYAAAALy+n8")).toEqual({
      width: 1126,
      height: 488,
    });
  });

  it("reads GIF headers", () => {
    expect(imageSizeFromDataUrl(dataUrl("image/gif", [...ascii("GIF89a"), ...u16le(640), ...u16le(480)]))).toEqual({
      width: 640,
      height: 480,
    });
  });

  it("reads JPEG frame headers after other segments", () => {
    const app0 = [0xff, 0xe0, ...u16be(16), ...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof0 = [0xff, 0xc0, ...u16be(17), 8, ...u16be(900), ...u16be(1600), 3];
    expect(imageSizeFromDataUrl(dataUrl("image/jpeg", [0xff, 0xd8, ...app0, ...sof0]))).toEqual({
      width: 1600,
      height: 900,
    });
  });

  it("reads WebP headers (VP8X, VP8L, VP8)", () => {
    const riff = (chunk: string, payload: number[]) => [...ascii("RIFF"), 0, 0, 0, 0, ...ascii("WEBP"), ...ascii(chunk), 0, 0, 0, 0, ...payload];
    const u24le = (value: number) => [value & 0xff, (value >> 8) & 0xff, value >> 16];
    expect(imageSizeFromDataUrl(dataUrl("image/webp", riff("VP8X", [0, 0, 0, 0, ...u24le(1999), ...u24le(999)])))).toEqual({
      width: 2000,
      height: 1000,
    });
    // VP8L: 14-bit width - 1 and height - 1 after the 0x2f signature.
    const [w, h] = [300 - 1, 200 - 1];
    const bits = w | (h << 14);
    const vp8l = [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff];
    expect(imageSizeFromDataUrl(dataUrl("image/webp", riff("VP8L", vp8l)))).toEqual({ width: 300, height: 200 });
    const vp8 = [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(640), ...u16le(360)];
    expect(imageSizeFromDataUrl(dataUrl("image/webp", riff("VP8 ", vp8)))).toEqual({ width: 640, height: 360 });
  });

  it("gives up on URLs it would have to fetch and on data it cannot read", () => {
    expect(imageSizeFromDataUrl("https://example.com/cat.png")).toBeUndefined();
    expect(imageSizeFromDataUrl("data:image/png;base64,not-an-image")).toBeUndefined();
    expect(imageSizeFromDataUrl("data:text/plain;base64,aGVsbG8=")).toBeUndefined();
  });
});
