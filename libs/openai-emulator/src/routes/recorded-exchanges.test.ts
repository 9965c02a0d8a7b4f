import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { createEmulator } from "../index.js";
import { rawRequest, readJsonLines, readSseEvents } from "../__tests__/helpers.js";
import { compareExchange, type EmulatedAnswer, type RecordedExchange } from "../__tests__/recorded-exchanges/compare-exchange.js";
import { RECORDED_DEPARTURES, type RecordedDeparture } from "../__tests__/recorded-exchanges/departures.js";

// Issue 12, "Replay real recorded exchanges": every exchange of src/__fixtures__/recorded-exchanges (real requests
// and the API's answers, from crewAI, Mirascope and pydantic-ai cassettes; see its README) is sent to the emulator
// as recorded (same stream flag, n, tools, response_format), and the answer must match the recording: status, error
// type/code/param/message, the JSON shape, and the chunk sequence. Every mismatch the emulator still has is listed
// in departures.ts with its reason; a new mismatch fails, and so does a listed one that no longer happens.

const folder = path.join(__dirname, "../__fixtures__/recorded-exchanges");
const exchanges = readJsonLines<RecordedExchange>(folder);

/**
 * A key the recorded 401 would quote the same way: a short key is quoted whole; a long one as its first 8 and last 4
 * characters around one asterisk per hidden character, so any filler of that length reproduces the quote.
 */
function recordedKey(exchange: RecordedExchange): string | undefined {
  const message = (exchange.response.error as { message?: string } | undefined)?.message ?? "";
  const quoted = /^Incorrect API key provided: (\S+)\. /u.exec(message)?.[1];
  return quoted?.replace(/\*+/u, (stars) => "x".repeat(stars.length));
}

async function replay(exchange: RecordedExchange): Promise<EmulatedAnswer> {
  const emulator = createEmulator();
  const headers: Record<string, string> = {};
  if (exchange.status === 401) {
    // The recording used a key the API refused; the emulator refuses it through its 401 fault.
    headers["x-emulator-fault"] = "401";
    headers.authorization = `Bearer ${recordedKey(exchange) ?? "test-key"}`;
  }
  const response = await rawRequest(emulator, "/v1/chat/completions", { body: exchange.request, headers });
  const contentType = response.headers.get("content-type");
  const names = [...response.headers.keys()];
  if (contentType?.startsWith("text/event-stream")) return { status: response.status, contentType, headers: names, body: null, chunks: await readSseEvents(response) };
  return { status: response.status, contentType, headers: names, body: (await response.json()) as Record<string, unknown>, chunks: null };
}

/** The listed departure that accepts this mismatch on this exchange, if any. */
function departureFor(key: string, exchange: RecordedExchange): RecordedDeparture | undefined {
  return RECORDED_DEPARTURES.find(
    (departure) =>
      departure.match.test(key) &&
      (departure.recordedBefore === undefined || (exchange.date !== null && exchange.date < departure.recordedBefore)) &&
      (departure.model === undefined || departure.model.test(String(exchange.request.model))),
  );
}

describe("real recorded exchanges replayed against the emulator", () => {
  it("has a fixture with errors, streams and JSON answers", () => {
    expect(exchanges.length).toBeGreaterThan(400);
    expect(exchanges.filter((exchange) => exchange.status >= 400).length).toBeGreaterThan(30);
    expect(exchanges.filter((exchange) => exchange.kind === "sse").length).toBeGreaterThan(100);
  });

  it("answers every recorded request as the API did, apart from the listed departures", async () => {
    const unlisted: string[] = [];
    const used = new Set<RecordedDeparture>();
    const figures = { replayed: 0, matched: 0, choiceDiffers: 0, lengthDiffers: 0, withDepartures: 0, departures: {} as Record<string, number> };
    for (const exchange of exchanges) {
      const comparison = compareExchange(exchange, await replay(exchange));
      figures.replayed += 1;
      if (comparison.choiceDiffers) figures.choiceDiffers += 1;
      if (comparison.lengthDiffers) figures.lengthDiffers += 1;
      if (comparison.mismatches.length === 0) figures.matched += 1;
      else figures.withDepartures += 1;
      const kinds = new Set<string>();
      for (const key of comparison.mismatches) {
        const departure = departureFor(key, exchange);
        if (departure) {
          used.add(departure);
          kinds.add(departure.kind);
        } else unlisted.push(`${exchange.id} (${exchange.date ?? "undated"}, ${String(exchange.request.model)}): ${key}`);
      }
      for (const kind of kinds) figures.departures[kind] = (figures.departures[kind] ?? 0) + 1;
    }
    if (process.env.RECORDED_EXCHANGES_FIGURES) writeFileSync(process.env.RECORDED_EXCHANGES_FIGURES, JSON.stringify(figures, null, 1));
    expect(unlisted).toEqual([]);
    // A departure no exchange shows any more is fixed: remove it.
    expect(RECORDED_DEPARTURES.filter((departure) => !used.has(departure)).map((departure) => departure.what)).toEqual([]);
    expect(figures.matched).toBeGreaterThan(figures.replayed * 0.8);
    // About 460 requests, some with 100 kB of history: counted and answered one by one.
  }, 300_000);
});
