import { describe, expect, it } from "@jest/globals";
import type { JsonSchema } from "../wire.js";
import { findDates, findGist, findNumbers, findProperNouns } from "./extract-values.js";
import { classifyField, fillFromConversation } from "./fill-from-conversation.js";
import { createRandom } from "./random.js";
import { checkJson } from "./synthesize-json.js";

const strict = (properties: Record<string, JsonSchema>): JsonSchema => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

const weather = strict({
  city: { type: "string" },
  unit: { anyOf: [{ type: "string", enum: ["celsius", "fahrenheit"] }, { type: "null" }] },
});
const twoNumbers = strict({ a: { type: "number" }, b: { type: "number" } });
const searchQuery = strict({ query: { type: "string", description: "The search query" } });
const trip = strict({
  origin: { type: "string" },
  destination: { type: "string" },
  departure_date: { type: "string", format: "date" },
  passengers: { type: "integer", minimum: 1, maximum: 9 },
});
const booking = strict({ name: { type: "string" }, when: { type: "string", format: "date-time" }, party: { type: "integer" } });
const villeMeteo = strict({ ville: { type: "string", description: "Nom de la ville" } });
const toshi = strict({ 都市: { type: "string" }, 日数: { type: "integer", minimum: 1, maximum: 7 } });
const bounded = strict({ days: { type: "integer", minimum: 1, maximum: 7 }, city: { type: "string", pattern: "^[A-Z]{3}$" } });

describe("fillFromConversation: arguments come from what the user said", () => {
  it.each<[string, JsonSchema, string, Record<string, unknown>]>([
    ["a place", weather, "what is the weather like in San Francisco", { city: "San Francisco" }],
    ["a place after a preposition before a sentence-initial word", weather, "Weather in Paris? Use get_weather.", { city: "Paris" }],
    ["a multi-word place with a connector", weather, "Is it raining in Rio de Janeiro today?", { city: "Rio de Janeiro" }],
    ["an enum value mentioned", weather, "How warm is New York in fahrenheit?", { city: "New York", unit: "fahrenheit" }],
    ["numbers in order of mention", twoNumbers, "what is 3 times 12", { a: 3, b: 12 }],
    ["decimal and negative numbers", twoNumbers, "add -2.5 and 1,000", { a: -2.5, b: 1000 }],
    ["written numbers", twoNumbers, "multiply seven by twelve", { a: 7, b: 12 }],
    ["a query", searchQuery, "search for the latest news on LangChain", { query: "latest news on LangChain" }],
    ["a query, politely", searchQuery, "Can you please look up the population of Lyon using tavily_search?", { query: "population of Lyon" }],
    ["places, a written date and a count", trip, "Book 2 seats from Boston to Chicago on March 5, 2026.", {
      origin: "Boston", destination: "Chicago", departure_date: "2026-03-05", passengers: 2,
    }],
    ["a name, an ISO date-time and a number", booking, "Reserve for Ada Lovelace on 2026-07-01 14:30, 4 people", {
      name: "Ada Lovelace", when: "2026-07-01T14:30:00Z", party: 4,
    }],
    ["French: a place for a field described in French", villeMeteo, "Quelle est la météo à Paris ?", { ville: "Paris" }],
    ["French: a written date", strict({ date: { type: "string", format: "date" } }), "Réserve pour le 5 mars 2026", { date: "2026-03-05" }],
    ["Japanese: a number for an integer field", toshi, "3日間の天気を教えて", { 日数: 3 }],
  ])("%s", (_, schema, text, expected) => {
    const value = fillFromConversation(schema, text, createRandom(text)) as Record<string, unknown>;
    expect(value).toMatchObject(expected);
    expect(checkJson(schema, value)).toBeUndefined();
    expect(Object.keys(value)).toEqual(Object.keys(schema.properties ?? {}));
  });

  it("leaves a value that breaks the schema to the generator (bounds, patterns), and keeps the ones that fit", () => {
    const value = fillFromConversation(bounded, "Weather in Paris for 12 days", createRandom("bounded")) as Record<string, unknown>;
    expect(checkJson(bounded, value)).toBeUndefined();
    expect(value.days).not.toBe(12);
    expect(value.city).toMatch(/^[A-Z]{3}$/u);
    const fits = fillFromConversation(bounded, "Weather in Paris for 5 days", createRandom("bounded")) as Record<string, unknown>;
    expect(fits.days).toBe(5);
  });

  it("falls back to the schema when nothing was said, the same way for the same seed", () => {
    const first = fillFromConversation(weather, "hi", createRandom("seed"));
    expect(checkJson(weather, first)).toBeUndefined();
    expect(fillFromConversation(weather, "hi", createRandom("seed"))).toEqual(first);
    expect(fillFromConversation({ type: "string" }, "Paris", createRandom("seed"))).toEqual(expect.any(String));
  });
});

describe("classifyField", () => {
  it.each<[string, JsonSchema, ReturnType<typeof classifyField>]>([
    ["city", { type: "string" }, "place"],
    ["location", { type: "string", description: "The city and state, e.g. San Francisco, CA" }, "place"],
    ["target", { type: "string", description: "Country to look up" }, "place"],
    ["unit", { type: "string", enum: ["celsius", "fahrenheit"] }, "enum"],
    ["startDate", { type: "string" }, "date"],
    ["when", { type: "string", format: "date-time" }, "date"],
    ["a", { type: "integer" }, "number"],
    ["amount", { anyOf: [{ type: "number" }, { type: "null" }] }, "number"],
    ["query", { type: "string" }, "query"],
    ["input", { type: "string" }, "query"],
    ["name", { type: "string" }, "name"],
    ["file_name", { type: "string" }, undefined],
    ["verbose", { type: "boolean" }, undefined],
    ["color", { type: "string" }, undefined],
  ])("%s %j → %s", (key, schema, expected) => {
    expect(classifyField(key, schema)).toBe(expected);
  });
});

describe("extracting values", () => {
  it.each<[string, string[]]>([
    ["What is the weather like in San Francisco?", ["San Francisco"]],
    // after a preposition first, then not at a sentence start, then the rest
    ["Paris or London? I fly to Rome.", ["Rome", "London", "Paris"]],
    ["Please compare New York and Los Angeles", ["New York", "Los Angeles"]],
    ["hello there", []],
  ])("proper nouns in %j", (text, expected) => {
    expect(findProperNouns(text).map((found) => found.value)).toEqual(expected);
  });

  it.each<[string, number[]]>([
    ["what is 3 times 12", [3, 12]],
    ["on 2026-03-05 at 10:30 use gpt-4o for 2 tries", [2]],
    ["three or 4.5", [3, 4.5]],
  ])("numbers in %j", (text, expected) => {
    expect(findNumbers(text).map((found) => found.value)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ["between 2026-01-02 and Feb 3rd, 2026", ["2026-01-02", "2026-02-03"]],
    ["le 14 juillet 2026", ["2026-07-14"]],
    ["in March", []],
  ])("dates in %j", (text, expected) => {
    expect(findDates(text).map((found) => found.value)).toEqual(expected);
  });

  it.each<[string, string]>([
    ["search for the latest news on LangChain", "latest news on LangChain"],
    ["What is the capital of France?", "capital of France"],
    ["hi", "hi"],
  ])("the gist of %j", (text, expected) => {
    expect(findGist(text)).toBe(expected);
  });
});
