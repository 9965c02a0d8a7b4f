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
  logprobs: Record<string, unknown> | null;
  finish_reason: string | null;
}

/**
 * The events of a streamed completion, in the real order: per choice a role chunk, whole-token content (or tool-call
 * fragments: `id`, `type` and `name` only in each call's first fragment), a finish chunk; choices interleaved by
 * index; then the usage chunk (only with `include_usage`) and `[DONE]`.
 */
export function* streamCompletion(
  envelope: CompletionEnvelope,
  choices: ReadonlyArray<GeneratedChoice>,
  logprobs: ReadonlyArray<TokenLogprob[] | null>,
  usage: CompletionUsage,
  framing: StreamFraming,
): Generator<SseEvent> {
  const perChoice = choices.map((choice) => choiceDeltas(choice, logprobs[choice.index] ?? null));
  const longest = Math.max(0, ...perChoice.map((deltas) => deltas.length));
  for (let step = 0; step < longest; step++) {
    for (const deltas of perChoice) {
      const delta = deltas[step];
      if (delta) yield { data: chunk(envelope, [delta], framing, framing.includeUsage ? null : undefined) };
    }
  }
  if (framing.includeUsage) yield { data: chunk(envelope, [], framing, usage) };
  yield { done: true };
}

function chunk(
  envelope: CompletionEnvelope,
  choices: ChoiceDelta[],
  framing: StreamFraming,
  usage: CompletionUsage | null | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: envelope.id,
    object: "chat.completion.chunk",
    created: envelope.created,
    model: envelope.model,
    service_tier: envelope.service_tier,
    system_fingerprint: envelope.system_fingerprint,
    choices,
  };
  if (usage !== undefined) body.usage = usage;
  if (framing.obfuscation) body.obfuscation = obfuscationPad(framing.obfuscation);
  return body;
}

function choiceDeltas(choice: GeneratedChoice, logprobs: TokenLogprob[] | null): ChoiceDelta[] {
  const deltas: ChoiceDelta[] = [];
  const refusal = choice.kind === "refusal";
  const push = (delta: Record<string, unknown>, entries: TokenLogprob[] | null = null, finish: string | null = null) =>
    deltas.push({
      index: choice.index,
      delta,
      logprobs: entries ? (refusal ? { content: null, refusal: entries } : { content: entries, refusal: null }) : null,
      finish_reason: finish,
    });
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
        push({ [field]: group.text }, entries);
      }
      break;
    }
    case "tool_calls":
      choice.calls.forEach((call, callIndex) => {
        // A custom tool call streams like a function call, its `input` in place of `arguments` (the SDK's chunk type).
        const field = call.kind === "custom" ? "custom" : "function";
        const text = call.kind === "custom" ? "input" : "arguments";
        const start = { index: callIndex, id: call.id, type: call.kind, [field]: { name: call.name, [text]: "" } };
        push(callIndex === 0 ? { role: "assistant", content: null, tool_calls: [start], refusal: null } : { tool_calls: [start] });
        for (const group of call.argumentGroups) {
          push({ tool_calls: [{ index: callIndex, [field]: { [text]: group.text } }] });
        }
      });
      break;
    case "function_call": {
      const [call] = choice.calls;
      push({ role: "assistant", content: null, function_call: { name: call?.name ?? "", arguments: "" }, refusal: null });
      for (const group of call?.argumentGroups ?? []) push({ function_call: { arguments: group.text } });
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

const PAD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function obfuscationPad(random: Random): string {
  const length = random.int(1, 16);
  let pad = "";
  for (let index = 0; index < length; index++) pad += random.pick(PAD_ALPHABET.split(""));
  return pad;
}
