import type { ChatGeneration, ChatResult } from "@langchain/core/outputs";
import type OpenAI from "openai";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { restoreToolCallNulls } from "../tools/restore-tool-call-nulls.js";
import { convertFromOpenAIMessage, type ResponseContext } from "./convert-from-openai-message.js";
import { convertTokenUsage } from "./convert-usage.js";

/**
 * Converts a non-streamed Chat Completions response into LangChain's ChatResult: one generation per choice (usage on
 * the first only, strict tools' nulls mapped back, the finish reason as `generationInfo`), and the usage as
 * `llmOutput.tokenUsage`.
 *
 * @example
 * const result = convertChatCompletionToResult(completion, { requestId, warnings }, restorePlans);
 * result.generations[0]?.message.tool_calls; result.llmOutput?.tokenUsage;
 */
export function convertChatCompletionToResult(
  completion: OpenAI.ChatCompletion,
  context: ResponseContext,
  restorePlans: ReadonlyMap<string, OptionalNullPlan>,
): ChatResult {
  const generations: ChatGeneration[] = completion.choices.map((choice, index) => {
    const message = restoreToolCallNulls(convertFromOpenAIMessage(completion, choice, context, { includeUsage: index === 0 }), restorePlans);
    return { text: typeof message.content === "string" ? message.content : "", message, generationInfo: { finish_reason: choice.finish_reason } };
  });
  return { generations, llmOutput: completion.usage ? { tokenUsage: convertTokenUsage(completion.usage) } : {} };
}
