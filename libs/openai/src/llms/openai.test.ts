// The OpenAI LLM against the emulator's /v1/completions: exact request bodies, and what comes back (texts, choices per
// prompt, logprobs, echo, usage), for invoke, generate, batch and stream.

import { beforeAll, describe, expect, it } from "@jest/globals";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Generation, LLMResult } from "@langchain/core/outputs";
import { loadEncoding } from "@tessera/openai-tokens";
import { createTestLLM } from "../__tests__/test-llm.js";
import { caught } from "../__tests__/settle.js";
import { AbortError, TimeoutError } from "../errors/errors.js";
import { DEFAULT_MAX_TOKENS_WARNING } from "./convert-completion-choices.js";
import { BEST_OF_NOT_STREAMED_WARNING } from "./openai.js";

// The emulator counts prompts with the real tokenizer; its ranks load once, outside the tests.
beforeAll(() => loadEncoding("cl100k_base"), 60_000);

/** Records every token callback with the indices it was given. */
class TokenRecorder extends BaseCallbackHandler {
  name = "token-recorder";
  tokens: Array<{ token: string; prompt: number; completion: number }> = [];
  override handleLLMNewToken(token: string, idx: { prompt: number; completion: number }): void {
    this.tokens.push({ token, ...idx });
  }
}

const texts = (generations: Generation[][]) => generations.map((choices) => choices.map((choice) => choice.text));

describe("OpenAI (legacy completions): requests", () => {
  it("invoke sends the model, the prompt as a string and only what was set", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 32 });
    const text = await llm.invoke("Say this is a test");
    expect(text.length).toBeGreaterThan(0);
    expect(requests.map((request) => [request.url, request.body])).toMatchInlineSnapshot(`
[
  [
    "http://emulator.test/v1/completions",
    {
      "max_tokens": 32,
      "model": "gpt-3.5-turbo-instruct",
      "prompt": "Say this is a test",
    },
  ],
]
`);
  });

  it("sends every completions parameter under its wire name, and modelKwargs last", async () => {
    const { llm, requests } = createTestLLM({
      model: "davinci-002",
      temperature: 0.5,
      maxTokens: 20,
      topP: 0.9,
      frequencyPenalty: 0.1,
      presencePenalty: 0.2,
      n: 2,
      bestOf: 3,
      logitBias: { "50256": -100 },
      suffix: " The end.",
      echo: true,
      logprobs: 2,
      seed: 7,
      stop: ["\n\n\n"],
      user: "user-1",
      modelKwargs: { temperature: 0.4 },
    });
    await llm.generate(["Once upon a time"]);
    expect(requests[0]?.body).toMatchInlineSnapshot(`
{
  "best_of": 3,
  "echo": true,
  "frequency_penalty": 0.1,
  "logit_bias": {
    "50256": -100,
  },
  "logprobs": 2,
  "max_tokens": 20,
  "model": "davinci-002",
  "n": 2,
  "presence_penalty": 0.2,
  "prompt": "Once upon a time",
  "seed": 7,
  "stop": [
    "\n\n\n",
  ],
  "suffix": " The end.",
  "temperature": 0.4,
  "top_p": 0.9,
  "user": "user-1",
}
`);
  });

  it("a call's stop wins over the model's", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 8, stop: ["\n"] });
    await llm.invoke("Hi", { stop: ["."] });
    expect(requests[0]?.body.stop).toEqual(["."]);
  });
});

describe("OpenAI (legacy completions): answers", () => {
  it("generate packs up to batchSize prompts per request and returns n choices per prompt, in prompt order", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 6, n: 2, batchSize: 2 });
    const prompts = ["Name a colour.", "Name a fruit.", "Name a tree."];
    const result = await llm.generate(prompts);
    expect(requests.map((request) => request.body.prompt)).toEqual([["Name a colour.", "Name a fruit."], "Name a tree."]);
    expect(result.generations.map((choices) => choices.length)).toEqual([2, 2, 2]);
    // Each prompt's choices are those of its own request: asked alone, the same prompt gives the same texts.
    const alone = await createTestLLM({ maxTokens: 6, n: 2 }).llm.generate(["Name a tree."]);
    expect(texts(result.generations)[2]).toEqual(texts(alone.generations)[0]);
  });

  it("sums usage over the requests into llmOutput.tokenUsage, with prompt tokens as the real tokenizer counts them", async () => {
    const { llm } = createTestLLM({ maxTokens: 5, batchSize: 1 });
    const result = await llm.generate(["Say this is a test", "Say this is a test"]);
    // The API reference's example for this prompt reports prompt_tokens 5 (cl100k_base agrees: 5 tokens).
    const encoder = await loadEncoding("cl100k_base");
    expect(encoder.encode("Say this is a test").length).toBe(5);
    expect(result.llmOutput?.tokenUsage).toEqual({ promptTokens: 10, completionTokens: 10, totalTokens: 20 });
  });

  // Real gpt-3.5-turbo-instruct answers as their authors published them (the completion ids name them): prompt_tokens
  // counts each prompt once, whatever n is.
  it.each([
    ["Hello World!", 1, 3, "cmpl-BpywtzayHX7f7q6hZzWuIHHRT27hq"],
    ["你好嗎？", 1, 6, "cmpl-BFKZqv3El4WEskkNr1vzDKGHjtk69"],
    ["오늘 날씨가 매우 좋고 기분이", 2, 18, "cmpl-BZK6e5ZvLgjvCipIQexT21w2kMZki"],
  ])("reports the prompt tokens the API reported for %j (n = %i): %i (%s)", async (prompt, n, promptTokens) => {
    const { llm } = createTestLLM({ maxTokens: 4, n });
    const result = await llm.generate([prompt]);
    expect((result.llmOutput?.tokenUsage as { promptTokens: number }).promptTokens).toBe(promptTokens);
  });

  it("keeps finishReason and logprobs in generationInfo; the logprob tokens spell the text", async () => {
    const { llm } = createTestLLM({ maxTokens: 8, logprobs: 2 });
    const [[generation]] = (await llm.generate(["Name a colour."])).generations as [[Generation]];
    const logprobs = generation.generationInfo?.logprobs as { tokens: string[]; top_logprobs: Array<Record<string, number>> };
    expect(generation.generationInfo?.finishReason).toBe("length");
    expect(logprobs.tokens.join("")).toBe(generation.text);
    expect(logprobs.top_logprobs.every((top) => Object.keys(top).length <= 2)).toBe(true);
  });

  it("echo returns the prompt in front of the completion; suffix is sent for insert mode", async () => {
    const { llm, requests } = createTestLLM({ model: "davinci-002", maxTokens: 4, echo: true, suffix: "\nThe end." });
    const text = await llm.invoke("Once upon a time");
    expect(text.startsWith("Once upon a time")).toBe(true);
    expect(requests[0]?.body).toMatchObject({ echo: true, suffix: "\nThe end." });
  });

  it("warns when an answer stopped at the API's default 16 tokens because maxTokens is unset", async () => {
    const { llm, requests } = createTestLLM();
    const [[generation]] = (await llm.generate(["Tell me a long story about the sea."])).generations as [[Generation]];
    expect(requests[0]?.body).not.toHaveProperty("max_tokens");
    expect(generation.generationInfo).toMatchObject({ finishReason: "length", warnings: [DEFAULT_MAX_TOKENS_WARNING] });
    const withLimit = createTestLLM({ maxTokens: 16 });
    const [[limited]] = (await withLimit.llm.generate(["Tell me a long story about the sea."])).generations as [[Generation]];
    expect(limited.generationInfo).not.toHaveProperty("warnings");
  });

  it("maxTokens -1 asks for what the context window leaves after the longest prompt (gpt-3.5-turbo-instruct: 4096)", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: -1 });
    await llm.generate(["Say this is a test", "Hi"]);
    expect(requests[0]?.body.max_tokens).toBe(4096 - 5);
  });
});

describe("OpenAI (legacy completions): batch and stream", () => {
  it("batch sends one request for all inputs and returns each input's first choice", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 6 });
    const answers = await llm.batch(["Name a colour.", "Name a fruit.", "Name a tree."]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body.prompt).toEqual(["Name a colour.", "Name a fruit.", "Name a tree."]);
    expect(answers).toEqual(await Promise.all(["Name a colour.", "Name a fruit.", "Name a tree."].map((prompt) => llm.invoke(prompt))));
  });

  it("batch with different options per input sends one request per input", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 6 });
    await llm.batch(["A", "B"], [{ stop: ["x"] }, { stop: ["y"] }]);
    expect(requests.map((request) => [request.body.prompt, request.body.stop])).toEqual([["A", ["x"]], ["B", ["y"]]]);
  });

  it("stream yields the text in chunks that join to invoke's text, one token callback per chunk", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 12 });
    const recorder = new TokenRecorder();
    const chunks: string[] = [];
    for await (const chunk of await llm.stream("Name a colour.", { callbacks: [recorder] })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(await llm.invoke("Name a colour."));
    expect(recorder.tokens.map((token) => token.token)).toEqual(chunks);
    expect(requests[0]?.body).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Name a colour.", max_tokens: 12, stream: true });
  });

  it("streaming generate gives the same choices as without streaming, reporting tokens by prompt and choice", async () => {
    const prompts = ["Name a colour.", "Name a fruit.", "Name a tree."];
    const plain = await createTestLLM({ maxTokens: 5, n: 2, batchSize: 2 }).llm.generate(prompts);
    const { llm, requests } = createTestLLM({ maxTokens: 5, n: 2, batchSize: 2, streaming: true, streamUsage: true });
    const recorder = new TokenRecorder();
    const streamed = await llm.generate(prompts, { callbacks: [recorder] });
    expect(texts(streamed.generations)).toEqual(texts(plain.generations));
    expect(streamed.llmOutput?.tokenUsage).toEqual(plain.llmOutput?.tokenUsage);
    expect(requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    // Prompt indices count across requests: the second request's only prompt is prompt 2.
    for (const [prompt, choices] of texts(plain.generations).entries()) {
      for (const [completion, text] of choices.entries()) {
        const tokens = recorder.tokens.filter((token) => token.prompt === prompt && token.completion === completion);
        expect(tokens.map((token) => token.token).join("")).toBe(text);
      }
    }
  });

  it("streamEvents sees the answer stream token by token, and its end with the whole text", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 8 });
    const events: Array<{ event: string; data: { chunk?: { text?: string }; output?: LLMResult } }> = [];
    for await (const event of llm.streamEvents("Name a colour.", { version: "v2" })) events.push(event as (typeof events)[number]);
    const streamed = events.filter((event) => event.event === "on_llm_stream").map((event) => event.data.chunk?.text ?? "");
    const end = events.find((event) => event.event === "on_llm_end");
    expect(streamed.length).toBeGreaterThan(1);
    expect(streamed.join("")).toBe(await llm.invoke("Name a colour."));
    expect(end?.data.output?.generations[0]?.[0]).toMatchObject({ text: streamed.join(""), generationInfo: { finishReason: "length" } });
    expect(requests[0]?.body.stream).toBe(true);
  });

  it("stream with bestOf above n asks without streaming and yields the answer as one chunk, with a warning", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 6, bestOf: 2 });
    const ends: LLMResult[] = [];
    const chunks: string[] = [];
    const callbacks = [{ handleLLMEnd: (output: LLMResult) => void ends.push(output) }];
    for await (const chunk of await llm.stream("Name a colour.", { callbacks })) chunks.push(chunk);
    expect(chunks).toEqual([await llm.invoke("Name a colour.")]);
    expect(requests[0]?.body).toEqual({ model: "gpt-3.5-turbo-instruct", prompt: "Name a colour.", max_tokens: 6, best_of: 2 });
    expect(ends[0]?.generations[0]?.[0]?.generationInfo?.warnings).toEqual([BEST_OF_NOT_STREAMED_WARNING]);
  });
});

describe("OpenAI (legacy completions): abort and timeout", () => {
  it("an aborted signal is an AbortError, and nothing is sent", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 6 });
    const error = await caught(llm.invoke("Hi", { signal: AbortSignal.abort() }));
    expect(AbortError.isInstance(error)).toBe(true);
    const streamError = await caught((async () => { for await (const _ of await llm.stream("Hi", { signal: AbortSignal.abort() })) void _; })());
    expect(AbortError.isInstance(streamError)).toBe(true);
    expect(requests).toHaveLength(0);
  });

  it("a call's timeout that elapses is a TimeoutError", async () => {
    const { llm } = createTestLLM({ maxTokens: 6 });
    const error = await caught(llm.invoke("Hi", { timeout: 1, options: { headers: { "x-emulator-fault": "slow:ttft=2000" } } }));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });
});
