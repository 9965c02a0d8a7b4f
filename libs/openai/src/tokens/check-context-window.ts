import { contextWindowForModel, countChatPromptTokens, type PromptMessage } from "@tessera/openai-tokens";
import type OpenAI from "openai";
import { ContextOverflowError } from "../errors/errors.js";

/**
 * Fails a request locally, before it is sent, when its prompt plus the output it asks room for (`max_completion_tokens`
 * or `max_tokens`) exceeds the model's context window: the same rule the API applies when it answers
 * `context_length_exceeded`. `contextWindow` overrides the built-in table; an unknown model without one is not
 * checked.
 *
 * @example
 * await checkContextWindow(request, { contextWindow: 8192 }); // throws ContextOverflowError when it would not fit
 */
export async function checkContextWindow(request: OpenAI.ChatCompletionCreateParams, options: { contextWindow?: number } = {}): Promise<void> {
  const contextWindow = options.contextWindow ?? contextWindowForModel(request.model)?.contextWindow;
  if (contextWindow === undefined) return;
  const { totalCount } = await countChatPromptTokens({
    model: request.model,
    messages: request.messages as PromptMessage[],
    tools: request.tools?.filter((tool): tool is OpenAI.ChatCompletionFunctionTool => tool.type === "function"),
    functions: request.functions,
    toolChoice: request.tool_choice,
    functionCall: request.function_call,
    responseFormat: request.response_format,
  });
  const output = request.max_completion_tokens ?? request.max_tokens ?? 0;
  if (totalCount + output <= contextWindow) return;
  throw new ContextOverflowError(
    `This request needs ${totalCount} prompt tokens${output > 0 ? ` plus ${output} output tokens` : ""}, over ${request.model}'s context window of ` +
      `${contextWindow} tokens; nothing was sent. Trim the conversation (e.g. trimMessages with createTokenCounter) or lower maxTokens.`,
    { code: "context_length_exceeded", param: "messages" },
  );
}
