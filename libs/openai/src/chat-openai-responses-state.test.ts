// Conversation state on the Responses API, against the emulator (which stores responses per scope, as the API stores
// them per organisation): usePreviousResponseId (Python langchain-openai's use_previous_response_id).
import { describe, expect, it } from "@jest/globals";
import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { ChatOpenAI } from "./chat-openai.js";
import { createTestModel } from "./__tests__/test-model.js";
import { selectPreviousResponse } from "./request/select-previous-response.js";

describe("usePreviousResponseId (the last AI message's response id as previous_response_id)", () => {
  it("sends only the messages after the last response, with its id, and the emulator sees the same conversation", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", usePreviousResponseId: true });
    const history = [new SystemMessage("Be brief."), new HumanMessage("Remember the word 'lantern'.")];
    const first = await llm.invoke(history);
    expect(requests[0]!.body.previous_response_id).toBeUndefined();
    expect(new URL(requests[0]!.url).pathname).toBe("/v1/responses");
    const next = [...history, first, new HumanMessage("Which word?")];
    const second = await llm.invoke(next);
    expect(requests[1]!.body.previous_response_id).toBe(first.id);
    expect(requests[1]!.body.input).toEqual([{ type: "message", role: "user", content: "Which word?" }]);
    // The same conversation sent whole: the emulator counts the same prompt, so it rebuilt it from its store.
    const { llm: whole } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const replayed = await whole.invoke([...history, first, new HumanMessage("Which word?")]);
    expect(second.usage_metadata!.input_tokens).toBe(replayed.usage_metadata!.input_tokens);
  });

  it("streams the same way: the streamed message's id continues the next call", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", usePreviousResponseId: true, streaming: true });
    const first = await llm.invoke("Hello there.");
    expect(first.id).toMatch(/^resp_/u);
    await llm.invoke([new HumanMessage("Hello there."), first, new HumanMessage("And again?")]);
    expect(requests[1]!.body).toMatchObject({ stream: true, previous_response_id: first.id, input: [{ role: "user", content: "And again?" }] });
  });

  it("is a call option too, and an explicit previous_response_id wins, with the messages as given", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const first = await llm.invoke("One.");
    const second = await llm.invoke([new HumanMessage("One."), first, new HumanMessage("Two.")], { usePreviousResponseId: true });
    expect(requests[1]!.body).toMatchObject({ previous_response_id: first.id, input: [{ role: "user", content: "Two." }] });
    await llm.invoke([new HumanMessage("One."), first, new HumanMessage("Two."), second, new HumanMessage("Three.")], {
      usePreviousResponseId: true,
      previous_response_id: first.id!,
    });
    expect(requests[2]!.body.previous_response_id).toBe(first.id);
    expect(requests[2]!.body.input).toHaveLength(5);
  });

  it("sends the whole history when the last AI message is not a Responses one (Chat Completions, or no id)", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", usePreviousResponseId: true });
    const chatEra = new AIMessage({ content: "Hi!", id: "chatcmpl-123" });
    await llm.invoke([new HumanMessage("Hello"), chatEra, new HumanMessage("Again")]);
    expect(requests[0]!.body.previous_response_id).toBeUndefined();
    expect(requests[0]!.body.input).toHaveLength(3);
    // Only the last AI message counts, as in langchain-openai: an older stored response is not picked.
    const selected = selectPreviousResponse([new AIMessage({ content: "a", id: "resp_1" }), new HumanMessage("b"), chatEra, new HumanMessage("c")], {}, { usePreviousResponseId: true });
    expect(selected.options.previous_response_id).toBeUndefined();
    expect(selected.messages).toHaveLength(4);
  });

  it("reads the id from response_metadata when the message id was replaced", () => {
    const message = new AIMessage({ content: "a", id: "run-123", response_metadata: { id: "resp_9" } });
    const selected = selectPreviousResponse([message, new HumanMessage("b")], {}, { usePreviousResponseId: true });
    expect(selected).toMatchObject({ options: { previous_response_id: "resp_9" }, active: true });
    expect(selected.messages.map((each) => each.text)).toEqual(["b"]);
  });

  it("is refused with zdrEnabled, store: false or useResponsesApi: false at construction, and per call before sending", async () => {
    for (const conflict of [{ zdrEnabled: true }, { store: false }, { useResponsesApi: false }]) {
      expect(() => new ChatOpenAI({ usePreviousResponseId: true, ...conflict })).toThrow(expect.objectContaining({ name: "UnsupportedOptionError", option: "usePreviousResponseId" }));
    }
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", zdrEnabled: true, useResponsesApi: true });
    await expect(llm.invoke("Hi", { usePreviousResponseId: true })).rejects.toThrow(/store: false/u);
    const viaKwargs = createTestModel({ model: "gpt-4.1-mini", modelKwargs: { store: false }, usePreviousResponseId: true });
    await expect(viaKwargs.llm.invoke("Hi")).rejects.toMatchObject({ option: "usePreviousResponseId" });
    const onChat = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: false });
    await expect(onChat.llm.invoke("Hi", { usePreviousResponseId: true })).rejects.toMatchObject({ option: "usePreviousResponseId" });
    expect([...requests, ...viaKwargs.requests, ...onChat.requests]).toHaveLength(0);
  });

  it("stays on Chat Completions, whole history, when switched off per call", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    await llm.invoke("Hi", { usePreviousResponseId: false });
    expect(new URL(requests[0]!.url).pathname).toBe("/v1/chat/completions");
  });
});
