// Search over vector stores, for `POST /v1/vector_stores/{id}/search` and the Responses API's `file_search` tool.
// The emulator has no embeddings: chunks are ranked lexically, with BM25 (k1 = 1.2, b = 0.75) over the chunks of the
// searched stores that pass the attribute filter, so the same files and query always give the same hits.

import { EmulatorHttpError } from "../errors.js";
import { type AttributeFilter, matchesAttributeFilter } from "./attribute-filter.js";
import type { FileAttributes, FilesScope, VectorStoreFileEntry } from "./file-store.js";

/** What to search, as the search endpoint's body and the `file_search` tool carry it. */
export interface VectorStoreSearchRequest {
  /** The stores to search (each must exist in the scope). */
  vectorStoreIds: ReadonlyArray<string>;
  /** One query, or several whose terms are pooled. */
  query: string | ReadonlyArray<string>;
  /** At most this many hits (default 10, the search endpoint's default; the API allows 1 to 50). */
  maxNumResults?: number;
  /** Hits scoring below this are dropped (`ranking_options.score_threshold`, default 0). */
  scoreThreshold?: number;
  /** Only files whose attributes pass this filter are searched. */
  filters?: AttributeFilter | null;
}

/** One hit: a chunk of a file, shaped as the search endpoint's result (and convertible to a file_search result). */
export interface VectorStoreSearchHit {
  /** The store the file was found in. */
  vector_store_id: string;
  file_id: string;
  filename: string;
  /** Between 0 and 1, higher is more relevant. */
  score: number;
  attributes: FileAttributes | null;
  /** The matching chunk (one part per hit). */
  content: Array<{ type: "text"; text: string }>;
}

/** A result of the Responses API's `file_search_call` (`include: ["file_search_call.results"]`). */
export interface FileSearchResult {
  file_id: string;
  filename: string;
  score: number;
  attributes: FileAttributes | null;
  text: string;
}

const K1 = 1.2;
const B = 0.75;

/**
 * Searches the scope's vector stores and returns the best chunks, best first. Ties keep store, file and chunk order.
 * A chunk that shares no term with the query is never a hit (there is no semantic similarity to fall back on).
 *
 * Scores are BM25 divided by its upper bound for the query (the sum over the query terms that some chunk has of
 * idf × (k1 + 1)), so they lie in [0, 1): a chunk of average length holding each such term once scores about 0.45.
 *
 * Throws the API's 404 for a store id the scope does not have (see {@link vectorStoreNotFound}).
 *
 * @example
 * const hits = searchVectorStores(context.files.scope(scope), { vectorStoreIds: ["vs_123"], query: "refund policy", maxNumResults: 5 });
 * hits[0]?.content[0]?.text; // the best-matching chunk
 */
export function searchVectorStores(scope: FilesScope, request: VectorStoreSearchRequest): VectorStoreSearchHit[] {
  const candidates: Array<{ storeId: string; file: VectorStoreFileEntry; text: string; terms: string[] }> = [];
  for (const storeId of request.vectorStoreIds) {
    const store = scope.vectorStores.get(storeId);
    if (!store) throw vectorStoreNotFound(storeId);
    for (const file of store.files.values()) {
      if (file.status !== "completed") continue;
      if (request.filters && !matchesAttributeFilter(file.attributes, request.filters)) continue;
      for (const text of file.chunks) candidates.push({ storeId, file, text, terms: searchTerms(text) });
    }
  }
  const queries = typeof request.query === "string" ? [request.query] : request.query;
  const queryTerms = [...new Set(queries.flatMap(searchTerms))];
  if (candidates.length === 0 || queryTerms.length === 0) return [];
  const averageLength = candidates.reduce((sum, candidate) => sum + candidate.terms.length, 0) / candidates.length || 1;
  const idf = new Map<string, number>();
  let bound = 0;
  for (const term of queryTerms) {
    const containing = candidates.filter((candidate) => candidate.terms.includes(term)).length;
    const weight = Math.log(1 + (candidates.length - containing + 0.5) / (containing + 0.5));
    idf.set(term, weight);
    // A term no chunk has cannot be matched by any, so it does not lower every score.
    if (containing > 0) bound += weight * (K1 + 1);
  }
  if (bound === 0) return [];
  const threshold = request.scoreThreshold ?? 0;
  const scored = candidates.map((candidate, order) => {
    const frequencies = new Map<string, number>();
    for (const term of candidate.terms) frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
    let raw = 0;
    for (const term of queryTerms) {
      const frequency = frequencies.get(term) ?? 0;
      if (frequency === 0) continue;
      const norm = frequency + K1 * (1 - B + (B * candidate.terms.length) / averageLength);
      raw += (idf.get(term) ?? 0) * ((frequency * (K1 + 1)) / norm);
    }
    return { candidate, order, raw, score: Math.round((raw / bound) * 1e6) / 1e6 };
  });
  return scored
    .filter((entry) => entry.raw > 0 && entry.score >= threshold)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, request.maxNumResults ?? 10)
    .map(({ candidate, score }) => ({
      vector_store_id: candidate.storeId,
      file_id: candidate.file.id,
      filename: candidate.file.filename,
      score,
      attributes: candidate.file.attributes,
      content: [{ type: "text", text: candidate.text }],
    }));
}

/**
 * A hit as the Responses API's `file_search_call` lists it in `results`.
 *
 * @example
 * searchVectorStores(scope, request).map(toFileSearchResult); // [{ file_id, filename, score, attributes, text }]
 */
export function toFileSearchResult(hit: VectorStoreSearchHit): FileSearchResult {
  return { file_id: hit.file_id, filename: hit.filename, score: hit.score, attributes: hit.attributes, text: hit.content.map((part) => part.text).join("\n") };
}

/**
 * The words a text is searched by: runs of letters and digits, lower-cased after NFKC normalization, with English
 * plurals folded into their singular (`refunds` and `policies` match `refund` and `policy`).
 *
 * @example
 * searchTerms("Refund Policies, 2024!"); // ["refund", "policy", "2024"]
 */
export function searchTerms(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(singular);
}

// A light stemmer, for plurals only: "-ies" to "-y", "-es" after s, x, z, ch and sh, and a final "-s" (not "-ss").
function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:s|x|z|ch|sh)es$/u.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) return word.slice(0, -1);
  return word;
}

/**
 * The API's 404 for a vector store id the caller's scope does not have. wording not confirmed (public reports quote
 * "No vector store found with id 'vs_…'.").
 *
 * @example
 * throw vectorStoreNotFound("vs_123");
 */
export function vectorStoreNotFound(id: string): EmulatorHttpError {
  return new EmulatorHttpError(404, `No vector store found with id '${id}'.`, { param: null, code: null });
}
