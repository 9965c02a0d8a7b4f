import { describe, expect, it } from "@jest/globals";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";
import { grammar, memberSets, readNamedEvents, recordedStreams, stream } from "../__tests__/responses-stream-helpers.js";
import { createEmulator } from "../emulator.js";

const weather = {
  type: "function",
  name: "get_weather",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
  strict: true,
};

describe("POST /v1/responses with stream: true", () => {
  const recorded = recordedStreams("openai-reasoning-encrypted-content.1.chunks.txt");

  it("frames events with event: lines and consecutive sequence numbers, and sends no [DONE]", async () => {
    const events = await stream({ model: "gpt-4o-mini", input: "Tell me about Paris" });
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.at(-1)?.type).toBe("response.completed");
  });

  it("streams text in the recorded order with the recorded members", async () => {
    const text = recorded[3] ?? [];
    const events = await stream({ model: "gpt-4o-mini", input: "Tell me about Paris" });
    expect(grammar(events)).toEqual(grammar(text));
    expect(memberSets(events)).toEqual(memberSets(text));
  });

  it("streams a reasoning summary then a function call in the recorded order with the recorded members", async () => {
    const call = recorded[0] ?? [];
    const events = await stream({
      model: "gpt-5",
      input: "What is the weather in Paris?",
      tools: [weather],
      tool_choice: "required",
      reasoning: { effort: "high", summary: "detailed" },
      include: ["reasoning.encrypted_content"],
    });
    // The recording's summary has one part; the emulator's detailed summary has two, so compare with one part.
    const onePart = events.filter((event) => event.summary_index !== 1);
    expect(grammar(onePart)).toEqual(grammar(call));
    expect(memberSets(onePart)).toEqual(memberSets(call));
  });

  it("ends an incomplete stream with response.incomplete", async () => {
    const events = await stream({ model: "gpt-4o-mini", input: "Write a long story about the sea", max_output_tokens: 16 });
    const last = events.at(-1);
    expect(last?.type).toBe("response.incomplete");
    expect(last?.response).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
  });

  it("streams what the non-streamed answer holds (the same text from the same request)", async () => {
    const { client } = createTestClient();
    const whole = await client.responses.create({ model: "gpt-4o-mini", input: "Tell me about Rome" });
    const streamed = await client.responses.create({ model: "gpt-4o-mini", input: "Tell me about Rome", stream: true });
    let text = "";
    for await (const event of streamed) if (event.type === "response.output_text.delta") text += event.delta;
    expect(text).toBe(whole.output_text);
  });

  it("leaves out obfuscation when stream_options.include_obfuscation is false", async () => {
    const padded = await stream({ model: "gpt-4o-mini", input: "Hi" });
    expect(padded.some((event) => "obfuscation" in event)).toBe(true);
    const plain = await stream({ model: "gpt-4o-mini", input: "Hi", stream_options: { include_obfuscation: false } });
    expect(plain.some((event) => "obfuscation" in event)).toBe(false);
  });

  it("cuts the stream where a close fault says, without a [DONE]", async () => {
    const response = await rawRequest(createEmulator(), "/v1/responses", {
      body: { model: "gpt-4o-mini", input: "Hi", stream: true },
      headers: { "x-emulator-fault": "close:after=3" },
    });
    const text = await response.text();
    expect(text).not.toContain("[DONE]");
    expect(text.split("\n\n").filter(Boolean)).toHaveLength(3);
  });

  it("turns an error-event fault into the recorded error and response.failed events", async () => {
    const response = await rawRequest(createEmulator(), "/v1/responses", {
      body: { model: "gpt-4o-mini", input: "Hi", stream: true },
      headers: { "x-emulator-fault": "error-event:after=2" },
    });
    const events = await readNamedEvents(response);
    expect(events.map((event) => event.type)).toEqual(["response.created", "response.in_progress", "error", "response.failed"]);
    expect(events.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3]);
    expect(events[2]?.error).toMatchObject({ type: "server_error", message: expect.any(String) });
    expect(events[3]?.response).toMatchObject({ status: "failed", error: { code: "server_error" } });
  });

  it("fails a streamed response whose input does not fit the context window with response.failed", async () => {
    const events = await stream({ model: "gpt-4o-mini", input: "word ".repeat(130_000) });
    expect(events.map((event) => event.type)).toEqual(["response.created", "response.in_progress", "response.failed"]);
    expect(events[2]?.response).toMatchObject({ status: "failed", error: { code: "context_length_exceeded" } });
  });
});
