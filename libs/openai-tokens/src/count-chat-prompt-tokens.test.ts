import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { countChatPromptTokens, type PromptMessage } from "./count-chat-prompt-tokens.js";
import type { EncodingName } from "./encoding-for-model.js";
import { loadEncoding } from "./load-encoding.js";

interface ChatSample {
  model: string;
  messages: PromptMessage[];
  tools?: unknown[];
  prompt_tokens: number;
}

interface TextSample {
  model: string; // "<encoding> text"
  text: string;
  tokens: number;
}

// Ground truth: prompt_tokens the real API reported (../shared/reference/token-usage-samples.json).
const samplesPath = path.resolve(__dirname, "../../../../shared/reference/token-usage-samples.json");
const samples = (JSON.parse(readFileSync(samplesPath, "utf8")) as { samples: Array<ChatSample | TextSample> }).samples;
const chatSamples = samples.filter((sample): sample is ChatSample => "messages" in sample);
const messageOnlySamples = chatSamples.filter((sample) => sample.tools === undefined);
const textSamples = samples.filter((sample): sample is TextSample => "text" in sample);

describe("text samples", () => {
  it.each(textSamples.map((sample) => [sample.model, sample.text, sample.tokens] as const))(
    "%s: %s has %i tokens",
    async (label, text, expected) => {
      const encoding = label.split(" ")[0] as EncodingName;
      expect((await loadEncoding(encoding)).encode(text)).toHaveLength(expected);
    },
  );
});

describe("countChatPromptTokens", () => {
  it("has message-only samples to check", () => {
    expect(messageOnlySamples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(messageOnlySamples.map((sample) => [sample.model, sample.prompt_tokens, sample] as const))(
    "reproduces the API's prompt_tokens for %s (%i)",
    async (_model, expected, sample) => {
      const { totalCount } = await countChatPromptTokens({ model: sample.model, messages: sample.messages });
      expect(totalCount).toBe(expected);
    },
  );

  it("adds 3 per message, 1 per name and 3 for reply priming around the content tokens", async () => {
    const bare = await countChatPromptTokens({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    // 3 framing + "user" (1) + "hi" (1) + 3 priming
    expect(bare.totalCount).toBe(8);
    expect(bare.countPerMessage).toEqual([5]);
    const named = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "user", name: "bob", content: "hi" }],
    });
    expect(named.totalCount).toBe(8 + 1 + 1);
  });

  it("counts text parts of multi-part content like the same text as a string", async () => {
    const asString = await countChatPromptTokens({ model: "gpt-4o", messages: [{ role: "user", content: "hello world" }] });
    const asParts = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "text", text: "hello" }, { type: "text", text: " world" }] }],
    });
    expect(asParts.totalCount).toBe(asString.totalCount);
  });

  it("uses the encoding override and reports unknown models", async () => {
    const unknown = await countChatPromptTokens({ model: "my-local-model", messages: [{ role: "user", content: "hi" }] });
    expect(unknown).toMatchObject({ encoding: "o200k_base", knownModel: false });
    const forced = await countChatPromptTokens({
      model: "my-local-model",
      encoding: "cl100k_base",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(forced).toMatchObject({ encoding: "cl100k_base", knownModel: true });
  });
});
