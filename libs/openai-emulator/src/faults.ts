// Fault injection for the completion endpoints: which faults a request carries (header, model suffix, scenario rule),
// which of them fire this time (counted and seeded-random faults keep their state per emulator and scope), and the
// HTTP errors they answer with. How the
// faults change a completion or its stream is in faults-apply.ts; the syntax is in faults-parse.ts.

import { createRandom, type Random } from "./engine/random.js";
import { contentFilterError } from "./azure-content-filter.js";
import { EmulatorHttpError, maskApiKey } from "./errors.js";
import { parseJsonObject } from "./json-values.js";
import { parseFaults, splitModelFault, type Fault, type FaultEffect, type HttpFaultKind, type StreamBreakKind } from "./faults-parse.js";
import { formatDuration } from "./rate-limits.js";

export { FAULT_KINDS, parseFaults, splitModelFault } from "./faults-parse.js";
export type { Fault, FaultEffect, FaultKind, FaultTrigger } from "./faults-parse.js";

/**
 * The request header that carries a fault spec.
 *
 * @example
 * await client.chat.completions.create(body, { headers: { [FAULT_HEADER]: "429*2" } });
 */
export const FAULT_HEADER = "x-emulator-fault";

/** What one emulator remembers about faults: requests seen per counted fault, and the draws of seeded ones. */
export interface FaultState {
  readonly seen: Map<string, number>;
  readonly draws: Map<string, Random>;
}

/**
 * Fresh fault state, one per emulator, so `429*2` fails the first two requests of each emulator.
 *
 * @example
 * const context = { ...otherFields, faults: createFaultState() };
 */
export function createFaultState(): FaultState {
  return { seen: new Map(), draws: new Map() };
}

/** A fault with the keys of its counter and of its random draws. */
export interface KeyedFault extends Fault {
  /** Where its counter or draws are kept: scope, owner (a scenario rule, or none) and spec. */
  key: string;
  /** What seeds its draws: the spec and position only, so a seeded fault draws the same sequence in every scope. */
  drawKey: string;
}

/**
 * Reads the faults of a request: the `x-emulator-fault` header first, then a `+fault=` suffix on the body's model.
 * The suffix is removed from the body text, so validation and the answer see the real model name. Counters are kept
 * per `scope` (the `x-emulator-scope` header), so parallel tests that each send `429*2` each see two 429s.
 *
 * @example
 * readFaults(new Headers({ "x-emulator-fault": "500*1" }), '{"model":"gpt-4o-mini+fault=429","messages":[]}');
 * // { bodyText: '{"model":"gpt-4o-mini","messages":[]}', faults: [500*1, 429] }
 */
export function readFaults(headers: Headers, bodyText: string, scope: string | null = null): { bodyText: string; faults: KeyedFault[] } {
  const faults: KeyedFault[] = [];
  const header = headers.get(FAULT_HEADER)?.trim();
  if (header) faults.push(...keyed(header, parseFaults(header, FAULT_HEADER), scope));
  const body = parseJsonObject(bodyText);
  if (body === undefined || typeof body.model !== "string") return { bodyText, faults };
  const { model, fault } = splitModelFault(body.model);
  if (fault === undefined) return { bodyText, faults };
  faults.push(...keyed(fault, parseFaults(fault, "model"), scope));
  // Re-serialised only when a suffix is present, so requests without one reach validation byte for byte.
  return { bodyText: JSON.stringify({ ...body, model }), faults };
}

/**
 * The faults of a scenario rule's `fault`, keyed by the rule as well, so its counters are its own.
 *
 * @example
 * faults.push(...ruleFaults("429*1", "rule#3", scope));
 */
export function ruleFaults(spec: string, ruleKey: string, scope: string | null): KeyedFault[] {
  return keyed(spec, parseFaults(spec, "scenario"), scope, ruleKey);
}

function keyed(spec: string, faults: Fault[], scope: string | null, owner = ""): KeyedFault[] {
  // The seed ignores scope and owner: the same spec draws the same sequence wherever it is written.
  return faults.map((fault, index) => ({ ...fault, key: `${scope ?? ""}\u0000${owner}\u0000${spec}#${index}`, drawKey: `${spec}#${index}` }));
}


/** The faults that fire for one request, merged into what the handler needs to do. */
export interface FaultPlan {
  /** Answer with this error instead of a completion. */
  http: Extract<FaultEffect, { kind: HttpFaultKind }> | undefined;
  /** Wait before the headers: `ms`, or (null) until the client gives up. */
  timeout: { ms: number | null } | undefined;
  /** Time to the first token and tokens per second. */
  slow: { ttftMs: number; tokensPerSecond: number } | undefined;
  /** Stream breaks, each after `after` intact events. */
  breaks: Array<{ kind: StreamBreakKind; after: number }>;
  splitUtf8: boolean;
  badToolArgs: boolean;
  schemaMismatch: boolean;
  /** The faults that fired, as written, for the journal. */
  fired: string[];
}

/**
 * Decides which faults fire, left to right, advancing counters and seeded draws. The first HTTP fault that fires
 * answers the request and the faults after it are not evaluated, so `429*1,500*1` answers 429, then 500, then normally.
 *
 * @example
 * const plan = planFaults(readFaults(request.headers, text).faults, context.faults);
 * if (plan.http) throw httpFaultError(plan.http, details);
 */
export function planFaults(faults: ReadonlyArray<KeyedFault>, state: FaultState): FaultPlan {
  const plan: FaultPlan = {
    http: undefined,
    timeout: undefined,
    slow: undefined,
    breaks: [],
    splitUtf8: false,
    badToolArgs: false,
    schemaMismatch: false,
    fired: [],
  };
  for (const fault of faults) {
    if (!fires(fault, state)) continue;
    plan.fired.push(fault.text);
    const effect = fault.effect;
    switch (effect.kind) {
      case "429":
      case "quota":
      case "500":
      case "503":
      case "400":
      case "401":
      case "content-filter":
        plan.http = effect;
        return plan;
      case "timeout":
        plan.timeout ??= { ms: effect.ms };
        break;
      case "slow":
        plan.slow ??= { ttftMs: effect.ttftMs, tokensPerSecond: effect.tokensPerSecond };
        break;
      case "split-utf8":
        plan.splitUtf8 = true;
        break;
      case "bad-tool-args":
        plan.badToolArgs = true;
        break;
      case "schema-mismatch":
        plan.schemaMismatch = true;
        break;
      default:
        plan.breaks.push({ kind: effect.kind, after: effect.after });
    }
  }
  return plan;
}

/**
 * Two plans as one: the first plan's HTTP error, timeout and pacing win; breaks and flags add up.
 *
 * @example
 * plan = mergeFaultPlans(planFaults(headerFaults, state), planFaults(ruleFaults(spec, key, scope), state));
 */
export function mergeFaultPlans(first: FaultPlan, second: FaultPlan): FaultPlan {
  return {
    http: first.http ?? second.http,
    timeout: first.timeout ?? second.timeout,
    slow: first.slow ?? second.slow,
    breaks: [...first.breaks, ...second.breaks],
    splitUtf8: first.splitUtf8 || second.splitUtf8,
    badToolArgs: first.badToolArgs || second.badToolArgs,
    schemaMismatch: first.schemaMismatch || second.schemaMismatch,
    fired: [...first.fired, ...second.fired],
  };
}

function fires(fault: KeyedFault, state: FaultState): boolean {
  const { trigger, key } = fault;
  switch (trigger.type) {
    case "always":
      return true;
    case "count": {
      const seen = state.seen.get(key) ?? 0;
      state.seen.set(key, seen + 1);
      return seen < trigger.count;
    }
    case "chance": {
      // One seeded sequence per fault text: the n-th matching request always gets the n-th draw.
      let random = state.draws.get(key);
      if (!random) {
        random = createRandom(`fault\u0000${trigger.seed}\u0000${fault.drawKey}`);
        state.draws.set(key, random);
      }
      return random.next() < trigger.probability;
    }
    default: {
      const unknown: never = trigger;
      throw new Error(`Unhandled fault trigger ${JSON.stringify(unknown)}`);
    }
  }
}

/** What an HTTP fault's error mentions. */
export interface HttpFaultDetails {
  /** The model as the client named it (without the fault suffix). */
  model: string;
  /** Prompt tokens plus the requested output, as the rate limiter estimates a request. */
  requestedTokens: number;
  /** The bearer key, shown redacted in a 401. */
  apiKey: string;
  processingMs: number;
}

// Tier-1 figures for gpt-4o-mini (platform.openai.com/docs/guides/rate-limits): plausible numbers for the message.
const RATE_LIMIT_MESSAGE_LIMITS = { tokens: 200000, requests: 500 };
const ORGANIZATION = "org-emulator";

/**
 * The error an HTTP fault answers with: OpenAI's real status, body and headers (`retry-after` and `retry-after-ms` when
 * the fault has a retry hint; no `x-should-retry`, which OpenAI does not send, so the SDK retries quota errors too).
 *
 * @example
 * httpFaultError({ kind: "429", retryAfterMs: 20, limit: "tokens" }, { model: "gpt-4o-mini", requestedTokens: 12, apiKey: "k", processingMs: 1 });
 * // 429 { type: "tokens", code: "rate_limit_exceeded", message: "Rate limit reached for gpt-4o-mini … Please try again in 20ms. …" }
 */
export function httpFaultError(effect: Extract<FaultEffect, { kind: HttpFaultKind }>, details: HttpFaultDetails): EmulatorHttpError {
  const headers: Record<string, string> = { "openai-version": "2020-10-01", "openai-processing-ms": String(details.processingMs) };
  if (effect.retryAfterMs !== null) {
    // retry-after is whole seconds on the wire; retry-after-ms carries the precise wait the SDK prefers.
    headers["retry-after"] = String(Math.max(1, Math.ceil(effect.retryAfterMs / 1000)));
    headers["retry-after-ms"] = String(effect.retryAfterMs);
  }
  switch (effect.kind) {
    case "429": {
      const perMinute = effect.limit === "tokens" ? "tokens per min (TPM)" : "requests per min (RPM)";
      const limit = RATE_LIMIT_MESSAGE_LIMITS[effect.limit];
      const requested = effect.limit === "tokens" ? details.requestedTokens : 1;
      const message =
        `Rate limit reached for ${details.model} in organization ${ORGANIZATION} on ${perMinute}: Limit ${limit}, Used ${limit}, ` +
        `Requested ${requested}. Please try again in ${formatDuration(effect.retryAfterMs ?? 2000)}. ` +
        "Visit https://platform.openai.com/account/rate-limits to learn more.";
      return new EmulatorHttpError(429, message, { type: effect.limit, code: "rate_limit_exceeded", headers });
    }
    case "quota":
      return new EmulatorHttpError(429, QUOTA_MESSAGE, { type: "insufficient_quota", code: "insufficient_quota", headers });
    case "500":
      return new EmulatorHttpError(500, "The server had an error while processing your request. Sorry about that!", { type: "server_error", headers });
    case "503":
      return new EmulatorHttpError(503, "The engine is currently overloaded, please try again later", { type: "server_error", headers });
    case "401":
      return new EmulatorHttpError(401, `Incorrect API key provided: ${maskApiKey(details.apiKey)}. ${API_KEYS_HINT}`, { code: "invalid_api_key", headers });
    case "400":
      return new EmulatorHttpError(400, "The request was rejected as invalid (the emulator's '400' fault).", { headers });
    case "content-filter":
      return contentFilterError(headers);
    default: {
      const unknown: never = effect.kind;
      throw new Error(`Unhandled HTTP fault ${String(unknown)}`);
    }
  }
}

const QUOTA_MESSAGE =
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, " +
  "read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.";
const API_KEYS_HINT = "You can find your API key at https://platform.openai.com/account/api-keys.";


/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts (the client gave up, or disconnected).
 *
 * @example
 * await sleep(200, request.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The `timeout` fault: answer after `ms`, or never (until the client aborts, which rejects with the abort reason).
 *
 * @example
 * if (plan.timeout) await holdForTimeout(plan.timeout.ms, request.signal);
 */
export async function holdForTimeout(ms: number | null, signal: AbortSignal): Promise<void> {
  if (ms !== null) return sleep(ms, signal);
  // No timer: a pending promise keeps nothing alive, so a test process still exits if no client ever aborts.
  await new Promise<void>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
