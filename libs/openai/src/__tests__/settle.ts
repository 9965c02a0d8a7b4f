import type { AIMessageChunk } from "@langchain/core/messages";

/** What a promise rejected with, or undefined when it resolved: for tests that inspect the error a call gives. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** Reads a stream to its end or its error, keeping the chunks that arrived before the error. */
export async function streamAll(stream: AsyncIterable<AIMessageChunk>): Promise<{ chunks: AIMessageChunk[]; error: unknown }> {
  const chunks: AIMessageChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}
