// The message rules the API enforces on a whole conversation, checked on the wire messages before anything is sent:
// at least one message, content on every role that needs it, every tool result answering a call of the assistant
// message right before it, and every call answered. The rules and their order follow the protocol notes (section 2.4
// "Message sequence") and the emulator's checkMessageSequence (libs/openai-emulator/src/validate/validate-messages.ts).

import type OpenAI from "openai";
import { InvalidInputError, InvalidMessageError } from "../errors/errors.js";
import { findNonJsonValue } from "../internal/find-non-json-value.js";

type MessageParam = OpenAI.ChatCompletionMessageParam;

function messageError(messageIndex: number, problem: string, fix: string): InvalidMessageError {
  return new InvalidMessageError(`Message ${messageIndex} ${problem}. ${fix} Nothing was sent.`, { messageIndex });
}

/** Calls of the last assistant message with tool calls, while its tool results are still coming. */
interface OpenCalls {
  assistantIndex: number;
  declared: readonly string[];
  pending: Set<string>;
}

/**
 * Checks a request's messages as the API would, so that a conversation it refuses fails here with an
 * InvalidMessageError naming the message and the fix (an empty list is an InvalidInputError): an empty content array,
 * a tool result with no matching call in the assistant message right before it (or answering one twice), a tool call
 * left unanswered, and any value JSON cannot carry (NaN, a BigInt, a cycle, …).
 *
 * @example
 * checkChatMessages([{ role: "user", content: "Hi" }, { role: "tool", tool_call_id: "call_1", content: "42" }]);
 * // throws InvalidMessageError: "Message 1 is a tool result for call "call_1", but no assistant message before it made that call. …"
 */
export function checkChatMessages(messages: readonly MessageParam[]): void {
  if (messages.length === 0) throw emptyInputError();
  let open: OpenCalls | undefined;
  messages.forEach((message, index) => {
    checkMessageValues(message, index);
    if (message.role === "tool") {
      answerCall(open, message.tool_call_id, index);
      return;
    }
    if (open !== undefined && open.pending.size > 0) throw unansweredError(open, index);
    const ids = message.role === "assistant" ? (message.tool_calls ?? []).map((call) => call.id) : [];
    open = ids.length > 0 ? { assistantIndex: index, declared: ids, pending: new Set(ids) } : undefined;
  });
  if (open !== undefined && open.pending.size > 0) throw unansweredError(open, undefined);
}

/**
 * The error for an input without messages (OpenAI refuses an empty list).
 *
 * @example
 * throw emptyInputError();
 */
export function emptyInputError(): InvalidInputError {
  return new InvalidInputError(
    "The input has no messages, and OpenAI refuses an empty message list. Pass a string or at least one message " +
      "(e.g. a HumanMessage); nothing was sent.",
  );
}

// Participant and function names: the API's pattern and length (protocol notes 2.4 "Bounds"; the emulator's NAME).
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/u;

function checkNames(message: MessageParam, index: number): void {
  if ("name" in message && message.name !== undefined && !NAME_PATTERN.test(message.name)) {
    const fix = 'Use 1 to 64 letters, digits, "_" or "-" (OpenAI\'s rule), or leave the name out.';
    throw messageError(index, `has the name ${JSON.stringify(message.name)}, which OpenAI refuses`, fix);
  }
  const names = message.role === "assistant" ? (message.tool_calls ?? []).map((call) => (call.type === "function" ? call.function.name : call.custom.name)) : [];
  const badName = names.find((name) => !NAME_PATTERN.test(name));
  if (badName !== undefined) {
    const fix = 'Tool names are 1 to 64 letters, digits, "_" or "-" (OpenAI\'s rule); fix the name in the AIMessage\'s tool_calls.';
    throw messageError(index, `has a tool call named ${JSON.stringify(badName)}, which OpenAI refuses`, fix);
  }
}

function checkMessageValues(message: MessageParam, index: number): void {
  checkNames(message, index);
  if (Array.isArray(message.content) && message.content.length === 0 && message.role !== "assistant") {
    const fix = 'Give it content: a string (which may be empty, "") or at least one content block.';
    throw messageError(index, `(role "${message.role}") has an empty content array, which OpenAI refuses`, fix);
  }
  const found = findNonJsonValue(message);
  if (found !== undefined) {
    throw messageError(index, `has a value JSON cannot carry: its ${found.path} is ${found.problem}`, "Replace it with a JSON value.");
  }
}

function answerCall(open: OpenCalls | undefined, id: string, index: number): void {
  if (open === undefined || !open.declared.includes(id)) {
    const before =
      open === undefined
        ? "the message before it is not an AIMessage with tool_calls (or a ToolMessage answering one)"
        : `the AIMessage at ${open.assistantIndex} called only ${open.declared.map((known) => `"${known}"`).join(", ")}`;
    const fix =
      "A ToolMessage must follow the AIMessage whose tool_calls include its tool_call_id; fix the tool_call_id, keep " +
      "that AIMessage in the history, or remove the ToolMessage.";
    throw messageError(index, `is a tool result for call "${id}", but ${before}`, fix);
  }
  if (!open.pending.has(id)) {
    throw messageError(index, `answers tool call "${id}" a second time`, "Send one ToolMessage per tool call.");
  }
  open.pending.delete(id);
}

function unansweredError(open: OpenCalls, nextIndex: number | undefined): InvalidMessageError {
  const ids = [...open.pending].map((id) => `"${id}"`).join(", ");
  const where = nextIndex === undefined ? "by the end of the messages" : `before message ${nextIndex}`;
  const fix =
    "OpenAI wants every tool call answered by a ToolMessage (with its tool_call_id) right after the AIMessage that made " +
    "it; add the missing results, or drop the unanswered calls from that AIMessage.";
  return messageError(open.assistantIndex, `has tool calls ${ids} that no ToolMessage answers ${where}`, fix);
}
