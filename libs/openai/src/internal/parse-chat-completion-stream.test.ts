import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { MalformedResponseError } from "../errors/errors.js";
import { isChatCompletionChunk, parseChatCompletionStream } from "./parse-chat-completion-stream.js";

const chunk = (content: string) => ({ id: "chatcmpl-1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const sse = (...events: string[]) => new Response(events.join(""), { headers: { "content-type": "text/event-stream", "x-request-id": "req_1" } });
const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;

async function readAll(response: Response): Promise<{ chunks: unknown[]; error: unknown }> {
  const chunks: unknown[] = [];
  try {
    for await (const item of parseChatCompletionStream(response, { requestId: "req_1" })) chunks.push(item);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

describe("isChatCompletionChunk", () => {
  it.each([
    ["a delta chunk", chunk("Hi"), true],
    ["a chunk without choices members", { choices: [] }, true],
    ["a usage-only chunk", { choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }, true],
    ["usage without choices", { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }, true],
    ["usage with choices: null", { choices: null, usage: {} }, true],
    ["a choice with no delta (a finish chunk of some servers)", { choices: [{ index: 0, finish_reason: "stop" }] }, true],
    ["a choice with a null delta", { choices: [{ index: 0, delta: null }] }, true],
    ["null", null, false],
    ["a number", 3, false],
    ["an array", [chunk("Hi")], false],
    ["an object without choices or usage", { foo: 1 }, false],
    ["choices an object", { choices: {} }, false],
    ["usage null without choices", { usage: null }, false],
    ["a null choice", { choices: [null] }, false],
    ["a string delta", { choices: [{ delta: "Hi" }] }, false],
    ["a whole completion's choice", { choices: [{ index: 0, message: { content: "Hi" } }] }, false],
  ])("%s: %s", (_label, value, expected) => {
    expect(isChatCompletionChunk(value)).toBe(expected);
  });
});

describe("parseChatCompletionStream", () => {
  it("yields the chunks in order, skipping comments and empty data", async () => {
    const { chunks, error } = await readAll(sse(": hi\n\n", data(chunk("a")), "data:\n\n", data({ choices: [], usage: { total_tokens: 2 } }), "data: [DONE]\n\n"));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([chunk("a"), { choices: [], usage: { total_tokens: 2 } }]);
  });

  it("stops at [DONE] and cancels the rest of the body", async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(encoder.encode(`${data(chunk("a"))}data: [DONE]\n\n`)),
      pull: () => new Promise(() => undefined), // a server that keeps the connection open after [DONE]
      cancel: () => {
        cancelled = true;
      },
    });
    const { chunks, error } = await readAll(new Response(body, { headers: { "content-type": "text/event-stream" } }));
    expect(error).toBeUndefined();
    expect(chunks).toEqual([chunk("a")]);
    expect(cancelled).toBe(true);
  });

  it("throws an error event, or data carrying an error, as the SDK's APIError with the response headers", async () => {
    for (const event of ['event: error\ndata: {"message":"Overloaded"}\n\n', 'data: {"error":{"message":"Overloaded","type":"server_error"}}\n\n']) {
      const { chunks, error } = await readAll(sse(data(chunk("a")), event));
      expect(chunks).toHaveLength(1);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error).toMatchObject({ status: undefined, error: { message: "Overloaded" }, requestID: "req_1" });
    }
  });

  it("reads `error: null` beside choices as no error", async () => {
    const { chunks, error } = await readAll(sse(data({ ...chunk("a"), error: null }), "data: [DONE]\n\n"));
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(1);
  });

  it("throws MalformedResponseError for a response without a body, and names a JSON answer to a streaming request", async () => {
    const noBody = await readAll(new Response(null, { headers: { "content-type": "text/event-stream" } }));
    expect(MalformedResponseError.isInstance(noBody.error)).toBe(true);
    expect(noBody.error).toMatchObject({ retryable: true, requestId: "req_1", status: 200 });
    const json = await readAll(new Response('{"choices":[]}', { headers: { "content-type": "application/json; charset=utf-8" } }));
    expect((json.error as Error).message).toMatch(/^The server answered a streaming request with `application\/json; charset=utf-8` instead of an event stream/u);
    expect(json.error).toMatchObject({ retryable: false });
  });

  it("surfaces an event cut off by the end of the body as bad JSON, not as silence", async () => {
    const { chunks, error } = await readAll(sse(data(chunk("a")), 'data: {"choices":[{"index":0,"del'));
    expect(chunks).toHaveLength(1);
    expect(MalformedResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^The stream sent an event whose data is not valid JSON \(.+\): "\{\\"choices\\":\[\{\\"index\\":0,\\"del"\./u);
  });
});
