import type { BaseMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import { ConfigurationError } from "../errors/errors.js";

/**
 * Which assistant messages carry their reasoning back to the server as `reasoning_content`: `"never"` (default: the
 * reasoning is shown to you, not resent, as OpenAI-compatible servers expect), `"tool-calls"` (those with tool calls,
 * as DeepSeek's thinking mode requires within a tool loop) or `"always"`.
 *
 * @example
 * new ChatOpenAI({ model: "deepseek-reasoner", baseURL: "https://api.deepseek.com", sendReasoningContent: "tool-calls" });
 */
export type SendReasoningContent = "never" | "tool-calls" | "always";

type MessageParam = OpenAI.ChatCompletionMessageParam;

/**
 * Puts the reasoning of earlier AI messages back on their wire messages as `reasoning_content`, as `mode` says. The
 * reasoning is the message's `additional_kwargs.reasoning_content` (where this package keeps what DeepSeek, vLLM and
 * OpenRouter send), else its `reasoning` content blocks joined. `wire` is `convertToOpenAIMessages(messages)`, one wire
 * message per message; it is not changed. DeepSeek's thinking mode answers 400 when a tool-call turn's reasoning is
 * missing from later requests ("For turns that do perform tool calls, the reasoning_content must be fully passed back
 * to the API in all subsequent requests", api-docs.deepseek.com/guides/thinking_mode); in other turns it ignores it.
 *
 * @example
 * applyReasoningHistory(wire, messages, "tool-calls");
 * // the assistant messages with tool_calls gain reasoning_content: "…", the others stay as they were
 */
export function applyReasoningHistory(wire: MessageParam[], messages: BaseMessage[], mode: SendReasoningContent): MessageParam[] {
  if (mode === "never") return wire;
  return wire.map((param, index) => {
    const message = messages[index];
    if (param.role !== "assistant" || message === undefined) return param;
    if (mode === "tool-calls" && (param.tool_calls?.length ?? 0) === 0) return param;
    const reasoning = readReasoning(message);
    return reasoning === undefined ? param : ({ ...param, reasoning_content: reasoning } as MessageParam);
  });
}

function readReasoning(message: BaseMessage): string | undefined {
  const kept = message.additional_kwargs?.reasoning_content;
  if (typeof kept === "string" && kept !== "") return kept;
  if (!Array.isArray(message.content)) return undefined;
  const blocks = message.content.flatMap((block) => {
    const { type, reasoning } = block as { type?: unknown; reasoning?: unknown };
    return type === "reasoning" && typeof reasoning === "string" ? [reasoning] : [];
  });
  return blocks.length > 0 ? blocks.join("") : undefined;
}

/**
 * Checks the `sendReasoningContent` field: unset, `"never"`, `"tool-calls"` or `"always"`; anything else is a
 * ConfigurationError naming the choices.
 *
 * @example
 * checkSendReasoningContent("tool-calls"); // "tool-calls"
 */
export function checkSendReasoningContent(value: unknown): SendReasoningContent | undefined {
  if (value === undefined || value === "never" || value === "tool-calls" || value === "always") return value;
  throw new ConfigurationError(`sendReasoningContent must be "never", "tool-calls" or "always", not ${JSON.stringify(value)}.`);
}
