import { describe, expect, it } from "@jest/globals";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAIFields } from "../chat-openai-fields.js";
import { ConfigurationError, UnsupportedOptionError } from "../errors/errors.js";
import { AzureChatOpenAI } from "./azure-chat-openai.js";
import type { AzureChatOpenAIFields } from "./azure-chat-openai-fields.js";
import { createAzureTestModel, withEnvironment } from "./__tests__/azure-test-model.js";

const KEY = "azure-key-0123456789";
const VERSION = "2024-10-21";
const RESOURCE = "https://my-resource.openai.azure.com";

// Both sets of variables, so every case shows which ones a class reads.
const ENVIRONMENT = {
  AZURE_OPENAI_API_KEY: "env-azure-key",
  AZURE_OPENAI_ENDPOINT: "https://env-resource.openai.azure.com/",
  AZURE_OPENAI_API_DEPLOYMENT_NAME: "gpt-4.1-mini",
  AZURE_OPENAI_API_VERSION: "2024-08-01-preview",
  OPENAI_API_KEY: "sk-openai-env-key",
  OPENAI_BASE_URL: "https://openai-env.example.com/v1",
  OPENAI_ORG_ID: "org-env",
  OPENAI_API_VERSION: "2023-05-15",
};

interface Case {
  name: string;
  fields: AzureChatOpenAIFields;
  env?: Partial<typeof ENVIRONMENT>;
  url: string;
  auth: { "api-key": string } | { authorization: string };
  model?: string;
}

let tokens = 0;
const tokenProvider = async (): Promise<string> => `entra-token-${++tokens}`;

// URL shapes: the SDK's AzureOpenAI (openai 6 and 7, src/azure.ts: `{endpoint}/openai` + `/deployments/{deployment}`,
// `api-version` query, `api-key` header for keys, bearer for a token provider) and Azure's v1 API (`/openai/v1/…`, no
// dated version). The emulator's Azure route (libs/openai-emulator/src/routes/azure.ts) answers each one 200.
const CASES: Case[] = [
  {
    name: "instance name, key, version",
    fields: { azureOpenAIApiInstanceName: "my-resource", azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
  },
  {
    name: "endpoint with a trailing slash; the deployment defaults to the model",
    fields: { azureOpenAIEndpoint: `${RESOURCE}/`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, model: "gpt-4o" },
    url: `${RESOURCE}/openai/deployments/gpt-4o/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
  },
  {
    name: "a deployment named apart from its model",
    fields: { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "prod-chat", model: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/deployments/prod-chat/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
    model: "gpt-4o-mini",
  },
  {
    name: "@langchain/openai's base path (…/openai/deployments), the deployment appended",
    fields: { azureOpenAIBasePath: `${RESOURCE}/openai/deployments`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
  },
  {
    name: "a full deployment base path",
    fields: { azureOpenAIBasePath: `${RESOURCE}/openai/deployments/gpt-4o-mini/`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION },
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
  },
  {
    name: "the v1 API by base path: no api-version, the deployment as the body's model",
    fields: { azureOpenAIBasePath: `${RESOURCE}/openai/v1`, azureOpenAIApiKey: KEY, azureOpenAIApiDeploymentName: "gpt-4o-mini", model: "gpt-4o" },
    url: `${RESOURCE}/openai/v1/chat/completions`,
    auth: { "api-key": KEY },
    model: "gpt-4o-mini",
  },
  {
    name: 'the v1 API by version "v1", with a token provider',
    fields: { azureOpenAIEndpoint: RESOURCE, azureADTokenProvider: tokenProvider, azureOpenAIApiVersion: "v1", model: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/v1/chat/completions`,
    auth: { authorization: "Bearer entra-token-N" },
  },
  {
    name: 'the v1 API with api-version "preview"',
    fields: { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: "preview", model: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/v1/chat/completions?api-version=preview`,
    auth: { "api-key": KEY },
  },
  {
    name: "deployments with a token provider",
    fields: { azureOpenAIApiInstanceName: "my-resource", azureADTokenProvider: tokenProvider, azureOpenAIApiVersion: VERSION, model: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
    auth: { authorization: "Bearer entra-token-N" },
  },
  {
    name: "@langchain/openai's aliases: deploymentName, openAIApiVersion, apiKey",
    fields: { azureOpenAIApiInstanceName: "my-resource", apiKey: KEY, openAIApiVersion: VERSION, deploymentName: "gpt-4o-mini" },
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
  },
  {
    name: "everything from AZURE_* (OPENAI_* ignored)",
    fields: {},
    env: ENVIRONMENT,
    url: `https://env-resource.openai.azure.com/openai/deployments/gpt-4.1-mini/chat/completions?api-version=2024-08-01-preview`,
    auth: { "api-key": "env-azure-key" },
  },
  {
    name: "explicit fields win over AZURE_* (instance over the endpoint variable, key, deployment, version)",
    fields: { azureOpenAIApiInstanceName: "my-resource", azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
    env: ENVIRONMENT,
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`,
    auth: { "api-key": KEY },
  },
  {
    name: "a token provider wins over AZURE_OPENAI_API_KEY",
    fields: { azureOpenAIEndpoint: RESOURCE, azureADTokenProvider: tokenProvider, azureOpenAIApiDeploymentName: "gpt-4o-mini" },
    env: ENVIRONMENT,
    url: `${RESOURCE}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-08-01-preview`,
    auth: { authorization: "Bearer entra-token-N" },
  },
];

describe("AzureChatOpenAI connection: each input combination gives the exact URL and auth header", () => {
  it.each(CASES)("$name", async ({ fields, env, url, auth, model }) => {
    await withEnvironment(env ?? {}, async () => {
      const { llm, sent } = createAzureTestModel(fields);
      const answer = await llm.invoke("Hello");
      expect(answer.content).not.toBe("");
      expect(sent).toHaveLength(1);
      const [request] = sent;
      expect(request?.status).toBe(200);
      expect(request?.url).toBe(url);
      expect(llm.resolvedBaseURL).toBe(url.replace(/\/chat\/completions(\?.*)?$/u, ""));
      const headers = request!.headers;
      if ("api-key" in auth) {
        expect(headers.get("api-key")).toBe(auth["api-key"]);
        expect(headers.get("authorization")).toBeNull();
      } else {
        expect(headers.get("authorization")).toMatch(/^Bearer entra-token-\d+$/u);
        expect(headers.get("api-key")).toBeNull();
      }
      // Nothing from OPENAI_* reaches an Azure request.
      expect(headers.get("openai-organization")).toBeNull();
      if (model !== undefined) expect(request?.body.model).toBe(model);
    });
  });

  it("calls the token provider before every request, so a refreshed token is used", async () => {
    let calls = 0;
    const { llm, sent } = createAzureTestModel({
      azureOpenAIEndpoint: RESOURCE,
      azureOpenAIApiVersion: VERSION,
      model: "gpt-4o-mini",
      azureADTokenProvider: async () => `token-${++calls}`,
    });
    await llm.invoke("one");
    await llm.invoke("two");
    expect(sent.map((request) => request.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("keeps the caller's default headers on the v1 API, with the key in api-key and no bearer header", async () => {
    const { llm, sent } = createAzureTestModel({
      azureOpenAIBasePath: `${RESOURCE}/openai/v1`,
      azureOpenAIApiKey: KEY,
      model: "gpt-4o-mini",
      configuration: { defaultHeaders: { "x-trace": "t-1" } },
    });
    await llm.invoke("Hello");
    expect(sent[0]?.headers.get("x-trace")).toBe("t-1");
    expect(sent[0]?.headers.get("api-key")).toBe(KEY);
    expect(sent[0]?.headers.get("authorization")).toBeNull();
  });

  it("takes the deployment as the first argument, as @langchain/openai does", async () => {
    const llm = new AzureChatOpenAI("gpt-4o", { azureOpenAIApiInstanceName: "my-resource", azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION });
    expect(llm.model).toBe("gpt-4o");
    expect(llm.azureOpenAIApiDeploymentName).toBe("gpt-4o");
    expect(llm.resolvedBaseURL).toBe(`${RESOURCE}/openai/deployments/gpt-4o`);
  });
});

describe("AzureChatOpenAI refuses an incomplete or contradictory connection before any request", () => {
  const base = { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION };
  it.each<[string, AzureChatOpenAIFields, RegExp[]]>([
    ["no endpoint", { azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION }, [/azureOpenAIEndpoint/u, /AZURE_OPENAI_ENDPOINT/u, /azureOpenAIApiInstanceName/u, /OPENAI_BASE_URL is not read/u]],
    ["no version for the deployments URL", { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY }, [/azureOpenAIApiVersion/u, /AZURE_OPENAI_API_VERSION/u, /v1/u]],
    ["an undated version for the deployments URL", { ...base, azureOpenAIApiVersion: "2024-10" }, [/not a dated version/u]],
    ["a dated version with the v1 base path", { azureOpenAIBasePath: `${RESOURCE}/openai/v1`, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION }, [/v1 API/u, /no dated/u]],
    ["no credential", { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiVersion: VERSION }, [/azureOpenAIApiKey/u, /AZURE_OPENAI_API_KEY/u, /azureADTokenProvider/u]],
    ["both a key and a token provider", { ...base, azureADTokenProvider: tokenProvider }, [/both a key/u, /azureADTokenProvider/u]],
    ["both baseURL and an endpoint", { ...base, baseURL: `${RESOURCE}/openai` }, [/baseURL/u, /azureOpenAIEndpoint/u]],
  ])("%s", async (_name, fields, patterns) => {
    await withEnvironment({ OPENAI_API_KEY: "sk-openai", OPENAI_BASE_URL: "https://openai-env.example.com/v1" }, () => {
      let caught: unknown;
      try {
        new AzureChatOpenAI(fields);
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught)).toBe(true);
      for (const pattern of patterns) expect((caught as Error).message).toMatch(pattern);
    });
  });

  it.each(["openAIBasePath", "azureOpenAIApiEmbeddingsDeploymentName", "azureOpenAIApiCompletionsDeploymentName"])(
    "refuses @langchain/openai's %s, which names no chat deployment, saying what to use",
    (name) => {
      const fields = { ...base, [name]: "x" } as AzureChatOpenAIFields;
      let caught: unknown;
      try {
        new AzureChatOpenAI(fields);
      } catch (error) {
        caught = error;
      }
      expect(UnsupportedOptionError.isInstance(caught)).toBe(true);
      expect((caught as UnsupportedOptionError).option).toBe(name);
      expect((caught as Error).message).toMatch(/azureOpenAIApiDeploymentName|azureOpenAIBasePath/u);
    },
  );

  it("still refuses a misspelt field, with the Azure names among the suggestions", () => {
    expect(() => new AzureChatOpenAI({ ...base, azureOpenAIApiVersoin: VERSION } as AzureChatOpenAIFields)).toThrow(/Did you mean `azureOpenAIApiVersion`/u);
  });
});

describe("ChatOpenAI never reads AZURE_*", () => {
  it("uses OPENAI_* when both sets are present", async () => {
    await withEnvironment({ ...ENVIRONMENT, OPENAI_BASE_URL: "http://emulator.test/v1" }, async () => {
      const seen: Request[] = [];
      const { createEmulator } = await import("@tessera/openai-emulator");
      const emulator = createEmulator();
      const llm = new ChatOpenAI({ maxRetries: 0, configuration: { fetch: (input, init) => {
        const request = new Request(input as string, init);
        seen.push(request);
        return emulator.fetch(request);
      } } });
      await llm.invoke("Hello");
      expect(seen[0]?.url).toBe("http://emulator.test/v1/chat/completions");
      expect(seen[0]?.headers.get("authorization")).toBe("Bearer sk-openai-env-key");
      expect(seen[0]?.headers.get("api-key")).toBeNull();
    });
  });

  it("refuses an Azure field, pointing to AzureChatOpenAI", () => {
    let caught: unknown;
    try {
      new ChatOpenAI({ azureOpenAIApiKey: KEY } as ChatOpenAIFields);
    } catch (error) {
      caught = error;
    }
    expect(UnsupportedOptionError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/AzureChatOpenAI/u);
  });
});
