import type { ModelProfile } from "./models.js";
import type { Random } from "./random.js";
import type { ChatCompletionRequest } from "../wire.js";
import { lastUserMessage, messageText, trailingToolResults } from "./conversation.js";

// Sentences the emulated model may add; chosen by the request's seed, so replies vary across requests but never
// across runs of the same request.
const REMARKS = [
  "The same request always gets the same reply, so tests that depend on it stay stable.",
  "Usage is counted with the model's real tokenizer, so token figures match what the API would report.",
  "Streaming sends this reply one whole token at a time, in the order the real API uses.",
  "No network access was needed to produce this answer.",
  "Tool calls and JSON answers are generated to fit the schemas the request provides.",
  "Ask for a tool by name, or force one with tool_choice, to see a tool call instead of text.",
];

const QUOTE_LIMIT = 120;

/**
 * The text a conversation gets from the emulated model: it says what it is, refers to the last user message (or the
 * tool results it was given), and is long enough that streaming shows several chunks.
 *
 * @example
 * composeTextReply(request, model, createRandom("seed"));
 * // "This is an emulated gpt-4o-mini (the Tessera OpenAI emulator). You said: \"Hi\". …"
 */
export function composeTextReply(request: ChatCompletionRequest, model: ModelProfile, random: Random): string {
  const results = trailingToolResults(request);
  const opening =
    results.length > 0
      ? `This is an emulated ${model.id} answering from tool results. ${results.map(describeResult).join(" ")}`
      : `This is an emulated ${model.id} (the Tessera OpenAI emulator). ${describePrompt(request)}`;
  const remarks = pickRemarks(random, 2);
  return [opening, ...remarks].join(" ");
}

/**
 * A JSON object reply for `response_format: {type: "json_object"}`, derived from the conversation.
 *
 * @example
 * JSON.parse(composeJsonObjectReply(request, model, random)); // { "reply": "…", "model": "gpt-4o-mini", … }
 */
export function composeJsonObjectReply(request: ChatCompletionRequest, model: ModelProfile, random: Random): string {
  const prompt = messageText(lastUserMessage(request));
  return JSON.stringify({
    reply: `An emulated ${model.id} received your message.`,
    topic: quote(prompt, 60),
    words: prompt.split(/\s+/u).filter(Boolean).length,
    note: random.pick(REMARKS),
  });
}

function describePrompt(request: ChatCompletionRequest): string {
  const message = lastUserMessage(request);
  const text = messageText(message);
  const images = Array.isArray(message?.content) ? message.content.filter((part) => part.type === "image_url").length : 0;
  const parts = [text ? `You said: "${quote(text, QUOTE_LIMIT)}"${/[.!?…]$/u.test(text.trim()) ? "" : "."}` : "Your message had no text."];
  if (images > 0) parts.push(`It came with ${images} image${images === 1 ? "" : "s"}.`);
  return parts.join(" ");
}

function describeResult(result: { name: string; content: string }): string {
  return `The ${result.name} tool returned ${quote(result.content, QUOTE_LIMIT)}, so that is the answer to give.`;
}

function pickRemarks(random: Random, count: number): string[] {
  const pool = [...REMARKS];
  const picked: string[] = [];
  while (picked.length < count && pool.length > 0) {
    picked.push(...pool.splice(random.int(0, pool.length - 1), 1));
  }
  return picked;
}

function quote(text: string, limit: number): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}
