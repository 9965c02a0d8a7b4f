// LangChain messages -> Chat Completions `messages`. Every message type converts or throws an InvalidMessageError
// naming the message and the fix; content blocks are handled in convert-content-blocks.ts.

import type {
  AIMessage,
  BaseMessage,
  ChatMessage,
  InvalidToolCall,
  ToolCall,
  ToolMessage,
} from "@langchain/core/messages";
import type OpenAI from "openai";
import { InvalidMessageError } from "../errors/errors.js";
import { findNonJsonValue } from "../internal/find-non-json-value.js";
import { convertAssistantContent, convertTextOnlyContent, convertUserContent } from "./convert-content-blocks.js";

type MessageParam = OpenAI.ChatCompletionMessageParam;
type AssistantParam = OpenAI.ChatCompletionAssistantMessageParam;
type ToolCallParam = OpenAI.ChatCompletionMessageFunctionToolCall;

/** Options for {@link convertToOpenAIMessages}. */
export interface ConvertMessagesOptions {
  /** Role to send SystemMessage as (default "system"); "developer" for models that need it. */
  systemRole?: "system" | "developer";
  /**
   * Whether tool results may hold images and files, as on the Responses API (its `function_call_output` takes them);
   * their parts are then converted as a user message's are. Chat Completions takes text only (default false).
   */
  mediaInToolResults?: boolean;
}

/**
 * Converts LangChain messages into the `messages` of a Chat Completions request. Nothing is dropped or changed
 * silently: a message or content block OpenAI cannot take throws an `InvalidMessageError` naming its index and the
 * fix. The one exception: non-text blocks of AI messages (reasoning, tool-call blocks) are left out, because Chat
 * Completions does not accept them as input and tool calls travel in `tool_calls`.
 *
 * @example
 * const messages = convertToOpenAIMessages([new SystemMessage("Be brief."), new HumanMessage("Hi")], {
 *   systemRole: "developer",
 * });
 * // [{ role: "developer", content: "Be brief." }, { role: "user", content: "Hi" }]
 */
export function convertToOpenAIMessages(messages: BaseMessage[], options: ConvertMessagesOptions = {}): MessageParam[] {
  return messages.map((message, messageIndex) => convertMessage(message, messageIndex, options));
}

/** The `BaseMessage.type` values converted here (`generic` is ChatMessage). */
const MESSAGE_TYPES = ["system", "human", "ai", "tool", "function", "generic"] as const;
type ConvertedMessageType = (typeof MESSAGE_TYPES)[number];

function isConvertedMessageType(type: unknown): type is ConvertedMessageType {
  return MESSAGE_TYPES.some((known) => known === type);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

function messageError(messageIndex: number, problem: string, fix: string): InvalidMessageError {
  return new InvalidMessageError(`Message ${messageIndex} ${problem}. ${fix}`, { messageIndex });
}

function convertMessage(message: BaseMessage, messageIndex: number, options: ConvertMessagesOptions): MessageParam {
  // `type` rather than the deprecated getType() / _getType(): all three exist in @langchain/core 1.0.0.
  const type: unknown = (message as { type?: unknown } | null)?.type;
  if (!isConvertedMessageType(type)) {
    const problem = `has type ${JSON.stringify(type) ?? "undefined"}, which OpenAI chat models do not accept`;
    const fix =
      "Send HumanMessage, AIMessage, SystemMessage, ToolMessage, FunctionMessage or ChatMessage instances " +
      "(filter out RemoveMessage and other state-only messages first).";
    throw messageError(messageIndex, problem, fix);
  }
  switch (type) {
    case "system":
      return convertSystemMessage(message, messageIndex, systemRoleOf(message, options));
    case "human":
      return convertUserMessage(message, messageIndex);
    case "ai": {
      const { tool_calls: toolCalls = [], invalid_tool_calls: invalidToolCalls = [] } = message as AIMessage;
      return convertAssistantMessage(message, messageIndex, { toolCalls, invalidToolCalls });
    }
    case "tool":
      return convertToolMessage(message, messageIndex, (message as ToolMessage).tool_call_id, options.mediaInToolResults === true);
    case "function":
      return convertFunctionMessage(message, messageIndex);
    case "generic":
      return convertChatMessage(message as ChatMessage, messageIndex, options);
    default:
      return assertNever(type);
  }
}

function systemRoleOf(message: BaseMessage, options: ConvertMessagesOptions): "system" | "developer" {
  // core's coerceMessageLikeToMessage turns ["developer", ...] and { role: "developer" } into a SystemMessage marked
  // this way; the caller asked for that role explicitly, so it wins over the option.
  if (message.additional_kwargs?.__openai_role__ === "developer") return "developer";
  return options.systemRole ?? "system";
}

/** `name` for the roles whose wire type has one; an empty name is no name. */
function nameOf(message: BaseMessage): { name?: string } {
  return typeof message.name === "string" && message.name !== "" ? { name: message.name } : {};
}

function convertSystemMessage(message: BaseMessage, messageIndex: number, role: "system" | "developer"): MessageParam {
  return { role, content: convertTextOnlyContent(message.content, messageIndex, role), ...nameOf(message) };
}

function convertUserMessage(message: BaseMessage, messageIndex: number): MessageParam {
  return { role: "user", content: convertUserContent(message.content, messageIndex), ...nameOf(message) };
}

function convertToolMessage(message: BaseMessage, messageIndex: number, toolCallId: unknown, media: boolean): MessageParam {
  if (typeof toolCallId !== "string" || toolCallId === "") {
    const fix = "Set tool_call_id to the id of the tool call it answers (every tool call must be answered).";
    throw messageError(messageIndex, "is a tool result without a tool_call_id", fix);
  }
  // The wire tool message has no `name`: the tool call it answers already names the tool.
  if (media) {
    // Typed as a Chat Completions tool message, which holds text only; the Responses converter reads the parts back.
    return { role: "tool", tool_call_id: toolCallId, content: convertUserContent(message.content, messageIndex) } as MessageParam;
  }
  const content = convertTextOnlyContent(message.content, messageIndex, "tool");
  return { role: "tool", tool_call_id: toolCallId, content };
}

function convertFunctionMessage(message: BaseMessage, messageIndex: number): MessageParam {
  if (typeof message.name !== "string" || message.name === "") {
    const fix = "Set name to the function that was called.";
    throw messageError(messageIndex, "is a function result without a name", fix);
  }
  const content = convertTextOnlyContent(message.content, messageIndex, "function");
  // The wire function message takes a string only, so text blocks are joined.
  const text = typeof content === "string" ? content : content.map((part) => part.text).join("");
  return { role: "function", name: message.name, content: text };
}

/** ChatMessage roles OpenAI accepts, with LangChain's aliases. */
const CHAT_MESSAGE_ROLES = {
  system: "system",
  developer: "developer",
  user: "user",
  human: "user",
  assistant: "assistant",
  ai: "assistant",
  tool: "tool",
  function: "function",
} as const satisfies Record<string, OpenAI.ChatCompletionRole>;

function convertChatMessage(message: ChatMessage, messageIndex: number, options: ConvertMessagesOptions): MessageParam {
  const given = message.role;
  const role = Object.hasOwn(CHAT_MESSAGE_ROLES, given)
    ? CHAT_MESSAGE_ROLES[given as keyof typeof CHAT_MESSAGE_ROLES]
    : undefined;
  if (role === undefined) {
    const problem = `is a ChatMessage with role ${JSON.stringify(given)}, which OpenAI chat models do not accept`;
    const fix = `Use one of the roles ${Object.keys(CHAT_MESSAGE_ROLES).map((name) => `"${name}"`).join(", ")}.`;
    throw messageError(messageIndex, problem, fix);
  }
  switch (role) {
    case "system":
    case "developer":
      return convertSystemMessage(message, messageIndex, role);
    case "user":
      return convertUserMessage(message, messageIndex);
    case "assistant":
      // A ChatMessage has no typed tool calls; OpenAI-shaped ones in additional_kwargs.tool_calls still go out.
      return convertAssistantMessage(message, messageIndex, { toolCalls: [], invalidToolCalls: [] });
    case "tool":
      return convertToolMessage(message, messageIndex, message.additional_kwargs?.tool_call_id, options.mediaInToolResults === true);
    case "function":
      return convertFunctionMessage(message, messageIndex);
    default:
      return assertNever(role);
  }
}

interface TypedToolCalls {
  toolCalls: readonly ToolCall[];
  invalidToolCalls: readonly InvalidToolCall[];
}

function convertAssistantMessage(message: BaseMessage, messageIndex: number, typed: TypedToolCalls): AssistantParam {
  const kwargs = message.additional_kwargs ?? {};
  const toolCalls = convertToolCalls(typed, kwargs.tool_calls, messageIndex);
  const functionCall = convertFunctionCall(kwargs.function_call, messageIndex);
  const refusal = typeof kwargs.refusal === "string" ? kwargs.refusal : undefined;
  const audio = kwargs.audio as { id?: unknown } | null | undefined;
  const audioId = typeof audio?.id === "string" ? audio.id : undefined;

  const content = convertAssistantContent(message.content, messageIndex);
  const hasText =
    typeof content === "string" ? content !== "" : content.some((part) => part.type === "refusal" || part.text !== "");
  const saysSomethingElse =
    toolCalls.length > 0 || functionCall !== undefined || refusal !== undefined || audioId !== undefined;

  // The API answers a tool call with `content: null`, and wants it back that way rather than as "".
  const param: AssistantParam = {
    role: "assistant",
    content: hasText ? content : saysSomethingElse ? null : "",
    ...nameOf(message),
  };
  if (toolCalls.length > 0) param.tool_calls = toolCalls;
  if (functionCall !== undefined) param.function_call = functionCall;
  if (refusal !== undefined) param.refusal = refusal;
  if (audioId !== undefined) param.audio = { id: audioId };
  return param;
}

/**
 * The wire tool calls: the typed `tool_calls`, then the `invalid_tool_calls` with their raw argument text (the API
 * wants every call id that a ToolMessage answers to appear in the assistant message). `additional_kwargs.tool_calls`,
 * which holds the same calls in OpenAI's shape, is read only when both typed lists are empty (older serialized
 * messages, or ChatMessages).
 */
function convertToolCalls(typed: TypedToolCalls, rawToolCalls: unknown, messageIndex: number): ToolCallParam[] {
  if (typed.toolCalls.length > 0 || typed.invalidToolCalls.length > 0) {
    const valid = typed.toolCalls.map((call, index) =>
      toolCallParam(call.id, call.name, stringifyArgs(call.args, `tool call ${index}`, messageIndex), `tool call ${index}`, messageIndex),
    );
    const invalid = typed.invalidToolCalls.map((call, index) =>
      toolCallParam(call.id, call.name, call.args ?? "", `invalid tool call ${index}`, messageIndex),
    );
    return [...valid, ...invalid];
  }
  if (rawToolCalls == null) return [];
  if (!Array.isArray(rawToolCalls)) throw rawToolCallError("additional_kwargs.tool_calls", messageIndex);
  return rawToolCalls.map((raw: unknown, index) => {
    const where = `additional_kwargs.tool_calls[${index}]`;
    const call = raw as { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
    if (typeof call?.function?.arguments !== "string" || (call.type !== undefined && call.type !== "function")) {
      throw rawToolCallError(where, messageIndex);
    }
    return toolCallParam(call.id, call.function.name, call.function.arguments, where, messageIndex);
  });
}

/** A tool call's args as the JSON text the API echoes back; a value JSON would drop or choke on is an error, not a TypeError or a silent null. */
function stringifyArgs(args: unknown, where: string, messageIndex: number): string {
  const found = findNonJsonValue(args ?? {}, "args");
  if (found !== undefined) {
    const fix = "Tool call arguments must be JSON values; replace it (e.g. a BigInt with a number or string). Nothing was sent.";
    throw messageError(messageIndex, `has ${where} whose ${found.path} is ${found.problem}`, fix);
  }
  return JSON.stringify(args ?? {});
}

function toolCallParam(id: unknown, name: unknown, args: string, where: string, messageIndex: number): ToolCallParam {
  if (typeof id !== "string" || id === "") {
    const fix = "Give every tool call an id, and answer it with a ToolMessage whose tool_call_id is that id.";
    throw messageError(messageIndex, `has ${where} without an id`, fix);
  }
  if (typeof name !== "string" || name === "") {
    const fix = "Set name to the tool the model called.";
    throw messageError(messageIndex, `has ${where} (id "${id}") without a name`, fix);
  }
  return { id, type: "function", function: { name, arguments: args } };
}

function rawToolCallError(where: string, messageIndex: number): InvalidMessageError {
  const problem = `has ${where}, which is not a list of OpenAI tool calls`;
  const fix =
    'Use { id, type: "function", function: { name, arguments } } entries, or set the AIMessage\'s tool_calls.';
  return messageError(messageIndex, problem, fix);
}

function convertFunctionCall(value: unknown, messageIndex: number): AssistantParam["function_call"] | undefined {
  if (value == null) return undefined;
  const call = value as { name?: unknown; arguments?: unknown };
  if (typeof call.name !== "string" || typeof call.arguments !== "string") {
    const fix = "Give it a name and its arguments as a JSON string, or use tool_calls.";
    throw messageError(messageIndex, "has an additional_kwargs.function_call that is not { name, arguments }", fix);
  }
  return { name: call.name, arguments: call.arguments };
}
