/** The per-minute budgets the emulator reports in `x-ratelimit-*` headers. */
export interface RateLimitBudget {
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/** Tracks usage in a sliding minute and renders OpenAI's rate-limit headers. */
export interface RateLimitTracker {
  /** Records one request and the tokens it used, and returns the headers to send with its response. */
  record(tokens: number, now: number): Record<string, string>;
}

// Tier-5 style budgets for gpt-4o-mini class models (platform.openai.com/docs/guides/rate-limits), so a test suite
// never runs out of budget unless a fault says so.
const DEFAULT_BUDGET: RateLimitBudget = { requestsPerMinute: 30000, tokensPerMinute: 150000000 };
const WINDOW_MS = 60_000;

/**
 * Creates a tracker. Budgets are replenished continuously, as OpenAI describes, so `reset` is the time until the used
 * amount has flowed back.
 *
 * @example
 * const tracker = createRateLimitTracker();
 * tracker.record(120, Date.now())["x-ratelimit-remaining-tokens"]; // "149999880"
 */
export function createRateLimitTracker(budget: RateLimitBudget = DEFAULT_BUDGET): RateLimitTracker {
  const entries: Array<{ at: number; tokens: number }> = [];
  return {
    record(tokens, now) {
      entries.push({ at: now, tokens });
      while (entries.length > 0 && (entries[0]?.at ?? now) <= now - WINDOW_MS) entries.shift();
      const usedTokens = entries.reduce((sum, entry) => sum + entry.tokens, 0);
      const remainingRequests = Math.max(0, budget.requestsPerMinute - entries.length);
      const remainingTokens = Math.max(0, budget.tokensPerMinute - usedTokens);
      return {
        "x-ratelimit-limit-requests": String(budget.requestsPerMinute),
        "x-ratelimit-limit-tokens": String(budget.tokensPerMinute),
        "x-ratelimit-remaining-requests": String(remainingRequests),
        "x-ratelimit-remaining-tokens": String(remainingTokens),
        "x-ratelimit-reset-requests": formatDuration((entries.length * WINDOW_MS) / budget.requestsPerMinute),
        "x-ratelimit-reset-tokens": formatDuration((usedTokens * WINDOW_MS) / budget.tokensPerMinute),
      };
    },
  };
}

/**
 * Formats milliseconds the way OpenAI's reset headers do (Go durations): `6ms`, `1s`, `1.5s`, `6m0s`.
 *
 * @example
 * formatDuration(360000); // "6m0s"
 */
export function formatDuration(milliseconds: number): string {
  const ms = Math.ceil(milliseconds);
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Number((totalSeconds - minutes * 60).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
