// Streamed usage is asked for by default (`stream_options.include_usage`), on every server. Servers that refuse the
// key are remembered here, per resolved base URL and for the life of the process, so that every model instance talking
// to them sends the request without it from then on, instead of paying one refused request each.

const OFFICIAL_BASE_URL = "https://api.openai.com/v1";
const refusingServers = new Set<string>();

/**
 * The warning a stream carries in `response_metadata.warnings` when usage was not asked for because the server refused
 * `stream_options`.
 *
 * @example
 * message.response_metadata.warnings?.includes(STREAM_USAGE_REFUSED_WARNING);
 */
export const STREAM_USAGE_REFUSED_WARNING =
  "Usage was not streamed: this server refused `stream_options` (include_usage), so the request was sent without it and " +
  "the stream carries no usage_metadata. Set `streamUsage: false` to stop asking for it and silence this warning.";

/** What decides whether a stream asks for usage. */
export interface StreamUsageInput {
  /** `streamUsage` of the call, else of the model: an explicit choice, never overruled. */
  streamUsage: boolean | undefined;
  /** Whether the user set `stream_options` themselves (call option or `modelKwargs`). */
  explicitStreamOptions: boolean;
  /** The resolved base URL (undefined for the official API). */
  baseURL: string | undefined;
}

/** Whether to ask for usage, whether a refusal may be retried without it, and the warnings to report. */
export interface BuiltStreamUsage {
  streamUsage: boolean;
  /** True when usage is asked for only by default: a refusal of `stream_options` may then be retried without it. */
  mayDropOnRefusal: boolean;
  warnings: string[];
}

/**
 * Decides `stream_options.include_usage` for a streamed request: the user's `streamUsage` when set; otherwise on,
 * unless this base URL refused `stream_options` before (see {@link rememberStreamOptionsRefusal}), which is then
 * reported as a warning.
 *
 * @example
 * buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: false, baseURL: "http://localhost:8000/v1" });
 * // { streamUsage: true, mayDropOnRefusal: true, warnings: [] }
 */
export function buildStreamUsage(input: StreamUsageInput): BuiltStreamUsage {
  if (input.streamUsage !== undefined) return { streamUsage: input.streamUsage, mayDropOnRefusal: false, warnings: [] };
  if (refusingServers.has(serverKey(input.baseURL))) {
    return { streamUsage: false, mayDropOnRefusal: false, warnings: input.explicitStreamOptions ? [] : [STREAM_USAGE_REFUSED_WARNING] };
  }
  return { streamUsage: true, mayDropOnRefusal: !input.explicitStreamOptions, warnings: [] };
}

/**
 * Records that the server at `baseURL` refused `stream_options`; later requests to it (from any instance) leave it out.
 *
 * @example
 * if (isStreamOptionsRefusal(error)) rememberStreamOptionsRefusal(baseURL);
 */
export function rememberStreamOptionsRefusal(baseURL: string | undefined): void {
  refusingServers.add(serverKey(baseURL));
}

// "http://host/v1/" and "http://host/v1" are one server; so are no base URL and the official one.
function serverKey(baseURL: string | undefined): string {
  return (baseURL ?? OFFICIAL_BASE_URL).trim().replace(/\/+$/u, "");
}
