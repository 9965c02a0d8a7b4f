import type OpenAI from "openai";
import { isStreamOptionsRefusal } from "../errors/is-stream-options-refusal.js";
import { rememberStreamOptionsRefusal } from "../request/build-stream-usage.js";
import type { OpenedChatStream } from "./stream-chat-chunks.js";

/** A streaming request as built for a call. */
export interface StreamRequest {
  request: OpenAI.ChatCompletionCreateParams;
  warnings: string[];
  /** True when usage is asked for only by default, so a refusal of `stream_options` may be retried without it. */
  mayDropStreamUsage: boolean;
}

/** How {@link openChatStream} rebuilds and sends. */
export interface OpenChatStreamOptions {
  /** Builds the request again; once the refusal is remembered, it leaves `stream_options` out (with a warning). */
  rebuild: () => Pick<StreamRequest, "request" | "warnings">;
  /** Sends one request and resolves to the open response; rejects with a typed error. */
  send: (request: OpenAI.ChatCompletionCreateParams) => Promise<Response>;
  /** The resolved base URL, under which a refusal is remembered. */
  baseURL: string | undefined;
}

/**
 * Sends a streaming request and returns the open response with the warnings of the request that opened it. Usage asked
 * for only by default, refused by the server (a 400 naming stream_options), is dropped in exactly one more request,
 * and the refusal remembered for the base URL; any other error, or a refusal of usage the user asked for, is thrown.
 *
 * @example
 * const { response, warnings } = await openChatStream(built, { rebuild, send, baseURL });
 */
export async function openChatStream(first: StreamRequest, options: OpenChatStreamOptions): Promise<OpenedChatStream> {
  try {
    return { response: await options.send(first.request), warnings: first.warnings };
  } catch (error) {
    if (!first.mayDropStreamUsage || !isStreamOptionsRefusal(error)) throw error;
    rememberStreamOptionsRefusal(options.baseURL);
    const retry = options.rebuild();
    return { response: await options.send(retry.request), warnings: retry.warnings };
  }
}
