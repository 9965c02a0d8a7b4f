import type { AIMessageChunk } from "@langchain/core/messages";

/** A stream's chunks concatenated into one message, as a caller of `stream()` would merge them. */
export async function concatStream(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  let merged: AIMessageChunk | undefined;
  for await (const chunk of stream) merged = merged === undefined ? chunk : merged.concat(chunk);
  if (merged === undefined) throw new Error("the stream yielded no chunk");
  return merged;
}
