import { describe, expect, it } from "@jest/globals";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAIFields } from "../chat-openai-fields.js";
import { ConfigurationError, UnsupportedOptionError } from "../errors/errors.js";
import { AzureChatOpenAI } from "./azure-chat-openai.js";
import type { AzureChatOpenAIFields } from "./azure-chat-openai-fields.js";
import { azureConnectionCases, ENVIRONMENT, KEY, RESOURCE } from "./__tests__/azure-connection-cases.js";
import { createAzureTestModel, withEnvironment } from "./__tests__/azure-test-model.js";

const VERSION = "2024-10-21";

let tokens = 0;
const tokenProvider = async (): Promise<string> => `entra-token-${++tokens}`;

const CASES = azureConnectionCases(VERSION, "2024-08-01-preview");

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
