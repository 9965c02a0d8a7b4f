import type { BaseMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import type * as ClientModule from "../client.js";
import type { ChatOpenAICallOptions, ChatOpenAIFields, ChatOpenAIFieldValues, ResolvedConnection } from "../chat-openai-fields.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { convertToOpenAIMessages } from "../messages/convert-to-openai-messages.js";
import { replaceExpiredAudio } from "../messages/replace-expired-audio.js";
import { buildCallRequest, type BuiltCallRequest, type CallRequestInput } from "../request/build-call-request.js";
import { convertToRequestOptions } from "../request/convert-to-request-options.js";
import { checkContextWindow } from "../tokens/check-context-window.js";
import { checkApiKey, scrubApiKey } from "./protect-api-key.js";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { type AttemptFetch, createAttemptFetch } from "./create-attempt-fetch.js";
import { openChatStream } from "./open-chat-stream.js";
import type { ResponseLimits } from "./read-with-limits.js";
import { readChatCompletion } from "./parse-chat-completion.js";
import { convertHeaders } from "./convert-headers.js";
import type { OpenedChatStream } from "./stream-chat-chunks.js";

/** The model's fields a call reads, at every call (ChatOpenAI passes itself, so mutated fields take effect). */
export type ChatCallerModel = CallRequestInput["fields"] &
  Pick<ChatOpenAIFields, "contextWindow" | "configuration" | "timeout" | "streamIdleTimeout" | "maxResponseBytes"> &
  Pick<ChatOpenAIFieldValues, "model" | "systemRole" | "checkContextWindow" | "maxRetries"> &
  Partial<Pick<ChatOpenAIFieldValues, "includeResponseHeaders">>;

type CallOptions = Partial<ChatOpenAICallOptions>;

/**
 * The default `streamIdleTimeout`: 2 minutes. Between two events of a live stream there is normally well under a
 * second; the long silences are a reasoning model thinking before its first token, which is why it is minutes, not
 * seconds. It stays under undici's 5-minute body timeout, which otherwise ends a stalled stream with an untyped
 * "terminated".
 */
export const DEFAULT_STREAM_IDLE_TIMEOUT = 120_000;

/** A non-streamed answer, with what the converters need to turn it into a ChatResult. */
export interface CompletedChatCall {
  completion: OpenAI.ChatCompletion;
  requestId: string | undefined;
  warnings: string[];
  restorePlans: Map<string, OptionalNullPlan>;
  /** The HTTP response headers, when the model has `includeResponseHeaders`. */
  headers?: Record<string, string>;
}

/** The request side of ChatOpenAI: what it builds, sends and reads, each in one call. */
export interface ChatCaller {
  /** Builds the request of a call with these (already converted) messages; nothing is sent. */
  buildRequest(messages: OpenAI.ChatCompletionMessageParam[], options: CallOptions, stream: boolean): BuiltCallRequest;
  /** Sends a non-streamed request and reads its body. */
  complete(messages: BaseMessage[], options: CallOptions): Promise<CompletedChatCall>;
  /**
   * Sends a streamed request and returns the open response (see openChatStream for the stream_options retry), with the
   * limits its body must be read under.
   */
  openStream(messages: BaseMessage[], options: CallOptions): Promise<OpenedChatStream>;
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
 * Creates the request side of a ChatOpenAI: messages converted, the request built (buildCallRequest) and checked
 * against the context window when the model asks for it, then sent through one SDK client, created at the first
 * request (so a model that never calls needs no key). Every error comes out typed (wrapOpenAIError); an aborted
 * signal is honoured before anything is built or sent.
 *
 * @example
 * const caller = createChatCaller(model, connection);
 * const { completion, requestId, warnings, restorePlans } = await caller.complete(messages, options);
 */
export function createChatCaller(model: ChatCallerModel, connection: ResolvedConnection): ChatCaller {
  let client: OpenAI | undefined;
  let attempts: AttemptFetch | undefined;
  // The limits of the body of one attempt: silence, size, and `timeout` counted from when that attempt was sent.
  const limitsOf = (options: CallOptions, response: Response): ResponseLimits => {
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
  const call = async <T>(options: CallOptions, send: (client: OpenAI, requestOptions: OpenAI.RequestOptions) => Promise<T>): Promise<T> => {
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
      return await send(client, convertToRequestOptions(options));
    } catch (error) {
      const apiKey = apiKeyInUse();
      // A provider's key is checked here, after the header code refused it: its TypeError would echo the key.
      if (apiKey !== undefined) checkApiKey(apiKey);
      throw protectError(wrapOpenAIError(error, options.signal));
    }
  };
  const buildRequest = (messages: OpenAI.ChatCompletionMessageParam[], options: CallOptions, stream: boolean): BuiltCallRequest =>
    buildCallRequest({ model: model.model, fields: model, options, messages, stream, baseURL: connection.baseURL });
  const prepare = async (messages: BaseMessage[], options: CallOptions, stream: boolean) => {
    const converted = convertToOpenAIMessages(messages, { systemRole: model.systemRole });
    const { messages: wireMessages, warnings: audioWarnings } = replaceExpiredAudio(messages, converted, Date.now() / 1000);
    const rebuild = () => {
      const next = buildRequest(wireMessages, options, stream);
      if (audioWarnings.length > 0) next.warnings.push(...audioWarnings);
      return next;
    };
    const built = rebuild();
    if (model.checkContextWindow) await checkContextWindow(built.request, { contextWindow: model.contextWindow });
    return { ...built, rebuild };
  };
  return {
    buildRequest,
    protectError,
    async complete(messages, options) {
      const { request, warnings, restorePlans } = await prepare(messages, options, false);
      // Read and checked by us (inside call, so a failed body read is typed too): whatever a 2xx carries that is not a
      // chat completion becomes a MalformedResponseError, never a TypeError in a converter.
      const { completion, requestId, headers } = await call(options, async (client, requestOptions) => {
        const response = await client.chat.completions.create(request as OpenAI.ChatCompletionCreateParamsNonStreaming, requestOptions).asResponse();
        const read = await readChatCompletion(response, limitsOf(options, response));
        return { ...read, headers: model.includeResponseHeaders ? convertHeaders(response.headers) : undefined };
      });
      return { completion, requestId, warnings, restorePlans, ...(headers && { headers }) };
    },
    async openStream(messages, options) {
      const { rebuild, ...first } = await prepare(messages, options, true);
      const send = (body: OpenAI.ChatCompletionCreateParams) =>
        call(options, (client, requestOptions) => client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsStreaming, requestOptions).asResponse());
      const opened = await openChatStream(first, { rebuild, send, baseURL: connection.baseURL });
      return { ...opened, limits: limitsOf(options, opened.response) };
    },
  };
}
