// The Responses API side of ChatOpenAI (beside create-chat-caller.ts): messages converted to input items, the request
// built, sent through the same lazily built SDK client (createClientCall: retries, typed errors, the key kept out of
// them, abort, limits), and the answer converted, whole or streamed.

import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { ChatGenerationChunk } from "@langchain/core/outputs";
import type OpenAI from "openai";
import type { ChatOpenAICallOptions } from "../chat-openai-fields.js";
import type { ResolvedConnection } from "./resolve-chat-openai-fields.js";
import { resolveAzureResponsesConnection } from "../azure/azure-responses-connection.js";
import { ConfigurationError, MalformedResponseError } from "../errors/errors.js";
import { explainCompatibleResponsesRefusal } from "../errors/explain-compatible-responses-refusal.js";
import { convertFromResponses, type WireResponse } from "../messages/convert-from-responses.js";
import { convertToResponsesInput } from "../messages/convert-to-responses-input.js";
import { type BuiltResponsesRequest, buildResponsesRequest, type ResponsesRequestFields } from "../request/build-responses-request.js";
import type { ChatOpenAICompatibility } from "../request/resolve-compatibility.js";
import { checkPreviousResponseStorage, selectPreviousResponse } from "../request/select-previous-response.js";
import { restoreToolCallNulls } from "../tools/restore-tool-call-nulls.js";
import { convertHeaders } from "./convert-headers.js";
import { type ClientCallModel, createClientCall } from "./create-client-call.js";
import { excerpt, readBodyText } from "./parse-chat-completion.js";
import { type OpenedResponsesStream, streamResponsesChunks } from "./stream-responses-chunks.js";

/**
 * The model's fields a Responses call reads, at every call (ChatOpenAI passes itself).
 *
 * @example
 * const model: ResponsesCallerModel = { model: "gpt-4o-mini", systemRole: "system", maxRetries: 2, zdrEnabled: false };
 */
export type ResponsesCallerModel = ResponsesRequestFields &
  ClientCallModel & { model: string; systemRole: "system" | "developer"; includeResponseHeaders?: boolean; compatibility?: ChatOpenAICompatibility; outputVersion?: string };

type CallOptions = Partial<ChatOpenAICallOptions> & { outputVersion?: string };

/**
 * What a Responses stream reports to, besides its yields.
 *
 * @example
 * const options: ResponsesStreamOptions = { runManager, promptIndex: 0 };
 */
export interface ResponsesStreamOptions {
  runManager?: CallbackManagerForLLMRun;
  promptIndex: number;
}

/**
 * The Responses request side of a ChatOpenAI.
 *
 * @example
 * const caller = createResponsesCaller(model, connection);
 * const message = await caller.complete(messages, options);
 */
export interface ResponsesCaller {
  /** Builds the request of a call with these messages; nothing is sent. */
  buildRequest(messages: BaseMessage[], options: CallOptions, stream: boolean): BuiltResponsesRequest;
  /** Sends a non-streamed request and converts its answer. */
  complete(messages: BaseMessage[], options: CallOptions): Promise<AIMessage>;
  /** Sends a streamed request and yields its chunks, reporting each to `handleLLMNewToken`. */
  stream(messages: BaseMessage[], options: CallOptions, streamOptions: ResponsesStreamOptions): AsyncGenerator<ChatGenerationChunk>;
}

/**
 * Creates the Responses request side of a ChatOpenAI, sharing the sending side with Chat Completions (one client per
 * caller, created at the first request).
 *
 * @example
 * const caller = createResponsesCaller(model, connection);
 * for await (const chunk of caller.stream(messages, options, { promptIndex: 0 })) process.stdout.write(chunk.text);
 */
export function createResponsesCaller(model: ResponsesCallerModel, connection: ResolvedConnection): ResponsesCaller {
  // Azure serves Responses at the resource's root, the deployment named by the body's model (see
  // resolveAzureResponsesConnection); a version that predates it is refused before anything is sent.
  const azure = connection.azure === undefined ? undefined : resolveAzureResponsesConnection(connection, connection.azure);
  const { call, limitsOf, protectError } = createClientCall(model, azure?.connection ?? connection);
  const buildRequest = (messages: BaseMessage[], options: CallOptions, stream: boolean): BuiltResponsesRequest => {
    const selected = selectPreviousResponse(messages, options, model);
    const input = convertToResponsesInput(selected.messages, { systemRole: model.systemRole, zdrEnabled: model.zdrEnabled });
    const built = buildResponsesRequest({ model: model.model, fields: model, options: selected.options, input, stream });
    checkPreviousResponseStorage(built.request, selected.active);
    return azure === undefined ? built : { ...built, request: { ...built.request, model: azure.model } };
  };
  // On an OpenAI-compatible server, a refusal of what the Responses API needs says what to do instead.
  const explain = (request: OpenAI.Responses.ResponseCreateParams) => (error: unknown): never => {
    throw model.compatibility === "compatible" ? explainCompatibleResponsesRefusal(error, request) : error;
  };
  const checkConnection = (): void => {
    if (azure?.problem !== undefined) throw new ConfigurationError(azure.problem);
  };
  return {
    buildRequest,
    async complete(messages, options) {
      checkConnection();
      const { request, warnings, restorePlans } = buildRequest(messages, options, false);
      return call(options, async (client, requestOptions) => {
        const response = await client.responses.create(request as OpenAI.Responses.ResponseCreateParamsNonStreaming, requestOptions).asResponse();
        const requestId = response.headers.get("x-request-id") ?? undefined;
        const headers = model.includeResponseHeaders ? convertHeaders(response.headers) : undefined;
        // Read under the attempt's limits (maxResponseBytes, silence, deadline), as on Chat Completions.
        const body = parseBody(await readBodyText(response, limitsOf(options, response), { requestId, status: response.status }), requestId);
        return restoreToolCallNulls(convertFromResponses(body, { requestId, warnings, ...(headers && { headers }) }), restorePlans);
      }).catch(explain(request));
    },
    async *stream(messages, options, { runManager, promptIndex }) {
      // Built once, outside the retries: a request that cannot be built fails (at the first read) before anything is sent.
      checkConnection();
      const { request, warnings } = buildRequest(messages, options, true);
      const open = async (): Promise<OpenedResponsesStream> => {
        const response = await call(options, (client, requestOptions) =>
          client.responses.create(request as OpenAI.Responses.ResponseCreateParamsStreaming, requestOptions).asResponse(),
        ).catch(explain(request));
        return { response, warnings, limits: limitsOf(options, response) };
      };
      yield* streamResponsesChunks(open, {
        signal: options.signal,
        runManager,
        promptIndex,
        protectError,
        maxRetries: options.maxRetries ?? model.maxRetries,
        includeResponseHeaders: model.includeResponseHeaders,
        outputVersion: options.outputVersion ?? model.outputVersion,
      });
    },
  };
}

function parseBody(text: string, requestId: string | undefined): WireResponse {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null) return body as WireResponse;
  } catch (error) {
    throw new MalformedResponseError(`The Responses API answered with a body that is not JSON: ${excerpt(text)}.`, { requestId, retryable: true, cause: error });
  }
  throw new MalformedResponseError(`The Responses API answered with a body that is not an object: ${excerpt(text)}.`, { requestId, retryable: false });
}
