import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { createTestClient, rawRequest, readSseEvents, user } from "../__tests__/helpers.js";

const NOW = 1_765_000_000_000;
const request = {
  model: "gpt-4o-audio-preview",
  messages: [user("Say hello to the team.")],
  modalities: ["text", "audio"] as Array<"text" | "audio">,
  audio: { voice: "alloy" as const, format: "wav" as const },
};

describe("audio output (modalities with audio, on an audio model)", () => {
  it("answers with message.audio (id, base64 WAV data, expires_at, transcript) and null content, billed as audio tokens", async () => {
    const { client } = createTestClient({ now: () => NOW, ids: "sequential" });
    const completion = await client.chat.completions.create(request);
    const message = completion.choices[0]!.message;
    expect(message.content).toBeNull();
    const audio = message.audio!;
    expect(audio).toStrictEqual({ id: `audio_${"1".padStart(29, "0")}`, data: expect.any(String), expires_at: NOW / 1000 + 3600, transcript: expect.any(String) });
    expect(audio.transcript.length).toBeGreaterThan(0);
    const bytes = Buffer.from(audio.data, "base64");
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
    expect(bytes.readUInt32LE(40)).toBe(bytes.length - 44);
    const details = completion.usage!.completion_tokens_details!;
    expect(details.audio_tokens).toBeGreaterThan(0);
    expect(completion.usage!.completion_tokens).toBe(details.audio_tokens! + (details as { text_tokens?: number }).text_tokens!);
  });

  it("streams the transcript, the data, the finish, then expires_at alone, adding up to the non-streamed audio", async () => {
    const { client, emulator } = createTestClient({ now: () => NOW, ids: "sequential" });
    const whole = (await client.chat.completions.create(request)).choices[0]!.message.audio!;
    const events = await readSseEvents(await rawRequest(emulator, "/v1/chat/completions", { body: { ...request, stream: true } }));
    const deltas = events.flatMap((event) => (event === "[DONE]" ? [] : (event.choices as Array<{ delta: { audio?: Partial<OpenAI.ChatCompletionAudio>; content?: unknown }; finish_reason: string | null }>)));
    const pieces = deltas.flatMap((choice) => (choice.delta.audio ? [choice.delta.audio] : []));
    expect(pieces[0]?.id).toMatch(/^audio_/u);
    expect(pieces.filter((piece) => piece.id !== undefined)).toHaveLength(1);
    expect(pieces.at(-1)).toStrictEqual({ expires_at: whole.expires_at });
    expect(pieces.map((piece) => piece.transcript ?? "").join("")).toBe(whole.transcript);
    expect(pieces.map((piece) => piece.data ?? "").join("")).toBe(whole.data);
    expect(deltas.every((choice) => choice.delta.content == null)).toBe(true);
    // The SDK's chunk type: finish_reason is "omitted from the final audio update containing only expires_at".
    expect(deltas.at(-2)).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(deltas.at(-1)?.finish_reason).toBeNull();
  });

  it("answers in text without an audio setting and on a model that does not speak", async () => {
    const { client } = createTestClient();
    const { audio: _audio, ...withoutAudio } = request;
    expect((await client.chat.completions.create(withoutAudio)).choices[0]!.message.audio).toBeUndefined();
    const textModel = await client.chat.completions.create({ ...request, model: "gpt-4o-mini" });
    expect(textModel.choices[0]!.message).toMatchObject({ content: expect.any(String) });
    expect(textModel.choices[0]!.message.audio).toBeUndefined();
  });
});
