import type { ModelProfile } from "./models.js";
import type { Random } from "./random.js";
import type { ChatCompletionRequest } from "../wire.js";
import { lastUserMessage, messageText, trailingToolResults } from "./conversation.js";
import { fillFromConversation } from "./fill-from-conversation.js";
import { findJsonShape } from "./json-shape.js";

// Sentences the emulated model may add; chosen by the request's seed, so replies vary across requests but never
// across runs of the same request.
const REMARKS = [
  "The same request always gets the same reply, so tests that depend on it stay stable.",
  "Usage is counted with the model's real tokenizer, so token figures match what the API would report.",
  "Streaming sends this reply one whole token at a time, in the order the real API uses.",
  "No network access was needed to produce this answer.",
  "Tool calls and JSON answers are generated to fit the schemas the request provides.",
  "A tool is called when the message relates to its name or description, or when tool_choice forces one.",
];

const QUOTE_LIMIT = 120;

/**
 * The text a conversation gets from the emulated model. After tool results, it answers with what they said, one
 * sentence per result (see {@link describeToolResult}). Otherwise it says what it is, quotes the last user message,
 * and adds two remarks, so that streaming shows several chunks.
 *
 * @example
 * composeTextReply(request, model, createRandom("seed"));
 * // "This is an emulated gpt-4o-mini (the Tessera OpenAI emulator). You said: \"Hi\". …"
 */
export function composeTextReply(request: ChatCompletionRequest, model: ModelProfile, random: Random): string {
  const results = trailingToolResults(request);
  if (results.length > 0) return results.map(describeToolResult).join(" ");
  const opening = `This is an emulated ${model.id} (the Tessera OpenAI emulator). ${describePrompt(request)}`;
  const remarks = pickRemarks(random, 2);
  return [opening, ...remarks].join(" ");
}

/**
 * A JSON object reply for `response_format: {type: "json_object"}`. When the prompt shows a shape (a JSON example or a
 * list of keys, see {@link findJsonShape}), the reply has those keys, filled from the last user message where a key
 * matches something said and generated otherwise; without one, a fixed object about the prompt.
 *
 * @example
 * JSON.parse(composeJsonObjectReply(request, model, random)); // { "name": "John Smith", "age": 42 }
 */
export function composeJsonObjectReply(request: ChatCompletionRequest, model: ModelProfile, random: Random): string {
  const shape = findJsonShape(request);
  if (shape) return JSON.stringify(fillFromConversation(shape.schema, shape.said, random.fork("json_object")));
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

const RESULT_LIMIT = 200;
const RESULT_ENTRIES = 6;

/**
 * One sentence that answers with what a tool result said: text is repeated as a statement ("It's 18°C and sunny in
 * Paris, according to get_weather."), a JSON object is read out key by key ("According to get_weather, the temperature
 * is 18 and the condition is sunny."), a JSON array as its items, an error as an error, and an empty result as such.
 *
 * @example
 * describeToolResult({ name: "get_weather", content: "21 degrees celsius in Paris" });
 * // "21 degrees celsius in Paris, according to get_weather."
 */
export function describeToolResult(result: { name: string; content: string }): string {
  const text = result.content.trim();
  if (text.length === 0) return `${result.name} returned nothing.`;
  const parsed = parseJson(text);
  if (parsed.ok && parsed.value !== null && typeof parsed.value === "object") {
    if (Array.isArray(parsed.value)) {
      const items = parsed.value.slice(0, RESULT_ENTRIES).map(readValue);
      const more = parsed.value.length > RESULT_ENTRIES ? `, and ${parsed.value.length - RESULT_ENTRIES} more` : "";
      const count = `${parsed.value.length} result${parsed.value.length === 1 ? "" : "s"}`;
      return items.length === 0 ? `${result.name} found no results.` : `${result.name} found ${count}: ${items.join("; ")}${more}.`;
    }
    const entries = Object.entries(parsed.value).slice(0, RESULT_ENTRIES);
    if (entries.length === 0) return `${result.name} returned an empty object.`;
    const phrases = entries.map(([key, value]) => `the ${readKey(key)} is ${readValue(value)}`);
    return `According to ${result.name}, ${joinPhrases(phrases)}.`;
  }
  const flat = quote(text, RESULT_LIMIT).replace(/[.!。]+$/u, "");
  if (/^(?:error|exception|traceback|failed)\b/iu.test(flat)) return `${result.name} reported an error: ${flat}.`;
  return `${flat.charAt(0).toLocaleUpperCase()}${flat.slice(1)}, according to ${result.name}.`;
}


function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!/^[[{]/u.test(text)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

// "feelsLike" and "feels_like" read "feels like".
function readKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/gu, "$1 $2").replace(/[_-]+/gu, " ").toLowerCase().trim() || key;
}

function readValue(value: unknown): string {
  if (typeof value === "string") return quote(value, 80);
  if (value === null) return "not given";
  if (typeof value !== "object") return String(value);
  // An item object reads as its first text field ("title", "name", …) when it has one, else as compact JSON.
  const first = Array.isArray(value) ? undefined : Object.values(value).find((item) => typeof item === "string");
  return typeof first === "string" ? quote(first, 80) : quote(JSON.stringify(value), 80);
}

function joinPhrases(phrases: string[]): string {
  if (phrases.length <= 1) return phrases.join("");
  return `${phrases.slice(0, -1).join(", ")} and ${phrases[phrases.length - 1]}`;
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
