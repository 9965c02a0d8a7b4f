// LangChain messages -> Responses API `input` items. Every message is first converted (and checked) exactly as for
// Chat Completions (convertToOpenAIMessages), then reshaped item by item, so both APIs accept and refuse the same
// messages and content blocks; what only the Responses API carries (reasoning items, function-call item ids) is read
// from the AI messages themselves.

import type { BaseMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import { InvalidMessageError } from "../errors/errors.js";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";

type InputItem = OpenAI.Responses.ResponseInputItem;
type ChatMessage = OpenAI.ChatCompletionMessageParam;

/**
 * Where an AIMessage keeps the Responses item id of each function call, by call id, as `@langchain/openai` does.
 *
 * @example
 * message.additional_kwargs[FUNCTION_CALL_IDS_KEY]; // { call_abc: "fc_123" }
 */
export const FUNCTION_CALL_IDS_KEY = "__openai_function_call_ids__";

/**
 * Options of {@link convertToResponsesInput}.
 *
 * @example
 * const options: ConvertToResponsesInputOptions = { systemRole: "developer", zdrEnabled: false };
 */
export interface ConvertToResponsesInputOptions {
  /** Role of SystemMessage items (default "system"). */
  systemRole?: "system" | "developer";
  /**
   * Zero Data Retention: nothing is stored server-side, so stored item ids are not sent back, and reasoning items are
   * sent back only when they carry their `encrypted_content`.
   */
  zdrEnabled?: boolean;
}

/**
 * Converts LangChain messages into Responses API input items. System and human messages become `message` items
 * (text as `input_text`, images as `input_image`, files as `input_file`); an AI message becomes its reasoning item (from
 * `additional_kwargs.reasoning`, when present), an assistant `message` with its text, and one `function_call` item per
 * tool call; a ToolMessage becomes a `function_call_output`. A message or block neither API accepts throws an
 * InvalidMessageError naming it; audio input, which only Chat Completions takes, does too.
 *
 * @example
 * convertToResponsesInput([new SystemMessage("Be brief."), new HumanMessage("Hi")]);
 * // [{ type: "message", role: "system", content: "Be brief." }, { type: "message", role: "user", content: "Hi" }]
 */
export function convertToResponsesInput(messages: BaseMessage[], options: ConvertToResponsesInputOptions = {}): InputItem[] {
  const converted = convertToOpenAIMessages(messages, { systemRole: options.systemRole, mediaInToolResults: true });
  return converted.flatMap((message, messageIndex) => convertItem(message, messages[messageIndex]!, messageIndex, options));
}

function convertItem(message: ChatMessage, source: BaseMessage, messageIndex: number, options: ConvertToResponsesInputOptions): InputItem[] {
  switch (message.role) {
    case "system":
    case "developer":
      return [{ type: "message", role: message.role, content: convertInputContent(message.content, messageIndex) }];
    case "user":
      return [{ type: "message", role: "user", content: convertInputContent(message.content, messageIndex) }];
    case "assistant":
      return convertAssistant(message, source, options, messageIndex);
    case "tool":
      return [{ type: "function_call_output", call_id: message.tool_call_id, output: convertToolOutput(message.content as string | ContentPart[], messageIndex) }];
    case "function":
      throw new InvalidMessageError(
        `Message ${messageIndex} is a FunctionMessage, which the Responses API does not accept. Use tool calls and ToolMessage instead.`,
        { messageIndex },
      );
    default:
      return assertNever(message);
  }
}

type ContentPart = OpenAI.ChatCompletionContentPart | OpenAI.ChatCompletionContentPartText;

function convertInputContent(content: string | ContentPart[], messageIndex: number): string | OpenAI.Responses.ResponseInputMessageContentList {
  if (typeof content === "string") return content;
  return content.map((part) => convertInputPart(part, messageIndex));
}

function convertInputPart(part: ContentPart, messageIndex: number): OpenAI.Responses.ResponseInputContent {
  switch (part.type) {
    case "text":
      return { type: "input_text", text: part.text };
    case "image_url": {
      const { url, detail } = part.image_url;
      // `detail` is left out unless set: the API applies "auto" itself.
      return { type: "input_image", image_url: url, ...(detail !== undefined && { detail }) } as OpenAI.Responses.ResponseInputImage;
    }
    case "file": {
      const { file_data: fileData, file_id: fileId, filename } = part.file;
      return { type: "input_file", ...(fileData !== undefined && { file_data: fileData }), ...(fileId !== undefined && { file_id: fileId }), ...(filename !== undefined && { filename }) };
    }
    case "input_audio":
      throw new InvalidMessageError(
        `Message ${messageIndex} has an audio block, which the Responses API does not accept as input. Send it to Chat Completions (useResponsesApi: false) or transcribe it first.`,
        { messageIndex },
      );
    default:
      return assertNever(part);
  }
}

// A tool result's images and files (see mediaInToolResults) become input_image and input_file parts, as in messages.
function convertToolOutput(content: string | ContentPart[], messageIndex: number): string | OpenAI.Responses.ResponseFunctionCallOutputItemList {
  if (typeof content === "string") return content;
  return content.map((part) => convertInputPart(part, messageIndex) as OpenAI.Responses.ResponseFunctionCallOutputItemList[number]);
}

interface AIMessageKwargs {
  reasoning?: Record<string, unknown>;
  [FUNCTION_CALL_IDS_KEY]?: Record<string, string>;
}

function convertAssistant(message: OpenAI.ChatCompletionAssistantMessageParam, source: BaseMessage, options: ConvertToResponsesInputOptions, messageIndex: number): InputItem[] {
  const kwargs = source.additional_kwargs as AIMessageKwargs;
  const items: InputItem[] = [];
  const reasoning = convertReasoningItem(kwargs.reasoning, options.zdrEnabled === true);
  if (reasoning !== undefined) items.push(reasoning);
  const content = convertAssistantContent(message, messageIndex);
  if (content !== undefined) items.push({ type: "message", role: "assistant", content } as InputItem);
  const itemIds = options.zdrEnabled ? undefined : kwargs[FUNCTION_CALL_IDS_KEY];
  for (const call of message.tool_calls ?? []) {
    if (call.type !== "function") {
      items.push({ type: "custom_tool_call", call_id: call.id, name: call.custom.name, input: call.custom.input });
      continue;
    }
    const id = itemIds?.[call.id];
    items.push({ type: "function_call", call_id: call.id, name: call.function.name, arguments: call.function.arguments, ...(id !== undefined && { id }) });
  }
  return items;
}

function convertAssistantContent(message: OpenAI.ChatCompletionAssistantMessageParam, messageIndex: number): unknown[] | string | undefined {
  const { content, refusal } = message;
  const parts: unknown[] = [];
  if (typeof content === "string") {
    if (refusal == null) return content === "" ? undefined : content;
    if (content !== "") parts.push({ type: "output_text", text: content, annotations: [] });
  } else {
    for (const part of content ?? []) {
      if (part.type === "text") parts.push({ type: "output_text", text: part.text, annotations: [] });
      else if (part.type === "refusal") parts.push({ type: "refusal", refusal: part.refusal });
      else assertNever(part);
    }
  }
  if (refusal != null) parts.push({ type: "refusal", refusal });
  void messageIndex;
  return parts.length > 0 ? parts : undefined;
}

/**
 * The reasoning item an AI message carries back: the summary parts a stream delivered piecewise (with an `index`)
 * joined per index, without the index. Under Zero Data Retention only an item with its encrypted content is sent.
 */
function convertReasoningItem(reasoning: Record<string, unknown> | undefined, zdrEnabled: boolean): InputItem | undefined {
  if (reasoning === undefined || reasoning.type !== "reasoning") return undefined;
  if (zdrEnabled && typeof reasoning.encrypted_content !== "string") return undefined;
  const summary: { type: "summary_text"; text: string }[] = [];
  const byIndex = new Map<unknown, { type: "summary_text"; text: string }>();
  for (const part of (reasoning.summary as { text?: unknown; index?: unknown }[] | undefined) ?? []) {
    const text = typeof part.text === "string" ? part.text : "";
    const existing = part.index === undefined ? undefined : byIndex.get(part.index);
    if (existing !== undefined) {
      existing.text += text;
      continue;
    }
    const entry = { type: "summary_text" as const, text };
    summary.push(entry);
    if (part.index !== undefined) byIndex.set(part.index, entry);
  }
  const { index: _index, ...rest } = reasoning;
  const item: Record<string, unknown> = { ...rest, summary };
  return item as unknown as InputItem;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
