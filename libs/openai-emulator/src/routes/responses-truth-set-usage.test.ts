import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { createEmulator } from "../index.js";
import { rawRequest, readJsonLines, TRUTH_SET_FOLDER } from "../__tests__/helpers.js";

// The Responses API's input_tokens on real recorded requests (libs/openai-tokens/src/__fixtures__/responses-truth-set:
// requests other projects' cassettes sent to api.openai.com/v1/responses, with the usage it reported). The route
// counts a Responses request as the chat route counts the same conversation, with the measured differences of
// countResponsesPromptTokens; this measures how far that holds.
// known-misses.json lists every entry the emulator does not reproduce today (or refuses), with what was measured; the
// test fails when an unlisted entry misses, and when a listed one becomes exact or changes, so the list only shrinks.
// RESPONSES_TRUTH_SET_UPDATE=1 rewrites the list from a run (reasons kept); review the diff.

interface TruthEntry {
  id: string;
  model: string;
  request: Record<string, unknown>;
  usage: { input_tokens: number };
}

interface KnownMiss {
  counted: number | string;
  reported: number;
  reason: string;
}

const folder = path.join(TRUTH_SET_FOLDER, "../responses-truth-set");
const missesFile = path.join(folder, "known-misses.json");
const entries = readJsonLines<TruthEntry>(folder);
const knownMisses = JSON.parse(readFileSync(missesFile, "utf8")) as Record<string, KnownMiss>;
const measured = new Map<string, { counted: number | string; reported: number }>();

describe("Responses usage on real recorded requests", () => {
  it("holds the collected truth set", () => {
    expect(entries.length).toBeGreaterThan(250);
  });

  it("reports the input_tokens the API reported, except the listed misses", async () => {
    const emulator = createEmulator();
    for (const entry of entries) {
      const response = await rawRequest(emulator, "/v1/responses", { body: { ...entry.request, max_output_tokens: 16, store: false } });
      const body = (await response.json()) as { usage?: { input_tokens?: number }; error?: { message?: string } };
      const counted = response.status === 200 && typeof body.usage?.input_tokens === "number" ? body.usage.input_tokens : `refused: ${body.error?.message ?? response.status}`;
      measured.set(entry.id, { counted, reported: entry.usage.input_tokens });
    }
    const unexpected = [...measured].filter(([id, result]) => result.counted !== result.reported && knownMisses[id] === undefined);
    const fixed = [...measured].filter(([id, result]) => result.counted === result.reported && knownMisses[id] !== undefined);
    const changed = [...measured].filter(([id, result]) => knownMisses[id] !== undefined && result.counted !== result.reported && knownMisses[id]!.counted !== result.counted);
    expect({ unexpected, fixed, changed }).toEqual({ unexpected: [], fixed: [], changed: [] });
    const exact = [...measured.values()].filter((result) => result.counted === result.reported).length;
    process.stdout.write(`\nResponses truth set: ${exact} of ${entries.length} exact on the emulator\n`);
  }, 120_000);

  afterAll(() => {
    if (process.env["RESPONSES_TRUTH_SET_UPDATE"] !== "1" || measured.size !== entries.length) return;
    const updated: Record<string, KnownMiss> = {};
    for (const [id, result] of [...measured].sort(([left], [right]) => (left < right ? -1 : 1))) {
      if (result.counted === result.reported) continue;
      updated[id] = { ...result, reason: knownMisses[id]?.reason ?? "not diagnosed yet" };
    }
    writeFileSync(missesFile, `${JSON.stringify(updated, null, 2)}\n`);
  });
});
