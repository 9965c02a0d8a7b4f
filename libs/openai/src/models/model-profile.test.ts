import { describe, expect, it } from "@jest/globals";
import { AzureChatOpenAI } from "../azure/azure-chat-openai.js";
import { ChatOpenAI } from "../chat-openai.js";
import { modelProfile } from "./model-profile.js";

describe("modelProfile", () => {
  it("gives a known model's capabilities, as @langchain/openai 1.6.0's profile of it", () => {
    expect(modelProfile("gpt-4o-mini")).toEqual({
      maxInputTokens: 128000, maxOutputTokens: 16384, imageInputs: true, imageUrlInputs: true, pdfInputs: true, audioInputs: false, videoInputs: false,
      imageToolMessage: true, pdfToolMessage: true, reasoningOutput: false, imageOutputs: false, audioOutputs: false, videoOutputs: false,
      toolCalling: true, toolChoice: true, structuredOutput: true,
    });
    expect(modelProfile("o3")).toMatchObject({ reasoningOutput: true, structuredOutput: true });
    expect(modelProfile("gpt-3.5-turbo")).toMatchObject({ structuredOutput: false });
  });

  it("resolves dated snapshots and fine-tunes to their model, keeping a snapshot's own entry where it has one", () => {
    expect(modelProfile("gpt-4o-mini-2024-07-18")).toEqual(modelProfile("gpt-4o-mini"));
    expect(modelProfile("ft:gpt-4.1-mini:acme::x1")).toEqual(modelProfile("gpt-4.1-mini"));
    expect(modelProfile("gpt-4o-2024-05-13").maxOutputTokens).toBe(4096);
    expect(modelProfile("gpt-4o").maxOutputTokens).toBe(16384);
  });

  it("is empty for a model it does not know, and a copy the caller may change", () => {
    expect(modelProfile("llama-3.1-8b-instant")).toEqual({});
    expect(modelProfile("constructor")).toEqual({});
    modelProfile("gpt-4o-mini").structuredOutput = false;
    expect(modelProfile("gpt-4o-mini").structuredOutput).toBe(true);
  });

  it("is what ChatOpenAI and AzureChatOpenAI report as profile", () => {
    expect(new ChatOpenAI({ model: "gpt-4.1", apiKey: "sk-test" }).profile).toEqual(modelProfile("gpt-4.1"));
    const azure = new AzureChatOpenAI({ model: "gpt-4o-mini", azureOpenAIApiKey: "k", azureOpenAIApiInstanceName: "acme", azureOpenAIApiVersion: "2024-10-21" });
    expect(azure.profile.structuredOutput).toBe(true);
  });
});
