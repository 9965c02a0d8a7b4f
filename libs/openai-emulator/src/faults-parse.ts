// The fault language of the emulator: one syntax, carried by the `x-emulator-fault` header or by a model-name suffix
// (`gpt-4o-mini+fault=429`). See docs/emulator.md#faults for the user-facing description.
//
//   spec    := piece ( ("," | ";") piece )*
//   piece   := fault | param          (a piece with "=" before any ":" is one more parameter of the fault before it)
//   fault   := kind [ "*" count | "@" probability ] [ ":" param ]
//   param   := name "=" value
//
// So `slow:ttft=300,tps=50;disconnect:after=5` is two faults, and `500@0.3;seed=7` is one fault with a seed.

import { EmulatorHttpError } from "./errors.js";

/** The fault kinds, in the order the docs and error messages list them. */
export const FAULT_KINDS = [
  "429",
  "quota",
  "500",
  "503",
  "400",
  "401",
  "content-filter",
  "timeout",
  "slow",
  "disconnect",
  "close",
  "bad-json",
  "no-data-prefix",
  "split-utf8",
  "error-event",
  "bad-tool-args",
  "schema-mismatch",
] as const;

/** One fault kind, e.g. `"429"` or `"disconnect"`. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The HTTP-status kinds: the request is answered with that error instead of a completion. */
export type HttpFaultKind = "429" | "quota" | "500" | "503" | "400" | "401" | "content-filter";

/** The kinds that break an SSE stream after `after` events. */
export type StreamBreakKind = "disconnect" | "close" | "bad-json" | "no-data-prefix" | "error-event";

/** What a fault does, with its parameters resolved to their defaults. */
export type FaultEffect =
  | { kind: HttpFaultKind; retryAfterMs: number | null; limit: "tokens" | "requests" }
  | { kind: "timeout"; ms: number | null }
  | { kind: "slow"; ttftMs: number; tokensPerSecond: number }
  | { kind: StreamBreakKind; after: number }
  | { kind: "split-utf8" | "bad-tool-args" | "schema-mismatch" };

/** When a fault fires: always, for the first `count` matching requests, or with a seeded probability. */
export type FaultTrigger =
  | { type: "always" }
  | { type: "count"; count: number }
  | { type: "chance"; probability: number; seed: string };

/** One parsed fault. */
export interface Fault {
  /** The fault as written (kind, trigger and parameters), for messages. */
  text: string;
  trigger: FaultTrigger;
  effect: FaultEffect;
}

type ParamValue = number | string | null;
/** A value that reads as the right kind but cannot be used, with the reason (for the error message). */
interface OutOfRange {
  outOfRange: string;
}
type ParamParser = (raw: string) => ParamValue | OutOfRange | undefined;

/** The longest delay a timer can hold: setTimeout fires at once (with a warning) for anything longer than 2^31-1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
const TIMER_LIMIT = `a timer holds at most ${MAX_TIMER_MS} ms (about 24.8 days)`;

const integer: ParamParser = (raw) => {
  if (!/^\d+$/u.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : { outOfRange: `it is above ${Number.MAX_SAFE_INTEGER}, the largest whole number the emulator can count to` };
};
// Delays the emulator waits out with a timer.
const milliseconds: ParamParser = (raw) => {
  const value = integer(raw);
  return typeof value === "number" && value > MAX_TIMER_MS ? { outOfRange: TIMER_LIMIT } : value;
};
// Tokens per second: one token every 1000/tps ms, which a timer must hold too.
const tokensPerSecond: ParamParser = (raw) => {
  if (!/^\d+(\.\d+)?$/u.test(raw) || !(Number(raw) > 0)) return undefined;
  const value = Number(raw);
  return 1000 / value > MAX_TIMER_MS ? { outOfRange: `one token then takes ${1000 / value} ms, but ${TIMER_LIMIT}` } : value;
};
const millisecondsOrNone: ParamParser = (raw) => (raw === "none" ? null : milliseconds(raw));
const limitType: ParamParser = (raw) => (raw === "tokens" || raw === "requests" ? raw : undefined);

const HTTP_PARAMS = { "retry-after-ms": millisecondsOrNone };
const BREAK_PARAMS = { after: integer };

// Per kind: the parameters it accepts (with how each value is read) and how they become its effect. Defaults live
// here: a 429 asks for a 20 ms wait (realistic for a TPM limit, and fast in tests); other errors send no retry hint.
const KIND_TABLE: Record<FaultKind, { params: Record<string, ParamParser>; effect: (get: (name: string) => ParamValue | undefined) => FaultEffect }> = {
  "429": { params: { ...HTTP_PARAMS, type: limitType }, effect: (get) => httpEffect("429", get, 20) },
  quota: { params: HTTP_PARAMS, effect: (get) => httpEffect("quota", get, null) },
  "500": { params: HTTP_PARAMS, effect: (get) => httpEffect("500", get, null) },
  "503": { params: HTTP_PARAMS, effect: (get) => httpEffect("503", get, null) },
  "400": { params: HTTP_PARAMS, effect: (get) => httpEffect("400", get, null) },
  "401": { params: HTTP_PARAMS, effect: (get) => httpEffect("401", get, null) },
  "content-filter": { params: HTTP_PARAMS, effect: (get) => httpEffect("content-filter", get, null) },
  timeout: { params: { ms: milliseconds }, effect: (get) => ({ kind: "timeout", ms: asNumber(get("ms")) ?? null }) },
  slow: {
    params: { ttft: milliseconds, tps: tokensPerSecond },
    effect: (get) => ({ kind: "slow", ttftMs: asNumber(get("ttft")) ?? 500, tokensPerSecond: asNumber(get("tps")) ?? 50 }),
  },
  disconnect: { params: BREAK_PARAMS, effect: (get) => breakEffect("disconnect", get) },
  close: { params: BREAK_PARAMS, effect: (get) => breakEffect("close", get) },
  "bad-json": { params: BREAK_PARAMS, effect: (get) => breakEffect("bad-json", get) },
  "no-data-prefix": { params: BREAK_PARAMS, effect: (get) => breakEffect("no-data-prefix", get) },
  "error-event": { params: BREAK_PARAMS, effect: (get) => breakEffect("error-event", get) },
  "split-utf8": { params: {}, effect: () => ({ kind: "split-utf8" }) },
  "bad-tool-args": { params: {}, effect: () => ({ kind: "bad-tool-args" }) },
  "schema-mismatch": { params: {}, effect: () => ({ kind: "schema-mismatch" }) },
};

function httpEffect(kind: HttpFaultKind, get: (name: string) => ParamValue | undefined, defaultRetryMs: number | null): FaultEffect {
  const retry = get("retry-after-ms");
  return { kind, retryAfterMs: retry === undefined ? defaultRetryMs : asNumber(retry) ?? null, limit: get("type") === "requests" ? "requests" : "tokens" };
}

// Three intact events (role chunk and two tokens) before the fault: the client has started consuming, as in the wild.
function breakEffect(kind: StreamBreakKind, get: (name: string) => ParamValue | undefined): FaultEffect {
  return { kind, after: asNumber(get("after")) ?? 3 };
}

function asNumber(value: ParamValue | undefined): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/**
 * Parses a fault spec. `carrier` names where it came from (`x-emulator-fault` or `model`), for error messages.
 * Throws a 400 in OpenAI's envelope, saying it comes from the emulator, for anything it cannot read.
 *
 * @example
 * parseFaults("429*2:retry-after-ms=5", "x-emulator-fault");
 * // [{ text: "429*2:retry-after-ms=5", trigger: { type: "count", count: 2 }, effect: { kind: "429", retryAfterMs: 5, limit: "tokens" } }]
 * parseFaults("slow:ttft=300,tps=50;disconnect:after=5", "x-emulator-fault").length; // 2
 */
export function parseFaults(spec: string, carrier: string): Fault[] {
  const drafts: DraftFault[] = [];
  for (const piece of spec.split(/[,;]/u).map((part) => part.trim())) {
    if (piece === "") continue;
    const last = drafts.at(-1);
    if (isParam(piece)) {
      if (!last) throw faultError(`'${piece}' is a parameter, but no fault comes before it`, spec, carrier);
      last.params.push(piece);
      last.text += `,${piece}`;
    } else {
      drafts.push(readHead(piece, spec, carrier));
    }
  }
  if (drafts.length === 0) throw faultError("it names no fault", spec, carrier);
  return drafts.map((draft) => finishFault(draft, spec, carrier));
}

interface DraftFault {
  kind: FaultKind;
  text: string;
  trigger: { count?: number; probability?: number };
  params: string[];
}

function isParam(piece: string): boolean {
  const equals = piece.indexOf("=");
  const colon = piece.indexOf(":");
  return equals >= 0 && (colon < 0 || equals < colon);
}

function readHead(piece: string, spec: string, carrier: string): DraftFault {
  const colon = piece.indexOf(":");
  const head = colon < 0 ? piece : piece.slice(0, colon);
  const match = /^([a-z0-9-]+)(?:\*(\d+)|@(\d*\.?\d+))?$/iu.exec(head);
  const kind = match?.[1]?.toLowerCase();
  if (!match || !isKind(kind)) {
    const name = /^[a-z0-9-]+/iu.exec(head)?.[0] ?? head;
    throw faultError(isKind(name.toLowerCase()) ? `cannot read '${head}' (a count is '*N', a probability '@P')` : `unknown fault '${name}'`, spec, carrier);
  }
  const trigger = {
    ...(match[2] === undefined ? {} : { count: Number(match[2]) }),
    ...(match[3] === undefined ? {} : { probability: Number(match[3]) }),
  };
  return { kind, text: piece, trigger, params: colon < 0 ? [] : [piece.slice(colon + 1)] };
}

function isKind(value: string | undefined): value is FaultKind {
  return (FAULT_KINDS as ReadonlyArray<string>).includes(value ?? "");
}

function finishFault(draft: DraftFault, spec: string, carrier: string): Fault {
  const accepted = KIND_TABLE[draft.kind].params;
  const values = new Map<string, ParamValue>();
  let seed: string | undefined;
  for (const param of draft.params) {
    const equals = param.indexOf("=");
    if (equals < 0) throw faultError(`'${param}' is not a parameter (write name=value, e.g. 'timeout:ms=200')`, spec, carrier);
    const name = param.slice(0, equals).trim();
    const raw = param.slice(equals + 1).trim();
    if (name === "seed" && /^[\w.-]+$/u.test(raw)) {
      seed = raw;
      continue;
    }
    const parser = accepted[name];
    if (!parser) {
      const names = [...Object.keys(accepted), "seed"].join(", ");
      throw faultError(`'${draft.kind}' takes no parameter '${name}' (it takes: ${names})`, spec, carrier);
    }
    const value = parser(raw);
    if (value === undefined) throw faultError(`'${raw}' is not a valid value for '${name}' of '${draft.kind}'`, spec, carrier);
    if (typeof value === "object" && value !== null) {
      throw faultError(`${raw} is out of range for '${name}' of '${draft.kind}': ${value.outOfRange}`, spec, carrier);
    }
    values.set(name, value);
  }
  return { text: draft.text, trigger: readTrigger(draft, seed, spec, carrier), effect: KIND_TABLE[draft.kind].effect((name) => values.get(name)) };
}

function readTrigger(draft: DraftFault, seed: string | undefined, spec: string, carrier: string): FaultTrigger {
  const { count, probability } = draft.trigger;
  if (count !== undefined) {
    if (count < 1) throw faultError(`'${draft.text}' counts 0 requests; use *1 or more`, spec, carrier);
    if (!Number.isSafeInteger(count)) throw faultError(`the count in '${draft.text}' is above ${Number.MAX_SAFE_INTEGER}; leave the count out for a fault that always fires`, spec, carrier);
    if (seed !== undefined) throw faultError(`'seed' only applies to a probability ('${draft.kind}@0.3;seed=7')`, spec, carrier);
    return { type: "count", count };
  }
  if (probability !== undefined) {
    if (probability > 1) throw faultError(`the probability in '${draft.text}' is above 1`, spec, carrier);
    // Math.random() would make a failing run impossible to replay; a seed makes the draws a fixed sequence.
    if (seed === undefined) throw faultError(`a random fault needs a seed, e.g. '${draft.kind}@${probability};seed=7'`, spec, carrier);
    return { type: "chance", probability, seed };
  }
  if (seed !== undefined) throw faultError(`'seed' only applies to a probability ('${draft.kind}@0.3;seed=7')`, spec, carrier);
  return { type: "always" };
}

/**
 * The emulator's own 400 for a fault spec it cannot read. It uses OpenAI's envelope so clients surface it like any
 * API error, and says plainly that it comes from the emulator, not from OpenAI.
 *
 * @example
 * throw faultError("unknown fault 'teapot'", "teapot", "x-emulator-fault");
 */
export function faultError(problem: string, spec: string, carrier: string): EmulatorHttpError {
  const message =
    `Invalid emulator fault in ${carrier === "model" ? "the model name suffix '+fault='" : `the ${carrier} header`}: ` +
    `${problem} (in '${spec}'). Accepted kinds: ${FAULT_KINDS.join(", ")}. ` +
    "This error comes from the OpenAI emulator's fault injection, not from the OpenAI API; see docs/emulator.md#faults.";
  return new EmulatorHttpError(400, message, { param: carrier === "model" ? "model" : null, code: "invalid_emulator_fault" });
}

const MODEL_FAULT_MARKER = "+fault=";

/**
 * Splits a model name that carries a fault: `gpt-4o-mini+fault=429*2` → `{ model: "gpt-4o-mini", fault: "429*2" }`.
 * A name without the marker comes back unchanged, with no fault.
 *
 * @example
 * splitModelFault("gpt-4o-mini+fault=500"); // { model: "gpt-4o-mini", fault: "500" }
 * splitModelFault("gpt-4o-mini"); // { model: "gpt-4o-mini", fault: undefined }
 */
export function splitModelFault(model: string): { model: string; fault: string | undefined } {
  const at = model.indexOf(MODEL_FAULT_MARKER);
  if (at < 0) return { model, fault: undefined };
  return { model: model.slice(0, at), fault: model.slice(at + MODEL_FAULT_MARKER.length) };
}
