import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { concat } from "@langchain/core/utils/stream";
import type { AIMessageChunk } from "@langchain/core/messages";
import { z } from "zod";
import { ContentFilterError, BadRequestError } from "../errors/errors.js";
import { CONTENT_FILTER_WARNING } from "../messages/convert-content-filter.js";
import { AzureChatOpenAI } from "./azure-chat-openai.js";
import type { AzureChatOpenAIFields } from "./azure-chat-openai-fields.js";
import { createAzureTestModel } from "./__tests__/azure-test-model.js";

// The recorded Azure stream the emulator's annotations are checked against (its source is in the file).
const recorded = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "openai-emulator", "src", "__fixtures__", "azure", "azure-stream-gpt-4o.json"), "utf8"),
) as { events: Array<Record<string, unknown>> };

const AZURE: AzureChatOpenAIFields = {
  azureOpenAIEndpoint: "https://my-resource.openai.azure.com",
  azureOpenAIApiKey: "azure-key",
  azureOpenAIApiVersion: "2024-10-21",
  azureOpenAIApiDeploymentName: "gpt-4o-mini",
};
const filteredAnswer = { scenarios: { rules: [{ respond: { text: "Some words the filter stopped", finishReason: "content_filter" as const } }] } };

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

describe("AzureChatOpenAI keeps Azure's filter results in response_metadata", () => {
  it("invoke: prompt_filter_results and the choice's content_filter_results, no warning", async () => {
    const { llm } = createAzureTestModel(AZURE);
    const message = await llm.invoke("Hello");
    expect(message.response_metadata.prompt_filter_results).toEqual([
      { prompt_index: 0, content_filter_results: expect.objectContaining({ hate: { filtered: false, severity: "safe" } }) },
    ]);
    expect(message.response_metadata.content_filter_results).toMatchObject({ violence: { filtered: false, severity: "safe" } });
    expect(message.response_metadata.warnings).toBeUndefined();
  });

  it("stream: the same facts once each, never concatenated across chunks", async () => {
    const { llm } = createAzureTestModel(AZURE);
    const [invoked, whole] = [await llm.invoke("Hello"), await streamed(llm, "Hello")];
    expect(whole.content).toBe(invoked.content);
    expect(whole.response_metadata.prompt_filter_results).toEqual(invoked.response_metadata.prompt_filter_results);
    expect(whole.response_metadata.content_filter_results).toEqual(invoked.response_metadata.content_filter_results);
    expect(whole.usage_metadata?.total_tokens).toBeGreaterThan(0);
  });

  it("reads a recorded Azure stream: the opening prompt chunk and the last verdict are kept, the text is whole", async () => {
    const sse = [...recorded.events.map((event) => `data: ${JSON.stringify(event)}\n\n`), "data: [DONE]\n\n"].join("");
    const llm = new AzureChatOpenAI({
      ...AZURE,
      configuration: { fetch: async () => new Response(sse, { status: 200, headers: { "content-type": "text/event-stream" } }) },
    });
    const whole = await streamed(llm, "Translate to German: Hello world!");
    expect(whole.content).toBe("Hallo Welt!");
    expect(whole.response_metadata.prompt_filter_results).toEqual(recorded.events[0]!.prompt_filter_results);
    const lastVerdict = (recorded.events[4]!.choices as Array<Record<string, unknown>>)[0]!.content_filter_results;
    expect(whole.response_metadata.content_filter_results).toEqual(lastVerdict);
    expect(whole.response_metadata.finish_reason).toBe("stop");
  });
});

describe("Azure's content filter, through AzureChatOpenAI", () => {
  it.each(["invoke", "stream"] as const)("a blocked prompt is a ContentFilterError with the verdict, sent once (%s)", async (mode) => {
    const { llm, sent } = createAzureTestModel({ ...AZURE, maxRetries: 2, azureOpenAIApiDeploymentName: "gpt-4o-mini+fault=content-filter" });
    const error = await failure(mode === "invoke" ? llm.invoke("Hello") : streamed(llm, "Hello"));
    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    const filterError = error as ContentFilterError;
    expect(filterError).toMatchObject({ status: 400, code: "content_filter", param: "prompt", source: "prompt", retryable: false });
    expect(filterError.contentFilterResults).toMatchObject({ violence: { filtered: true, severity: "high" }, hate: { filtered: false } });
    expect(filterError.message).toMatch(/content management policy/u);
    // maxRetries 2, and still one attempt: a filtered prompt is filtered again.
    expect(sent).toHaveLength(1);
  });

  it.each(["invoke", "stream"] as const)(
    "an answer the filter cut is returned with finish_reason content_filter, its verdict and a warning (%s, as @langchain/openai returns it)",
    async (mode) => {
      const { llm, sent } = createAzureTestModel(AZURE, filteredAnswer);
      const message = mode === "invoke" ? await llm.invoke("Hello") : await streamed(llm, "Hello");
      expect(message.response_metadata.finish_reason).toBe("content_filter");
      expect(message.response_metadata.content_filter_results).toMatchObject({ violence: { filtered: true, severity: "high" } });
      expect(message.response_metadata.warnings).toEqual([CONTENT_FILTER_WARNING]);
      expect(sent).toHaveLength(1);
    },
  );

  it("withStructuredOutput refuses a cut answer as a ContentFilterError, never parsing it", async () => {
    const { llm } = createAzureTestModel(AZURE, filteredAnswer);
    const error = await failure(llm.withStructuredOutput(z.object({ answer: z.string() }), { method: "jsonMode" }).invoke("Answer in JSON."));
    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ source: "completion", contentFilterResults: { violence: { filtered: true, severity: "high" } } });
  });
});
