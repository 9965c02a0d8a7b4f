// The fetch under the SDK client, seen per attempt: when each attempt started (so `timeout` can bound the whole attempt,
// body included, not just the wait for headers), and a server's retry advice longer than the SDK will wait.

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The longest `retry-after` the openai SDK honours; past it, the SDK ignores the advice and retries after its own short
 * backoff (about 0.5 to 8 s), sooner than the server asked.
 */
export const SDK_RETRY_AFTER_CAP_MS = 60_000;

/** A fetch for the SDK client, and when the attempt that produced a response started. */
export interface AttemptFetch {
  fetch: Fetch;
  /** `Date.now()` when the attempt that answered with `response` was sent; undefined for a response it did not see. */
  startedAt(response: Response): number | undefined;
}

/**
 * Wraps `fetch` so that each response remembers when its attempt started, and so that a response whose `retry-after-ms`
 * / `retry-after` asks for more than {@link SDK_RETRY_AFTER_CAP_MS} carries `x-should-retry: false`: the SDK then does
 * not retry sooner than the server asked, and the error (see wrapOpenAIError) reports the wait as `retryAfterMs`.
 *
 * @example
 * const attempts = createAttemptFetch(globalThis.fetch);
 * const client = new OpenAI({ apiKey, fetch: attempts.fetch });
 * const response = await client.chat.completions.create(body).asResponse();
 * attempts.startedAt(response); // e.g. 1765120000000
 */
export function createAttemptFetch(base: Fetch): AttemptFetch {
  const starts = new WeakMap<Response, number>();
  const fetch: Fetch = async (input, init) => {
    const startedAt = Date.now();
    const response = await base(input, init);
    const answer = response.status >= 400 && retryAdviceExceedsCap(response.headers) ? withoutRetry(response) : response;
    starts.set(answer, startedAt);
    return answer;
  };
  return { fetch, startedAt: (response) => starts.get(response) };
}

/**
 * Whether headers ask for a wait longer than the SDK honours, read as the SDK reads them (`retry-after-ms`, else
 * `retry-after` as seconds or an HTTP date).
 *
 * @example
 * retryAdviceExceedsCap(new Headers({ "retry-after": "120" })); // true
 */
export function retryAdviceExceedsCap(headers: Headers): boolean {
  const wait = readRetryAdvice(headers);
  return wait !== undefined && wait > SDK_RETRY_AFTER_CAP_MS;
}

function readRetryAdvice(headers: Headers): number | undefined {
  const milliseconds = parseFloat(headers.get("retry-after-ms") ?? "");
  if (!Number.isNaN(milliseconds)) return milliseconds;
  const retryAfter = headers.get("retry-after");
  if (retryAfter === null) return undefined;
  const seconds = parseFloat(retryAfter);
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

function withoutRetry(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("x-should-retry", "false");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
