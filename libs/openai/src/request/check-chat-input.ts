// The input of a call, checked before LangChain core reads it: core turns `null`, `42` or `{}` into a TypeError from
// deep inside and an unknown role into a plain Error; here each becomes a typed error naming the fix.

import { coerceMessageLikeToMessage } from "@langchain/core/messages";
import { InvalidInputError, InvalidMessageError } from "../errors/errors.js";
import { emptyInputError } from "./check-chat-messages.js";
import { checkCallOptionValues } from "./check-option-values.js";

const INPUT_FORMS =
  'a string, a list of messages (HumanMessage, AIMessage, …, ["human", "Hi"] tuples or { role, content } objects) ' +
  "or a prompt value";

const ROLES_HINT =
  'Use a message class (HumanMessage, AIMessage, SystemMessage, ToolMessage), a ["role", content] tuple or a ' +
  '{ role, content } object with role "human" or "user", "ai" or "assistant", "system", "developer" or "tool".';

function describeInput(input: unknown): string {
  if (input === null || input === undefined) return String(input);
  if (typeof input === "object") return Array.isArray(input) ? "an array" : "an object that is not a prompt value";
  return `${typeof input} ${String(input).slice(0, 40)}`;
}

function isPromptValue(input: unknown): boolean {
  return typeof input === "object" && input !== null && typeof (input as { toChatMessages?: unknown }).toChatMessages === "function";
}

/** The role or type a message-like entry claims, for the error message. */
function claimedRole(entry: unknown): string | undefined {
  if (Array.isArray(entry)) return typeof entry[0] === "string" ? entry[0] : undefined;
  if (typeof entry !== "object" || entry === null) return undefined;
  const { role, type } = entry as { role?: unknown; type?: unknown };
  const claimed = role ?? type;
  return typeof claimed === "string" ? claimed : undefined;
}

function checkEntry(entry: unknown, index: number): void {
  try {
    coerceMessageLikeToMessage(entry as Parameters<typeof coerceMessageLikeToMessage>[0]);
  } catch (error) {
    const role = claimedRole(entry);
    const problem = role === undefined ? `is ${describeInput(entry)}, not a message` : `has the role "${role}", which is not a chat message role`;
    throw new InvalidMessageError(`Message ${index} ${problem}. ${ROLES_HINT} Nothing was sent.`, { messageIndex: index, cause: error });
  }
}

/**
 * Checks what a call is given before core reads it: the input must be a string, a non-empty list of message-likes
 * with known roles, or a prompt value (InvalidInputError, InvalidMessageError otherwise), and a per-call `timeout`
 * must be usable (InvalidOptionError). Nothing is sent when it throws.
 *
 * @example
 * checkChatCall(null, {}); // throws InvalidInputError
 * checkChatCall([["wizard", "hi"]], {}); // throws InvalidMessageError (messageIndex 0)
 */
export function checkChatCall(input: unknown, options: unknown): void {
  if (typeof options === "object" && options !== null) checkCallOptionValues(options as Record<string, unknown>);
  if (typeof input === "string" || isPromptValue(input)) return;
  if (!Array.isArray(input)) {
    throw new InvalidInputError(`The input is ${describeInput(input)}; a chat model takes ${INPUT_FORMS}. Nothing was sent.`);
  }
  if (input.length === 0) throw emptyInputError();
  input.forEach(checkEntry);
}
