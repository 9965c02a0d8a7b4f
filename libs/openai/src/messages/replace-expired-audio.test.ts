import { describe, expect, it } from "@jest/globals";
import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";
import { replaceExpiredAudio } from "./replace-expired-audio.js";

const NOW = 1_765_000_000;
const spoken = (expiresAt: number, fields: Partial<ConstructorParameters<typeof AIMessage>[0] & object> = {}) =>
  new AIMessage({ content: "", ...fields, additional_kwargs: { audio: { id: "audio_1", data: "UklGRg==", expires_at: expiresAt, transcript: "Hello, team!" } } });

function replace(messages: Array<AIMessage | HumanMessage>) {
  return replaceExpiredAudio(messages, convertToOpenAIMessages(messages), NOW);
}

describe("replaceExpiredAudio", () => {
  it("returns the converted messages themselves while the audio is still valid", () => {
    const history = [new HumanMessage("Hi"), spoken(NOW + 1)];
    const wire = convertToOpenAIMessages(history);
    expect(replaceExpiredAudio(history, wire, NOW)).toStrictEqual({ messages: wire, warnings: [] });
    expect(replaceExpiredAudio(history, wire, NOW).messages).toBe(wire);
  });

  it("sends an expired answer's transcript as its text, without the id, and leaves the input alone", () => {
    const history = [new HumanMessage("Hi"), spoken(NOW)];
    const wire = convertToOpenAIMessages(history);
    const { messages, warnings } = replaceExpiredAudio(history, wire, NOW);
    expect(messages[1]).toStrictEqual({ role: "assistant", content: "Hello, team!" });
    expect(wire[1]).toStrictEqual({ role: "assistant", content: null, audio: { id: "audio_1" } });
    expect(warnings).toStrictEqual(['Message 1\'s audio (id "audio_1") expired at 2025-12-06T05:46:40.000Z, so OpenAI can no longer use it: its transcript was sent as its text instead.']);
  });

  it("keeps an expired answer's own text, and tool calls with null content", () => {
    expect(replace([spoken(1, { content: "Typed too." })])).toMatchObject({ messages: [{ role: "assistant", content: "Typed too." }], warnings: [expect.stringContaining("its text was sent without it")] });
    const withCall = spoken(1, { tool_calls: [{ id: "call_1", name: "f", args: {}, type: "tool_call" }] });
    const [message] = replace([withCall]).messages;
    expect(message).toMatchObject({ role: "assistant", content: "Hello, team!", tool_calls: [{ id: "call_1" }] });
    expect(message).not.toHaveProperty("audio");
  });
});
