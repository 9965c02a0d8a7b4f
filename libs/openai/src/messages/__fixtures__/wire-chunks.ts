import type OpenAI from "openai";

/** A chat completion chunk for choice 0 with this delta, as OpenAI streams it (ids and model fixed). */
export function wireChunk(delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): OpenAI.ChatCompletionChunk {
  return {
    id: "chatcmpl-unit",
    object: "chat.completion.chunk",
    created: 1763770200,
    model: "gpt-4o-mini-2024-07-18",
    system_fingerprint: "fp_0ba0d124f1",
    service_tier: "default",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  } as OpenAI.ChatCompletionChunk;
}
