// The Files and Vector Stores routes behind one door: a request to one of them first meets the `x-emulator-fault`
// header's request faults (HTTP errors and `timeout`, which mean the same on any route), then its handler.

import type { EmulatorContext } from "../context.js";
import { applyRequestFaults, checkFaultsApply, type FaultEndpoint } from "../faults-request.js";
import { FAULT_KINDS, planFaults, readFaults, type FaultKind } from "../faults.js";
import { readScope } from "../request-notes.js";
import { routeFiles } from "./files.js";
import { routeVectorStores } from "./vector-stores.js";

/** The paths and methods served, as the API documents them. */
const ROUTES: ReadonlyArray<[method: string, path: RegExp]> = [
  ["POST", /^\/v1\/files$/u],
  ["GET", /^\/v1\/files$/u],
  ["GET", /^\/v1\/files\/[^/]+(\/content)?$/u],
  ["DELETE", /^\/v1\/files\/[^/]+$/u],
  ["POST", /^\/v1\/vector_stores$/u],
  ["GET", /^\/v1\/vector_stores$/u],
  ["GET", /^\/v1\/vector_stores\/[^/]+$/u],
  ["POST", /^\/v1\/vector_stores\/[^/]+$/u],
  ["DELETE", /^\/v1\/vector_stores\/[^/]+$/u],
  ["POST", /^\/v1\/vector_stores\/[^/]+\/(search|files|file_batches)$/u],
  ["GET", /^\/v1\/vector_stores\/[^/]+\/files$/u],
  ["GET", /^\/v1\/vector_stores\/[^/]+\/files\/[^/]+(\/content)?$/u],
  ["POST", /^\/v1\/vector_stores\/[^/]+\/files\/[^/]+$/u],
  ["DELETE", /^\/v1\/vector_stores\/[^/]+\/files\/[^/]+$/u],
  ["GET", /^\/v1\/vector_stores\/[^/]+\/file_batches\/[^/]+(\/files)?$/u],
  ["POST", /^\/v1\/vector_stores\/[^/]+\/file_batches\/[^/]+\/cancel$/u],
];

/** The faults that act before an answer exists; the others act on generated text or on event streams. */
const REQUEST_FAULTS: ReadonlySet<FaultKind> = new Set(["429", "quota", "500", "503", "400", "401", "timeout"]);

/**
 * Answers a Files or Vector Stores API request (after its request faults), or returns undefined for any other path.
 *
 * @example
 * // emulator.ts route()
 * const handled = await routeResources(request, path, context, requestId);
 */
export async function routeResources(request: Request, path: string, context: EmulatorContext, requestId: string): Promise<Response | undefined> {
  if (!ROUTES.some(([method, pattern]) => method === request.method && pattern.test(path))) return undefined;
  const files = path.startsWith("/v1/files");
  const started = context.now();
  // The header only: these bodies carry no model for a `+fault=` suffix.
  const { faults } = readFaults(request.headers, "", readScope(request.headers));
  if (faults.length > 0) {
    checkFaultsApply(faults, request.headers, faultEndpoint(`${request.method} ${files ? "/v1/files" : "/v1/vector_stores"}`));
    const plan = planFaults(faults, context.faults);
    context.notes.get(requestId)?.faults.push(...plan.fired);
    await applyRequestFaults(plan, request, { model: files ? "files" : "vector-stores", requestedTokens: 0 }, Math.max(1, Math.round(context.now() - started)));
  }
  const handled = files ? routeFiles(request, path, context, requestId) : routeVectorStores(request, path, context, requestId);
  return handled === undefined ? undefined : await handled;
}

function faultEndpoint(name: string): FaultEndpoint {
  const reason = "it acts on generated text or on an event stream, and this route answers stored objects";
  const inapplicable: FaultEndpoint["inapplicable"] = {};
  for (const kind of FAULT_KINDS) if (!REQUEST_FAULTS.has(kind)) inapplicable[kind] = reason;
  return { name, inapplicable };
}
