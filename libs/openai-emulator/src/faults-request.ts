// The request step of fault injection, shared by the completion endpoints: an HTTP error instead of the answer, or a
// wait for the headers (`timeout`); and the check that every fault asked for has something to act on at the endpoint.

import { EmulatorHttpError } from "./errors.js";
import { FAULT_HEADER, FAULT_KINDS, holdForTimeout, httpFaultError, parseFaults, type FaultKind, type FaultPlan, type KeyedFault } from "./faults.js";

/** What an HTTP fault's error names about the request it answers. */
export interface RequestFaultDetails {
  /** The model as the client named it, without any `+fault=` suffix. */
  model: string;
  /** Prompt tokens plus the output the request may generate, as the rate limiter estimates a request. */
  requestedTokens: number;
}

/**
 * Applies the faults that act before any generation: throws the error of an HTTP fault that fired (OpenAI's body and
 * retry headers, see `httpFaultError`), or holds the request for a `timeout` (rejecting when the client gives up).
 *
 * @example
 * const plan = planFaults(faults, context.faults);
 * await applyRequestFaults(plan, request, { model: body.model, requestedTokens: prompt + (body.max_tokens ?? 0) }, 3);
 */
export async function applyRequestFaults(plan: FaultPlan, request: Request, details: RequestFaultDetails, processingMs: number): Promise<void> {
  if (plan.http) {
    // Azure clients send the key in `api-key` instead of a bearer token.
    const apiKey = /^Bearer\s+(\S+)/iu.exec(request.headers.get("authorization") ?? "")?.[1] ?? request.headers.get("api-key") ?? "";
    throw httpFaultError(plan.http, { ...details, apiKey, processingMs });
  }
  if (plan.timeout) await holdForTimeout(plan.timeout.ms, request.signal);
}

/** An endpoint, named for messages, with the fault kinds it has nothing for and why (as a clause: "it has no …"). */
export interface FaultEndpoint {
  name: string;
  inapplicable: Partial<Record<FaultKind, string>>;
}

/**
 * Refuses faults that have nothing to act on at `endpoint` (`bad-tool-args` where there are no tool calls) with the
 * emulator's own 400, naming the fault, its carrier and the endpoint. A fault asked for is never silently skipped, so
 * a test cannot pass while believing it exercised a failure. Refused whatever the trigger (`*N`, `@P`), so the answer
 * does not depend on a count or a draw, and before planning, so no counter advances.
 *
 * @example
 * checkFaultsApply(faults, request.headers, { name: "POST /v1/completions", inapplicable: { "bad-tool-args": "it has no tool calls" } });
 * // with `x-emulator-fault: bad-tool-args`: 400 invalid_emulator_fault "… 'bad-tool-args' cannot apply to POST /v1/completions: it has no tool calls …"
 */
export function checkFaultsApply(faults: ReadonlyArray<KeyedFault>, headers: Headers, endpoint: FaultEndpoint): void {
  const refused = faults.find((fault) => endpoint.inapplicable[fault.effect.kind] !== undefined);
  if (!refused) return;
  // The header's faults come first, so a fault with this text in the header is the one found (or is the same fault).
  const header = headers.get(FAULT_HEADER)?.trim();
  const fromHeader = !!header && parseFaults(header, FAULT_HEADER).some((fault) => fault.text === refused.text);
  const applicable = FAULT_KINDS.filter((kind) => endpoint.inapplicable[kind] === undefined);
  const message =
    `Invalid emulator fault in ${fromHeader ? `the ${FAULT_HEADER} header` : "the model name suffix '+fault='"}: ` +
    `'${refused.text}' cannot apply to ${endpoint.name}: ${endpoint.inapplicable[refused.effect.kind] ?? ""}. ` +
    `Faults that apply there: ${applicable.join(", ")}. ` +
    "This error comes from the OpenAI emulator's fault injection, not from the OpenAI API; see docs/emulator.md#faults.";
  throw new EmulatorHttpError(400, message, { param: fromHeader ? null : "model", code: "invalid_emulator_fault" });
}
