import { describe, expect, it } from "@jest/globals";
import { load } from "@langchain/core/load";
import { z } from "zod";
import type { AzureChatOpenAIFields } from "./azure-chat-openai-fields.js";
import { AzureChatOpenAI } from "./azure-chat-openai.js";
import { createAzureTestModel, withEnvironment } from "./__tests__/azure-test-model.js";

const KEY = "azure-secret-key-0123456789";
const AZURE: AzureChatOpenAIFields = {
  azureOpenAIApiInstanceName: "my-resource",
  azureOpenAIApiKey: KEY,
  azureOpenAIApiVersion: "2024-10-21",
  azureOpenAIApiDeploymentName: "gpt-4.1-mini",
};
const Answer = z.object({ answer: z.string() });

describe("defaults that differ on Azure", () => {
  it.each<[string, AzureChatOpenAIFields, "functionCalling" | "jsonSchema"]>([
    ["an API version before 2024-08-01-preview (no json_schema there)", { ...AZURE, azureOpenAIApiVersion: "2024-06-01" }, "functionCalling"],
    ["a gpt-4o deployment (as @langchain/openai; gpt-4o 2024-05-13 has no structured outputs)", { ...AZURE, azureOpenAIApiDeploymentName: "gpt-4o" }, "functionCalling"],
    ["a newer model on a version with structured outputs", AZURE, "jsonSchema"],
    ["the v1 API", { ...AZURE, azureOpenAIApiVersion: "v1" }, "jsonSchema"],
  ])("withStructuredOutput's default method: %s", async (_name, fields, method) => {
    const { llm, sent } = createAzureTestModel(fields);
    const result = await llm.withStructuredOutput(Answer).invoke("What is 2 + 2?");
    expect(typeof result.answer).toBe("string");
    const body = sent[0]!.body;
    if (method === "functionCalling") {
      expect(body.tools).toEqual([expect.objectContaining({ type: "function" })]);
      expect(body).not.toHaveProperty("response_format");
    } else {
      expect(body.response_format).toMatchObject({ type: "json_schema" });
    }
  });

  it("an explicit method wins over Azure's default", async () => {
    const { llm, sent } = createAzureTestModel({ ...AZURE, azureOpenAIApiDeploymentName: "gpt-4o" });
    await llm.withStructuredOutput(Answer, { method: "jsonSchema" }).invoke("What is 2 + 2?");
    expect(sent[0]!.body.response_format).toMatchObject({ type: "json_schema" });
  });

  it("streamUsage: asks for usage as on OpenAI, and on a version that predates stream_options streams again without it, with a warning", async () => {
    const current = createAzureTestModel(AZURE);
    let whole = "";
    let usage: unknown;
    for await (const chunk of await current.llm.stream("Hello")) {
      whole += String(chunk.content);
      usage ??= chunk.usage_metadata;
    }
    expect(current.sent[0]!.body.stream_options).toEqual({ include_usage: true });
    expect(usage).toBeDefined();

    const old = createAzureTestModel({ ...AZURE, azureOpenAIApiVersion: "2024-06-01", azureOpenAIApiInstanceName: "old-resource" });
    const warnings: unknown[] = [];
    let oldText = "";
    for await (const chunk of await old.llm.stream("Hello")) {
      oldText += String(chunk.content);
      if (chunk.response_metadata.warnings) warnings.push(...(chunk.response_metadata.warnings as unknown[]));
    }
    expect(old.sent.map((request) => request.status)).toEqual([400, 200]);
    expect(old.sent[1]!.body).not.toHaveProperty("stream_options");
    expect(oldText).toBe(whole);
    expect(warnings.join(" ")).toMatch(/stream_options/u);
  });
});

describe("AzureChatOpenAI as LangChain sees it", () => {
  it("reports ls_provider azure and its own llm type", () => {
    const llm = new AzureChatOpenAI(AZURE);
    expect(llm.getLsParams({} as never)).toMatchObject({ ls_provider: "azure", ls_model_name: "gpt-4.1-mini", ls_model_type: "chat" });
    expect(llm._llmType()).toBe("azure_openai");
  });

  it("serializes without the key (a secret reference to AZURE_OPENAI_API_KEY) and with @langchain/openai's Azure names", () => {
    const llm = new AzureChatOpenAI(AZURE);
    const json = llm.toJSON() as { id: string[]; kwargs: Record<string, unknown> };
    const text = JSON.stringify(json) + JSON.stringify(llm);
    expect(text).not.toContain(KEY);
    expect(json.id.at(-1)).toBe("AzureChatOpenAI");
    expect(json.kwargs).toMatchObject({
      azure_endpoint: "https://my-resource.openai.azure.com/",
      deployment_name: "gpt-4.1-mini",
      openai_api_version: "2024-10-21",
    });
    expect(Object.values(json.kwargs)).toContainEqual({ lc: 1, type: "secret", id: ["AZURE_OPENAI_API_KEY"] });
  });

  it("loads back from its serialized form, with the key from AZURE_OPENAI_API_KEY", async () => {
    const serialized = JSON.stringify(new AzureChatOpenAI(AZURE));
    const loaded = await withEnvironment({}, () =>
      load<AzureChatOpenAI>(serialized, {
        secretsMap: { AZURE_OPENAI_API_KEY: KEY },
        optionalImportsMap: { "tessera/openai": { AzureChatOpenAI } },
      }),
    );
    expect(loaded).toBeInstanceOf(AzureChatOpenAI);
    expect(loaded.resolvedBaseURL).toBe("https://my-resource.openai.azure.com/openai/deployments/gpt-4.1-mini");
    expect(loaded.azureOpenAIApiKey).toBe(KEY);
  });
});

describe("compatibility on Azure", () => {
  const gateway: AzureChatOpenAIFields = { ...AZURE, azureOpenAIApiInstanceName: undefined, azureOpenAIBasePath: "https://gateway.example.com/openai/deployments" };
  const tool = { name: "get_weather", description: "Weather for a city", schema: z.object({ city: z.string() }) };

  it('is "openai" whatever host fronts the deployment, so strict: false still reaches the wire', async () => {
    const { llm, sent } = createAzureTestModel(gateway);
    expect(llm.compatibility).toBe("openai");
    await llm.bindTools([tool], { strict: false }).invoke("Weather in Paris?");
    expect(sent[0]!.url).toContain("https://gateway.example.com/openai/deployments/gpt-4.1-mini/chat/completions");
    expect((sent[0]!.body.tools as Array<{ function: Record<string, unknown> }>)[0]!.function.strict).toBe(false);
  });

  it('honours an explicit compatibility: "compatible"', async () => {
    const { llm, sent } = createAzureTestModel({ ...gateway, compatibility: "compatible" });
    expect(llm.compatibility).toBe("compatible");
    await llm.bindTools([tool], { strict: false }).invoke("Weather in Paris?");
    expect((sent[0]!.body.tools as Array<{ function: Record<string, unknown> }>)[0]!.function).not.toHaveProperty("strict");
  });
});
