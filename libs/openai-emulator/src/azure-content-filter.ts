// Azure OpenAI's content filtering, as recorded Azure answers show it (src/__fixtures__/azure/, each file naming its
// source):
// - a completion carries `prompt_filter_results` (one entry per prompt, `prompt_index` 0) at the top level and
//   `content_filter_results` on each choice;
// - a stream opens with a chunk that has `"choices": []`, empty `id`, `model` and `object`, `created: 0`, and the
//   `prompt_filter_results`; every choice chunk then has `content_filter_results`: `{}` on the role chunk and the finish
//   chunk, the per-category verdict on the chunks that carry text;
// - a prompt the filter blocks is answered 400 with `code: "content_filter"`, `param: "prompt"`, `type: null`,
//   `status: 400` and the verdict in `innererror.content_filter_result` (`code: "ResponsibleAIPolicyViolation"`);
// - an answer the filter blocks ends with `finish_reason: "content_filter"`, its choice's verdict marking the category.
// On the Responses route (no recorded body here; public reports, the shapes partly estimated):
// - a blocked prompt, not streamed, is the same 400 (maximhq/bifrost#6652: "Non-streaming already surfaced it correctly
//   as a 400"; the body is estimated to be the chat route's, as the filter sits in front of both);
// - streamed, it is answered 200 and killed with three events: `response.created`, `response.failed` whose response
//   has `"error": null`, then an `error` event whose nested `error` carries the reason, `content_policy_violation`
//   (maximhq/bifrost#6419 and #6652, Azure's /openai/v1/responses with gpt-5.1; the nested error's `type`, `param` and
//   `message` are estimated); Azure's response objects carry `content_filters: null` (#6419's response.created);
// - an answer the filter cuts is `status: "incomplete"` with `incomplete_details.reason: "content_filter"` (OpenAI's
//   published Response schema; the responses route already answers a scenario's content_filter finish that way).

import type { EmulatorContext } from "./context.js";
import { EmulatorHttpError, type OpenAIErrorBody } from "./errors.js";
import { createSseStream, type SseEvent } from "./sse.js";

type Verdict = Record<string, Record<string, boolean | string>>;

const SAFE = { filtered: false, severity: "safe" };
/** The prompt's verdict when nothing is filtered (prompts are also checked for jailbreak attempts). */
const SAFE_PROMPT: Verdict = { hate: SAFE, jailbreak: { filtered: false, detected: false }, self_harm: SAFE, sexual: SAFE, violence: SAFE };
/** A completion's verdict when nothing is filtered. */
const SAFE_COMPLETION: Verdict = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
// What the emulator's filter blocks: violence, at high severity (it has no classifier; the category is fixed).
const BLOCKED = { filtered: true, severity: "high" };

const BLOCKED_PROMPT_MESSAGE =
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your " +
  "prompt and retry. To learn more about our content filtering policies please read our documentation: " +
  "https://go.microsoft.com/fwlink/?linkid=2198766";

/** Azure's 400 for a blocked prompt: OpenAI's envelope with `type: null`, `status` and the `innererror` verdict. */
class ContentFilterHttpError extends EmulatorHttpError {
  override toBody(): OpenAIErrorBody {
    const error = {
      message: this.message,
      type: null,
      param: "prompt",
      code: "content_filter",
      status: 400,
      innererror: { code: "ResponsibleAIPolicyViolation", content_filter_result: { ...SAFE_PROMPT, violence: BLOCKED } },
    };
    return { error } as unknown as OpenAIErrorBody;
  }
}

/**
 * The error of the `content-filter` fault: Azure's 400 for a prompt its content filter blocks (the `violence`
 * category, at high severity). Azure's filter is not retried by clients (a 400), so neither is this.
 *
 * @example
 * throw contentFilterError({ "openai-processing-ms": "3" });
 */
export function contentFilterError(headers: Record<string, string>): EmulatorHttpError {
  return new ContentFilterHttpError(400, BLOCKED_PROMPT_MESSAGE, { param: "prompt", code: "content_filter", headers });
}

/**
 * Adds Azure's content-filter annotations to a successful answer of an Azure route: JSON gets `prompt_filter_results`
 * and each choice's `content_filter_results`; a stream gets its opening `prompt_filter_results` chunk and each choice
 * chunk's `content_filter_results`. A choice that ends with `finish_reason: "content_filter"` (a scenario's
 * `finishReason`) is marked blocked. Other responses (errors, anything not JSON) pass through unchanged.
 *
 * @example
 * return addAzureContentFilters(await handler(inner, context, requestId));
 */
export async function addAzureContentFilters(response: Response): Promise<Response> {
  if (response.status !== 200 || response.body === null) return response;
  const type = response.headers.get("content-type") ?? "";
  if (type.includes("text/event-stream")) {
    return new Response(response.body.pipeThrough(annotateStream()), { status: 200, headers: response.headers });
  }
  if (!type.includes("application/json")) return response;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  // A body a fault cuts, resets or writes in pieces is passed on exactly as it came (same pieces, same ending).
  const { pieces, error } = await readPieces(response.body);
  const body = pieces.length === 1 && error === undefined ? parseObject(new TextDecoder().decode(pieces[0])) : undefined;
  if (body === undefined || !Array.isArray(body.choices)) return new Response(replayPieces(pieces, error), { status: 200, headers });
  for (const choice of body.choices as Array<Record<string, unknown>>) choice.content_filter_results = completionVerdict(choice.finish_reason);
  const annotated = { ...body, prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE_PROMPT }] };
  return new Response(JSON.stringify(annotated), { status: 200, headers });
}

async function readPieces(body: ReadableStream<Uint8Array>): Promise<{ pieces: Uint8Array[]; error: unknown }> {
  const pieces: Uint8Array[] = [];
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) pieces.push(read.value);
    return { pieces, error: undefined };
  } catch (error) {
    return { pieces, error: error ?? new Error("the body failed") };
  }
}

function replayPieces(pieces: Uint8Array[], error: unknown): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece !== undefined) controller.enqueue(piece);
      else if (error !== undefined) controller.error(error);
      else controller.close();
    },
  });
}

function completionVerdict(finishReason: unknown): Verdict {
  return finishReason === "content_filter" ? { ...SAFE_COMPLETION, violence: BLOCKED } : SAFE_COMPLETION;
}

// Whole events are rewritten as they arrive (so pacing faults keep their timing); an event that is not a JSON chunk
// (`[DONE]`, a comment, a broken-JSON fault) passes through as it came.
function annotateStream(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = "";
  let opened = false;
  return new TransformStream({
    transform(bytes, controller) {
      buffer += decoder.decode(bytes, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const event = buffer.slice(0, end + 2);
        buffer = buffer.slice(end + 2);
        if (!opened) {
          opened = true;
          const first = { choices: [], created: 0, id: "", model: "", object: "", prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE_PROMPT }] };
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(first)}\n\n`));
        }
        controller.enqueue(encoder.encode(annotateEvent(event)));
        end = buffer.indexOf("\n\n");
      }
    },
    flush(controller) {
      buffer += decoder.decode();
      if (buffer !== "") controller.enqueue(encoder.encode(buffer));
    },
  });
}

function annotateEvent(event: string): string {
  const match = /^data: (\{.*\})\n\n$/su.exec(event);
  const chunk = match?.[1] === undefined ? undefined : parseObject(match[1]);
  if (chunk === undefined || !Array.isArray(chunk.choices) || chunk.choices.length === 0) return event;
  for (const choice of chunk.choices as Array<Record<string, unknown>>) {
    const delta = (choice.delta ?? {}) as Record<string, unknown>;
    const carriesText = typeof delta.content === "string" && delta.content !== "";
    const filtered = choice.finish_reason === "content_filter";
    choice.content_filter_results = filtered || carriesText ? completionVerdict(choice.finish_reason) : {};
  }
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an error is the `content-filter` fault's (Azure's blocked-prompt 400).
 *
 * @example
 * isContentFilterError(contentFilterError({})); // true
 */
export function isContentFilterError(error: EmulatorHttpError): boolean {
  return error instanceof ContentFilterHttpError;
}

/**
 * Azure's answer to a streamed Responses request whose prompt its filter blocks: 200, then `response.created`,
 * `response.failed` (its response's `error` null) and an `error` event carrying `content_policy_violation`, and the
 * stream ends (see the header for the sources).
 *
 * @example
 * return contentFilterResponsesStream({ model: "gpt-4o-mini", stream: true, input: "…" }, context, requestId);
 */
export function contentFilterResponsesStream(body: Record<string, unknown>, context: EmulatorContext, requestId: string): Response {
  const response = {
    id: context.ids.responses("resp"),
    object: "response",
    created_at: Math.floor(context.now() / 1000),
    status: "in_progress",
    background: false,
    content_filters: null,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === "string" ? body.instructions : null,
    model: typeof body.model === "string" ? body.model.replace(/\+fault=.*$/u, "") : null,
    metadata: typeof body.metadata === "object" && body.metadata !== null ? body.metadata : {},
    output: [],
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: typeof body.previous_response_id === "string" ? body.previous_response_id : null,
    store: body.store !== false,
    temperature: typeof body.temperature === "number" ? body.temperature : 1,
    tool_choice: body.tool_choice ?? "auto",
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: typeof body.top_p === "number" ? body.top_p : 1,
    usage: null,
  };
  const events: SseEvent[] = [
    { event: "response.created", data: { type: "response.created", response, sequence_number: 0 } },
    { event: "response.failed", data: { type: "response.failed", response: { ...response, status: "failed" }, sequence_number: 1 } },
    {
      event: "error",
      data: {
        type: "error",
        sequence_number: 2,
        error: { type: "invalid_request_error", code: "content_policy_violation", message: BLOCKED_PROMPT_MESSAGE, param: "prompt" },
      },
    },
  ];
  return new Response(createSseStream(events), {
    status: 200,
    headers: { "x-request-id": requestId, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}
