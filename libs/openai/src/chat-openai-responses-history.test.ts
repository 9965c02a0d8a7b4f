// Stateless conversations on the Responses API (zdrEnabled / store: false: encrypted reasoning carried across turns)
// and histories that mix Chat Completions-era and Responses-era AI messages, sent to either API, against the emulator
// (which checks tool-call pairing on both routes and the encrypted content it sealed).
import { describe, expect, it } from "@jest/globals";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import { BadRequestError } from "./errors/errors.js";
import { convertToOpenAIMessages } from "./messages/convert-to-openai-messages.js";
import { concatStream } from "./__tests__/concat-stream.js";
import { createTestModel } from "./__tests__/test-model.js";
import { caught } from "./__tests__/settle.js";

const weather = { name: "get_weather", description: "Current weather for a city", schema: z.object({ city: z.string() }) };

type Reasoning = { id: string; type: "reasoning"; encrypted_content?: string; summary: unknown[] };

const reasoningOf = (message: BaseMessage) => message.additional_kwargs.reasoning as Reasoning | undefined;


describe("zdrEnabled on the Responses API with a reasoning model", () => {
  it("asks for encrypted reasoning, carries it to the next turn, and the emulator verifies it", async () => {
    const { llm, requests } = createTestModel({ model: "o4-mini", useResponsesApi: true, zdrEnabled: true, reasoning: { effort: "low" } });
    const first = await llm.invoke("Is 1,001 prime?");
    expect(requests[0]!.body).toMatchObject({ store: false, include: ["reasoning.encrypted_content"] });
    const reasoning = reasoningOf(first)!;
    expect(reasoning.encrypted_content).toMatch(/^gAAAAAB/u);
    const second = await llm.invoke([new HumanMessage("Is 1,001 prime?"), first, new HumanMessage("And 1,003?")]);
    expect(second.text.length).toBeGreaterThan(0);
    expect(requests[1]!.body.input).toContainEqual(expect.objectContaining({ type: "reasoning", id: reasoning.id, encrypted_content: reasoning.encrypted_content }));
  });

  it("keeps a user's include entries and adds nothing for a model that does not reason, or when responses are stored", async () => {
    const zdr = createTestModel({ model: "o4-mini", useResponsesApi: true, zdrEnabled: true });
    await zdr.llm.invoke("Hi", { include: ["message.output_text.logprobs"] });
    expect(zdr.requests[0]!.body.include).toEqual(["message.output_text.logprobs", "reasoning.encrypted_content"]);
    const plain = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true, zdrEnabled: true });
    await plain.llm.invoke("Hi");
    expect(plain.requests[0]!.body.include).toBeUndefined();
    const stored = createTestModel({ model: "o4-mini", useResponsesApi: true });
    await stored.llm.invoke("Hi");
    expect(stored.requests[0]!.body.include).toBeUndefined();
    const statelessByField = createTestModel({ model: "o4-mini", useResponsesApi: true, store: false });
    await statelessByField.llm.invoke("Hi");
    expect(statelessByField.requests[0]!.body.include).toEqual(["reasoning.encrypted_content"]);
  });

  it("carries a streamed turn's reasoning item too (kept whole, with its encrypted content)", async () => {
    const { llm, requests } = createTestModel({ model: "o4-mini", useResponsesApi: true, zdrEnabled: true });
    const first = await concatStream(await llm.stream("Plan a three-step proof."));
    expect(reasoningOf(first)!.encrypted_content).toMatch(/^gAAAAAB/u);
    const history = [new HumanMessage("Plan a three-step proof."), new AIMessage({ content: first.content, additional_kwargs: first.additional_kwargs, id: first.id }), new HumanMessage("Step two?")];
    expect((await llm.invoke(history)).text.length).toBeGreaterThan(0);
    expect(requests[1]!.body.input).toContainEqual(expect.objectContaining({ type: "reasoning", encrypted_content: reasoningOf(first)!.encrypted_content }));
  });

  it("a tampered encrypted content is the API's 400 invalid_encrypted_content, a BadRequestError, not retried", async () => {
    const { llm, requests } = createTestModel({ model: "o4-mini", useResponsesApi: true, zdrEnabled: true, maxRetries: 2 });
    const first = await llm.invoke("Is 1,001 prime?");
    const reasoning = reasoningOf(first)!;
    const tampered = new AIMessage({ content: first.content, additional_kwargs: { ...first.additional_kwargs, reasoning: { ...reasoning, encrypted_content: `${reasoning.encrypted_content!.slice(0, -4)}AAAA` } } });
    const error = await caught(llm.invoke([new HumanMessage("Is 1,001 prime?"), tampered, new HumanMessage("And 1,003?")]));
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: "invalid_encrypted_content", retryable: false });
    expect(requests).toHaveLength(2);
  });
});

describe("histories that mix Chat Completions-era and Responses-era AI messages", () => {
  /** A tool-call turn answered on Chat Completions: plain content, `call_…` ids, no reasoning item, `chatcmpl-` id. */
  async function chatEraTurn() {
    const { llm } = createTestModel({ model: "gpt-4.1-mini" });
    const call = await llm.bindTools([weather], { tool_choice: "get_weather" }).invoke("Weather in Paris?");
    expect(call.id).toMatch(/^chatcmpl-/u);
    expect(call.tool_calls![0]!.id).toMatch(/^call_/u);
    return [new HumanMessage("Weather in Paris?"), call, new ToolMessage({ content: "18°C and sunny", tool_call_id: call.tool_calls![0]!.id! })];
  }

  /** The same on the Responses API: content blocks, a `resp_` id, function-call item ids (`fc_…`) kept aside. */
  async function responsesEraTurn() {
    const { llm } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const call = await llm.bindTools([weather], { tool_choice: "get_weather" }).invoke("Weather in Rome?");
    expect(call.id).toMatch(/^resp_/u);
    expect(Object.values(call.additional_kwargs.__openai_function_call_ids__ as Record<string, string>)[0]).toMatch(/^fc_/u);
    return [new HumanMessage("Weather in Rome?"), call, new ToolMessage({ content: "24°C and clear", tool_call_id: call.tool_calls![0]!.id! })];
  }

  it("sends a Chat Completions-era history to the Responses API: every call paired, nothing lost", async () => {
    const history = [new SystemMessage("Be brief."), ...(await chatEraTurn())];
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const answer = await llm.bindTools([weather]).invoke(history);
    expect(answer.text.length).toBeGreaterThan(0);
    const callId = (history[2] as AIMessage).tool_calls![0]!.id;
    expect(requests[0]!.body.input).toEqual([
      { type: "message", role: "system", content: "Be brief." },
      { type: "message", role: "user", content: "Weather in Paris?" },
      { type: "function_call", call_id: callId, name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call_output", call_id: callId, output: "18°C and sunny" },
    ]);
  });

  it("sends a Responses-era history to Chat Completions: text blocks as content, call ids kept, no item ids or reasoning leaking", async () => {
    const history = await responsesEraTurn();
    const followUp = await createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true }).llm.bindTools([weather]).invoke(history);
    const full = [...history, followUp, new HumanMessage("Thanks!")];
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    expect((await llm.bindTools([weather]).invoke(full)).text.length).toBeGreaterThan(0);
    const messages = requests[0]!.body.messages as Array<Record<string, unknown>>;
    const callId = (history[1] as AIMessage).tool_calls![0]!.id;
    expect(messages[1]).toMatchObject({ role: "assistant", tool_calls: [{ id: callId, type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } }] });
    expect(messages[2]).toEqual({ role: "tool", tool_call_id: callId, content: "24°C and clear" });
    expect(messages[3]).toMatchObject({ role: "assistant" });
    expect(JSON.stringify(messages[3])).toContain(followUp.text);
    expect(JSON.stringify(messages)).not.toMatch(/fc_|rs_|__openai_function_call_ids__/u);
  });

  it("sends a streamed reasoning turn to Chat Completions as its text only (Chat Completions cannot carry OpenAI reasoning)", () => {
    const streamed = new AIMessage({
      content: [{ type: "reasoning", reasoning: "Check small primes.", index: 0 }, { type: "text", text: "1,001 = 7 × 11 × 13.", index: 1 }] as never,
      additional_kwargs: { reasoning: { id: "rs_1", type: "reasoning", summary: [{ type: "summary_text", text: "Check small primes." }], encrypted_content: "gAAAAABx" } },
      id: "resp_1",
    });
    expect(convertToOpenAIMessages([streamed])).toEqual([{ role: "assistant", content: [{ type: "text", text: "1,001 = 7 × 11 × 13." }] }]);
  });

  it("sends one history with both eras to both APIs, and both emulator routes accept it", async () => {
    const history = [...(await chatEraTurn()), ...(await responsesEraTurn()), new HumanMessage("Compare both.")];
    const chat = createTestModel({ model: "gpt-4.1-mini" });
    const responses = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const [onChat, onResponses] = [await chat.llm.bindTools([weather]).invoke(history), await responses.llm.bindTools([weather]).invoke(history)];
    expect(onChat.text.length + onResponses.text.length).toBeGreaterThan(0);
    const input = responses.requests[0]!.body.input as Array<Record<string, unknown>>;
    expect(input.filter((item) => item.type === "function_call")).toHaveLength(2);
    expect(input.filter((item) => item.type === "function_call_output")).toHaveLength(2);
    // The Responses-era call keeps its item id; the Chat-era one has none to keep.
    expect(input.filter((item) => item.type === "function_call").map((item) => typeof item.id)).toEqual(["undefined", "string"]);
    expect((chat.requests[0]!.body.messages as unknown[]).length).toBe(history.length);
  });
});

describe("finish_reason on the Responses API", () => {
  it("is stop, tool_calls or length as on Chat Completions, invoked or streamed, and flags tool calls the budget cut", async () => {
    const { llm } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    expect((await llm.invoke("Hi")).response_metadata.finish_reason).toBe("stop");
    const withTools = llm.bindTools([weather], { tool_choice: "get_weather" });
    expect((await withTools.invoke("Weather in Paris?")).response_metadata.finish_reason).toBe("tool_calls");
    expect((await concatStream(await withTools.stream("Weather in Paris?"))).response_metadata.finish_reason).toBe("tool_calls");
    const cut = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true, maxTokens: 16, streaming: true });
    const fields = Object.fromEntries(["city", "country", "region", "district", "street", "unit", "language", "timezone"].map((name) => [name, z.string()]));
    const report = { name: "weather_report", description: "A detailed weather report", schema: z.object(fields) };
    const truncated = await cut.llm.bindTools([report], { tool_choice: "weather_report" }).invoke("Weather in Paris?");
    expect(truncated.response_metadata).toMatchObject({ finish_reason: "length", status: "incomplete" });
    expect(truncated.tool_calls).toEqual([]);
    expect(truncated.invalid_tool_calls).toHaveLength(1);
    expect(truncated.response_metadata.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/cut/u)]));
  });
});
