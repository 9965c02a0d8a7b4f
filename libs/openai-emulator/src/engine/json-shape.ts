// The shape a JSON-mode prompt asks for: a JSON example written in the system or user text, or the keys it lists
// ("with keys name and age", "fields: a, b"), turned into a JSON Schema the reply is generated from.
import type { ChatCompletionRequest, JsonSchema, WireMessage } from "../wire.js";
import { lastUserMessage, messageText } from "./conversation.js";
import { analysedText } from "./words.js";

/** A JSON Schema for the reply, and the text it was found in (the example itself cut out, so it is not quoted back). */
export interface JsonShape {
  schema: JsonSchema;
  /** The last user message, without the example when the example was written there. */
  said: string;
}

const TYPE_WORDS = new Map<string, JsonSchema>([
  ["string", { type: "string" }], ["str", { type: "string" }], ["text", { type: "string" }],
  ["number", { type: "number" }], ["float", { type: "number" }], ["double", { type: "number" }],
  ["integer", { type: "integer" }], ["int", { type: "integer" }],
  ["boolean", { type: "boolean" }], ["bool", { type: "boolean" }],
]);
const NUMERIC_KEYS = /^(?:age|count|number|num|total|amount|price|cost|quantity|qty|year|score|rating|size|length|width|height|weight|duration|minutes|hours|days|population)$|(?:_count|_number|_total|Count|Number|Total)$/u;
const BOOLEAN_KEYS = /^(?:is|has|can|should)[_A-Z]/u;
// A bound on the work: the first 20 opening braces are tried, each over at most 20,000 characters.
const EXAMPLE_ATTEMPTS = 20;
const EXAMPLE_CHARACTERS = 20_000;
const KEY_LIST = /\b(?:keys?|fields?|properties|attributes)\b\s*(?:are\b|named\b|called\b|:|-)?\s*([^.\n;!?]+)/giu;

/**
 * The shape the conversation shows for a JSON object reply, or undefined. The last user message is read first, then
 * the system and developer messages: the first JSON object written in them (its keys, with values of the same types;
 * a value that names a type, such as `"string"` or `"number"`, stands for that type), else the first list of keys
 * ("with keys name and age", "fields: a, b"; strings, except number-like names such as `age` or `count`).
 *
 * @example
 * findJsonShape({ model: "gpt-4o", messages: [{ role: "user", content: 'Reply as {"city": "...", "temp": 0}' }] })?.schema;
 * // { type: "object", properties: { city: { type: "string" }, temp: { type: "integer" } }, required: ["city", "temp"], … }
 */
export function findJsonShape(request: ChatCompletionRequest): JsonShape | undefined {
  const last = lastUserMessage(request);
  const sources: WireMessage[] = [
    ...(last ? [last] : []),
    ...request.messages.filter((message) => message.role === "system" || message.role === "developer"),
  ];
  const said = messageText(last);
  for (const message of sources) {
    const example = findJsonExample(messageText(message));
    if (!example) continue;
    const rest = message === last ? said.slice(0, example.start) + said.slice(example.end) : said;
    return { schema: schemaFromExample(example.value), said: rest };
  }
  for (const message of sources) {
    const keys = listedKeys(analysedText(messageText(message)));
    if (keys.length > 0) return { schema: objectSchema(keys.map((key) => [key, schemaForKey(key)])), said };
  }
  return undefined;
}

/**
 * The first JSON object with at least one key written in a text, with where it starts and ends.
 *
 * @example
 * findJsonExample('Answer like {"ok": true}.'); // { value: { ok: true }, start: 12, end: 24 }
 */
export function findJsonExample(text: string): { value: Record<string, unknown>; start: number; end: number } | undefined {
  let attempts = 0;
  for (let start = text.indexOf("{"); start >= 0 && attempts++ < EXAMPLE_ATTEMPTS; start = text.indexOf("{", start + 1)) {
    const end = closingBrace(text, start);
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
        return { value: value as Record<string, unknown>, start, end: end + 1 };
      }
    } catch {
      // not JSON (a template placeholder, code): try the next brace
    }
  }
  return undefined;
}

// The index of the brace that closes the one at `start`, skipping braces inside strings; -1 when unbalanced.
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < Math.min(text.length, start + EXAMPLE_CHARACTERS); index++) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return index;
  }
  return -1;
}

function schemaFromExample(value: unknown): JsonSchema {
  if (typeof value === "string") return TYPE_WORDS.get(value.trim().toLowerCase()) ?? { type: "string" };
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
  if (typeof value === "boolean") return { type: "boolean" };
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) {
    return value.length > 0 ? { type: "array", items: schemaFromExample(value[0]), minItems: 1 } : { type: "array", items: { type: "string" } };
  }
  return objectSchema(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, schemaFromExample(item)]));
}

function objectSchema(entries: Array<[string, JsonSchema]>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const [key, schema] of entries) Object.defineProperty(properties, key, { value: schema, enumerable: true, writable: true, configurable: true });
  return { type: "object", properties, required: entries.map(([key]) => key), additionalProperties: false };
}

function schemaForKey(key: string): JsonSchema {
  if (NUMERIC_KEYS.test(key)) return { type: "integer", minimum: 0 };
  if (BOOLEAN_KEYS.test(key)) return { type: "boolean" };
  return { type: "string" };
}

// "keys name and age", "fields: a, b, c", "properties `x` and `y`": identifiers separated by commas, "and" or "or",
// up to the first item that is not one.
function listedKeys(text: string): string[] {
  for (const match of text.matchAll(KEY_LIST)) {
    const keys: string[] = [];
    for (const item of (match[1] as string).split(/,|\band\b|\bor\b|&/u)) {
      const key = /^\s*[`"']?([A-Za-z_][\w-]*)[`"']?\s*$/u.exec(item)?.[1];
      if (!key) break;
      if (!keys.includes(key)) keys.push(key);
    }
    if (keys.length > 0) return keys;
  }
  return [];
}
