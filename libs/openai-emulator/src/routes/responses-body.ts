// The `response` object of the Responses API and its output items, built from what the engine generated. Field set
// and order follow recorded responses (vercel/ai fixtures issue-20047-openai-responses and
// issue-19493-gpt-5.1-tool-call, 2026) and the published `Response` schema.

import type { GeneratedChoice } from "../engine/generate-choice.js";
import type { IdSource } from "../ids.js";
import type { ResponsesRequest } from "../responses-wire.js";
import type { BuiltInCallItem, OutputAnnotation } from "./responses-tools/built-in-tool.js";
import { echoTool } from "./responses-tools/registry.js";
import { sealReasoning } from "./responses-encrypted-reasoning.js";

/** A reasoning item: its summary parts (requested with `reasoning.summary`) and, when included, opaque content. */
export interface ReasoningOutputItem {
  id: string;
  type: "reasoning";
  summary: Array<{ type: "summary_text"; text: string }>;
  encrypted_content?: string;
}

/** An assistant message item with one `output_text` or `refusal` part. */
export interface MessageOutputItem {
  id: string;
  type: "message";
  status: "in_progress" | "completed" | "incomplete";
  content: Array<{ type: "output_text"; annotations: unknown[]; logprobs: unknown[]; text: string } | { type: "refusal"; refusal: string }>;
  role: "assistant";
}

/** A function call item: `id` names the item (`fc_…`), `call_id` the call (`call_…`) a function_call_output answers. */
export interface FunctionCallOutputItem {
  id: string;
  type: "function_call";
  status: "in_progress" | "completed";
  arguments: string;
  call_id: string;
  name: string;
}

/** A custom tool call item: `id` names the item (`ctc_…`), `call_id` the call a custom_tool_call_output answers. */
export interface CustomToolCallOutputItem {
  id: string;
  type: "custom_tool_call";
  status: "in_progress" | "completed";
  call_id: string;
  input: string;
  name: string;
}

/** One item of `output`. */
export type ResponsesOutputItem = ReasoningOutputItem | MessageOutputItem | FunctionCallOutputItem | CustomToolCallOutputItem | BuiltInCallItem;

/** `usage` as the Responses API reports it. */
export interface ResponsesUsage {
  input_tokens: number;
  /** `cache_write_tokens` as recorded in 2026 (vercel/ai issue-20047-openai-responses) and required by the spec. */
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** What the output items are made from, besides the generated choice. */
export interface OutputSources {
  ids: IdSource;
  /** The reasoning summary's paragraphs, when one was asked for and the model reasoned. */
  summary: string[];
  /** Whether `include` asked for `reasoning.encrypted_content`. */
  encryptedReasoning: boolean;
  /** The items of the built-in tool that ran before the answer (web search, code interpreter, …). */
  builtIn?: BuiltInCallItem[];
  /** The built-in items end the turn: no answer follows (an MCP approval request). */
  endsTurn?: boolean;
  /** The answer's annotations (url citations), within its text. */
  annotations?: OutputAnnotation[];
  /** The request's scope, which the encrypted content is sealed for (see sealReasoning). */
  scope?: string | null;
}

/**
 * The output items of one generated choice: a reasoning item when the model reasoned, then the message (text or
 * refusal) or the function calls. A reasoning budget that used the whole limit leaves only the reasoning item.
 *
 * @example
 * buildOutputItems(choice, { ids, summary: [], encryptedReasoning: false })[0]?.type; // "message"
 */
export function buildOutputItems(choice: GeneratedChoice, sources: OutputSources): ResponsesOutputItem[] {
  const items: ResponsesOutputItem[] = [];
  if (choice.reasoningTokens > 0) {
    const id = sources.ids.responses("rs");
    const summary = sources.summary.map((text) => ({ type: "summary_text" as const, text }));
    items.push({ id, type: "reasoning", summary, ...(sources.encryptedReasoning && { encrypted_content: sealReasoning(id, choice.reasoningTokens, sources.scope ?? null) }) });
  }
  if (sources.builtIn) items.push(...sources.builtIn);
  if (sources.endsTurn) return items;
  if (choice.kind === "tool_calls" || choice.kind === "function_call") {
    for (const call of choice.calls) {
      items.push(
        call.kind === "custom"
          ? { id: sources.ids.responses("ctc"), type: "custom_tool_call", status: "completed", call_id: call.id, input: call.arguments, name: call.name }
          : { id: sources.ids.responses("fc"), type: "function_call", status: "completed", arguments: call.arguments, call_id: call.id, name: call.name },
      );
    }
    return items;
  }
  if (choice.kind === "text" && choice.text === "" && choice.finishReason === "length") return items;
  const status = choice.finishReason === "length" || choice.finishReason === "content_filter" ? "incomplete" : "completed";
  const part =
    choice.kind === "refusal"
      ? { type: "refusal" as const, refusal: choice.text }
      : { type: "output_text" as const, annotations: sources.annotations ?? [], logprobs: [], text: choice.text };
  items.push({ id: sources.ids.responses("msg"), type: "message", status, content: [part], role: "assistant" });
  return items;
}

/**
 * Why a response is incomplete, from the engine's finish reason; `null` when it is complete.
 *
 * @example
 * incompleteReason({ ...choice, finishReason: "length" }); // "max_output_tokens"
 */
export function incompleteReason(choice: GeneratedChoice): "max_output_tokens" | "content_filter" | null {
  if (choice.finishReason === "length") return "max_output_tokens";
  if (choice.finishReason === "content_filter") return "content_filter";
  return null;
}

/** The fields of a response that do not depend on its progress. */
export interface ResponseEnvelope {
  id: string;
  createdAt: number;
  model: string;
  reasoningModel: boolean;
  request: ResponsesRequest;
}

/** How far a response got: `output` and `usage` are empty and null until it is done. */
export interface ResponseProgress {
  status: "in_progress" | "completed" | "incomplete" | "failed";
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  completedAt: number | null;
  incompleteReason: string | null;
  /** Why a failed response failed (`response.failed`), as `{code, message}`. */
  error?: { code: string; message: string };
}

/**
 * The `response` object: every field the API sends, the request's settings echoed with the API's defaults.
 *
 * @example
 * buildResponse(envelope, { status: "completed", output, usage, completedAt: 1787659561, incompleteReason: null }).object; // "response"
 */
export function buildResponse(envelope: ResponseEnvelope, progress: ResponseProgress): Record<string, unknown> {
  const request = envelope.request;
  return {
    id: envelope.id,
    object: "response",
    created_at: envelope.createdAt,
    status: progress.status,
    background: false,
    completed_at: progress.completedAt,
    error: progress.error ?? null,
    frequency_penalty: 0,
    incomplete_details: progress.incompleteReason === null ? null : { reason: progress.incompleteReason },
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    model: envelope.model,
    output: progress.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    presence_penalty: 0,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: envelope.reasoningModel
      ? { effort: request.reasoning?.effort ?? "medium", summary: request.reasoning?.summary ?? null }
      : { effort: null, summary: null },
    safety_identifier: request.safety_identifier ?? null,
    // "auto" while in progress, then the tier that served it (recorded).
    service_tier: progress.status === "in_progress" ? (request.service_tier ?? "auto") : servedTier(request.service_tier),
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: "text" }, verbosity: request.text?.verbosity ?? "medium" },
    tool_choice: request.tool_choice ?? "auto",
    // Function tools are echoed with every member, `strict` as used (the route resolves an omitted one); built-in
    // tools with the API's defaults.
    tools: (request.tools ?? []).map(echoTool),
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? "disabled",
    usage: progress.usage,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

function servedTier(requested: string | null | undefined): string {
  return requested === "flex" || requested === "scale" || requested === "priority" ? requested : "default";
}
