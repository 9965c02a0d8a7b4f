import type { AIMessage } from "@langchain/core/messages";
import type { ChatGenerationChunk, ChatResult } from "@langchain/core/outputs";

/**
 * Wraps a Responses answer as LangChain's ChatResult: one generation, and its usage as `llmOutput.tokenUsage`.
 *
 * @example
 * const result = convertMessageToResult(await caller.complete(messages, options));
 * result.generations[0]?.message.id; // "resp_…"
 */
export function convertMessageToResult(message: AIMessage): ChatResult {
  const usage = message.usage_metadata;
  const tokenUsage = usage && { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens };
  return { generations: [{ text: message.text, message }], llmOutput: tokenUsage ? { tokenUsage } : {} };
}

/**
 * Concatenates a Responses stream's chunks into one ChatResult (generate with `streaming: true`).
 *
 * @example
 * const result = await collectResponsesStream(caller.stream(messages, options, { promptIndex: 0 }));
 */
export async function collectResponsesStream(chunks: AsyncIterable<ChatGenerationChunk>): Promise<ChatResult> {
  let total: ChatGenerationChunk | undefined;
  for await (const chunk of chunks) total = total === undefined ? chunk : total.concat(chunk);
  if (total === undefined) return { generations: [], llmOutput: {} };
  return convertMessageToResult(total.message as AIMessage);
}
