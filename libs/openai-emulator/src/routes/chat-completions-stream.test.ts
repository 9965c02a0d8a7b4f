import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import { createTestClient, rawRequest, readSseEvents, searchTool, user, weatherTool } from "../__tests__/helpers.js";

const model = "gpt-4o-mini";
type Chunk = Record<string, unknown> & { choices: Array<Record<string, unknown> & { delta: Record<string, unknown> }> };

async function streamRaw(body: Record<string, unknown>): Promise<{ chunks: Chunk[]; events: Array<Chunk | "[DONE]">; response: Response }> {
  const { emulator } = createTestClient();
  const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model, stream: true, ...body } });
  const events = (await readSseEvents(response)) as Array<Chunk | "[DONE]">;
  return { chunks: events.filter((event): event is Chunk => event !== "[DONE]"), events, response };
}

describe("streaming (SSE framing on the wire)", () => {
  it("sends a role chunk, whole-token content deltas, a finish chunk, then [DONE]", async () => {
    const { chunks, events, response } = await streamRaw({ messages: [user("Stream this, please")] });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(events.at(-1)).toBe("[DONE]");
    expect(events.filter((event) => event === "[DONE]")).toHaveLength(1);
    const first = chunks[0]!;
    expect(first.choices).toEqual([
      { index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null },
    ]);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
    const content = chunks.slice(1, -1).map((chunk) => chunk.choices[0]!.delta.content as string);
    expect(content.length).toBeGreaterThan(10);
    // Each delta is whole tokens: encoding the concatenation gives exactly one token per delta for ASCII text.
    const encoder = await loadEncoding("o200k_base");
    expect(encoder.encode(content.join("")).map((id) => encoder.decode([id]))).toEqual(content);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: first.id, object: "chat.completion.chunk", created: first.created, model: "gpt-4o-mini-2024-07-18", system_fingerprint: first.system_fingerprint });
      expect(chunk).not.toHaveProperty("usage");
      expect(typeof chunk.obfuscation).toBe("string");
    }
  });

  it("adds a usage chunk with choices: [] only with include_usage, and usage: null on the others", async () => {
    const { chunks } = await streamRaw({ messages: [user("Count me")], stream_options: { include_usage: true, include_obfuscation: false } });
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: chunks.length - 3 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    for (const chunk of chunks) expect(chunk).not.toHaveProperty("obfuscation");
  });

  it("streams the same content and usage as the non-streamed answer", async () => {
    const { client } = createTestClient();
    const request = { model, messages: [user("Parity check")], n: 2 };
    const whole = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    const texts = ["", ""];
    const finishes: Array<string | null> = [null, null];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.delta.content ?? "";
        if (choice.finish_reason) finishes[choice.index] = choice.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(texts).toEqual(whole.choices.map((choice) => choice.message.content));
    expect(finishes).toEqual(["stop", "stop"]);
    expect(usage).toEqual(whole.usage);
  });

  it("interleaves n choices by index, each with its own role and finish chunk", async () => {
    const { chunks } = await streamRaw({ messages: [user("Two please")], n: 2 });
    const indexes = chunks.map((chunk) => chunk.choices[0]!.index);
    expect(indexes.slice(0, 4)).toEqual([0, 1, 0, 1]);
    for (const index of [0, 1]) {
      const mine = chunks.filter((chunk) => chunk.choices[0]!.index === index);
      expect(mine[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: "", refusal: null });
      expect(mine.at(-1)!.choices[0]!.finish_reason).toBe("stop");
      expect(mine.filter((chunk) => chunk.choices[0]!.finish_reason !== null)).toHaveLength(1);
    }
  });

  it("never splits a UTF-8 character across deltas", async () => {
    const { chunks } = await streamRaw({ messages: [user("日本語のテキスト 🎉🎉 emoji")] });
    const content = chunks.slice(1, -1).map((chunk) => chunk.choices[0]!.delta.content as string);
    expect(content.join("")).toContain("日本語のテキスト 🎉🎉 emoji");
    for (const delta of content) expect(delta).not.toContain("\uFFFD");
  });

  it("streams logprobs with the tokens of each delta", async () => {
    const { chunks } = await streamRaw({ messages: [user("log me")], logprobs: true, top_logprobs: 2 });
    const deltas = chunks.slice(1, -1);
    for (const chunk of deltas) {
      const choice = chunk.choices[0]!;
      const entries = (choice.logprobs as { content: Array<{ token: string; top_logprobs: unknown[] }> }).content;
      expect(entries.map((entry) => entry.token).join("")).toBe(choice.delta.content);
      for (const entry of entries) expect(entry.top_logprobs).toHaveLength(2);
    }
  });
});

describe("streamed tool calls", () => {
  it("sends id, type and name only in each call's first fragment, then arguments in several fragments", async () => {
    const { chunks } = await streamRaw({
      messages: [user("search_flights and get_weather")],
      tools: [weatherTool, searchTool],
    });
    const fragments = chunks.flatMap((chunk) => (chunk.choices[0]!.delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []);
    // Parallel calls, as in 11 of 11 recorded streams: the role chunk alone, then each call starting in its own chunk.
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: "assistant", content: null });
    for (const index of [0, 1]) {
      const mine = fragments.filter((fragment) => fragment.index === index);
      expect(mine[0]).toEqual({ index, id: expect.stringMatching(/^call_/), type: "function", function: { name: expect.any(String), arguments: "" } });
      const rest = mine.slice(1);
      expect(rest.length).toBeGreaterThan(2);
      for (const fragment of rest) expect(Object.keys(fragment).sort()).toEqual(["function", "index"]);
      for (const fragment of rest) expect(Object.keys(fragment.function as object)).toEqual(["arguments"]);
      const args = rest.map((fragment) => (fragment.function as { arguments: string }).arguments).join("");
      expect(() => JSON.parse(args)).not.toThrow();
    }
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: "tool_calls" });
    // Calls are sent one after the other: all of call 0, then all of call 1.
    const order = fragments.map((fragment) => fragment.index);
    expect(order).toEqual([...order].sort());
  });

  it("assembles in the SDK to the same calls as the non-streamed answer", async () => {
    const { client } = createTestClient({ ids: "sequential" });
    const request = { model, messages: [user("use get_weather")], tools: [weatherTool] };
    const whole = await client.chat.completions.create(request);
    const stream = client.chat.completions.stream(request);
    const final = await stream.finalChatCompletion();
    const strip = (calls: OpenAI.ChatCompletionMessageToolCall[] | undefined) =>
      calls?.map((call) => (call.type === "function" ? { name: call.function.name, arguments: call.function.arguments } : call));
    expect(strip(final.choices[0]?.message.tool_calls)).toEqual(strip(whole.choices[0]?.message.tool_calls));
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
  });
});
