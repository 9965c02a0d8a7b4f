// The part of a model's request side that does not depend on the endpoint: one SDK client per model, built at the
// first request (so a model that never calls needs no key, and importing the package does not load the SDK's client),
// per-call request options, the limits an attempt's body is read under, typed errors and the key kept out of them.
// ChatOpenAI (createChatCaller) and the legacy OpenAI LLM both send through it.
import type OpenAI from "openai";
import type { ClientOptions } from "openai";
import type * as ClientModule from "../client.js";
import type { ResolvedConnection } from "./resolve-chat-openai-fields.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { convertToRequestOptions } from "../request/convert-to-request-options.js";
import { type AttemptFetch, createAttemptFetch } from "./create-attempt-fetch.js";
import { checkApiKey, scrubApiKey } from "./protect-api-key.js";
import type { ResponseLimits } from "./read-with-limits.js";

/**
 * The default `streamIdleTimeout`: 2 minutes. Between two events of a live stream there is normally well under a
 * second; the long silences are a reasoning model thinking before its first token, which is why it is minutes, not
 * seconds. It stays under undici's 5-minute body timeout, which otherwise ends a stalled stream with an untyped
 * "terminated".
 */
export const DEFAULT_STREAM_IDLE_TIMEOUT = 120_000;

/** The model's fields a call reads, at every call (the model passes itself, so mutated fields take effect). */
export interface ClientCallModel {
  configuration?: ClientOptions;
  maxRetries: number;
  timeout?: number;
  streamIdleTimeout?: number;
  maxResponseBytes?: number;
  /** Headers and query parameters added to every request (ChatOpenAI's `extraHeaders` / `extraQuery`). */
  extraHeaders?: Record<string, string>;
  extraQuery?: Record<string, string>;
}

/** The call options a call reads: per-request SDK options, the signal, and per-call limits. */
export interface ClientCallOptions {
  options?: OpenAI.RequestOptions;
  signal?: AbortSignal;
  timeout?: number;
  maxRetries?: number;
  streamIdleTimeout?: number;
  maxResponseBytes?: number;
  /** Headers and query parameters for this call only; they win over the model's. */
  extraHeaders?: Record<string, string>;
  extraQuery?: Record<string, string>;
}

/** Sends requests through one lazily built SDK client. */
export interface ClientCall {
  /**
   * Runs `send` with the client and the call's request options; whatever it throws comes out typed (wrapOpenAIError)
   * and without the key. An aborted signal is honoured before the client is built.
   */
  call<T>(options: ClientCallOptions, send: (client: OpenAI, requestOptions: OpenAI.RequestOptions) => Promise<T>): Promise<T>;
  /** The limits of the body of one attempt: silence, size, and `timeout` counted from when that attempt was sent. */
  limitsOf(options: ClientCallOptions, response: Response): ResponseLimits;
  /** Removes the key in use from an error by value (see scrubApiKey), e.g. one a server echoed back mid-stream. */
  protectError<T>(error: T): T;
}

let clientModule: Promise<typeof ClientModule> | undefined;

/**
 * The module that builds the SDK client, loaded at the first request of the process: it imports the whole `openai`
 * SDK (its client and every resource, a few hundred modules), which importing this package therefore does not.
 */
function loadClientModule(): Promise<typeof ClientModule> {
  clientModule ??= import("../client.js");
  return clientModule;
}

/**
 * Creates the sending side shared by the package's models: one SDK client (see createOpenAIClient), created at the
 * first request, whose fetch records when each attempt started (see createAttemptFetch).
 *
 * @example
 * const { call, limitsOf } = createClientCall(model, connection);
 * const response = await call(options, (client, requestOptions) => client.completions.create(body, requestOptions).asResponse());
 */
export function createClientCall(model: ClientCallModel, connection: ResolvedConnection): ClientCall {
  let client: OpenAI | undefined;
  let attempts: AttemptFetch | undefined;
  const limitsOf = (options: ClientCallOptions, response: Response): ResponseLimits => {
    const startedAt = attempts?.startedAt(response) ?? Date.now();
    return {
      idleTimeout: options.streamIdleTimeout ?? model.streamIdleTimeout ?? DEFAULT_STREAM_IDLE_TIMEOUT,
      deadline: model.timeout === undefined ? undefined : startedAt + model.timeout,
      timeout: model.timeout,
      maxBytes: options.maxResponseBytes ?? model.maxResponseBytes,
    };
  };
  // A key from an async provider (`configuration.apiKey` as a function) is known only once the SDK has resolved it.
  const apiKeyInUse = (): string | undefined =>
    typeof connection.apiKey === "string" ? connection.apiKey : typeof client?.apiKey === "string" ? client.apiKey : undefined;
  const protectError = <T>(error: T): T => scrubApiKey(error, apiKeyInUse());
  const call = async <T>(options: ClientCallOptions, send: (client: OpenAI, requestOptions: OpenAI.RequestOptions) => Promise<T>): Promise<T> => {
    try {
      // Checked before the client is built, so an aborted call never needs a key or a connection.
      options.signal?.throwIfAborted();
      if (client === undefined) {
        const { createOpenAIClient } = await loadClientModule();
        // Checked again: concurrent first calls all waited for the module, and only the first builds the client.
        if (client === undefined) {
          attempts = createAttemptFetch(model.configuration?.fetch ?? ((input, init) => globalThis.fetch(input, init)));
          const configuration = { ...model.configuration, fetch: attempts.fetch };
          client = createOpenAIClient({ connection, configuration, maxRetries: model.maxRetries, timeout: model.timeout });
        }
      }
      const { options: sdkOptions, signal, timeout, maxRetries, extraHeaders, extraQuery } = options;
      return await send(client, convertToRequestOptions({ options: sdkOptions, signal, timeout, maxRetries, extraHeaders, extraQuery }, model));
    } catch (error) {
      const apiKey = apiKeyInUse();
      // A provider's key is checked here, after the header code refused it: its TypeError would echo the key.
      if (apiKey !== undefined) checkApiKey(apiKey);
      throw protectError(wrapOpenAIError(error, options.signal));
    }
  };
  return { call, limitsOf, protectError };
}
