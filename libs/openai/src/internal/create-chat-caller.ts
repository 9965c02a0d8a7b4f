import type { BaseMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import type { ChatOpenAIFieldValues, ResolvedConnection } from "./resolve-chat-openai-fields.js";
import { explainCompatibleRefusal } from "../errors/explain-compatible-refusal.js";
import { applyReasoningHistory } from "../messages/apply-reasoning-history.js";
import { convertToOpenAIMessages } from "../messages/convert-to-openai-messages.js";
import { replaceExpiredAudio } from "../messages/replace-expired-audio.js";
import { buildCallRequest, type BuiltCallRequest, type CallRequestInput } from "../request/build-call-request.js";
import { checkContextWindow } from "../tokens/check-context-window.js";
import type { OptionalNullPlan } from "../tools/restore-optional-nulls.js";
import { createClientCall } from "./create-client-call.js";
import { openChatStream } from "./open-chat-stream.js";
import { readChatCompletion } from "./parse-chat-completion.js";
import { convertHeaders } from "./convert-headers.js";
import type { OpenedChatStream } from "./stream-chat-chunks.js";

/** The model's fields a call reads, at every call (ChatOpenAI passes itself, so mutated fields take effect). */
export type ChatCallerModel = CallRequestInput["fields"] &
  Pick<ChatOpenAIFields, "contextWindow" | "configuration" | "timeout" | "streamIdleTimeout" | "maxResponseBytes" | "extraHeaders" | "extraQuery" | "sendReasoningContent"> &
  Pick<ChatOpenAIFieldValues, "model" | "systemRole" | "checkContextWindow" | "maxRetries"> &
  Partial<Pick<ChatOpenAIFieldValues, "includeResponseHeaders">>;

// On an OpenAI-compatible server, a refusal of something the user set says what to do instead.
const explainRefusal = (model: ChatCallerModel, request: OpenAI.ChatCompletionCreateParams) => (error: unknown): never => {
  throw model.compatibility === "compatible" ? explainCompatibleRefusal(error, request) : error;
};

type CallOptions = Partial<ChatOpenAICallOptions>;

// Re-exported: the default lives with the shared sending side now.
export { DEFAULT_STREAM_IDLE_TIMEOUT } from "./create-client-call.js";

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

/**
 * Creates the request side of a ChatOpenAI: messages converted, the request built (buildCallRequest) and checked
 * against the context window when the model asks for it, then sent through one SDK client, created at the first
 * request (so a model that never calls needs no key; see createClientCall). Every error comes out typed
 * (wrapOpenAIError); an aborted signal is honoured before anything is built or sent.
 *
 * @example
 * const caller = createChatCaller(model, connection);
 * const { completion, requestId, warnings, restorePlans } = await caller.complete(messages, options);
 */
export function createChatCaller(model: ChatCallerModel, connection: ResolvedConnection): ChatCaller {
  const { call, limitsOf, protectError } = createClientCall(model, connection);
  const buildRequest = (messages: OpenAI.ChatCompletionMessageParam[], options: CallOptions, stream: boolean): BuiltCallRequest =>
    buildCallRequest({ model: model.model, fields: model, options, messages, stream, baseURL: connection.baseURL });
  const prepare = async (messages: BaseMessage[], options: CallOptions, stream: boolean) => {
    const converted = applyReasoningHistory(convertToOpenAIMessages(messages, { systemRole: model.systemRole }), messages, model.sendReasoningContent ?? "never");
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
      }).catch(explainRefusal(model, request));
      return { completion, requestId, warnings, restorePlans, ...(headers && { headers }) };
    },
    async openStream(messages, options) {
      const { rebuild, ...first } = await prepare(messages, options, true);
      const send = (body: OpenAI.ChatCompletionCreateParams) =>
        call(options, (client, requestOptions) => client.chat.completions.create(body as OpenAI.ChatCompletionCreateParamsStreaming, requestOptions).asResponse()).catch(
          explainRefusal(model, body),
        );
      const opened = await openChatStream(first, { rebuild, send, baseURL: connection.baseURL });
      return { ...opened, limits: limitsOf(options, opened.response) };
    },
  };
}
