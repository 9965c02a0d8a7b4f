import { createEmulator, type Emulator, type EmulatorOptions } from "@tessera/openai-emulator";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAIFields } from "../chat-openai-fields.js";

/** A request as the emulator received it. */
export interface RecordedRequest {
  url: string;
  body: Record<string, unknown>;
  headers: Headers;
}

/** A canned answer that replaces the emulator's for one attempt (until the emulator has fault injection). */
export interface FakeAnswer {
  status: number;
  /** A JSON body; or, with `sse`, the chunks to stream (each as a `data:` event, then `[DONE]`). */
  body?: unknown;
  sse?: unknown[];
  /** A text/event-stream body sent exactly as written (bad JSON, comments, CRLF, no [DONE], nothing at all). */
  rawSse?: string;
  /** A body sent exactly as written, as `application/json` unless `headers` say otherwise (e.g. an HTML page). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Test wiring: a ChatOpenAI talking to an in-process emulator, with every request recorded. */
export interface TestModel {
  llm: ChatOpenAI;
  emulator: Emulator;
  requests: RecordedRequest[];
  /** Answers the next attempts with these, in order, before the emulator answers again. */
  answerNext(...answers: FakeAnswer[]): void;
}

/**
 * Creates a ChatOpenAI against an emulator (custom base URL, key "test-key", no retry delay surprises), with
 * `compatibility: "openai"` unless the fields say otherwise.
 */
export function createTestModel(fields: ChatOpenAIFields = {}, emulatorOptions: EmulatorOptions = {}): TestModel {
  const emulator = createEmulator(emulatorOptions);
  const requests: RecordedRequest[] = [];
  const queued: FakeAnswer[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    requests.push({ url: request.url, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: request.headers });
    const fake = queued.shift();
    if (fake?.sse) {
      const events = [...fake.sse.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`), "data: [DONE]\n\n"].join("");
      return new Response(events, { status: fake.status, headers: { "content-type": "text/event-stream", ...fake.headers } });
    }
    if (fake?.rawSse !== undefined) {
      return new Response(fake.rawSse, { status: fake.status, headers: { "content-type": "text/event-stream", ...fake.headers } });
    }
    if (fake?.rawBody !== undefined) {
      return new Response(fake.rawBody, { status: fake.status, headers: { "content-type": "application/json", ...fake.headers } });
    }
    if (fake) {
      return new Response(JSON.stringify(fake.body), { status: fake.status, headers: { "content-type": "application/json", ...fake.headers } });
    }
    const response = await emulator.fetch(request);
    // A real fetch rejects when its signal aborts while the request is in flight.
    request.signal.throwIfAborted();
    return response;
  };
  const llm = new ChatOpenAI({
    apiKey: "test-key",
    // The emulator answers as OpenAI's API (its default profile), so the model talks to it as to OpenAI; tests of the
    // compatible-server rules set compatibility themselves.
    compatibility: "openai",
    ...fields,
    configuration: { baseURL: "http://emulator.test/v1", ...fields.configuration, fetch },
  });
  return { llm, emulator, requests, answerNext: (...answers) => queued.push(...answers) };
}

/** OpenAI's error envelope. */
export function errorBody(message: string, type: string, code: string | null = null, param: string | null = null) {
  return { error: { message, type, param, code } };
}
