// The `web_search` tool (and `web_search_preview`, and their dated types). What the API sends (vercel/ai fixture
// openai-web-search-tool.1, gpt-5-mini-2025-08-07, 2025-12): a `web_search_call` item `{id: "ws_…", type, status,
// action: {type: "search", query, sources: [{type: "url", url}]}}`, then a message whose `output_text` cites pages inline
// as `([site](url?utm_source=openai))` with flat `url_citation` annotations `{type, start_index, end_index, title, url}`.
// Streamed: output_item.added (`{id, type, status: "in_progress"}`), response.web_search_call.in_progress, .searching,
// .completed, output_item.done; the answer's `response.output_text.annotation.added` follows the delta that ends the
// citation. The tool is echoed with `filters: null`, `search_context_size: "medium"` and an approximate US location.
// The emulator never searches: its pages are made up from the question, on the allowed domains when there are some.

import { codePoints, topicWords } from "../../engine/web-citations.js";
import type { SseEvent } from "../../sse.js";
import { s } from "../../validate/validation-schema.js";
import type { BuiltInCallItem, BuiltInScript, BuiltInRun, BuiltInRunContext, BuiltInToolHandler, BuiltInToolParam, EventMaker, OutputAnnotation } from "./built-in-tool.js";

const STRICT = { strict: true } as const;
const SITES = ["en.wikipedia.org", "www.britannica.com", "www.reuters.com", "apnews.com", "www.nationalgeographic.com"] as const;
const SOURCES_PER_SEARCH = 2;

const CONTEXT_SIZE = s.enum(["low", "medium", "high"]);
const NULLABLE_STRING = s.string({ nullable: true });
const USER_LOCATION = s.object(
  { type: s.enum(["approximate"]), city: NULLABLE_STRING, country: NULLABLE_STRING, region: NULLABLE_STRING, timezone: NULLABLE_STRING },
  [],
  { ...STRICT, nullable: true },
);
const WEB_SEARCH = s.object(
  {
    filters: s.object({ allowed_domains: s.array(s.string(), "an array of strings", { nullable: true, maxItems: 100 }) }, [], { ...STRICT, nullable: true }),
    user_location: USER_LOCATION,
    search_context_size: CONTEXT_SIZE,
    external_web_access: s.boolean(),
  },
  [],
  STRICT,
);
const WEB_SEARCH_PREVIEW = s.object(
  { user_location: USER_LOCATION, search_context_size: CONTEXT_SIZE, search_content_types: s.array(s.enum(["text", "image"]), "an array of strings") },
  [],
  STRICT,
);

// Questions about what is new or live: the model searches for them by itself.
const SEARCH_WORDS = /\b(search|web|online|internet|latest|news|today|tonight|yesterday|current(ly)?|recent(ly)?|this (week|month|year)|look(ed)? up|weather|forecast|price|stock|score)\b/iu;

/**
 * The web search tool's module (see the file's header for the recorded shapes).
 *
 * @example
 * webSearchTool.wants("What is the latest news about Mars?"); // true
 */
export const webSearchTool: BuiltInToolHandler = {
  schemas: { web_search: WEB_SEARCH, web_search_2025_08_26: WEB_SEARCH, web_search_preview: WEB_SEARCH_PREVIEW, web_search_preview_2025_03_11: WEB_SEARCH_PREVIEW },
  echo: echoWebSearch,
  wants: (question) => SEARCH_WORDS.test(question),
  run: (context) => runWebSearch(context),
  opened: (item) => ({ id: item.id, type: item.type, status: "in_progress" }),
  events: statusEvents("response.web_search_call", ["in_progress", "searching", "completed"]),
};

function echoWebSearch(tool: BuiltInToolParam): Record<string, unknown> {
  const location = isRecord(tool.user_location) ? tool.user_location : undefined;
  const userLocation = location
    ? { type: "approximate", city: location.city ?? null, country: location.country ?? null, region: location.region ?? null, timezone: location.timezone ?? null }
    : undefined;
  if (tool.type.startsWith("web_search_preview")) {
    return { type: tool.type, search_context_size: tool.search_context_size ?? "medium", user_location: userLocation ?? null };
  }
  return {
    type: tool.type,
    filters: tool.filters ?? null,
    search_context_size: tool.search_context_size ?? "medium",
    // Recorded without a location in the request: an approximate one in the US.
    user_location: userLocation ?? { type: "approximate", city: null, country: "US", region: null, timezone: null },
  };
}

// A page the search found: made up from the question, or scripted by a scenario.
type SearchResult = NonNullable<NonNullable<BuiltInScript["webSearch"]>["results"]>[number];

/**
 * Runs a search for the question (or as a scenario scripted it) and cites its first result in the answer.
 *
 * @example
 * runWebSearch({ tool: { type: "web_search" }, question: "Latest news on Mars", include: new Set(), ids, random }).items[0]?.action;
 * // { type: "search", query: "latest news mars" }
 */
export function runWebSearch(context: BuiltInRunContext): BuiltInRun {
  const script = context.script?.webSearch;
  const words = topicWords(context.question);
  const query = script?.query ?? (words.length > 0 ? words.join(" ") : context.question.trim());
  const results = script?.results ?? madeUpResults(words, allowedDomains(context.tool), context.random);
  const withSources = context.include.has("web_search_call.action.sources");
  const action = { type: "search", query, ...(withSources && { sources: results.map((result) => ({ type: "url", url: result.url })) }) };
  const item: BuiltInCallItem = { id: context.ids.responses("ws"), type: "web_search_call", status: "completed", action };
  const inputText = results.map((result) => `${result.title}\n${result.url}\n${result.snippet}`).join("\n\n");
  const first = results[0];
  return { items: [item], inputText, outputText: query, ...(first && { cite: (text: string) => citeResult(text, first) }) };
}

function allowedDomains(tool: BuiltInToolParam): string[] {
  const filters = isRecord(tool.filters) ? tool.filters : {};
  const domains = Array.isArray(filters.allowed_domains) ? filters.allowed_domains : [];
  // A domain may be given with its scheme (the API accepts "https://openai.com"); pages live on the bare host.
  return domains.filter((domain): domain is string => typeof domain === "string" && domain !== "").map((domain) => domain.replace(/^https?:\/\//u, "").replace(/\/+$/u, ""));
}

function madeUpResults(words: string[], domains: string[], random: BuiltInRunContext["random"]): SearchResult[] {
  const slug = words.length > 0 ? words.join("-") : "search-result";
  const topic = words.length > 0 ? words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(" ") : "Search result";
  const sites = domains.length > 0 ? domains : [...SITES];
  const results: SearchResult[] = [];
  for (let index = 0; index < SOURCES_PER_SEARCH; index++) {
    const site = random.pick(sites);
    const page = `${slug}${index === 0 ? "" : `-${index + 1}`}`;
    const url = `https://${site}/${site.endsWith("wikipedia.org") ? "wiki/" : ""}${page}`;
    if (results.some((result) => result.url === url)) continue;
    results.push({ title: `${topic}${index === 0 ? "" : ` (${index + 1})`} | ${site}`, url, snippet: `What ${site} says about ${topic.toLowerCase()}.` });
  }
  return results;
}

// The recorded citation: the site in brackets, the page with `?utm_source=openai` in parentheses, all in parentheses.
function citeResult(text: string, result: SearchResult): { text: string; annotations: OutputAnnotation[] } {
  const url = `${result.url}${result.url.includes("?") ? "&" : "?"}utm_source=openai`;
  const link = `([${hostOf(result.url)}](${url}))`;
  const separator = text === "" || /\s$/u.test(text) ? "" : " ";
  const start = codePoints(text) + separator.length;
  return { text: `${text}${separator}${link}`, annotations: [{ type: "url_citation", start_index: start, end_index: start + codePoints(link), title: result.title, url }] };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./u, "");
  } catch {
    return url;
  }
}

/**
 * The events of a built-in call between its `output_item.added` and `output_item.done`: one per stage, each with the
 * item's id and output index, e.g. `response.web_search_call.in_progress`, `.searching`, `.completed`.
 *
 * @example
 * statusEvents("response.web_search_call", ["in_progress", "searching", "completed"]);
 */
export function statusEvents(prefix: string, stages: readonly string[]): (item: BuiltInCallItem, outputIndex: number, event: EventMaker) => Generator<SseEvent> {
  return function* (item, outputIndex, event) {
    for (const stage of stages) yield event(`${prefix}.${stage}`, { output_index: outputIndex, item_id: item.id });
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
