import { expect, jest } from "@jest/globals";
import OpenAI from "openai";
import { createEmulator, type Emulator } from "../index.js";
import { rawRequest, user } from "./helpers.js";

// Shared by the fault-injection tests: faults.test.ts (chat completions), routes/completions-faults.test.ts (legacy
// completions) and faults-endpoints.test.ts (the tests both endpoints share).

/** The header that carries a fault spec. */
export const FAULT = "x-emulator-fault";

export type FetchArgs = [input: string | URL | Request, init?: RequestInit];

/** SDK request options that inject `fault`. */
export const withFault = (fault: string) => ({ headers: { [FAULT]: fault } });

/** The models the two endpoints are asked with. */
export const chatModel = "gpt-4o-mini";
export const completionModel = "gpt-3.5-turbo-instruct";

/** A chat completions request body (not streamed). */
export const askChat = (content = "Tell me something") => ({ model: chatModel, messages: [user(content)] });

/** A legacy completions request body (not streamed), capped at 40 tokens. */
export const askCompletion = (prompt = "Tell me something", extra: Partial<OpenAI.CompletionCreateParamsNonStreaming> = {}) => ({
  model: completionModel,
  prompt,
  max_tokens: 40,
  ...extra,
});

/** The text a chat chunk carries (its delta's content). */
export const chatChunkText = (chunk: OpenAI.ChatCompletionChunk): string => chunk.choices[0]?.delta.content ?? "";

/** The text a legacy completions chunk carries (its choice's text). */
export const completionChunkText = (chunk: OpenAI.Completion): string => chunk.choices[0]?.text ?? "";

/** A fetch that counts its calls (the attempts an SDK client makes) before passing them to `fetch`. */
export function countingFetch(fetch: (...args: FetchArgs) => Promise<Response>) {
  let attempts = 0;
  const counted = (...args: FetchArgs) => {
    attempts++;
    return fetch(...args);
  };
  return { fetch: counted, attempts: () => attempts };
}

/** An SDK client on a fresh in-process emulator, counting the attempts that reach the emulator. */
export function faultClient(options: { maxRetries?: number; timeout?: number } = {}) {
  const emulator = createEmulator();
  const { fetch, attempts } = countingFetch(emulator.fetch);
  const client = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "test-key", fetch, maxRetries: options.maxRetries ?? 0, timeout: options.timeout });
  return { client, emulator, attempts };
}

export type ServerClient = (options?: { maxRetries?: number; timeout?: number }) => OpenAI;

/** Runs with an emulator served over real HTTP, giving SDK clients that use Node's own fetch (and count attempts). */
export async function withServer<T>(run: (client: ServerClient, attempts: () => number) => Promise<T>): Promise<T> {
  const server = await createEmulator().listen();
  const { fetch, attempts } = countingFetch((...args) => globalThis.fetch(...args));
  try {
    const client: ServerClient = (options = {}) =>
      new OpenAI({ baseURL: server.url, apiKey: "test-key", fetch, maxRetries: options.maxRetries ?? 0, timeout: options.timeout });
    return await run(client, attempts);
  } finally {
    await server.close();
  }
}

/** What a promise rejected with, or undefined when it resolved. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * Checks that `error` is the SDK's RateLimitError for a default `429` fault (type tokens, OpenAI's retry headers, a
 * request id) and returns it typed, for the endpoint's own checks of the message.
 */
export function expectDefault429(error: unknown): InstanceType<typeof OpenAI.RateLimitError> {
  expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  const typed = error as InstanceType<typeof OpenAI.RateLimitError>;
  expect(typed).toMatchObject({ status: 429, type: "tokens", code: "rate_limit_exceeded", param: null });
  expect(typed.headers?.get("retry-after")).toBe("1");
  expect(typed.headers?.get("retry-after-ms")).toBe("20");
  expect(typed.headers?.get("x-should-retry")).toBeNull();
  expect(typed.requestID).toMatch(/^req_[0-9a-f]{32}$/);
  return typed;
}

// Node's fetch errors come from the host realm, not the test's vm realm, so they are recognised by name.
export const nameOf = (error: unknown) => (error as { name?: unknown } | undefined)?.name;

/** Reads an SDK stream to its end or its error, keeping the chunks that arrived first and the text they carry. */
export async function consume<Chunk>(stream: AsyncIterable<Chunk>, textOf: (chunk: Chunk) => string): Promise<{ chunks: Chunk[]; text: string; error: unknown }> {
  const chunks: Chunk[] = [];
  const result = (error: unknown) => ({ chunks, text: chunks.map(textOf).join(""), error });
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return result(undefined);
  } catch (error) {
    return result(error);
  }
}

/** The raw SSE events of a faulty stream of `body` to `path` (no framing checks: faults break the framing on purpose). */
export async function rawEvents(emulator: Emulator, path: string, body: Record<string, unknown>, fault: string): Promise<string[]> {
  const response = await rawRequest(emulator, path, { body: { ...body, stream: true }, headers: { [FAULT]: fault } });
  const text = await response.text();
  return text.split("\n\n").filter((event) => event !== "");
}

/** The body of a response as the pieces it was written in. */
export async function bodyPieces(response: Response): Promise<Uint8Array[]> {
  const reader = response.body!.getReader();
  const pieces: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) pieces.push(read.value);
  return pieces;
}

/** Whether a piece of a body ends inside a multi-byte UTF-8 character (so it cannot be decoded alone). */
export const endsInsideCharacter = (piece: Uint8Array) => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(piece);
    return false;
  } catch {
    return true;
  }
};

/** Tracks whether a promise has settled yet, for stepping fake timers. */
export function settled(promise: Promise<unknown>): { done: boolean } {
  const state = { done: false };
  void promise.then(() => (state.done = true));
  return state;
}

/** With fake timers: expects the next read of `reader` to settle after exactly `ms` of timer time, not a millisecond sooner. */
export async function expectNextReadAfter(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<void> {
  const next = settled(reader.read());
  await jest.advanceTimersByTimeAsync(ms - 1);
  expect(next.done).toBe(false);
  await jest.advanceTimersByTimeAsync(1);
  expect(next.done).toBe(true);
}
