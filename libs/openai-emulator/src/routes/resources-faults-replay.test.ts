import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { toFile } from "openai";
import { createTestClient } from "../__tests__/helpers.js";
import { createEmulator } from "../emulator.js";
import { createClient, createCountingUpstream, createReplayFetch, createTempDir, readCassetteLines, UPSTREAM_BASE_URL } from "../replay/__tests__/replay-fetch.js";

const notes = "Refunds are issued within 30 days of purchase.";

describe("faults on the Files and Vector Stores routes", () => {
  it("applies the fault header's HTTP faults before the handler, and notes them in the journal", async () => {
    const { client, emulator } = createTestClient();
    const upload = async () => client.files.create({ file: await toFile(Buffer.from(notes), "notes.txt"), purpose: "assistants" }, { headers: { "x-emulator-fault": "500*1" } });
    await expect(upload()).rejects.toMatchObject({ status: 500, error: { type: "server_error" } });
    // The failed request stored nothing; the second one (past the fault's count) succeeds.
    expect((await client.files.list()).data).toEqual([]);
    const file = await upload();
    expect(file.status).toBe("processed");
    const faulted = emulator.journal.entries().filter((entry) => entry.faults.length > 0);
    expect(faulted.map((entry) => [entry.request.path, entry.faults])).toEqual([["/v1/files", ["500*1"]]]);
    await expect(client.vectorStores.create({ name: "x" }, { headers: { "x-emulator-fault": "429" } })).rejects.toMatchObject({
      status: 429,
      error: { code: "rate_limit_exceeded" },
    });
  });

  it("refuses faults that act on generated text or streams, naming the route", async () => {
    const { client } = createTestClient();
    await expect(client.vectorStores.list({}, { headers: { "x-emulator-fault": "bad-json" } })).rejects.toMatchObject({
      status: 400,
      error: { code: "invalid_emulator_fault", message: expect.stringContaining("'bad-json' cannot apply to GET /v1/vector_stores") },
    });
  });
});

describe("record and replay of the Files and Vector Stores routes", () => {
  let temp: ReturnType<typeof createTempDir>;
  beforeEach(() => {
    temp = createTempDir();
  });
  afterEach(() => temp.remove());

  it("records an upload keyed by its summary (not its bytes) and replays the whole flow without the upstream", async () => {
    const flow = async (client: ReturnType<typeof createClient>) => {
      const file = await client.files.create({ file: await toFile(Buffer.from(notes), "notes.txt"), purpose: "assistants" });
      const store = await client.vectorStores.create({ name: "Support", file_ids: [file.id] });
      const search = await client.vectorStores.search(store.id, { query: "refunds" });
      return { file, store, search: search.data };
    };
    const upstream = createCountingUpstream(createEmulator({ ids: "sequential", now: () => 1_750_000_000_000 }));
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const recorded = await flow(createClient(recorder.fetch));
    await recorder.flush();
    expect(recorded.search[0]?.content[0]?.text).toBe(notes);
    const lines = readCassetteLines(temp.cassette());
    const upload = lines.find((line) => (line.request as { path?: string }).path === "/v1/files");
    expect((upload?.request as { body?: unknown }).body).toEqual({
      purpose: "assistants",
      file: { filename: "notes.txt", content_type: "application/octet-stream", bytes: Buffer.byteLength(notes), sha256: expect.stringMatching(/^[0-9a-f]{64}$/u) },
    });
    const seen = upstream.requests.length;
    const replayed = await flow(createClient(createReplayFetch({ cassette: temp.cassette() }).fetch));
    expect(replayed).toEqual(recorded);
    expect(upstream.requests).toHaveLength(seen);
  });
});
