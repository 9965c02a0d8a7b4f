import type { Tiktoken } from "js-tiktoken/lite";
import { countTextTokensWith } from "./count-text-tokens.js";
import { encodingForModel, type EncodingName } from "./encoding-for-model.js";
import { countImageTokens, imageSizeFromDataUrl, type ImageDetail, type ImageSize } from "./image-tokens.js";
import { loadEncoding } from "./load-encoding.js";
import { countReasoningPromptTokens, harmonyDialectForModel } from "./reasoning-prompt.js";
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

/** The `response_format` request parameter: `text`, `json_object` or `json_schema` with its schema. */
export interface ResponseFormat {
  type: string;
  json_schema?: { name: string; description?: string; schema?: object; strict?: boolean };
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
  /** `response_format`. Counted on reasoning models (see reasoning-prompt.ts). */
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
// A function call in an assistant message costs 3 + tokens(name) + tokens(arguments), the arguments counted as
// sent (hmarr/openai-chat-tokens, legacy function_call). The same per-call cost reproduces the API's count for a
// `tool_calls` message followed by its `tool` result (forestwanglin/openai-java#5: 35 on gpt-4). Several calls in
// one message: each call counted the same way, an estimate (no published figure).
const TOKENS_PER_CALL = 3;
const DEFAULT_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };
const INSTRUCTION_ROLES = new Set(["system", "developer"]);
// Reasoning models from o3 on (o3, o3-mini, o4-mini, the gpt-5 family) prime the reply with one token less: every
// plain-text request to o3, o3-mini, o4-mini, gpt-5 and gpt-5.x in the truth set (__fixtures__/truth-set) was
// counted 1 over with 3. Their renderer is harmony's, where the reply is primed with `<|start|>assistant` and the
// model writes the channel itself. o1-mini measured 3, like gpt-4o.
const REASONING_REPLY_PRIMING = 2;
const REASONING_PRIMING_MODELS = /^(o3|o4|gpt-5)/;

/**
 * Counts the prompt tokens of a chat request the way the API does, offline: messages, tool or function
 * definitions, the tool choice, tool calls and results in the history, and images.
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
    const { totalCount, countPerMessage, toolsCount } = counted;
    return { totalCount, countPerMessage, toolsCount, encoding, knownModel: known, uncountedParts: [...uncounted] };
  }
  const hasDefinitions = functionDefinitionsOf(request).length > 0;
  const firstInstruction = hasDefinitions ? request.messages.findIndex((m) => INSTRUCTION_ROLES.has(m.role)) : -1;
  const names = toolCallNames(request.messages);
  const uncountedParts = new Set<string>();
  const countPerMessage = request.messages.map((message, index) =>
    countMessageTokens(encoder, message, {
      model: request.model,
      toolCallNames: names,
      imageSize: request.imageSize,
      defaultImageSize: request.defaultImageSize,
      padForTools: index === firstInstruction,
      uncountedParts,
    }),
  );
  const toolsCount = countToolDefinitionTokens(encoder, {
    tools: request.tools,
    functions: request.functions,
    toolChoice: request.toolChoice,
    functionCall: request.functionCall,
    hasSystemMessage: firstInstruction >= 0,
  });
  const priming = REASONING_PRIMING_MODELS.test(baseModelName(request.model))
    ? REASONING_REPLY_PRIMING
    : TOKENS_REPLY_PRIMING;
  const totalCount = countPerMessage.reduce((sum, count) => sum + count, priming + toolsCount);
  return {
    totalCount,
    countPerMessage,
    toolsCount,
    encoding,
    knownModel: request.encoding !== undefined || guessed.known,
    uncountedParts: [...uncountedParts],
  };
}

/**
 * Counts one wire message: 3 for framing, the role, the text content, 1 + the name, 3 + name + arguments per
 * function or tool call, and images. A `tool` or `function` result is labelled with the function's name instead
 * of its role (and its `tool_call_id` is not counted).
 *
 * @example
 * countMessageTokens(encoder, { role: "user", content: "Hello!" }); // 3 + 1 + 2
 * countMessageTokens(encoder, { role: "tool", tool_call_id: "call_1", content: "21°C" }, {
 *   toolCallNames: new Map([["call_1", "get_weather"]]),
 * }); // 3 + tokens("get_weather") + tokens("21°C")
 */
export function countMessageTokens(encoder: Tiktoken, message: PromptMessage, options: MessageCountOptions = {}): number {
  const isResult = message.role === "tool" || message.role === "function";
  let count = TOKENS_PER_MESSAGE;
  if (isResult) {
    const functionName =
      (message.tool_call_id ? options.toolCallNames?.get(message.tool_call_id) : undefined) ?? message.name;
    count += countTextTokensWith(encoder, functionName ?? message.role);
  } else {
    count += countTextTokensWith(encoder, message.role);
    if (message.name !== undefined) count += TOKENS_PER_NAME + countTextTokensWith(encoder, message.name);
  }
  let text = textOf(message.content);
  if (message.refusal) text += message.refusal;
  if (options.padForTools) text += "\n";
  count += countTextTokensWith(encoder, text);
  count += countImages(message.content, options);
  const calls = [...(message.tool_calls ?? []), ...(message.function_call ? [{ function: message.function_call }] : [])];
  for (const call of calls) {
    count += TOKENS_PER_CALL;
    count += countTextTokensWith(encoder, call.function?.name ?? "");
    count += countTextTokensWith(encoder, call.function?.arguments ?? "");
  }
  return count;
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
