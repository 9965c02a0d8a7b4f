// How fired faults change an answer: the generated choices (bad-tool-args, schema-mismatch, split-utf8's character),
// the SSE stream (slow, breaks after N events, split writes) and a non-streamed body (reset, truncation, split writes).
// The stream and body steps work on any completion endpoint's events and JSON (chat and legacy completions alike).

import type { Tiktoken } from "js-tiktoken/lite";
import type { GeneratedCall, GeneratedChoice } from "./engine/generate-choice.js";
import { groupWholeCharacters, tokenizeOutput } from "./engine/output-tokens.js";
import { sleep, type FaultPlan } from "./faults.js";
import { formatSseEvent, type SseEvent } from "./sse.js";
import type { ChatCompletionRequest } from "./wire.js";

const utf8 = new TextEncoder();

// Long enough for the two halves of a split character to leave in separate TCP segments and reads, short enough to
// cost nothing in a test.
const SPLIT_PAUSE_MS = 5;

// Appended to a reply that has no multi-byte character, so split-utf8 always has one to split: a 4-byte emoji, cut
// 2+2, also exercises surrogate pairs in JavaScript decoders.
const MULTI_BYTE_SUFFIX = " 🙂";

/**
 * Applies the faults that change what the model says: tool-call arguments that are not JSON (bad-tool-args), JSON
 * that does not match its schema (schema-mismatch), and a multi-byte character for split-utf8 to split. Token
 * groups and `completionTokens` are recomputed, so usage and streaming stay consistent with the changed text.
 *
 * @example
 * choices = applyContentFaults(choices, plan, body, encoder);
 */
export function applyContentFaults(
  choices: GeneratedChoice[],
  plan: FaultPlan,
  request: ChatCompletionRequest,
  encoder: Tiktoken,
): GeneratedChoice[] {
  let result = choices;
  if (plan.badToolArgs) result = result.map((choice) => mapArguments(choice, encoder, breakJson));
  if (plan.schemaMismatch) {
    result = result.map((choice) => mapArguments(choice, encoder, mismatchJson));
    if (request.response_format?.type === "json_schema") result = result.map((choice) => mapText(choice, encoder, mismatchJson));
  }
  if (plan.splitUtf8) {
    const addition = multiByteAddition(plan, result.flatMap((choice) => [choice.text, ...choice.calls.map((call) => call.arguments)]));
    const target = result.findIndex((choice) => choice.kind === "text");
    if (addition !== "" && target >= 0) result = result.map((choice, index) => (index === target ? mapText(choice, encoder, (text) => text + addition) : choice));
  }
  return result;
}

/**
 * What split-utf8 appends to the first text reply so that there is a multi-byte character to split: a 4-byte emoji
 * when the plan has split-utf8 and none of `sent` (every text the answer carries) holds such a character, else "".
 * The caller retokenizes the changed text, so usage and streaming count what is actually sent.
 *
 * @example
 * multiByteAddition(plan, ["\n\nHello"]); // " 🙂" under split-utf8
 * multiByteAddition(plan, ["café"]); // "": é is already there to split
 */
export function multiByteAddition(plan: FaultPlan, sent: ReadonlyArray<string>): string {
  return plan.splitUtf8 && !sent.some((text) => OUTSIDE_ASCII.test(text)) ? MULTI_BYTE_SUFFIX : "";
}

function mapArguments(choice: GeneratedChoice, encoder: Tiktoken, change: (text: string) => string): GeneratedChoice {
  if (choice.calls.length === 0) return choice;
  let completionTokens = choice.completionTokens;
  const calls = choice.calls.map((call): GeneratedCall => {
    const argumentsText = change(call.arguments);
    const tokens = tokenizeOutput(encoder, argumentsText);
    completionTokens += tokens.length - call.argumentGroups.reduce((sum, group) => sum + group.tokens.length, 0);
    return { ...call, arguments: argumentsText, argumentGroups: groupWholeCharacters(tokens) };
  });
  return { ...choice, calls, completionTokens };
}

function mapText(choice: GeneratedChoice, encoder: Tiktoken, change: (text: string) => string): GeneratedChoice {
  if (choice.kind !== "text") return choice;
  const text = change(choice.text);
  const textTokens = tokenizeOutput(encoder, text);
  // Only the visible tokens change; anything else billed (hidden reasoning) stays as it was.
  const completionTokens = choice.completionTokens - choice.textTokens.length + textTokens.length;
  return { ...choice, text, textTokens, textGroups: groupWholeCharacters(textTokens), completionTokens };
}

// Python-style quotes: a mistake models really make, and one that no partial-JSON repair turns back into valid JSON.
function breakJson(text: string): string {
  const broken = text.replaceAll('"', "'");
  return broken === text ? `{'${text}` : broken;
}

// Valid JSON with the wrong type in the first property (strict schemas type and require every property), so the
// parse succeeds and only schema validation can catch it. Text that is not JSON (cut by max_tokens) stays as it is.
function mismatchJson(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return JSON.stringify(wrongType(value));
  const entries = Object.entries(value);
  const [first] = entries;
  if (!first) return JSON.stringify({ unexpected_property: true });
  return JSON.stringify(Object.fromEntries([[first[0], wrongType(first[1])], ...entries.slice(1)]));
}

function wrongType(value: unknown): unknown {
  if (typeof value === "string") return [value];
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

const OUTSIDE_ASCII = /[\u0080-\u{10ffff}]/u;

/**
 * Wraps a completion's SSE events with the stream faults of `plan`: `slow` paces them, each break fires after its
 * `after` intact data events (or just before `[DONE]` if the stream is shorter), and `split-utf8` writes each event
 * that holds a multi-byte character in two pieces cut inside that character.
 *
 * @example
 * createSseStream(applyStreamFaults(streamCompletion(envelope, choices, logprobs, usage, framing), plan, request.signal));
 */
export async function* applyStreamFaults(events: Iterable<SseEvent>, plan: FaultPlan, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  // Earliest first; for the same position, the order they were written in.
  const pending = [...plan.breaks].sort((left, right) => left.after - right.after);
  let sent = 0;
  let last: unknown;
  const pace = plan.slow && createPacer(plan.slow);
  for (const event of events) {
    if ("done" in event) break;
    if (!("data" in event)) {
      yield event;
      continue;
    }
    // The signal ends a wait at once when the client leaves, instead of at the end of a long time to first token.
    if (pace) await pace(event.data, signal);
    const outcome = yield* fireBreaks(pending, (fault) => fault.after <= sent, event.data);
    if (outcome === "ended") return;
    if (outcome === "replaced") {
      sent++;
      continue;
    }
    yield* writeEvent(event, plan.splitUtf8, signal);
    last = event.data;
    sent++;
  }
  // The stream is shorter than some `after`: those faults fire now, so a fault never silently fails to happen (a
  // replacing one sends a malformed copy of the last event, then the stream ends as usual).
  if ((yield* fireBreaks(pending, () => true, last)) === "ended") return;
  yield { done: true };
}

type BreakOutcome = "continue" | "replaced" | "ended";

// Fires every pending break that is due. Ending breaks stop the stream; replacing ones send `data` malformed instead
// of intact (one per event: a second one waits for the next event).
async function* fireBreaks(
  pending: FaultPlan["breaks"],
  due: (fault: FaultPlan["breaks"][number]) => boolean,
  data: unknown,
): AsyncGenerator<SseEvent, BreakOutcome> {
  let replaced = false;
  for (let index = 0; index < pending.length; ) {
    const fault = pending[index];
    if (!fault || !due(fault) || (replaced && (fault.kind === "bad-json" || fault.kind === "no-data-prefix"))) {
      index++;
      continue;
    }
    pending.splice(index, 1);
    switch (fault.kind) {
      case "disconnect":
        throw socketResetError();
      case "close":
        return "ended";
      case "error-event":
        // As captured from the API: the error as a data event, then [DONE].
        yield { data: { error: STREAM_ERROR } };
        yield { done: true };
        return "ended";
      case "bad-json":
        // Half an object is never valid JSON: its braces cannot balance.
        if (data !== undefined) yield { raw: `data: ${firstHalf(JSON.stringify(data))}\n\n` };
        replaced = true;
        break;
      case "no-data-prefix":
        if (data !== undefined) yield { raw: `${JSON.stringify(data)}\n\n` };
        replaced = true;
        break;
    }
  }
  return replaced ? "replaced" : "continue";
}

function firstHalf(text: string): string {
  return text.slice(0, Math.floor(text.length / 2));
}

// Captured from the API mid-stream (github.com/sashabaranov/go-openai/pull/396).
const STREAM_ERROR = {
  message: "The server experienced an error while processing your request. We apologize for the inconvenience!",
  type: "server_error",
  param: null,
  code: null,
};

async function* writeEvent(event: SseEvent, split: boolean, signal: AbortSignal | undefined): AsyncGenerator<SseEvent> {
  const pieces = split ? splitInsideCharacter(utf8.encode(formatSseEvent(event))) : undefined;
  if (!pieces) {
    yield event;
    return;
  }
  yield { raw: pieces[0] };
  await sleep(SPLIT_PAUSE_MS, signal);
  yield { raw: pieces[1] };
}

/**
 * Cuts bytes inside their first multi-byte UTF-8 character (a 2-byte one after its lead byte, a 4-byte one in the
 * middle), or returns undefined when they are all ASCII.
 *
 * @example
 * splitInsideCharacter(new TextEncoder().encode("a🙂")); // [[0x61, 0xf0, 0x9f], [0x99, 0x82]]
 */
export function splitInsideCharacter(bytes: Uint8Array): [Uint8Array, Uint8Array] | undefined {
  const lead = bytes.findIndex((byte) => byte >= 0xc0);
  if (lead < 0) return undefined;
  const leadByte = bytes[lead] ?? 0;
  const length = leadByte >= 0xf0 ? 4 : leadByte >= 0xe0 ? 3 : 2;
  const cut = lead + Math.floor(length / 2);
  return [bytes.slice(0, cut), bytes.slice(cut)];
}

// Paces events on a schedule (first event at ttft, then one token every 1000/tps ms) rather than by fixed sleeps, so
// timer granularity never adds up over a long stream; waits are rounded up, so no event ever comes early.
function createPacer(slow: NonNullable<FaultPlan["slow"]>): (data: unknown, signal: AbortSignal | undefined) => Promise<void> {
  let due: number | undefined;
  return async (data, signal) => {
    if (due === undefined) due = performance.now() + slow.ttftMs;
    else if (carriesToken(data)) due += 1000 / slow.tokensPerSecond;
    const wait = Math.ceil(due - performance.now());
    if (wait > 0) await sleep(wait, signal);
  };
}

// A chunk that carries generated text or arguments (not the role, finish or usage chunks): the unit `tps` paces.
// Chat chunks carry it in `delta`; legacy completion chunks in `text` (an echoed prompt counts as one token's wait).
function carriesToken(data: unknown): boolean {
  const choices = field(data, "choices");
  if (!Array.isArray(choices)) return false;
  return choices.some((choice: unknown) => {
    const delta = field(choice, "delta");
    const calls = field(delta, "tool_calls");
    return (
      nonEmptyString(field(choice, "text")) ||
      nonEmptyString(field(delta, "content")) ||
      nonEmptyString(field(field(delta, "function_call"), "arguments")) ||
      (Array.isArray(calls) && calls.some((call: unknown) => nonEmptyString(field(field(call, "function"), "arguments"))))
    );
  });
}

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value !== "";
}

/**
 * What a client's fetch throws when the server resets the connection mid-body (undici's error, cause included), used
 * for the in-process `fetch`, which has no socket to reset. Over `listen()` the server drops the connection instead.
 *
 * @example
 * controller.error(socketResetError());
 */
export function socketResetError(): TypeError {
  const cause = Object.assign(new Error("other side closed"), { name: "SocketError", code: "UND_ERR_SOCKET" });
  return new TypeError("terminated", { cause });
}

/**
 * The body of a non-streamed answer under the faults that apply to it: `disconnect` resets after half the JSON,
 * `close` and `bad-json` end cleanly after half of it, and `split-utf8` writes it in two pieces cut inside a
 * multi-byte character. Without those faults it is the JSON text itself.
 *
 * @example
 * new Response(faultyJsonBody(JSON.stringify(completion), plan), { status: 200, headers });
 */
export function faultyJsonBody(json: string, plan: FaultPlan): string | ReadableStream<Uint8Array> {
  const cut = plan.breaks.find((fault) => fault.kind === "disconnect" || fault.kind === "close" || fault.kind === "bad-json");
  const bytes = utf8.encode(json);
  const pieces = cut ? [bytes.slice(0, Math.floor(bytes.length / 2))] : plan.splitUtf8 ? splitInsideCharacter(bytes) : undefined;
  if (!pieces) return json;
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next > 0 && next < pieces.length) await sleep(SPLIT_PAUSE_MS);
      const piece = pieces[next++];
      if (piece) controller.enqueue(piece);
      else if (cut?.kind === "disconnect") controller.error(socketResetError());
      else controller.close();
    },
  });
}
