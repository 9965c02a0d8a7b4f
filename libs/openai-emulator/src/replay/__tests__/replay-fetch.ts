import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../index.js";
import type { ReplayOptions } from "../replayer.js";

/** An emulator that answers through a cassette (`createEmulator({ replay })`), with what tests look at. */
export interface ReplayFetch {
  fetch: Emulator["fetch"];
  emulator: Emulator;
  /** Resolves when every recording is written (`emulator.flush()`). */
  flush: () => Promise<void>;
  /** Where each answer came from, in order, as the journal reports it. */
  sources: () => string[];
}

/** Creates an emulator with `replay: options` (and any other emulator options). */
export function createReplayFetch(options: ReplayOptions, emulatorOptions: EmulatorOptions = {}): ReplayFetch {
  const emulator = createEmulator({ ...emulatorOptions, replay: options });
  return { fetch: emulator.fetch, emulator, flush: () => emulator.flush(), sources: () => emulator.journal.entries().map((entry) => entry.source) };
}

/** An upstream emulator's fetch that counts calls and keeps the headers each request arrived with. */
export function createCountingUpstream(emulator: Emulator = createEmulator()): {
  fetch: (input: Request) => Promise<Response>;
  requests: Array<{ url: string; headers: Headers }>;
} {
  const requests: Array<{ url: string; headers: Headers }> = [];
  const fetch = (input: Request) => {
    requests.push({ url: input.url, headers: new Headers(input.headers) });
    return emulator.fetch(input);
  };
  return { fetch, requests };
}

/** An SDK client over a fetch, with retries off unless asked for, so errors surface. */
export function createClient(fetch: ReplayFetch["fetch"], options: { apiKey?: string; maxRetries?: number; organization?: string; project?: string } = {}): OpenAI {
  return new OpenAI({
    baseURL: "http://emulator.test/v1",
    apiKey: options.apiKey ?? "test-key",
    organization: options.organization,
    project: options.project,
    fetch,
    maxRetries: options.maxRetries ?? 0,
  });
}

/** A fresh temporary folder, and a function that removes it. */
export function createTempDir(): { dir: string; cassette: (name?: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "replay-test-"));
  return { dir, cassette: (name = "cassette.jsonl") => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The parsed lines of a cassette file. */
export function readCassetteLines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const UPSTREAM_BASE_URL = "http://upstream.test/v1";
