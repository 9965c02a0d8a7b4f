// The request step of fault injection, shared by the completion endpoints: an HTTP error instead of the answer, or a
// wait for the headers (`timeout`); and the check that every fault asked for has something to act on at the endpoint.

import type { EmulatorContext } from "./context.js";
import { EmulatorHttpError } from "./errors.js";
import {
  FAULT_HEADER,
  FAULT_KINDS,
  holdForTimeout,
  httpFaultError,
  mergeFaultPlans,
  parseFaults,
  planFaults,
  ruleFaults,
  sleep,
  type FaultKind,
  type FaultPlan,
  type KeyedFault,
} from "./faults.js";
import type { RequestNotes } from "./request-notes.js";
import type { MatchedRule } from "./scenarios/scenario-store.js";
import type { ChatCompletionRequest } from "./wire.js";

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

/** What {@link planRequest} needs: the request, its faults and scope, and the chat request scenario rules match. */
export interface PlanRequestInput {
  request: Request;
  context: EmulatorContext;
  faults: KeyedFault[];
  scope: string | null;
  notes: RequestNotes | undefined;
  /** The request as a chat request (the Responses route converts its own), which scenario rules are matched against. */
  scenarioRequest: ChatCompletionRequest;
  details: RequestFaultDetails;
  processingMs: () => number;
}

/** What a valid request's faults and scenario rule decided, before the model answers. */
export interface PlannedRequest {
  /** The faults left to act on the answer itself (content and stream faults): the header's and suffix's, then the rule's. */
  plan: FaultPlan;
  /** The scenario rule that answers the request, when one matches. */
  rule: MatchedRule | undefined;
}

/**
 * The steps a chat-like endpoint takes between validation and generation. The header's and the model suffix's faults
 * act first (an HTTP error, or a hold until the client gives up), so a request they fail never reaches a scenario rule
 * and spends none of its uses; then the first matching rule is taken, with its own delay and faults. Each fired fault
 * and the rule's name go to the request's notes (the journal).
 *
 * @example
 * const { plan, rule } = await planRequest({ request, context, faults, scope, notes, scenarioRequest: body, details, processingMs });
 */
export async function planRequest(input: PlanRequestInput): Promise<PlannedRequest> {
  const { request, context, scope, notes, details, processingMs } = input;
  let plan = planFaults(input.faults, context.faults);
  notes?.faults.push(...plan.fired);
  await applyRequestFaults(plan, request, details, processingMs());
  const rule = context.scenarios.take(input.scenarioRequest, scope);
  const respond = rule?.respond;
  if (rule && notes) Object.assign(notes, { rule: rule.name, source: "scenario" });
  if (respond?.delayMs) await sleep(respond.delayMs, request.signal);
  if (rule && respond?.fault) {
    const rulePlan = planFaults(ruleFaults(respond.fault, rule.key, scope), context.faults);
    notes?.faults.push(...rulePlan.fired);
    await applyRequestFaults(rulePlan, request, details, processingMs());
    plan = mergeFaultPlans({ ...plan, timeout: undefined }, rulePlan);
  }
  return { plan, rule };
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
