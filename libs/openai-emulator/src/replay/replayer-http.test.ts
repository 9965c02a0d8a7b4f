import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { user, weatherTool } from "../__tests__/helpers.js";
import { createEmulator, type ListeningServer } from "../index.js";
import { createClient, createReplayFetch, createTempDir, readCassetteLines } from "./__tests__/replay-fetch.js";

const request = { model: "gpt-4o-mini", messages: [user("What is the weather in Oslo? use get_weather")], tools: [weatherTool] };

let upstream: ListeningServer;
let temp: ReturnType<typeof createTempDir>;
beforeAll(async () => {
  upstream = await createEmulator().listen();
});
afterAll(() => upstream.close());
beforeEach(() => {
  temp = createTempDir();
});
afterEach(() => temp.remove());

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<OpenAI.ChatCompletionChunk[]> {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("recording from an upstream over real HTTP", () => {
  it("records through Node's fetch and replays the same answers offline", async () => {
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: upstream.url } });
    const recordingClient = createClient(recorder.fetch);
    const whole = await recordingClient.chat.completions.create(request);
    const chunks = await collect(await recordingClient.chat.completions.create({ ...request, stream: true }));
    await recorder.flush();
    expect(recorder.sources()).toEqual(["recorded", "recorded"]);
    const lines = readCassetteLines(temp.cassette());
    expect(lines.map((line) => (line.response as { headers: Record<string, string> }).headers["content-type"])).toEqual([
      "application/json",
      "text/event-stream; charset=utf-8",
    ]);

    // The upstream is closed for the replay: nothing can reach it.
    const player = createReplayFetch({ cassette: temp.cassette() });
    const client = createClient(player.fetch);
    expect(await client.chat.completions.create(request)).toEqual(whole);
    expect(await collect(await client.chat.completions.create({ ...request, stream: true }))).toEqual(chunks);
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.name === "get_weather")).toBe(true);
  });
});
