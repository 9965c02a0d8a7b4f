// Watches an emulator's responses as tests read them and checks each body and SSE chunk against the spec (oracle.ts).
// Findings are kept until the test ends; oracle-setup.ts fails the test in afterEach, so no test has to opt in.
import type { Emulator, EmulatorOptions } from "../../emulator.js";
import type { JournalEntry } from "../../journal.js";
import { serveFetch } from "../../node-server.js";
import { checkAgainstSpec, SPEC_VERSION, specEndpoint, successSchemas, type OracleSchema } from "./oracle.js";

/** One response the oracle found fault with, and how to tell whether a test asked for that on purpose. */
interface Finding {
  label: string;
  problems: string[];
  /** Bodies still being read in the background. */
  reading: Array<Promise<unknown>>;
  /** Why the findings do not count (a fault that breaks bodies on purpose, a replayed recording), or undefined. */
  excuse: () => Promise<string | undefined>;
}

// Kept on globalThis so a test that calls jest.resetModules() still reports to the same afterEach.
const FINDINGS = Symbol.for("tessera.emulator.spec-oracle.findings");
const store = globalThis as { [FINDINGS]?: Finding[] };
const findings = (store[FINDINGS] ??= []);
const COUNTS = Symbol.for("tessera.emulator.spec-oracle.counts");
const countStore = globalThis as { [COUNTS]?: { bodies: number; chunks: number } };
const counts = (countStore[COUNTS] ??= { bodies: 0, chunks: 0 });

/**
 * How many bodies and SSE chunks the oracle has checked in this test file, so a test can prove it is wired in.
 *
 * @example
 * const before = specOracleCounts().chunks;
 */
export function specOracleCounts(): { bodies: number; chunks: number } {
  return { ...counts };
}

/** Fault kinds that break a body or an event stream on purpose (docs/emulator.md#kinds): their output is not checked. */
const BREAKING_FAULTS = /(?:^|;)\s*(disconnect|close|bad-json|no-data-prefix|error-event)\b/u;

/** The fault specs a request carries: its header, and a `+fault=` suffix on the body's model or an Azure deployment. */
function requestFaultSpecs(request: Request, bodyText: string): string[] {
  const suffixes = [/"model"\s*:\s*"[^"]*?\+fault=([^"]*)"/u.exec(bodyText)?.[1], /\+fault=([^/]*)/u.exec(decodeURIComponent(new URL(request.url).pathname))?.[1]];
  return [request.headers.get("x-emulator-fault") ?? "", ...suffixes].filter((spec): spec is string => spec !== undefined && spec !== "");
}

/**
 * Wraps an emulator so every response its `fetch` (and `listen`) gives is checked against the spec.
 *
 * @example
 * const emulator = watchEmulator(createEmulator(), {});
 */
export function watchEmulator(emulator: Emulator, options: EmulatorOptions): Emulator {
  const fetch: Emulator["fetch"] = async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const requestText = request.body === null ? Promise.resolve("") : request.clone().text().catch(() => "");
    const response = await emulator.fetch(request);
    // Asked only when a body did not match (the journal lookup copies every entry): faults of a scenario rule and
    // replayed answers are known from the journal; a fault header or model suffix from the request itself.
    const excuse = async () => {
      // The compatible-server profile answers in other servers' words on purpose (compatible-server.ts).
      if (response.headers.get("x-emulator-profile") === "compatible") return "a compatible server's refusal";
      const entry = findEntry(emulator, response);
      // Recorded bodies come from a cassette or an upstream, not from the emulator (an upstream emulator is watched itself).
      if (entry && (entry.source === "replayed" || entry.source === "recorded")) return `answered by ${entry.source}`;
      if (!entry && options.replay) return "possibly replayed (the journal no longer has it)";
      const faults = [...requestFaultSpecs(request, await requestText), ...(entry?.faults ?? [])];
      return faults.some((text) => BREAKING_FAULTS.test(text)) ? "a fault that breaks the body on purpose" : undefined;
    };
    return observeResponse(request.method, new URL(request.url).pathname, response, excuse);
  };
  return { ...emulator, fetch, listen: (port = 0, host = "127.0.0.1") => serveFetch(fetch, port, host) };
}

function findEntry(emulator: Emulator, response: Response): JournalEntry | undefined {
  const id = response.headers.get("x-request-id");
  if (id === null) return undefined;
  return emulator.journal.entries().find((entry) => entry.response.headers["x-request-id"] === id);
}

/**
 * Checks `response` as it is read: a JSON body once it ends, each SSE `data:` chunk as it passes. Returns a response
 * that gives the same bytes, in the same pieces, pulled only as the reader pulls (so stream timing is unchanged).
 */
export function observeResponse(method: string, pathname: string, response: Response, excuse: Finding["excuse"] = async () => undefined): Response {
  const endpoint = specEndpoint(method, pathname);
  if (!endpoint || response.body === null) return response;
  const problems: string[] = [];
  const finding: Finding = { label: `${method} ${pathname} -> ${response.status}`, problems, reading: [], excuse };
  findings.push(finding);
  const check = (schemaOf: (value: unknown) => OracleSchema, text: string, kind: "bodies" | "chunks") => {
    counts[kind]++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push(`not JSON: ${text.slice(0, 120)}`);
      return;
    }
    const schema = schemaOf(value);
    const errors = checkAgainstSpec(schema, value);
    if (errors) problems.push(`${schema}: ${errors}\n      in ${text.slice(0, 400)}`);
  };
  const readInBackground = (schema: OracleSchema) => {
    finding.reading.push(readAll(response.clone()).then((text) => text !== undefined && check(() => schema, text, "bodies")));
  };
  if (response.status >= 400) {
    // Azure's gateway errors use Azure's own envelope, which OpenAI's spec does not describe.
    if (!endpoint.azure) readInBackground("error");
    return response;
  }
  const schemas = successSchemas(endpoint.endpoint);
  const chunkSchema = schemas.chunk;
  if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream") && chunkSchema) {
    // A stream that fails after it started sends `data: {"error": {...}}`, OpenAI's error envelope.
    const schemaOf = (value: unknown): OracleSchema => (isErrorEvent(value) ? "error" : chunkSchema);
    return withObservedBody(response, createSseChecker((data) => check(schemaOf, data, "chunks"), problems));
  }
  readInBackground(schemas.body);
  return response;
}

function isErrorEvent(value: unknown): boolean {
  return typeof value === "object" && value !== null && "error" in value && !("choices" in value);
}

async function readAll(response: Response): Promise<string | undefined> {
  // A body broken on purpose (a disconnect fault) is not read to the end; its excuse is checked later.
  return response.text().catch(() => undefined);
}

interface SseChecker {
  push(bytes: Uint8Array): void;
  end(): void;
}

function createSseChecker(onData: (data: string) => void, problems: string[]): SseChecker {
  const decoder = new TextDecoder();
  let buffer = "";
  const event = (text: string) => {
    if (text === "") return;
    const data = text.split("\n").filter((line) => line.startsWith("data: ")).map((line) => line.slice("data: ".length));
    if (data.length === 0) problems.push(`SSE event without data: ${JSON.stringify(text.slice(0, 120))}`);
    else if (data.join("\n") !== "[DONE]") onData(data.join("\n"));
  };
  return {
    push(bytes) {
      buffer += decoder.decode(bytes, { stream: true });
      const events = buffer.split("\n\n");
      buffer = events.pop() ?? "";
      events.forEach(event);
    },
    end() {
      buffer += decoder.decode();
      if (buffer !== "") problems.push(`SSE body ends inside an event: ${JSON.stringify(buffer.slice(0, 120))}`);
    },
  };
}

// highWaterMark 0: the source is read only when the consumer reads, piece for piece.
function withObservedBody(response: Response, checker: SseChecker): Response {
  const reader = response.body!.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          checker.end();
          controller.close();
          return;
        }
        checker.push(value);
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * The findings of the responses seen since the last call that no fault or recording explains; forgets them all.
 *
 * @example
 * const problems = await takeSpecViolations(); // [] when every response matched the spec
 */
export async function takeSpecViolations(): Promise<string[]> {
  const taken = findings.splice(0, findings.length);
  // Bodies still being read in the background settle first (an emulator's JSON body always ends, or fails).
  await Promise.all(taken.flatMap((finding) => finding.reading));
  const reports: string[] = [];
  for (const finding of taken) {
    if (finding.problems.length === 0 || (await finding.excuse()) !== undefined) continue;
    reports.push(`${finding.label}\n    ${finding.problems.join("\n    ")}`);
  }
  return reports;
}

/** Throws when a response of the test did not match OpenAI's published schemas (called after each test). */
export async function expectNoSpecViolations(): Promise<void> {
  const reports = await takeSpecViolations();
  if (reports.length > 0) {
    throw new Error(
      `Emulator responses that do not match OpenAI's OpenAPI schemas (${SPEC_VERSION}; departures the real API makes are ` +
        `listed in src/__tests__/openapi/departures.ts):\n  ${reports.join("\n  ")}`,
    );
  }
}
