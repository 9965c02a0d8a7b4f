import { encodeTextTokensWith } from "@tessera/openai-tokens";
import type { Tiktoken } from "js-tiktoken/lite";

/** One generated token with what streaming and logprobs need. */
export interface OutputToken {
  id: number;
  bytes: Uint8Array;
}

/** A run of whole tokens whose bytes decode to whole characters: the unit of one streamed delta. */
export interface TokenGroup {
  text: string;
  tokens: OutputToken[];
}

const utf8 = new TextEncoder();

/**
 * Tokenizes generated text with the model's encoding, keeping each token's raw bytes. Text that spells a special
 * token is ordinary text unless `specialTokens` is `"as-tokens"` (a legacy prompt).
 *
 * @example
 * tokenizeOutput(encoder, "Hello world").map((token) => token.id); // [13225, 2375]
 */
export function tokenizeOutput(encoder: Tiktoken, text: string, specialTokens: "as-text" | "as-tokens" = "as-text"): OutputToken[] {
  // Chat text that spells a special token ("<|endoftext|>") is ordinary text to the API; only a legacy prompt means it.
  // The shared counter's merge, not encode(): encode() is quadratic on long runs without a break.
  const ids = encodeTextTokensWith(encoder, text, specialTokens);
  return ids.map((id) => ({ id, bytes: tokenBytes(encoder, id) }));
}

/**
 * Groups tokens so that each group decodes to complete UTF-8 characters. A token that ends inside a multi-byte
 * character (common for CJK and emoji) is joined with the next one, so no delta ever carries half a character.
 * A trailing incomplete character (a reply cut by `max_tokens`) yields a group with empty text.
 */
export function groupWholeCharacters(tokens: ReadonlyArray<OutputToken>): TokenGroup[] {
  const decoder = new TextDecoder("utf-8");
  const groups: TokenGroup[] = [];
  let pending: OutputToken[] = [];
  for (const token of tokens) {
    pending.push(token);
    const bytes = concatBytes(pending);
    if (!endsInsideCharacter(bytes)) {
      groups.push({ text: decoder.decode(bytes), tokens: pending });
      pending = [];
    }
  }
  if (pending.length > 0) groups.push({ text: "", tokens: pending });
  return groups;
}

/** Decodes whole tokens back to text (an incomplete trailing character is dropped, as in a cut-off reply). */
export function decodeTokens(tokens: ReadonlyArray<OutputToken>): string {
  return groupWholeCharacters(tokens)
    .map((group) => group.text)
    .join("");
}

/**
 * The token as logprobs report it: its text when it is valid UTF-8 on its own, otherwise OpenAI's `bytes:\xNN` form.
 */
export function tokenLabel(token: OutputToken): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(token.bytes);
  } catch {
    return `bytes:${Array.from(token.bytes, (byte) => `\\x${byte.toString(16).padStart(2, "0")}`).join("")}`;
  }
}

function concatBytes(tokens: ReadonlyArray<OutputToken>): Uint8Array {
  if (tokens.length === 1) return tokens[0]?.bytes ?? new Uint8Array();
  return Uint8Array.from(tokens.flatMap((token) => Array.from(token.bytes)));
}

function endsInsideCharacter(bytes: Uint8Array): boolean {
  // Walk back over continuation bytes to the lead byte and compare the sequence length it announces.
  let index = bytes.length - 1;
  let continuation = 0;
  while (index >= 0 && ((bytes[index] ?? 0) & 0xc0) === 0x80) {
    continuation++;
    index--;
  }
  if (index < 0) return continuation > 0;
  const lead = bytes[index] ?? 0;
  const expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return continuation < expected;
}

// js-tiktoken keeps each rank's bytes in a private map; reading it gives exact bytes for tokens that split a
// character. The fallback (re-encoding the lossy decode) is exact for every token that is valid UTF-8 on its own.
function tokenBytes(encoder: Tiktoken, id: number): Uint8Array {
  const textMap = (encoder as unknown as { textMap?: Map<number, Uint8Array> }).textMap;
  return textMap?.get(id) ?? utf8.encode(encoder.decode([id]));
}
