// ChatOpenAI on the Responses API end to end: the SDK sends through `configuration.fetch`, which records each request
// and replays a recorded Responses body (see messages/__fixtures__/responses/SOURCES.md) instead of a server.
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import { createTestModel, errorBody } from "./__tests__/test-model.js";
import { AbortError, BadRequestError, StructuredOutputLengthError, UnsupportedOptionError } from "./errors/errors.js";

const FIXTURES = join(__dirname, "messages", "__fixtures__", "responses");
const readJson = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Record<string, unknown> & { output: Record<string, unknown>[] };
/** A recorded stream (the n-th of the file), framed as the API frames it: `event:` then `data:` lines. */
function recordedSse(name: string, index: number): string {
  const streams: string[][] = [];
  for (const line of readFileSync(join(FIXTURES, name), "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const { type } = JSON.parse(line) as { type: string };
    if (type === "response.created") streams.push([]);
    streams.at(-1)!.push(`event: ${type}\ndata: ${line}\n\n`);
  }
  return streams[index]!.join("");
}
// Core 1.4's content-block event stream; core 1.0 (the minimum-versions run) has none.
const hasEventStream = typeof (BaseChatModel.prototype as { _streamChatModelEvents?: unknown })._streamChatModelEvents === "function";
const itWithEventStream = hasEventStream ? it : it.skip;
const TEXT_RESPONSE = "openai-reasoning-encrypted-content.1.json";
const STREAMS = "openai-reasoning-encrypted-content.1.chunks.txt";

describe("ChatOpenAI with useResponsesApi: true", () => {
  it("sends invoke to /v1/responses with exactly what was set, and answers with the converted response", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5-mini", useResponsesApi: true, maxTokens: 500, reasoning: { effort: "low", summary: "auto" } });
    answerNext({ status: 200, body: readJson(TEXT_RESPONSE), headers: { "x-request-id": "req_123" } });
    const message = await llm.invoke([["system", "Be brief."], ["human", "12 + 7, times 3, times 10?"]]);
    expect(requests[0]!.url).toBe("http://emulator.test/v1/responses");
    expect(requests[0]!.body).toEqual({
      model: "gpt-5-mini",
      input: [{ type: "message", role: "system", content: "Be brief." }, { type: "message", role: "user", content: "12 + 7, times 3, times 10?" }],
      max_output_tokens: 500,
      reasoning: { summary: "auto", effort: "low" },
    });
    expect(message.id).toBe("resp_0f35ed53160b395301693cc957829881909359e7f80cdd20b5");
    expect(message.text).toBe("12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570");
    expect(message.usage_metadata).toMatchObject({ input_tokens: 865, output_tokens: 163, output_token_details: { reasoning: 128 } });
    expect(message.response_metadata).toMatchObject({ model_provider: "openai", status: "completed", request_id: "req_123", model_name: "gpt-5-mini-2025-08-07" });
  });

  it("is chosen per call by the call option, and Chat Completions stays the default", async () => {
    const { llm, requests, answerNext } = createTestModel();
    answerNext({ status: 200, body: readJson(TEXT_RESPONSE) });
    await llm.invoke("Hi", { useResponsesApi: true });
    await llm.invoke("Hi");
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(["/v1/responses", "/v1/chat/completions"]);
  });

  it("streams a recorded SSE answer: every chunk reaches stream() and handleLLMNewToken, usage on the last", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5.1-codex-max", useResponsesApi: true });
    answerNext({ status: 200, rawSse: recordedSse(STREAMS, 3) });
    const tokens: unknown[] = [];
    const chunks: AIMessageChunk[] = [];
    const stream = await llm.stream("And the result?", { callbacks: [{ handleLLMNewToken: (_token, _index, _runId, _parent, _tags, fields) => void tokens.push(fields?.chunk) }] });
    for await (const chunk of stream) chunks.push(chunk);
    expect(requests[0]!.body).toEqual({ model: "gpt-5.1-codex-max", input: [{ type: "message", role: "user", content: "And the result?" }], stream: true });
    expect(tokens).toHaveLength(chunks.length);
    const message = chunks.reduce((left, right) => left.concat(right));
    expect(message.text).toBe("The final result is **570**.");
    expect(message.id).toBe("resp_01830d662ab3856501693c3217ba4c8190a3ddf6c839d4f12a");
    expect(chunks.at(-1)!.usage_metadata).toMatchObject({ input_tokens: 299, output_tokens: 12, total_tokens: 311 });
  });

  it("streams a function call with its arguments, and invoke with streaming: true gives the same message", async () => {
    const calculator = { name: "calculator", description: "Arithmetic.", schema: z.object({ a: z.number(), b: z.number(), op: z.string() }) };
    const { llm, answerNext } = createTestModel({ model: "gpt-5.1-codex-max", useResponsesApi: true });
    answerNext({ status: 200, rawSse: recordedSse(STREAMS, 0) }, { status: 200, rawSse: recordedSse(STREAMS, 0) });
    const bound = llm.bindTools([calculator]);
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await bound.stream("12 + 7?")) streamed = streamed === undefined ? chunk : streamed.concat(chunk);
    expect(streamed!.tool_calls).toEqual([{ type: "tool_call", id: "call_AB6AaRZ1FYZB2RwS6A5vbdqn", name: "calculator", args: { a: 12, b: 7, op: "add" } }]);
    llm.streaming = true;
    const invoked = await bound.invoke("12 + 7?");
    expect(invoked.tool_calls).toEqual(streamed!.tool_calls);
    expect(invoked.additional_kwargs.reasoning).toEqual(streamed!.additional_kwargs.reasoning);
  });

  it("binds strict tools in the Responses shape and maps strict nulls back to absent keys", async () => {
    const search = { name: "semantic_scholar_search", description: "Search papers.", schema: z.object({ query: z.string(), year: z.number().optional() }) };
    const { llm, requests, answerNext } = createTestModel({ model: "o3", useResponsesApi: true });
    const recorded = readJson("issue-7082-o3-optional-tool-parameters.json");
    // The recorded call, with the optional argument the strict schema made nullable answered as null.
    recorded.output[1]!.arguments = '{"query":"machine learning","year":null}';
    answerNext({ status: 200, body: recorded });
    const message = await llm.bindTools([search], { strict: true, tool_choice: "semantic_scholar_search" }).invoke("Find ML papers");
    expect(message.tool_calls).toEqual([{ type: "tool_call", id: "call_2mhz5FtwkZnzXQkTOMtYZpZH", name: "semantic_scholar_search", args: { query: "machine learning" } }]);
    expect(requests[0]!.body.tools).toEqual([{
      type: "function", name: "semantic_scholar_search", description: "Search papers.", strict: true,
      parameters: { type: "object", additionalProperties: false, required: ["query", "year"], properties: { query: { type: "string" }, year: { anyOf: [{ type: "number" }, { type: "null" }] } } },
    }]);
    expect(requests[0]!.body.tool_choice).toEqual({ type: "function", name: "semantic_scholar_search" });
  });

  it("sends the previous turn back: reasoning item, function call with its item id, and the tool's output", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "o3", useResponsesApi: true });
    answerNext({ status: 200, body: readJson("issue-7082-o3-optional-tool-parameters.json") }, { status: 200, body: readJson(TEXT_RESPONSE) });
    const first = await llm.invoke("Find ML papers");
    const history = [new HumanMessage("Find ML papers"), first, new ToolMessage({ content: "[]", tool_call_id: first.tool_calls![0]!.id! })];
    await llm.invoke(history);
    expect((requests[1]!.body.input as unknown[]).slice(1)).toEqual([
      { id: "rs_08c7eac45286fefb006a5f41bc7b8881a3a8cc432451e96393", type: "reasoning", content: [], encrypted_content: "[redacted]", summary: [] },
      { type: "function_call", call_id: "call_2mhz5FtwkZnzXQkTOMtYZpZH", name: "semantic_scholar_search", arguments: '{"query":"machine learning","limit":10,"offset":0,"year":0}', id: "fc_08c7eac45286fefb006a5f41bceb6081a3a366f3ae718bea5e" },
      { type: "function_call_output", call_id: "call_2mhz5FtwkZnzXQkTOMtYZpZH", output: "[]" },
    ]);
    expect(first).toBeInstanceOf(AIMessage);
  });

  it("gives withStructuredOutput its schema as text.format (strict) and parses the answer", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5-mini", useResponsesApi: true });
    const recorded = readJson(TEXT_RESPONSE);
    (recorded.output[1]!.content as { text: string }[])[0]!.text = '{"result":570}';
    answerNext({ status: 200, body: recorded });
    const parsed = await llm.withStructuredOutput(z.object({ result: z.number() }), { name: "answer" }).invoke("12 + 7, times 3, times 10?");
    expect(parsed).toEqual({ result: 570 });
    expect((requests[0]!.body.text as { format: unknown }).format).toEqual({
      type: "json_schema", name: "answer", strict: true,
      schema: { type: "object", properties: { result: { type: "number" } }, required: ["result"], additionalProperties: false },
    });
  });

  it("raises StructuredOutputLengthError for a structured answer cut off by max_output_tokens", async () => {
    const { llm, answerNext } = createTestModel({ model: "gpt-5-mini", useResponsesApi: true, maxTokens: 5 });
    const recorded = readJson(TEXT_RESPONSE);
    Object.assign(recorded, { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
    (recorded.output[1]!.content as { text: string }[])[0]!.text = '{"resu';
    answerNext({ status: 200, body: recorded });
    const error = await llm.withStructuredOutput(z.object({ result: z.number() })).invoke("?").catch((caught: unknown) => caught);
    expect(StructuredOutputLengthError.isInstance(error)).toBe(true);
  });

  it("runs batch, one request each, results in order", async () => {
    const { llm, requests, answerNext } = createTestModel({ useResponsesApi: true });
    answerNext({ status: 200, body: readJson(TEXT_RESPONSE) }, { status: 200, body: readJson("openai-phase.1.json") });
    const [first, second] = await llm.batch(["a", "b"], { maxConcurrency: 1 });
    expect(first!.id).toBe("resp_0f35ed53160b395301693cc957829881909359e7f80cdd20b5");
    expect(second!.id).toBe("resp_0465b6d1ae1f97c500699f88318ee481a3b627f7fcb4875152");
    expect(requests).toHaveLength(2);
  });

  it("raises typed errors: an API refusal, and an abort before anything is sent", async () => {
    const { llm, requests, answerNext } = createTestModel({ useResponsesApi: true, maxRetries: 0 });
    answerNext({ status: 400, body: errorBody("Unsupported parameter: 'foo'.", "invalid_request_error", "unsupported_parameter", "foo") });
    const error = await llm.invoke("Hi").catch((caught: unknown) => caught);
    expect(BadRequestError.isInstance(error)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    const aborted = await llm.invoke("Hi", { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(AbortError.isInstance(aborted)).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it("refuses the Responses-only call options with useResponsesApi: false, naming useResponsesApi: true", async () => {
    const { llm, requests } = createTestModel({ useResponsesApi: false });
    const error = await llm.invoke("Hi", { previous_response_id: "resp_1" }).catch((caught: unknown) => caught);
    expect(UnsupportedOptionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Set useResponsesApi: true");
    expect(requests).toHaveLength(0);
  });

  it("chooses the Responses API for a call that needs it when useResponsesApi is unset", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "o3" });
    answerNext({ status: 200, body: readJson(TEXT_RESPONSE) }, { status: 200, body: readJson(TEXT_RESPONSE) });
    await llm.invoke("Hi", { previous_response_id: "resp_1" });
    await llm.invoke("Hi", { reasoning: { summary: "auto" } });
    await llm.invoke("Hi");
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual(["/v1/responses", "/v1/responses", "/v1/chat/completions"]);
    expect(requests[0]!.body).toEqual({ model: "o3", input: [{ type: "message", role: "user", content: "Hi" }], previous_response_id: "resp_1" });
    expect(requests[1]!.body.reasoning).toEqual({ summary: "auto" });
    const summarizing = createTestModel({ model: "o3", reasoning: { summary: "auto" } });
    summarizing.answerNext({ status: 200, body: readJson(TEXT_RESPONSE) });
    await summarizing.llm.invoke("Hi");
    expect(new URL(summarizing.requests[0]!.url).pathname).toBe("/v1/responses");
  });

  it("gives streamEvents v2 one on_chat_model_stream per chunk and the whole message at the end", async () => {
    const { llm, answerNext } = createTestModel({ model: "gpt-5.1-codex-max", useResponsesApi: true });
    answerNext({ status: 200, rawSse: recordedSse(STREAMS, 3) });
    const streamed: AIMessageChunk[] = [];
    let output: AIMessageChunk | undefined;
    for await (const event of llm.streamEvents("x", { version: "v2" })) {
      if (event.event === "on_chat_model_stream") streamed.push(event.data.chunk as AIMessageChunk);
      if (event.event === "on_chat_model_end") output = event.data.output as AIMessageChunk;
    }
    expect(streamed.map((chunk) => chunk.text).join("")).toBe("The final result is **570**.");
    expect(output!.text).toBe("The final result is **570**.");
    expect(output!.usage_metadata).toMatchObject({ total_tokens: 311 });
  });

  itWithEventStream("gives core's content-block event stream the reasoning summary and the parsed tool call", async () => {
    const { llm, answerNext } = createTestModel({ model: "gpt-5.1-codex-max", useResponsesApi: true });
    answerNext({ status: 200, rawSse: recordedSse(STREAMS, 0) });
    const events: { event: string; index?: number; content?: { type: string; reasoning?: string; args?: unknown } }[] = [];
    const streamEvents = (llm as unknown as { streamEvents(input: string): AsyncIterable<(typeof events)[number]> }).streamEvents("12 + 7?");
    for await (const event of streamEvents) events.push(event);
    const finished = events.filter((event) => event.event === "content-block-finish").map((event) => event.content);
    expect(finished).toMatchObject([
      { type: "reasoning", reasoning: expect.stringMatching(/^\*\*Calculating step-by-step using calculator\*\*/u) },
      { type: "tool_call", name: "calculator", args: { a: 12, b: 7, op: "add" } },
    ]);
    expect(events.at(-1)!.event).toBe("message-finish");
  });
});
