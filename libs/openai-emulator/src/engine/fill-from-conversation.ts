// Arguments (and JSON-mode objects) filled from what the user said: each top-level property of an object schema is
// matched by its name, description, type, format or enum to a value in the last user message; the rest comes from the
// schema synthesizer, and the result is checked against the schema, so a value that does not fit is left out.
import type { JsonSchema } from "../wire.js";
import { findDates, findGist, findNumbers, findProperNouns } from "./extract-values.js";
import type { Random } from "./random.js";
import { checkJson, synthesizeJson } from "./synthesize-json.js";
import { analysedText } from "./words.js";

/** What kind of value a property holds, as far as the conversation can fill it. */
export type FieldKind = "enum" | "date" | "place" | "name" | "number" | "query";

const PLACE_WORDS = new Set([
  "city", "location", "place", "country", "town", "region", "destination", "origin", "address", "state", "area", "where",
  "village", "province", "ville", "lieu", "pays", "ciudad", "lugar", "stadt", "ort", "都市", "場所", "地域", "国", "城市", "地点",
]);
// Fields that hold a person's (or a thing's) proper name: the key alone decides ("file_name" is not one).
const NAME_KEYS = new Set(["name", "full name", "person", "person name", "author", "nom", "nombre", "名前"]);
const DATE_WORDS = new Set(["date", "day", "when", "birthday", "deadline", "fecha", "datum", "日付"]);
const QUERY_WORDS = new Set([
  "query", "q", "text", "question", "input", "prompt", "search", "term", "terms", "keyword", "keywords", "message",
  "topic", "expression", "content", "subject", "request", "requête", "recherche", "texte", "質問", "検索",
]);

/**
 * A value valid against `schema`: generated from the schema, with each top-level property that `text` (the last user
 * message) can fill taken from it (see {@link classifyField} and {@link conversationValues}); a value that would break the
 * schema is left to the generator.
 *
 * @example
 * fillFromConversation(getWeather.parameters, "What's the weather in Paris?", random);
 * // { city: "Paris", unit: "celsius" }
 */
export function fillFromConversation(schema: JsonSchema, text: string, random: Random): unknown {
  const generated = synthesizeJson(schema, random);
  if (!isPlainObject(generated) || !isPlainObject(schema.properties)) return generated;
  const said = conversationValues(schema, text);
  if (said.size === 0) return generated;
  const merged = inPropertyOrder(schema, { ...generated, ...Object.fromEntries(said) });
  if (!checkJson(schema, merged)) return merged;
  // Some value does not fit (a bound, a pattern, strict nulls): keep the ones that do, one at a time.
  let kept: Record<string, unknown> = generated;
  for (const [key, value] of said) {
    const candidate = inPropertyOrder(schema, { ...kept, [key]: value });
    if (!checkJson(schema, candidate)) kept = candidate;
  }
  return kept;
}

/**
 * The values the text gives for the properties of `schema`, by property name: an enum value mentioned, a date for a
 * date-like field, a proper-noun phrase for a place-like or name field, numbers for number fields in the order of mention, and
 * the gist of the text for a query-like field. Places, dates and numbers are handed out in order, one per field.
 *
 * @example
 * conversationValues({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } } }, "what is 3 times 12");
 * // Map { "a" => 3, "b" => 12 }
 */
export function conversationValues(schema: JsonSchema, said: string): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const text = analysedText(said);
  if (text.trim().length === 0) return values;
  const queues = { date: findDates(text), number: findNumbers(text) };
  const nouns = findProperNouns(text);
  // A place takes the best-placed phrase ("in Paris" first); a name the first one written.
  const takeNoun = (kind: "place" | "name"): string | undefined => {
    const pool = kind === "name" ? [...nouns].sort((left, right) => left.at - right.at) : nouns;
    const found = pool[0];
    if (found) nouns.splice(nouns.indexOf(found), 1);
    return found?.value;
  };
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (!isPlainObject(property)) continue;
    const kind = classifyField(key, property);
    switch (kind) {
      case "enum": {
        const value = mentionedEnum(property, text);
        if (value !== undefined) values.set(key, value);
        break;
      }
      case "date": {
        const found = queues.date.shift();
        if (found) values.set(key, formatsOf(property).includes("date-time") ? found.dateTime : found.value);
        break;
      }
      case "place":
      case "name": {
        const found = takeNoun(kind);
        if (found !== undefined) values.set(key, found);
        break;
      }
      case "number": {
        const found = queues.number.shift();
        if (found) values.set(key, found.value);
        break;
      }
      case "query":
        values.set(key, findGist(text));
        break;
      case undefined:
        break;
      default: {
        const unknown: never = kind;
        throw new Error(`Unhandled field kind ${String(unknown)}`);
      }
    }
  }
  return values;
}

/**
 * What a property asks for, judged by its enum, format, type, and the words of its name and description (snake_case
 * and camelCase split); undefined when the conversation cannot fill it.
 *
 * @example
 * classifyField("city", { type: "string" }); // "place"
 * classifyField("when", { type: "string", format: "date" }); // "date"
 */
export function classifyField(key: string, property: JsonSchema): FieldKind | undefined {
  const types = typesOf(property);
  if (enumValues(property).length > 0) return "enum";
  const nameWords = identifierWords(key);
  const words = [...nameWords, ...identifierWords(property.description ?? "")];
  const has = (set: Set<string>, list: string[]): boolean => list.some((word) => set.has(word) || set.has(word.replace(/s$/u, "")));
  const stringy = types.size === 0 || types.has("string");
  if (stringy && (formatsOf(property).some((format) => format === "date" || format === "date-time") || has(DATE_WORDS, nameWords))) {
    return "date";
  }
  if (types.has("number") || types.has("integer")) return "number";
  if (!stringy) return undefined;
  // The name decides first: "city" with the description "Search the weather of a city" is a place, not a query.
  if (has(PLACE_WORDS, nameWords)) return "place";
  if (NAME_KEYS.has(nameWords.join(" "))) return "name";
  if (has(QUERY_WORDS, nameWords)) return "query";
  if (has(PLACE_WORDS, words)) return "place";
  if (has(QUERY_WORDS, words)) return "query";
  return undefined;
}

function identifierWords(text: string): string[] {
  return text
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLocaleLowerCase("und")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// A property's types, looking one level into anyOf/oneOf (strict mode writes optional fields as `anyOf [T, null]`).
function typesOf(property: JsonSchema): Set<string> {
  const types = new Set<string>();
  for (const part of [property, ...(property.anyOf ?? []), ...(property.oneOf ?? [])]) {
    if (!isPlainObject(part)) continue;
    const listed = Array.isArray(part.type) ? part.type : part.type === undefined ? [] : [part.type];
    for (const type of listed) if (type !== "null") types.add(type);
  }
  return types;
}

function formatsOf(property: JsonSchema): string[] {
  return [property, ...(property.anyOf ?? []), ...(property.oneOf ?? [])]
    .map((part) => (isPlainObject(part) ? part.format : undefined))
    .filter((format): format is string => typeof format === "string");
}

function enumValues(property: JsonSchema): string[] {
  return [property, ...(property.anyOf ?? []), ...(property.oneOf ?? [])]
    .flatMap((part) => (isPlainObject(part) && Array.isArray(part.enum) ? part.enum : []))
    .filter((value): value is string => typeof value === "string" && value.length > 0);
}

// The enum value the text mentions first, as a whole word (case folded; "_" and "-" read as spaces).
function mentionedEnum(property: JsonSchema, text: string): string | undefined {
  const folded = text.toLocaleLowerCase("und");
  let best: { value: string; at: number } | undefined;
  for (const value of enumValues(property)) {
    for (const form of new Set([value, value.replace(/[_-]+/gu, " ")])) {
      const escaped = form.toLocaleLowerCase("und").replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
      const match = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").exec(folded);
      if (match && (!best || match.index < best.at)) best = { value, at: match.index };
    }
  }
  return best?.value;
}

function inPropertyOrder(schema: JsonSchema, value: Record<string, unknown>): Record<string, unknown> {
  const order = Object.keys(schema.properties ?? {});
  const keys = [...order.filter((key) => Object.hasOwn(value, key)), ...Object.keys(value).filter((key) => !order.includes(key))];
  const result: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(result, key, { value: value[key], enumerable: true, writable: true, configurable: true });
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
