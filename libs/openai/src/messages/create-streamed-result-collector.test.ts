import { describe, expect, it } from "@jest/globals";
import { AIMessageChunk } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { createStreamedResultCollector } from "./create-streamed-result-collector.js";

const chunk = (content: string, fields: Partial<ConstructorParameters<typeof AIMessageChunk>[0] & object> = {}) =>
  new ChatGenerationChunk({ message: new AIMessageChunk({ content, ...fields }), text: content });

const usage = { input_tokens: 9, output_tokens: 4, total_tokens: 13 };

describe("createStreamedResultCollector", () => {
  it("returns one generation per choice in choice order, whatever order the chunks came in, each concatenated with its finish reason", () => {
    const collector = createStreamedResultCollector();
    collector.add(1, chunk("Sec"));
    collector.add(0, chunk("Fir"));
    collector.add(1, chunk("ond", { response_metadata: { finish_reason: "length" } }));
    collector.add(0, chunk("st", { response_metadata: { finish_reason: "stop" } }));
    const { generations } = collector.result();
    expect(generations.map(({ text, message, generationInfo }) => ({ text, content: message.content, generationInfo }))).toEqual([
      { text: "First", content: "First", generationInfo: { finish_reason: "stop" } },
      { text: "Second", content: "Second", generationInfo: { finish_reason: "length" } },
    ]);
  });

  it("reports choice 0's usage as llmOutput.tokenUsage, and an empty llmOutput without usage", () => {
    const collector = createStreamedResultCollector();
    collector.add(0, chunk("Hi"));
    collector.add(0, chunk("", { usage_metadata: usage }));
    expect(collector.result().llmOutput).toEqual({ tokenUsage: { promptTokens: 9, completionTokens: 4, totalTokens: 13 } });

    const withoutUsage = createStreamedResultCollector();
    withoutUsage.add(0, chunk("Hi"));
    expect(withoutUsage.result().llmOutput).toStrictEqual({});
  });
});
