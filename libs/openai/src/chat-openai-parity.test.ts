import { describe, expect, it } from "@jest/globals";
import type { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import { finalizeStreamedMessage } from "./messages/convert-from-openai-chunk.js";
import { comparableMessage, loadExchanges } from "./messages/__fixtures__/exchanges.js";
import { createTestModel } from "./__tests__/test-model.js";

// Every recorded exchange, answered to the real class over HTTP as JSON and as SSE: invoke, invoke with streaming,
// stream and streamEvents must all produce the same message (choice 0).

describe.each(loadExchanges().map((exchange) => [exchange.name, exchange] as const))("fixture %s", (_name, exchange) => {
  const json = { status: 200, body: exchange.completion };
  const sse = { status: 200, sse: exchange.chunks };

  it("gives the same message through invoke, streaming invoke, stream and streamEvents", async () => {
    const { llm, answerNext } = createTestModel();
    answerNext(json);
    const invoked = await llm.invoke("fixture");

    const streaming = createTestModel({ streaming: true });
    streaming.answerNext(sse);
    const streamedInvoke = await streaming.llm.invoke("fixture");

    answerNext(sse);
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await llm.stream("fixture")) chunks.push(chunk);
    const streamed = finalizeStreamedMessage(chunks.reduce((left, right) => concat(left, right)));

    answerNext(sse);
    let ended: AIMessageChunk | undefined;
    for await (const event of llm.streamEvents("fixture", { version: "v2" })) {
      if (event.event === "on_chat_model_end") ended = event.data.output as AIMessageChunk;
    }

    const expected = comparableMessage(invoked);
    if (!exchange.chunks.some((chunk) => chunk.usage)) {
      // A stream without include_usage carries no usage at all: everything else must still match.
      const { tokenUsage: _tokenUsage, ...metadata } = expected.response_metadata;
      Object.assign(expected, { usage_metadata: undefined, response_metadata: metadata });
    }
    expect(comparableMessage(streamedInvoke)).toEqual(expected);
    expect(comparableMessage(streamed)).toEqual(expected);
    expect(comparableMessage(finalizeStreamedMessage(ended!))).toEqual(expected);
    expect(String(invoked.response_metadata.finish_reason)).toBe(exchange.completion.choices[0]?.finish_reason);
  });
});
