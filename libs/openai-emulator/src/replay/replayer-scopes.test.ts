import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { user } from "../__tests__/helpers.js";
import { createEmulator } from "../index.js";
import { EmulatorHttpError } from "../errors.js";
import { createClient, createCountingUpstream, createReplayFetch, createTempDir, readCassetteLines, UPSTREAM_BASE_URL } from "./__tests__/replay-fetch.js";
import { createReplayer } from "./replayer.js";

const model = "gpt-4o-mini";
const body = { model, messages: [user("Retry me")] };

let temp: ReturnType<typeof createTempDir>;
beforeEach(() => {
  temp = createTempDir();
});
afterEach(() => temp.remove());

/** Records a 429 and then the success of the same request (the SDK retries once), as a retrying client would live. */
async function recordRetriedPair(): Promise<void> {
  const upstream = createCountingUpstream();
  const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
  await createClient(recorder.fetch, { maxRetries: 1 }).chat.completions.create(body, { headers: { "x-emulator-fault": "429*1:retry-after-ms=1" } });
  await recorder.flush();
  expect(readCassetteLines(temp.cassette()).map((line) => (line.response as { status: number }).status)).toEqual([429, 200]);
}

function chatRequest(headers: Record<string, string> = {}): Request {
  return new Request("http://emulator.test/v1/chat/completions", {
    method: "POST",
    headers: { authorization: "Bearer k", "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const emulate = (request: Request) => createEmulator().fetch(request);

describe("replay positions per scope", () => {
  beforeEach(recordRetriedPair);

  it("gives every scope the whole recorded sequence, even when scopes replay in parallel", async () => {
    const replayer = createReplayer({ cassette: temp.cassette() });
    const status = async (scope: string | null) => (await replayer.handle(chatRequest(), JSON.stringify(body), emulate, scope)).response.status;
    const sequence = async (scope: string | null) => [await status(scope), await status(scope)];
    await expect(Promise.all([sequence("test-a"), sequence("test-b"), sequence(null)])).resolves.toEqual([
      [429, 200],
      [429, 200],
      [429, 200],
    ]);
  });

  it("reset(scope) starts that scope's sequence again, and reset(null) every scope's", async () => {
    const replayer = createReplayer({ cassette: temp.cassette() });
    const status = async (scope: string | null) => (await replayer.handle(chatRequest(), JSON.stringify(body), emulate, scope)).response.status;
    for (const scope of ["a", "b", null]) expect([await status(scope), await status(scope)]).toEqual([429, 200]);
    replayer.reset("a");
    expect([await status("a"), await status("b"), await status(null)]).toEqual([429, 200, 200]);
    replayer.reset(null);
    expect([await status("a"), await status("b"), await status(null)]).toEqual([429, 429, 429]);
  });

  it("through the emulator: each x-emulator-scope replays from the start, and emulator.reset() restarts the sequence", async () => {
    const player = createReplayFetch({ cassette: temp.cassette() });
    const status = (scope?: string) =>
      player
        .fetch(chatRequest(scope === undefined ? {} : { "x-emulator-scope": scope }))
        .then((response) => response.status);
    const sequence = async (scope?: string) => [await status(scope), await status(scope)];
    expect(await Promise.all([sequence("a"), sequence("b")])).toEqual([
      [429, 200],
      [429, 200],
    ]);
    player.emulator.reset({ scope: "a" });
    expect([await status("a"), await status("b")]).toEqual([429, 200]);
    expect(await sequence()).toEqual([429, 200]);
    player.emulator.reset();
    expect([await status("a"), await status("b"), await status()]).toEqual([429, 429, 429]);
  });

  it("retries through the SDK see the recorded 429 then the success in each scope", async () => {
    const player = createReplayFetch({ cassette: temp.cassette() });
    const client = (scope: string) =>
      new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: player.fetch, maxRetries: 1, defaultHeaders: { "x-emulator-scope": scope } });
    const [first, second] = await Promise.all([client("one").chat.completions.create(body), client("two").chat.completions.create(body)]);
    expect(second).toEqual(first);
    const statuses = player.emulator.journal.entries().map((entry) => entry.response?.status);
    expect(statuses.sort()).toEqual([200, 200, 429, 429]);
  });
});

describe("faults on replayed requests", () => {
  beforeEach(recordRetriedPair);

  it("refuses a fault header on a request the cassette answers, naming the cassette and how to get the fault", async () => {
    const replayer = createReplayer({ cassette: temp.cassette() });
    const error = await replayer.handle(chatRequest({ "x-emulator-fault": "500" }), JSON.stringify(body), emulate, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmulatorHttpError);
    expect(error).toMatchObject({ status: 400, code: "invalid_emulator_fault", type: "invalid_request_error" });
    const message = (error as Error).message;
    expect(message).toContain('The request asks for the fault "500" (x-emulator-fault header)');
    expect(message).toContain(`the cassette ${temp.cassette()} answers it (POST /v1/chat/completions#`);
    expect(message).toContain("faults do not apply to answers replayed from a cassette");
    expect(message).toContain("record it from an upstream that injects it (for example another emulator");
    expect(message).toContain('use mode "replay-or-emulate" with a request that is not in the cassette');
    // The refused request used up nothing: the plain one still gets the first recording.
    expect((await replayer.handle(chatRequest(), JSON.stringify(body), emulate, null)).response.status).toBe(429);
  });

  it("answers the SDK with a BadRequestError in every mode that replays, and lets the emulator apply it to a miss", async () => {
    for (const mode of ["replay", "replay-or-emulate", "record-missing"] as const) {
      const upstream = { baseURL: UPSTREAM_BASE_URL, fetch: createCountingUpstream().fetch };
      const player = createReplayFetch({ cassette: temp.cassette(), mode, ...(mode === "record-missing" ? { upstream } : {}) });
      const error = await createClient(player.fetch)
        .chat.completions.create(body, { headers: { "x-emulator-fault": "500" } })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("invalid_emulator_fault");
    }
    const mixed = createReplayFetch({ cassette: temp.cassette(), mode: "replay-or-emulate" });
    const missed = await createClient(mixed.fetch)
      .chat.completions.create({ model, messages: [user("Not recorded")] }, { headers: { "x-emulator-fault": "500" } })
      .catch((caught: unknown) => caught);
    expect(missed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(mixed.sources()).toEqual(["emulated"]);
  });

  it("forwards x-emulator-* headers upstream when recording, so the upstream emulator applies and scopes them", async () => {
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record-missing", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const headers = { "x-emulator-fault": "500", "x-emulator-scope": "s1" };
    const error = await createClient(recorder.fetch)
      .chat.completions.create({ model, messages: [user("Record a fault")] }, { headers })
      .catch((caught: unknown) => caught);
    await recorder.flush();
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(upstream.requests[0]?.headers.get("x-emulator-fault")).toBe("500");
    expect(upstream.requests[0]?.headers.get("x-emulator-scope")).toBe("s1");
    expect(readFileSync(temp.cassette(), "utf8")).not.toContain("x-emulator");
    expect((readCassetteLines(temp.cassette()).at(-1)?.response as { status: number }).status).toBe(500);
  });
});
