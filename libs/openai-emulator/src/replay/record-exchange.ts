// Proxying one request to the upstream API while recording its answer. The client gets the response as it arrives (the
// body is teed, never buffered first); the recording settles when the body ends.

import { EmulatorHttpError } from "../errors.js";
import type { RecordedResponse } from "./cassette.js";
import { parseSseEvents, type TimedChunk } from "./parse-sse-events.js";
import { redactApiKeys, scrubApiKeys } from "./redact-api-keys.js";

/** Where record modes forward requests, with defaults resolved. */
export interface ResolvedUpstream {
  baseURL: string;
  apiKey: string | undefined;
  fetch: (input: Request) => Promise<Response>;
}

// Response headers worth replaying: what clients read (request ids, retry hints, rate limits, the content type).
// Everything else, including set-cookie and openai-organization / openai-project, is never written.
const RECORDED_HEADERS = new Set([
  "content-type",
  "x-request-id",
  "openai-version",
  "openai-processing-ms",
  "openai-model",
  "retry-after",
  "retry-after-ms",
  "x-should-retry",
  "apim-request-id",
  "azureml-model-deployment",
]);
const RECORDED_HEADER_PREFIX = "x-ratelimit-";

// Hop-by-hop headers belong to one connection, not to the exchange. accept-encoding is left to the upstream fetch,
// which decodes what it negotiates; forwarding the client's would make no difference to the decoded body.
const UNFORWARDED_REQUEST_HEADERS = [
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-connection",
  "accept-encoding",
];
// The upstream fetch has already decoded the body, so its encoding and length no longer describe what we pass on.
const UNPASSED_RESPONSE_HEADERS = ["content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"];

/**
 * The upstream URL of a request: the path after `/v1` goes after the base URL (which ends in `/v1`), other paths (Azure's
 * `/openai/…`) after the base URL's origin; the query string is kept.
 *
 * @example
 * createUpstreamUrl("https://api.openai.com/v1", new URL("http://127.0.0.1:4010/v1/chat/completions"));
 * // "https://api.openai.com/v1/chat/completions"
 * createUpstreamUrl("https://x.openai.azure.com/v1", new URL("http://e/openai/deployments/d/chat/completions?api-version=2024-10-21"));
 * // "https://x.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21"
 */
export function createUpstreamUrl(baseURL: string, requestUrl: URL): string {
  const base = baseURL.replace(/\/+$/u, "");
  const { pathname, search } = requestUrl;
  if (pathname === "/v1" || pathname.startsWith("/v1/")) return `${base}${pathname.slice("/v1".length)}${search}`;
  return `${new URL(base).origin}${pathname}${search}`;
}

/**
 * The headers sent upstream: the client's, without hop-by-hop ones (`x-emulator-fault` and `x-emulator-scope` included,
 * which is how a fault is recorded from an upstream emulator), and with the client's key replaced by
 * `upstream.apiKey` when one is given (in the header the client used: `api-key` for Azure keys, else
 * `Authorization: Bearer`).
 *
 * @example
 * createUpstreamHeaders(new Headers({ authorization: "Bearer client" }), "sk-real").get("authorization"); // "Bearer sk-real"
 */
export function createUpstreamHeaders(headers: Headers, apiKey: string | undefined): Headers {
  const forwarded = new Headers(headers);
  for (const name of UNFORWARDED_REQUEST_HEADERS) forwarded.delete(name);
  if (apiKey !== undefined) {
    if (forwarded.has("api-key") && !forwarded.has("authorization")) {
      forwarded.set("api-key", apiKey);
    } else {
      forwarded.delete("api-key");
      forwarded.set("authorization", `Bearer ${apiKey}`);
    }
  }
  return forwarded;
}

/**
 * Forwards a request upstream and returns the response for the client at once, with `recording`, which settles when
 * the body has ended: the recorded response, or undefined when the body failed because the client aborted (a partial
 * exchange is not worth replaying). The masked API key an error answer quotes is recorded as `sk-***` (see
 * redactApiKeys). `start` is the request's start on the `performance.now()` clock.
 * An unreachable upstream is a 502 in OpenAI's envelope.
 *
 * @example
 * const { response, recording } = await recordExchange(request, upstream, performance.now());
 */
export async function recordExchange(
  request: Request,
  upstream: ResolvedUpstream,
  start: number,
): Promise<{ response: Response; recording: Promise<RecordedResponse | undefined> }> {
  const url = createUpstreamUrl(upstream.baseURL, new URL(request.url));
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  // The request's own bytes, not the text the caller decoded: given an unread original, a multipart upload goes through unchanged.
  const body = hasBody ? await request.arrayBuffer() : undefined;
  const upstreamHeaders = createUpstreamHeaders(request.headers, upstream.apiKey);
  const forwarded = new Request(url, { method: request.method, headers: upstreamHeaders, body, signal: request.signal });
  // The keys this exchange carried (the client's, and the one sent upstream): never written to the cassette.
  const keys = [requestApiKey(request.headers), requestApiKey(upstreamHeaders)];
  let upstreamResponse: Response;
  try {
    upstreamResponse = await upstream.fetch(forwarded);
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}` : String(error);
    throw new EmulatorHttpError(502, `The emulator could not reach the upstream API at ${new URL(url).origin} to record this request: ${reason}`, {
      type: "server_error",
      code: "upstream_unreachable",
    });
  }
  const headersMs = elapsed(start);
  const headers = new Headers(upstreamResponse.headers);
  for (const name of UNPASSED_RESPONSE_HEADERS) headers.delete(name);
  const init = { status: upstreamResponse.status, statusText: upstreamResponse.statusText, headers };
  const base = { status: upstreamResponse.status, headers: scrubApiKeys(recordedHeaders(upstreamResponse.headers), keys), headersMs };
  if (!upstreamResponse.body) {
    return { response: new Response(null, init), recording: Promise.resolve({ ...base, durationMs: headersMs }) };
  }
  const { toClient, read } = teeTimed(upstreamResponse.body, start);
  const recording = read.then(({ chunks, reset }) => {
    if (reset && request.signal.aborted) return undefined;
    const contentType = upstreamResponse.headers.get("content-type") ?? "";
    const body = convertBody(chunks, contentType);
    // The exchange's own keys go by value wherever they appear; masked keys of unknown value by pattern, only in error
    // answers (a successful answer is the model's own words, kept exactly but for the keys).
    const kept = scrubApiKeys(upstreamResponse.status >= 400 ? redactApiKeys(body) : body, keys);
    return { ...base, durationMs: elapsed(start), ...kept, ...(reset ? { reset: true as const } : {}) };
  });
  return { response: new Response(toClient, init), recording };
}

// The key a request carries: a bearer token, Azure's api-key header, or an x-api-key header.
function requestApiKey(headers: Headers): string | undefined {
  return /^Bearer\s+(\S+)\s*$/iu.exec(headers.get("authorization") ?? "")?.[1] ?? headers.get("api-key")?.trim() ?? headers.get("x-api-key")?.trim() ?? undefined;
}

function recordedHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (RECORDED_HEADERS.has(name) || name.startsWith(RECORDED_HEADER_PREFIX)) kept[name] = value;
  });
  return kept;
}

/**
 * Splits an upstream body in two: `read` takes every chunk as soon as it arrives (so its time is the arrival time), and
 * `toClient` hands the same chunks on at the client's pace. Unlike `ReadableStream.tee()`, which errors both branches at
 * once and so drops chunks the client had not read yet, a failure reaches the client only after every chunk before it.
 *
 * @example
 * const { toClient, read } = teeTimed(upstreamResponse.body, performance.now());
 */
export function teeTimed(body: ReadableStream<Uint8Array>, start: number): { toClient: ReadableStream<Uint8Array>; read: Promise<{ chunks: TimedChunk[]; reset: boolean }> } {
  const chunks: TimedChunk[] = [];
  const queue: Uint8Array[] = [];
  let end: { error: unknown } | "done" | undefined;
  let cancelled = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const read = (async () => {
    const reader = body.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        chunks.push({ t: elapsed(start), bytes: next.value });
        if (!cancelled) queue.push(next.value);
        notify();
      }
      end = "done";
    } catch (error) {
      end = { error };
    }
    notify();
    return { chunks, reset: end !== "done" };
  })();
  const toClient = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (queue.length === 0 && end === undefined) await new Promise<void>((resolve) => (wake = resolve));
      const chunk = queue.shift();
      if (chunk) controller.enqueue(chunk);
      else if (end === "done") controller.close();
      else controller.error(end?.error);
    },
    cancel() {
      // The client stopped reading; the cassette's side goes on to the end (or to the upstream's abort).
      cancelled = true;
      queue.length = 0;
    },
  });
  return { toClient, read };
}

function convertBody(chunks: TimedChunk[], contentType: string): Pick<RecordedResponse, "events" | "body" | "text" | "base64"> {
  if (/^text\/event-stream\b/iu.test(contentType)) return { events: parseSseEvents(chunks) };
  if (chunks.length === 0) return {};
  const bytes = Buffer.concat(chunks.map((chunk) => chunk.bytes));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Audio, images: bytes that are not text survive only as base64.
    return { base64: bytes.toString("base64") };
  }
  if (/\bjson\b/iu.test(contentType)) {
    try {
      return { body: JSON.parse(text) as unknown };
    } catch {
      // A JSON content type over a body that is not JSON (cut off, or a gateway's page): kept as it was.
    }
  }
  return { text };
}

function elapsed(start: number): number {
  return Math.max(0, Math.round(performance.now() - start));
}
