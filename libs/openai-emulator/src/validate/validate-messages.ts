// Message rules that a per-field schema cannot express: which content parts a role may carry, whether a role may
// leave its content out, and the tool-call conversation sequence. They run after the schema phases, so every
// message here is an object with a known role and well-typed members.

import { type EmulatorHttpError, invalidRequest } from "../errors.js";
import { type PartType, PART_TYPES, type Role, ROLES } from "./chat-request-schema.js";
import { assertNever, type Issue, isJsonObject, isPresent, type JsonObject } from "./validation-schema.js";

/** The part types each role may send (the SDK's message param types). */
const ALLOWED_PARTS: Record<Role, readonly PartType[]> = {
  system: ["text"],
  assistant: ["text", "refusal"],
  user: ["text", "image_url", "input_audio", "file"],
  // The schema already limits function results to a string.
  function: [],
  tool: ["text"],
  developer: ["text"],
};

/** How a refused part is named: "Image URLs are only allowed for messages with role 'user'". */
const PART_NOUNS: Record<PartType, { plural: string; singular: string; role: Role | undefined }> = {
  text: { plural: "Text parts", singular: "a text part", role: undefined },
  image_url: { plural: "Image URLs", singular: "an image URL", role: "user" },
  input_audio: { plural: "Audio inputs", singular: "an audio input", role: "user" },
  refusal: { plural: "Refusals", singular: "a refusal", role: "assistant" },
  audio: { plural: "Audio parts", singular: "an audio part", role: undefined },
  file: { plural: "Files", singular: "a file", role: "user" },
};

function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

function isPartType(value: unknown): value is PartType {
  return PART_TYPES.some((type) => type === value);
}

/** The messages of a body that passed the schema phases: an array of objects. */
export function messagesOf(body: JsonObject): JsonObject[] {
  return Array.isArray(body.messages) ? body.messages.filter(isJsonObject) : [];
}

function partNotAllowed(index: number, role: Role, type: PartType): EmulatorHttpError {
  const noun = PART_NOUNS[type];
  // Confirmed for image URLs (role 'tool' and 'system'); the other nouns follow the same sentence. wording not confirmed
  const rule =
    noun.role === undefined
      ? `${noun.plural} are not supported in messages`
      : `${noun.plural} are only allowed for messages with role '${noun.role}'`;
  const message = `Invalid 'messages[${index}]'. ${rule}, but this message with role '${role}' contains ${noun.singular}.`;
  return invalidRequest(message, `messages[${index}]`, "invalid_value");
}

/** Enum-phase rule: content parts the message's role may not carry (e.g. an image in a tool result). */
export function checkContentPartRoles(body: JsonObject): Issue {
  for (const [index, message] of messagesOf(body).entries()) {
    const role = message.role;
    if (!isRole(role) || !Array.isArray(message.content)) continue;
    for (const part of message.content) {
      const type = isJsonObject(part) ? part.type : undefined;
      if (isPartType(type) && !ALLOWED_PARTS[role].includes(type)) return partNotAllowed(index, role, type);
    }
  }
  return undefined;
}

/** True when some message text mentions "json" in any case, as JSON mode demands. */
export function messagesMentionJson(body: JsonObject): boolean {
  return messagesOf(body).some((message) => {
    const content = message.content;
    if (typeof content === "string") return /json/i.test(content);
    if (!Array.isArray(content)) return false;
    return content.some((part) => isJsonObject(part) && typeof part.text === "string" && /json/i.test(part.text));
  });
}

function nullContent(index: number): EmulatorHttpError {
  // Note the `messages.[i]` spelling: the API's message-level checks write paths that way.
  return invalidRequest("Invalid value for 'content': expected a string, got null.", `messages.[${index}].content`);
}

/**
 * Content may be left out only by an assistant that says something else, and by a legacy function result. A missing
 * content is treated like `null` (the SDK requires it). wording not confirmed for missing content, and for assistants
 * that carry only a refusal or audio (accepted here)
 */
function checkContentPresent(message: JsonObject, role: Role, index: number): Issue {
  switch (role) {
    case "assistant": {
      // A refusal or an audio reference is what the API itself returns instead of content, so clients echo it back.
      const saysSomething = ["content", "tool_calls", "function_call", "refusal", "audio"].some((key) => isPresent(message[key]));
      return saysSomething ? undefined : nullContent(index);
    }
    case "function":
      return undefined;
    case "system":
    case "user":
    case "tool":
    case "developer":
      return isPresent(message.content) ? undefined : nullContent(index);
    default:
      return assertNever(role);
  }
}

function precedingError(index: number): EmulatorHttpError {
  // "preceeding" is the API's own spelling.
  const message = "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
  return invalidRequest(message, `messages.[${index}].role`);
}

function unansweredError(pending: ReadonlySet<string>, param: string): EmulatorHttpError {
  const message =
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
    `The following tool_call_ids did not have response messages: ${[...pending].join(", ")}`;
  return invalidRequest(message, param);
}

/** The ids an assistant message asked for, or `undefined` when it made no tool calls. */
function toolCallIds(message: JsonObject): string[] | undefined {
  if (message.role !== "assistant" || !Array.isArray(message.tool_calls)) return undefined;
  return message.tool_calls.flatMap((call) => (isJsonObject(call) && typeof call.id === "string" ? [call.id] : []));
}

interface OpenToolCalls {
  declared: readonly string[];
  pending: Set<string>;
}

function answerToolCall(open: OpenToolCalls | undefined, message: JsonObject, index: number): Issue {
  const id = message.tool_call_id;
  if (typeof id !== "string") {
    const text = "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.";
    return invalidRequest(text, `messages.[${index}].tool_call_id`);
  }
  // A duplicate answer counts as answering nothing (captured: a second response to the same id).
  if (open === undefined || (open.declared.includes(id) && !open.pending.has(id))) return precedingError(index);
  if (!open.declared.includes(id)) {
    // wording confirmed; param and code not confirmed
    const text = `Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`;
    return invalidRequest(text, `messages.[${index}].tool_call_id`);
  }
  open.pending.delete(id);
  return undefined;
}

/**
 * The last phase: per message in order, content presence and tool-call bookkeeping. Every call an assistant makes
 * must be answered by the tool messages directly after it; a non-tool message closing the block early is reported at
 * its own role, running out of messages at `messages`.
 */
export function checkMessageSequence(body: JsonObject): Issue {
  let open: OpenToolCalls | undefined;
  for (const [index, message] of messagesOf(body).entries()) {
    const role = message.role;
    if (!isRole(role)) continue;
    const issue = checkContentPresent(message, role, index);
    if (issue) return issue;
    if (role === "tool") {
      const answerIssue = answerToolCall(open, message, index);
      if (answerIssue) return answerIssue;
      continue;
    }
    if (open !== undefined && open.pending.size > 0) return unansweredError(open.pending, `messages.[${index}].role`);
    const declared = toolCallIds(message);
    open = declared === undefined ? undefined : { declared, pending: new Set(declared) };
  }
  return open !== undefined && open.pending.size > 0 ? unansweredError(open.pending, "messages") : undefined;
}
