import { describe, expect, it } from "@jest/globals";
import { rawRequest } from "./__tests__/helpers.js";
import { createEmulator } from "./index.js";
import { createJournal, DEFAULT_JOURNAL_MAX_BYTES, type JournalRecorder } from "./journal.js";
import type { RequestNotes } from "./request-notes.js";

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8" };
const notes = (): RequestNotes => ({ scope: null, rule: null, faults: [], source: "emulated" });

function record(journal: JournalRecorder, body: string, response: Response = new Response("")): Response {
  const request = new Request("http://emulator.test/v1/chat/completions", { method: "POST", body });
  return journal.record({ request, bodyText: body, response, notes: notes(), started: 0 });
}

const json = (padding: number) => JSON.stringify({ model: "gpt-4o-mini", padding: "x".repeat(padding) });

describe("the journal's byte budget", () => {
  it("forgets the oldest entries once the bodies it holds pass maxBytes, whatever the entry count", async () => {
    const journal = createJournal({ limit: 1000, maxBytes: 10_000, now: () => 0 });
    for (let index = 0; index < 10; index++) await record(journal, json(2_000), Response.json({ index })).text();
    const kept = journal.entries();
    // Each entry holds about 2 kB; 10 kB keeps the newest four, and never the oldest.
    expect(kept.map((entry) => entry.seq)).toEqual([7, 8, 9, 10]);
    expect(kept.every((entry) => entry.request.truncated === undefined)).toBe(true);
    expect(kept.at(-1)?.response.body).toEqual({ index: 9 });
  });

  it("keeps its memory bounded by the budget with bodies of many megabytes (the crash of issue 12)", async () => {
    const journal = createJournal({ limit: 1000, maxBytes: 8 * 1024 * 1024, now: () => 0 });
    const big = json(3 * 1024 * 1024);
    for (let index = 0; index < 20; index++) await record(journal, big, new Response(big)).text();
    // Two 3 MB bodies per entry: one entry fits in 8 MB, the rest were forgotten as new ones came.
    expect(journal.entries().map((entry) => entry.seq)).toEqual([20]);
    expect(JSON.parse(JSON.stringify(journal.entries()))).toHaveLength(1);
  });

  it("truncates a body larger than maxBodyBytes with a marker, and the listing stays valid JSON", async () => {
    const journal = createJournal({ limit: 10, maxBodyBytes: 1_000, now: () => 0 });
    const body = json(5_000);
    const sent = await record(journal, body, new Response(body, { headers: { "content-type": "application/json" } })).text();
    expect(sent).toBe(body); // the client still gets every byte
    const [entry] = journal.entries();
    expect(entry?.request.truncated).toEqual({ keptBytes: 1_000, totalBytes: body.length });
    expect(entry?.request.body).toBe(`${body.slice(0, 1_000)}[truncated by the emulator journal: kept the first 1000 of ${body.length} bytes; raise journalMaxBodyBytes (--journal-max-body-bytes) or journalMaxBytes (--journal-max-bytes) to keep more]`);
    expect(entry?.response.truncated).toEqual({ keptBytes: 1_000, totalBytes: body.length });
    expect(entry?.response.body).toMatch(/^\{"model":"gpt-4o-mini".*\[truncated by the emulator journal: kept the first 1000 of \d+ bytes;/u);
    expect(JSON.parse(JSON.stringify({ object: "list", data: journal.entries() })).data[0].request.truncated.keptBytes).toBe(1_000);
  });

  it("cuts an event stream at the cap: whole events up to it, then the marker as the last event", async () => {
    const journal = createJournal({ limit: 10, maxBodyBytes: 40, now: () => 0 });
    const events = ['data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: {"n":3}\n\n', "data: [DONE]\n\n"];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of events) controller.enqueue(new TextEncoder().encode(event));
        controller.close();
      },
    });
    const sent = await record(journal, "{}", new Response(stream, { headers: SSE_HEADERS })).text();
    expect(sent).toBe(events.join(""));
    const entry = journal.last();
    expect(entry?.response.events?.slice(0, 2)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(entry?.response.events).toHaveLength(3);
    expect(entry?.response.events?.[2]).toMatch(/^\[truncated by the emulator journal: kept the first 40 of 59 bytes;/u);
  });

  it("defaults to a 64 MiB budget, and refuses a budget that is not a number of bytes", () => {
    expect(DEFAULT_JOURNAL_MAX_BYTES).toBe(64 * 1024 * 1024);
    expect(() => createJournal({ limit: 1, maxBytes: 0, now: Date.now })).toThrow("The journal's maxBytes is a number of bytes, 1 or more (got 0).");
    expect(() => createJournal({ limit: 1, maxBodyBytes: 1.5, now: Date.now })).toThrow(RangeError);
  });

  it("is configured through createEmulator({ journalMaxBytes, journalMaxBodyBytes })", async () => {
    const emulator = createEmulator({ journalMaxBodyBytes: 100 });
    await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "a".repeat(500) }] } });
    await emulator.journal.settled();
    const entry = emulator.journal.last();
    expect(entry?.request.truncated?.keptBytes).toBe(100);
    expect(entry?.response.truncated?.keptBytes).toBe(100);
    const listing = await rawRequest(emulator, "/__emulator/journal");
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as { data: unknown[] }).data).toHaveLength(1);
  });
});

describe("the journal's redaction of credentials", () => {
  it("redacts API keys in the query string and the x-api-key header, and keeps other values", () => {
    const journal = createJournal({ limit: 10, now: () => 0 });
    const request = new Request("http://emulator.test/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key=azure-secret-0123456789&key=short", {
      method: "POST",
      headers: { "x-api-key": "sk-ant-0123456789abcdef", "x-emulator-scope": "s" },
      body: "{}",
    });
    journal.record({ request, bodyText: "{}", response: new Response(""), notes: notes(), started: 0 });
    const entry = journal.last();
    expect(entry?.request.query).toEqual({ "api-version": "2024-10-21", "api-key": "azu***", key: "***" });
    expect(entry?.request.headers["x-api-key"]).toBe("sk-***");
    expect(entry?.request.headers["x-emulator-scope"]).toBe("s");
    expect(JSON.stringify(entry)).not.toMatch(/0123456789|short/u);
  });
});

describe("deeply nested JSON", () => {
  const deep = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

  it("answers 400 in OpenAI's envelope (not 500), and the journal listing stays valid JSON", async () => {
    const emulator = createEmulator();
    const body = `{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"metadata":${deep(100_000)}}`;
    const response = await rawRequest(emulator, "/v1/chat/completions", { body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: expect.stringMatching(/^The request body nests arrays and objects more than 128 levels deep, which the OpenAI emulator does not accept/u),
        type: "invalid_request_error",
        param: null,
        code: "json_too_deep",
      },
    });
    const listing = await rawRequest(emulator, "/__emulator/journal");
    expect(listing.status).toBe(200);
    const { data } = (await listing.json()) as { data: Array<{ request: { body: unknown }; response: { status: number } }> };
    expect(data[0]?.response.status).toBe(400);
    // Kept as text: parsing it would only break the listing.
    expect(data[0]?.request.body).toBe(body);
  });

  it("answers the same 400 on the legacy completions route, and accepts 128 levels", async () => {
    const emulator = createEmulator();
    const tooDeep = await rawRequest(emulator, "/v1/completions", { body: `{"model":"gpt-3.5-turbo-instruct","prompt":"x","stop":${deep(200)}}` });
    expect(tooDeep.status).toBe(400);
    expect(((await tooDeep.json()) as { error: { code: string } }).error.code).toBe("json_too_deep");
    const schema = { type: "object", properties: {}, additionalProperties: false, required: [], $defs: { a: JSON.parse(`${"[".repeat(120)}1${"]".repeat(120)}`) as unknown } };
    const fine = await rawRequest(emulator, "/v1/chat/completions", {
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "x", schema } } },
    });
    expect(((await fine.json()) as { error?: { code: string } }).error?.code).not.toBe("json_too_deep");
  });

  it("answers a deeply nested scenario posted to the control endpoint with the scenario 400", async () => {
    const emulator = createEmulator();
    const posted = await rawRequest(emulator, "/__emulator/scenarios", { body: `{"rules":[{"respond":{"json":${deep(10_000)}}}]}` });
    expect(posted.status).toBe(400);
    expect(await posted.json()).toMatchObject({ error: { code: "invalid_scenario", message: expect.stringContaining("nests arrays and objects more than 128 levels deep") } });
  });

  it("keeps a deeply nested response as text in the journal (a replayed or upstream answer)", async () => {
    const journal = createJournal({ limit: 10, now: () => 0 });
    const text = `{"a":${deep(50_000)}}`;
    await record(journal, "{}", new Response(text, { headers: { "content-type": "application/json" } })).text();
    expect(journal.last()?.response.body).toBe(text);
    expect(() => JSON.stringify(journal.entries())).not.toThrow();
  });
});
