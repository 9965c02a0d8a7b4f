import { describe, expect, it } from "@jest/globals";
import OpenAI, { toFile } from "openai";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";
import { createEmulator } from "../emulator.js";

function scopedClient(emulator: ReturnType<typeof createEmulator>, scope: string): OpenAI {
  return new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: { "x-emulator-scope": scope } });
}

const text = "# Refunds\n\nRefunds are issued within 30 days.\n";

describe("/v1/files", () => {
  it("uploads with the SDK's toFile, then retrieves, lists, reads and deletes the file", async () => {
    const { client } = createTestClient({ ids: "sequential", now: () => 1_750_000_000_000 });
    const file = await client.files.create({ file: await toFile(Buffer.from(text), "refunds.md", { type: "text/markdown" }), purpose: "assistants" });
    expect(file).toEqual({
      object: "file",
      id: "file-0000000000000000000001",
      purpose: "assistants",
      filename: "refunds.md",
      bytes: Buffer.byteLength(text),
      created_at: 1_750_000_000,
      status: "processed",
    });
    expect(await client.files.retrieve(file.id)).toEqual(file);
    const content = await client.files.content(file.id);
    expect(await content.text()).toBe(text);
    const second = await client.files.create({ file: await toFile(Buffer.from("a,b\n1,2\n"), "data.csv"), purpose: "user_data" });
    const all = await client.files.list();
    expect(all.data.map((item) => item.id)).toEqual([second.id, file.id]);
    expect((await client.files.list({ purpose: "user_data" })).data.map((item) => item.id)).toEqual([second.id]);
    const page = await client.files.list({ order: "asc", limit: 1 });
    expect(page.data.map((item) => item.id)).toEqual([file.id]);
    expect(page.has_more).toBe(true);
    const next = await page.getNextPage();
    expect(next.data.map((item) => item.id)).toEqual([second.id]);
    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: "file", deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toMatchObject({
      status: 404,
      error: { message: `No such File object: ${file.id}`, type: "invalid_request_error", param: "id", code: null },
    });
  });

  it("keeps binary uploads byte for byte, and sets expires_at for batch files (30 days) and expires_after", async () => {
    const { client } = createTestClient({ now: () => 1_750_000_000_000 });
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const image = await client.files.create({ file: await toFile(bytes, "pixels.png", { type: "image/png" }), purpose: "vision" });
    expect(new Uint8Array(await (await client.files.content(image.id)).arrayBuffer())).toEqual(bytes);
    expect(image.expires_at).toBeUndefined();
    const batch = await client.files.create({ file: await toFile(Buffer.from("{}\n"), "batch.jsonl"), purpose: "batch" });
    expect(batch.expires_at).toBe(1_750_000_000 + 30 * 86_400);
    const expiring = await client.files.create({
      file: await toFile(Buffer.from("x"), "x.txt"),
      purpose: "user_data",
      expires_after: { anchor: "created_at", seconds: 3600 },
    });
    expect(expiring.expires_at).toBe(1_750_000_000 + 3600);
  });

  it("answers the API's errors for a bad purpose, a missing file or purpose, and a body that is not multipart", async () => {
    const { client, emulator } = createTestClient();
    await expect(client.files.create({ file: await toFile(Buffer.from("x"), "x.txt"), purpose: "vector_store" as "assistants" })).rejects.toMatchObject({
      status: 400,
      error: {
        message: "'vector_store' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'",
        param: "purpose",
        code: null,
      },
    });
    const noPurpose = new FormData();
    noPurpose.append("file", new File(["x"], "x.txt"));
    const missing = await emulator.fetch("http://emulator.test/v1/files", { method: "POST", headers: { authorization: "Bearer k" }, body: noPurpose });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { message: "Missing required parameter: 'purpose'.", param: "purpose" } });
    const noFile = new FormData();
    noFile.append("purpose", "assistants");
    const missingFile = await emulator.fetch("http://emulator.test/v1/files", { method: "POST", headers: { authorization: "Bearer k" }, body: noFile });
    expect(await missingFile.json()).toMatchObject({ error: { message: "Missing required parameter: 'file'.", param: "file" } });
    const json = await rawRequest(emulator, "/v1/files", { body: { purpose: "assistants" } });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid Content-Type header \(application\/json\), expected multipart\/form-data/u);
  });

  it("keeps each scope's files apart, and reset forgets them", async () => {
    const emulator = createEmulator();
    const alice = scopedClient(emulator, "alice");
    const bob = scopedClient(emulator, "bob");
    const file = await alice.files.create({ file: await toFile(Buffer.from("x"), "x.txt"), purpose: "assistants" });
    await expect(bob.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
    expect((await bob.files.list()).data).toEqual([]);
    emulator.reset({ scope: "alice" });
    await expect(alice.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
  });

  it("journals an upload as a summary of its fields (the file as name, type, size and sha256), not its bytes", async () => {
    const { client, emulator } = createTestClient();
    await client.files.create({ file: await toFile(Buffer.from(text), "refunds.md", { type: "text/markdown" }), purpose: "assistants" });
    // One entry: the SDK's `data:,` probe of its fetch is answered outside the journal.
    expect(emulator.journal.entries()).toHaveLength(1);
    const [entry] = emulator.journal.entries();
    expect(entry?.request.body).toEqual({
      purpose: "assistants",
      file: {
        filename: "refunds.md",
        content_type: "text/markdown",
        bytes: Buffer.byteLength(text),
        sha256: "dc4e0d94c071f964a8a40629a5ab672d90b1928bfa709ba39bd9da06b6ccb941",
      },
    });
  });
});
