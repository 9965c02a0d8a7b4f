// The URL/auth table of AzureChatOpenAI's connection, shared by the Chat Completions test
// (azure-chat-openai-connection.test.ts) and the Responses one (azure-chat-openai-responses.test.ts): each input
// combination, with the exact URL and auth header each API gets.
import type { AzureChatOpenAIFields } from "../azure-chat-openai-fields.js";

export const KEY = "azure-key-0123456789";
export const RESOURCE = "https://my-resource.openai.azure.com";

// Both sets of variables, so every case shows which ones a class reads.
export const ENVIRONMENT = {
  AZURE_OPENAI_API_KEY: "env-azure-key",
  AZURE_OPENAI_ENDPOINT: "https://env-resource.openai.azure.com/",
  AZURE_OPENAI_API_DEPLOYMENT_NAME: "gpt-4.1-mini",
  AZURE_OPENAI_API_VERSION: "2024-08-01-preview",
  OPENAI_API_KEY: "sk-openai-env-key",
  OPENAI_BASE_URL: "https://openai-env.example.com/v1",
  OPENAI_ORG_ID: "org-env",
  OPENAI_API_VERSION: "2023-05-15",
};

/** One input combination: the chat URL (`url`), the Responses URL, and the body's `model` on each. */
export interface ConnectionCase {
  name: string;
  fields: AzureChatOpenAIFields;
  env?: Partial<typeof ENVIRONMENT>;
  url: string;
  responsesUrl: string;
  auth: { "api-key": string } | { authorization: string };
  model?: string;
  /** The body's model on the Responses API: always the deployment. */
  responsesModel: string;
}

let tokens = 0;
const tokenProvider = async (): Promise<string> => `entra-token-${++tokens}`;

// URL shapes: the SDK's AzureOpenAI (openai 6 and 7, src/azure.ts: `{endpoint}/openai` + `/deployments/{deployment}`,
// `api-version` query, `api-key` header for keys, bearer for a token provider) and Azure's v1 API (`/openai/v1/…`, no
// dated version). The emulator's Azure route (libs/openai-emulator/src/routes/azure.ts) answers each one 200.
// Responses goes to the resource root, `/openai/responses?api-version=…` or `/openai/v1/responses`, never under a
// deployment; the body's model is the deployment.
/**
 * The cases, with the dated versions given: `version` in the fields, `envVersion` in AZURE_OPENAI_API_VERSION (the
 * chat table uses 2024-10-21 and 2024-08-01-preview; the Responses one needs 2025-03-01-preview or later).
 */
export function azureConnectionCases(version: string, envVersion: string): ConnectionCase[] {
  const VERSION = version;
  const env = { ...ENVIRONMENT, AZURE_OPENAI_API_VERSION: envVersion };
  const dated = `${RESOURCE}/openai/responses?api-version=${VERSION}`;
  const v1 = `${RESOURCE}/openai/v1/responses`;
  return [
    {
      name: "instance name, key, version",
      fields: { azureOpenAIApiInstanceName: "my-resource", azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
    },
    {
      name: "endpoint with a trailing slash; the deployment defaults to the model",
      fields: { azureOpenAIEndpoint: `${RESOURCE}/`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, model: "gpt-4o" },
      url: `${RESOURCE}/openai/deployments/gpt-4o/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o",
      auth: { "api-key": KEY },
    },
    {
      name: "a deployment named apart from its model",
      fields: { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "prod-chat", model: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/deployments/prod-chat/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "prod-chat",
      auth: { "api-key": KEY },
      model: "gpt-4o-mini",
    },
    {
      name: "@langchain/openai's base path (…/openai/deployments), the deployment appended",
      fields: { azureOpenAIBasePath: `${RESOURCE}/openai/deployments`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
    },
    {
      name: "a full deployment base path",
      fields: { azureOpenAIBasePath: `${RESOURCE}/openai/deployments/gpt-4o-mini/`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION },
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
    },
    {
      name: "the v1 API by base path: no api-version, the deployment as the body's model",
      fields: { azureOpenAIBasePath: `${RESOURCE}/openai/v1`, azureOpenAIApiKey: KEY, azureOpenAIApiDeploymentName: "gpt-4o-mini", model: "gpt-4o" },
      url: `${RESOURCE}/openai/v1/chat/completions`,
      responsesUrl: v1,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
      model: "gpt-4o-mini",
    },
    {
      name: 'the v1 API by version "v1", with a token provider',
      fields: { azureOpenAIEndpoint: RESOURCE, azureADTokenProvider: tokenProvider, azureOpenAIApiVersion: "v1", model: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/v1/chat/completions`,
      responsesUrl: v1,
      responsesModel: "gpt-4o-mini",
      auth: { authorization: "Bearer entra-token-N" },
    },
    {
      name: 'the v1 API with api-version "preview"',
      fields: { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: "preview", model: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/v1/chat/completions?api-version=preview`,
      responsesUrl: `${v1}?api-version=preview`,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
    },
    {
      name: "deployments with a token provider",
      fields: { azureOpenAIApiInstanceName: "my-resource", azureADTokenProvider: tokenProvider, azureOpenAIApiVersion: VERSION, model: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o-mini",
      auth: { authorization: "Bearer entra-token-N" },
    },
    {
      name: "@langchain/openai's aliases: deploymentName, openAIApiVersion, apiKey",
      fields: { azureOpenAIApiInstanceName: "my-resource", apiKey: KEY, openAIApiVersion: VERSION, deploymentName: "gpt-4o-mini" },
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
    },
    {
      name: "everything from AZURE_* (OPENAI_* ignored)",
      fields: {},
      env,
      url: `https://env-resource.openai.azure.com/openai/deployments/gpt-4.1-mini/chat/completions?api-version=${envVersion}`,
      responsesUrl: `https://env-resource.openai.azure.com/openai/responses?api-version=${envVersion}`,
      responsesModel: "gpt-4.1-mini",
      auth: { "api-key": "env-azure-key" },
    },
    {
      name: "explicit fields win over AZURE_* (instance over the endpoint variable, key, deployment, version)",
      fields: { azureOpenAIApiInstanceName: "my-resource", azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
      env,
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
      responsesUrl: dated,
      responsesModel: "gpt-4o-mini",
      auth: { "api-key": KEY },
    },
    {
      name: "a token provider wins over AZURE_OPENAI_API_KEY",
      fields: { azureOpenAIEndpoint: RESOURCE, azureADTokenProvider: tokenProvider, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
      env,
      url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${envVersion}`,
      responsesUrl: `${RESOURCE}/openai/responses?api-version=${envVersion}`,
      responsesModel: "gpt-4o-mini",
      auth: { authorization: "Bearer entra-token-N" },
    },
  ];
}
