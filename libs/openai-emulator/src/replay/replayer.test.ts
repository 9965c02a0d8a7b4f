import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { readFileSync, writeFileSync } from "node:fs";
import OpenAI from "openai";
import { readSseEvents, user, weatherTool } from "../__tests__/helpers.js";
import { createEmulator } from "../index.js";
import {
  createClient,
  createCountingUpstream,
  createReplayFetch,
  createTempDir,
  readCassetteLines,
  UPSTREAM_BASE_URL,
} from "./__tests__/replay-fetch.js";
import { createRequestKey } from "./request-key.js";
import { EmulatorHttpError } from "../errors.js";
import { createReplayer, type ReplayOptions } from "./replayer.js";

const model = "gpt-4o-mini";
const toolRequest = { model, messages: [user("What is the weather in Paris? use get_weather")], tools: [weatherTool] };

let temp: ReturnType<typeof createTempDir>;
beforeEach(() => {
  temp = createTempDir();
});
afterEach(() => temp.remove());

/** Records with a replay fetch over a counting upstream emulator, then flushes. */
async function record<T>(run: (client: OpenAI) => Promise<T>, options: Partial<ReplayOptions> = {}) {
  const upstream = createCountingUpstream();
  const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch }, ...options });
  const result = await run(createClient(recorder.fetch));
  await recorder.flush();
  return { result, upstream, recorder };
}

function replayClient(options: Partial<ReplayOptions> = {}) {
  const player = createReplayFetch({ cassette: temp.cassette(), mode: "replay", ...options });
  return { client: createClient(player.fetch), player };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("record, then replay", () => {
  it("replays a non-streamed completion with tool calls exactly as recorded, without calling the upstream", async () => {
    const { result: recorded, upstream, recorder } = await record((client) => client.chat.completions.create(toolRequest));
    expect(recorder.sources()).toEqual(["recorded"]);
    expect(upstream.requests.map((request) => request.url)).toEqual(["http://upstream.test/v1/chat/completions"]);
    expect(recorded.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "get_weather" } });

    const { client, player } = replayClient();
    const replayed = await client.chat.completions.create(toolRequest);
    expect(player.sources()).toEqual(["replayed"]);
    expect(replayed).toEqual(recorded);
    expect(upstream.requests).toHaveLength(1);
  });

  it("records a stream event by event and replays the same bytes, tool-call fragments in order, ending with [DONE]", async () => {
    const body = JSON.stringify({ ...toolRequest, stream: true, stream_options: { include_usage: true } });
    const send = (fetch: (input: Request) => Promise<Response>) =>
      fetch(new Request("http://emulator.test/v1/chat/completions", { method: "POST", headers: { authorization: "Bearer k", "content-type": "application/json" }, body }));
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const recordedText = await (await send(recorder.fetch)).text();
    await recorder.flush();

    const [line] = readCassetteLines(temp.cassette());
    const events = (line?.response as { events: Array<{ t: number; data: unknown }> }).events;
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(events.map((event) => event.data).slice(0, -1)).toEqual((await readSseEvents(new Response(recordedText))).slice(0, -1));

    const replayed = await send(createReplayFetch({ cassette: temp.cassette() }).fetch);
    expect(replayed.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const replayedText = await replayed.text();
    expect(replayedText).toBe(recordedText);
    const replayedEvents = await readSseEvents(new Response(replayedText));
    expect(replayedEvents.at(-1)).toBe("[DONE]");
    expect(replayedEvents.filter((event) => event !== "[DONE]" && JSON.stringify(event).includes('"tool_calls"')).length).toBeGreaterThan(2);
  });

  it("streams through the SDK's stream: true, chunk for chunk", async () => {
    const streamRequest = { model, messages: [user("Tell me a story")], stream: true as const };
    const { result: recorded } = await record(async (client) => collect(await client.chat.completions.create(streamRequest)));
    expect(recorded.length).toBeGreaterThan(10);
    const { client } = replayClient();
    const replayed = await collect(await client.chat.completions.create(streamRequest));
    expect(replayed).toEqual(recorded);
    expect(replayed.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toContain("Tell me a story");
  });

  it("records the upstream's error status with its retry headers and replays it to the SDK", async () => {
    const headers = { "x-emulator-fault": "429:retry-after-ms=1500" };
    const { result: recordedError } = await record((client) => client.chat.completions.create(toolRequest, { headers }).catch((error: unknown) => error));
    expect(recordedError).toBeInstanceOf(OpenAI.RateLimitError);
    const [line] = readCassetteLines(temp.cassette());
    expect(line?.response).toMatchObject({ status: 429, headers: { "retry-after": "2", "retry-after-ms": "1500" }, body: { error: { code: "rate_limit_exceeded" } } });

    const { client } = replayClient();
    const replayedError = await client.chat.completions.create(toolRequest).catch((error: unknown) => error);
    expect(replayedError).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = replayedError as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.message).toBe((recordedError as Error).message);
    expect(rateLimit.headers.get("retry-after-ms")).toBe("1500");
    expect(rateLimit.headers.get("x-request-id")).toBe((recordedError as InstanceType<typeof OpenAI.RateLimitError>).requestID);
  });

  it("records a retried 429 and its success as two exchanges, and the SDK's retry replays them in order", async () => {
    const headers = { "x-emulator-fault": "429*1:retry-after-ms=1" };
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const recorded = await createClient(recorder.fetch, { maxRetries: 1 }).chat.completions.create(toolRequest, { headers });
    await recorder.flush();
    expect(readCassetteLines(temp.cassette()).map((line) => (line.response as { status: number }).status)).toEqual([429, 200]);

    const player = createReplayFetch({ cassette: temp.cassette() });
    const replayed = await createClient(player.fetch, { maxRetries: 1 }).chat.completions.create(toolRequest);
    expect(replayed).toEqual(recorded);
    expect(player.sources()).toEqual(["replayed", "replayed"]);
  });
});

describe("what is never recorded", () => {
  const secrets = { apiKey: "sk-proj-SECRETKEY123", organization: "org-SECRETORG", project: "proj_SECRETPROJECT" };

  it("writes no request header, no cookie and no organization or project header, but forwards the client's key", async () => {
    const emulator = createEmulator();
    const seen: Headers[] = [];
    const upstreamFetch = async (input: Request) => {
      seen.push(new Headers(input.headers));
      const response = await emulator.fetch(input);
      const headers = new Headers(response.headers);
      headers.set("openai-organization", "org-RESPONSEORG");
      headers.set("openai-project", "proj_RESPONSEPROJECT");
      headers.append("set-cookie", "__cf_bm=SETCOOKIE; path=/");
      return new Response(response.body, { status: response.status, headers });
    };
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstreamFetch } });
    const client = createClient(recorder.fetch, secrets);
    await client.chat.completions.create(toolRequest, { headers: { cookie: "session=COOKIEVALUE", "api-key": "AZUREKEY" } });
    await collect(await client.chat.completions.create({ ...toolRequest, stream: true }));
    await recorder.flush();

    expect(seen[0]?.get("authorization")).toBe(`Bearer ${secrets.apiKey}`);
    expect(seen[0]?.get("openai-organization")).toBe(secrets.organization);
    const text = readFileSync(temp.cassette(), "utf8");
    expect(readCassetteLines(temp.cassette())).toHaveLength(2);
    for (const secret of ["SECRETKEY123", "SECRETORG", "SECRETPROJECT", "COOKIEVALUE", "AZUREKEY", "RESPONSEORG", "RESPONSEPROJECT", "SETCOOKIE"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"x-request-id"');
  });

  it("records the masked key an upstream 401 quotes as sk-***, while the client still gets the upstream's message", async () => {
    const apiKey = "sk-abcdefgh12345678";
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const live = await createClient(recorder.fetch, { apiKey })
      .chat.completions.create(toolRequest, { headers: { "x-emulator-fault": "401" } })
      .catch((error: unknown) => error);
    await recorder.flush();
    expect(live).toBeInstanceOf(OpenAI.AuthenticationError);
    const masked = /Incorrect API key provided: (\S+)\. /u.exec((live as Error).message)?.[1];
    expect(masked).toBe("sk-abcde*******5678");

    const text = readFileSync(temp.cassette(), "utf8");
    expect(text).not.toContain(masked);
    expect(text).not.toMatch(/sk-abcde|5678/u);
    expect(readCassetteLines(temp.cassette())[0]?.response).toMatchObject({
      status: 401,
      body: { error: { code: "invalid_api_key", message: "Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys." } },
    });
    const replayed = await replayClient().client.chat.completions.create(toolRequest).catch((error: unknown) => error);
    expect(replayed).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((replayed as Error).message).toBe("401 Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.");
  });

  it("sends upstream.apiKey instead of the client's key when one is given", async () => {
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({
      cassette: temp.cassette(),
      mode: "record",
      upstream: { baseURL: UPSTREAM_BASE_URL, apiKey: "sk-UPSTREAMKEY", fetch: upstream.fetch },
    });
    await createClient(recorder.fetch, { apiKey: "placeholder" }).chat.completions.create(toolRequest);
    await recorder.flush();
    expect(upstream.requests[0]?.headers.get("authorization")).toBe("Bearer sk-UPSTREAMKEY");
    expect(readFileSync(temp.cassette(), "utf8")).not.toContain("UPSTREAMKEY");
  });
});

describe("matching", () => {
  it("matches whatever the key order and the volatile fields, and honours ignoreFields", async () => {
    await record((client) => client.chat.completions.create({ ...toolRequest, user: "alice", metadata: { run: "1" }, temperature: 0.5 }));
    const { client, player } = replayClient({ ignoreFields: ["temperature"] });
    const reordered = { tools: toolRequest.tools, messages: toolRequest.messages, model, store: true, user: "bob", prompt_cache_key: "run-2", temperature: 0.9 };
    await client.chat.completions.create(reordered);
    expect(player.sources()).toEqual(["replayed"]);
    const strict = replayClient();
    await expect(strict.client.chat.completions.create(reordered)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("answers a miss with a 400 naming the key, the nearest recorded request and the first difference", async () => {
    const conversation = (last: string) => ({ model, messages: [user("Hello there"), { role: "assistant" as const, content: "Hi!" }, user(last)] });
    await record(async (client) => {
      await client.chat.completions.create({ model: "gpt-4o", messages: [user("Something else entirely")] });
      await client.chat.completions.create(conversation("Hi"));
    });
    const { client } = replayClient();
    const error = await client.chat.completions.create(conversation("Hello")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.code).toBe("cassette_miss");
    expect(badRequest.type).toBe("invalid_request_error");
    const missed = createRequestKey({ method: "POST", path: "/v1/chat/completions", body: conversation("Hello") });
    const nearest = createRequestKey({ method: "POST", path: "/v1/chat/completions", body: conversation("Hi") });
    expect(missed.label).toMatch(/^POST \/v1\/chat\/completions#[0-9a-f]{12}$/);
    expect(badRequest.message).toContain(`No recorded exchange matches ${missed.label} in the cassette ${temp.cassette()}`);
    expect(badRequest.message).toContain(`Nearest recorded request: ${nearest.label} (line 2), 1 difference; first: messages[2].content: recorded "Hi", got "Hello".`);
  });

  it("says so when the cassette is empty", async () => {
    writeFileSync(temp.cassette(), "");
    const { client } = replayClient();
    await expect(client.models.list()).rejects.toThrow(/No recorded exchange matches GET \/v1\/models#[0-9a-f]{12} .*The cassette has no recorded exchanges\./);
  });

  it("replays several exchanges of one key in recorded order, then repeats the last", async () => {
    const { result: recorded } = await record(async (client) => [
      await client.chat.completions.create(toolRequest),
      await client.chat.completions.create(toolRequest),
      await client.chat.completions.create(toolRequest),
    ]);
    const ids = recorded.map((completion) => completion.id);
    expect(new Set(ids).size).toBe(3);
    const { client } = replayClient();
    const replayed: string[] = [];
    for (let index = 0; index < 5; index++) replayed.push((await client.chat.completions.create(toolRequest)).id);
    expect(replayed).toEqual([...ids, ids[2], ids[2]]);
  });
});

describe("createReplayer, used directly", () => {
  it("throws EmulatorHttpError cassette_miss from handle(), and names where each answer came from", async () => {
    await record((client) => client.models.list());
    const replayer = createReplayer({ cassette: temp.cassette(), mode: "replay-or-emulate" });
    const emulator = createEmulator();
    const get = (path: string) => new Request(`http://emulator.test${path}`, { headers: { authorization: "Bearer k" } });
    await expect(replayer.handle(get("/v1/models"), "", emulator.fetch, null)).resolves.toMatchObject({ source: "replayed", response: { status: 200 } });
    await expect(replayer.handle(get("/v1/models/gpt-4o"), "", emulator.fetch, null)).resolves.toMatchObject({ source: "emulated", response: { status: 200 } });
    const strict = createReplayer({ cassette: temp.cassette() });
    const error = await strict.handle(get("/v1/models/gpt-4o"), "", emulator.fetch, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmulatorHttpError);
    expect(error).toMatchObject({ status: 400, code: "cassette_miss", type: "invalid_request_error", param: null });
  });
});

describe("modes", () => {
  it("record empties an existing cassette at creation", async () => {
    await record((client) => client.models.list());
    await record((client) => client.chat.completions.create(toolRequest));
    expect(readCassetteLines(temp.cassette()).map((line) => (line.request as { path: string }).path)).toEqual(["/v1/chat/completions"]);
  });

  it("record-missing replays what it has and records the rest, appending", async () => {
    const { result: first } = await record((client) => client.chat.completions.create(toolRequest));
    const upstream = createCountingUpstream();
    const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record-missing", upstream: { baseURL: UPSTREAM_BASE_URL, fetch: upstream.fetch } });
    const client = createClient(recorder.fetch);
    expect(await client.chat.completions.create(toolRequest)).toEqual(first);
    await client.models.list();
    const again = await client.chat.completions.create(toolRequest);
    await recorder.flush();
    expect(recorder.sources()).toEqual(["replayed", "recorded", "recorded"]);
    expect(again.id).not.toBe(first.id);
    expect(upstream.requests.map((request) => request.url)).toEqual(["http://upstream.test/v1/models", "http://upstream.test/v1/chat/completions"]);
    expect(readCassetteLines(temp.cassette()).map((line) => (line.request as { path: string }).path)).toEqual([
      "/v1/chat/completions",
      "/v1/models",
      "/v1/chat/completions",
    ]);
  });

  it("replay-or-emulate replays hits, lets the emulator answer misses and never writes", async () => {
    const { result: recorded } = await record((client) => client.chat.completions.create(toolRequest));
    const before = readFileSync(temp.cassette(), "utf8");
    const player = createReplayFetch({ cassette: temp.cassette(), mode: "replay-or-emulate" }, { ids: "sequential" });
    const client = createClient(player.fetch);
    expect(await client.chat.completions.create(toolRequest)).toEqual(recorded);
    const emulated = await client.chat.completions.create({ model, messages: [user("Not recorded")] });
    expect(emulated.id).toMatch(/^chatcmpl-/);
    expect(emulated.choices[0]?.message.content).toContain("Not recorded");
    await player.flush();
    expect(player.sources()).toEqual(["replayed", "emulated"]);
    expect(readFileSync(temp.cassette(), "utf8")).toBe(before);
  });
});
