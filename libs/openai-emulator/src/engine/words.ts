// Words for relevance: text split by Intl.Segmenter (so Japanese, Chinese and other scripts without spaces split into
// words too), identifiers split at snake_case and camelCase, case folded, accents kept, a light suffix stemmer for
// Latin-script words, and stopwords (English, French, Spanish, German and Japanese function words) left out.

/** One content word: its stem and where it starts in the text it came from. */
export interface Word {
  stem: string;
  at: number;
}

// Words the stemmer would mangle.
const UNCHANGED = new Set(["news", "series", "species", "physics", "mathematics", "always", "perhaps", "this", "does", "was", "has", "plus", "minus"]);

const SEGMENTER = new Intl.Segmenter("und", { granularity: "word" });

// Function words, small talk and the generic verbs of tool names ("get_weather", "fetch_data"), which say nothing
// about what a tool is for. Stems are compared, so only base forms are listed.
const STOPWORDS = new Set(
  [
    // English
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "about",
    "as", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "done", "have", "has", "had", "will",
    "would", "can", "could", "should", "shall", "may", "might", "must", "i", "me", "my", "you", "your", "we", "our", "us",
    "it", "its", "it's", "he", "she", "they", "them", "their", "this", "that", "these", "those", "there", "here", "what",
    "what's", "which", "who", "whom", "whose", "when", "where", "why", "how", "so", "not", "no", "yes", "please", "thank",
    "thanks", "hi", "hello", "hey", "ok", "okay", "bye", "goodbye", "good", "morning", "evening", "night", "great", "nice",
    "cool", "sure", "just", "also", "very", "really", "some", "any", "all", "each", "every", "like", "want", "need",
    "tell", "say", "let", "know", "think", "give", "show", "make", "use", "call", "run", "get", "set", "fetch",
    "retrieve", "return", "tool", "function", "one", "two", "three", "then", "than", "now", "up", "out", "over", "again",
    "more", "most", "other", "such", "only", "own", "same", "too", "don't", "i'm", "i'd", "you're", "let's", "given",
    "provided", "specified", "certain", "way", "thing", "something", "anything", "doing", "going", "how's", "help",
    "current", "latest", "new", "info", "information", "data", "detail", "result", "value", "list", "specific",
    "particular", "user", "question", "answer", "request", "input", "output", "text", "string", "number", "json",
    // French
    "le", "la", "les", "un", "une", "des", "du", "de", "d", "l", "et", "ou", "à", "au", "aux", "en", "dans", "sur",
    "pour", "par", "avec", "est", "sont", "être", "avoir", "je", "tu", "il", "elle", "nous", "vous", "ils", "elles",
    "me", "te", "se", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "ton", "ta", "votre", "vos", "notre", "quel",
    "quelle", "quels", "quelles", "que", "qui", "quoi", "comment", "bonjour", "salut", "merci", "oui", "non", "fait",
    "donne", "donner", "obtenir", "renvoie", "actuel", "actuelle",
    // Spanish and German
    "el", "los", "las", "y", "o", "es", "del", "por", "para", "con", "que", "hola", "gracias", "der", "die", "das", "und",
    "ist", "ein", "eine", "mit", "für", "hallo", "danke",
    // Japanese (kana function words; content words are kanji or katakana)
    "の", "を", "は", "が", "に", "で", "と", "て", "も", "へ", "や", "か", "な", "ね", "よ", "です", "ます", "した", "し",
    "する", "ください", "くだ", "さい", "こんにちは", "ありがとう", "教え",
  ].map((word) => stem(word)),
);

/**
 * The content words of a text, in order: split into words (any script), case folded, stemmed, stopwords dropped.
 * Identifiers split too: `get_weather` and `getWeather` give `weather` (`get` is a stopword).
 *
 * @example
 * contentWords("What is the weather like in San Francisco?").map((word) => word.stem); // ["weather", "san", "francisco"]
 */
export function contentWords(text: string): Word[] {
  const words: Word[] = [];
  const operations = [...text.matchAll(ARITHMETIC)];
  // "3 times 12" says multiply; "times" itself is not also a word about time. Segments come in text order, so one
  // cursor walks the (ordered) operations: linear in the text.
  let next = 0;
  const inOperation = (at: number): boolean => {
    while (next < operations.length && at >= (operations[next] as RegExpExecArray).index + (operations[next] as RegExpExecArray)[0].length) next++;
    const operation = operations[next];
    return operation !== undefined && at >= operation.index;
  };
  for (const segment of SEGMENTER.segment(text)) {
    if (!segment.isWordLike || inOperation(segment.index)) continue;
    for (const part of splitIdentifier(segment.segment)) {
      const folded = stem(part.text.toLocaleLowerCase("und"));
      if (folded.length > 0 && !STOPWORDS.has(folded) && !/^\p{N}+$/u.test(folded)) words.push({ stem: SYNONYMS.get(folded) ?? folded, at: segment.index + part.at });
    }
  }
  for (const match of operations) {
    const operator = (match[1] ?? match[2] ?? "").toLowerCase();
    const concept = OPERATORS.find(([pattern]) => pattern.test(operator))?.[1];
    if (concept) words.push({ stem: concept, at: match.index + (match[0].length - match[0].trimStart().length) });
  }
  return words.sort((left, right) => left.at - right.at);
}

// Words that name the same operation or topic, mapped to one stem, so "what is 3 times 12" relates to a tool described
// as "Multiply two numbers." Kept small on purpose: only the tutorial classics.
const SYNONYMS = new Map<string, string>([
  ["multiplication", "multiply"], ["product", "multiply"], ["addition", "add"], ["sum", "add"], ["plus", "add"],
  ["subtraction", "subtract"], ["minus", "subtract"], ["difference", "subtract"], ["division", "divide"],
  ["quotient", "divide"], ["forecast", "weather"], ["temperature", "weather"], ["météo", "weather"], ["天気", "weather"],
  ["lookup", "search"], ["google", "search"], ["rechercher", "search"], ["recherche", "search"], ["検索", "search"],
]);

// An operator between two numbers ("3 * 12", "3 times 12", "7 divided by 2") names the operation.
// A dash or slash counts only with spaces around it, so dates (2026-03-05, 5/3) are not subtractions.
const ARITHMETIC = /\d\s*(\*|×|x|\+|÷|times|multiplied by|plus|minus|divided by)\s*-?\d|\d\s+(-|−|\/)\s+-?\d/giu;
const OPERATORS: Array<[RegExp, string]> = [
  [/^(?:\*|×|x|times|multiplied by)$/u, "multiply"],
  [/^(?:\+|plus)$/u, "add"],
  [/^(?:-|−|minus)$/u, "subtract"],
  [/^(?:\/|÷|divided by)$/u, "divide"],
];

// snake_case, kebab-case and camelCase parts: "getWeatherNow" → get, Weather, Now.
function splitIdentifier(text: string): Array<{ text: string; at: number }> {
  const parts: Array<{ text: string; at: number }> = [];
  for (const match of text.matchAll(/\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|[^_\-\p{Lu}\p{Ll}]+/gu)) {
    const part = match[0].replace(/^[_-]+|[_-]+$/gu, "");
    if (part.length > 0) parts.push({ text: part, at: match.index });
  }
  return parts.length > 0 ? parts : [{ text, at: 0 }];
}

/**
 * A light stemmer for Latin-script words: plural and verb endings are removed ("numbers" → "number", "searching" →
 * "search", "multiplies" → "multiply"); other scripts are kept as they are.
 *
 * @example
 * stem("cities"); // "city"
 */
export function stem(word: string): string {
  if (!/^[\p{Script=Latin}']+$/u.test(word) || word.length <= 3 || UNCHANGED.has(word)) return word;
  if (/ies$|ied$/u.test(word)) return `${word.slice(0, -3)}y`;
  if (/[^aeiou]ing$/u.test(word) && word.length > 5) return word.slice(0, -3);
  if (/[^e]ed$/u.test(word) && word.length > 4) return word.slice(0, -2);
  if (/(?:ss|sh|ch|x)es$/u.test(word)) return word.slice(0, -2);
  if (/[^su]s$/u.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Whether a word is a stopword (after case folding and stemming).
 *
 * @example
 * isStopword("What"); // true
 */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(stem(word.toLocaleLowerCase("und")));
}

/** How much of a message the heuristics read: its last characters, where a long message (a pasted document) asks. */
export const ANALYSED_CHARACTERS = 4000;

/**
 * The part of a message the heuristics read: all of it, or its last {@link ANALYSED_CHARACTERS} characters, which keeps
 * every request fast whatever its size.
 *
 * @example
 * analysedText("short question"); // "short question"
 */
export function analysedText(text: string): string {
  return text.length <= ANALYSED_CHARACTERS ? text : text.slice(-ANALYSED_CHARACTERS);
}
