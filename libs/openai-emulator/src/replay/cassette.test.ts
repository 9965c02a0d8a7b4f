import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEmulator } from "../index.js";
import { createClient, createReplayFetch, createTempDir, UPSTREAM_BASE_URL } from "./__tests__/replay-fetch.js";
import { parseCassette, readCassette } from "./cassette.js";
import { createReplayer, type ReplayOptions } from "./replayer.js";

const validLine = JSON.stringify({
  version: 1,
  key: "GET /v1/models#000000000000",
  recordedAt: "2026-01-01T00:00:00.000Z",
  request: { method: "GET", path: "/v1/models" },
  response: { status: 200, headers: { "content-type": "application/json" }, headersMs: 1, durationMs: 2, body: { object: "list", data: [] } },
});

let temp: ReturnType<typeof createTempDir>;
beforeEach(() => {
  temp = createTempDir();
});
afterEach(() => temp.remove());

describe("parseCassette", () => {
  it("reads one entry per line, skipping blank lines, with 1-based line numbers", () => {
    expect(parseCassette(`${validLine}\n\n${validLine}\n`, "c.jsonl").map(({ line }) => line)).toEqual([1, 3]);
  });

  it.each([
    ["{not json", /^Malformed cassette c\.jsonl, line 2: not JSON \(.+\)\.$/],
    ["[1]", /line 2: expected a JSON object\.$/],
    [validLine.replace('"version":1', '"version":2'), /line 2: unsupported version 2 \(this emulator reads version 1\)\.$/],
    [validLine.replace('"method":"GET"', '"method":3'), /line 2: 'request\.method' is not a string\.$/],
    [validLine.replace('"status":200', '"status":"200"'), /line 2: 'response\.status' is not an HTTP status/],
    [validLine.replace('"headersMs":1', '"headersMs":-1'), /line 2: 'response\.headersMs' is not a number of milliseconds\.$/],
    [validLine.replace('"body":{"object":"list","data":[]}', '"events":[{"t":1}]'), /line 2: 'response\.events\[0\]' has neither 'data' nor a 'raw' string\.$/],
  ])("refuses a malformed line, naming the file and the line: %s", (line, message) => {
    expect(() => parseCassette(`${validLine}\n${line}\n`, "c.jsonl")).toThrow(message);
  });
});

describe("readCassette", () => {
  it("counts lines, including a last one without a newline", () => {
    writeFileSync(temp.cassette(), `${validLine}\n${validLine}`);
    expect(readCassette(temp.cassette())).toMatchObject({ exists: true, lineCount: 2, endsWithNewline: false });
    expect(readCassette(join(temp.dir, "missing.jsonl"))).toMatchObject({ exists: false, entries: [], lineCount: 0 });
  });
});

describe("createReplayer", () => {
  it("refuses a cassette with a malformed line at creation, naming the file and line", () => {
    writeFileSync(temp.cassette(), `${validLine}\n${validLine.slice(0, 40)}\n`);
    expect(() => createReplayer({ cassette: temp.cassette() })).toThrow(`Malformed cassette ${temp.cassette()}, line 2: not JSON`);
  });

  it.each<ReplayOptions["mode"]>(["replay", "replay-or-emulate", undefined])("refuses a missing cassette in mode %s, naming the path", (mode) => {
    const cassette = join(temp.dir, "nope.jsonl");
    expect(() => createReplayer({ cassette, mode })).toThrow(`createReplayer: the cassette ${cassette} does not exist.`);
  });

  it.each<ReplayOptions["mode"]>(["record", "record-missing"])("mode %s needs an upstream with an http(s) base URL", (mode) => {
    expect(() => createReplayer({ cassette: temp.cassette(), mode })).toThrow(`mode "${mode}" forwards requests to a real API, so it needs 'upstream.baseURL'`);
    expect(() => createReplayer({ cassette: temp.cassette(), mode, upstream: { baseURL: "api.openai.com/v1" } })).toThrow("must be an http(s) URL");
  });

  it("refuses an unknown mode and a negative timing scale", () => {
    expect(() => createReplayer({ cassette: temp.cassette(), mode: "playback" as ReplayOptions["mode"] })).toThrow('unknown mode "playback"');
    expect(() => createReplayer({ cassette: temp.cassette(), timing: { scale: -1 } })).toThrow("'timing' must be");
  });

  it("starts record-missing on a missing cassette, creating it and its folder on the first recording", async () => {
    const cassette = join(temp.dir, "nested", "new.jsonl");
    const recorder = createReplayFetch({ cassette, mode: "record-missing", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: createEmulator().fetch } });
    expect(readCassette(cassette).exists).toBe(false);
    await createClient(recorder.fetch).models.list();
    await recorder.flush();
    expect(readCassette(cassette).entries).toHaveLength(1);
  });

  it("appends after a last line that has no newline, and names the appended line in miss errors", async () => {
    writeFileSync(temp.cassette(), validLine);
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record-missing", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: createEmulator().fetch } });
    await createClient(recorder.fetch).models.retrieve("gpt-4o-mini");
    await recorder.flush();
    expect(readCassette(temp.cassette()).entries.map(({ line }) => line)).toEqual([1, 2]);
    const player = createReplayFetch({ cassette: temp.cassette() });
    await expect(createClient(player.fetch).models.retrieve("gpt-4o")).rejects.toThrow(
      /Nearest recorded request: GET \/v1\/models\/gpt-4o-mini#[0-9a-f]{12} \(line 2\), 1 difference; first: path: recorded "\/v1\/models\/gpt-4o-mini", got "\/v1\/models\/gpt-4o"\./,
    );
  });

  it("reports a failed write from flush()", async () => {
    // The cassette's folder is a file, so the append fails after the exchange was answered.
    const blocker = join(temp.dir, "blocker");
    writeFileSync(blocker, "");
    const recorder = createReplayFetch({ cassette: join(blocker, "c.jsonl"), mode: "record-missing", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: createEmulator().fetch } });
    const models = await createClient(recorder.fetch).models.list();
    expect(models.data.length).toBeGreaterThan(0);
    await expect(recorder.flush()).rejects.toThrow(`Could not write the cassette ${join(blocker, "c.jsonl")}`);
    await expect(recorder.flush()).resolves.toBeUndefined();
  });
});
