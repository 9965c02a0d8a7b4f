import type { Tiktoken } from "js-tiktoken/lite";
import { countTextTokensWith } from "./count-text-tokens.js";
import { encodingForModel, type EncodingName } from "./encoding-for-model.js";
import { countImageTokens, imageSizeFromDataUrl, type ImageDetail, type ImageSize } from "./image-tokens.js";
import { loadEncoding } from "./load-encoding.js";
import { countReasoningPromptTokens, harmonyDialectForModel } from "./reasoning-prompt.js";
import { countResponseFormatTokens, type ResponseFormat } from "./response-format.js";
import {
  countToolDefinitionTokens,
  functionDefinitionsOf,
  type FunctionCallChoice,
  type FunctionDefinition,
  type ToolChoice,
  type ToolDefinition,
} from "./tool-definitions.js";

/** A chat message as it travels on the wire; only the fields that carry tokens are read. */
export interface PromptMessage {
  role: string;
  content?: string | ReadonlyArray<PromptContentPart> | null;
  name?: string;
  tool_calls?: ReadonlyArray<PromptToolCall>;
  /** Not counted: a tool result is labelled with the called function's name, found through this id. */
  tool_call_id?: string | null;
  function_call?: { name?: string; arguments?: string } | null;
  refusal?: string | null;
}

/** A tool call in an assistant message of the history. Its `id` and `type` are not counted. */
export interface PromptToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/**
 * A content part of a wire message. `text` and `refusal` parts count their text and `image_url` parts count by
 * OpenAI's image formula; other kinds (`input_audio`, `file`) are not counted and are listed in `uncountedParts`.
 */
export interface PromptContentPart {
  type: string;
  text?: string;
  refusal?: string;
  image_url?: string | { url: string; detail?: string | null };
}

/** What {@link countMessageTokens} needs besides the message. All optional. */
export interface MessageCountOptions {
  /** The model, for its image rule (tiles or patches). Default: gpt-4o's. */
  model?: string;
  /** Function names of earlier tool calls by call id, to label `tool` messages; see {@link toolCallNames}. */
  toolCallNames?: ReadonlyMap<string, string>;
  /** The size of an image by its URL, when you know it (the counter never fetches images). */
  imageSize?: (url: string) => ImageSize | undefined;
  /** The size assumed for images of unknown size (http URLs, unreadable data). Default: 1024x1024. */
  defaultImageSize?: ImageSize;
  /** Appends "\n" to the text: the first system message of a request with tools (see tool-definitions.ts). */
  padForTools?: boolean;
  /** Collects the types of content parts that were not counted. */
  uncountedParts?: Set<string>;
}

/** A whole chat request, as {@link countChatPromptTokens} reads it. */
export interface PromptRequest {
  model: string;
  messages: ReadonlyArray<PromptMessage>;
  tools?: ReadonlyArray<ToolDefinition> | null;
  /** The legacy `functions` parameter. */
  functions?: ReadonlyArray<FunctionDefinition> | null;
  /** `tool_choice`: "none", "auto", "required" or `{ type: "function", function: { name } }`. */
  toolChoice?: ToolChoice | null;
  /** The legacy `function_call`: "none", "auto" or `{ name }`. */
  functionCall?: FunctionCallChoice | null;
  /** `response_format`; only `json_schema` adds tokens (response-format.ts; reasoning-prompt.ts on reasoning models). */
  responseFormat?: ResponseFormat | null;
  /** Overrides the encoding guessed from the model name. */
  encoding?: EncodingName;
  /** The size of an image by its URL, when you know it (the counter never fetches images). */
  imageSize?: (url: string) => ImageSize | undefined;
  /** The size assumed for images of unknown size. Default: 1024x1024. */
  defaultImageSize?: ImageSize;
}

/** What {@link countChatPromptTokens} reports. */
export interface PromptTokenCount {
  /** The `prompt_tokens` the API reports for the request: messages + tool definitions + reply priming (3; 2 on o3, o4, gpt-5). */
  totalCount: number;
  /** Each message's share, overhead included (the 3 reply-priming tokens are in the total only). */
  countPerMessage: number[];
  /** What the tool or function definitions and the tool choice add (0 without definitions). */
  toolsCount: number;
  /** What a `json_schema` response format adds (0 for other formats). */
  responseFormatCount: number;
  encoding: EncodingName;
  /** `false` when the model is unknown and o200k_base was assumed. */
  knownModel: boolean;
  /** Content part types that carry tokens the counter cannot compute offline (`input_audio`, `file`, ...). */
  uncountedParts: string[];
}

// Chat framing overhead, from the OpenAI cookbook "How to count tokens with tiktoken" (checked against the
// API's reported prompt_tokens for gpt-3.5-turbo, gpt-4, gpt-4o and gpt-4o-mini): every message is wrapped in
// <|start|>{role}<|message|>{content}<|end|> (3 tokens besides the role and content), a name costs 1 more,
// and the reply is primed with <|start|>assistant<|message|> (3 tokens).
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const TOKENS_REPLY_PRIMING = 3;
// Tool calls and results in the history, as gpt-4o, gpt-4o-mini, gpt-4.1*, gpt-3.5-turbo-0125 and
// gpt-4-0125-preview count them (truth set, __fixtures__/truth-set). The renderer writes a call as its own
// assistant message addressed to the function, and the result as a message from the function to the assistant:
//   <|start|>assistant to=functions.{name}<|message|>{arguments, compact}<|end|>
//   <|start|>{name} to=assistant<|message|>{content}<|end|>
// Evidence: each interaction with history was compared with the interaction of the same cassette, tools, first
// message and response format that has the least history, so the tool definitions' own error cancels (258 pairs).
// - 3 + tokens("assistant to=functions.NAME") + tokens(compact arguments) per call and 3 + tokens("NAME to=assistant")
//   + tokens(content) per result reproduce 214 of the 219 pairs with single calls (1 to 25 sequential calls; the 5
//   others differ by an image or a json_schema answer), 4 of 4 on gpt-3.5-turbo-0125 / gpt-4-0125-preview, and all
//   15 requests with tool history and no definitions exactly (crewAI/test_tools_emits_error_events#25: 25 calls, each 3 over the
//   old 3 + name + arguments).
// - The name is tokenized after "functions." (names such as "Delegate_work_to_coworker" or "calculator" cost 1 more
//   there than alone). Only the call carries the prefix: prefixing the result's name too reproduces 20 of 219, and
//   "assistant to=NAME" with "functions.NAME to=assistant" 120 of 219.
// - Arguments lose the whitespace between JSON tokens: `{"city": "Paris"}` costs what `{"city":"Paris"}` costs
//   (counted as sent, 187 of 219).
// - A text content beside the calls is a separate assistant message before them (mirascope/sync#1.14: 15 more than
//   mirascope/async#1.14, the same call with content null; 15 = 3 + "assistant" + the 11 text tokens). A null or
//   empty content adds nothing.
// Several calls in one message (parallel tool calls) are one call of multi_tool_use.parallel, and their results one
// message holding the JSON list of the outputs (Python json.dumps: ", " between items):
//   <|start|>assistant to=multi_tool_use.parallel<|message|>{"tool_uses":[{"recipient_name":"functions.{name}",
//     "parameters":{arguments}},...]}<|end|>
//   <|start|>multi_tool_use.parallel to=assistant<|message|>["{output 1}", "{output 2}"]<|end|>
// This reproduces 32 of the 38 pairs with parallel calls (2 or 3 calls; counting each call and result as a single one
// left them 8 to 164 under, growing with the outputs). Of the 6 others, 2 were recorded before March 2026 with
// non-ASCII outputs, which the list then escaped (\u2019: json.dumps' ensure_ascii; the 6 such requests dated
// 2025-08 to 2026-02-11 all match with escaping); the 12 recorded from 2026-03-12 on (crewAI hierarchical cassettes)
// all match unescaped, which is what is counted here. The 4 others are gpt-4.1 (5 under, one cassette). The one
// pair with a text beside parallel calls is 1 over.
const RECIPIENT_PREFIX = "functions.";
const PARALLEL_RECIPIENT = "multi_tool_use.parallel";
// gpt-4-0613 (and the `gpt-4` alias, and the other June 2023 function-calling snapshots) count the older way:
// 3 + name + arguments per call inside the assistant message, 3 + name + content per result (hmarr/openai-chat-tokens,
// legacy function_call; forestwanglin/openai-java#5: 35 on gpt-4). The 2 gpt-4-0613 requests with a tool call in the
// truth set have the same residual with it as the same requests without the call (mirascope
// test_structured_output_all_scenarios, uses_tool_output vs should_call_tool), and are 3 over with the rendering
// above. o1 models keep it too (no recorded tool history on them); o3, o4 and gpt-5 requests are counted by
// reasoning-prompt.ts, and countMessageTokens called on its own for them falls back to this rule.
const TOKENS_PER_CALL = 3;
const LEGACY_CALL_MODELS = /^(gpt-4(-32k)?(-0613)?|gpt-3\.5-turbo(-16k)?-0613|gpt-3\.5-turbo-16k)$/;
const REASONING_MODELS = /^(o\d|gpt-5)/;
const DEFAULT_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };
const INSTRUCTION_ROLES = new Set(["system", "developer"]);

/**
 * Counts the prompt tokens of a chat request the way the API does, offline: messages, tool or function
 * definitions, the tool choice, tool calls and results in the history, images and a json_schema response format.
 *
 * @example
 * const { totalCount, toolsCount } = await countChatPromptTokens({
 *   model: "gpt-4o-mini",
 *   messages: [{ role: "user", content: "Weather in Paris?" }],
 *   tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }],
 *   toolChoice: "auto",
 * });
 */
export async function countChatPromptTokens(request: PromptRequest): Promise<PromptTokenCount> {
  const guessed = encodingForModel(request.model);
  const encoding = request.encoding ?? guessed.encoding;
  const encoder = await loadEncoding(encoding);
  if (harmonyDialectForModel(request.model) !== undefined) {
    // o3, o4 and gpt-5 models: the harmony format, see reasoning-prompt.ts.
    const uncounted = new Set<string>();
    const counted = countReasoningPromptTokens(encoder, request, (message) =>
      countMessageTokens(encoder, message, {
        model: request.model,
        imageSize: request.imageSize,
        defaultImageSize: request.defaultImageSize,
        uncountedParts: uncounted,
      }),
    );
    const known = request.encoding !== undefined || guessed.known;
    const { totalCount, countPerMessage, toolsCount, responseFormatCount } = counted;
    return { totalCount, countPerMessage, toolsCount, responseFormatCount, encoding, knownModel: known, uncountedParts: [...uncounted] };
  }
  const hasDefinitions = functionDefinitionsOf(request).length > 0;
  // The definitions join the system message only when it opens the conversation; a system message after a user
  // message is left alone and the block is a system message of its own (full +9, no "\n"): all 10 truth-set
  // entries with such a late system message and tools (crewAI, gpt-3.5-turbo-0125 and gpt-4o-2024-05-13, e.g.
  // crewAI/test_output_pydantic_to_another_task#1.5) were 4 under with the join and are exact without it.
  const opensWithInstruction = INSTRUCTION_ROLES.has(request.messages[0]?.role ?? "");
  const firstInstruction = hasDefinitions && opensWithInstruction ? 0 : -1;
  const names = toolCallNames(request.messages);
  const uncountedParts = new Set<string>();
  const options = (index: number): MessageCountOptions => ({
    model: request.model,
    toolCallNames: names,
    imageSize: request.imageSize,
    defaultImageSize: request.defaultImageSize,
    padForTools: index === firstInstruction,
    uncountedParts,
  });
  // The results of a parallel call are one message (see PARALLEL_RECIPIENT): each run of them is counted together.
  const parallelShares = new Map<number, number>();
  if (callStyleOf(request.model) === "recipient") {
    for (const run of parallelResultRuns(request.messages)) {
      const shares = countParallelResults(encoder, run.map((index) => request.messages[index]!), options(-1));
      run.forEach((index, position) => parallelShares.set(index, shares[position]!));
    }
  }
  const countPerMessage = request.messages.map(
    (message, index) => parallelShares.get(index) ?? countMessageTokens(encoder, message, options(index)),
  );
  const toolsCount = countToolDefinitionTokens(encoder, {
    tools: request.tools,
    functions: request.functions,
    toolChoice: request.toolChoice,
    functionCall: request.functionCall,
    hasSystemMessage: firstInstruction >= 0,
    model: request.model,
  });
  const responseFormatCount = countResponseFormatTokens(encoder, {
    responseFormat: request.responseFormat,
    messages: request.messages,
    hasTools: hasDefinitions,
  });
  const totalCount = countPerMessage.reduce((sum, count) => sum + count, TOKENS_REPLY_PRIMING + toolsCount + responseFormatCount);
  return {
    totalCount,
    countPerMessage,
    toolsCount,
    responseFormatCount,
    encoding,
    knownModel: request.encoding !== undefined || guessed.known,
    uncountedParts: [...uncountedParts],
  };
}

/**
 * Counts one wire message: 3 for framing, the role, the text content, 1 + the name, and images. On gpt-4o, gpt-4.1
 * and other current models, an assistant message's tool calls are written as a separate message to the function
 * (3 + tokens("assistant to=functions.NAME") + the arguments without whitespace; several calls become one call of
 * `multi_tool_use.parallel`), and a `tool` or `function` result as a message from the function
 * (3 + tokens("NAME to=assistant") + the content; its `tool_call_id` is not counted). On gpt-4-0613 and reasoning
 * models a call costs 3 + name + arguments inside the assistant message and a result 3 + name + content. The results
 * of a parallel call are counted together by {@link countChatPromptTokens}; alone, each counts as a single result.
 *
 * @example
 * countMessageTokens(encoder, { role: "user", content: "Hello!" }); // 3 + 1 + 2
 * countMessageTokens(encoder, { role: "tool", tool_call_id: "call_1", content: "21°C" }, {
 *   toolCallNames: new Map([["call_1", "get_weather"]]),
 * }); // 3 + tokens("get_weather to=assistant") + tokens("21°C")
 */
export function countMessageTokens(encoder: Tiktoken, message: PromptMessage, options: MessageCountOptions = {}): number {
  const style = callStyleOf(options.model ?? "gpt-4o");
  const isResult = message.role === "tool" || message.role === "function";
  const calls = [...(message.tool_calls ?? []), ...(message.function_call ? [{ function: message.function_call }] : [])];
  let text = textOf(message.content);
  if (message.refusal) text += message.refusal;
  if (options.padForTools) text += "\n";
  const images = countImages(message.content, options);
  if (isResult) {
    const functionName =
      (message.tool_call_id ? options.toolCallNames?.get(message.tool_call_id) : undefined) ??
      message.name ??
      message.role;
    const label = style === "recipient" ? `${functionName} to=assistant` : functionName;
    return TOKENS_PER_MESSAGE + countTextTokensWith(encoder, label) + countTextTokensWith(encoder, text) + images;
  }
  let count = 0;
  // With tool calls on current models, the text (if any) is a message of its own before the calls.
  if (style === "legacy" || calls.length === 0 || text !== "" || images > 0) {
    count += TOKENS_PER_MESSAGE + countTextTokensWith(encoder, message.role);
    if (message.name !== undefined) count += TOKENS_PER_NAME + countTextTokensWith(encoder, message.name);
    count += countTextTokensWith(encoder, text) + images;
  }
  if (style === "legacy") {
    for (const call of calls) {
      count += TOKENS_PER_CALL;
      count += countTextTokensWith(encoder, call.function?.name ?? "");
      count += countTextTokensWith(encoder, call.function?.arguments ?? "");
    }
  } else if (calls.length === 1) {
    const call = calls[0]!;
    count += TOKENS_PER_MESSAGE;
    count += countTextTokensWith(encoder, `assistant to=${RECIPIENT_PREFIX}${call.function?.name ?? ""}`);
    count += countTextTokensWith(encoder, compactJson(call.function?.arguments ?? ""));
  } else if (calls.length > 1) {
    count += TOKENS_PER_MESSAGE;
    count += countTextTokensWith(encoder, `assistant to=${PARALLEL_RECIPIENT}`);
    count += countTextTokensWith(encoder, parallelCallJson(calls));
  }
  return count;
}

/**
 * Counts the results of one parallel call, which the API renders as a single message from `multi_tool_use.parallel`
 * holding the JSON list of the outputs. Returns each result's share: its JSON string (and images), with the framing,
 * brackets and separators on the first, so that the shares add up to the message's count.
 */
function countParallelResults(
  encoder: Tiktoken,
  results: ReadonlyArray<PromptMessage>,
  options: MessageCountOptions,
): number[] {
  const items = results.map((result) => JSON.stringify(textOf(result.content)));
  const total =
    TOKENS_PER_MESSAGE +
    countTextTokensWith(encoder, `${PARALLEL_RECIPIENT} to=assistant`) +
    countTextTokensWith(encoder, `[${items.join(", ")}]`);
  const shares = items.map((item) => countTextTokensWith(encoder, item));
  shares[0] = total - shares.slice(1).reduce((sum, share) => sum + share, 0);
  return shares.map((share, index) => share + countImages(results[index]!.content, options));
}

/** The indexes of each run of consecutive `tool` messages that answer calls of a parallel call (2 or more calls). */
function parallelResultRuns(messages: ReadonlyArray<PromptMessage>): number[][] {
  const parallelIds = new Set<string>();
  for (const message of messages) {
    if ((message.tool_calls?.length ?? 0) < 2) continue;
    for (const call of message.tool_calls ?? []) if (call.id) parallelIds.add(call.id);
  }
  const runs: number[][] = [];
  let run: number[] = [];
  messages.forEach((message, index) => {
    if (message.role === "tool" && message.tool_call_id && parallelIds.has(message.tool_call_id)) {
      if (run.length === 0) runs.push(run);
      run.push(index);
    } else {
      run = [];
    }
  });
  return runs;
}

/**
 * Maps each tool call id of the assistant messages to its function name, to label the `tool` results.
 *
 * @example
 * toolCallNames([{ role: "assistant", tool_calls: [{ id: "call_1", function: { name: "f", arguments: "{}" } }] }]);
 * // Map { "call_1" => "f" }
 */
export function toolCallNames(messages: ReadonlyArray<PromptMessage>): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    for (const call of message.tool_calls ?? []) {
      if (call.id && call.function?.name) names.set(call.id, call.function.name);
    }
  }
  return names;
}

// `ft:BASE:org::id` names count as BASE.
function baseModelName(model: string): string {
  return (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
}

function textOf(content: PromptMessage["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  let text = "";
  for (const part of content) {
    if (part.type === "text") text += part.text ?? "";
    else if (part.type === "refusal") text += part.refusal ?? "";
  }
  return text;
}

function countImages(content: PromptMessage["content"], options: MessageCountOptions): number {
  if (content == null || typeof content === "string") return 0;
  let count = 0;
  for (const part of content) {
    if (part.type === "text" || part.type === "refusal") continue;
    if (part.type !== "image_url" || part.image_url === undefined) {
      options.uncountedParts?.add(part.type);
      continue;
    }
    const image = typeof part.image_url === "string" ? { url: part.image_url } : part.image_url;
    const size =
      options.imageSize?.(image.url) ??
      imageSizeFromDataUrl(image.url) ??
      options.defaultImageSize ??
      DEFAULT_IMAGE_SIZE;
    count += countImageTokens({ ...size, detail: detailOf(image), model: options.model });
  }
  return count;
}

function detailOf(image: { detail?: string | null }): ImageDetail {
  return image.detail === "low" || image.detail === "high" ? image.detail : "auto";
}

/** Whether the model writes tool calls as messages to `functions.NAME` (current models) or the older way. */
function callStyleOf(model: string): "recipient" | "legacy" {
  const base = baseModelName(model);
  return LEGACY_CALL_MODELS.test(base) || REASONING_MODELS.test(base) ? "legacy" : "recipient";
}

/** Call arguments as the API re-serializes them: JSON without the whitespace between tokens (strings untouched). */
function compactJson(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"|[ \t\n\r]+/g, (match) => (match.startsWith('"') ? match : ""));
}

/** The arguments of a parallel call as `multi_tool_use.parallel` receives them. */
function parallelCallJson(calls: ReadonlyArray<PromptToolCall>): string {
  const uses = calls.map(
    (call) =>
      `{"recipient_name":${JSON.stringify(RECIPIENT_PREFIX + (call.function?.name ?? ""))},` +
      `"parameters":${compactJson(call.function?.arguments || "{}")}}`,
  );
  return `{"tool_uses":[${uses.join(",")}]}`;
}
