// The Responses API's event stream: `event: <type>` lines, a `sequence_number` on every event, and no `[DONE]`. The
// order is the recorded one (vercel/ai fixtures openai-reasoning-encrypted-content.1 and issue-20047-openai-responses):
// response.created, response.in_progress, then per output item output_item.added, its parts and deltas, output_item.done,
// and last response.completed (or response.incomplete).

import type { GeneratedChoice } from "../engine/generate-choice.js";
import type { TokenGroup } from "../engine/output-tokens.js";
import type { Random } from "../engine/random.js";
import type { SseEvent } from "../sse.js";
import { buildResponse, type ResponseEnvelope, type ResponseProgress, type ResponsesOutputItem } from "./responses-body.js";
import { BUILT_IN_ITEM_TYPES } from "../responses-wire.js";
import { annotationEnd, type BuiltInCallItem, type OutputAnnotation } from "./responses-tools/built-in-tool.js";
import type { ChosenBuiltIn } from "./responses-tools/registry.js";

type Payload = Record<string, unknown>;

const PAD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The events of one streamed response, from the finished output: each item is announced, streamed in deltas (text,
 * refusal, function call arguments, reasoning summary) and closed, then the response ends as `completed` or
 * `incomplete`. `obfuscation` (unless `stream_options.include_obfuscation` is false) pads the delta events.
 *
 * @example
 * createSseStream(streamResponse(envelope, final, choice, undefined));
 */
export function* streamResponse(
  envelope: ResponseEnvelope,
  final: ResponseProgress,
  choice: GeneratedChoice,
  obfuscation: Random | undefined,
  builtIn?: ChosenBuiltIn,
): Generator<SseEvent> {
  let sequence = 0;
  const event = (type: string, payload: Payload): SseEvent => ({ event: type, data: { type, ...payload, sequence_number: sequence++ } });
  const pad = (payload: Payload): Payload => (obfuscation ? { ...payload, obfuscation: randomPad(obfuscation) } : payload);
  const started: ResponseProgress = { status: "in_progress", output: [], usage: null, completedAt: null, incompleteReason: null };
  yield event("response.created", { response: buildResponse(envelope, started) });
  yield event("response.in_progress", { response: buildResponse(envelope, started) });
  let callIndex = 0;
  for (const [outputIndex, item] of final.output.entries()) {
    if (isBuiltInCall(item)) {
      if (!builtIn) throw new TypeError(`No built-in tool streams ${item.type}`);
      yield event("response.output_item.added", { item: builtIn.handler.opened(item), output_index: outputIndex });
      // Deltas (the code interpreter's code) are padded like the others (recorded with `obfuscation`).
      const toolEvent = (type: string, payload: Payload) => event(type, type.endsWith(".delta") ? pad(payload) : payload);
      yield* builtIn.handler.events(item, outputIndex, toolEvent, builtIn.tool);
      yield event("response.output_item.done", { item, output_index: outputIndex });
      continue;
    }
    yield event("response.output_item.added", { item: openedItem(item), output_index: outputIndex });
    const groups = item.type === "function_call" || item.type === "custom_tool_call" ? (choice.calls[callIndex++]?.argumentGroups ?? []) : choice.textGroups;
    yield* itemDeltas(item, outputIndex, groups, event, pad);
    yield event("response.output_item.done", { item, output_index: outputIndex });
  }
  const type = final.status === "incomplete" ? "response.incomplete" : "response.completed";
  yield event(type, { response: buildResponse(envelope, final) });
}

type EventMaker = (type: string, payload: Payload) => SseEvent;

function isBuiltInCall(item: ResponsesOutputItem): item is BuiltInCallItem {
  return BUILT_IN_ITEM_TYPES.some((type) => type === item.type);
}

function* itemDeltas(item: Exclude<ResponsesOutputItem, BuiltInCallItem>, outputIndex: number, groups: ReadonlyArray<TokenGroup>, event: EventMaker, pad: (payload: Payload) => Payload): Generator<SseEvent> {
  const where = { item_id: item.id, output_index: outputIndex };
  switch (item.type) {
    case "reasoning":
      for (const [summaryIndex, part] of item.summary.entries()) {
        const at = { ...where, summary_index: summaryIndex };
        yield event("response.reasoning_summary_part.added", { ...at, part: { type: "summary_text", text: "" } });
        for (const delta of splitWords(part.text)) yield event("response.reasoning_summary_text.delta", pad({ ...at, delta }));
        yield event("response.reasoning_summary_text.done", { ...at, text: part.text });
        yield event("response.reasoning_summary_part.done", { ...at, part });
      }
      return;
    case "function_call":
      for (const group of groups) yield event("response.function_call_arguments.delta", pad({ ...where, delta: group.text }));
      yield event("response.function_call_arguments.done", { ...where, arguments: item.arguments });
      return;
    case "custom_tool_call":
      for (const group of groups) yield event("response.custom_tool_call_input.delta", pad({ ...where, delta: group.text }));
      yield event("response.custom_tool_call_input.done", { ...where, input: item.input });
      return;
    case "message":
      for (const [contentIndex, part] of item.content.entries()) {
        const at = { ...where, content_index: contentIndex };
        if (part.type === "refusal") {
          yield event("response.content_part.added", { ...at, part: { type: "refusal", refusal: "" } });
          for (const group of groups) yield event("response.refusal.delta", { ...at, delta: group.text });
          yield event("response.refusal.done", { ...at, refusal: part.refusal });
        } else {
          yield event("response.content_part.added", { ...at, part: { ...part, annotations: [], text: "" } });
          // An annotation is announced after the delta that completes the text it covers (recorded web search).
          let streamed = 0;
          let announced = 0;
          for (const group of groups) {
            yield event("response.output_text.delta", pad({ ...at, delta: group.text, logprobs: [] }));
            streamed += [...group.text].length;
            for (; announced < part.annotations.length; announced++) {
              const annotation = part.annotations[announced] as OutputAnnotation;
              if (annotationEnd(annotation) > streamed) break;
              yield event("response.output_text.annotation.added", { ...at, annotation_index: announced, annotation });
            }
          }
          yield event("response.output_text.done", { ...at, text: part.text, logprobs: [] });
        }
        yield event("response.content_part.done", { ...at, part });
      }
      return;
    default: {
      const unknown: never = item;
      throw new TypeError(`Unknown output item ${JSON.stringify(unknown)}`);
    }
  }
}

// An item as output_item.added announces it: empty content, summary and arguments, in progress.
function openedItem(item: Exclude<ResponsesOutputItem, BuiltInCallItem>): ResponsesOutputItem {
  switch (item.type) {
    case "reasoning":
      return { ...item, summary: [] };
    case "message":
      return { ...item, status: "in_progress", content: [] };
    case "function_call":
      return { ...item, status: "in_progress", arguments: "" };
    case "custom_tool_call":
      return { ...item, status: "in_progress", input: "" };
    default: {
      const unknown: never = item;
      throw new TypeError(`Unknown output item ${JSON.stringify(unknown)}`);
    }
  }
}

// Summary text streams in small pieces, as recorded (a word or part of one per delta).
function splitWords(text: string): string[] {
  return text.match(/\s*\S+|\s+$/gu) ?? [];
}

function randomPad(random: Random): string {
  let pad = "";
  const length = random.int(4, 15);
  for (let index = 0; index < length; index++) pad += random.pick([...PAD_ALPHABET]);
  return pad;
}

/**
 * The Responses framing of a stream that stream faults ran over (faults-apply.ts, written for Chat Completions): its
 * `[DONE]` is dropped (this API never sends one), and an `error-event` fault's `data: {"error": …}` becomes the recorded
 * pair: an `error` event, then `response.failed` with the error (vercel/ai fixture openai-error.1.chunks.txt, 2025-11:
 * `{"type":"error","sequence_number":2,"error":{"type":…,"code":…,"message":…,"param":null}}`).
 *
 * @example
 * createSseStream(asResponsesStream(applyStreamFaults(events, plan, signal), envelope));
 */
export async function* asResponsesStream(events: AsyncIterable<SseEvent>, envelope: ResponseEnvelope): AsyncGenerator<SseEvent> {
  let next = 0;
  for await (const event of events) {
    if ("done" in event) continue;
    if (!("data" in event) || event.event !== undefined || !isErrorPayload(event.data)) {
      if ("data" in event) next = Number((event.data as Payload).sequence_number ?? next - 1) + 1;
      yield event;
      continue;
    }
    const error = event.data.error;
    yield { event: "error", data: { type: "error", sequence_number: next++, error } };
    const failed: ResponseProgress = {
      status: "failed",
      output: [],
      usage: null,
      completedAt: null,
      incompleteReason: null,
      error: { code: error.code ?? "server_error", message: error.message },
    };
    yield { event: "response.failed", data: { type: "response.failed", sequence_number: next++, response: buildResponse(envelope, failed) } };
  }
}

function isErrorPayload(data: unknown): data is { error: { message: string; code: string | null } } {
  return typeof data === "object" && data !== null && "error" in data && !("type" in data);
}

/**
 * The stream of a response that fails at once (the input does not fit the context window): `response.created`,
 * `response.in_progress`, then `response.failed` with the error, as streamed failures are recorded in public client
 * tests (openai/codex `sse_failed(…, "context_length_exceeded", "Your input exceeds the context window of this model. …")`).
 *
 * @example
 * createSseStream(streamFailedResponse(envelope, { code: "context_length_exceeded", message }));
 */
export function* streamFailedResponse(envelope: ResponseEnvelope, error: { code: string; message: string }): Generator<SseEvent> {
  const progress: ResponseProgress = { status: "in_progress", output: [], usage: null, completedAt: null, incompleteReason: null };
  yield { event: "response.created", data: { type: "response.created", response: buildResponse(envelope, progress), sequence_number: 0 } };
  yield { event: "response.in_progress", data: { type: "response.in_progress", response: buildResponse(envelope, progress), sequence_number: 1 } };
  const failed = buildResponse(envelope, { ...progress, status: "failed", error });
  yield { event: "response.failed", data: { type: "response.failed", response: failed, sequence_number: 2 } };
}
