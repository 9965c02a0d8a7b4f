import type OpenAI from "openai";
import type { ChatOpenAICallOptions } from "../chat-openai-fields.js";

/**
 * The SDK's per-request options for a call: its `options` (headers, …), then its `signal`, `timeout` and `maxRetries`,
 * each only when set, so the client's own settings apply otherwise.
 *
 * @example
 * convertToRequestOptions({ options: { headers: { "x-trace": "1" } }, maxRetries: 0 });
 * // { headers: { "x-trace": "1" }, maxRetries: 0 }
 */
export function convertToRequestOptions(options: Partial<ChatOpenAICallOptions>): OpenAI.RequestOptions {
  return {
    ...options.options,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
}
