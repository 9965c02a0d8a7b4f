import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { countChatPromptTokens, type PromptMessage } from "./count-chat-prompt-tokens.js";
import type { ImageSize } from "./image-tokens.js";
import type { ResponseFormat } from "./response-format.js";
import type { FunctionCallChoice, FunctionDefinition, ToolChoice, ToolDefinition } from "./tool-definitions.js";

// The truth set: real Chat Completions requests recorded by other projects' test cassettes, with the prompt_tokens
// the API reported (provenance and method: __fixtures__/truth-set/README.md). Unlike the other tests, nothing here
// was produced by this package or the emulator, so this is where the counter's real accuracy is measured.

interface TruthEntry {
  id: string;
  model: string;
  date: string | null;
  source: { repo: string; path: string; commit: string; url: string };
  request: {
    model: string;
    messages: PromptMessage[];
    tools?: ToolDefinition[];
    functions?: FunctionDefinition[];
    tool_choice?: ToolChoice;
    function_call?: FunctionCallChoice;
    response_format?: ResponseFormat;
  };
  usage: { prompt_tokens: number };
  /** Sizes of the images, by the URL as stored (big data URLs are stored as a digest). */
  image_sizes?: Record<string, ImageSize>;
}

interface KnownMiss {
  family: Family;
  counted: number;
  reported: number;
  reason: string;
}

const FAMILIES = [
  "gpt-4o/4.1 text",
  "gpt-4o/4.1 tools",
  "reasoning text",
  "reasoning tools",
  "json_schema",
  "images",
  "legacy functions",
  "other",
] as const;
type Family = (typeof FAMILIES)[number];

const folder = path.join(__dirname, "__fixtures__/truth-set");
const entries: TruthEntry[] = readdirSync(folder)
  .filter((name) => name.endsWith(".jsonl"))
  .sort()
  .flatMap((name) =>
    readFileSync(path.join(folder, name), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as TruthEntry),
  );
const knownMisses = JSON.parse(readFileSync(path.join(folder, "known-misses.json"), "utf8")) as Record<
  string,
  KnownMiss
>;

/**
 * The family an entry is measured in. Request features that need their own rule come first (images, legacy
 * functions, json_schema), then the model: reasoning models (o-series, gpt-5 family) or gpt-4o / gpt-4.1.
 */
function familyOf(entry: TruthEntry): Family {
  const { request } = entry;
  const hasImage = request.messages.some(
    (message) => Array.isArray(message.content) && message.content.some((part) => part.type === "image_url"),
  );
  if (hasImage) return "images";
  if (request.functions?.length || request.function_call !== undefined) return "legacy functions";
  if (request.response_format?.type === "json_schema") return "json_schema";
  const hasTools = (request.tools?.length ?? 0) > 0;
  const otherFormat = request.response_format !== undefined && request.response_format.type !== "text";
  if (otherFormat) return "other";
  if (/^(o\d|gpt-5)/.test(entry.model)) return hasTools ? "reasoning tools" : "reasoning text";
  if (/^gpt-4(o|\.1)/.test(entry.model) && !/search/.test(entry.model)) return hasTools ? "gpt-4o/4.1 tools" : "gpt-4o/4.1 text";
  return "other";
}

async function countEntry(entry: TruthEntry): Promise<number> {
  const { request } = entry;
  const { totalCount } = await countChatPromptTokens({
    model: entry.model,
    messages: request.messages,
    tools: request.tools,
    functions: request.functions,
    toolChoice: request.tool_choice,
    functionCall: request.function_call,
    responseFormat: request.response_format,
    imageSize: (url) => entry.image_sizes?.[url],
  });
  return totalCount;
}

interface Measured {
  family: Family;
  counted: number;
  reported: number;
}
const measured = new Map<string, Measured>();

describe("truth set: prompt_tokens the real API reported", () => {
  it("has hundreds of distinct recorded requests, each with a unique id", () => {
    expect(entries.length).toBeGreaterThanOrEqual(300);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  });

  it("lists as known misses only entries that exist, in the family the test measures them in", () => {
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    for (const [id, miss] of Object.entries(knownMisses)) {
      expect({ id, exists: byId.has(id) }).toEqual({ id, exists: true });
      expect({ id, family: familyOf(byId.get(id)!) }).toEqual({ id, family: miss.family });
      expect({ id, reported: byId.get(id)!.usage.prompt_tokens }).toEqual({ id, reported: miss.reported });
    }
  });

  it.each(entries.map((entry) => [entry.id, entry] as const))("%s", async (id, entry) => {
    const counted = await countEntry(entry);
    const reported = entry.usage.prompt_tokens;
    measured.set(id, { family: familyOf(entry), counted, reported });
    const miss = knownMisses[id];
    if (miss === undefined) {
      expect({ id, counted }).toEqual({ id, counted: reported });
    } else {
      // A listed miss that became exact must leave the list; a changed count must be recorded there.
      expect({ id, exact: counted === reported }).toEqual({ id, exact: false });
      expect({ id, counted }).toEqual({ id, counted: miss.counted });
    }
  });

  afterAll(() => {
    process.stdout.write(`\n${accuracyTable([...measured.values()])}\n`);
    // TRUTH_SET_UPDATE=1 rewrites known-misses.json from this run (after a rule change): entries that became exact
    // leave, counts are refreshed, reasons already written are kept. Review the diff before committing it.
    if (process.env["TRUTH_SET_UPDATE"] === "1" && measured.size === entries.length) writeKnownMisses();
  });
});

describe("reply priming, as the truth set measured it", () => {
  it("primes the reply with 2 tokens on o3, o4 and gpt-5 models and 3 on gpt-4o, gpt-4.1 and o1", async () => {
    const count = async (model: string) =>
      (await countChatPromptTokens({ model, messages: [{ role: "user", content: "hi" }] })).totalCount;
    // 3 framing + "user" (1) + "hi" (1) + priming
    expect(await count("gpt-4o")).toBe(8);
    expect(await count("gpt-4.1-mini")).toBe(8);
    expect(await count("o1-mini")).toBe(8);
    expect(await count("o3-mini")).toBe(7);
    expect(await count("o4-mini")).toBe(7);
    expect(await count("gpt-5-mini")).toBe(7);
    expect(await count("ft:gpt-5-mini:acme::abc")).toBe(7);
  });
});

function writeKnownMisses(): void {
  const updated: Record<string, KnownMiss> = {};
  for (const entry of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const result = measured.get(entry.id);
    if (result === undefined || result.counted === result.reported) continue;
    const reason = knownMisses[entry.id]?.reason ?? `${result.family}: not diagnosed yet`;
    updated[entry.id] = { family: result.family, counted: result.counted, reported: result.reported, reason };
  }
  writeFileSync(path.join(folder, "known-misses.json"), `${JSON.stringify(updated, null, 1)}\n`);
}

/** The per-family accuracy table (the one in docs/token-counting.md), as Markdown. */
function accuracyTable(results: Measured[]): string {
  const lines = [
    "| Family | Requests | Exact | Share | Counted − reported (misses) |",
    "| --- | ---: | ---: | ---: | --- |",
  ];
  const all: Measured[] = [];
  for (const family of FAMILIES) {
    const rows = results.filter((result) => result.family === family);
    all.push(...rows);
    if (rows.length > 0) lines.push(tableRow(family, rows));
  }
  lines.push(tableRow("all", all));
  return lines.join("\n");
}

function tableRow(label: string, rows: Measured[]): string {
  const exact = rows.filter((row) => row.counted === row.reported).length;
  const differences = rows.filter((row) => row.counted !== row.reported).map((row) => row.counted - row.reported);
  const range =
    differences.length === 0 ? "–" : `${Math.min(...differences)} to ${Math.max(...differences)}`;
  // Rounded down, so that a family with misses never shows 100%.
  const share = rows.length === 0 ? 0 : Math.floor((100 * exact) / rows.length);
  return `| ${label} | ${rows.length} | ${exact} | ${share}% | ${range} |`;
}
