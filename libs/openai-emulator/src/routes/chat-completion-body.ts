import type { GeneratedChoice } from "../engine/generate-choice.js";
import type { TokenLogprob } from "../engine/logprobs.js";

/** The fields every `chat.completion` and `chat.completion.chunk` of one response shares. */
export interface CompletionEnvelope {
  id: string;
  created: number;
  model: string;
  service_tier: string;
  /** `null` for the gpt-5 family, as recorded (models.ts `systemFingerprint`). */
  system_fingerprint: string | null;
  /**
   * Whether choices carry a `logprobs` key. Reasoning models leave it out of every choice and chunk choice, as
   * recorded (pydantic-ai cassette test_openai_moderation_stream.yaml, gpt-5-2025-08-07; the protocol reference).
   */
  logprobsKey: boolean;
  /** The `moderation` object, when the request asked for moderation (moderation.ts). */
  moderation?: Record<string, unknown>;
}

/** `usage` as the real API reports it: the details objects are always present, zero-filled. */
export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** `text_tokens` and `image_tokens` only from the audio models (withModalityDetails). */
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number; text_tokens?: number; image_tokens?: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
    text_tokens?: number;
  };
}

/**
 * The audio models split their usage by modality: `text_tokens` and `image_tokens` in `prompt_tokens_details`,
 * `text_tokens` in `completion_tokens_details`, as recorded from gpt-4o-audio-preview (pydantic-ai cassette
 * test_audio_as_binary_content_input, 2025-03-25) and gpt-audio (Mirascope openai_gpt_audio, 2025-10-23):
 * `{"cached_tokens":0,"audio_tokens":25,"text_tokens":17,"image_tokens":0}`. The text share is what is left once
 * audio and images are taken out.
 *
 * @example
 * withModalityDetails(usage).prompt_tokens_details.text_tokens; // usage.prompt_tokens when there is no audio
 */
export function withModalityDetails(usage: CompletionUsage): CompletionUsage {
  const prompt = usage.prompt_tokens_details;
  const completion = usage.completion_tokens_details;
  return {
    ...usage,
    prompt_tokens_details: { ...prompt, text_tokens: usage.prompt_tokens - prompt.audio_tokens, image_tokens: 0 },
    completion_tokens_details: {
      ...completion,
      text_tokens: usage.completion_tokens - completion.reasoning_tokens - completion.audio_tokens,
    },
  };
}

/**
 * Builds `usage`: prompt tokens count once, completion tokens are summed over the choices. A reasoning model's
 * hidden tokens are part of `completion_tokens` (they are billed as output) and are also reported on their own in
 * `completion_tokens_details.reasoning_tokens`.
 *
 * @example
 * buildUsage(12, choices).total_tokens; // 12 + the choices' completion tokens
 * buildUsage(12, reasoningChoices).completion_tokens_details.reasoning_tokens; // e.g. 301
 */
export function buildUsage(promptTokens: number, choices: ReadonlyArray<GeneratedChoice>): CompletionUsage {
  const completionTokens = choices.reduce((sum, choice) => sum + choice.completionTokens, 0);
  const reasoningTokens = choices.reduce((sum, choice) => sum + choice.reasoningTokens, 0);
  const audioTokens = choices.reduce((sum, choice) => sum + (choice.audio?.tokens ?? 0), 0);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: audioTokens,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/**
 * The non-streamed `chat.completion` object. `content` and `refusal` are always present (a refusal sets `refusal`
 * and leaves `content` null); `tool_calls` only when there are calls; `moderation` only when it was requested.
 *
 * @example
 * buildCompletion(envelope, choices, [null], usage).choices[0].finish_reason; // "stop"
 */
export function buildCompletion(
  envelope: CompletionEnvelope,
  choices: ReadonlyArray<GeneratedChoice>,
  logprobs: ReadonlyArray<TokenLogprob[] | null>,
  usage: CompletionUsage,
): Record<string, unknown> {
  return {
    id: envelope.id,
    object: "chat.completion",
    created: envelope.created,
    model: envelope.model,
    choices: choices.map((choice) => ({
      index: choice.index,
      message: buildMessage(choice),
      ...(envelope.logprobsKey && { logprobs: buildLogprobs(choice, logprobs[choice.index] ?? null) }),
      finish_reason: choice.finishReason,
    })),
    ...(envelope.moderation && { moderation: envelope.moderation }),
    usage,
    service_tier: envelope.service_tier,
    system_fingerprint: envelope.system_fingerprint,
  };
}

function buildMessage(choice: GeneratedChoice): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: "assistant",
    content: choice.kind === "text" && !choice.audio ? choice.text : null,
    refusal: choice.kind === "refusal" ? choice.text : null,
    annotations: choice.annotations ?? [],
  };
  if (choice.audio) {
    const { tokens: _tokens, ...audio } = choice.audio;
    message.audio = audio;
  }
  if (choice.kind === "tool_calls") {
    message.tool_calls = choice.calls.map((call) =>
      call.kind === "custom"
        ? { id: call.id, type: "custom", custom: { name: call.name, input: call.arguments } }
        : { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } },
    );
  }
  if (choice.kind === "function_call") {
    const [call] = choice.calls;
    if (call) message.function_call = { name: call.name, arguments: call.arguments };
  }
  return message;
}

function buildLogprobs(choice: GeneratedChoice, entries: TokenLogprob[] | null): Record<string, unknown> | null {
  if (!entries) return null;
  if (choice.kind === "refusal") return { content: null, refusal: entries };
  return { content: choice.kind === "text" ? entries : null, refusal: null };
}
