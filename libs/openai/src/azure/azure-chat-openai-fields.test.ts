import { describe, expect, it } from "@jest/globals";
import { type AzureChatOpenAIFields, type AzureEnvironment, resolveAzureConnection } from "./azure-chat-openai-fields.js";

const KEY = { azureOpenAIApiKey: "k" };
const VERSION = { azureOpenAIApiVersion: "2024-10-21" };

function resolve(fields: AzureChatOpenAIFields, env: AzureEnvironment = {}, model = "gpt-4o-mini") {
  return resolveAzureConnection(fields, env, model).azure;
}

describe("resolveAzureConnection (pure: fields, then the given environment)", () => {
  it.each<[string, AzureChatOpenAIFields, AzureEnvironment, string]>([
    ["a gateway base path, as @langchain/openai appends the deployment", { azureOpenAIBasePath: "https://gateway.example.com/aoai/", ...VERSION }, {}, "https://gateway.example.com/aoai/gpt-4o-mini"],
    ["the resource's /openai root", { azureOpenAIBasePath: "https://r.openai.azure.com/openai", ...VERSION }, {}, "https://r.openai.azure.com/openai/deployments/gpt-4o-mini"],
    ["the /openai root with version v1", { azureOpenAIBasePath: "https://r.openai.azure.com/openai", azureOpenAIApiVersion: "v1" }, {}, "https://r.openai.azure.com/openai/v1"],
    ["an endpoint given with the v1 path", { azureOpenAIEndpoint: "https://r.openai.azure.com/openai/v1/" }, {}, "https://r.openai.azure.com/openai/v1"],
    ["a deployment name that needs escaping", { azureOpenAIApiInstanceName: "r", azureOpenAIApiDeploymentName: "my dep", ...VERSION }, {}, "https://r.openai.azure.com/openai/deployments/my%20dep"],
    ["baseURL (or configuration.baseURL) as a base path", { configuration: { baseURL: "https://r.openai.azure.com/openai/deployments/x" }, ...VERSION }, {}, "https://r.openai.azure.com/openai/deployments/x"],
    ["an explicit endpoint beats every location variable", { azureOpenAIEndpoint: "https://mine.openai.azure.com", ...VERSION }, { AZURE_OPENAI_BASE_PATH: "https://env.example.com/openai/deployments", AZURE_OPENAI_API_INSTANCE_NAME: "env" }, "https://mine.openai.azure.com/openai/deployments/gpt-4o-mini"],
    ["among variables, the base path beats the endpoint and instance", { ...VERSION }, { AZURE_OPENAI_BASE_PATH: "https://env.example.com/openai/deployments", AZURE_OPENAI_ENDPOINT: "https://e.openai.azure.com", AZURE_OPENAI_API_INSTANCE_NAME: "i" }, "https://env.example.com/openai/deployments/gpt-4o-mini"],
  ])("%s", (_name, fields, env, baseURL) => {
    expect(resolve({ ...KEY, ...fields }, env).baseURL).toBe(baseURL);
  });

  it("keeps a dated version from the environment off the v1 API instead of refusing it (an explicit one is refused)", () => {
    const azure = resolve({ ...KEY, azureOpenAIBasePath: "https://r.openai.azure.com/openai/v1" }, { AZURE_OPENAI_API_VERSION: "2024-10-21" });
    expect(azure).toMatchObject({ style: "v1", apiVersion: undefined });
    expect(() => resolve({ ...KEY, azureOpenAIBasePath: "https://r.openai.azure.com/openai/v1", ...VERSION })).toThrow(/v1 API/u);
  });

  it("reads the deployment from a full deployment path", () => {
    expect(resolve({ ...KEY, azureOpenAIBasePath: "https://r.openai.azure.com/openai/deployments/prod%2Dchat", ...VERSION }).deployment).toBe("prod-chat");
  });

  it("takes a key field (or its alias) over AZURE_OPENAI_API_KEY, and the variable only when no field sets one", () => {
    expect(resolve({ azureOpenAIEndpoint: "https://r", ...VERSION }, { AZURE_OPENAI_API_KEY: "env" }).auth).toEqual({ type: "api-key", key: "env" });
    expect(resolve({ azureOpenAIEndpoint: "https://r", openAIApiKey: "alias", ...VERSION }, { AZURE_OPENAI_API_KEY: "env" }).auth).toEqual({ type: "api-key", key: "alias" });
  });
});
