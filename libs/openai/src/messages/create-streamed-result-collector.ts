import type { AIMessageChunk } from "@langchain/core/messages";
import type { ChatGenerationChunk, ChatResult } from "@langchain/core/outputs";

/**
 * Collects a stream's chunks by choice (generate with `streaming`) and turns them into one ChatResult at the end.
 *
 * @example
 * const collector = createStreamedResultCollector();
 * for await (const _chunk of streamChatChunks(open, { signal, runManager, promptIndex: 0, collect: collector.add })) void _chunk;
 * const result = collector.result(); // one generation per choice, in choice order
 */
export interface StreamedResultCollector {
  /** Keeps one chunk of a choice; a plain function, to pass as a callback. */
  add(choiceIndex: number, chunk: ChatGenerationChunk): void;
  /**
   * Each choice's chunks concatenated (once, here, not per chunk), in choice order, with the choice's finish reason as
   * `generationInfo.finish_reason`; choice 0's `usage_metadata` becomes `llmOutput.tokenUsage`. The messages are not
   * finalized here: core's generate path finalizes every message (truncated calls, strict nulls) in one place.
   */
  result(): ChatResult;
}

/**
 * Creates a {@link StreamedResultCollector}: the collection half of generate with `streaming`.
 *
 * @example
 * const collector = createStreamedResultCollector();
 * collector.add(1, chunkOfSecondChoice);
 * collector.add(0, chunkOfFirstChoice);
 * collector.result().generations.length; // 2, the first choice first
 */
export function createStreamedResultCollector(): StreamedResultCollector {
  const byChoice = new Map<number, ChatGenerationChunk[]>();
  const add = (choiceIndex: number, chunk: ChatGenerationChunk): void => {
    const chunks = byChoice.get(choiceIndex);
    if (chunks) chunks.push(chunk);
    else byChoice.set(choiceIndex, [chunk]);
  };
  return { add, result: () => convertCollectedChunksToResult(byChoice) };
}

function convertCollectedChunksToResult(byChoice: ReadonlyMap<number, ChatGenerationChunk[]>): ChatResult {
  const generations = [...byChoice.entries()]
    .sort(([left], [right]) => left - right)
    .map(([, chunks]) => {
      const whole = chunks.reduce((left, right) => left.concat(right));
      const message = whole.message as AIMessageChunk;
      return { text: whole.text, message, generationInfo: { finish_reason: message.response_metadata.finish_reason } };
    });
  const usage = generations[0]?.message.usage_metadata;
  const tokenUsage = usage && { promptTokens: usage.input_tokens, completionTokens: usage.output_tokens, totalTokens: usage.total_tokens };
  return { generations, llmOutput: tokenUsage ? { tokenUsage } : {} };
}
