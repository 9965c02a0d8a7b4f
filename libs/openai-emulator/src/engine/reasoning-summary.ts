import type { ChatCompletionRequest } from "../wire.js";
import { lastUserMessage, messageText } from "./conversation.js";
import type { Random } from "./random.js";
import { isStopword } from "./words.js";

/** How detailed a reasoning summary is, as `reasoning.summary` asks (`auto` gives the model's default, concise). */
export type SummaryStyle = "auto" | "concise" | "detailed";

const HEADINGS = ["Considering the request", "Working out the answer", "Planning the reply", "Weighing the question"];
const CALL_HEADINGS = ["Deciding on a tool call", "Choosing the right function", "Preparing the call"];

/**
 * The paragraphs of a reasoning summary for the Responses API: a bold heading and a sentence naming what the last user
 * message is about, as recorded summaries read ("**Calculating step-by-step using calculator**\n\nI'll compute …").
 * `detailed` adds a second part. Deterministic for a given request and random stream.
 *
 * @example
 * composeReasoningSummary(request, "auto", false, random); // ["**Planning the reply**\n\nThe user asks about Paris weather. …"]
 */
export function composeReasoningSummary(request: ChatCompletionRequest, style: SummaryStyle, calls: boolean, random: Random): string[] {
  const topic = topicOf(messageText(lastUserMessage(request)));
  const heading = random.pick(calls ? CALL_HEADINGS : HEADINGS);
  const plan = calls ? "I'll call the tool with arguments taken from the conversation." : "I'll answer directly and keep it clear.";
  const first = `**${heading}**\n\nThe user asks about ${topic}. ${plan}`;
  if (style !== "detailed") return [first];
  return [first, `**Checking the details**\n\nBefore replying, I'm making sure the answer about ${topic} covers what was asked.`];
}

function topicOf(text: string): string {
  const words = (text.match(/[\p{L}\p{N}'-]+/gu) ?? []).filter((word) => word.length > 2 && !isStopword(word.toLowerCase()));
  return words.length === 0 ? "this" : words.slice(0, 4).join(" ");
}
