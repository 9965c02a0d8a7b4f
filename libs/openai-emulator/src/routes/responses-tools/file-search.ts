// The `file_search` tool, over the emulator's vector stores (files/vector-store-search.ts: BM25 over their chunks).
// What the API sends (vercel/ai fixtures openai-file-search-tool.1 and .2, gpt-5-mini, 2025-09): a `file_search_call`
// item `{id: "fs_…", type, status, queries, results}` with `results: null` unless `include` asks for
// `file_search_call.results` (then `[{attributes, file_id, filename, score, text}]`); the answer's `output_text` has
// `file_citation` annotations `{type, file_id, filename, index}` whose index is where the citation mark was taken out of
// the text (right before its final `.`, after a space: "… NLP tasks ."). Streamed: output_item.added (`queries: []`,
// `results: null`, in progress), response.file_search_call.in_progress, .searching, .completed, output_item.done. The
// tool is echoed with `filters: null`, `max_num_results: 20`, `ranking_options: {ranker: "auto", score_threshold: 0}`.
// The emulator searches the question itself (one query, not the model's rewordings).

import { parseAttributeFilter } from "../../files/attribute-filter.js";
import type { FilesScope } from "../../files/file-store.js";
import { searchVectorStores, toFileSearchResult, vectorStoreNotFound, type VectorStoreSearchHit } from "../../files/vector-store-search.js";
import { codePoints } from "../../engine/web-citations.js";
import { s } from "../../validate/validation-schema.js";
import type { BuiltInCallItem, BuiltInRun, BuiltInRunContext, BuiltInToolHandler, BuiltInToolParam, OutputAnnotation } from "./built-in-tool.js";
import { statusEvents } from "./web-search.js";

const STRICT = { strict: true } as const;
const DEFAULT_MAX_RESULTS = 20;
const EXCERPT_WORDS = 40;

const FILE_SEARCH = s.object(
  {
    vector_store_ids: s.array(s.string(), "an array of strings", { maxItems: 2 }),
    max_num_results: s.integer({ min: 1, max: 50 }),
    ranking_options: s.object(
      { ranker: s.enum(["auto", "default-2024-11-15"]), score_threshold: s.decimal({ min: 0, max: 1 }), hybrid_search: s.object({}) },
      [],
      STRICT,
    ),
    // Checked by parseAttributeFilter (files/attribute-filter.ts), as the search endpoint checks its `filters`.
    filters: s.object({}, [], { nullable: true }),
  },
  ["vector_store_ids"],
  STRICT,
);

/**
 * The file search tool's module (see the file's header for the recorded shapes).
 *
 * @example
 * fileSearchTool.wants("What is our refund policy?", { type: "file_search", vector_store_ids: ["vs_1"] }, files); // true when a chunk matches
 */
export const fileSearchTool: BuiltInToolHandler = {
  schemas: { file_search: FILE_SEARCH },
  echo: (tool) => ({
    type: tool.type,
    filters: tool.filters ?? null,
    max_num_results: tool.max_num_results ?? DEFAULT_MAX_RESULTS,
    ranking_options: { ranker: "auto", score_threshold: 0, ...(isRecord(tool.ranking_options) ? tool.ranking_options : {}) },
    vector_store_ids: tool.vector_store_ids,
  }),
  // The model searches the files when they hold something about the question.
  wants: (question, tool, files) => files !== undefined && search(question, tool, files).length > 0,
  check: checkFileSearch,
  run: runFileSearch,
  opened: (item) => ({ ...item, status: "in_progress", queries: [], results: null }),
  events: statusEvents("response.file_search_call", ["in_progress", "searching", "completed"]),
};

// The vector stores exist in the caller's scope (else the API's error, as the search endpoint answers it; wording
// for the Responses API not confirmed), and the filters are well formed.
function checkFileSearch(tool: BuiltInToolParam, index: number, files: FilesScope): void {
  for (const id of storeIds(tool)) if (!files.vectorStores.has(id)) throw vectorStoreNotFound(id);
  if (tool.filters != null) parseAttributeFilter(tool.filters, `tools[${index}].filters`);
}

/**
 * Searches the tool's vector stores for the question; the answer quotes the best chunk and cites its file.
 *
 * @example
 * runFileSearch({ tool, question: "What is the refund policy?", include: new Set(["file_search_call.results"]), ids, random, files }).items[0]?.results;
 * // [{ file_id: "file-…", filename: "policy.md", score: 0.52, attributes: {}, text: "…" }]
 */
export function runFileSearch(context: BuiltInRunContext): BuiltInRun {
  const question = context.question.trim();
  const hits = context.files ? search(question, context.tool, context.files) : [];
  const results = context.include.has("file_search_call.results") ? hits.map(toFileSearchResult) : null;
  const item: BuiltInCallItem = { id: context.ids.responses("fs"), type: "file_search_call", status: "completed", queries: [question], results };
  const inputText = hits.map((hit) => hit.content.map((part) => part.text).join("\n")).join("\n\n");
  const best = hits[0];
  if (!best) return { items: [item], inputText, outputText: question };
  return { items: [item], inputText, outputText: question, answer: `According to ${best.filename}, ${excerpt(best)}`, cite: (text) => citeFile(text, best) };
}

function search(question: string, tool: BuiltInToolParam, files: FilesScope): VectorStoreSearchHit[] {
  const ranking = isRecord(tool.ranking_options) ? tool.ranking_options : {};
  return searchVectorStores(files, {
    vectorStoreIds: storeIds(tool),
    query: question,
    maxNumResults: typeof tool.max_num_results === "number" ? tool.max_num_results : DEFAULT_MAX_RESULTS,
    scoreThreshold: typeof ranking.score_threshold === "number" ? ranking.score_threshold : 0,
    filters: tool.filters != null ? parseAttributeFilter(tool.filters, "filters") : null,
  });
}

function excerpt(hit: VectorStoreSearchHit): string {
  const words = hit.content.map((part) => part.text).join(" ").split(/\s+/u).filter((word) => word !== "");
  return words.slice(0, EXCERPT_WORDS).join(" ").replace(/[.!?,;:]+$/u, "");
}

// The recorded form: the citation mark is taken out before the final full stop, leaving "… text ." and the index of
// that full stop.
function citeFile(text: string, hit: VectorStoreSearchHit): { text: string; annotations: OutputAnnotation[] } {
  const cited = `${text.replace(/[.!?]*\s*$/u, "")} .`;
  return { text: cited, annotations: [{ type: "file_citation", file_id: hit.file_id, filename: hit.filename, index: codePoints(cited) - 1 }] };
}

function storeIds(tool: BuiltInToolParam): string[] {
  return Array.isArray(tool.vector_store_ids) ? tool.vector_store_ids.filter((id): id is string => typeof id === "string") : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
