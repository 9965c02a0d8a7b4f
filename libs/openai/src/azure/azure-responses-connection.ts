// Where an AzureChatOpenAI's Responses calls go. Azure serves the Responses API at the resource's root, not under a
// deployment: `{resource}/openai/responses?api-version=…` on dated versions and `{resource}/openai/v1/responses` on the
// v1 API, with the deployment named by the body's `model` (learn.microsoft.com/azure/ai-foundry/openai/how-to/responses;
// the openai SDK's AzureOpenAI, src/azure.ts in openai 6 and 7, inserts `/deployments/{name}` only for its
// deployment-scoped paths, and `/responses` is not one of them).

import type { ResolvedConnection } from "../internal/resolve-chat-openai-fields.js";
import type { AzureConnection } from "./azure-chat-openai-fields.js";

/**
 * The first dated Azure OpenAI `api-version` that serves the Responses API. An older one is answered 400 "Azure OpenAI
 * Responses API is enabled only for api-version 2025-03-01-preview and later" (Aider-AI/aider#4029, through litellm).
 *
 * @example
 * "2025-04-01-preview".slice(0, 10) >= FIRST_AZURE_RESPONSES_VERSION.slice(0, 10); // true
 */
export const FIRST_AZURE_RESPONSES_VERSION = "2025-03-01-preview";

/**
 * An AzureChatOpenAI's Responses connection: the connection to send with (its base URL the resource's `/openai` root on
 * dated versions, unchanged on the v1 API), the body's `model` (the deployment), or the reason no Responses call can be
 * sent (an `api-version` that predates the Responses API, or a base path whose resource root cannot be told).
 *
 * @example
 * const resolved: AzureResponsesConnection = { connection, model: "gpt-4o-mini", problem: undefined };
 */
export interface AzureResponsesConnection {
  connection: ResolvedConnection;
  /** The body's `model`: the deployment. */
  model: string;
  /** Why a Responses call cannot be sent here, with the fix; undefined when it can. */
  problem: string | undefined;
}

/**
 * Resolves where an AzureChatOpenAI's Responses calls go (see {@link AzureResponsesConnection}). Pure: nothing is
 * thrown here, so a model that never calls the Responses API is not refused for it.
 *
 * @example
 * resolveAzureResponsesConnection(connection, azure).connection.azure?.baseURL;
 * // "https://r.openai.azure.com/openai" for "https://r.openai.azure.com/openai/deployments/gpt-4o"
 */
export function resolveAzureResponsesConnection(connection: ResolvedConnection, azure: AzureConnection): AzureResponsesConnection {
  const model = azure.deployment;
  if (azure.style === "v1") return { connection, model, problem: undefined };
  const version = azure.apiVersion ?? "";
  if (version.slice(0, 10) < FIRST_AZURE_RESPONSES_VERSION.slice(0, 10)) {
    const problem =
      `Azure OpenAI serves the Responses API from api-version ${FIRST_AZURE_RESPONSES_VERSION} on, and this model uses ` +
      `"${version}". Set azureOpenAIApiVersion to ${FIRST_AZURE_RESPONSES_VERSION} or later (e.g. "2025-04-01-preview"), or to ` +
      '"v1" for Azure\'s v1 API; or set useResponsesApi: false to stay on Chat Completions.';
    return { connection, model, problem };
  }
  const root = /^(.*)\/deployments\/[^/]+$/u.exec(azure.baseURL)?.[1];
  if (root === undefined) {
    const problem =
      `Cannot tell where Azure's Responses API is from the base path ${azure.baseURL}: it is served at the resource's ` +
      "`/openai/responses`, not under a deployment. Pass azureOpenAIEndpoint (or a base path ending in /openai/deployments), " +
      "or set useResponsesApi: false to stay on Chat Completions.";
    return { connection, model, problem };
  }
  return { connection: { ...connection, baseURL: root, azure: { ...azure, baseURL: root } }, model, problem: undefined };
}
