import { describe, expect, it } from "@jest/globals";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import { builtInModels } from "@tessera/openai-emulator";
import { z } from "zod";
import { ConfigurationError, ContentFilterError } from "../errors/errors.js";
import { CONTENT_FILTER_WARNING } from "../messages/convert-content-filter.js";
import { AzureChatOpenAI } from "./azure-chat-openai.js";
import type { AzureChatOpenAIFields } from "./azure-chat-openai-fields.js";
import { FIRST_AZURE_RESPONSES_VERSION } from "./azure-responses-connection.js";
import { azureConnectionCases, KEY, RESOURCE } from "./__tests__/azure-connection-cases.js";
import { createAzureTestModel, withEnvironment } from "./__tests__/azure-test-model.js";

const VERSION = "2025-04-01-preview";
const CASES = azureConnectionCases(VERSION, FIRST_AZURE_RESPONSES_VERSION);
// The emulator knows deployments by model name; "prod-chat" (a deployment named apart from its model) is added.
const gpt4oMini = builtInModels().find((model) => model.id === "gpt-4o-mini")!;
const MODELS = { models: [...builtInModels(), { ...gpt4oMini, id: "prod-chat", snapshot: "prod-chat" }] };

const AZURE: AzureChatOpenAIFields = { azureOpenAIEndpoint: RESOURCE, azureOpenAIApiKey: KEY, azureOpenAIApiVersion: VERSION, azureOpenAIApiDeploymentName: "gpt-4o-mini" };

async function streamed(llm: AzureChatOpenAI, input: string): Promise<AIMessageChunk> {
  let whole: AIMessageChunk | undefined;
  for await (const chunk of await llm.stream(input)) whole = whole === undefined ? chunk : concat(whole, chunk);
  return whole!;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("AzureChatOpenAI on the Responses API: each input combination gives the exact URL and auth header", () => {
  it.each(CASES)("$name", async ({ fields, env, responsesUrl, auth, responsesModel }) => {
    await withEnvironment(env ?? {}, async () => {
      const { llm, sent } = createAzureTestModel({ ...fields, useResponsesApi: true }, MODELS);
      const answer = await llm.invoke("Hello");
      expect(answer.text).not.toBe("");
      expect(sent).toHaveLength(1);
      const [request] = sent;
      expect(request?.status).toBe(200);
      expect(request?.url).toBe(responsesUrl);
      // The deployment is never in a Responses path: the body's model names it.
      expect(request?.body.model).toBe(responsesModel);
      expect(request?.body.input).toBeDefined();
      const headers = request!.headers;
      if ("api-key" in auth) {
        expect(headers.get("api-key")).toBe(auth["api-key"]);
        expect(headers.get("authorization")).toBeNull();
      } else {
        expect(headers.get("authorization")).toMatch(/^Bearer entra-token-\d+$/u);
        expect(headers.get("api-key")).toBeNull();
      }
      expect(headers.get("openai-organization")).toBeNull();
    });
  });

  it("streams from the same URL, the text equal to invoke's", async () => {
    const { llm, sent } = createAzureTestModel({ ...AZURE, useResponsesApi: true });
    const [invoked, whole] = [await llm.invoke("Hello"), await streamed(llm, "Hello")];
    expect(whole.text).toBe(invoked.text);
    expect(sent.map((request) => request.url)).toEqual([`${RESOURCE}/openai/responses?api-version=${VERSION}`, `${RESOURCE}/openai/responses?api-version=${VERSION}`]);
    expect(sent[1]?.body.stream).toBe(true);
  });

  it("routes a call that needs the Responses API there without useResponsesApi, and the others to the deployment's chat URL", async () => {
    const { llm, sent } = createAzureTestModel(AZURE);
    await llm.invoke("Hello");
    await llm.invoke("Hello", { truncation: "auto" });
    expect(sent.map((request) => new URL(request.url).pathname)).toEqual(["/openai/deployments/gpt-4o-mini/chat/completions", "/openai/responses"]);
    expect(sent[1]?.body).toMatchObject({ model: "gpt-4o-mini", truncation: "auto" });
  });

  it("reports LangSmith's provider as azure and the model on a Responses call", async () => {
    const seen: Array<Record<string, unknown> | undefined> = [];
    const handler = BaseCallbackHandler.fromMethods({
      handleChatModelStart(_llm, _messages, _runId, _parentRunId, _extraParams, _tags, metadata) {
        seen.push(metadata);
      },
    });
    const { llm } = createAzureTestModel({ ...AZURE, useResponsesApi: true, temperature: 0.2 });
    await llm.invoke("Hello", { callbacks: [handler] });
    expect(seen[0]).toMatchObject({ ls_provider: "azure", ls_model_name: "gpt-4o-mini", ls_model_type: "chat", ls_temperature: 0.2 });
  });
});

describe("AzureChatOpenAI refuses the Responses API where Azure cannot serve it, before any request", () => {
  it("refuses useResponsesApi: true with an api-version before 2025-03-01-preview at construction, naming the first one", () => {
    let caught: unknown;
    try {
      new AzureChatOpenAI({ ...AZURE, azureOpenAIApiVersion: "2024-10-21", useResponsesApi: true });
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/2025-03-01-preview/u);
    expect((caught as Error).message).toMatch(/"2024-10-21"/u);
    expect((caught as Error).message).toMatch(/useResponsesApi: false/u);
  });

  it("refuses a call routed to the Responses API on an old version, sending nothing; chat calls still work", async () => {
    const { llm, sent } = createAzureTestModel({ ...AZURE, azureOpenAIApiVersion: "2024-10-21" });
    const error = await failure(llm.invoke("Hello", { truncation: "auto" }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(sent).toHaveLength(0);
    await llm.invoke("Hello");
    expect(sent).toHaveLength(1);
  });

  it("accepts 2025-03-01-preview itself, and the v1 API whatever its version name", async () => {
    for (const fields of [{ azureOpenAIApiVersion: FIRST_AZURE_RESPONSES_VERSION }, { azureOpenAIApiVersion: "v1" }, { azureOpenAIApiVersion: "preview" }]) {
      const { llm, sent } = createAzureTestModel({ ...AZURE, ...fields, useResponsesApi: true });
      await llm.invoke("Hello");
      expect(sent[0]?.status).toBe(200);
    }
  });

  it("refuses a base path whose resource root cannot be told (a gateway path), saying what to pass", async () => {
    const { llm, sent } = createAzureTestModel({ ...AZURE, azureOpenAIEndpoint: undefined, azureOpenAIBasePath: "https://gateway.example.com/azure" });
    const error = await failure(llm.invoke("Hello", { useResponsesApi: true }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/azureOpenAIEndpoint/u);
    expect(sent).toHaveLength(0);
  });
});

describe("Azure's content filter on the Responses API", () => {
  it.each(["invoke", "stream"] as const)("a blocked prompt is a ContentFilterError, sent once (%s)", async (mode) => {
    const { llm, sent } = createAzureTestModel({ ...AZURE, maxRetries: 2, useResponsesApi: true, azureOpenAIApiDeploymentName: "gpt-4o-mini+fault=content-filter" });
    const error = await failure(mode === "invoke" ? llm.invoke("Hello") : streamed(llm, "Hello"));
    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: "prompt", retryable: false });
    expect((error as Error).message).toMatch(/content management policy/u);
    if (mode === "invoke") expect(error).toMatchObject({ status: 400, code: "content_filter", contentFilterResults: { violence: { filtered: true, severity: "high" } } });
    // Streamed, Azure answers 200 and fails in the stream: the reason is in the error event after response.failed.
    else expect(error).toMatchObject({ code: "content_policy_violation" });
    expect(sent).toHaveLength(1);
  });

  it.each(["invoke", "stream"] as const)("an answer the filter cut is returned incomplete, with a warning (%s)", async (mode) => {
    const filteredAnswer = { scenarios: { rules: [{ respond: { text: "Some words the filter stopped", finishReason: "content_filter" as const } }] } };
    const { llm } = createAzureTestModel({ ...AZURE, useResponsesApi: true }, filteredAnswer);
    const message = mode === "invoke" ? await llm.invoke("Hello") : await streamed(llm, "Hello");
    expect(message.response_metadata).toMatchObject({ status: "incomplete", incomplete_details: { reason: "content_filter" } });
    expect(message.response_metadata.warnings).toEqual([CONTENT_FILTER_WARNING]);
  });

  it("withStructuredOutput refuses a cut answer as a ContentFilterError, never parsing it", async () => {
    const filteredAnswer = { scenarios: { rules: [{ respond: { text: "{\"answer\": \"cut", finishReason: "content_filter" as const } }] } };
    const { llm } = createAzureTestModel({ ...AZURE, useResponsesApi: true }, filteredAnswer);
    const error = await failure(llm.withStructuredOutput(z.object({ answer: z.string() }), { method: "jsonMode" }).invoke("Answer in JSON."));
    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: "completion" });
  });
});
