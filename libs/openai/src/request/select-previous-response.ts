// `usePreviousResponseId`: continue the conversation from the last stored response instead of sending it again. The
// same rule as Python langchain-openai's `use_previous_response_id` (`_get_last_messages`): only the LAST AI message is
// looked at; if its id is a Responses id (`resp_…`), the messages after it are sent with `previous_response_id` set to
// it, otherwise everything is sent as usual. @langchain/openai (JS) has no such option (only the explicit call option).

import type { BaseMessage } from "@langchain/core/messages";
import type { ChatOpenAICallOptions } from "../chat-openai-fields.js";
import { UnsupportedOptionError } from "../errors/errors.js";

/**
 * What a Responses call sends once `usePreviousResponseId` is applied: the messages to convert, and the call options
 * with `previous_response_id` set when one was taken from the history.
 *
 * @example
 * const { messages, options }: SelectedPreviousResponse = selectPreviousResponse(history, {}, { usePreviousResponseId: true });
 */
export interface SelectedPreviousResponse {
  messages: BaseMessage[];
  options: Partial<ChatOpenAICallOptions>;
  /** Whether `usePreviousResponseId` was in force for this call (the call option, else the field). */
  active: boolean;
}

/**
 * Applies `usePreviousResponseId` (the call option, else the model's field). When on, and the last AI message of the
 * history carries a Responses id (`message.id`, else `response_metadata.id`, starting with `resp_`), the call sends
 * only the messages after that message, with `previous_response_id` set to that id. A history whose last AI message
 * came from Chat Completions (`chatcmpl-…`) or has no id, or with no AI message at all, is sent whole. An explicit
 * `previous_response_id` call option wins: it is sent as given with the messages as given (which ones the response
 * already holds is then the caller's choice).
 *
 * @example
 * selectPreviousResponse([human1, aiWithId("resp_1"), human2], {}, { usePreviousResponseId: true });
 * // { messages: [human2], options: { previous_response_id: "resp_1" }, active: true }
 */
export function selectPreviousResponse(
  messages: BaseMessage[],
  options: Partial<ChatOpenAICallOptions>,
  fields: { usePreviousResponseId?: boolean },
): SelectedPreviousResponse {
  const active = (options.usePreviousResponseId ?? fields.usePreviousResponseId) === true;
  if (!active || options.previous_response_id != null) return { messages, options, active };
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.getType() !== "ai") continue;
    const id = responseIdOf(message);
    if (id === undefined) break;
    return { messages: messages.slice(index + 1), options: { ...options, previous_response_id: id }, active };
  }
  return { messages, options, active };
}

function responseIdOf(message: BaseMessage): string | undefined {
  const metadataId = (message.response_metadata as { id?: unknown } | undefined)?.id;
  for (const id of [message.id, metadataId]) if (typeof id === "string" && id.startsWith("resp_")) return id;
  return undefined;
}

/**
 * Refuses `usePreviousResponseId` on a request that sends `store: false` (set by `zdrEnabled`, `store: false`,
 * `modelKwargs` or `extraBody`): such responses are not stored, so no later call could continue from them. Thrown
 * before anything is sent, at the first call, not only once a response id would be used.
 *
 * @example
 * checkPreviousResponseStorage({ store: false }, true); // throws UnsupportedOptionError
 */
export function checkPreviousResponseStorage(request: object, active: boolean): void {
  if (!active || (request as { store?: unknown }).store !== false) return;
  throw new UnsupportedOptionError(
    "usePreviousResponseId continues from stored responses, but this request sends store: false (zdrEnabled, store: false, modelKwargs or extraBody), " +
      "so the API keeps nothing to continue from. Remove usePreviousResponseId (the whole history is then sent, with encrypted reasoning under zdrEnabled), " +
      "or let responses be stored. Nothing was sent.",
    { option: "usePreviousResponseId" },
  );
}
