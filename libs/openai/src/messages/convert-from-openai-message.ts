import { AIMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import { addContentFilterMetadata, readContentFilterResults, readPromptFilterResults } from "./convert-content-filter.js";
import { convertTokenUsage, convertUsage } from "./convert-usage.js";
import { parseToolCalls } from "./parse-tool-calls.js";
import { ensureReasoningContentBlocks } from "./ensure-reasoning-content-blocks.js";

/**
 * Per-response facts the converters attach to `response_metadata`.
 *
 * @example
 * const context: ResponseContext = { requestId: "req_123", warnings: ["temperature dropped for o3"] };
 */
export interface ResponseContext {
  /** The `x-request-id` header (the SDK's `_request_id`); becomes `response_metadata.request_id`. */
  requestId?: string;
  /** What the request builder dropped or changed; becomes `response_metadata.warnings` when non-empty. */
  warnings?: string[];
  /** The HTTP response headers (with `includeResponseHeaders`); become `response_metadata.headers`. */
  headers?: Record<string, string>;
}

/**
 * The warning of an answer whose whole output budget went before any visible output: `finish_reason: "length"` with
 * no content, tool call, refusal or audio. On a reasoning model the hidden reasoning spent it
 * (`usage_metadata.output_token_details.reasoning` says how much); it would otherwise look like an ordinary empty
 * answer.
 *
 * @example
 * message.response_metadata.warnings?.includes(EMPTY_OUTPUT_BUDGET_WARNING); // the budget ran out before the answer began
 */
export const EMPTY_OUTPUT_BUDGET_WARNING =
  'The answer is empty: finish_reason is "length" and the output token budget ran out before any visible output (on a ' +
  "reasoning model, hidden reasoning spent it; see usage_metadata.output_token_details.reasoning). Raise " +
  "maxCompletionTokens (or maxTokens), or lower the reasoning effort.";

/**
 * Options of {@link convertFromOpenAIMessage}.
 *
 * @example
 * const options: ConvertFromOpenAIMessageOptions = { includeUsage: choice.index === 0 };
 */
export interface ConvertFromOpenAIMessageOptions {
  /** Attach `usage_metadata` and `response_metadata.tokenUsage`. With n>1, set it for one choice only. */
  includeUsage: boolean;
}

/**
 * `response_metadata.model_provider`: selects core's "openai" content-block translator, as `@langchain/openai` does.
 *
 * @example
 * message.response_metadata.model_provider === MODEL_PROVIDER; // message.contentBlocks uses the OpenAI translator
 */
export const MODEL_PROVIDER = "openai";

/**
 * Converts one choice of a non-streamed Chat Completions response into an `AIMessage`.
 *
 * Tool calls whose arguments are not a JSON object become `invalid_tool_calls`; with `finish_reason: "length"` every
 * tool call does (see `TRUNCATED_TOOL_CALL_ERROR`). `additional_kwargs.tool_calls` holds the wire tool calls, each with
 * its position as `index`, which is the shape streamed fragments merge into.
 *
 * @example
 * const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
 * const message = convertFromOpenAIMessage(completion, completion.choices[0]!, { requestId: completion._request_id ?? undefined }, { includeUsage: true });
 * message.tool_calls; message.usage_metadata; message.response_metadata.finish_reason;
 */
export function convertFromOpenAIMessage(
  completion: OpenAI.ChatCompletion,
  choice: OpenAI.ChatCompletion.Choice,
  context: ResponseContext,
  options: ConvertFromOpenAIMessageOptions,
): AIMessage {
  // Compatible servers have been seen to omit the message of an empty choice; read it as an empty answer.
  const wire: Partial<OpenAI.ChatCompletionMessage> = choice.message ?? {};
  const { toolCalls, invalidToolCalls } = parseToolCalls(wire.tool_calls, { truncated: choice.finish_reason === "length" });
  const additionalKwargs = convertMessageKwargs(wire);
  const usage = options.includeUsage ? completion.usage : undefined;
  const message = new AIMessage({
    content: typeof wire.content === "string" ? wire.content : "",
    id: completion.id,
    tool_calls: toolCalls,
    invalid_tool_calls: invalidToolCalls,
    additional_kwargs: additionalKwargs,
    response_metadata: convertCompletionMetadata(completion, choice, context, usage),
    usage_metadata: usage ? convertUsage(usage) : undefined,
  });
  // Added after construction on purpose: core's AIMessage constructor console.warns ("New LangChain packages are
  // available…") whenever raw tool calls come with no valid one, which is exactly the all-invalid (truncated) case.
  if (wire.tool_calls?.length) additionalKwargs.tool_calls = wire.tool_calls.map((call, index) => ({ ...call, index }));
  return message;
}

/**
 * The `response_metadata` facts that come from the request rather than the response: `request_id`, and `warnings`
 * when there are any. Streams attach them to the first chunk of each choice.
 *
 * @example
 * convertResponseContext({ requestId: "req_1", warnings: [] }); // { request_id: "req_1" }
 */
export function convertResponseContext(context: ResponseContext): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (context.requestId) metadata.request_id = context.requestId;
  if (context.warnings?.length) metadata.warnings = [...context.warnings];
  if (context.headers) metadata.headers = { ...context.headers };
  return metadata;
}

/**
 * Reads the reasoning text OpenAI-compatible servers add to a message or delta: `reasoning_content` (DeepSeek, vLLM
 * before 0.10) or `reasoning` (vLLM, OpenRouter). Empty strings and non-strings count as absent.
 *
 * @example
 * readReasoningContent({ content: null, reasoning_content: "First, 9.11 < 9.9" }); // "First, 9.11 < 9.9"
 */
export function readReasoningContent(source: object): string | undefined {
  const { reasoning_content: reasoningContent, reasoning } = source as { reasoning_content?: unknown; reasoning?: unknown };
  if (typeof reasoningContent === "string" && reasoningContent !== "") return reasoningContent;
  if (typeof reasoning === "string" && reasoning !== "") return reasoning;
  return undefined;
}

function convertMessageKwargs(wire: Partial<OpenAI.ChatCompletionMessage>): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  if (typeof wire.refusal === "string" && wire.refusal !== "") kwargs.refusal = wire.refusal;
  const reasoning = readReasoningContent(wire);
  if (reasoning !== undefined) {
    kwargs.reasoning_content = reasoning;
    ensureReasoningContentBlocks();
  }
  if (wire.function_call) kwargs.function_call = wire.function_call;
  if (wire.audio) kwargs.audio = wire.audio;
  // URL citations of the search models (`web_search_options`); the key is left out when there are none.
  if (Array.isArray(wire.annotations) && wire.annotations.length > 0) kwargs.annotations = wire.annotations;
  return kwargs;
}

function convertCompletionMetadata(
  completion: OpenAI.ChatCompletion,
  choice: OpenAI.ChatCompletion.Choice,
  context: ResponseContext,
  usage: OpenAI.CompletionUsage | undefined,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { model_provider: MODEL_PROVIDER, ...convertResponseContext(context) };
  if (completion.model) metadata.model_name = completion.model;
  if (completion.system_fingerprint) metadata.system_fingerprint = completion.system_fingerprint;
  if (completion.service_tier) metadata.service_tier = completion.service_tier;
  if (choice.finish_reason) metadata.finish_reason = choice.finish_reason;
  if (choice.logprobs) metadata.logprobs = choice.logprobs;
  if (usage) metadata.tokenUsage = convertTokenUsage(usage);
  if (choice.finish_reason === "length" && !hasVisibleOutput(choice.message ?? {})) {
    metadata.warnings = [...((metadata.warnings as string[] | undefined) ?? []), EMPTY_OUTPUT_BUDGET_WARNING];
  }
  return addContentFilterMetadata(metadata, {
    promptFilterResults: readPromptFilterResults(completion),
    contentFilterResults: readContentFilterResults(choice),
    finishReason: choice.finish_reason,
  });
}

function hasVisibleOutput(wire: Partial<OpenAI.ChatCompletionMessage>): boolean {
  return (
    (typeof wire.content === "string" && wire.content !== "") ||
    (wire.tool_calls?.length ?? 0) > 0 ||
    wire.function_call != null ||
    (typeof wire.refusal === "string" && wire.refusal !== "") ||
    wire.audio != null
  );
}
