import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestClient, rawRequest, readSseEvents } from "../__tests__/helpers.js";

// The emulator's streamed legacy completion against a real one (src/__fixtures__/recorded-completions/README.md says
// where it comes from): the same chunk shapes, in the same order. Texts and counts differ (the emulator's model is
// not gpt-3.5-turbo-instruct); the framing must not.

const recorded = readFileSync(path.join(__dirname, "..", "__fixtures__", "recorded-completions", "vercel-ai-openai-completion-text.chunks.txt"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Record<string, unknown>);

/** What a chunk looks like without its values: its keys in order, and those of its choices. */
function shapeOf(chunk: Record<string, unknown>): { keys: string[]; choiceKeys: string[][]; usage: string; finish: Array<string | null> } {
  const choices = chunk.choices as Array<Record<string, unknown>>;
  return {
    keys: Object.keys(chunk),
    choiceKeys: choices.map((choice) => Object.keys(choice)),
    usage: chunk.usage === null ? "null" : typeof chunk.usage,
    finish: choices.map((choice) => (choice.finish_reason as string | null) === null ? null : "set"),
  };
}

describe("a streamed legacy completion, framed as recorded", () => {
  it("with include_usage: text chunks with usage null, the finish reason on the last one, then the usage chunk in its own key order", async () => {
    const { emulator } = createTestClient();
    // 16 tokens and a length finish, as in the recording.
    const body = { model: "gpt-3.5-turbo-instruct", prompt: "Invent a new holiday and describe its traditions.", max_tokens: 16, stream: true, stream_options: { include_usage: true } };
    const events = await readSseEvents(await rawRequest(emulator, "/v1/completions", { body }));
    expect(events.at(-1)).toBe("[DONE]");
    const emulated = events.slice(0, -1) as Array<Record<string, unknown>>;
    const distinct = (chunks: Array<Record<string, unknown>>) => [...new Set(chunks.map((chunk) => JSON.stringify(shapeOf(chunk))))].map((shape) => JSON.parse(shape) as unknown);
    // The same shapes in the same order: many text chunks, the finishing one, the usage chunk.
    expect(distinct(emulated)).toEqual(distinct(recorded));
    expect(shapeOf(emulated.at(-1)!)).toEqual(shapeOf(recorded.at(-1)!));
    expect(shapeOf(emulated.at(-2)!)).toEqual(shapeOf(recorded.at(-2)!));
    expect(emulated).toHaveLength(recorded.length);
  });
});
