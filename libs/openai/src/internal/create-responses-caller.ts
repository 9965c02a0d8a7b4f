// The Responses API side of ChatOpenAI (beside create-chat-caller.ts): messages converted to input items, the request
// built, sent through the same lazily built SDK client (createClientCall: retries, typed errors, the key kept out of
// them, abort, limits), and the answer converted, whole or streamed.

import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import type OpenAI from "openai";
import type { ChatOpenAICallOptions, ResolvedConnection } from "../chat-openai-fields.js";
import { MalformedResponseError } from "../errors/errors.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { convertFromResponses, type WireResponse } from "../messages/convert-from-responses.js";
import { createResponsesChunkConverter } from "../messages/convert-from-responses-stream.js";
import { createResponsesV1ChunkConverter } from "../messages/convert-from-responses-stream-v1.js";
import { convertToResponsesInput } from "../messages/convert-to-responses-input.js";
import { type BuiltResponsesRequest, buildResponsesRequest, type ResponsesRequestFields } from "../request/build-responses-request.js";
import { restoreToolCallNulls } from "../tools/restore-tool-call-nulls.js";
import { convertHeaders } from "./convert-headers.js";
import { type ClientCallModel, createClientCall } from "./create-client-call.js";
import { excerpt } from "./parse-chat-completion.js";
import { parseResponsesStream } from "./parse-responses-stream.js";

/**
 * The model's fields a Responses call reads, at every call (ChatOpenAI passes itself).
 *
 * @example
 * const model: ResponsesCallerModel = { model: "gpt-4o-mini", systemRole: "system", maxRetries: 2, zdrEnabled: false };
 */
export type ResponsesCallerModel = ResponsesRequestFields &
  ClientCallModel & { model: string; systemRole: "system" | "developer"; includeResponseHeaders?: boolean; outputVersion?: string };

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
  const { call, limitsOf, protectError } = createClientCall(model, connection);
  const buildRequest = (messages: BaseMessage[], options: CallOptions, stream: boolean): BuiltResponsesRequest => {
    const input = convertToResponsesInput(messages, { systemRole: model.systemRole, zdrEnabled: model.zdrEnabled });
    return buildResponsesRequest({ model: model.model, fields: model, options, input, stream });
  };
  return {
    buildRequest,
    async complete(messages, options) {
      const { request, warnings, restorePlans } = buildRequest(messages, options, false);
      return call(options, async (client, requestOptions) => {
        const response = await client.responses.create(request as OpenAI.Responses.ResponseCreateParamsNonStreaming, requestOptions).asResponse();
        const requestId = response.headers.get("x-request-id") ?? undefined;
        const headers = model.includeResponseHeaders ? convertHeaders(response.headers) : undefined;
        const body = parseBody(await response.text(), requestId);
        return restoreToolCallNulls(convertFromResponses(body, { requestId, warnings, ...(headers && { headers }) }), restorePlans);
      });
    },
    async *stream(messages, options, { runManager, promptIndex }) {
      const { request, warnings } = buildRequest(messages, options, true);
      const response = await call(options, (client, requestOptions) =>
        client.responses.create(request as OpenAI.Responses.ResponseCreateParamsStreaming, requestOptions).asResponse(),
      );
      const requestId = response.headers.get("x-request-id") ?? undefined;
      const headers = model.includeResponseHeaders ? convertHeaders(response.headers) : undefined;
      // With outputVersion "v1", chunks come in standard blocks already, so that they concatenate to invoke's message.
      const createConverter = (options.outputVersion ?? model.outputVersion) === "v1" ? createResponsesV1ChunkConverter : createResponsesChunkConverter;
      const convert = createConverter({ requestId, warnings, ...(headers && { headers }) });
      try {
        for await (const event of parseResponsesStream(response, { requestId }, limitsOf(options, response))) {
          const message = convert(event);
          if (message === undefined) continue;
          const chunk = new ChatGenerationChunk({ message, text: message.text });
          yield chunk;
          // Every chunk, text or not, as on Chat Completions: what listeners concatenate equals the streamed message.
          if (runManager) await runManager.handleLLMNewToken(chunk.text, { prompt: promptIndex, completion: 0 }, undefined, undefined, undefined, { chunk });
        }
      } catch (error) {
        throw protectError(wrapOpenAIError(error, options.signal));
      }
      if (options.signal?.aborted) throw wrapOpenAIError(options.signal.reason, options.signal);
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
