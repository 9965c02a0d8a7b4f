import OpenAI, { AzureOpenAI, type AzureClientOptions, type ClientOptions } from "openai";
import type { AzureConnection } from "./azure/azure-chat-openai-fields.js";
import type { ResolvedConnection } from "./internal/resolve-chat-openai-fields.js";
import { ConfigurationError } from "./errors/errors.js";
import { checkApiKey } from "./internal/protect-api-key.js";

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
 * (see {@link createErrorBodyFetch}) marks a 429 `insufficient_quota` as not retryable, because waiting cannot restore
 * a quota, and hands error bodies to the SDK in the one shape it reads.
 *
 * @example
 * const client = createOpenAIClient({ connection, configuration: undefined, maxRetries: 2, timeout: undefined });
 */
export function createOpenAIClient(settings: ClientSettings): OpenAI {
  const { connection, configuration } = settings;
  if (connection.azure !== undefined) return createAzureClient(connection.azure, settings);
  if (connection.apiKey === undefined) {
    throw new ConfigurationError(
      "No OpenAI API key. Pass it to the model (`new ChatOpenAI({ apiKey })`) or set the OPENAI_API_KEY environment variable. " +
        "A local OpenAI-compatible server that needs no key still needs a non-empty placeholder.",
    );
  }
  // The header code would throw a TypeError holding the whole key; refuse it first, typed and without echoing it.
  if (typeof connection.apiKey === "string") checkApiKey(connection.apiKey);
  return new OpenAI({
    ...configuration,
    apiKey: connection.apiKey,
    baseURL: connection.baseURL ?? null,
    organization: connection.organization ?? null,
    project: connection.project ?? null,
    maxRetries: settings.maxRetries,
    ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
    fetch: createErrorBodyFetch(configuration?.fetch ?? ((input, init) => globalThis.fetch(input, init))),
  });
}

/**
 * Builds the client of an AzureChatOpenAI. The deployments style uses the SDK's `AzureOpenAI` (deployment in the path,
 * `api-version` in the query; a key goes in `api-key`, a token provider is called before every request and sent as
 * `Authorization: Bearer`). Azure's v1 API takes neither a deployment path nor a dated version, so it uses the plain
 * client on `…/openai/v1`, with a key sent in `api-key` as the deployments style sends it (and no bearer header).
 * Every value is passed explicitly, so the SDK's own environment defaults (`OPENAI_BASE_URL`, `OPENAI_API_VERSION`,
 * `AZURE_OPENAI_API_KEY`, `OPENAI_ORG_ID`, …) never apply behind the model's back.
 *
 * @example
 * const client = createAzureClient(connection.azure, { connection, configuration: undefined, maxRetries: 2, timeout: undefined });
 */
export function createAzureClient(azure: AzureConnection, settings: ClientSettings): OpenAI {
  const { configuration } = settings;
  if (azure.auth.type === "api-key") checkApiKey(azure.auth.key);
  const common = {
    ...configuration,
    organization: null,
    project: null,
    maxRetries: settings.maxRetries,
    ...(settings.timeout === undefined ? {} : { timeout: settings.timeout }),
    fetch: createErrorBodyFetch(configuration?.fetch ?? ((input, init) => globalThis.fetch(input, init))),
  };
  if (azure.style === "deployments") {
    const credential =
      azure.auth.type === "api-key"
        ? { apiKey: azure.auth.key }
        : // An empty key, not undefined: undefined would make the SDK read AZURE_OPENAI_API_KEY and refuse the pair.
          { apiKey: "", azureADTokenProvider: azure.auth.provider };
    // `configuration` is ChatOpenAI's ClientOptions; the few OpenAI-only options it could hold (provider, data residency)
    // are the user's to leave out, as with the SDK's own AzureOpenAI.
    const options = { ...common, ...credential, baseURL: azure.baseURL, apiVersion: azure.apiVersion, deployment: azure.deployment } as AzureClientOptions;
    return new AzureOpenAI(options);
  }
  const defaultQuery = azure.apiVersion === undefined ? configuration?.defaultQuery : { ...configuration?.defaultQuery, "api-version": azure.apiVersion };
  if (azure.auth.type === "token-provider") return new OpenAI({ ...common, apiKey: azure.auth.provider, baseURL: azure.baseURL, defaultQuery });
  // The SDK adds `Authorization: Bearer <apiKey>`; a null default header removes it (openai 6 and 7).
  const defaultHeaders = { ...headersObject(configuration?.defaultHeaders), "api-key": azure.auth.key, Authorization: null };
  return new OpenAI({ ...common, apiKey: azure.auth.key, baseURL: azure.baseURL, defaultQuery, defaultHeaders });
}

// The caller's default headers as one object, so that `api-key` and the bearer removal can go after them. A plain object
// is kept as it is (a null there removes a header, as the SDK reads it); Headers and entry lists are copied.
function headersObject(headers: ClientOptions["defaultHeaders"]): Record<string, string | null | undefined> {
  if (headers === undefined || headers === null) return {};
  if (!Array.isArray(headers) && !(headers instanceof Headers) && !("values" in headers && headers.values instanceof Headers)) {
    return { ...(headers as Record<string, string | null | undefined>) };
  }
  const result: Record<string, string | null> = {};
  new Headers(headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => {
    result[name] = value;
  });
  return result;
}

/**
 * Wraps `fetch` so that error responses (4xx, 5xx; their bodies are small) reach the SDK in the shape it reads:
 * - a 429 whose body says `insufficient_quota` carries `x-should-retry: false`, which the SDK's retry loop obeys;
 * - a JSON error body without an `error` member (FastAPI's `{"detail": …}`, vLLM's and Mistral's top-level
 *   `{"message": …}`) is wrapped as `{"error": body}`. openai 7 does this itself; openai 6 would drop the body and
 *   report "400 status code (no body)", hiding what the server said (e.g. that it refuses `stream_options`).
 * Successful responses pass through untouched.
 *
 * @example
 * const client = new OpenAI({ apiKey, fetch: createErrorBodyFetch(globalThis.fetch) });
 */
export function createErrorBodyFetch(base: Fetch): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.status < 400) return response;
    const body = await response.text();
    const headers = new Headers(response.headers);
    // The body is now decoded text of another length.
    headers.delete("content-length");
    headers.delete("content-encoding");
    if (response.status === 429 && body.includes('"insufficient_quota"')) headers.set("x-should-retry", "false");
    return new Response(wrapErrorBody(body), { status: response.status, statusText: response.statusText, headers });
  };
}

function wrapErrorBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const isBareObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && (parsed as { error?: unknown }).error == null;
  return isBareObject ? JSON.stringify({ error: parsed }) : body;
}
