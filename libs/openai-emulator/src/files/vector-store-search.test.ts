import { describe, expect, it } from "@jest/globals";
import { loadEncoding } from "@tessera/openai-tokens";
import { attachFile } from "./attach-file.js";
import { parseAttributeFilter } from "./attribute-filter.js";
import { chunkText } from "./chunk-text.js";
import { createFilesStore, type FileAttributes, type FilesScope, type VectorStoreEntry } from "./file-store.js";
import { searchTerms, searchVectorStores, toFileSearchResult, vectorStoreNotFound } from "./vector-store-search.js";

function addFile(scope: FilesScope, id: string, filename: string, text: string): void {
  const content = new TextEncoder().encode(text);
  scope.files.set(id, { id, filename, purpose: "assistants", bytes: content.length, created_at: 1, expires_at: null, content, contentType: "text/plain", text });
}

function addStore(scope: FilesScope, id: string): VectorStoreEntry {
  const store: VectorStoreEntry = { id, name: id, created_at: 1, last_active_at: 1, metadata: null, expires_after: null, files: new Map(), batches: new Map() };
  scope.vectorStores.set(id, store);
  return store;
}

async function fixture(): Promise<FilesScope> {
  const scope = createFilesStore().scope("test");
  addFile(scope, "file-refunds", "refunds.md", "Refund policy: refunds are issued within 30 days of purchase. Keep the receipt.");
  addFile(scope, "file-shipping", "shipping.md", "Shipping takes 5 business days. International shipping costs extra.");
  addFile(scope, "file-faq", "faq.md", "Questions about a refund? Contact support. Shipping questions go to logistics.");
  addFile(scope, "file-image", "photo.png", "");
  const files = scope.files.get("file-image");
  if (files) files.text = null;
  const store = addStore(scope, "vs_docs");
  const attributes: Record<string, FileAttributes> = {
    "file-refunds": { team: "billing", year: 2024, public: true },
    "file-shipping": { team: "logistics", year: 2023, public: true },
    "file-faq": { team: "support", year: 2025, public: false },
    "file-image": { team: "design" },
  };
  for (const [id, attrs] of Object.entries(attributes)) await attachFile(scope, store, id, { createdAt: 2, attributes: attrs });
  return scope;
}

describe("searchVectorStores", () => {
  it("ranks chunks by BM25 with scores in [0, 1), best first, as search results", async () => {
    const scope = await fixture();
    const hits = searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: "refund policy" });
    expect(hits.map((hit) => hit.file_id)).toEqual(["file-refunds", "file-faq"]);
    const [best, second] = hits;
    expect(best).toEqual({
      vector_store_id: "vs_docs",
      file_id: "file-refunds",
      filename: "refunds.md",
      score: expect.any(Number),
      attributes: { team: "billing", year: 2024, public: true },
      content: [{ type: "text", text: "Refund policy: refunds are issued within 30 days of purchase. Keep the receipt." }],
    });
    expect(best?.score).toBeGreaterThan(second?.score ?? 1);
    for (const hit of hits) expect(hit.score).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.score).toBeLessThan(1);
    // Deterministic: the same query gives the same scores.
    expect(searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: "refund policy" })).toEqual(hits);
  });

  it("pools the terms of several queries, caps the hits, and drops those under the score threshold", async () => {
    const scope = await fixture();
    const both = searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: ["refund", "international shipping"] });
    expect(both.map((hit) => hit.file_id).sort()).toEqual(["file-faq", "file-refunds", "file-shipping"]);
    expect(searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: ["refund", "shipping"], maxNumResults: 1 })).toHaveLength(1);
    const threshold = (both[1]?.score ?? 0) + 1e-6;
    expect(searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: ["refund", "international shipping"], scoreThreshold: threshold })).toHaveLength(1);
    expect(searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: "unrelated words" })).toEqual([]);
  });

  it("searches only files whose attributes pass comparison and compound filters", async () => {
    const scope = await fixture();
    const search = (filters: unknown) =>
      searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: "refund shipping", filters: parseAttributeFilter(filters, "filters") })
        .map((hit) => hit.file_id)
        .sort();
    expect(search({ type: "eq", key: "team", value: "billing" })).toEqual(["file-refunds"]);
    expect(search({ type: "ne", key: "team", value: "billing" })).toEqual(["file-faq", "file-shipping"]);
    expect(search({ type: "gte", key: "year", value: 2024 })).toEqual(["file-faq", "file-refunds"]);
    expect(search({ type: "lt", key: "year", value: 2024 })).toEqual(["file-shipping"]);
    expect(search({ type: "in", key: "team", value: ["support", "logistics"] })).toEqual(["file-faq", "file-shipping"]);
    expect(search({ type: "nin", key: "team", value: ["support", "logistics"] })).toEqual(["file-refunds"]);
    expect(search({ type: "eq", key: "public", value: false })).toEqual(["file-faq"]);
    expect(search({ type: "and", filters: [{ type: "eq", key: "public", value: true }, { type: "gt", key: "year", value: 2023 }] })).toEqual(["file-refunds"]);
    expect(search({ type: "or", filters: [{ type: "eq", key: "team", value: "support" }, { type: "lte", key: "year", value: 2023 }] })).toEqual([
      "file-faq",
      "file-shipping",
    ]);
    // A missing attribute fails every comparison but `ne` and `nin`.
    expect(search({ type: "eq", key: "missing", value: "x" })).toEqual([]);
    expect(search({ type: "ne", key: "missing", value: "x" })).toEqual(["file-faq", "file-refunds", "file-shipping"]);
  });

  it("refuses malformed filters with the path of the bad member", () => {
    expect(() => parseAttributeFilter({ type: "like", key: "a", value: "b" }, "filters")).toThrow(
      "Invalid value: 'like'. Supported values are: 'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'and', and 'or'.",
    );
    expect(() => parseAttributeFilter({ type: "and", filters: [{ type: "eq", value: 1 }] }, "filters")).toThrow(
      expect.objectContaining({ param: "filters.filters[0].key", message: "Missing required parameter: 'filters.filters[0].key'." }),
    );
    expect(() => parseAttributeFilter({ type: "eq", key: "a", value: { b: 1 } }, "filters")).toThrow(expect.objectContaining({ param: "filters.value" }));
  });

  it("skips failed files (no readable text) and throws the 404 for an unknown store", async () => {
    const scope = await fixture();
    const store = scope.vectorStores.get("vs_docs");
    expect(store?.files.get("file-image")).toMatchObject({ status: "failed", last_error: { code: "unsupported_file" }, chunks: [] });
    expect(() => searchVectorStores(scope, { vectorStoreIds: ["vs_docs", "vs_missing"], query: "refund" })).toThrow(vectorStoreNotFound("vs_missing"));
  });

  it("scores a chunk of average length holding each query term once at 1 / (k1 + 1), whatever terms no chunk has", async () => {
    const scope = createFilesStore().scope(null);
    addFile(scope, "file-one", "one.txt", "Refunds take thirty days.");
    await attachFile(scope, addStore(scope, "vs_one"), "file-one", { createdAt: 1 });
    const [hit] = searchVectorStores(scope, { vectorStoreIds: ["vs_one"], query: "refund xyzzy" });
    expect(hit?.score).toBeCloseTo(1 / 2.2, 5);
  });

  it("converts a hit to a file_search result", async () => {
    const scope = await fixture();
    const [hit] = searchVectorStores(scope, { vectorStoreIds: ["vs_docs"], query: "receipt" });
    expect(hit && toFileSearchResult(hit)).toEqual({
      file_id: "file-refunds",
      filename: "refunds.md",
      score: hit?.score,
      attributes: { team: "billing", year: 2024, public: true },
      text: "Refund policy: refunds are issued within 30 days of purchase. Keep the receipt.",
    });
  });
});

describe("searchTerms", () => {
  it("lower-cases, splits on anything but letters and digits, and folds plurals", () => {
    expect(searchTerms("Refunds, POLICIES & boxes: 2024 glass bus analysis Café")).toEqual(["refund", "policy", "box", "2024", "glass", "bus", "analysis", "café"]);
  });
});

describe("chunkText", () => {
  it("cuts long text into windows of max_chunk_size_tokens overlapping by chunk_overlap_tokens (cl100k_base)", async () => {
    const words = Array.from({ length: 1000 }, (_, index) => `w${index}`).join(" ");
    const chunks = await chunkText(words, { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 });
    const encoder = await loadEncoding("cl100k_base");
    const tokens = encoder.encode(words);
    expect(tokens.length).toBeGreaterThan(1600);
    const starts = chunks.map((_, index) => index * 400);
    expect(chunks).toEqual(starts.map((start) => encoder.decode(tokens.slice(start, start + 800))));
    expect(starts.at(-1)! + 800).toBeGreaterThanOrEqual(tokens.length);
    expect(starts.at(-2)! + 800).toBeLessThan(tokens.length);
    expect(await chunkText("short", { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 })).toEqual(["short"]);
    expect(await chunkText("  ", { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 })).toEqual([]);
  });
});
