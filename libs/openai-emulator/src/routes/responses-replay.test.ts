import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import {
  createClient,
  createCountingUpstream,
  createReplayFetch,
  createTempDir,
  UPSTREAM_BASE_URL,
} from "../replay/__tests__/replay-fetch.js";

let temp: ReturnType<typeof createTempDir>;
beforeEach(() => {
  temp = createTempDir();
});
afterEach(() => temp.remove());

const body = JSON.stringify({ model: "gpt-4o-mini", input: "Tell me about Paris", stream: true });
const send = (fetch: (input: Request) => Promise<Response>) =>
  fetch(new Request("http://emulator.test/v1/responses", { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body }));

describe("record and replay of POST /v1/responses", () => {
  it("records a Responses stream (event: lines) and replays the same bytes without the upstream", async () => {
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const recorded = await (await send(recorder.fetch)).text();
    await recorder.flush();
    expect(recorded).toContain("event: response.completed\n");

    const replayed = await send(createReplayFetch({ cassette: temp.cassette() }).fetch);
    expect(await replayed.text()).toBe(recorded);
  });

  it("replays a non-streamed response to the SDK", async () => {
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const original = await createClient(recorder.fetch).responses.create({ model: "gpt-4o-mini", input: "Hi" });
    await recorder.flush();
    const replayed = await createClient(createReplayFetch({ cassette: temp.cassette() }).fetch).responses.create({ model: "gpt-4o-mini", input: "Hi" });
    expect(replayed.id).toBe(original.id);
    expect(replayed.output_text).toBe(original.output_text);
  });
});
