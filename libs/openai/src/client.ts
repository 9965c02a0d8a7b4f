import OpenAI, { type ClientOptions } from "openai";
import type { ResolvedConnection } from "./chat-openai-fields.js";
import { ConfigurationError } from "./errors/errors.js";

type Fetch = NonNullable<ClientOptions["fetch"]>;

/** What {@link createOpenAIClient} needs besides the SDK's own `configuration`. */
export interface ClientSettings {
  connection: ResolvedConnection;
  configuration: ClientOptions | undefined;
  maxRetries: number;
  timeout: number | undefined;
}

/**
 * Builds the `openai` SDK client. The SDK is the one layer that retries (408, 409, 429, 5xx and connection errors,
 * honouring `retry-after-ms` / `retry-after`, jittered backoff otherwise, `timeout` per attempt); the wrapped `fetch`
 * marks a 429 `insufficient_quota` as not retryable, because waiting cannot restore a quota.
 *
 * @example
 * const client = createOpenAIClient({ connection, configuration: undefined, maxRetries: 2, timeout: undefined });
 */
export function createOpenAIClient(settings: ClientSettings): OpenAI {
  const { connection, configuration } = settings;
  if (connection.apiKey === undefined) {
    throw new ConfigurationError(
      "No OpenAI API key. Pass it to the model (`new ChatOpenAI({ apiKey })`) or set the OPENAI_API_KEY environment variable. " +
        "A local OpenAI-compatible server that needs no key still needs a non-empty placeholder.",
    );
  }
  return new OpenAI({
    ...configuration,
    apiKey: connection.apiKey,
    baseURL: connection.baseURL ?? null,
    organization: connection.organization ?? null,
    project: connection.project ?? null,
    maxRetries: settings.maxRetries,
    ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
    fetch: createQuotaAwareFetch(configuration?.fetch ?? ((input, init) => globalThis.fetch(input, init))),
  });
}

/**
 * Wraps `fetch` so that a 429 whose body says `insufficient_quota` carries `x-should-retry: false`, which the SDK's
 * retry loop obeys. Only 429 bodies are read (they are small); every other response passes through untouched.
 */
export function createQuotaAwareFetch(base: Fetch): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.status !== 429) return response;
    const body = await response.text();
    const headers = new Headers(response.headers);
    if (body.includes('"insufficient_quota"')) headers.set("x-should-retry", "false");
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}
