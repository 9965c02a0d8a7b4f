import { describe, expect, it } from "@jest/globals";
import { AIMessageChunk, HumanMessageChunk } from "@langchain/core/messages";
import { ChatGenerationChunk } from "@langchain/core/outputs";
import { loadExchanges } from "../messages/__fixtures__/exchanges.js";
import { createChunkConverter } from "../messages/convert-from-openai-chunk.js";
import { concatGenerationChunks } from "./run-chat-stream.js";

/** Core's own way: one concat per chunk. */
function concatOneByOne(chunks: ChatGenerationChunk[]): ChatGenerationChunk | undefined {
  return chunks.reduce<ChatGenerationChunk | undefined>((left, right) => (left === undefined ? right : left.concat(right)), undefined);
}

/** Choice 0's chunks of a recorded exchange, as our streaming loop makes them. */
function generationChunksOf(chunks: Parameters<ReturnType<typeof createChunkConverter>>[0][]): ChatGenerationChunk[] {
  const convert = createChunkConverter({ requestId: "req_1", warnings: [] });
  const converted = [...chunks.flatMap((chunk) => convert(chunk)), ...convert.flush()];
  return converted.filter(({ choiceIndex }) => choiceIndex === 0).map(({ message, text }) => new ChatGenerationChunk({ message, text }));
}

describe("concatGenerationChunks", () => {
  const exchanges = loadExchanges().filter((exchange) => exchange.chunks.length >= 3);

  it("has recorded exchanges to check (text, tool calls, logprobs, refusals, usage)", () => {
    expect(exchanges.length).toBeGreaterThan(10);
  });

  for (const exchange of exchanges) {
    it(`gives what core's one-by-one concat gives: ${exchange.name}`, () => {
      const chunks = generationChunksOf(exchange.chunks);
      const expected = concatOneByOne(generationChunksOf(exchange.chunks));
      const folded = concatGenerationChunks(chunks);
      expect(folded).toStrictEqual(expected);
      // The lazily derived tool calls, and what serialization writes.
      expect((folded?.message as AIMessageChunk).tool_calls).toStrictEqual((expected?.message as AIMessageChunk).tool_calls);
      expect((folded?.message as AIMessageChunk).invalid_tool_calls).toStrictEqual((expected?.message as AIMessageChunk).invalid_tool_calls);
      expect(JSON.stringify(folded?.message)).toBe(JSON.stringify(expected?.message));
    });
  }

  it("gives what core's one-by-one concat gives for the chunks in other orders (usage or the finish in the middle)", () => {
    for (const exchange of exchanges) {
      const count = generationChunksOf(exchange.chunks).length;
      const orders = [(index: number) => count - 1 - index, (index: number) => (index + Math.floor(count / 2)) % count];
      for (const order of orders) {
        const reorder = (chunks: ChatGenerationChunk[]) => chunks.map((_chunk, index) => chunks[order(index)]!);
        expect(concatGenerationChunks(reorder(generationChunksOf(exchange.chunks)))).toStrictEqual(concatOneByOne(reorder(generationChunksOf(exchange.chunks))));
      }
    }
  });

  it("leaves the chunks as they were (as core's concat does)", () => {
    const exchange = exchanges.find((candidate) => candidate.chunks.some((chunk) => chunk.choices[0]?.delta?.tool_calls));
    const chunks = generationChunksOf(exchange!.chunks);
    const before = JSON.stringify(chunks);
    concatGenerationChunks(chunks);
    expect(JSON.stringify(chunks)).toBe(before);
  });

  it("takes the first id any chunk has, as core's concat does", () => {
    const chunks = [undefined, "chatcmpl-b", "chatcmpl-c", undefined].map(
      (id, index) => new ChatGenerationChunk({ text: String(index), message: new AIMessageChunk({ content: String(index), id }) }),
    );
    expect((concatGenerationChunks(chunks)?.message as AIMessageChunk).id).toBe("chatcmpl-b");
    expect(concatGenerationChunks(chunks)).toStrictEqual(concatOneByOne(chunks));
  });

  it("concatenates chunks it cannot fold (a tool_calls list without tool_call_chunks, another message class) one by one", () => {
    const withToolCalls = [
      new ChatGenerationChunk({ text: "a", message: new AIMessageChunk({ content: "a" }) }),
      new ChatGenerationChunk({ text: "", message: new AIMessageChunk({ content: "", tool_calls: [{ name: "f", args: {}, id: "call_1", type: "tool_call" }] }) }),
      new ChatGenerationChunk({ text: "b", message: new AIMessageChunk({ content: "b" }) }),
    ];
    expect(concatGenerationChunks(withToolCalls)).toStrictEqual(concatOneByOne(withToolCalls));
    const mixed = [
      new ChatGenerationChunk({ text: "a", message: new HumanMessageChunk({ content: "a" }) }),
      new ChatGenerationChunk({ text: "b", message: new HumanMessageChunk({ content: "b" }) }),
      new ChatGenerationChunk({ text: "c", message: new HumanMessageChunk({ content: "c" }) }),
    ];
    expect(concatGenerationChunks(mixed)).toStrictEqual(concatOneByOne(mixed));
  });

  it("returns undefined for no chunks and the chunk itself for one", () => {
    expect(concatGenerationChunks([])).toBeUndefined();
    const only = new ChatGenerationChunk({ text: "a", message: new AIMessageChunk({ content: "a" }) });
    expect(concatGenerationChunks([only])).toBe(only);
  });
});
