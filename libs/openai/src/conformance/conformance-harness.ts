// The shared wiring of the conformance suite: one emulator per test file, served over real HTTP (a free loopback
// port), and a fresh scope per test, so each test has its own scripted rules and its own journal while the file pays
// for one server. Models talk to it exactly as an application would: `configuration: { baseURL }`, the SDK's own
// fetch, no in-process shortcut.

import { afterAll, beforeAll, beforeEach, jest } from "@jest/globals";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type JournalEntry,
  type ListeningServer,
  SCOPE_HEADER,
  type ScenarioRule,
} from "@tessera/openai-emulator";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAIFields } from "../chat-openai-fields.js";

const CHAT_PATH = "/v1/chat/completions";

/** The emulator and the current test's view of it. Only usable inside tests and hooks (the server starts in beforeAll). */
export interface ConformanceHarness {
  /** The base URL the server gives (it ends in `/v1`). */
  readonly url: string;
  readonly emulator: Emulator;
  /** The current test's scope: its rules and journal entries are its own. */
  readonly scope: string;
  /** A ChatOpenAI on the server, in the current test's scope (key "test-key", no retries unless asked). */
  model(fields?: ChatOpenAIFields): ChatOpenAI;
  /** Scripts the emulated model for the current test only. */
  script(rules: ScenarioRule[]): void;
  /** The current test's chat completion exchanges, oldest first, once every response has ended. */
  exchanges(): Promise<JournalEntry[]>;
  /** The request bodies the current test sent, oldest first. */
  requestBodies(): Promise<Array<Record<string, unknown>>>;
}

/**
 * Registers the hooks that start one emulator for the calling test file (closed after its last test) and give each
 * test a scope of its own.
 *
 * @example
 * const harness = createConformanceHarness();
 * it("answers", async () => {
 *   const answer = await harness.model().invoke("Hello");
 *   expect(await harness.requestBodies()).toHaveLength(1);
 * });
 */
export function createConformanceHarness(options: EmulatorOptions = {}): ConformanceHarness {
  // The machine may be shared and loaded; no test here measures time, so none should fail for taking it.
  jest.setTimeout(120_000);
  let emulator: Emulator | undefined;
  let server: ListeningServer | undefined;
  let testNumber = 0;
  let scope = "";
  beforeAll(async () => {
    emulator = createEmulator(options);
    server = await emulator.listen(0);
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    testNumber += 1;
    scope = `conformance-${testNumber}`;
  });
  const running = (): { emulator: Emulator; server: ListeningServer } => {
    if (!emulator || !server) throw new Error("The conformance emulator runs only inside tests (it starts in beforeAll).");
    return { emulator, server };
  };
  const exchanges = async (): Promise<JournalEntry[]> => {
    const { emulator: current } = running();
    await current.journal.settled({ scope });
    return current.journal.entries({ scope, path: CHAT_PATH });
  };
  return {
    get url() {
      return running().server.url;
    },
    get emulator() {
      return running().emulator;
    },
    get scope() {
      return scope;
    },
    model: (fields = {}) =>
      new ChatOpenAI({
        apiKey: "test-key",
        maxRetries: 0,
        ...fields,
        configuration: {
          baseURL: running().server.url,
          ...fields.configuration,
          defaultHeaders: { [SCOPE_HEADER]: scope, ...fields.configuration?.defaultHeaders },
        },
      }),
    script: (rules) => running().emulator.scenarios.add(rules, { scope }),
    exchanges,
    requestBodies: async () => (await exchanges()).map((entry) => entry.request.body as Record<string, unknown>),
  };
}

/** Every chunk of a stream, and their concatenation. */
export async function collectStream(stream: AsyncIterable<AIMessageChunk>): Promise<{ chunks: AIMessageChunk[]; whole: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  if (chunks.length === 0) throw new Error("the stream yielded no chunk");
  return { chunks, whole: chunks.reduce((left, right) => concat(left, right)) };
}

/** The wire events of a streamed exchange, without the final `[DONE]`. */
export function streamedEvents(entry: JournalEntry | undefined): Array<Record<string, unknown>> {
  return (entry?.response.events ?? []).filter((event): event is Record<string, unknown> => typeof event === "object" && event !== null);
}

/** The text the emulator streamed for choice 0, joined. */
export function streamedText(entry: JournalEntry | undefined): string {
  return streamedEvents(entry)
    .map((event) => (event.choices as Array<{ index: number; delta?: { content?: string | null } }> | undefined)?.find((choice) => choice.index === 0))
    .map((choice) => choice?.delta?.content ?? "")
    .join("");
}

/** The JSON body of a non-streamed exchange. */
export function completionOf(entry: JournalEntry | undefined): {
  choices: Array<{ message: { content: string | null; tool_calls?: unknown[] }; finish_reason: string }>;
  usage: Record<string, unknown> & { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  model: string;
} {
  return entry?.response.body as ReturnType<typeof completionOf>;
}

/** Rejects unless the promise rejects; resolves to the rejection reason. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection, but the call succeeded");
    },
    (error: unknown) => error,
  );
}

/**
 * Whether the installed @langchain/core has the event stream core 1.4 added (`streamEvents(input)` without a version
 * returning a ChatModelStream, built from `_streamChatModelEvents`). Feature detection, not a version check.
 */
export const HAS_CHAT_MODEL_EVENT_STREAM = typeof (BaseChatModel.prototype as { _streamChatModelEvents?: unknown })._streamChatModelEvents === "function";
