import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { toFile } from "openai";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";

const docs = {
  "refunds.md": "Refund policy: refunds are issued within 30 days of purchase. Keep the receipt.",
  "shipping.md": "Shipping takes 5 business days. International shipping costs extra.",
  "faq.md": "Questions about a refund? Contact support. Shipping questions go to logistics.",
};

async function upload(client: OpenAI, name: keyof typeof docs): Promise<OpenAI.FileObject> {
  return client.files.create({ file: await toFile(Buffer.from(docs[name]), name, { type: "text/markdown" }), purpose: "assistants" });
}

describe("/v1/vector_stores", () => {
  it("creates a store from file_ids (completed at once, counted), retrieves, modifies, lists and deletes it", async () => {
    const { client } = createTestClient({ ids: "sequential", now: () => 1_750_000_000_000 });
    const refunds = await upload(client, "refunds.md");
    const shipping = await upload(client, "shipping.md");
    const store = await client.vectorStores.create({ name: "Support", file_ids: [refunds.id, shipping.id], metadata: { team: "support" } });
    expect(store).toEqual({
      id: "vs_00000000000000000000000000000003",
      object: "vector_store",
      created_at: 1_750_000_000,
      name: "Support",
      usage_bytes: Buffer.byteLength(docs["refunds.md"]) + Buffer.byteLength(docs["shipping.md"]),
      file_counts: { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 },
      status: "completed",
      expires_at: null,
      last_active_at: 1_750_000_000,
      metadata: { team: "support" },
    });
    expect(await client.vectorStores.retrieve(store.id)).toEqual(store);
    const renamed = await client.vectorStores.update(store.id, { name: "Help", expires_after: { anchor: "last_active_at", days: 7 } });
    expect(renamed).toMatchObject({ name: "Help", expires_after: { anchor: "last_active_at", days: 7 }, expires_at: 1_750_000_000 + 7 * 86_400 });
    const other = await client.vectorStores.create({ name: "Empty" });
    expect(other.file_counts.total).toBe(0);
    expect((await client.vectorStores.list()).data.map((item) => item.id)).toEqual([other.id, store.id]);
    expect(await client.vectorStores.delete(store.id)).toEqual({ id: store.id, object: "vector_store.deleted", deleted: true });
    await expect(client.vectorStores.retrieve(store.id)).rejects.toMatchObject({ status: 404, error: { message: `No vector store found with id '${store.id}'.` } });
  });

  it("attaches files with the SDK's createAndPoll and uploadAndPoll, with attributes, and lists, reads and detaches them", async () => {
    const { client } = createTestClient();
    const store = await client.vectorStores.create({ name: "Support" });
    const refunds = await upload(client, "refunds.md");
    const attached = await client.vectorStores.files.createAndPoll(store.id, { file_id: refunds.id, attributes: { team: "billing", year: 2024 } });
    expect(attached).toMatchObject({
      id: refunds.id,
      object: "vector_store.file",
      vector_store_id: store.id,
      status: "completed",
      last_error: null,
      attributes: { team: "billing", year: 2024 },
      chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } },
    });
    const uploaded = await client.vectorStores.files.uploadAndPoll(store.id, await toFile(Buffer.from(docs["faq.md"]), "faq.md"));
    expect(uploaded.status).toBe("completed");
    const listed = await client.vectorStores.files.list(store.id);
    expect(listed.data.map((file) => file.id)).toEqual([uploaded.id, refunds.id]);
    expect((await client.vectorStores.files.list(store.id, { filter: "failed" })).data).toEqual([]);
    const content = await client.vectorStores.files.content(refunds.id, { vector_store_id: store.id });
    expect(content.data).toEqual([{ type: "text", text: docs["refunds.md"] }]);
    const updated = await client.vectorStores.files.update(refunds.id, { vector_store_id: store.id, attributes: { team: "finance" } });
    expect(updated.attributes).toEqual({ team: "finance" });
    expect(await client.vectorStores.files.delete(refunds.id, { vector_store_id: store.id })).toEqual({ id: refunds.id, object: "vector_store.file.deleted", deleted: true });
    expect((await client.vectorStores.retrieve(store.id)).file_counts).toMatchObject({ completed: 1, total: 1 });
    // Detaching keeps the file; deleting the file removes it from every store.
    expect((await client.files.retrieve(refunds.id)).id).toBe(refunds.id);
    await client.files.delete(uploaded.id);
    expect((await client.vectorStores.retrieve(store.id)).file_counts.total).toBe(0);
  });

  it("marks a file it cannot read text from as failed (unsupported_file) and counts it", async () => {
    const { client } = createTestClient();
    const store = await client.vectorStores.create({ name: "Papers" });
    const pdf = await client.files.create({ file: await toFile(Buffer.from("%PDF-1.7\n%\u00e2\u00e3"), "paper.pdf", { type: "application/pdf" }), purpose: "assistants" });
    const attached = await client.vectorStores.files.createAndPoll(store.id, { file_id: pdf.id });
    expect(attached.status).toBe("failed");
    expect(attached.last_error).toEqual({ code: "unsupported_file", message: "The emulator cannot extract text from 'paper.pdf' (application/pdf)." });
    expect((await client.vectorStores.retrieve(store.id)).file_counts).toEqual({ in_progress: 0, completed: 0, failed: 1, cancelled: 0, total: 1 });
  });

  it("attaches a file batch with uploadAndPoll and lists its files", async () => {
    const { client } = createTestClient();
    const store = await client.vectorStores.create({ name: "Support" });
    const files = await Promise.all((["refunds.md", "shipping.md"] as const).map(async (name) => toFile(Buffer.from(docs[name]), name)));
    const batch = await client.vectorStores.fileBatches.uploadAndPoll(store.id, { files });
    expect(batch).toMatchObject({ object: "vector_store.files_batch", vector_store_id: store.id, status: "completed", file_counts: { completed: 2, total: 2 } });
    expect(batch.id).toMatch(/^vsfb_[0-9a-f]{32}$/u);
    const listed = await client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: store.id });
    expect(listed.data).toHaveLength(2);
    expect(await client.vectorStores.fileBatches.retrieve(batch.id, { vector_store_id: store.id })).toEqual(batch);
    expect((await client.vectorStores.fileBatches.cancel(batch.id, { vector_store_id: store.id })).status).toBe("completed");
  });

  it("searches with the SDK: ranked chunks, attribute filters, max_num_results and score_threshold", async () => {
    const { client, emulator } = createTestClient();
    const ids = await Promise.all((Object.keys(docs) as Array<keyof typeof docs>).map(async (name) => (await upload(client, name)).id));
    const store = await client.vectorStores.create({ name: "Support" });
    const teams = ["billing", "logistics", "support"];
    for (const [index, id] of ids.entries()) await client.vectorStores.files.create(store.id, { file_id: id, attributes: { team: teams[index] ?? "" } });
    const page = await client.vectorStores.search(store.id, { query: "refund policy" });
    expect(page.data.map((hit) => hit.filename)).toEqual(["refunds.md", "faq.md"]);
    expect(page.data[0]).toEqual({ file_id: ids[0], filename: "refunds.md", score: expect.any(Number), attributes: { team: "billing" }, content: [{ type: "text", text: docs["refunds.md"] }] });
    const raw = await rawRequest(emulator, "/v1/vector_stores/vs_missing/search", { body: { query: "x" } });
    expect(raw.status).toBe(404);
    const filtered = await client.vectorStores.search(store.id, { query: ["refund", "shipping"], filters: { type: "eq", key: "team", value: "support" } });
    expect(filtered.data.map((hit) => hit.filename)).toEqual(["faq.md"]);
    expect((await client.vectorStores.search(store.id, { query: ["refund", "shipping"], max_num_results: 1 })).data).toHaveLength(1);
    const best = page.data[0]?.score ?? 1;
    const strict = await client.vectorStores.search(store.id, { query: "refund policy", ranking_options: { score_threshold: best } });
    expect(strict.data.map((hit) => hit.filename)).toEqual(["refunds.md"]);
  });

  it("answers the API's 400s for bad bodies: unknown parameters, types, bounds and filters", async () => {
    const { client, emulator } = createTestClient();
    const store = await client.vectorStores.create({});
    const post = async (path: string, body: unknown) => (await rawRequest(emulator, path, { body })).json();
    expect(await post("/v1/vector_stores", { nam: "x" })).toMatchObject({ error: { message: "Unknown parameter: 'nam'.", param: "nam", code: "unknown_parameter" } });
    expect(await post("/v1/vector_stores", { file_ids: "file-1" })).toMatchObject({ error: { param: "file_ids", code: "invalid_type" } });
    expect(await post("/v1/vector_stores", { file_ids: ["file-missing"] })).toMatchObject({ error: { message: "No such File object: file-missing", param: "file_ids" } });
    expect(await post(`/v1/vector_stores/${store.id}/search`, {})).toMatchObject({ error: { message: "Missing required parameter: 'query'.", param: "query" } });
    expect(await post(`/v1/vector_stores/${store.id}/search`, { query: "x", max_num_results: 51 })).toMatchObject({
      error: { param: "max_num_results", code: "integer_above_max_value" },
    });
    expect(await post(`/v1/vector_stores/${store.id}/search`, { query: "x", filters: { type: "like", key: "a", value: "b" } })).toMatchObject({
      error: { param: "filters.type", code: "invalid_value" },
    });
    expect(await post(`/v1/vector_stores/${store.id}/files`, { file_id: "file-1", chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 60 } } })).toMatchObject({
      error: { param: "chunking_strategy.static.chunk_overlap_tokens" },
    });
  });
});

