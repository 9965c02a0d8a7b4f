// LangChain messages -> Responses API `input` items. Every message is first converted (and checked) exactly as for
// Chat Completions (convertToOpenAIMessages), then reshaped item by item, so both APIs accept and refuse the same
// messages and content blocks; what only the Responses API carries (reasoning items, function-call item ids) is read
// from the AI messages themselves.

import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import { InvalidMessageError } from "../errors/errors.js";
import { isPlainObject } from "../internal/json-values.js";
import { convertCitationToAnnotation } from "./convert-responses-annotations.js";
import { convertServerToolItem, splitMcpApprovals } from "./convert-server-tool-items.js";
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
 * Where an AIMessage keeps the Responses item id of each custom tool call, by call id, as `@langchain/openai` does;
 * it also marks which tool calls are custom ones (sent back as `custom_tool_call`, answered by
 * `custom_tool_call_output`).
 *
 * @example
 * message.additional_kwargs[CUSTOM_TOOL_CALL_IDS_KEY]; // { call_abc: "ctc_123" }
 */
export const CUSTOM_TOOL_CALL_IDS_KEY = "__openai_custom_tool_call_ids__";

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
 * (text as `input_text`, images as `input_image`, files as `input_file`; a human message's `mcp_approval_response`
 * blocks become `mcp_approval_response` items); an AI message becomes its reasoning items, server tool items (web
 * search, code interpreter, image generation by id, MCP, …), an assistant `message` with its text, and one
 * `function_call` (or `custom_tool_call`) item per tool call, in the order of the response it came from when it
 * keeps one (`response_metadata.output`); a ToolMessage becomes a `function_call_output`, or a
 * `custom_tool_call_output` when it answers a custom tool's call. A message or block neither API accepts throws an
 * InvalidMessageError naming it; audio input, which only Chat Completions takes, does too.
 *
 * @example
 * convertToResponsesInput([new SystemMessage("Be brief."), new HumanMessage("Hi")]);
 * // [{ type: "message", role: "system", content: "Be brief." }, { type: "message", role: "user", content: "Hi" }]
 */
export function convertToResponsesInput(messages: BaseMessage[], options: ConvertToResponsesInputOptions = {}): InputItem[] {
  const split = messages.map((message, messageIndex) => splitMcpApprovals(message, messageIndex));
  // A message left empty by its approvals keeps its place (so errors name the right index) and sends nothing.
  const prepared = split.map((entry) => entry.message ?? new HumanMessage(""));
  const converted = convertToOpenAIMessages(prepared, { systemRole: options.systemRole, mediaInToolResults: true });
  const context: ConversionContext = { ...options, customCallIds: collectCustomCallIds(messages) };
  return converted.flatMap((message, messageIndex) => {
    const entry = split[messageIndex]!;
    const items = entry.message === undefined ? [] : convertItem(message, prepared[messageIndex]!, messageIndex, context);
    return [...entry.approvals, ...items];
  });
}

interface ConversionContext extends ConvertToResponsesInputOptions {
  /** The call ids of every custom tool call in the history. */
  customCallIds: ReadonlySet<string>;
}

function convertItem(message: ChatMessage, source: BaseMessage, messageIndex: number, context: ConversionContext): InputItem[] {
  switch (message.role) {
    case "system":
    case "developer":
      return [{ type: "message", role: message.role, content: convertInputContent(message.content, messageIndex) }];
    case "user":
      return [{ type: "message", role: "user", content: convertInputContent(message.content, messageIndex) }];
    case "assistant":
      return convertAssistant(message, source, context);
    case "tool":
      if (context.customCallIds.has(message.tool_call_id) || source.additional_kwargs?.customTool) {
        return [{ type: "custom_tool_call_output", call_id: message.tool_call_id, output: convertToolOutput(message.content as string | ContentPart[], messageIndex) } as InputItem];
      }
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

/** Custom tool calls are known by the ids map an answer keeps, the raw output items, or @langchain/openai's marker. */
function collectCustomCallIds(messages: BaseMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages) {
    if (message.getType() !== "ai") continue;
    const map = message.additional_kwargs?.[CUSTOM_TOOL_CALL_IDS_KEY];
    if (isPlainObject(map)) Object.keys(map).forEach((id) => ids.add(id));
    for (const item of readOutput(message) ?? []) {
      if (item.type === "custom_tool_call" && typeof item.call_id === "string") ids.add(item.call_id);
    }
    for (const call of (message as { tool_calls?: { id?: string; isCustomTool?: unknown }[] }).tool_calls ?? []) {
      if (call.isCustomTool === true && typeof call.id === "string") ids.add(call.id);
    }
  }
  return ids;
}

/** The raw output items an AI message keeps from its response (`response_metadata.output`), if any. */
function readOutput(message: BaseMessage): Record<string, unknown>[] | undefined {
  const output = (message.response_metadata as Record<string, unknown> | undefined)?.output;
  return Array.isArray(output) && output.length > 0 && output.every(isPlainObject) ? output : undefined;
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
  tool_outputs?: unknown[];
  [FUNCTION_CALL_IDS_KEY]?: Record<string, string>;
  [CUSTOM_TOOL_CALL_IDS_KEY]?: Record<string, string>;
}

/**
 * An AI message's items. With the response's raw output (`response_metadata.output`), in its order: each reasoning
 * and server tool item where it was, the assistant message (rebuilt from `content`, which may have been edited) where
 * the first message was, the calls (rebuilt from `tool_calls`, likewise) where the first call was. Without it: the
 * reasoning item, the server tool items of `additional_kwargs.tool_outputs`, the message, the calls.
 */
function convertAssistant(message: OpenAI.ChatCompletionAssistantMessageParam, source: BaseMessage, context: ConversionContext): InputItem[] {
  const kwargs = source.additional_kwargs as AIMessageKwargs;
  const zdrEnabled = context.zdrEnabled === true;
  const content = convertAssistantContent(message, source);
  const messageItems = content === undefined ? [] : [{ type: "message", role: "assistant", content } as InputItem];
  const calls = convertCalls(message, kwargs, context);
  const output = readOutput(source);
  if (output === undefined) {
    const reasoning = convertReasoningItem(kwargs.reasoning, zdrEnabled);
    const serverItems = (Array.isArray(kwargs.tool_outputs) ? kwargs.tool_outputs : []).flatMap((item) => convertServerToolItem(item, zdrEnabled) ?? []);
    return [...(reasoning === undefined ? [] : [reasoning]), ...serverItems, ...messageItems, ...calls];
  }
  const items: InputItem[] = [];
  let messagePlaced = false;
  let callsPlaced = false;
  for (const item of output) {
    if (item.type === "reasoning") {
      const reasoning = convertReasoningItem(item, zdrEnabled);
      if (reasoning !== undefined) items.push(reasoning);
    } else if (item.type === "message") {
      if (!messagePlaced) items.push(...messageItems);
      messagePlaced = true;
    } else if (item.type === "function_call" || item.type === "custom_tool_call") {
      if (!callsPlaced) items.push(...calls);
      callsPlaced = true;
    } else {
      const serverItem = convertServerToolItem(item, zdrEnabled);
      if (serverItem !== undefined) items.push(serverItem);
    }
  }
  if (!messagePlaced) items.push(...messageItems);
  if (!callsPlaced) items.push(...calls);
  return items;
}

function convertCalls(message: OpenAI.ChatCompletionAssistantMessageParam, kwargs: AIMessageKwargs, context: ConversionContext): InputItem[] {
  const itemIds = context.zdrEnabled ? undefined : kwargs[FUNCTION_CALL_IDS_KEY];
  const customItemIds = context.zdrEnabled ? undefined : kwargs[CUSTOM_TOOL_CALL_IDS_KEY];
  return (message.tool_calls ?? []).map((call): InputItem => {
    if (call.type !== "function") return { type: "custom_tool_call", call_id: call.id, name: call.custom.name, input: call.custom.input };
    if (context.customCallIds.has(call.id)) {
      const id = customItemIds?.[call.id];
      return { type: "custom_tool_call", call_id: call.id, name: call.function.name, input: readCustomInput(call.function.arguments), ...(id !== undefined && { id }) };
    }
    const id = itemIds?.[call.id];
    return { type: "function_call", call_id: call.id, name: call.function.name, arguments: call.function.arguments, ...(id !== undefined && { id }) };
  });
}

/** A custom tool's call carries its free text as `args.input`; the wire wants the text itself. */
function readCustomInput(argumentText: string): string {
  try {
    const args: unknown = JSON.parse(argumentText);
    if (isPlainObject(args) && typeof args.input === "string") return args.input;
  } catch {
    // Not JSON: the text is the input.
  }
  return argumentText;
}

/**
 * The assistant message's content: a string, or output_text parts (with their annotations, turned back from
 * citations) and refusals.
 */
function convertAssistantContent(message: OpenAI.ChatCompletionAssistantMessageParam, source: BaseMessage): unknown[] | string | undefined {
  const { content, refusal } = message;
  const parts: unknown[] = [];
  if (typeof content === "string") {
    if (refusal == null) return content === "" ? undefined : content;
    if (content !== "") parts.push({ type: "output_text", text: content, annotations: [] });
  } else {
    const annotations = readAnnotations(source);
    let textIndex = 0;
    for (const part of content ?? []) {
      if (part.type === "text") parts.push({ type: "output_text", text: part.text, annotations: annotations[textIndex++] ?? [] });
      else if (part.type === "refusal") parts.push({ type: "refusal", refusal: part.refusal });
      else assertNever(part);
    }
  }
  if (refusal != null) parts.push({ type: "refusal", refusal });
  return parts.length > 0 ? parts : undefined;
}

/** The annotations of each text block of an AI message, in order, in OpenAI's form. */
function readAnnotations(source: BaseMessage): Record<string, unknown>[][] {
  if (!Array.isArray(source.content)) return [];
  return (source.content as unknown[])
    .filter((block): block is Record<string, unknown> => isPlainObject(block) && block.type === "text")
    .map((block) => (Array.isArray(block.annotations) ? block.annotations.flatMap(toAnnotationList) : []));
}

function toAnnotationList(citation: unknown): Record<string, unknown>[] {
  const annotation = convertCitationToAnnotation(citation);
  return annotation === undefined ? [] : [annotation];
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
