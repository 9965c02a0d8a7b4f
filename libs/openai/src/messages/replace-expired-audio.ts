import type { BaseMessage } from "@langchain/core/messages";
import type OpenAI from "openai";

type MessageParam = OpenAI.ChatCompletionMessageParam;

/**
 * Converted messages with expired audio references replaced, and a warning for each.
 *
 * @example
 * const { messages, warnings }: ReplacedExpiredAudio = replaceExpiredAudio(history, wire, Date.now() / 1000);
 */
export interface ReplacedExpiredAudio {
  messages: MessageParam[];
  warnings: string[];
}

/**
 * A spoken answer is sent back in a later turn as `{ audio: { id } }` (OpenAI keeps the audio, the client sends only
 * its id), but only until its `expires_at`: the SDK documents it as the time "this audio response will no longer be
 * accessible on the server for use in multi-turn conversations" (ChatCompletionAudio.expires_at, openai 7.57). An
 * assistant message whose `additional_kwargs.audio.expires_at` has passed is sent without the id, its transcript as
 * its text (when it has no text of its own), and a warning says so; the API would otherwise refuse the whole request.
 * `wire` is `convertToOpenAIMessages(source)`, one message per source message. Returns the input when nothing expired.
 *
 * @example
 * replaceExpiredAudio(history, convertToOpenAIMessages(history), Date.now() / 1000);
 * // { messages: [..., { role: "assistant", content: "Hello team!" }], warnings: ["Message 1's audio (id \"audio_1\") …"] }
 */
export function replaceExpiredAudio(source: readonly BaseMessage[], wire: MessageParam[], nowSeconds: number): ReplacedExpiredAudio {
  let messages = wire;
  const warnings: string[] = [];
  wire.forEach((param, index) => {
    if (param.role !== "assistant" || param.audio == null) return;
    const audio = source[index]?.additional_kwargs?.audio as { expires_at?: unknown; transcript?: unknown } | undefined;
    const expiresAt = audio?.expires_at;
    if (typeof expiresAt !== "number" || expiresAt > nowSeconds) return;
    const { audio: reference, ...rest } = param;
    const hasText = typeof rest.content === "string" ? rest.content !== "" : Array.isArray(rest.content) && rest.content.length > 0;
    const transcript = typeof audio?.transcript === "string" ? audio.transcript : "";
    const replaced: OpenAI.ChatCompletionAssistantMessageParam = hasText ? rest : { ...rest, content: transcript || (rest.tool_calls ? null : "") };
    if (messages === wire) messages = [...wire];
    messages[index] = replaced;
    const when = new Date(expiresAt * 1000).toISOString();
    const sent = hasText ? "its text was sent without it" : transcript ? "its transcript was sent as its text instead" : "it was sent without it";
    warnings.push(`Message ${index}'s audio (id ${JSON.stringify(reference.id)}) expired at ${when}, so OpenAI can no longer use it: ${sent}.`);
  });
  return { messages, warnings };
}
