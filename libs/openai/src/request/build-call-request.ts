import type { ChatOpenAIFields } from "../chat-openai-fields.js";
import { type BuiltChatRequest, buildChatRequest, type ChatRequestInput, type RequestFields } from "./build-chat-request.js";
import { buildStreamUsage } from "./build-stream-usage.js";

/** Everything one call's request is built from: {@link ChatRequestInput} with streamed usage still to decide. */
export interface CallRequestInput extends Omit<ChatRequestInput, "fields" | "streamUsage"> {
  fields: RequestFields & Pick<ChatOpenAIFields, "streamUsage">;
  /** The resolved base URL (undefined for the official API): a server that refused `stream_options` is not asked again. */
  baseURL: string | undefined;
}

/** A built request, and whether a refusal of its `stream_options` may be retried without them. */
export interface BuiltCallRequest extends BuiltChatRequest {
  /** True when usage is asked for only by default (see buildStreamUsage's `mayDropOnRefusal`). */
  mayDropStreamUsage: boolean;
}

/**
 * Builds one call's request: {@link buildChatRequest}, with streamed usage decided by buildStreamUsage from the call's
 * `streamUsage`, else the model's, and the endpoint's history; a streamed request carries the usage warnings too.
 *
 * @example
 * buildCallRequest({ model: "gpt-4o-mini", fields: {}, options: {}, messages, stream: true, baseURL: undefined });
 * // { request: { model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } }, mayDropStreamUsage: true, … }
 */
export function buildCallRequest(input: CallRequestInput): BuiltCallRequest {
  const { fields, options, stream } = input;
  const usage = buildStreamUsage({
    streamUsage: options.streamUsage ?? fields.streamUsage,
    explicitStreamOptions: [options, fields.modelKwargs, fields.extraBody, options.extraBody].some((source) => source?.stream_options !== undefined),
    baseURL: input.baseURL,
  });
  const built = buildChatRequest({ model: input.model, fields, options, messages: input.messages, stream, streamUsage: usage.streamUsage });
  if (stream) built.warnings.push(...usage.warnings);
  return { ...built, mayDropStreamUsage: stream && usage.mayDropOnRefusal };
}
