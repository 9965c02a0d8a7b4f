// Stream robustness on the Responses API, mirroring chat-openai-stream-reliability.test.ts (Chat Completions): the
// emulator's faults on /v1/responses where they exist, and a tiny hostile node:http server where they do not. No timed
// assertions: small configured timeouts, and what comes out is checked.
import { afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { createEmulator } from "@tessera/openai-emulator";
import { loadEncoding } from "@tessera/openai-tokens";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAIFields } from "./chat-openai-fields.js";
import {
  AbortError,
  BadRequestError,
  ContextOverflowError,
  InternalServerError,
  MalformedResponseError,
  RateLimitError,
  ResponseTooLargeError,
  StreamIdleTimeoutError,
  TruncatedStreamError,
} from "./errors/errors.js";
import { caught, streamAll } from "./__tests__/settle.js";

/** A Responses ChatOpenAI on a fresh in-process emulator, counting the HTTP attempts that reach it. */
function emulatedModel(fields: ChatOpenAIFields = {}) {
  const emulator = createEmulator();
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 2, useResponsesApi: true, ...fields, configuration: { baseURL: "http://emulator.test/v1", fetch } });
  return { llm, attempts: () => attempts };
}

const fault = (text: string) => ({ options: { headers: { "x-emulator-fault": text } } });

type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function hostileModel(handle: Handler, fields: ChatOpenAIFields = {}) {
  let attempts = 0;
  const server = createServer((request, response) => {
    attempts++;
    const attempt = attempts;
    request.resume();
    request.on("end", () => handle(request, response, attempt));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 2, useResponsesApi: true, baseURL: `http://127.0.0.1:${port}/v1`, ...fields });
  return { llm, attempts: () => attempts };
}

let sequence = 0;
const event = (type: string, payload: Record<string, unknown> = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, ...payload, sequence_number: sequence++ })}\n\n`;
const envelope = (status: string) => ({ id: "resp_h", object: "response", created_at: 1, status, model: "gpt-4o-mini", output: [] });
const created = () => event("response.created", { response: envelope("in_progress") }) + event("response.in_progress", { response: envelope("in_progress") });
const textDelta = (delta: string) => event("response.output_text.delta", { item_id: "msg_h", output_index: 0, content_index: 0, delta });
const completed = () =>
  event("response.completed", {
    response: { ...envelope("completed"), output: [{ type: "message", id: "msg_h", role: "assistant", status: "completed", content: [{ type: "output_text", text: "Hello", annotations: [] }] }], usage: { input_tokens: 3, output_tokens: 1, total_tokens: 4 } },
  });

const openSse = (response: ServerResponse) => {
  response.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_hostile" });
  response.flushHeaders();
};

const normalAnswer = (response: ServerResponse) => {
  openSse(response);
  response.end(created() + textDelta("Hello") + completed());
};

/** Reads a stream to its end; rejects with its error (stream() itself may reject: core reads the first chunk). */
async function readAll(stream: Promise<AsyncIterable<unknown>>): Promise<void> {
  for await (const _chunk of await stream) void _chunk;
}

beforeAll(() => loadEncoding("o200k_base"), 60_000);

describe("Responses streams: streamIdleTimeout", () => {
  it("headers then nothing (emulator slow:ttft): a retryable StreamIdleTimeoutError, retried while nothing was yielded", async () => {
    const { llm, attempts } = emulatedModel({ streamIdleTimeout: 50 });
    const error = await caught(llm.stream("Hi", fault("slow:ttft=3000")));
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, idleTimeoutMs: 50, requestId: expect.stringMatching(/^req_/u) });
    expect(attempts()).toBe(3);
  });

  it("a stall after response.created (the model thinking) is retried: that chunk is held, and the retry's answer is whole", async () => {
    const { llm, attempts } = await hostileModel((_request, response, attempt) => {
      if (attempt > 1) return normalAnswer(response);
      openSse(response);
      response.write(created());
    });
    const { chunks, error } = await streamAll(await llm.stream("Hi", { streamIdleTimeout: 100 }));
    expect(error).toBeUndefined();
    expect(chunks.map((chunk) => chunk.text).join("")).toBe("Hello");
    expect(chunks[0]!.id).toBe("resp_h");
    expect(attempts()).toBe(2);
  });

  it("a stream that stalls after text was yielded fails typed and is not retried", async () => {
    const { llm, attempts } = await hostileModel((_request, response) => {
      openSse(response);
      response.write(created() + textDelta("Hel"));
    });
    const { chunks, error } = await streamAll(await llm.stream("Hi", { streamIdleTimeout: 200 }));
    expect(chunks.map((chunk) => chunk.text).join("")).toBe("Hel");
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect(attempts()).toBe(1);
  });

  it("invoke with streaming: the same idle timeout, retried, then thrown", async () => {
    const { llm, attempts } = emulatedModel({ streaming: true, streamIdleTimeout: 50, maxRetries: 1 });
    const error = await caught(llm.invoke("Hi", fault("slow:ttft=3000")));
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect(attempts()).toBe(2);
  });
});

describe("Responses streams cut short", () => {
  it("a close before any content (emulator close*1:after=2) is retried, and the retry's answer is the whole one", async () => {
    const { llm, attempts } = emulatedModel();
    const whole = await llm.invoke("Say something");
    const { chunks, error } = await streamAll(await llm.stream("Say something", fault("close*1:after=2")));
    expect(error).toBeUndefined();
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(whole.text);
    expect(attempts()).toBe(3);
  });

  it("a close after text (emulator close:after=6): TruncatedStreamError after the text, never a short success, not retried", async () => {
    const { llm, attempts } = emulatedModel();
    const { chunks, error } = await streamAll(await llm.stream("Say something long", fault("close:after=6")));
    expect(chunks.some((chunk) => chunk.text !== "")).toBe(true);
    expect(TruncatedStreamError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, requestId: expect.stringMatching(/^req_/u) });
    expect(attempts()).toBe(1);
  });

  it("invoke with streaming: a truncated stream is an error, not part of the text", async () => {
    const { llm } = emulatedModel({ streaming: true, maxRetries: 0 });
    const error = await caught(llm.invoke("Say something long", fault("close:after=6")));
    expect(TruncatedStreamError.isInstance(error)).toBe(true);
  });

  it("bad event JSON before any content is a MalformedResponseError, retried", async () => {
    const { llm, attempts } = emulatedModel({ maxRetries: 1 });
    const error = await caught(llm.stream("Hi", fault("bad-json:after=1")));
    expect(MalformedResponseError.isInstance(error)).toBe(true);
    expect(attempts()).toBe(2);
  });
});

describe("Responses streams: failure events", () => {
  it("an error event (emulator error-event) is a retryable InternalServerError, retried while nothing was yielded", async () => {
    const { llm, attempts } = emulatedModel();
    const error = await caught(llm.stream("Hi", fault("error-event:after=2")));
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, requestId: expect.stringMatching(/^req_/u) });
    expect((error as Error).message).toMatch(/^The response failed: The server experienced an error/u);
    expect(attempts()).toBe(3);
    const recovered = emulatedModel();
    const { error: none } = await streamAll(await recovered.llm.stream("Hi", fault("error-event*1:after=2")));
    expect(none).toBeUndefined();
    expect(recovered.attempts()).toBe(2);
  });

  it("response.failed with context_length_exceeded (emulator, streamed overflow) is a ContextOverflowError, not retried", async () => {
    const { llm, attempts } = emulatedModel();
    const error = await caught(llm.stream("word ".repeat(130_000)));
    expect(ContextOverflowError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "context_length_exceeded", retryable: false });
    expect(attempts()).toBe(1);
  });

  it("types failures by code: rate_limit_exceeded, request faults, and the API's top-level error event shape", async () => {
    const failures = [
      [event("response.failed", { response: { ...envelope("failed"), error: { code: "rate_limit_exceeded", message: "Slow down." } } }), RateLimitError, true],
      [event("response.failed", { response: { ...envelope("failed"), error: { code: "invalid_image", message: "Bad image." } } }), BadRequestError, false],
      [event("error", { code: "invalid_encrypted_content", message: "The encrypted content could not be verified.", param: null }), BadRequestError, false],
    ] as const;
    for (const [failure, type, retryable] of failures) {
      const { llm, attempts } = await hostileModel((_request, response) => {
        openSse(response);
        response.end(created() + failure);
      }, { maxRetries: 0 });
      const error = await caught(llm.stream("Hi"));
      expect(type.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ retryable, requestId: "req_hostile" });
      expect(attempts()).toBe(1);
    }
  });
});

describe("Responses streams: maxResponseBytes and abort", () => {
  it("maxResponseBytes ends invoke and stream with a ResponseTooLargeError, never retried", async () => {
    const { llm, attempts } = emulatedModel({ maxResponseBytes: 200 });
    const error = await caught(llm.invoke("Hi"));
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, maxResponseBytes: 200 });
    expect(attempts()).toBe(1);
    const streamed = await caught(readAll(llm.stream("Write a long story", { maxResponseBytes: 2000 })));
    expect(ResponseTooLargeError.isInstance(streamed)).toBe(true);
    expect(streamed).toMatchObject({ maxResponseBytes: 2000 });
    expect(attempts()).toBe(2);
  });

  it("an abort mid-stream ends the stream with one AbortError and is not retried", async () => {
    const { llm, attempts } = emulatedModel({ maxRetries: 2 });
    const controller = new AbortController();
    const chunks: string[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of await llm.stream("Write a long story", { signal: controller.signal, ...fault("slow:ttft=1,tps=200") })) {
          chunks.push(chunk.text);
          if (chunk.text !== "") controller.abort();
        }
      })(),
    );
    expect(AbortError.isInstance(error)).toBe(true);
    expect(chunks.filter((text) => text !== "")).toHaveLength(1);
    expect(attempts()).toBe(1);
  });
});
