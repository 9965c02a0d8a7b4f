// Image input tokens, from OpenAI's vision guide ("Calculating costs", platform.openai.com/docs/guides/images-vision)
// and checked against published prompt_tokens (docs/token-counting.md lists the figures). Two schemes:
//
// Tiles (gpt-4o, gpt-4.1, gpt-4.5, gpt-4-turbo, o1, o3, gpt-5, gpt-4o-mini, ...): `low` detail costs the base tokens;
// `high` scales the image to fit in 2048x2048, then so that its shortest side is 768px (never up), and costs
// base + perTile x the number of 512px tiles covering it. `auto` is counted as `high`: the API billed a 1x1 image
// sent with `auto` at 85 + 170 (pamelafox/openai-messages-token-helper, tests/image_messages.py).
//
// Patches (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano): the number of 32px patches covering the
// image, shrunk to at most 1536 patches, times a per-model multiplier, rounded up, plus 1 (measured, see
// PATCH_IMAGE_EXTRA_TOKENS); `detail` is ignored.

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** The `detail` of an `image_url` part; missing means `auto`. */
export type ImageDetail = "low" | "high" | "auto";

/** How a model meters image input. */
export type ImageTokenRule =
  | { kind: "tiles"; baseTokens: number; tileTokens: number }
  | { kind: "patches"; multiplier: number };

const TILE_DEFAULT: ImageTokenRule = { kind: "tiles", baseTokens: 85, tileTokens: 170 };

// Longest matching prefix wins; fine-tuned names (`ft:BASE:...`) use BASE. Sources: OpenAI's vision guide tables;
// gpt-5-mini and gpt-5-nano use the multipliers of OpenAI's pricing calculator (1.2, 1.5), which measured usage
// confirms, where the guide's text says 1.62 and 2.46 (community.openai.com/t/1344040).
const IMAGE_RULES: ReadonlyArray<readonly [string, ImageTokenRule]> = (
  [
    ["gpt-4o-mini", { kind: "tiles", baseTokens: 2833, tileTokens: 5667 }],
    ["gpt-4.1-mini", { kind: "patches", multiplier: 1.62 }],
    ["gpt-4.1-nano", { kind: "patches", multiplier: 2.46 }],
    ["o4-mini", { kind: "patches", multiplier: 1.72 }],
    ["gpt-5-mini", { kind: "patches", multiplier: 1.2 }],
    ["gpt-5-nano", { kind: "patches", multiplier: 1.5 }],
    ["gpt-5", { kind: "tiles", baseTokens: 70, tileTokens: 140 }],
    ["o1", { kind: "tiles", baseTokens: 75, tileTokens: 150 }],
    ["o3", { kind: "tiles", baseTokens: 75, tileTokens: 150 }],
    ["computer-use-preview", { kind: "tiles", baseTokens: 65, tileTokens: 129 }],
  ] as Array<readonly [string, ImageTokenRule]>
).sort((left, right) => right[0].length - left[0].length);

const MAX_SIDE = 2048;
const SHORT_SIDE = 768;
const TILE = 512;
const PATCH = 32;
const MAX_PATCHES = 1536;
// Every image on a patch model counts 1 token more than the formula: all 26 single-image requests of the truth set on
// gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini and gpt-5-nano whose other tokens are exact (images of 100x100,
// 400x301, 540x360, 597x566 and 640x480; products such as 300 x 1.2 = 360 that need no rounding too), so it is not
// the rounding. Tile models need nothing of the kind (gpt-4o, gpt-4o-mini and gpt-5 images exact).
const PATCH_IMAGE_EXTRA_TOKENS = 1;

/**
 * The image metering rule of a model: tiles (base + per-tile tokens) or 32px patches times a multiplier.
 * Unknown models get the gpt-4o tiles (85 + 170 per tile).
 *
 * @example
 * imageTokenRuleForModel("gpt-4o-mini"); // { kind: "tiles", baseTokens: 2833, tileTokens: 5667 }
 * imageTokenRuleForModel("gpt-4.1-mini"); // { kind: "patches", multiplier: 1.62 }
 */
export function imageTokenRuleForModel(model: string): ImageTokenRule {
  const base = (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
  for (const [prefix, rule] of IMAGE_RULES) {
    if (base.startsWith(prefix) && !/^\d/.test(base.slice(prefix.length))) return rule;
  }
  return TILE_DEFAULT;
}

/**
 * Counts the prompt tokens of one image input by OpenAI's published formula.
 *
 * @example
 * countImageTokens({ width: 1024, height: 1024, detail: "high", model: "gpt-4o" }); // 765 (85 + 170 x 4 tiles)
 * countImageTokens({ width: 4000, height: 3000, detail: "low", model: "gpt-4o" }); // 85
 */
export function countImageTokens(image: ImageSize & { detail?: ImageDetail | null; model?: string }): number {
  const rule = imageTokenRuleForModel(image.model ?? "gpt-4o");
  if (rule.kind === "patches") return Math.ceil(countImagePatches(image) * rule.multiplier) + PATCH_IMAGE_EXTRA_TOKENS;
  if (image.detail === "low") return rule.baseTokens;
  return rule.baseTokens + rule.tileTokens * countImageTiles(image);
}

/**
 * The number of 512px tiles of a `high`-detail image: fit in 2048x2048, then shortest side 768 (never upscaled).
 *
 * @example
 * countImageTiles({ width: 2048, height: 4096 }); // 6 (scaled to 768x1536)
 */
export function countImageTiles(size: ImageSize): number {
  let [width, height] = positiveSize(size);
  const longest = Math.max(width, height);
  if (longest > MAX_SIDE) [width, height] = scaleSide(width, height, longest, MAX_SIDE);
  const shortest = Math.min(width, height);
  if (shortest > SHORT_SIDE) [width, height] = scaleSide(width, height, shortest, SHORT_SIDE);
  return Math.ceil(width / TILE) * Math.ceil(height / TILE);
}

/**
 * The number of 32px patches of an image for patch-metered models, after shrinking to at most 1536 patches
 * (the vision guide's algorithm).
 *
 * @example
 * countImagePatches({ width: 1800, height: 2400 }); // 1452 (shrunk to 1056x1408)
 */
export function countImagePatches(size: ImageSize): number {
  const [width, height] = positiveSize(size);
  const raw = Math.ceil(width / PATCH) * Math.ceil(height / PATCH);
  if (raw <= MAX_PATCHES) return raw;
  const shrink = Math.sqrt((PATCH * PATCH * MAX_PATCHES) / (width * height));
  const columns = (width * shrink) / PATCH;
  const rows = (height * shrink) / PATCH;
  const adjusted = shrink * Math.min(Math.floor(columns) / columns, Math.floor(rows) / rows);
  // The tiny epsilon keeps float noise (1408.0000001 / 32) from adding a row.
  const patches = Math.ceil((width * adjusted) / PATCH - 1e-9) * Math.ceil((height * adjusted) / PATCH - 1e-9);
  return Math.min(patches, MAX_PATCHES);
}

function positiveSize(size: ImageSize): [number, number] {
  return [Math.max(1, Math.round(size.width)), Math.max(1, Math.round(size.height))];
}

// Scales so that the side measuring `from` becomes exactly `to`; the other side is rounded down.
function scaleSide(width: number, height: number, from: number, to: number): [number, number] {
  return width === from
    ? [to, Math.max(1, Math.floor((height * to) / from))]
    : [Math.max(1, Math.floor((width * to) / from)), to];
}

// Reading the size of a base64 image reads its header only (JPEG: up to ~96 KB, for EXIF segments).
const HEADER_BASE64_CHARS = 128;
const JPEG_BASE64_CHARS = 131_072;

/**
 * Reads the pixel size of a `data:image/...;base64,` URL from the image header (PNG, GIF, WebP, JPEG), without
 * decoding the image. Returns `undefined` for http(s) URLs (never fetched) and formats it cannot read.
 *
 * @example
 * imageSizeFromDataUrl("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==");
 * // { width: 1, height: 1 }
 */
export function imageSizeFromDataUrl(url: string): ImageSize | undefined {
  const match = /^data:image\/[\w.+-]+;base64,/i.exec(url);
  if (!match) return undefined;
  const start = match[0].length;
  const head = decodeBase64Prefix(url, start, HEADER_BASE64_CHARS);
  if (!head) return undefined;
  if (head[0] === 0xff && head[1] === 0xd8) {
    const jpeg = decodeBase64Prefix(url, start, JPEG_BASE64_CHARS);
    return jpeg ? jpegSize(jpeg) : undefined;
  }
  return pngSize(head) ?? gifSize(head) ?? webpSize(head);
}

function decodeBase64Prefix(url: string, start: number, chars: number): Uint8Array | undefined {
  let text = url.slice(start, start + chars).replace(/[^A-Za-z0-9+/]/g, "");
  text = text.slice(0, text.length - (text.length % 4));
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return undefined;
  }
}

function byteAt(bytes: Uint8Array, index: number): number {
  return bytes[index] ?? 0;
}

function pngSize(bytes: Uint8Array): ImageSize | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((value, index) => bytes[index] !== value)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function gifSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 10 || String.fromCharCode(...bytes.subarray(0, 4)) !== "GIF8") return undefined;
  return { width: byteAt(bytes, 6) | (byteAt(bytes, 7) << 8), height: byteAt(bytes, 8) | (byteAt(bytes, 9) << 8) };
}

function webpSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 30) return undefined;
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WEBP") return undefined;
  const b = (index: number) => byteAt(bytes, index);
  switch (tag(12)) {
    case "VP8 ":
      return { width: (b(26) | (b(27) << 8)) & 0x3fff, height: (b(28) | (b(29) << 8)) & 0x3fff };
    case "VP8L":
      return {
        width: 1 + (((b(22) & 0x3f) << 8) | b(21)),
        height: 1 + (((b(24) & 0x0f) << 10) | (b(23) << 2) | ((b(22) & 0xc0) >> 6)),
      };
    case "VP8X":
      return { width: 1 + (b(24) | (b(25) << 8) | (b(26) << 16)), height: 1 + (b(27) | (b(28) << 8) | (b(29) << 16)) };
    default:
      return undefined;
  }
}

function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = byteAt(bytes, offset + 1);
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      offset += 2; // markers without a length
      continue;
    }
    const isFrameHeader = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrameHeader) {
      return {
        height: (byteAt(bytes, offset + 5) << 8) | byteAt(bytes, offset + 6),
        width: (byteAt(bytes, offset + 7) << 8) | byteAt(bytes, offset + 8),
      };
    }
    offset += 2 + ((byteAt(bytes, offset + 2) << 8) | byteAt(bytes, offset + 3));
  }
  return undefined;
}
