import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { toFile } from "openai";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";
import { grammar, itemEvents, memberSets, readNamedEvents, recordedStreams, type StreamEvent } from "../__tests__/responses-stream-helpers.js";

// The file_search tool on POST /v1/responses, over vector stores made through /v1/files and /v1/vector_stores.

const model = "gpt-4o-mini";
const docs = {
  "refunds.md": "Refund policy: refunds are issued within 30 days of purchase. Keep the receipt.",
  "shipping.md": "Shipping takes 5 business days. International shipping costs extra.",
};

async function storeWithDocs(client: OpenAI): Promise<string> {
  const ids: string[] = [];
  for (const [name, text] of Object.entries(docs)) {
    ids.push((await client.files.create({ file: await toFile(Buffer.from(text), name, { type: "text/markdown" }), purpose: "assistants" })).id);
  }
  return (await client.vectorStores.create({ name: "Support", file_ids: ids })).id;
}

describe("file_search", () => {
  it("searches the vector stores, lists results with include, and cites the file where the API puts the mark", async () => {
    const { client } = createTestClient();
    const store = await storeWithDocs(client);
    const tools: OpenAI.Responses.Tool[] = [{ type: "file_search", vector_store_ids: [store] }];
    const response = await client.responses.create({ model, input: "How many days do refunds take?", tools, include: ["file_search_call.results"] });
    const [call, message] = response.output;
    expect(call?.type).toBe("file_search_call");
    expect(call?.id).toMatch(/^fs_[0-9a-f]{50}$/u);
    expect(call).toMatchObject({ status: "completed", queries: ["How many days do refunds take?"] });
    const results = call?.type === "file_search_call" ? (call.results ?? []) : [];
    expect(results[0]).toMatchObject({ filename: "refunds.md", text: docs["refunds.md"] });
    expect(results[0]?.score).toBeGreaterThan(0);
    const part = message?.type === "message" ? message.content[0] : undefined;
    const text = part?.type === "output_text" ? part.text : "";
    expect(text).toBe("According to refunds.md, Refund policy: refunds are issued within 30 days of purchase. Keep the receipt .");
    expect(part?.type === "output_text" && part.annotations).toEqual([{ type: "file_citation", file_id: results[0]?.file_id, filename: "refunds.md", index: [...text].length - 1 }]);
    expect(response.tools).toEqual([{ type: "file_search", filters: null, max_num_results: 20, ranking_options: { ranker: "auto", score_threshold: 0 }, vector_store_ids: [store] }]);
  });

  it("leaves results out without include, and does not search when the files hold nothing about the question", async () => {
    const { client } = createTestClient();
    const store = await storeWithDocs(client);
    const tools: OpenAI.Responses.Tool[] = [{ type: "file_search", vector_store_ids: [store] }];
    const searched = await client.responses.create({ model, input: "What does shipping cost?", tools });
    expect(searched.output[0]).toMatchObject({ type: "file_search_call", results: null });
    const unrelated = await client.responses.create({ model, input: "Tell me about Paris", tools });
    expect(unrelated.output.map((item) => item.type)).toEqual(["message"]);
    const forced = await client.responses.create({ model, input: "Tell me about Paris", tools, tool_choice: { type: "file_search" }, include: ["file_search_call.results"] });
    expect(forced.output[0]).toMatchObject({ type: "file_search_call", results: [] });
  });

  it("applies the tool's attribute filters and max_num_results", async () => {
    const { client } = createTestClient();
    const store = (await client.vectorStores.create({ name: "Teams" })).id;
    for (const [name, team] of [["refunds.md", "billing"], ["shipping.md", "logistics"]] as const) {
      const file = await client.files.create({ file: await toFile(Buffer.from(docs[name]), name, { type: "text/markdown" }), purpose: "assistants" });
      await client.vectorStores.files.createAndPoll(store, { file_id: file.id, attributes: { team } });
    }
    const search = async (tool: Partial<OpenAI.Responses.FileSearchTool>) => {
      const response = await client.responses.create({ model, input: "refunds and shipping", tools: [{ type: "file_search", vector_store_ids: [store], ...tool }], include: ["file_search_call.results"] });
      const [call] = response.output;
      return call?.type === "file_search_call" ? (call.results ?? []).map((result) => result.filename) : [];
    };
    expect((await search({})).sort()).toEqual(["refunds.md", "shipping.md"]);
    expect(await search({ filters: { type: "eq", key: "team", value: "logistics" } })).toEqual(["shipping.md"]);
    expect(await search({ max_num_results: 1 })).toHaveLength(1);
  });

  it("refuses an unknown vector store and bad filters", async () => {
    const { client } = createTestClient();
    await expect(client.responses.create({ model, input: "Hi", tools: [{ type: "file_search", vector_store_ids: ["vs_missing"] }] })).rejects.toMatchObject({
      status: 404,
      error: { message: "No vector store found with id 'vs_missing'." },
    });
    const store = await storeWithDocs(client);
    const bad = { type: "file_search", vector_store_ids: [store], filters: { type: "near", key: "a", value: 1 } } as unknown as OpenAI.Responses.Tool;
    await expect(client.responses.create({ model, input: "Hi", tools: [bad] })).rejects.toMatchObject({ status: 400, error: { param: "tools[0].filters.type" } });
  });

  it("streams the search in the recorded order, then the answer with its file citation", async () => {
    const { client, emulator } = createTestClient();
    const store = await storeWithDocs(client);
    const [recording = []] = recordedStreams("openai-file-search-tool.2.chunks.txt");
    const response = await rawRequest(emulator, "/v1/responses", {
      body: { model, stream: true, input: "How many days do refunds take?", tools: [{ type: "file_search", vector_store_ids: [store] }], include: ["file_search_call.results"] },
    });
    const events = await readNamedEvents(response);
    const recordedOf = (index: number): StreamEvent[] => itemEvents(recording, index);
    expect(grammar(itemEvents(events, 0))).toEqual(grammar(recordedOf(1)));
    expect(memberSets(itemEvents(events, 0))).toEqual(memberSets(recordedOf(1)));
    expect(memberSets(itemEvents(events, 1))).toEqual(memberSets(recordedOf(3)));
    expect(itemEvents(events, 0)[0]?.item).toEqual({ id: expect.any(String), type: "file_search_call", status: "in_progress", queries: [], results: null });
  });
});
