// Cuts a file's text into the chunks a vector store searches, as the API's static chunking strategy describes it:
// windows of `max_chunk_size_tokens` tokens, each starting `max_chunk_size_tokens - chunk_overlap_tokens` tokens after
// the previous one. `auto` is 800 tokens with 400 of overlap (the SDK's AutoFileChunkingStrategyParam).

import { encodeTextTokensWith, loadEncoding } from "@tessera/openai-tokens";
import type { StaticChunking } from "./file-store.js";

/** What `chunking_strategy: { type: "auto" }` (or none) stands for. */
export const AUTO_CHUNKING: Readonly<StaticChunking> = Object.freeze({ max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 });

/**
 * The tokenizer chunks are counted with: cl100k_base, the encoding of the embedding models (text-embedding-3-*) that
 * file search indexes chunks for. The API does not say which tokenizer it counts with; this is the emulator's choice.
 */
export const CHUNK_ENCODING = "cl100k_base";

/**
 * The chunks of a text: one chunk when it fits in `max_chunk_size_tokens`, else overlapping windows of tokens decoded
 * back to text (a window may start or end inside a multi-byte character; the decoder replaces the broken part). Empty
 * text has no chunks.
 *
 * @example
 * await chunkText("The quick brown fox.", { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 }); // ["The quick brown fox."]
 */
export async function chunkText(text: string, chunking: StaticChunking): Promise<string[]> {
  if (text.trim() === "") return [];
  const encoder = await loadEncoding(CHUNK_ENCODING);
  const tokens = encodeTextTokensWith(encoder, text);
  const size = chunking.max_chunk_size_tokens;
  if (tokens.length <= size) return [text];
  const step = Math.max(1, size - chunking.chunk_overlap_tokens);
  const chunks: string[] = [];
  for (let start = 0; start < tokens.length; start += step) {
    chunks.push(encoder.decode(tokens.slice(start, start + size)));
    if (start + size >= tokens.length) break;
  }
  return chunks;
}
