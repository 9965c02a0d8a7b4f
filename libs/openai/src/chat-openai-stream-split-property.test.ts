import { describe, expect, it } from "@jest/globals";
import type { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import fc from "fast-check";
import type OpenAI from "openai";
import { ChatOpenAI } from "./chat-openai.js";
import { comparableMessage, type Exchange, loadExchanges } from "./messages/__fixtures__/exchanges.js";
import { finalizeStreamedMessage } from "./messages/convert-from-openai-chunk.js";

// Stream parsing under stress (issue 13): every recorded exchange, written as SSE with each kind of line ending, and
// cut into pieces at random byte positions (favouring the inside of multi-byte characters and the gap between \r and
// \n), gives the same message as the unsplit body, through invoke, stream and invoke with streaming. Seeded, so a CI
// run is reproducible; FAST_CHECK_SEED and FAST_CHECK_RUNS explore further.

const SEED = Number(process.env.FAST_CHECK_SEED ?? 13);
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 150);

/** An exchange whose text, reasoning and tool arguments are full of 2-, 3- and 4-byte characters. */
function multiByteExchange(): Exchange {
  const base = { id: "chatcmpl-utf8", object: "chat.completion.chunk" as const, created: 1763770300, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_utf8" };
  const pieces = ["Grüße", " aus ", "Zürich", " — ", "日本語", "のテキスト", " 🌍🚀", " é\u0301", " done."];
  const args = ['{"city":"', "São Paulo", " 東京", ' 🏙️","note":"ñ"}'];
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] }) as OpenAI.ChatCompletionChunk;
  const text = pieces.join("");
  const argumentText = args.join("");
  return {
    name: "multi-byte",
    description: "multi-byte characters in text and tool arguments",
    completion: {
      id: base.id,
      object: "chat.completion",
      created: base.created,
      model: base.model,
      system_fingerprint: base.system_fingerprint,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: null, tool_calls: [{ id: "call_utf8", type: "function", function: { name: "weather", arguments: argumentText } }] },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
    } as OpenAI.ChatCompletion,
    chunks: [
      chunk({ role: "assistant", content: "" }),
      ...pieces.map((content) => chunk({ content })),
      chunk({ tool_calls: [{ index: 0, id: "call_utf8", type: "function", function: { name: "weather", arguments: "" } }] }),
      ...args.map((argumentsPiece) => chunk({ tool_calls: [{ index: 0, function: { arguments: argumentsPiece } }] })),
      chunk({}, "tool_calls"),
    ],
  };
}

const EXCHANGES = [...loadExchanges(), multiByteExchange()];
const LINE_ENDS = ["\n", "\r\n", "\r"] as const;
type Path = "invoke" | "stream" | "streaming invoke";
const PATHS: Path[] = ["invoke", "stream", "streaming invoke"];
const encoder = new TextEncoder();

function sseBody(exchange: Exchange, lineEnd: string): Uint8Array {
  const events = [...exchange.chunks.map((chunk) => `data: ${JSON.stringify(chunk)}`), "data: [DONE]"];
  return encoder.encode(events.map((event) => `${event}${lineEnd}${lineEnd}`).join(""));
}

/** Byte positions worth cutting at: inside a multi-byte character, and between \r and \n. */
function trickyPositions(bytes: Uint8Array): number[] {
  const positions: number[] = [];
  for (let index = 1; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    if ((byte & 0xc0) === 0x80 || (bytes[index - 1] === 0x0d && byte === 0x0a)) positions.push(index);
  }
  return positions;
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((cut) => cut > 0 && cut < bytes.length).sort((left, right) => left - right);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...sorted, bytes.length]) {
    pieces.push(bytes.slice(start, cut));
    start = cut;
  }
  return pieces;
}

/** A model whose every request is answered with these pieces, each its own read of the body. */
function modelAnswering(pieces: Uint8Array[], contentType: string, streaming: boolean): ChatOpenAI {
  const fetch = async (): Promise<Response> => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": contentType, "x-request-id": "req_split" } });
  };
  return new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "k", maxRetries: 0, streaming, configuration: { baseURL: "http://split.test/v1", fetch } });
}

async function messageThrough(path: Path, exchange: Exchange, lineEnd: string, cuts: (bytes: Uint8Array) => number[]) {
  const bytes = path === "invoke" ? encoder.encode(JSON.stringify(exchange.completion)) : sseBody(exchange, lineEnd);
  const pieces = split(bytes, cuts(bytes));
  if (path === "invoke") return comparableMessage(await modelAnswering(pieces, "application/json", false).invoke("split"));
  if (path === "streaming invoke") return comparableMessage(await modelAnswering(pieces, "text/event-stream", true).invoke("split"));
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of await modelAnswering(pieces, "text/event-stream", false).stream("split")) chunks.push(chunk);
  return comparableMessage(finalizeStreamedMessage(chunks.reduce((left, right) => concat(left, right))));
}

describe("stream parsing under stress: bodies cut at random byte positions", () => {
  it("every exchange has multi-byte characters and \\r\\n gaps to cut (the generator is not vacuous)", () => {
    const utf8 = multiByteExchange();
    expect(trickyPositions(sseBody(utf8, "\r\n")).length).toBeGreaterThan(50);
    expect(trickyPositions(encoder.encode(JSON.stringify(utf8.completion))).some((position) => position > 0)).toBe(true);
  });

  it("gives the unsplit message through invoke, stream and streaming invoke", async () => {
    const scenario = fc.record({
      exchange: fc.integer({ min: 0, max: EXCHANGES.length - 1 }),
      lineEnd: fc.constantFrom(...LINE_ENDS),
      path: fc.constantFrom(...PATHS),
      // Fractions of the body, so the same draw fits bodies of any length.
      plain: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
      tricky: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
      everyByte: fc.boolean(),
    });
    const expected = new Map<string, unknown>();
    await fc.assert(
      fc.asyncProperty(scenario, async ({ exchange: exchangeIndex, lineEnd, path, plain, tricky, everyByte }) => {
        const exchange = EXCHANGES[exchangeIndex]!;
        const key = `${exchange.name} ${path} ${JSON.stringify(lineEnd)}`;
        if (!expected.has(key)) expected.set(key, await messageThrough(path, exchange, lineEnd, () => []));
        const cuts = (bytes: Uint8Array): number[] => {
          // Sometimes one byte per read: every position is a cut.
          if (everyByte && bytes.length < 6000) return Array.from({ length: bytes.length }, (_, index) => index);
          const candidates = trickyPositions(bytes);
          return [
            ...plain.map((fraction) => Math.floor(fraction * bytes.length)),
            ...tricky.map((fraction) => candidates[Math.floor(fraction * candidates.length)] ?? 1),
          ];
        };
        expect(await messageThrough(path, exchange, lineEnd, cuts)).toEqual(expected.get(key));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 120_000);
});
