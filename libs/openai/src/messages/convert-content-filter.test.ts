import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AIMessageChunk } from "@langchain/core/messages";
import { concat } from "@langchain/core/utils/stream";
import type OpenAI from "openai";
import { createChunkConverter } from "./convert-from-openai-chunk.js";
import { convertFromOpenAIMessage } from "./convert-from-openai-message.js";
import { addContentFilterMetadata, CONTENT_FILTER_WARNING, readContentFilterResults, readPromptFilterResults } from "./convert-content-filter.js";

// A recorded Azure stream (its source is named in the file).
const recorded = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "..", "openai-emulator", "src", "__fixtures__", "azure", "azure-stream-gpt-4o.json"), "utf8"),
) as { events: OpenAI.ChatCompletionChunk[] };

const SAFE = { hate: { filtered: false, severity: "safe" } };
const BLOCKED = { hate: { filtered: false, severity: "safe" }, violence: { filtered: true, severity: "high" } };

function streamOf(chunks: OpenAI.ChatCompletionChunk[], requestWarnings: string[] = []): Map<number, AIMessageChunk> {
  const convert = createChunkConverter({ warnings: requestWarnings });
  const byChoice = new Map<number, AIMessageChunk>();
  for (const chunk of chunks) {
    for (const { choiceIndex, message } of [...convert(chunk)]) {
      const previous = byChoice.get(choiceIndex);
      byChoice.set(choiceIndex, previous === undefined ? message : concat(previous, message));
    }
  }
  return byChoice;
}

function chunk(choices: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): OpenAI.ChatCompletionChunk {
  return { id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices, ...extra } as unknown as OpenAI.ChatCompletionChunk;
}

describe("reading Azure's filter annotations", () => {
  it("reads non-empty prompt_filter_results and content_filter_results only", () => {
    expect(readPromptFilterResults({ prompt_filter_results: [] })).toBeUndefined();
    expect(readPromptFilterResults({})).toBeUndefined();
    expect(readContentFilterResults({ content_filter_results: {} })).toBeUndefined();
    expect(readContentFilterResults({ content_filter_results: [SAFE] })).toBeUndefined();
    expect(readContentFilterResults({ content_filter_results: SAFE })).toBe(SAFE);
  });

  it("appends the warning after the request's own warnings", () => {
    expect(addContentFilterMetadata({ warnings: ["dropped temperature"] }, { promptFilterResults: undefined, contentFilterResults: undefined, finishReason: "content_filter" }))
      .toEqual({ warnings: ["dropped temperature", CONTENT_FILTER_WARNING] });
  });
});

describe("streamed Azure chunks", () => {
  it("a recorded Azure stream: the prompt chunk's results go on choice 0 once, the last verdict once with the finish", () => {
    const whole = streamOf(recorded.events).get(0)!;
    expect(whole.content).toBe("Hallo Welt!");
    expect(whole.response_metadata).toMatchObject({
      prompt_filter_results: (recorded.events[0] as unknown as { prompt_filter_results: unknown }).prompt_filter_results,
      content_filter_results: (recorded.events[4]!.choices[0] as unknown as { content_filter_results: unknown }).content_filter_results,
      finish_reason: "stop",
    });
    expect(whole.response_metadata.warnings).toBeUndefined();
  });

  it("with two choices, each keeps its own verdict; the prompt's results go on choice 0 only", () => {
    const prompt = [{ prompt_index: 0, content_filter_results: SAFE }];
    const byChoice = streamOf([
      chunk([], { prompt_filter_results: prompt, id: "", object: "", created: 0, model: "" }),
      chunk([{ index: 0, delta: { role: "assistant", content: "" }, content_filter_results: {} }, { index: 1, delta: { role: "assistant", content: "" }, content_filter_results: {} }]),
      chunk([{ index: 0, delta: { content: "fine" }, content_filter_results: SAFE }, { index: 1, delta: { content: "not" }, content_filter_results: BLOCKED }]),
      chunk([{ index: 0, delta: {}, finish_reason: "stop", content_filter_results: {} }, { index: 1, delta: {}, finish_reason: "content_filter", content_filter_results: {} }]),
    ], ["a request warning"]);
    expect(byChoice.get(0)!.response_metadata).toMatchObject({ prompt_filter_results: prompt, content_filter_results: SAFE, warnings: ["a request warning"] });
    expect(byChoice.get(1)!.response_metadata).not.toHaveProperty("prompt_filter_results");
    expect(byChoice.get(1)!.response_metadata).toMatchObject({
      content_filter_results: BLOCKED,
      finish_reason: "content_filter",
      warnings: ["a request warning", CONTENT_FILTER_WARNING],
    });
  });

  it("adds nothing to OpenAI's own streams", () => {
    const whole = streamOf([chunk([{ index: 0, delta: { role: "assistant", content: "Hi" } }]), chunk([{ index: 0, delta: {}, finish_reason: "stop" }])]).get(0)!;
    expect(Object.keys(whole.response_metadata).sort()).toEqual(["finish_reason", "model_name", "model_provider"]);
  });
});

describe("non-streamed Azure completions", () => {
  it("keep both results, and warn when the answer was cut", () => {
    const completion = {
      id: "c1", object: "chat.completion", created: 1, model: "gpt-4o",
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: SAFE }],
      choices: [{ index: 0, finish_reason: "content_filter", message: { role: "assistant", content: "The knights met", refusal: null }, logprobs: null, content_filter_results: BLOCKED }],
    } as unknown as OpenAI.ChatCompletion;
    const message = convertFromOpenAIMessage(completion, completion.choices[0]!, {}, { includeUsage: true });
    expect(message.response_metadata).toMatchObject({
      prompt_filter_results: (completion as unknown as { prompt_filter_results: unknown }).prompt_filter_results,
      content_filter_results: BLOCKED,
      finish_reason: "content_filter",
      warnings: [CONTENT_FILTER_WARNING],
    });
  });
});
