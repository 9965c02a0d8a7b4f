import { afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import { createEmulator } from "@tessera/openai-emulator";
import { loadEncoding } from "@tessera/openai-tokens";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { ChatOpenAI } from "./chat-openai.js";
import type { ChatOpenAIFields } from "./chat-openai-fields.js";
import {
  ConnectionError,
  MalformedResponseError,
  RateLimitError,
  ResponseTooLargeError,
  StreamIdleTimeoutError,
  TimeoutError,
  TruncatedStreamError,
} from "./errors/errors.js";
import { SCHEMA_MISMATCH_ERROR_PREFIX } from "./internal/validate-tool-call-arguments.js";
import { TRUNCATED_TOOL_CALL_ERROR, TRUNCATED_TOOL_CALLS_WARNING } from "./messages/parse-tool-calls.js";
import { caught, streamAll } from "./__tests__/settle.js";

// Streams never hang and never end quietly (issue 13): the emulator's faults where they exist, and a tiny hostile
// node:http server where they do not. No timed assertions: small configured timeouts, and what comes out is checked.

const payTool = {
  type: "function" as const,
  function: {
    name: "pay",
    description: "Pay an amount",
    parameters: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"], additionalProperties: false },
  },
};

/** A ChatOpenAI on a fresh in-process emulator, counting the HTTP attempts that reach it. */
function emulatedModel(fields: ChatOpenAIFields = {}) {
  const emulator = createEmulator();
  let attempts = 0;
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    attempts++;
    return emulator.fetch(input, init);
  };
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 2, ...fields, configuration: { baseURL: "http://emulator.test/v1", fetch } });
  return { llm, attempts: () => attempts };
}

// Core 1.4 added the content-block event stream; core 1.0 (the minimum-versions run) has none.
const describeWithEventStream =
  typeof (BaseChatModel.prototype as { _streamChatModelEvents?: unknown })._streamChatModelEvents === "function" ? describe : describe.skip;

const fault = (text: string) => ({ options: { headers: { "x-emulator-fault": text } } });

type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A hostile server on a loopback port: `handle` answers each attempt (numbered from 1) as it likes. */
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
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 2, baseURL: `http://127.0.0.1:${port}/v1`, ...fields });
  return { llm, attempts: () => attempts };
}

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-h", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;

const openSse = (response: ServerResponse) => {
  response.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_hostile" });
  response.flushHeaders();
};

const normalAnswer = (response: ServerResponse) => {
  openSse(response);
  response.end(chunk({ role: "assistant", content: "" }) + chunk({ content: "Hello" }) + chunk({}, "stop") + "data: [DONE]\n\n");
};

beforeAll(() => loadEncoding("o200k_base"), 60_000);

describe("streamIdleTimeout", () => {
  it("headers then nothing (emulator slow:ttft): a typed, retryable StreamIdleTimeoutError, retried while nothing was yielded", async () => {
    const { llm, attempts } = emulatedModel({ streamIdleTimeout: 50 });
    // Core's stream() reads the first chunk before it returns, so the error rejects stream() itself.
    const error = await caught(llm.stream("Hi", fault("slow:ttft=3000")));
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, idleTimeoutMs: 50, requestId: expect.stringMatching(/^req_/u) });
    expect((error as Error).message).toMatch(/nothing arrived for 50 ms \(streamIdleTimeout\)/u);
    expect(attempts()).toBe(3);
  });

  it("a per-call streamIdleTimeout wins over the instance's, and a retry that answers succeeds", async () => {
    const { llm, attempts } = await hostileModel((_request, response, attempt) => (attempt === 1 ? openSse(response) : normalAnswer(response)), { streamIdleTimeout: 600_000 });
    const { chunks, error } = await streamAll(await llm.stream("Hi", { streamIdleTimeout: 50 }));
    expect(error).toBeUndefined();
    expect(chunks.map((item) => item.content).join("")).toBe("Hello");
    expect(attempts()).toBe(2);
  });

  it("a stream that stalls after some chunks fails typed and is not retried (chunks were yielded)", async () => {
    const { llm, attempts } = await hostileModel((_request, response) => {
      openSse(response);
      response.write(chunk({ role: "assistant", content: "" }) + chunk({ content: "Hel" }));
    });
    const { chunks, error } = await streamAll(await llm.stream("Hi", { streamIdleTimeout: 300 }));
    expect(chunks.map((item) => item.content).join("")).toBe("Hel");
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect(attempts()).toBe(1);
  });

  it("keep-alive comments do not keep a silent stream open (invoke with streaming)", async () => {
    const { llm } = await hostileModel((_request, response) => {
      openSse(response);
      const timer = setInterval(() => response.write(": keep-alive\n\n"), 10);
      response.on("close", () => clearInterval(timer));
    }, { streaming: true, maxRetries: 0, streamIdleTimeout: 80 });
    const error = await caught(llm.invoke("Hi"));
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
  });

  it("a constructor `timeout` bounds a stream that stalls after its headers (TimeoutError, not the idle one)", async () => {
    const { llm, attempts } = await hostileModel((_request, response) => {
      openSse(response);
      response.write(chunk({ role: "assistant", content: "" }));
    }, { timeout: 1000, streamIdleTimeout: 0 });
    const { chunks, error } = await streamAll(await llm.stream("Hi"));
    expect(chunks).toHaveLength(1);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(false);
    expect((error as Error).message).toMatch(/longer than its `timeout` \(1000 ms\)/u);
    expect(attempts()).toBeGreaterThanOrEqual(1);
  });

  it("a constructor `timeout` bounds a non-streamed body that stalls half-way", async () => {
    const { llm } = await hostileModel((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":"chatcmpl-1","choices":[');
    }, { timeout: 500, maxRetries: 0 });
    const error = await caught(llm.invoke("Hi"));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
});

describe("streams cut short", () => {
  it("close without [DONE] or finish_reason (emulator close:after=3): TruncatedStreamError on stream, never a short success", async () => {
    const { llm, attempts } = emulatedModel();
    const { chunks, error } = await streamAll(await llm.stream("Say something long", fault("close:after=3")));
    expect(chunks.length).toBeGreaterThan(0);
    expect(TruncatedStreamError.isInstance(error)).toBe(true);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, requestId: expect.stringMatching(/^req_/u) });
    expect(attempts()).toBe(1);
  });

  it("invoke with streaming: a truncated stream is an error, not 7 characters of text", async () => {
    const { llm } = emulatedModel({ streaming: true });
    const error = await caught(llm.invoke("Say something long", fault("close:after=3")));
    expect(TruncatedStreamError.isInstance(error)).toBe(true);
  });

  it("a tool call cut mid-value is an error, not a valid call with a cut amount (stream and streaming invoke)", async () => {
    const cutMidValue: Handler = (_request, response) => {
      openSse(response);
      response.end(
        chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "pay", arguments: "" } }] }) +
          chunk({ tool_calls: [{ index: 0, function: { arguments: '{"amount": 10' } }] }),
      );
    };
    const { llm } = await hostileModel(cutMidValue, { maxRetries: 0 });
    const { chunks, error } = await streamAll(await llm.bindTools([payTool]).stream("Pay 1000"));
    expect(chunks.length).toBeGreaterThan(0);
    expect(TruncatedStreamError.isInstance(error)).toBe(true);
    const streaming = await hostileModel(cutMidValue, { maxRetries: 0, streaming: true });
    const invoked = await caught(streaming.llm.bindTools([payTool]).invoke("Pay 1000"));
    expect(TruncatedStreamError.isInstance(invoked)).toBe(true);
  });

  it("a truncated stream that yielded nothing yet is retried", async () => {
    const { llm, attempts } = await hostileModel((_request, response, attempt) => {
      if (attempt > 1) return normalAnswer(response);
      openSse(response);
      // A chunk with no choice to convert: nothing reaches the caller before the connection closes.
      response.end(`data: ${JSON.stringify({ id: "chatcmpl-h", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [] })}\n\n`);
    });
    const { chunks, error } = await streamAll(await llm.stream("Hi"));
    expect(error).toBeUndefined();
    expect(chunks.map((item) => item.content).join("")).toBe("Hello");
    expect(attempts()).toBe(2);
  });

  it("a stream that ends with [DONE] keeps working even when the server never closes the body", async () => {
    const { llm } = await hostileModel((_request, response) => {
      openSse(response);
      response.write(chunk({ role: "assistant", content: "" }) + chunk({ content: "Hi" }) + chunk({}, "stop") + "data: [DONE]\n\n");
    }, { streamIdleTimeout: 0 });
    const { chunks, error } = await streamAll(await llm.stream("Hi"));
    expect(error).toBeUndefined();
    expect(chunks.map((item) => item.content).join("")).toBe("Hi");
  });

  it("a non-streamed body cut short is typed: MalformedResponseError for a clean end, ConnectionError for a reset", async () => {
    const { llm } = emulatedModel({ maxRetries: 0 });
    const cut = await caught(llm.invoke("Hi", fault("close")));
    expect(MalformedResponseError.isInstance(cut)).toBe(true);
    expect(cut).toMatchObject({ retryable: true });
    expect((cut as Error).message).toMatch(/looks cut short/u);
    const reset = await caught(llm.invoke("Hi", fault("disconnect")));
    expect(ConnectionError.isInstance(reset)).toBe(true);
    expect(reset).not.toBeInstanceOf(SyntaxError);
  });
});

describe("tool calls cut by finish_reason length", () => {
  const cutByLength = (response: ServerResponse) => {
    openSse(response);
    response.end(
      chunk({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "pay", arguments: "" } }] }) +
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"amount": 10' } }] }) +
        chunk({}, "length") +
        `data: ${JSON.stringify({ id: "chatcmpl-h", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini", choices: [], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } })}\n\n` +
        "data: [DONE]\n\n",
    );
  };

  it("stream(): the last chunk carries finish_reason length and a warning", async () => {
    const { llm } = await hostileModel((_request, response) => cutByLength(response));
    const { chunks, error } = await streamAll(await llm.bindTools([payTool]).stream("Pay 1000"));
    expect(error).toBeUndefined();
    const last = chunks.at(-1);
    expect(last?.response_metadata.finish_reason).toBe("length");
    expect(last?.response_metadata.warnings).toEqual([TRUNCATED_TOOL_CALLS_WARNING]);
    // Core's concat parses the partial JSON: why the warning is needed.
    const whole = chunks.reduce((left, right) => left.concat(right));
    expect(whole.response_metadata.finish_reason).toBe("length");
    expect(whole.usage_metadata?.total_tokens).toBe(9);
  });

  it("invoke with streaming: invalid_tool_calls, never a repaired call", async () => {
    const { llm } = await hostileModel((_request, response) => cutByLength(response), { streaming: true });
    const message = await llm.bindTools([payTool]).invoke("Pay 1000");
    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls).toEqual([expect.objectContaining({ name: "pay", args: '{"amount": 10', error: TRUNCATED_TOOL_CALL_ERROR })]);
    expect(message.response_metadata.finish_reason).toBe("length");
    expect(message.response_metadata.warnings).toEqual([TRUNCATED_TOOL_CALLS_WARNING]);
  });

  it("invoke (not streamed) carries the same warning", async () => {
    const { llm } = await hostileModel((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "chatcmpl-h",
          object: "chat.completion",
          created: 1,
          model: "gpt-4o-mini",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "pay", arguments: '{"amount": 10' } }] },
              finish_reason: "length",
            },
          ],
        }),
      );
    });
    const message = await llm.bindTools([payTool]).invoke("Pay 1000");
    expect(message.invalid_tool_calls).toEqual([expect.objectContaining({ error: TRUNCATED_TOOL_CALL_ERROR })]);
    expect(message.response_metadata.warnings).toEqual([TRUNCATED_TOOL_CALLS_WARNING]);
  });

  it("streamEvents v2: the streamed message ends with finish_reason length and the warning", async () => {
    const { llm } = await hostileModel((_request, response) => cutByLength(response));
    let ended: AIMessageChunk | undefined;
    for await (const event of llm.bindTools([payTool]).streamEvents("Pay 1000", { version: "v2" })) {
      if (event.event === "on_chat_model_end") ended = event.data.output as AIMessageChunk;
    }
    expect(ended?.response_metadata.finish_reason).toBe("length");
    expect(ended?.response_metadata.warnings).toEqual([TRUNCATED_TOOL_CALLS_WARNING]);
  });

  describeWithEventStream("streamEvents (core 1.4's event stream)", () => {
    it("gives the cut call as an invalid_tool_call", async () => {
      const { llm } = await hostileModel((_request, response) => cutByLength(response));
      const stream = llm.streamEvents("Pay 1000", { tools: [payTool] });
      expect(await stream.toolCalls).toEqual([]);
      const message = await stream;
      expect(message.content).toEqual([expect.objectContaining({ type: "invalid_tool_call", name: "pay", args: '{"amount": 10', error: TRUNCATED_TOOL_CALL_ERROR })]);
    });
  });
});

describe("schema-mismatch tool arguments", () => {
  const payZod = tool(async ({ amount }) => `paid ${amount}`, { name: "pay", description: "Pay an amount", schema: z.object({ amount: z.number() }) });

  it("are invalid_tool_calls with the schema error for a Zod tool (invoke, streaming invoke, batch)", async () => {
    for (const streaming of [false, true]) {
      const { llm } = emulatedModel({ streaming });
      const withTools = llm.bindTools([payZod], { tool_choice: "pay" });
      const [message, batched] = [await withTools.invoke("Pay 1000", fault("schema-mismatch")), ...(await withTools.batch(["Pay 1000"], fault("schema-mismatch")))];
      for (const answer of [message, batched]) {
        expect(answer?.tool_calls).toEqual([]);
        expect(answer?.invalid_tool_calls).toEqual([
          expect.objectContaining({ name: "pay", type: "invalid_tool_call", error: expect.stringContaining(SCHEMA_MISMATCH_ERROR_PREFIX) }),
        ]);
        expect(answer?.invalid_tool_calls?.[0]?.error).toMatch(/number/iu);
      }
    }
  });

  it("are invalid_tool_calls for an OpenAI tool's JSON Schema, and valid answers stay valid", async () => {
    const { llm } = emulatedModel();
    const withTools = llm.bindTools([payTool], { tool_choice: "pay" });
    const mismatched = await withTools.invoke("Pay 1000", fault("schema-mismatch"));
    expect(mismatched.tool_calls).toEqual([]);
    expect(mismatched.invalid_tool_calls?.[0]?.error).toMatch(/^schema_mismatch: .*\/amount/su);
    const fine = await withTools.invoke("Pay 1000");
    expect(fine.tool_calls).toEqual([expect.objectContaining({ name: "pay", args: { amount: expect.any(Number) } })]);
    expect(fine.invalid_tool_calls).toEqual([]);
  });
});

describe("retry-after beyond the SDK's 60 s cap", () => {
  it("is surfaced as retryAfterMs and not retried sooner than the server asked", async () => {
    const { llm, attempts } = emulatedModel();
    const error = await caught(llm.invoke("Hi", fault("429:retry-after-ms=120000")));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 120_000, retryable: true, status: 429 });
    expect((error as Error).message).toMatch(/asked to wait 120 s before retrying, longer than the 60 s allowed/u);
    expect(attempts()).toBe(1);
  });

  it("a wait within the cap is still retried by the SDK", async () => {
    const { llm, attempts } = emulatedModel();
    await llm.invoke("Hi", fault("429*1:retry-after-ms=1"));
    expect(attempts()).toBe(2);
  });
});

describe("the public surface", () => {
  it("exports the new error classes and constants from the package", async () => {
    const publicApi = (await import("./index.js")) as Record<string, unknown>;
    for (const name of ["StreamIdleTimeoutError", "TruncatedStreamError", "ResponseTooLargeError"]) expect(typeof publicApi[name]).toBe("function");
    for (const name of ["TRUNCATED_TOOL_CALL_ERROR", "TRUNCATED_TOOL_CALLS_WARNING", "SCHEMA_MISMATCH_ERROR_PREFIX"]) expect(typeof publicApi[name]).toBe("string");
  });
});

describe("maxResponseBytes", () => {
  it("ends invoke and stream with a ResponseTooLargeError, never retried", async () => {
    const { llm, attempts } = emulatedModel({ maxResponseBytes: 200 });
    const error = await caught(llm.invoke("Hi"));
    expect(ResponseTooLargeError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, maxResponseBytes: 200 });
    expect(attempts()).toBe(1);
    const streamed = await streamAll(await llm.stream("Write a long story", { maxResponseBytes: 600 }));
    expect(ResponseTooLargeError.isInstance(streamed.error)).toBe(true);
    expect(streamed.error).toMatchObject({ maxResponseBytes: 600 });
    expect(attempts()).toBe(2);
  });

  it("lets an answer under the limit through", async () => {
    const { llm } = emulatedModel({ maxResponseBytes: 1_000_000 });
    expect((await llm.invoke("Hi")).content).toContain("emulated");
  });
});
