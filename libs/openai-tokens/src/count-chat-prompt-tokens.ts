import type { Tiktoken } from "js-tiktoken/lite";
import { encodingForModel, type EncodingName } from "./encoding-for-model.js";
import { loadEncoding } from "./load-encoding.js";

/** A chat message as it travels on the wire; only the fields that carry tokens are read. */
export interface PromptMessage {
  role: string;
  content?: string | ReadonlyArray<PromptContentPart> | null;
  name?: string;
  tool_calls?: ReadonlyArray<{ function?: { name?: string; arguments?: string } }>;
  function_call?: { name?: string; arguments?: string } | null;
}

/** A content part of a wire message; text parts carry tokens, other kinds are counted elsewhere. */
export interface PromptContentPart {
  type: string;
  text?: string;
}

/** What {@link countChatPromptTokens} reports. */
export interface PromptTokenCount {
  /** The `prompt_tokens` the API reports for these messages. */
  totalCount: number;
  /** Each message's share, overhead included (the 3 reply-priming tokens are in the total only). */
  countPerMessage: number[];
  encoding: EncodingName;
  /** `false` when the model is unknown and o200k_base was assumed. */
  knownModel: boolean;
}

// Chat framing overhead, from the OpenAI cookbook "How to count tokens with tiktoken" (checked against the
// API's reported prompt_tokens for gpt-3.5-turbo, gpt-4, gpt-4o and gpt-4o-mini): every message is wrapped in
// <|start|>{role}<|message|>{content}<|end|> (3 tokens besides the role and content), a name costs 1 more,
// and the reply is primed with <|start|>assistant<|message|> (3 tokens).
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const TOKENS_REPLY_PRIMING = 3;

/**
 * Counts the prompt tokens of a chat request the way the API does, offline.
 *
 * @example
 * const { totalCount } = await countChatPromptTokens({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "Hello!" }],
 * });
 */
export async function countChatPromptTokens(request: {
  model: string;
  messages: ReadonlyArray<PromptMessage>;
  encoding?: EncodingName;
}): Promise<PromptTokenCount> {
  const guessed = encodingForModel(request.model);
  const encoding = request.encoding ?? guessed.encoding;
  const encoder = await loadEncoding(encoding);
  const countPerMessage = request.messages.map((message) => countMessageTokens(encoder, message));
  const totalCount = countPerMessage.reduce((sum, count) => sum + count, TOKENS_REPLY_PRIMING);
  return { totalCount, countPerMessage, encoding, knownModel: request.encoding !== undefined || guessed.known };
}

/**
 * Counts one wire message: framing, role, text content, name, and the names and arguments of its tool calls.
 *
 * @example
 * countMessageTokens(encoder, { role: "user", content: "Hello!" }); // 3 + 1 + 2
 */
export function countMessageTokens(encoder: Tiktoken, message: PromptMessage): number {
  let count = TOKENS_PER_MESSAGE + encoder.encode(message.role).length;
  count += encoder.encode(textOf(message.content)).length;
  if (message.name !== undefined) count += TOKENS_PER_NAME + encoder.encode(message.name).length;
  const calls = [...(message.tool_calls ?? []), ...(message.function_call ? [{ function: message.function_call }] : [])];
  for (const call of calls) {
    count += encoder.encode(call.function?.name ?? "").length;
    count += encoder.encode(call.function?.arguments ?? "").length;
  }
  return count;
}

function textOf(content: PromptMessage["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}
