import { afterAll, beforeEach, describe, expect, it, jest } from "@jest/globals";
import type { AIMessageChunk } from "@langchain/core/messages";
import { createEmulator } from "@tessera/openai-emulator";
import { ChatOpenAI } from "./chat-openai.js";
import { BadRequestError, InternalServerError, MalformedResponseError, type TesseraError } from "./errors/errors.js";
import { STREAM_USAGE_REFUSED_WARNING } from "./request/build-stream-usage.js";
import type { ChatOpenAIFields } from "./chat-openai-fields.js";
import { createTestModel, errorBody, type FakeAnswer } from "./__tests__/test-model.js";
import { caught } from "./__tests__/settle.js";

// What an application sees when a server answers 200 with something that is not a chat completion, and how streamed
// usage is asked for by default and dropped, once, where a server refuses it.

const REQUEST_ID = "req_robust";
const withRequestId = (answer: FakeAnswer): FakeAnswer => ({ ...answer, headers: { "x-request-id": REQUEST_ID, ...answer.headers } });

// Installed before any request of this file: the SDK binds its logger's methods (console's, by default) on first use
// and caches them, so a spy installed later would not see what it prints.
const consoleError = jest.spyOn(console, "error").mockImplementation(() => undefined);
const consoleWarn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
const stderrWrite = jest.spyOn(process.stderr, "write");

beforeEach(() => {
  consoleError.mockClear();
  consoleWarn.mockClear();
  stderrWrite.mockClear();
});
afterAll(() => {
  consoleError.mockRestore();
  consoleWarn.mockRestore();
  stderrWrite.mockRestore();
});

function expectNothingPrinted(): void {
  expect(consoleError).not.toHaveBeenCalled();
  expect(consoleWarn).not.toHaveBeenCalled();
  expect(stderrWrite).not.toHaveBeenCalled();
}

async function streamAll(llm: ChatOpenAI, options?: Parameters<ChatOpenAI["stream"]>[1]): Promise<{ chunks: AIMessageChunk[]; error: unknown }> {
  const chunks: AIMessageChunk[] = [];
  try {
    for await (const chunk of await llm.stream("Hi", options)) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

/** The two streaming paths, each with the fields its model needs and how it calls: the error it ends with. */
const streamingPaths: ReadonlyArray<readonly [string, ChatOpenAIFields, (llm: ChatOpenAI) => Promise<unknown>]> = [
  ["stream()", {}, async (llm) => (await streamAll(llm)).error],
  ["invoke with streaming: true", { streaming: true }, (llm) => caught(llm.invoke("Hi"))],
];

function expectMalformed(error: unknown, expected: { message: string | RegExp; retryable: boolean }): void {
  expect(MalformedResponseError.isInstance(error)).toBe(true);
  const typed = error as TesseraError;
  expect(typed).toMatchObject({ status: 200, requestId: REQUEST_ID, retryable: expected.retryable });
  if (typeof expected.message === "string") expect(typed.message).toBe(expected.message);
  else expect(typed.message).toMatch(expected.message);
}

describe("a 200 that is not a chat completion, on invoke", () => {
  it.each([
    ["a JSON null body", { rawBody: "null" }, "it is null, not an object"],
    ["`data: null` instead of choices", { body: { data: null } }, "`choices` is missing, not an array"],
    ["`choices: null`", { body: { id: "chatcmpl-1", choices: null } }, "`choices` is null, not an array"],
    ["`choices` an object", { body: { choices: { 0: {} } } }, "`choices` is an object, not an array"],
    ["a null choice", { body: { choices: [null] } }, "`choices[0]` is null, not an object"],
    ["a string choice", { body: { choices: ["hello"] } }, "`choices[0]` is a string, not an object"],
    ["a message that is a string", { body: { choices: [{ message: "hello" }] } }, "`choices[0].message` is a string, not an object"],
    ["an error envelope", { body: errorBody("Upstream failed", "server_error") }, "it carries an error instead: Upstream failed"],
  ] as const)("%s is a MalformedResponseError naming the problem, with the request id", async (_label, answer, problem) => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext(withRequestId({ status: 200, ...answer }));
    const text = "rawBody" in answer ? answer.rawBody : JSON.stringify(answer.body);
    expectMalformed(await caught(model.llm.invoke("Hi")), {
      message:
        `The API answered with a body that is not a chat completion: ${problem}. Body: ${JSON.stringify(text)}. ` +
        "Check that `baseURL` points to an OpenAI-compatible Chat Completions API; retrying will not help.",
      retryable: false,
    });
  });

  it("a body that is not JSON (a proxy's HTML page) is a MalformedResponseError quoting it, not a SyntaxError", async () => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext(withRequestId({ status: 200, rawBody: "<html><body>Sign in</body></html>", headers: { "content-type": "text/html" } }));
    const error = await caught(model.llm.invoke("Hi"));
    expectMalformed(error, { message: /^The API answered with a body that is not JSON \(.+\): "<html><body>Sign in<\/body><\/html>"\. Check that `baseURL`/u, retryable: false });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expectNothingPrinted();
  });

  it("a JSON body cut short is a MalformedResponseError that a retry may cure", async () => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext(withRequestId({ status: 200, rawBody: '{"id":"chatcmpl-1","choices":[{"index":0,' }));
    expectMalformed(await caught(model.llm.invoke("Hi")), {
      message: /^The API answered with a body that is not JSON \(.+\): "\{\\"id\\":\\"chatcmpl-1\\",\\"choices\\":\[\{\\"index\\":0,"\. It looks cut short; retrying may help\.$/u,
      retryable: true,
    });
  });
});

describe("error bodies without an `error` member, on both SDK majors", () => {
  it("a 400 `{detail}` (FastAPI servers) is a BadRequestError whose message is the detail", async () => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext(withRequestId({ status: 400, body: { detail: "Model llama-3 is still loading" } }));
    const error = await caught(model.llm.invoke("Hi"));
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, message: "Model llama-3 is still loading", requestId: REQUEST_ID });
  });

  it("a 400 with a top-level `message` (vLLM) keeps its message, code and type", async () => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext({ status: 400, body: { object: "error", message: "max_tokens is too large", type: "BadRequestError", param: "max_tokens", code: 400 } });
    const error = await caught(model.llm.invoke("Hi"));
    expect(error).toMatchObject({ status: 400, message: "max_tokens is too large", type: "BadRequestError", param: "max_tokens", code: null });
  });
});

describe.each(streamingPaths)("a 200 stream that is not a chat completion stream, through %s", (_path, fields, call) => {
  const run = (model: ReturnType<typeof createTestModel>) => call(model.llm);
  const createModel = () => createTestModel({ maxRetries: 0, ...fields });
  const notAChunk = "Check that `baseURL` points to an OpenAI-compatible Chat Completions API; retrying will not help.";
  const empty = "The stream ended without a single chunk (no event, or only [DONE]), so there is no answer. The server may have failed while answering; retrying may help.";

  it.each<[string, Omit<FakeAnswer, "status">]>([
    ["only [DONE]", { sse: [] }],
    ["no event at all", { rawSse: "" }],
    ["only comments and blank data", { rawSse: ": keep-alive\n\ndata:\n\n: ping\n\n" }],
    ["[DONE] before any chunk", { rawSse: 'data: [DONE]\n\ndata: {"choices":[{"index":0,"delta":{"content":"late"}}]}\n\n' }],
  ])("an empty stream (%s) is a retryable MalformedResponseError, not a silent empty answer", async (_label, answer) => {
    const model = createModel();
    model.answerNext(withRequestId({ status: 200, ...answer }));
    expectMalformed(await run(model), { message: empty, retryable: true });
  });

  it.each([
    ["an object without choices or usage", [{ foo: 1 }], "`choices` is missing, not an array, and there is no `usage`"],
    ["`data: null`", [null], "it is null, not an object"],
    ["a number", [42], "it is a number, not an object"],
    ["`choices` an object", [{ id: "x", choices: {} }], "`choices` is an object, not an array, and there is no `usage`"],
    ["a null choice", [{ choices: [null] }], "`choices[0]` is null, not an object"],
    ["a string delta", [{ choices: [{ index: 0, delta: "hi" }] }], "`choices[0].delta` is a string, not an object"],
    [
      "a whole chat completion",
      [{ object: "chat.completion", choices: [{ index: 0, message: { content: "Hi" }, finish_reason: "stop" }] }],
      "`choices[0]` has a `message` and no `delta`, as a whole (non-streamed) completion does",
    ],
  ] as const)("an event that is %s is a MalformedResponseError naming the problem", async (_label, events, problem) => {
    const model = createModel();
    model.answerNext(withRequestId({ status: 200, sse: [...events] }));
    expectMalformed(await run(model), {
      message: `The stream sent an event that is not a chat completion chunk: ${problem}. Data: ${JSON.stringify(JSON.stringify(events[0]))}. ${notAChunk}`,
      retryable: false,
    });
  });

  it("malformed event JSON is a retryable MalformedResponseError quoting the data, and nothing is printed to stderr", async () => {
    const model = createModel();
    model.answerNext(withRequestId({ status: 200, rawSse: 'data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\ndata: {not json\n\ndata: [DONE]\n\n' }));
    const error = await run(model);
    expectMalformed(error, { message: /^The stream sent an event whose data is not valid JSON \(.+\): "\{not json"\. The event was probably cut or garbled on the way; retrying may help\.$/u, retryable: true });
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    expectNothingPrinted();
  });

  it("a server that ignores `stream: true` and answers JSON gets a MalformedResponseError saying so", async () => {
    const model = createModel();
    model.answerNext(withRequestId({ status: 200, body: { id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Hi" }, finish_reason: "stop" }] } }));
    expectMalformed(await run(model), {
      message:
        "The server answered a streaming request with `application/json` instead of an event stream, so no chunk arrived. " +
        "It may not support streaming: call it without streaming, or check `baseURL`; retrying will not help.",
      retryable: false,
    });
  });
});

describe("streams the emulator breaks (an independent writer of the protocol)", () => {
  function faultModel() {
    const emulator = createEmulator();
    const llm = new ChatOpenAI({ apiKey: "k", maxRetries: 0, configuration: { baseURL: "http://emulator.test/v1", fetch: emulator.fetch } });
    return llm;
  }
  const fault = (text: string) => ({ options: { headers: { "x-emulator-fault": text } } });

  it("bad-json after 2 events: two chunks, then a typed error, and nothing printed", async () => {
    const { chunks, error } = await streamAll(faultModel(), fault("bad-json:after=2"));
    expect(chunks).toHaveLength(2);
    expect(MalformedResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, requestId: expect.stringMatching(/^req_/u) });
    expect((error as Error).message).toMatch(/^The stream sent an event whose data is not valid JSON/u);
    expectNothingPrinted();
  });

  it.each(["bad-json", "close"])("%s on a non-streamed body (cut in half): a retryable MalformedResponseError", async (kind) => {
    const error = await caught(faultModel().invoke("Hi", fault(kind)));
    expect(MalformedResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, requestId: expect.stringMatching(/^req_/u) });
    expect((error as Error).message).toMatch(/^The API answered with a body that is not JSON .* It looks cut short; retrying may help\.$/u);
  });

  it("close before any event: an empty stream is a typed error, not an empty answer", async () => {
    const { chunks, error } = await streamAll(faultModel(), fault("close:after=0"));
    expect(chunks).toEqual([]);
    expect(MalformedResponseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true, requestId: expect.stringMatching(/^req_/u) });
  });
});

describe("the event stream as servers write it", () => {
  const events = [
    { id: "chatcmpl-1", model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "Hé" }, finish_reason: null }] },
    { id: "chatcmpl-1", model: "m", choices: [{ index: 0, delta: { content: "llo" }, finish_reason: "stop" }] },
  ];

  it("reads CRLF line ends, comments, named events, multi-line data and a missing [DONE]", async () => {
    const model = createTestModel({ streamUsage: false });
    const [first, second] = events.map((event) => JSON.stringify(event, null, 1));
    const body = `: ping\r\n\r\nevent: message\r\nid: 1\r\ndata: ${first!.replaceAll("\n", "\r\ndata: ")}\r\n\r\ndata: ${second!.replaceAll("\n", "\ndata: ")}\n\n`;
    model.answerNext({ status: 200, rawSse: body });
    const { chunks, error } = await streamAll(model.llm);
    expect(error).toBeUndefined();
    expect(chunks.map((chunk) => chunk.content)).toEqual(["Hé", "llo"]);
  });

  it("reads events split anywhere across network reads, even inside a multi-byte character", async () => {
    const bytes = new TextEncoder().encode([...events.map((event) => `data: ${JSON.stringify(event)}\n\n`), "data: [DONE]\n\n"].join(""));
    const split = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    const pieces = [bytes.slice(0, 3), bytes.slice(3, split), bytes.slice(split, split + 7), bytes.slice(split + 7)];
    const fetch = async () => new Response(new ReadableStream({ start: (controller) => (pieces.forEach((piece) => controller.enqueue(piece)), controller.close()) }), { headers: { "content-type": "text/event-stream" } });
    const llm = new ChatOpenAI({ apiKey: "k", streamUsage: false, configuration: { baseURL: "http://split.test/v1", fetch } });
    const { chunks, error } = await streamAll(llm);
    expect(error).toBeUndefined();
    expect(chunks.map((chunk) => chunk.content)).toEqual(["Hé", "llo"]);
  });

  it("an `error` event mid-stream stays a typed InternalServerError carrying its message", async () => {
    const model = createTestModel({ maxRetries: 0 });
    model.answerNext(withRequestId({ status: 200, rawSse: `data: ${JSON.stringify(events[0])}\n\nevent: error\ndata: {"message":"Overloaded","type":"server_error"}\n\n` }));
    const { chunks, error } = await streamAll(model.llm);
    expect(chunks).toHaveLength(1);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ message: "Overloaded", type: "server_error", requestId: REQUEST_ID, retryable: true });
  });

  it("stops reading the body when the consumer stops early", async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    const fetch = async () =>
      new Response(
        new ReadableStream({
          pull: (controller) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(events[0])}\n\n`)),
          cancel: () => {
            cancelled = true;
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      );
    const llm = new ChatOpenAI({ apiKey: "k", streamUsage: false, configuration: { baseURL: "http://endless.test/v1", fetch } });
    let seen = 0;
    for await (const _chunk of await llm.stream("Hi")) if (++seen === 3) break;
    expect(seen).toBe(3);
    expect(cancelled).toBe(true);
  });
});

describe("streamed usage by default", () => {
  // Refusals are remembered per base URL for the whole process, so every test talks to a server of its own.
  let servers = 0;
  const refusingModel = (fields: ChatOpenAIFields = {}) =>
    createTestModel({ maxRetries: 0, ...fields, configuration: { baseURL: `http://refusing-${++servers}.test/v1`, ...fields.configuration } });
  const refusal = { status: 400, body: errorBody("Unrecognized request argument supplied: stream_options", "invalid_request_error") };

  async function streamWhole(llm: ChatOpenAI, options?: Parameters<ChatOpenAI["stream"]>[1]): Promise<AIMessageChunk> {
    const { chunks, error } = await streamAll(llm, options);
    if (error !== undefined) throw error;
    return chunks.reduce((left, right) => left.concat(right));
  }

  it.each([
    ["Azure OpenAI before 2024-10-21", refusal],
    ["an OpenAI-style proxy (param stream_options)", { status: 400, body: errorBody("Unknown parameter: 'stream_options'.", "invalid_request_error", "unknown_parameter", "stream_options") }],
    ["Azure AI model inference ({detail})", { status: 400, body: { detail: "Extra parameters ['stream_options'] are not allowed when extra-parameters is not set or set to be 'error'." } }],
    [
      "Mistral / pydantic (422 extra_forbidden)",
      { status: 422, body: { object: "error", message: { detail: [{ type: "extra_forbidden", loc: ["body", "stream_options", "include_usage"], msg: "Extra inputs are not permitted", input: true }] }, type: "invalid_request_error", param: null, code: null } },
    ],
    ["Hugging Face TGI (422, error as a string)", { status: 422, body: { error: "Failed to deserialize the JSON body into the target type: unknown field `stream_options`", error_type: "validation" } }],
  ] as const)("a server refusing stream_options (%s) gets exactly one more request without it, and a warning", async (_label, answer) => {
    const model = refusingModel();
    model.answerNext(answer);
    const message = await streamWhole(model.llm);
    expect(model.requests).toHaveLength(2);
    const [refused, retried] = model.requests.map((request) => request.body);
    expect(refused).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], stream: true, stream_options: { include_usage: true } });
    expect(retried).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], stream: true });
    expect(message.content).toContain("emulated gpt-4o-mini");
    expect(message.usage_metadata).toBeUndefined();
    expect(message.response_metadata.warnings).toEqual([STREAM_USAGE_REFUSED_WARNING]);
  });

  it("the warning says why usage is missing and how to silence it", () => {
    expect(STREAM_USAGE_REFUSED_WARNING).toMatch(/refused `stream_options`/u);
    expect(STREAM_USAGE_REFUSED_WARNING).toMatch(/`streamUsage: false`/u);
  });

  it("falls back the same way for invoke with streaming: true", async () => {
    const model = refusingModel({ streaming: true });
    model.answerNext(refusal);
    const message = await model.llm.invoke("Hi");
    expect(model.requests.map((request) => request.body.stream_options)).toEqual([{ include_usage: true }, undefined]);
    expect(message.response_metadata.warnings).toEqual([STREAM_USAGE_REFUSED_WARNING]);
  });

  it("remembers the refusal for the base URL: a new instance sends one request without stream_options, still warned", async () => {
    const first = refusingModel();
    first.answerNext(refusal);
    await streamWhole(first.llm);
    const baseURL = first.requests[0]!.url.replace(/\/chat\/completions$/u, "");

    const second = createTestModel({ configuration: { baseURL: `${baseURL}/` } });
    const message = await streamWhole(second.llm);
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.body).not.toHaveProperty("stream_options");
    expect(message.response_metadata.warnings).toEqual([STREAM_USAGE_REFUSED_WARNING]);

    const otherServer = refusingModel();
    await streamWhole(otherServer.llm);
    expect(otherServer.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });

    const invoked = createTestModel({ configuration: { baseURL } });
    expect((await invoked.llm.invoke("Hi")).response_metadata).not.toHaveProperty("warnings");
  });

  it.each([
    ["streamUsage: true on the model", { streamUsage: true }, undefined],
    ["streamUsage: true on the call", {}, { streamUsage: true }],
    ["stream_options on the call", {}, { stream_options: { include_usage: true } }],
    ["stream_options in modelKwargs", { modelKwargs: { stream_options: { include_usage: true } } }, undefined],
  ] as const)("with %s the refusal is the user's answer: one request, a typed BadRequestError", async (_label, fields, callOptions) => {
    const model = refusingModel(fields);
    model.answerNext(withRequestId(refusal));
    const { error } = await streamAll(model.llm, callOptions);
    expect(model.requests).toHaveLength(1);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, message: "Unrecognized request argument supplied: stream_options", requestId: REQUEST_ID });
  });

  it("other 400s are not retried and not remembered", async () => {
    const model = refusingModel();
    model.answerNext({ status: 400, body: errorBody("Invalid value for 'temperature'.", "invalid_request_error", "decimal_above_max_value", "temperature") });
    const { error } = await streamAll(model.llm);
    expect(model.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 400, param: "temperature" });
    await streamWhole(model.llm);
    expect(model.requests[1]?.body).toMatchObject({ stream_options: { include_usage: true } });
  });

  it("streamUsage: false sends no stream_options and warns of nothing, even to a server that refused them", async () => {
    const refusing = refusingModel();
    refusing.answerNext(refusal);
    await streamWhole(refusing.llm);
    const message = await streamWhole(refusing.llm, { streamUsage: false });
    expect(refusing.requests).toHaveLength(3);
    expect(refusing.requests[2]?.body).not.toHaveProperty("stream_options");
    expect(message.response_metadata).not.toHaveProperty("warnings");
  });
});
