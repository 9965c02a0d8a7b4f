import { describe, expect, it, jest } from "@jest/globals";
import OpenAI from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import { createTestClient, rawRequest, readSseEvents, user } from "../__tests__/helpers.js";

const model = "gpt-3.5-turbo-instruct";
// Recorded (protocol reference, 2026-12): the instruct model answers with its versioned name.
const snapshot = "gpt-3.5-turbo-instruct:20230824-v2";

describe("POST /v1/completions (legacy, through the official SDK)", () => {
  it("answers a text_completion with the real shape (versioned model, no system_fingerprint), the default max_tokens of 16 and cl100k usage", async () => {
    const { client } = createTestClient({ now: () => 1_750_000_000_000 });
    const completion = await client.completions.create({ model, prompt: "Say this is a test" });
    expect(completion).toEqual({
      id: expect.stringMatching(/^cmpl-[A-Za-z0-9]{29}$/),
      object: "text_completion",
      created: 1_750_000_000,
      model: snapshot,
      choices: [{ text: "\n\nThis is an emulated gpt-3.5-turbo-in", index: 0, logprobs: null, finish_reason: "length" }],
      usage: { prompt_tokens: 5, completion_tokens: 16, total_tokens: 21 },
    });
    const encoder = await loadEncoding("cl100k_base");
    expect(encoder.encode("Say this is a test").length).toBe(5);
    expect(encoder.encode(completion.choices[0]!.text).length).toBe(16);
  });

  it("counts prompts, suffixes and output through the shared non-quadratic counter, never encode()", async () => {
    // js-tiktoken's encode() is quadratic on a run without a break (10,000 "a"s took seconds; the emulator froze for
    // every client meanwhile); the shared counter gives the same tokens without it.
    const { client } = createTestClient();
    const encoder = await loadEncoding("cl100k_base");
    const block = "a".repeat(600);
    // A run's tokens repeat with the run (checked here against encode() on a short run), so the long prompt's count is known.
    const blockTokens = encoder.encode(block, "all").length;
    expect(encoder.encode(block.repeat(3), "all").length).toBe(blockTokens * 3);
    const encode = jest.spyOn(encoder, "encode");
    try {
      const completion = await client.completions.create({ model, prompt: block.repeat(8), suffix: block.repeat(2), max_tokens: 5, echo: true });
      expect(completion.usage?.prompt_tokens).toBe(blockTokens * 10);
      expect(encode).not.toHaveBeenCalled();
    } finally {
      encode.mockRestore();
    }
  });

  it("derives the text from the prompt, deterministically, and stops for good below max_tokens", async () => {
    const request = { model, prompt: "Name three rivers of Europe", max_tokens: 200 };
    const first = await createTestClient().client.completions.create(request);
    const second = await createTestClient().client.completions.create(request);
    expect(first.choices).toEqual(second.choices);
    expect(first.usage).toEqual(second.usage);
    expect(first.choices[0]?.text).toContain('"Name three rivers of Europe"');
    expect(first.choices[0]?.finish_reason).toBe("stop");
    const other = await createTestClient().client.completions.create({ ...request, prompt: "Something else" });
    expect(other.choices[0]?.text).not.toEqual(first.choices[0]?.text);
  });

  it("cuts before a stop sequence with finish_reason stop, and at max_tokens with length", async () => {
    const { client } = createTestClient();
    const full = await client.completions.create({ model, prompt: "Hello", max_tokens: 200 });
    const stopped = await client.completions.create({ model, prompt: "Hello", max_tokens: 200, stop: ["emulated"] });
    expect(stopped.choices[0]).toMatchObject({ text: "\n\nThis is an ", finish_reason: "stop" });
    expect(full.choices[0]?.text.startsWith(stopped.choices[0]!.text)).toBe(true);
    const cut = await client.completions.create({ model, prompt: "Hello", max_tokens: 3 });
    expect(cut.choices[0]).toMatchObject({ text: "\n\nThis is", finish_reason: "length" });
    expect(cut.usage?.completion_tokens).toBe(3);
    const none = await client.completions.create({ model, prompt: "Hello", max_tokens: 0, echo: true });
    expect(none.choices[0]).toMatchObject({ text: "Hello", finish_reason: "length" });
    expect(none.usage).toEqual({ prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 });
  });

  it("answers n choices per prompt, indexed prompt by prompt, and counts every prompt once", async () => {
    const { client } = createTestClient();
    const completion = await client.completions.create({ model: "davinci-002", prompt: ["First prompt", "Second"], n: 2, max_tokens: 50 });
    expect(completion.model).toBe("davinci-002");
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
    expect(completion.choices[0]?.text).toContain("First prompt");
    expect(completion.choices[2]?.text).toContain("Second");
    const encoder = await loadEncoding("cl100k_base");
    expect(completion.usage?.prompt_tokens).toBe(encoder.encode("First prompt").length + encoder.encode("Second").length);
    const generated = completion.choices.reduce((sum, choice) => sum + encoder.encode(choice.text).length, 0);
    expect(completion.usage?.completion_tokens).toBe(generated);
  });

  it("takes token prompts, and completes from <|endoftext|> when the prompt is null", async () => {
    const { client, emulator } = createTestClient();
    const encoder = await loadEncoding("cl100k_base");
    const tokens = encoder.encode("Write a haiku");
    const fromTokens = await client.completions.create({ model, prompt: tokens, max_tokens: 60, echo: true });
    expect(fromTokens.choices[0]?.text.startsWith("Write a haiku\n\n")).toBe(true);
    expect(fromTokens.usage?.prompt_tokens).toBe(tokens.length);
    const lists = await client.completions.create({ model, prompt: [tokens, encoder.encode("Hi")], max_tokens: 1 });
    expect(lists.choices).toHaveLength(2);
    const response = await rawRequest(emulator, "/v1/completions", { body: { model, prompt: null, echo: true, max_tokens: 5 } });
    const body = (await response.json()) as OpenAI.Completion;
    expect(response.status).toBe(200);
    expect(body.choices[0]?.text.startsWith("<|endoftext|>\n\n")).toBe(true);
    expect(body.usage?.prompt_tokens).toBe(1);
  });

  it("reports legacy logprobs: parallel arrays, up to `logprobs` alternatives, offsets into the text", async () => {
    const { client } = createTestClient();
    // davinci-002 scores an echoed prompt; gpt-3.5-turbo-instruct refuses echo with logprobs (see below).
    const completion = await client.completions.create({ model: "davinci-002", prompt: "Score me", max_tokens: 6, logprobs: 3, echo: true });
    const choice = completion.choices[0]!;
    const logprobs = choice.logprobs!;
    const encoder = await loadEncoding("cl100k_base");
    const promptTokens = encoder.encode("Score me").length;
    expect(logprobs.tokens).toHaveLength(promptTokens + 6);
    expect(logprobs.tokens?.join("")).toBe(choice.text);
    // The echoed prompt's first token has nothing before it to be scored against.
    expect(logprobs.token_logprobs?.[0]).toBeNull();
    expect(logprobs.top_logprobs?.[0]).toBeNull();
    logprobs.top_logprobs?.slice(1).forEach((top, at) => {
      expect(Object.keys(top ?? {}).length).toBe(3);
      expect(top?.[logprobs.tokens![at + 1]!]).toBe(logprobs.token_logprobs?.[at + 1]);
    });
    logprobs.text_offset?.forEach((offset, at) => expect(choice.text.startsWith(logprobs.tokens![at]!, offset)).toBe(true));
  });

  it("refuses echo with logprobs on gpt-3.5-turbo-instruct, as the API does, and accepts each alone", async () => {
    const { client, emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/completions", { body: { model, prompt: "Score me", logprobs: 1, echo: true } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "Setting 'echo' and 'logprobs' at the same time is not supported for this model.",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    await expect(client.completions.create({ model, prompt: "Score me", max_tokens: 2, logprobs: 1 })).resolves.toBeDefined();
    await expect(client.completions.create({ model, prompt: "Score me", max_tokens: 2, echo: true })).resolves.toBeDefined();
  });

  it("streams text_completion chunks whose text joins to the non-streamed text", async () => {
    const { client } = createTestClient();
    const request = { model, prompt: "Stream this", max_tokens: 40, n: 2 };
    const whole = await client.completions.create(request);
    const texts = ["", ""];
    const finishes: Array<string | null> = [null, null];
    for await (const chunk of await client.completions.create({ ...request, stream: true })) {
      expect(chunk.object).toBe("text_completion");
      expect(chunk.model).toBe(snapshot);
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.text;
        if (choice.finish_reason) finishes[choice.index] = choice.finish_reason;
      }
    }
    expect(texts).toEqual(whole.choices.map((choice) => choice.text));
    expect(finishes).toEqual(whole.choices.map((choice) => choice.finish_reason));
  });

  it("frames the stream as recorded: the finish reason on the last text chunk, the usage chunk with include_usage, then [DONE]", async () => {
    const { emulator } = createTestClient();
    const body = { model, prompt: "Hi", max_tokens: 4, stream: true, stream_options: { include_usage: true } };
    const response = await rawRequest(emulator, "/v1/completions", { body });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = await readSseEvents(response);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1) as Array<Record<string, unknown>>;
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(Object.keys(chunks[0]!)).toEqual(["id", "object", "created", "choices", "model", "usage"]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 4, total_tokens: 5 } });
    const contents = chunks.slice(0, -1).map((chunk) => (chunk.choices as Array<{ text: string; finish_reason: string | null }>)[0]);
    expect(contents.map((choice) => choice?.finish_reason)).toEqual([null, null, null, "length"]);
    expect(contents.at(-1)?.text).not.toBe("");
    expect(contents.map((choice) => choice?.text).join("")).toBe("\n\nThis is an");
  });
});

describe("which endpoint serves which model", () => {
  it("answers a chat model on /v1/completions with the real 404", async () => {
    const { client, emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/completions", { body: { model: "gpt-4o-mini", prompt: "Hi" } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?",
        type: "invalid_request_error",
        param: "model",
        code: null,
      },
    });
    await expect(client.completions.create({ model: "gpt-5", prompt: "Hi" })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("answers an instruct model on /v1/chat/completions with the reverse 404", async () => {
    const { client, emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "babbage-002", messages: [user("Hi")] } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: "This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?",
        type: "invalid_request_error",
        param: "model",
        code: null,
      },
    });
    await expect(client.chat.completions.create({ model, messages: [user("Hi")] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("serves a custom model flagged as completions-capable, fine-tuned names included", async () => {
    const { client } = createTestClient({
      models: [{ id: "my-base", snapshot: "my-base-001", created: 1, ownedBy: "me", encoding: "cl100k_base", contextWindow: 2048, maxOutputTokens: 2048, reasoning: false, capabilities: { completions: true } }],
    });
    await expect(client.completions.create({ model: "my-base", prompt: "x" })).resolves.toHaveProperty("model", "my-base-001");
    // The capability defaults keep chat on: this model is served by both endpoints.
    await expect(client.chat.completions.create({ model: "my-base", messages: [user("x")] })).resolves.toHaveProperty("object", "chat.completion");
    const tuned = await createTestClient().client.completions.create({ model: "ft:davinci-002:acme::abc", prompt: "x" });
    expect(tuned.model).toBe("ft:davinci-002:acme::abc");
  });
});

describe("legacy validation, in OpenAI's envelope", () => {
  const error = (message: string | RegExp, param: string | null, code: string | null) => ({
    error: { message: typeof message === "string" ? message : expect.stringMatching(message), type: "invalid_request_error", param, code },
  });

  it.each([
    ["no model", { prompt: "x" }, error("you must provide a model parameter", null, null)],
    ["an unknown parameter", { model, prompt: "x", messages: [] }, error("Unknown parameter: 'messages'.", "messages", "unknown_parameter")],
    ["a prompt of the wrong type", { model, prompt: { text: "x" } }, error(/^Invalid type for 'prompt': expected one of a string, array of strings/, "prompt", "invalid_type")],
    ["a prompt mixing texts and tokens", { model, prompt: ["x", 1] }, error(/^Invalid type for 'prompt'/, "prompt", "invalid_type")],
    ["logprobs above 5", { model, prompt: "x", logprobs: 6 }, error("Invalid 'logprobs': integer above maximum value. Expected a value <= 5, but got 6 instead.", "logprobs", "integer_above_max_value")],
    ["a negative max_tokens", { model, prompt: "x", max_tokens: -1 }, error("Invalid 'max_tokens': integer below minimum value. Expected a value >= 0, but got -1 instead.", "max_tokens", "integer_below_min_value")],
    ["temperature 2.5", { model, prompt: "x", temperature: 2.5 }, error(/^Invalid 'temperature': decimal above maximum value/, "temperature", "decimal_above_max_value")],
    ["five stop sequences", { model, prompt: "x", stop: ["a", "b", "c", "d", "e"] }, error(/^Invalid 'stop': array too long/, "stop", "array_above_max_length")],
    ["a token outside the encoding", { model, prompt: [1, 100258] }, error("Invalid token in prompt: 100258. Minimum value is 0, maximum value is 100257 (inclusive).", null, null)],
    ["stream_options without stream", { model, prompt: "x", stream_options: { include_usage: true } }, error("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", null)],
    ["best_of below n", { model, prompt: "x", n: 3, best_of: 2 }, error("best_of must be greater than or equal to n", "best_of", null)],
    ["streaming with best_of above n", { model, prompt: "x", n: 2, best_of: 3, stream: true }, error("Cannot stream results with best_of > 1", "best_of", null)],
    [
      "a prompt plus max_tokens over the window",
      { model, prompt: "x", max_tokens: 4096 },
      error(
        "This model's maximum context length is 4096 tokens, however you requested 4097 tokens (1 in your prompt; 4096 for the completion). Please reduce your prompt; or completion length.",
        "prompt",
        "context_length_exceeded",
      ),
    ],
  ])("refuses %s", async (_case, body, expected) => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/completions", { body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(expected);
  });

  it("streams with best_of equal to n, where there is nothing to rank", async () => {
    const { client } = createTestClient();
    const texts = ["", ""];
    for await (const chunk of await client.completions.create({ model, prompt: "x", n: 2, best_of: 2, max_tokens: 4, stream: true })) {
      for (const choice of chunk.choices) texts[choice.index] += choice.text;
    }
    expect(texts.every((text) => text.length > 0)).toBe(true);
  });

  it("needs an API key, like every OpenAI path", async () => {
    const { emulator } = createTestClient();
    const response = await rawRequest(emulator, "/v1/completions", { body: { model, prompt: "x" }, headers: { authorization: "" } });
    expect(response.status).toBe(401);
  });
});
