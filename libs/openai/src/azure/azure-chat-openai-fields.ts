// AzureChatOpenAI's connection: the only thing it does differently from ChatOpenAI. Field names, aliases and
// environment variables are @langchain/openai's (azure/chat_models/common.ts, utils/azure.ts); the URL shapes are
// Azure's (the openai SDK's AzureOpenAI client, src/azure.ts in openai 6 and 7, and Azure's v1 API at `/openai/v1`).

import type { ChatOpenAIFields } from "../chat-openai-fields.js";
import type { ResolvedConnection } from "../internal/resolve-chat-openai-fields.js";
import { ConfigurationError } from "../errors/errors.js";

/**
 * Constructor fields of {@link AzureChatOpenAI}: every ChatOpenAI field, plus where the Azure resource is and how to
 * authenticate, spelt as `@langchain/openai`'s AzureChatOpenAI spells them.
 *
 * @example
 * const fields: AzureChatOpenAIFields = { azureOpenAIApiInstanceName: "my-resource", azureOpenAIApiDeploymentName: "gpt-4o", azureOpenAIApiVersion: "2024-10-21" };
 */
export interface AzureChatOpenAIFields extends ChatOpenAIFields {
  /** Sent in the `api-key` header. Default: `AZURE_OPENAI_API_KEY`; `apiKey` and `openAIApiKey` are read as this too. */
  azureOpenAIApiKey?: string;
  /**
   * Returns a Microsoft Entra ID token; called before every request (so a refreshed token is used), sent as
   * `Authorization: Bearer …`. Cannot be combined with a key.
   */
  azureADTokenProvider?: () => Promise<string>;
  /** The resource name: requests go to `https://{name}.openai.azure.com`. Default: `AZURE_OPENAI_API_INSTANCE_NAME`. */
  azureOpenAIApiInstanceName?: string;
  /** The resource's endpoint, e.g. `https://my-resource.openai.azure.com/`. Default: `AZURE_OPENAI_ENDPOINT`. */
  azureOpenAIEndpoint?: string;
  /**
   * A base path, as `@langchain/openai` takes it: `https://…/openai/deployments` (the deployment is appended), a full
   * `…/openai/deployments/{name}`, or the v1 API's `https://…/openai/v1`. Default: `AZURE_OPENAI_BASE_PATH`.
   */
  azureOpenAIBasePath?: string;
  /** The deployment. Default: `AZURE_OPENAI_API_DEPLOYMENT_NAME`, else the model name. */
  azureOpenAIApiDeploymentName?: string;
  /** Alias of `azureOpenAIApiDeploymentName`, as in `@langchain/openai`. */
  deploymentName?: string;
  /**
   * The dated `api-version` of the deployments URL, e.g. `2024-10-21`; `v1` (or `preview`, `latest`) selects Azure's v1
   * API. Default: `AZURE_OPENAI_API_VERSION`.
   */
  azureOpenAIApiVersion?: string;
  /** Alias of `azureOpenAIApiVersion`, as in `@langchain/openai`. */
  openAIApiVersion?: string;
}

/**
 * The constructor fields AzureChatOpenAI reads on top of ChatOpenAI's.
 *
 * @example
 * AZURE_CHAT_OPENAI_FIELD_NAMES.includes("azureOpenAIEndpoint"); // true
 */
export const AZURE_CHAT_OPENAI_FIELD_NAMES = [
  "azureOpenAIApiKey", "azureADTokenProvider", "azureOpenAIApiInstanceName", "azureOpenAIEndpoint", "azureOpenAIBasePath",
  "azureOpenAIApiDeploymentName", "deploymentName", "azureOpenAIApiVersion", "openAIApiVersion",
] as const satisfies ReadonlyArray<Exclude<keyof AzureChatOpenAIFields, keyof ChatOpenAIFields>>;

/**
 * The environment variables AzureChatOpenAI reads (never `OPENAI_*`); an explicit field always wins.
 *
 * @example
 * const env: AzureEnvironment = { AZURE_OPENAI_ENDPOINT: "https://my-resource.openai.azure.com/", AZURE_OPENAI_API_VERSION: "2024-10-21" };
 */
export interface AzureEnvironment {
  AZURE_OPENAI_API_KEY?: string;
  AZURE_OPENAI_API_INSTANCE_NAME?: string;
  AZURE_OPENAI_ENDPOINT?: string;
  AZURE_OPENAI_BASE_PATH?: string;
  AZURE_OPENAI_API_DEPLOYMENT_NAME?: string;
  AZURE_OPENAI_API_VERSION?: string;
}

/**
 * Where an AzureChatOpenAI sends its requests, and how it authenticates.
 *
 * @example
 * const azure: AzureConnection = { style: "v1", baseURL: "https://r.openai.azure.com/openai/v1", apiVersion: undefined, deployment: "gpt-4o", auth: { type: "api-key", key } };
 */
export interface AzureConnection {
  /** `deployments`: `…/openai/deployments/{deployment}/chat/completions?api-version=…`; `v1`: `…/openai/v1/chat/completions`. */
  style: "deployments" | "v1";
  /** The base URL requests go to (the SDK appends `/chat/completions`). */
  baseURL: string;
  /** The `api-version` query parameter, when one is sent (always for `deployments`; for `v1` only `preview`/`latest`). */
  apiVersion: string | undefined;
  /** The deployment (for `v1`, sent as the body's `model`). */
  deployment: string;
  auth: { type: "api-key"; key: string } | { type: "token-provider"; provider: () => Promise<string> };
}

const V1_VERSIONS = new Set(["v1", "latest", "preview"]);
const DATED_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/u;

/**
 * Resolves an AzureChatOpenAI's connection from its fields, then the `AZURE_*` environment: credentials, resource
 * location, deployment and API version. Anything missing or contradictory is a ConfigurationError naming the field and
 * the variable that would supply it.
 *
 * @example
 * resolveAzureConnection({ azureOpenAIApiInstanceName: "r", azureOpenAIApiKey: "k", azureOpenAIApiVersion: "2024-10-21" }, {}, "gpt-4o").azure?.baseURL;
 * // "https://r.openai.azure.com/openai/deployments/gpt-4o"
 */
export function resolveAzureConnection(fields: AzureChatOpenAIFields, env: AzureEnvironment, model: string): ResolvedConnection & { azure: AzureConnection } {
  const auth = resolveAzureAuth(fields, env);
  const deployment = nonEmpty(fields.azureOpenAIApiDeploymentName) ?? nonEmpty(fields.deploymentName) ?? nonEmpty(env.AZURE_OPENAI_API_DEPLOYMENT_NAME) ?? model;
  const explicitVersion = nonEmpty(fields.azureOpenAIApiVersion) ?? nonEmpty(fields.openAIApiVersion);
  const version = explicitVersion ?? nonEmpty(env.AZURE_OPENAI_API_VERSION);
  const location = resolveAzureLocation(fields, env, deployment, version);
  if (location.style === "v1") {
    if (explicitVersion !== undefined && !V1_VERSIONS.has(explicitVersion)) {
      throw new ConfigurationError(
        `azureOpenAIApiVersion "${explicitVersion}" cannot be used with Azure's v1 API (${location.baseURL}), which takes no dated ` +
          'api-version. Remove it (or set it to "v1"), or use the deployments URL (azureOpenAIEndpoint without /openai/v1).',
      );
    }
    const apiVersion = version !== undefined && V1_VERSIONS.has(version) && version !== "v1" ? version : undefined;
    return { ...connectionOf(auth, location.baseURL), azure: { style: "v1", baseURL: location.baseURL, apiVersion, deployment, auth } };
  }
  if (version === undefined || !DATED_VERSION.test(version)) {
    throw new ConfigurationError(
      (version === undefined ? "No Azure OpenAI API version. " : `The Azure OpenAI API version "${version}" is not a dated version. `) +
        'Pass azureOpenAIApiVersion (e.g. "2024-10-21") or set AZURE_OPENAI_API_VERSION; or use Azure\'s v1 API, which needs ' +
        'none: azureOpenAIApiVersion: "v1", or azureOpenAIBasePath "https://{resource}.openai.azure.com/openai/v1".',
    );
  }
  return { ...connectionOf(auth, location.baseURL), azure: { style: "deployments", baseURL: location.baseURL, apiVersion: version, deployment: location.deployment, auth } };
}

function connectionOf(auth: AzureConnection["auth"], baseURL: string): ResolvedConnection {
  return { apiKey: auth.type === "api-key" ? auth.key : auth.provider, baseURL, organization: undefined, project: undefined };
}

function resolveAzureAuth(fields: AzureChatOpenAIFields, env: AzureEnvironment): AzureConnection["auth"] {
  const configurationKey = fields.configuration?.apiKey;
  const key =
    nonEmpty(fields.azureOpenAIApiKey) ?? nonEmpty(fields.apiKey) ?? nonEmpty(fields.openAIApiKey) ?? (typeof configurationKey === "string" ? nonEmpty(configurationKey) : undefined);
  const provider = fields.azureADTokenProvider ?? (typeof configurationKey === "function" ? configurationKey : undefined);
  if (provider !== undefined && typeof provider !== "function") {
    throw new ConfigurationError("azureADTokenProvider must be a function returning a Promise of a Microsoft Entra ID token.");
  }
  if (provider !== undefined && key !== undefined) {
    throw new ConfigurationError(
      "AzureChatOpenAI got both a key (azureOpenAIApiKey, apiKey or openAIApiKey) and azureADTokenProvider; Azure takes one " +
        "credential per request. Keep the key or the token provider, not both.",
    );
  }
  if (provider !== undefined) return { type: "token-provider", provider };
  const envKey = nonEmpty(env.AZURE_OPENAI_API_KEY);
  if (key ?? envKey) return { type: "api-key", key: (key ?? envKey) as string };
  throw new ConfigurationError(
    "No Azure OpenAI credential. Pass azureOpenAIApiKey (or set AZURE_OPENAI_API_KEY), or azureADTokenProvider for " +
      "Microsoft Entra ID. OPENAI_API_KEY is not read for Azure.",
  );
}

interface AzureLocation {
  style: "deployments" | "v1";
  baseURL: string;
  deployment: string;
}

function resolveAzureLocation(fields: AzureChatOpenAIFields, env: AzureEnvironment, deployment: string, version: string | undefined): AzureLocation {
  const explicitBase = nonEmpty(fields.baseURL) ?? nonEmpty(fields.configuration?.baseURL ?? undefined);
  const explicit = [
    ["azureOpenAIBasePath", nonEmpty(fields.azureOpenAIBasePath)],
    ["azureOpenAIEndpoint", nonEmpty(fields.azureOpenAIEndpoint)],
    ["azureOpenAIApiInstanceName", nonEmpty(fields.azureOpenAIApiInstanceName)],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (explicitBase !== undefined && explicit.length > 0) {
    throw new ConfigurationError(
      `AzureChatOpenAI got both baseURL (or configuration.baseURL) and ${explicit[0]?.[0] ?? ""}; they say the same thing two ways. ` +
        "Keep one: azureOpenAIEndpoint for the resource, or azureOpenAIBasePath for a full base path.",
    );
  }
  const v1 = version !== undefined && V1_VERSIONS.has(version);
  if (explicitBase !== undefined) return fromBasePath(explicitBase, deployment, v1);
  const basePath = nonEmpty(fields.azureOpenAIBasePath) ?? (explicit.length === 0 ? nonEmpty(env.AZURE_OPENAI_BASE_PATH) : undefined);
  if (basePath !== undefined) return fromBasePath(basePath, deployment, v1);
  const endpoint = nonEmpty(fields.azureOpenAIEndpoint) ?? (explicit.length === 0 ? nonEmpty(env.AZURE_OPENAI_ENDPOINT) : undefined);
  const instance = nonEmpty(fields.azureOpenAIApiInstanceName) ?? (explicit.length === 0 && endpoint === undefined ? nonEmpty(env.AZURE_OPENAI_API_INSTANCE_NAME) : undefined);
  const root = endpoint ?? (instance === undefined ? undefined : `https://${instance}.openai.azure.com`);
  if (root === undefined) {
    throw new ConfigurationError(
      "No Azure OpenAI endpoint. Pass azureOpenAIEndpoint (or set AZURE_OPENAI_ENDPOINT), azureOpenAIApiInstanceName (or set " +
        "AZURE_OPENAI_API_INSTANCE_NAME), or azureOpenAIBasePath (or set AZURE_OPENAI_BASE_PATH). OPENAI_BASE_URL is not read for Azure.",
    );
  }
  const trimmed = withoutTrailingSlashes(root);
  // An endpoint given with the v1 path already on it is the v1 base.
  if (/\/openai\/v1$/u.test(trimmed)) return fromBasePath(trimmed, deployment, true);
  return fromBasePath(`${trimmed}/openai`, deployment, v1);
}

// The base path forms @langchain/openai accepts (`…/openai/deployments`, to which it appends the deployment), plus a
// full deployment URL, the resource's `/openai` root and the v1 API's `/openai/v1`.
function fromBasePath(basePath: string, deployment: string, v1: boolean): AzureLocation {
  const trimmed = withoutTrailingSlashes(basePath);
  if (/\/openai\/v1$/u.test(trimmed)) return { style: "v1", baseURL: trimmed, deployment };
  if (v1 && /\/openai$/u.test(trimmed)) return { style: "v1", baseURL: `${trimmed}/v1`, deployment };
  const named = /\/deployments\/([^/]+)$/u.exec(trimmed);
  if (named?.[1]) return { style: "deployments", baseURL: trimmed, deployment: decodeURIComponent(named[1]) };
  const segment = encodeURIComponent(deployment);
  if (/\/openai$/u.test(trimmed)) return { style: "deployments", baseURL: `${trimmed}/deployments/${segment}`, deployment };
  return { style: "deployments", baseURL: `${trimmed}/${segment}`, deployment };
}

/**
 * Reads the Azure variables from `process.env` where there is one.
 *
 * @example
 * readAzureEnvironment().AZURE_OPENAI_ENDPOINT; // "https://my-resource.openai.azure.com/" when set
 */
export function readAzureEnvironment(): AzureEnvironment {
  const env = typeof process === "undefined" ? undefined : process.env;
  if (!env) return {};
  return {
    AZURE_OPENAI_API_KEY: env.AZURE_OPENAI_API_KEY,
    AZURE_OPENAI_API_INSTANCE_NAME: env.AZURE_OPENAI_API_INSTANCE_NAME,
    AZURE_OPENAI_ENDPOINT: env.AZURE_OPENAI_ENDPOINT,
    AZURE_OPENAI_BASE_PATH: env.AZURE_OPENAI_BASE_PATH,
    AZURE_OPENAI_API_DEPLOYMENT_NAME: env.AZURE_OPENAI_API_DEPLOYMENT_NAME,
    AZURE_OPENAI_API_VERSION: env.AZURE_OPENAI_API_VERSION,
  };
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === "/") end--;
  return url.slice(0, end);
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value == null || value.trim() === "" ? undefined : value;
}
