import { type AIMessage, AIMessageChunk } from "@langchain/core/messages";
import type { ChatGeneration, Generation } from "@langchain/core/outputs";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { restoreToolCallNulls } from "../tools/restore-tool-call-nulls.js";
import { finalizeStreamedMessage } from "./convert-from-openai-chunk.js";
import { TRUNCATED_TOOL_CALLS_WARNING } from "./parse-tool-calls.js";

/**
 * Finalizes, in place, the messages of a generate result that were assembled from streamed chunks (AIMessageChunk:
 * ours, or core's own when a streaming callback listens), like every other answer: tool calls rebuilt by our parser
 * (truncated ones stay invalid, see finalizeStreamedMessage) and strict tools' nulls mapped back. Non-streamed messages
 * are final already and left alone; `restorePlans` is asked for only for a message to finalize. Every message whose
 * tool calls the token limit cut (`finish_reason: "length"`) carries {@link TRUNCATED_TOOL_CALLS_WARNING} once in
 * `response_metadata.warnings`, streamed or not, so invoke and streaming invoke agree.
 *
 * @example
 * const result = await super._generateUncached(messages, options, handledOptions);
 * finalizeStreamedGenerations(result.generations, () => restorePlans);
 */
export function finalizeStreamedGenerations(generations: Generation[][], restorePlans: () => ReadonlyMap<string, OptionalNullPlan>): void {
  for (const choices of generations) {
    for (const generation of choices as ChatGeneration[]) {
      if (AIMessageChunk.isInstance(generation.message)) generation.message = restoreToolCallNulls(finalizeStreamedMessage(generation.message), restorePlans());
      flagTruncatedToolCalls(generation.message as AIMessage);
    }
  }
}

function flagTruncatedToolCalls(message: AIMessage): void {
  const metadata = message.response_metadata as Record<string, unknown> | undefined;
  if (metadata?.finish_reason !== "length") return;
  if ((message.tool_calls?.length ?? 0) + (message.invalid_tool_calls?.length ?? 0) === 0) return;
  const warnings = Array.isArray(metadata.warnings) ? (metadata.warnings as unknown[]) : [];
  if (!warnings.includes(TRUNCATED_TOOL_CALLS_WARNING)) metadata.warnings = [...warnings, TRUNCATED_TOOL_CALLS_WARNING];
}
