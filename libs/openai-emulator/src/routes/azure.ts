// Azure OpenAI's URL shapes in front of the same handlers. Azure's own gateway errors (routing, API version, key,
// deployment) have Azure's envelope `{"error":{"code","message"}}`; everything past the gateway (validation, the
// model's answers) is OpenAI's, as Azure passes it through. Bodies captured in public issue threads:
//   no api-version:        404 {"error":{"code":"404","message":"Resource not found"}}  (MicrosoftDocs/azure-docs#114602, deepchat#262)
//   unknown api-version:   400 {"error":{"code":"BadRequest","message":"API version not supported"}}  (openai/codex#3725, aider-desk#460)
//   missing or wrong key:  401 {"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. …"}}  (semantic-kernel#10337, BotSharp#386)
//   unknown deployment:    404 {"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. …"}}  (chatbox#861)
//   Responses on an api-version before 2025-03-01-preview: 400 "Azure OpenAI Responses API is enabled only for
//     api-version 2025-03-01-preview and later" (Aider-AI/aider#4029, the message as litellm relays it; the envelope is
//     estimated: the gateway's own `{code, message}`, as for its other version errors)
// Responses has no deployment in its path: `/openai/responses?api-version=…` (dated) or `/openai/v1/responses`, the body's
// `model` naming the deployment (learn.microsoft.com/azure/ai-foundry/openai/how-to/responses).

import { randomUUID } from "node:crypto";
import { addAzureContentFilters, contentFilterResponsesStream, isContentFilterError } from "../azure-content-filter.js";
import type { EmulatorContext } from "../context.js";
import { findModel } from "../engine/models.js";
import { EmulatorHttpError } from "../errors.js";
import { splitModelFault } from "../faults-parse.js";
import { parseJsonObject } from "../json-values.js";
import { errorResponse, jsonResponse } from "./respond.js";

/** A route handler of the OpenAI API, which Azure's paths lead to. */
export type RouteHandler = (request: Request, context: EmulatorContext, requestId: string) => Promise<Response>;

/** An Azure path: which OpenAI endpoint it serves, and the deployment it names (the v1 API names none). */
export interface AzureRoute {
  endpoint: "chat/completions" | "completions" | "responses";
  /**
   * `deployments`: the dated API, `/openai/deployments/{deployment}/…` or `/openai/responses` (a dated `api-version`
   * required); `v1`: `/openai/v1/…` (no dated version).
   */
  style: "deployments" | "v1";
  deployment: string | undefined;
}

const DEPLOYMENT_PATH = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions)$/u;
const V1_PATH = /^\/openai\/v1\/(chat\/completions|completions|responses)$/u;
const DATED_RESPONSES_PATH = "/openai/responses";
/** The first dated version that serves Responses (Azure's docs, "API support"; Aider-AI/aider#4029). */
const FIRST_RESPONSES_VERSION = "2025-03-01-preview";
// Dated versions: 2024-10-21, 2025-04-01-preview. The v1 API takes none, or one of its own names.
const DATED_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/u;
const V1_VERSIONS = new Set(["v1", "latest", "preview"]);

const ACCESS_DENIED =
  "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active " +
  "subscription and use a correct regional API endpoint for your resource.";
const DEPLOYMENT_NOT_FOUND =
  "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";

/**
 * Recognizes an Azure OpenAI path (POST only; the trailing slash already removed).
 *
 * @example
 * matchAzureRoute("POST", "/openai/deployments/gpt-4o/chat/completions"); // { endpoint: "chat/completions", style: "deployments", deployment: "gpt-4o" }
 * matchAzureRoute("POST", "/openai/v1/completions"); // { endpoint: "completions", style: "v1", deployment: undefined }
 * matchAzureRoute("POST", "/openai/v1/responses"); // { endpoint: "responses", style: "v1", deployment: undefined }
 * matchAzureRoute("POST", "/openai/responses"); // { endpoint: "responses", style: "deployments", deployment: undefined }
 */
export function matchAzureRoute(method: string, path: string): AzureRoute | undefined {
  if (method !== "POST") return undefined;
  if (path === DATED_RESPONSES_PATH) return { endpoint: "responses", style: "deployments", deployment: undefined };
  const deployment = DEPLOYMENT_PATH.exec(path);
  if (deployment?.[1] && deployment[2]) {
    return { endpoint: deployment[2] === "completions" ? "completions" : "chat/completions", style: "deployments", deployment: decodeURIComponent(deployment[1]) };
  }
  const v1 = V1_PATH.exec(path);
  if (v1?.[1]) {
    const endpoint = v1[1] === "completions" || v1[1] === "responses" ? v1[1] : "chat/completions";
    return { endpoint, style: "v1", deployment: undefined };
  }
  return undefined;
}

/**
 * Serves an Azure request: checks the `api-version`, the key (`api-key` header, or `Authorization: Bearer` as Entra ID
 * tokens are sent), and the deployment, then hands an OpenAI-shaped request to `handler`. The model is the body's
 * `model` when the emulator knows it, else the deployment name (Azure bodies usually leave `model` out); Azure's
 * `gpt-35-turbo` spelling is read as `gpt-3.5-turbo`.
 *
 * @example
 * // POST /openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21, header api-key: …
 * return handleAzure(request, route, context, requestId, handleChatCompletions);
 */
export async function handleAzure(
  request: Request,
  route: AzureRoute,
  context: EmulatorContext,
  requestId: string,
  handler: RouteHandler,
): Promise<Response> {
  const headers = { "x-request-id": requestId, "apim-request-id": randomUUID() };
  const version = new URL(request.url).searchParams.get("api-version");
  if (route.style === "deployments" && version === null) return azureError(404, "404", "Resource not found", headers);
  const versionOk = route.style === "deployments" ? DATED_VERSION.test(version ?? "") : version === null || V1_VERSIONS.has(version);
  if (!versionOk) return azureError(400, "BadRequest", "API version not supported", headers);
  if (route.style === "deployments" && route.endpoint === "responses" && (version ?? "").slice(0, 10) < FIRST_RESPONSES_VERSION.slice(0, 10)) {
    return azureError(400, "BadRequest", `Azure OpenAI Responses API is enabled only for api-version ${FIRST_RESPONSES_VERSION} and later`, headers);
  }
  const key = azureKey(request);
  if (key === undefined) return azureError(401, "401", ACCESS_DENIED, headers);

  const text = await request.text();
  // Anything but a JSON object is forwarded untouched, so the OpenAI handler answers it with its own parse error.
  const body = parseJsonObject(text);
  let forwarded = text;
  if (body !== undefined && (route.deployment !== undefined || body.model !== undefined)) {
    const model = chooseModel(body.model, route.deployment, context);
    if (model === undefined) return azureError(404, "DeploymentNotFound", DEPLOYMENT_NOT_FOUND, headers);
    forwarded = JSON.stringify({ ...body, model });
  }
  const refusal = refuseUnknownArgument(route, version, body);
  if (refusal !== undefined) return jsonResponse(400, refusal, headers);
  const inner = new Request(new URL(`/v1/${route.endpoint}`, request.url), {
    method: "POST",
    headers: withBearer(request.headers, key),
    body: forwarded,
  });
  let response: Response;
  try {
    // Azure annotates answers with its content filter's verdicts (see azure-content-filter.ts).
    // Only on chat completions: the recordings are of chat (none of legacy completions on Azure).
    response = await handler(inner, context, requestId);
    if (route.endpoint === "chat/completions") response = await addAzureContentFilters(response);
  } catch (error) {
    // Errors (validation, faults) get Azure's request id header too; anything else is the edge's to answer.
    if (!(error instanceof EmulatorHttpError)) throw error;
    // A streamed Responses request whose prompt Azure's filter blocks is answered 200, then fails in the stream.
    response =
      route.endpoint === "responses" && body?.stream === true && isContentFilterError(error)
        ? contentFilterResponsesStream(JSON.parse(forwarded) as Record<string, unknown>, context, requestId)
        : errorResponse(error, requestId);
  }
  response.headers.set("apim-request-id", headers["apim-request-id"]);
  return response;
}

// Older dated API versions refuse request keys they predate, in OpenAI's envelope (quarkiverse/quarkus-langchain4j#285:
// `{"error":{"message":"Unrecognized request arguments supplied: frequencyPenalty, presencePenalty, topP","type":
// "invalid_request_error","param":null,"code":null}}`). `stream_options` is refused by 2023-05-15 (openai/openai-python#1469,
// Azure/azure-sdk-for-java#40198) and accepted by 2024-10-21; no recording here pins the first version that accepts it,
// so the emulator draws the line at 2024-09-01-preview.
const FIRST_STREAM_OPTIONS_VERSION = "2024-09-01";

function refuseUnknownArgument(route: AzureRoute, version: string | null, body: Record<string, unknown> | undefined): object | undefined {
  if (route.style !== "deployments" || version === null || body?.stream_options === undefined) return undefined;
  if (version.slice(0, 10) >= FIRST_STREAM_OPTIONS_VERSION) return undefined;
  return { error: { message: "Unrecognized request argument supplied: stream_options", type: "invalid_request_error", param: null, code: null } };
}

function azureError(status: number, code: string, message: string, headers: Record<string, string>): Response {
  return jsonResponse(status, { error: { code, message } }, headers);
}

// Any non-empty key is accepted, as on the OpenAI paths: the emulator checks that a credential is there, not what it is.
function azureKey(request: Request): string | undefined {
  const apiKey = request.headers.get("api-key")?.trim();
  if (apiKey) return apiKey;
  const bearer = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.get("authorization") ?? "");
  return bearer?.[1];
}

function withBearer(original: Headers, key: string): Headers {
  const headers = new Headers(original);
  headers.delete("api-key");
  headers.set("authorization", `Bearer ${key}`);
  return headers;
}


// The model to answer as, keeping a `+fault=` suffix (on the body's model or the deployment name) for the handler to
// read, so faults ride along on Azure paths as on OpenAI's.
function chooseModel(bodyModel: unknown, deployment: string | undefined, context: EmulatorContext): string | undefined {
  const candidates = [typeof bodyModel === "string" ? bodyModel : undefined, deployment]
    .filter((name): name is string => !!name)
    .map(splitModelFault);
  const model = candidates.map((candidate) => azureModelName(candidate.model)).find((name) => findModel(context.models, name) !== undefined);
  if (model === undefined) return undefined;
  const faults = candidates.flatMap((candidate) => (candidate.fault === undefined ? [] : [candidate.fault]));
  return faults.length === 0 ? model : `${model}+fault=${faults.join(",")}`;
}

// Azure names the 3.5 family without the dot (gpt-35-turbo, gpt-35-turbo-instruct).
function azureModelName(name: string): string {
  return name.replace(/^gpt-35-/u, "gpt-3.5-");
}
