import type { SpokenAudio } from "../engine/audio-output.js";
import type { GeneratedChoice } from "../engine/generate-choice.js";
import type { TokenLogprob } from "../engine/logprobs.js";
import type { Random } from "../engine/random.js";
import type { SseEvent } from "../sse.js";
import type { CompletionEnvelope, CompletionUsage } from "./chat-completion-body.js";

/** How a stream is framed, from `stream_options`. */
export interface StreamFraming {
  /** `stream_options.include_usage`: a last chunk with `choices: []` carries the usage, others `usage: null`. */
  includeUsage: boolean;
  /** Present unless `stream_options.include_obfuscation` is false: random padding that evens out chunk sizes. */
  obfuscation: Random | undefined;
}

interface ChoiceDelta {
  index: number;
  delta: Record<string, unknown>;
  logprobs?: Record<string, unknown> | null;
  finish_reason: string | null;
  /** The text this delta adds (content, refusal or call arguments), which the obfuscation pad evens out. */
  text?: string;
}

/**
 * The events of a streamed completion, in the real order: per choice a role chunk, whole-token content (or tool-call
 * fragments: `id`, `type` and `name` only in each call's first fragment), a finish chunk; choices interleaved by
 * index; then the usage chunk (only with `include_usage`), the moderation chunk (only when moderation was asked for)
 * and `[DONE]`.
 *
 * @example
 * createSseStream(streamCompletion(envelope, choices, [null], usage, { includeUsage: true, obfuscation: undefined }));
 */
export function* streamCompletion(
  envelope: CompletionEnvelope,
  choices: ReadonlyArray<GeneratedChoice>,
  logprobs: ReadonlyArray<TokenLogprob[] | null>,
  usage: CompletionUsage,
  framing: StreamFraming,
): Generator<SseEvent> {
  const perChoice = choices.map((choice) => choiceDeltas(choice, logprobs[choice.index] ?? null, envelope.logprobsKey));
  const pad = framing.obfuscation && createPadder(framing.obfuscation, perChoice.flat());
  const emit = (deltas: ChoiceDelta[], usageField: CompletionUsage | null | undefined, extra: Record<string, unknown> = {}) =>
    chunk(envelope, deltas, usageField, pad, extra);
  const longest = Math.max(0, ...perChoice.map((deltas) => deltas.length));
  for (let step = 0; step < longest; step++) {
    for (const deltas of perChoice) {
      const delta = deltas[step];
      if (delta) yield { data: emit([delta], framing.includeUsage ? null : undefined) };
    }
  }
  if (framing.includeUsage) yield { data: emit([], usage) };
  // Recorded (pydantic-ai cassette test_openai_moderation_stream.yaml, gpt-5, 2026): moderation comes in one more
  // chunk after the usage chunk, `choices: []`, the moderation object, `usage: null`.
  if (envelope.moderation) yield { data: emit([], framing.includeUsage ? null : undefined, { moderation: envelope.moderation }) };
  yield { done: true };
}

function chunk(
  envelope: CompletionEnvelope,
  deltas: ChoiceDelta[],
  usage: CompletionUsage | null | undefined,
  pad: Padder | undefined,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: envelope.id,
    object: "chat.completion.chunk",
    created: envelope.created,
    model: envelope.model,
    service_tier: envelope.service_tier,
    system_fingerprint: envelope.system_fingerprint,
    choices: deltas.map(({ text: _text, ...delta }) => delta),
    ...extra,
  };
  if (usage !== undefined) body.usage = usage;
  if (pad) body.obfuscation = pad(deltas[0]?.text);
  return body;
}

function choiceDeltas(choice: GeneratedChoice, logprobs: TokenLogprob[] | null, logprobsKey: boolean): ChoiceDelta[] {
  const deltas: ChoiceDelta[] = [];
  const refusal = choice.kind === "refusal";
  const push = (delta: Record<string, unknown>, entries: TokenLogprob[] | null = null, finish: string | null = null, text?: string) =>
    deltas.push({
      index: choice.index,
      delta,
      // Reasoning models leave the key out (CompletionEnvelope.logprobsKey).
      ...(logprobsKey && { logprobs: entries ? (refusal ? { content: null, refusal: entries } : { content: entries, refusal: null }) : null }),
      finish_reason: finish,
      ...(text !== undefined && { text }),
    });
  if (choice.audio) {
    spokenDeltas(choice, choice.audio, choice.finishReason, push);
    return deltas;
  }
  switch (choice.kind) {
    case "text":
    case "refusal": {
      // As captured: a refusal's role chunk has null content and an empty refusal; the refusal then streams like content.
      push(refusal ? { role: "assistant", content: null, refusal: "" } : { role: "assistant", content: "", refusal: null });
      const field = refusal ? "refusal" : "content";
      let consumed = 0;
      for (const group of choice.textGroups) {
        const entries = logprobs ? logprobs.slice(consumed, consumed + group.tokens.length) : null;
        consumed += group.tokens.length;
        push({ [field]: group.text }, entries, null, group.text);
      }
      // The search models' citations come after the content, in a delta of their own (see citeWebSources).
      if (choice.annotations?.length) push({ annotations: choice.annotations });
      break;
    }
    case "tool_calls": {
      // Parallel calls: the role chunk is `{role, content: null}` alone and each call starts in its own chunk, as in
      // 11 of 11 recorded streams (protocol reference, 2026-12; also discourse's recorded gpt-4-0125-preview stream).
      // A single call starts on the role chunk.
      const parallel = choice.calls.length > 1;
      if (parallel) push({ role: "assistant", content: null });
      choice.calls.forEach((call, callIndex) => {
        // A custom tool call streams like a function call, its `input` in place of `arguments` (the SDK's chunk type).
        const field = call.kind === "custom" ? "custom" : "function";
        const text = call.kind === "custom" ? "input" : "arguments";
        const start = { index: callIndex, id: call.id, type: call.kind, [field]: { name: call.name, [text]: "" } };
        push(callIndex === 0 && !parallel ? { role: "assistant", content: null, tool_calls: [start], refusal: null } : { tool_calls: [start] });
        for (const group of call.argumentGroups) {
          push({ tool_calls: [{ index: callIndex, [field]: { [text]: group.text } }] }, null, null, group.text);
        }
      });
      break;
    }
    case "function_call": {
      const [call] = choice.calls;
      push({ role: "assistant", content: null, function_call: { name: call?.name ?? "", arguments: "" }, refusal: null });
      for (const group of call?.argumentGroups ?? []) push({ function_call: { arguments: group.text } }, null, null, group.text);
      break;
    }
    default: {
      const unknown: never = choice.kind;
      throw new Error(`Unhandled choice kind ${String(unknown)}`);
    }
  }
  push({}, null, choice.finishReason);
  return deltas;
}

// Pieces a spoken answer's base64 data is streamed in.
const AUDIO_DATA_PIECES = 4;

/**
 * A spoken answer's deltas (see audio-output.ts): a role chunk with null content, the transcript token by token (the id
 * on the first piece), the data in a few pieces, the finish chunk, then `expires_at` alone with no finish_reason (the
 * SDK's ChatCompletionChunk.Choice: finish_reason is "omitted from the final audio update containing only
 * `delta.audio.expires_at`", openai 7.57).
 */
function spokenDeltas(
  choice: GeneratedChoice,
  audio: SpokenAudio,
  finishReason: string,
  push: (delta: Record<string, unknown>, entries?: null, finish?: string | null, text?: string) => void,
): void {
  push({ role: "assistant", content: null, refusal: null });
  choice.textGroups.forEach((group, index) => push({ audio: index === 0 ? { id: audio.id, transcript: group.text } : { transcript: group.text } }, null, null, group.text));
  const size = Math.ceil(audio.data.length / AUDIO_DATA_PIECES / 4) * 4;
  for (let start = 0; start < audio.data.length; start += size) push({ audio: { data: audio.data.slice(start, start + size) } });
  push({}, null, finishReason);
  push({ audio: { expires_at: audio.expires_at } });
}

const PAD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".split("");

/** Makes a chunk's `obfuscation` pad, given the text the chunk adds (none for role, finish and usage chunks). */
type Padder = (text: string | undefined) => string;

// Recorded (pydantic-ai cassette test_run_stream_sync_streams_real_model.yaml, gpt-4o-mini, 2026): in every chunk
// that adds text, the pad's length plus the text's length as JSON-escaped on the wire is one constant per stream
// ("The" + 8, " capital" + 3, "." + 10 = 11; tool arguments `{\"` + 14, `country` + 10 = 17); 16 is the constant seen
// most often (protocol reference). The constant is drawn per stream, and raised if a chunk's text would leave no
// room for a pad of at least one character. Chunks without text (role, finish, usage) get a pad of 1-16 characters.
function createPadder(random: Random, deltas: ReadonlyArray<ChoiceDelta>): Padder {
  const longest = Math.max(0, ...deltas.map((delta) => (delta.text === undefined ? 0 : wireLength(delta.text))));
  const total = Math.max(random.int(11, 17), longest + 1);
  return (text) => randomPad(random, text === undefined ? random.int(1, 16) : total - wireLength(text));
}

function wireLength(text: string): number {
  return JSON.stringify(text).length - 2;
}

function randomPad(random: Random, length: number): string {
  let pad = "";
  for (let index = 0; index < length; index++) pad += random.pick(PAD_ALPHABET);
  return pad;
}
