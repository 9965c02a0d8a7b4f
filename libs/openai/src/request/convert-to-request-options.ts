import type OpenAI from "openai";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";

/**
 * The SDK's per-request options for a call: its `options` (headers, …), then its `signal`, `timeout` and `maxRetries`,
 * each only when set, so the client's own settings apply otherwise. Headers and query parameters add up, later ones
 * winning: the model's `extraHeaders` / `extraQuery`, the call's SDK `options.headers` / `options.query`, then the
 * call's `extraHeaders` / `extraQuery` (the SDK puts them over `configuration.defaultHeaders` / `defaultQuery`).
 *
 * @example
 * convertToRequestOptions({ options: { headers: { "x-trace": "1" } }, maxRetries: 0 });
 * // { headers: { "x-trace": "1" }, maxRetries: 0 }
 * convertToRequestOptions({ extraQuery: { "api-version": "2" } }, { extraHeaders: { "x-team": "a" } });
 * // { headers: { "x-team": "a" }, query: { "api-version": "2" } }
 */
export function convertToRequestOptions(
  options: Partial<ChatOpenAICallOptions>,
  model: Pick<ChatOpenAIFields, "extraHeaders" | "extraQuery"> = {},
): OpenAI.RequestOptions {
  const sdk = options.options;
  const headers = addUp([model.extraHeaders, sdk?.headers, options.extraHeaders]);
  const query = addUp([model.extraQuery, sdk?.query, options.extraQuery]);
  return {
    ...sdk,
    ...(headers === undefined ? {} : { headers: headers as OpenAI.RequestOptions["headers"] }),
    ...(query === undefined ? {} : { query }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
}

// Headers may come as a Headers object or [name, value] pairs (the SDK takes both); they are read as entries.
function addUp(sources: unknown[]): Record<string, unknown> | undefined {
  const present = sources.filter((source) => source !== undefined && source !== null);
  if (present.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const source of present) {
    const entries = source instanceof Headers ? [...source.entries()] : Array.isArray(source) ? (source as Array<[string, unknown]>) : Object.entries(source as object);
    for (const [name, value] of entries) merged[name] = value;
  }
  return merged;
}
