// URL citations of the search models (gpt-4o-search-preview, …), which search the web on every request. What the real
// API sends (openai/openai-java#297, a recorded gpt-4o-search-preview-2025-03-11 stream, 2025-03): the answer's text
// carries each source inline as a parenthesised Markdown link, `([apnews.com](https://apnews.com/article/…?utm_source=
// chatgpt.com))`, and `message.annotations` has one `url_citation` per link, with `start_index` and `end_index` around
// that link (507..605 for a 98-character link there), the page's `title` and its `url`; a stream sends them in a delta of
// their own, `{annotations: [...]}`, after the content. The emulator cites one made-up page per answer, at its end.

import { lastUserMessage, messageText } from "./conversation.js";
import type { Random } from "./random.js";
import { isStopword } from "./words.js";
import type { ChatCompletionRequest } from "../wire.js";

/**
 * One `url_citation` annotation, as `message.annotations` carries it.
 *
 * @example
 * const citation: UrlCitation = { type: "url_citation", url_citation: { start_index: 0, end_index: 9, title: "Paris", url: "https://en.wikipedia.org/wiki/paris" } };
 */
export interface UrlCitation {
  type: "url_citation";
  url_citation: { start_index: number; end_index: number; title: string; url: string };
}

/**
 * A text with its citations.
 *
 * @example
 * const { text, annotations }: CitedText = citeWebSources(answer, request, random);
 */
export interface CitedText {
  text: string;
  annotations: UrlCitation[];
}

// Sites the made-up sources live on; none is fetched, they only have to look like what the search models cite.
const SITES = ["en.wikipedia.org", "www.britannica.com", "www.reuters.com", "apnews.com", "www.nationalgeographic.com"] as const;
const MAX_SLUG_WORDS = 6;

/**
 * Adds a cited source to an answer, as the search models do: a parenthesised Markdown link at its end, and the
 * `url_citation` annotation around it. Indices count Unicode code points (the API's backend counts characters, not
 * UTF-16 units). The site and page come from the request's last user message, so the same request cites the same page.
 *
 * @example
 * citeWebSources("Paris is the capital of France.", request, random);
 * // { text: "Paris is the capital of France. ([en.wikipedia.org](https://en.wikipedia.org/wiki/capital-france?utm_source=openai))",
 * //   annotations: [{ type: "url_citation", url_citation: { start_index: 32, end_index: 130, title: "Capital of France", url: "https://…" } }] }
 */
export function citeWebSources(text: string, request: ChatCompletionRequest, random: Random): CitedText {
  const words = topicWords(messageText(lastUserMessage(request)));
  const site = random.pick(SITES);
  const slug = words.length > 0 ? words.join("-") : "search-result";
  const url = `https://${site}/${site.endsWith("wikipedia.org") ? "wiki/" : ""}${slug}?utm_source=openai`;
  const title = words.length > 0 ? words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(" ") : "Search result";
  const link = `([${site}](${url}))`;
  const separator = text === "" || /\s$/u.test(text) ? "" : " ";
  const start = codePoints(text) + separator.length;
  return {
    text: `${text}${separator}${link}`,
    annotations: [{ type: "url_citation", url_citation: { start_index: start, end_index: start + codePoints(link), title, url } }],
  };
}

/**
 * The annotations that still fit a text cut short (by `max_tokens` or `stop`): a citation whose link was cut is dropped.
 *
 * @example
 * keepCitationsWithin(annotations, "Paris is the capital"); // []
 */
export function keepCitationsWithin(annotations: readonly UrlCitation[], text: string): UrlCitation[] {
  const length = codePoints(text);
  return annotations.filter((annotation) => annotation.url_citation.end_index <= length);
}

/**
 * The words of a question that name its topic (lower case, stopwords and short words left out, at most six).
 *
 * @example
 * topicWords("What is the capital of France?"); // ["capital", "france"]
 */
export function topicWords(question: string): string[] {
  const words = question.toLowerCase().match(/[a-z0-9]+/gu) ?? [];
  return words.filter((word) => word.length > 2 && !isStopword(word)).slice(0, MAX_SLUG_WORDS);
}

/**
 * The length of a text in Unicode code points, as the API's annotation indices count it.
 *
 * @example
 * codePoints("café ☕"); // 6
 */
export function codePoints(text: string): number {
  let count = 0;
  for (const _character of text) count++;
  return count;
}
