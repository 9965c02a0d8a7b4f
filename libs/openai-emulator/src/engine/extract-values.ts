// What a message says that can fill a field: place names, numbers, dates, and the gist of a request. Pure text
// heuristics, deterministic, no model: a proper-noun phrase is a run of capitalized words, numbers are digits or
// English number words, dates are ISO or written ("March 5, 2026", "5 mars 2026").
import { isStopword } from "./words.js";

/** A value found in a text, with where it starts (fields take values in the order they were mentioned). */
export interface Mention<T> {
  value: T;
  at: number;
}

const CONNECTORS = new Set(["de", "del", "da", "do", "du", "des", "la", "le", "los", "las", "von", "van", "der", "of"]);
// Capitalized words that start place names although they are function words elsewhere ("New York", "Los Angeles").
const NAME_STARTS = new Set(["new", "los", "las", "el", "la", "le", "les", "de", "san", "santa", "saint", "st", "port", "fort", "mount"]);
// Capitalized words that are not names: imperative openings of a request, and month and day names (dates, not places).
const NOT_NAMES = new RegExp(
  "^(?:reserve|book|find|search|look|show|tell|give|compare|send|create|make|add|list|check|schedule|remind|write|" +
    "translate|summarize|summarise|explain|calculate|convert|weather|january|february|march|april|may|june|july|" +
    "august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|" +
    "tomorrow|yesterday)$",
  "iu",
);

// Whether only whitespace after a sentence end (or a line break, or nothing) comes before `at`.
function startsSentence(text: string, at: number): boolean {
  for (let index = at - 1; index >= 0; index--) {
    const char = text[index] as string;
    if (char === "\n") return true;
    if (!/\s/u.test(char)) return /[.!?:;]/u.test(char);
  }
  return true;
}

function nameWord(word: string): boolean {
  if (!/^\p{Lu}/u.test(word) || NOT_NAMES.test(word)) return false;
  return NAME_STARTS.has(word.toLowerCase()) || !isStopword(word);
}
const PLACE_PREPOSITIONS = /(?:^|[^\p{L}])(?:in|at|for|to|from|near|around|of|à|au|en|a|nach|bei|em|para)\s+$/iu;

/**
 * Proper-noun phrases: runs of capitalized words ("San Francisco", "Rio de Janeiro", "New York"), without stopwords
 * ("What", "Please", "I"), request verbs ("Book", "Compare") or month and day names. Phrases after a place preposition ("in", "at", "à", …) come first, then phrases not
 * at the start of a sentence, then the rest; each group in the order of the text.
 *
 * @example
 * findProperNouns("What's the weather like in San Francisco?").map((found) => found.value); // ["San Francisco"]
 */
export function findProperNouns(text: string): Array<Mention<string>> {
  const phrases: Array<Mention<string> & { rank: number }> = [];
  const words = [...text.matchAll(/[\p{L}\p{M}\p{N}'’.-]+/gu)].map((match) => ({ text: match[0].replace(/[.'’-]+$/u, ""), at: match.index }));
  let index = 0;
  while (index < words.length) {
    const start = words[index] as { text: string; at: number };
    if (!nameWord(start.text)) {
      index++;
      continue;
    }
    let end = index;
    while (end + 1 < words.length && joined(text, words, end) && continues(words, end + 1)) end++;
    while (end > index && CONNECTORS.has((words[end] as { text: string }).text)) end--;
    const last = words[end] as { text: string; at: number };
    const value = text.slice(start.at, last.at + last.text.length);
    const rank = PLACE_PREPOSITIONS.test(text.slice(Math.max(0, start.at - 12), start.at)) ? 0 : startsSentence(text, start.at) ? 2 : 1;
    phrases.push({ value, at: start.at, rank });
    index = end + 1;
  }
  return phrases.sort((left, right) => left.rank - right.rank || left.at - right.at).map(({ value, at }) => ({ value, at }));
}

// Two words belong to one phrase when only one space separates them.
function joined(text: string, words: Array<{ text: string; at: number }>, index: number): boolean {
  const current = words[index] as { text: string; at: number };
  const next = words[index + 1] as { text: string; at: number };
  return /^ $/u.test(text.slice(current.at + current.text.length, next.at));
}

function continues(words: Array<{ text: string }>, index: number): boolean {
  const word = (words[index] as { text: string }).text;
  if (nameWord(word)) return true;
  // "Rio de Janeiro": a connector counts when a capitalized word follows it.
  return CONNECTORS.has(word) && index + 1 < words.length && nameWord((words[index + 1] as { text: string }).text);
}

const NUMBER_WORDS = [
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
  "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
];

/**
 * Numbers in the order of the text: digits (with a decimal point or comma, and a sign) and the English words zero to
 * twenty. Digits inside dates, times and identifiers ("gpt-4o") are not numbers.
 *
 * @example
 * findNumbers("what is 3 times 12").map((found) => found.value); // [3, 12]
 */
export function findNumbers(text: string): Array<Mention<number>> {
  const dates = findDates(text).map((found) => [found.at, found.at + found.length] as const);
  // Numbers and dates are both in text order: one cursor keeps this linear.
  let next = 0;
  const inDate = (at: number): boolean => {
    while (next < dates.length && at >= (dates[next] as readonly [number, number])[1]) next++;
    const date = dates[next];
    return date !== undefined && at >= date[0];
  };
  const found: Array<Mention<number>> = [];
  // "1,000.5" groups thousands; "2,5" is a decimal comma.
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_.,:-])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:[.,]\d+)?)(?![\p{N}:]|[.,]\d)/gu)) {
    if (inDate(match.index)) continue;
    const digits = match[1] as string;
    const grouped = /^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(digits);
    found.push({ value: Number(grouped ? digits.replaceAll(",", "") : digits.replace(",", ".")), at: match.index });
  }
  for (const match of text.matchAll(new RegExp(`\\b(${NUMBER_WORDS.join("|")})\\b`, "giu"))) {
    found.push({ value: NUMBER_WORDS.indexOf((match[1] as string).toLowerCase()), at: match.index });
  }
  return found.sort((left, right) => left.at - right.at);
}

const MONTHS: Array<[RegExp, number]> = [
  ["jan(?:uary)?|janv(?:ier)?", 1], ["feb(?:ruary)?|févr(?:ier)?|fevrier", 2], ["mar(?:ch)?|mars", 3],
  ["apr(?:il)?|avr(?:il)?", 4], ["may|mai", 5], ["june?|juin", 6], ["july?|juil(?:let)?", 7],
  ["aug(?:ust)?|août|aout", 8], ["sep(?:t(?:ember)?)?|sept(?:embre)?", 9], ["oct(?:ober|obre)?", 10],
  ["nov(?:ember|embre)?", 11], ["dec(?:ember)?|déc(?:embre)?|decembre", 12],
].map(([pattern, month]) => [new RegExp(`^(?:${pattern as string})\\.?$`, "iu"), month as number]);
const MONTH_WORD = "([\\p{L}]{3,9}\\.?)";

/**
 * Dates in the order of the text, as `YYYY-MM-DD`: ISO dates (with an optional time, kept as `YYYY-MM-DDTHH:MM:SSZ`
 * in `dateTime`), and written dates with a year in English or French ("March 5, 2026", "5 March 2026", "5 mars 2026").
 *
 * @example
 * findDates("book it for March 5, 2026")[0]?.value; // "2026-03-05"
 */
export function findDates(text: string): Array<Mention<string> & { length: number; dateTime: string }> {
  const found: Array<Mention<string> & { length: number; dateTime: string }> = [];
  const add = (at: number, length: number, year: number, month: number, day: number, time?: string): void => {
    if (month < 1 || month > 12 || day < 1 || day > 31) return;
    const value = `${year}-${pad(month)}-${pad(day)}`;
    found.push({ value, at, length, dateTime: `${value}T${time ?? "00:00:00"}Z` });
  };
  for (const match of text.matchAll(/\b(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d:\d\d)(:\d\d)?)?/gu)) {
    const time = match[4] ? `${match[4]}${match[5] ?? ":00"}` : undefined;
    add(match.index, match[0].length, Number(match[1]), Number(match[2]), Number(match[3]), time);
  }
  for (const match of text.matchAll(new RegExp(`${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "giu"))) {
    const month = monthNumber(match[1] as string);
    if (month) add(match.index, match[0].length, Number(match[3]), month, Number(match[2]));
  }
  for (const match of text.matchAll(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th|er)?\\s+${MONTH_WORD},?\\s+(\\d{4})\\b`, "giu"))) {
    const month = monthNumber(match[2] as string);
    if (month) add(match.index, match[0].length, Number(match[3]), month, Number(match[1]));
  }
  return found.sort((left, right) => left.at - right.at);
}

function monthNumber(word: string): number | undefined {
  return MONTHS.find(([pattern]) => pattern.test(word))?.[1];
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

// Openings that ask rather than say what is wanted: "Please search for", "Can you look up", "What is".
const LEADING = [
  /^(?:please|kindly|hey|hi|hello|ok(?:ay)?|so)\b[\s,!]*/iu,
  /^(?:can|could|would|will)\s+you\s+(?:please\s+)?/iu,
  /^(?:i\s+(?:want|need|would\s+like)\s+(?:you\s+)?to\s+)/iu,
  /^(?:use\s+\S+\s+to\s+)/iu,
  /^(?:search|look|find|google|query|check|tell\s+me|show\s+me|give\s+me|get\s+me|get|fetch|compute|calculate|evaluate|solve)\b(?:\s+(?:up|for|about|on|me|the\s+web\s+for|online\s+for))*\s+/iu,
  /^(?:what|who|where|when|which|how)(?:'s|’s|\s+is|\s+are|\s+was|\s+were|\s+much\s+is|\s+many)?\s+/iu,
  /^(?:the|a|an)\s+/iu,
];

/**
 * The gist of a request, for a query-like field: the text without the openings that only ask ("Please search for",
 * "what is", articles), a closing "using <tool>" and the final punctuation.
 *
 * @example
 * findGist("Search for the latest news on LangChain."); // "latest news on LangChain"
 */
export function findGist(text: string): string {
  let gist = text.replace(/\s+/gu, " ").trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const pattern of LEADING) {
      const next = gist.replace(pattern, "");
      if (next !== gist && next.length > 0) {
        gist = next;
        changed = true;
      }
    }
  }
  gist = gist.replace(/[\s,]+(?:using|with|via|by calling|by using)\s+(?:the\s+)?[\w-]+(?:\s+tool)?\s*[.!?]*$/iu, "");
  return gist.replace(/[\s.!?。！？,;:]+$/u, "") || text.trim();
}
