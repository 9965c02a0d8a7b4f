import { describe, expect, it } from "@jest/globals";
import { AIMessage, AIMessageChunk, type BaseMessageChunk, HumanMessage } from "@langchain/core/messages";
import { builtInModels } from "@tessera/openai-emulator";
import { createTestModel } from "./__tests__/test-model.js";
import { ChatOpenAI } from "./chat-openai.js";
import { ConfigurationError, InvalidOptionError } from "./errors/errors.js";
import { EMPTY_OUTPUT_BUDGET_WARNING } from "./index.js";

async function streamed(llm: ChatOpenAI, input: string, options?: Parameters<ChatOpenAI["stream"]>[1]): Promise<{ chunks: AIMessageChunk[]; message: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of await llm.stream(input, options)) chunks.push(chunk);
  const message = chunks.reduce<BaseMessageChunk>((left, right) => left.concat(right), new AIMessageChunk("")) as AIMessageChunk;
  return { chunks, message };
}

describe("store, requestMetadata, webSearchOptions, prediction and verbosity", () => {
  it("sends each as its wire key, call options winning over fields", async () => {
    const { llm, requests } = createTestModel({
      model: "gpt-4o-mini",
      store: true,
      requestMetadata: { team: "search", run: "1" },
      prediction: { type: "content", content: "const x = 1;" },
      verbosity: "medium",
    });
    await llm.invoke("Rename x to y in: const x = 1;", { requestMetadata: { team: "evals" } });
    expect(requests[0]?.body).toMatchObject({
      store: true,
      metadata: { team: "evals" },
      prediction: { type: "content", content: "const x = 1;" },
      verbosity: "medium",
    });
  });

  it("never sends core's tracing metadata (constructor or call) to OpenAI", async () => {
    const { llm, requests } = createTestModel({ metadata: { tracing: "field" } });
    await llm.invoke("Hi", { metadata: { tracing: "call" } });
    await streamed(llm, "Hi", { metadata: { tracing: "call" } });
    for (const request of requests) expect(request.body).not.toHaveProperty("metadata");
    expect(requests).toHaveLength(2);
  });

  it("leaves all of them off the wire when unset", async () => {
    const { llm, requests } = createTestModel();
    await llm.invoke("Hi");
    for (const key of ["store", "metadata", "web_search_options", "prediction", "verbosity"]) expect(requests[0]?.body).not.toHaveProperty(key);
  });

  it("refuses store: true with zdrEnabled, and a store that is not a boolean, before any request", () => {
    expect(() => new ChatOpenAI({ zdrEnabled: true, store: true })).toThrow(ConfigurationError);
    expect(() => new ChatOpenAI({ zdrEnabled: true, store: true })).toThrow("zdrEnabled: true conflicts with store: true");
    expect(() => new ChatOpenAI({ store: "yes" as unknown as boolean })).toThrow(InvalidOptionError);
    expect(() => new ChatOpenAI({ reasoningModel: "yes" as unknown as boolean })).toThrow(InvalidOptionError);
  });
});

describe("web search: URL citations kept in additional_kwargs.annotations", () => {
  const question = "What is the latest news about the Iceland volcano?";

  it("keeps the url_citation annotations on invoke, with indices into the content", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4o-search-preview", webSearchOptions: { search_context_size: "low" } });
    const message = await llm.invoke(question);
    expect(requests[0]?.body.web_search_options).toEqual({ search_context_size: "low" });
    const annotations = message.additional_kwargs.annotations as Array<{ type: string; url_citation: { start_index: number; end_index: number; url: string } }>;
    expect(annotations).toHaveLength(1);
    const [citation] = annotations;
    expect(citation?.type).toBe("url_citation");
    const span = [...(message.content as string)].slice(citation!.url_citation.start_index, citation!.url_citation.end_index).join("");
    expect(span).toContain(`(${citation!.url_citation.url})`);
  });

  it("keeps them when streaming: the concatenated stream equals the invoked message's content and annotations", async () => {
    const { llm } = createTestModel({ model: "gpt-4o-search-preview", webSearchOptions: {} });
    const invoked = await llm.invoke(question);
    const { chunks, message } = await streamed(llm, question);
    expect(chunks.filter((chunk) => chunk.additional_kwargs.annotations !== undefined)).toHaveLength(1);
    expect(message.content).toBe(invoked.content);
    expect(message.additional_kwargs.annotations).toEqual(invoked.additional_kwargs.annotations);
  });

  it("adds no annotations key when the answer cites nothing", async () => {
    const { llm } = createTestModel({ model: "gpt-4o-mini" });
    expect((await llm.invoke(question)).additional_kwargs).not.toHaveProperty("annotations");
    expect((await streamed(llm, question)).message.additional_kwargs).not.toHaveProperty("annotations");
  });
});

describe("includeResponseHeaders", () => {
  it("puts the response headers in response_metadata.headers, on invoke and on stream", async () => {
    const { llm } = createTestModel({ includeResponseHeaders: true });
    const invoked = await llm.invoke("Hi");
    const headers = invoked.response_metadata.headers as Record<string, string>;
    expect(headers["x-request-id"]).toBe(invoked.response_metadata.request_id);
    expect(headers["content-type"]).toMatch(/^application\/json/u);
    const { chunks, message } = await streamed(llm, "Hi");
    expect(chunks.filter((chunk) => chunk.response_metadata.headers !== undefined)).toHaveLength(1);
    const streamedHeaders = message.response_metadata.headers as Record<string, string>;
    expect(streamedHeaders["content-type"]).toMatch(/^text\/event-stream/u);
    expect(streamedHeaders["x-request-id"]).toBe(message.response_metadata.request_id);
  });

  it("leaves them out by default", async () => {
    const { llm } = createTestModel();
    expect((await llm.invoke("Hi")).response_metadata).not.toHaveProperty("headers");
    expect((await streamed(llm, "Hi")).message.response_metadata).not.toHaveProperty("headers");
  });
});

/** The emulator's o3-mini, served under a proxy's alias that does not say it reasons. */
function proxyModels() {
  const o3Mini = builtInModels().find((model) => model.id === "o3-mini")!;
  return [...builtInModels(), { ...o3Mini, id: "team-reasoner", snapshot: "team-reasoner" }];
}

describe("reasoningModel: an override for names that do not tell", () => {
  it("treats an alias as a reasoning model: max_completion_tokens, refused options dropped with warnings", async () => {
    const { llm, requests } = createTestModel({ model: "team-reasoner", reasoningModel: true, maxTokens: 500, temperature: 0.2 }, { models: proxyModels() });
    const message = await llm.invoke("Hi");
    expect(requests[0]?.body).toMatchObject({ model: "team-reasoner", max_completion_tokens: 500 });
    expect(requests[0]?.body).not.toHaveProperty("max_tokens");
    expect(requests[0]?.body).not.toHaveProperty("temperature");
    expect(message.response_metadata.warnings).toEqual([
      "maxTokens was sent as max_completion_tokens=500: team-reasoner refuses max_tokens.",
      "temperature=0.2 was not sent: team-reasoner accepts only the default (1).",
    ]);
  });

  it("without it, the alias is judged by name and sent as given (the server refuses max_tokens)", async () => {
    const { llm, requests } = createTestModel({ model: "team-reasoner", maxTokens: 500, maxRetries: 0 }, { models: proxyModels() });
    await expect(llm.invoke("Hi")).rejects.toThrow(/max_tokens/u);
    expect(requests[0]?.body).toMatchObject({ max_tokens: 500 });
  });

  it("false treats a reasoning name as a model that does not reason: reasoning_effort dropped, max_tokens kept", async () => {
    const { llm, requests } = createTestModel({ model: "o3-mini", reasoningModel: false, reasoning: { effort: "low" }, maxTokens: 20, maxRetries: 0 });
    // o3-mini really reasons, so the emulator refuses the max_tokens the override let through: the override is trusted.
    await expect(llm.invoke("Hi")).rejects.toThrow(/max_tokens/u);
    expect(requests[0]?.body).toMatchObject({ max_tokens: 20 });
    expect(requests[0]?.body).not.toHaveProperty("reasoning_effort");
    expect(requests[0]?.body).not.toHaveProperty("max_completion_tokens");
  });
});

describe("a budget spent entirely on reasoning says so", () => {
  const fields = { model: "o3-mini", maxCompletionTokens: 40, reasoning: { effort: "high" as const } };

  it("warns on invoke: empty content, finish_reason length, reasoning tokens in usage", async () => {
    const { llm } = createTestModel(fields);
    const message = await llm.invoke("Plan a three-day trip to Lisbon");
    expect(message.content).toBe("");
    expect(message.response_metadata.finish_reason).toBe("length");
    expect(message.usage_metadata?.output_token_details?.reasoning).toBe(40);
    expect(message.response_metadata.warnings).toEqual([EMPTY_OUTPUT_BUDGET_WARNING]);
  });

  it("warns on stream, on the finish chunk, and the concatenation equals the invoked message's warnings", async () => {
    const { llm } = createTestModel(fields);
    const { chunks, message } = await streamed(llm, "Plan a three-day trip to Lisbon");
    const warned = chunks.filter((chunk) => chunk.response_metadata.warnings !== undefined);
    expect(warned).toHaveLength(1);
    expect(warned[0]?.response_metadata.finish_reason).toBe("length");
    expect(message.content).toBe("");
    expect(message.response_metadata.warnings).toEqual([EMPTY_OUTPUT_BUDGET_WARNING]);
    expect(message.usage_metadata?.output_token_details?.reasoning).toBe(40);
  });

  it("keeps the request's own warnings first", async () => {
    const { llm } = createTestModel({ ...fields, temperature: 0.5 });
    const message = await llm.invoke("Plan a three-day trip to Lisbon");
    expect(message.response_metadata.warnings).toEqual(["temperature=0.5 was not sent: o3-mini accepts only the default (1).", EMPTY_OUTPUT_BUDGET_WARNING]);
    const { message: streamedMessage } = await streamed(llm, "Plan a three-day trip to Lisbon");
    expect(streamedMessage.response_metadata.warnings).toEqual(message.response_metadata.warnings);
  });

  it("does not warn when the budget was cut after some visible text, or not reached", async () => {
    const { llm } = createTestModel({ model: "gpt-4o-mini", maxTokens: 3 });
    const cut = await llm.invoke("Plan a three-day trip to Lisbon");
    expect(cut.response_metadata.finish_reason).toBe("length");
    expect(cut.content).not.toBe("");
    expect(cut.response_metadata).not.toHaveProperty("warnings");
    expect((await streamed(llm, "Plan a three-day trip to Lisbon")).message.response_metadata).not.toHaveProperty("warnings");
    const roomy = createTestModel({ ...fields, maxCompletionTokens: 4000 });
    expect((await roomy.llm.invoke("Plan a three-day trip to Lisbon")).response_metadata).not.toHaveProperty("warnings");
  });
});

describe("audio output: additional_kwargs.audio, and the audio id sent back in later turns", () => {
  const fields = { model: "gpt-4o-audio-preview", modalities: ["text", "audio"] as Array<"text" | "audio">, audio: { voice: "alloy" as const, format: "wav" as const } };

  it("keeps the spoken answer in additional_kwargs.audio on invoke and stream alike", async () => {
    const { llm, requests } = createTestModel(fields, { now: () => 1_765_000_000_000 });
    const invoked = await llm.invoke("Say hello to the team.");
    expect(requests[0]?.body).toMatchObject({ modalities: ["text", "audio"], audio: { voice: "alloy", format: "wav" } });
    expect(invoked.content).toBe("");
    const audio = invoked.additional_kwargs.audio as { id: string; data: string; expires_at: number; transcript: string };
    expect(audio).toStrictEqual({ id: expect.stringMatching(/^audio_/u), data: expect.any(String), expires_at: 1_765_003_600, transcript: expect.any(String) });
    expect(invoked.usage_metadata?.output_token_details?.audio).toBeGreaterThan(0);
    const { message } = await streamed(llm, "Say hello to the team.");
    const streamedAudio = message.additional_kwargs.audio as typeof audio;
    // Random ids differ per response, as the API's do; everything else is the same answer.
    expect({ ...streamedAudio, id: "x" }).toStrictEqual({ ...audio, id: "x" });
    expect(streamedAudio.id).toMatch(/^audio_/u);
    expect(message.response_metadata.finish_reason).toBe("stop");
  });

  it("sends an earlier spoken answer back as { audio: { id } } with null content, which the API accepts", async () => {
    const { llm, requests } = createTestModel(fields);
    const first = await llm.invoke("Say hello to the team.");
    await llm.invoke([new HumanMessage("Say hello to the team."), first, new HumanMessage("Now say goodbye.")]);
    const audio = first.additional_kwargs.audio as { id: string };
    expect((requests[1]?.body.messages as unknown[])[1]).toStrictEqual({ role: "assistant", content: null, audio: { id: audio.id } });
  });

  it("sends an expired one as its transcript, without the id, and says so in the warnings", async () => {
    const { llm, requests } = createTestModel(fields);
    const spoken = new AIMessage({ content: "", additional_kwargs: { audio: { id: "audio_old", data: "UklGRg==", expires_at: 1_700_000_000, transcript: "Hello, team!" } } });
    const answer = await llm.invoke([new HumanMessage("Say hello to the team."), spoken, new HumanMessage("Now say goodbye.")]);
    expect((requests[0]?.body.messages as unknown[])[1]).toStrictEqual({ role: "assistant", content: "Hello, team!" });
    expect(answer.response_metadata.warnings).toEqual([
      'Message 1\'s audio (id "audio_old") expired at 2023-11-14T22:13:20.000Z, so OpenAI can no longer use it: its transcript was sent as its text instead.',
    ]);
  });
});
