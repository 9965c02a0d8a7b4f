import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import { RESPONSES_ONLY_CALL_OPTIONS } from "./check-call-options.js";

/**
 * Whether a call needs the Responses API, for a model that leaves `useResponsesApi` unset: it passes one of the
 * Responses API's own call options (`previous_response_id`, `include`, `text`, `truncation`), or a reasoning summary
 * (`reasoning.summary`, on the call or the model), or `usePreviousResponseId` (the call's, else the model's) is on. The same triggers as `@langchain/openai`'s, built-in and custom
 * tools aside (not supported on the Responses API here yet).
 *
 * @example
 * needsResponsesApi({ previous_response_id: "resp_1" }, {}); // true
 * needsResponsesApi({ reasoning: { effort: "low" } }, {}); // false
 */
export function needsResponsesApi(options: Partial<ChatOpenAICallOptions>, fields: Pick<ChatOpenAIFields, "reasoning" | "usePreviousResponseId">): boolean {
  if (RESPONSES_ONLY_CALL_OPTIONS.some((name) => options[name] != null)) return true;
  if ((options.usePreviousResponseId ?? fields.usePreviousResponseId) === true) return true;
  return options.reasoning?.summary != null || fields.reasoning?.summary != null;
}
