import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import { isServerSideTool } from "../tools/check-built-in-tools.js";
import { RESPONSES_ONLY_CALL_OPTIONS } from "./check-call-options.js";

/**
 * Whether a call needs the Responses API, for a model that leaves `useResponsesApi` unset: it passes one of the
 * Responses API's own call options (`previous_response_id`, `include`, `text`, `truncation`), or a reasoning summary
 * (`reasoning.summary`, on the call or the model), binds one of OpenAI's built-in tools (`{ type: "web_search" }`, …),
 * or has `usePreviousResponseId` on (the call's, else the model's). The same triggers as `@langchain/openai`'s, except
 * that custom tools, which Chat Completions takes too, do not switch APIs.
 *
 * @example
 * needsResponsesApi({ previous_response_id: "resp_1" }, {}); // true
 * needsResponsesApi({ tools: [{ type: "web_search" }] }, {}); // true
 * needsResponsesApi({ reasoning: { effort: "low" } }, {}); // false
 */
export function needsResponsesApi(options: Partial<ChatOpenAICallOptions>, fields: Pick<ChatOpenAIFields, "reasoning" | "usePreviousResponseId">): boolean {
  if (RESPONSES_ONLY_CALL_OPTIONS.some((name) => options[name] != null)) return true;
  if ((options.usePreviousResponseId ?? fields.usePreviousResponseId) === true) return true;
  if (options.tools?.some(isServerSideTool)) return true;
  return options.reasoning?.summary != null || fields.reasoning?.summary != null;
}
