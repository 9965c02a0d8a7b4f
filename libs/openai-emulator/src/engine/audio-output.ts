// Spoken answers: `modalities: ["text", "audio"]` with an `audio: { voice, format }` on an audio model. What the real API
// sends (OpenAI's audio guide, and the shape the SDK types as ChatCompletionAudio): the message's `content` is null and
// `message.audio` holds `id`, `data` (base64, in the requested format), `expires_at` (Unix seconds; after it the id can
// no longer be sent back in a later turn) and `transcript`. A stream sends the same fields in `delta.audio` pieces: the
// transcript piece by piece, the data in pieces, and last, after the finish chunk, a piece with `expires_at` alone and
// no finish_reason (the SDK's ChatCompletionChunk types, openai 7.57; openai/openai-node#1206 and PR #1991,
// gpt-4o-audio-preview streams that end on an `expires_at`-only audio delta). The emulator speaks silence.

import type { ChatCompletionRequest } from "../wire.js";
import type { GeneratedChoice } from "./generate-choice.js";
import { modelCapabilities, type ModelProfile } from "./models.js";

/**
 * A choice's spoken answer, as `message.audio` carries it (plus the tokens it is billed as).
 *
 * @example
 * const { tokens, ...wire }: SpokenAudio = choice.audio; // wire is message.audio
 */
export interface SpokenAudio {
  id: string;
  /** Base64 of the audio bytes. */
  data: string;
  expires_at: number;
  transcript: string;
  /** Output tokens the audio is billed as (`completion_tokens_details.audio_tokens`). */
  tokens: number;
}

// How long a spoken answer can be referenced in a later turn. The API documents the field but not the span; an hour is
// what the audio guide's example shows (its expires_at is an hour after its created). Not confirmed by a recording.
const AUDIO_LIFETIME_SECONDS = 3600;
// Audio tokens per transcript token. An estimate (no recorded audio answer with its usage): speech is billed at
// roughly 10 tokens a second and a transcript token takes about a quarter of a second to say.
const AUDIO_TOKENS_PER_TEXT_TOKEN = 2.5;
// Samples of silence per transcript character, at 24 kHz, 16-bit mono (the API's pcm16): short, so bodies stay small.
const SAMPLES_PER_CHARACTER = 24;
const SAMPLE_RATE = 24_000;

/**
 * Whether a request asks the model to speak: `modalities` includes `"audio"`, an `audio` setting is given, and the model
 * is an audio model. Other requests get a text answer.
 *
 * @example
 * speaks({ model: "gpt-4o-audio-preview", messages, modalities: ["text", "audio"], audio: { voice: "alloy", format: "wav" } }, profile); // true
 */
export function speaks(request: ChatCompletionRequest, model: ModelProfile): boolean {
  return (request.modalities ?? []).includes("audio") && request.audio != null && modelCapabilities(model).audioInput;
}

/**
 * Turns text choices into spoken ones: the text becomes the transcript of an audio answer (silence, in the requested
 * format: a WAV file for `wav`, raw 16-bit samples otherwise), billed as audio tokens on top of the text's. Choices
 * that are not plain text (tool calls, refusals) and empty answers (a spent budget) stay as they are.
 *
 * @example
 * speakChoices(choices, request, { completionId: "chatcmpl-1", created: 1_700_000_000 })[0]?.audio?.expires_at; // 1_700_003_600
 */
export function speakChoices(
  choices: ReadonlyArray<GeneratedChoice>,
  request: ChatCompletionRequest,
  response: { completionId: string; created: number },
): GeneratedChoice[] {
  const format = request.audio?.format ?? "wav";
  // Unique per response, like the real ids (which are `audio_` and 32 hex digits).
  const idStem = `audio_${response.completionId.replace(/^chatcmpl-/u, "")}`;
  return choices.map((choice) => {
    if (choice.kind !== "text" || choice.text === "") return choice;
    const tokens = Math.ceil(choice.textTokens.length * AUDIO_TOKENS_PER_TEXT_TOKEN);
    const audio: SpokenAudio = {
      id: choice.index === 0 ? idStem : `${idStem}_${choice.index}`,
      data: encodeSilence(choice.text.length * SAMPLES_PER_CHARACTER, format === "wav"),
      expires_at: response.created + AUDIO_LIFETIME_SECONDS,
      transcript: choice.text,
      tokens,
    };
    return { ...choice, audio, completionTokens: choice.completionTokens + tokens };
  });
}

function encodeSilence(samples: number, wav: boolean): string {
  const pcmBytes = samples * 2;
  const bytes = new Uint8Array((wav ? 44 : 0) + pcmBytes);
  if (wav) {
    // The canonical 44-byte header of a PCM WAV file; the samples after it stay 0 (silence).
    const view = new DataView(bytes.buffer);
    const ascii = (offset: number, text: string) => [...text].forEach((character, index) => view.setUint8(offset + index, character.charCodeAt(0)));
    ascii(0, "RIFF");
    view.setUint32(4, 36 + pcmBytes, true);
    ascii(8, "WAVEfmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, SAMPLE_RATE, true);
    view.setUint32(28, SAMPLE_RATE * 2, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    ascii(36, "data");
    view.setUint32(40, pcmBytes, true);
  }
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
