import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { createTestClient, rawRequest, user, weatherTool } from "./__tests__/helpers.js";
import type { Emulator } from "./index.js";
import { createJournal, journalListBody, type JournalRecorder } from "./journal.js";
import { SCOPE_HEADER, type RequestNotes } from "./request-notes.js";

const utf8 = new TextEncoder();
const STARTED = Date.parse("2026-01-02T03:04:05.000Z");
const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8" };

/** A journal on a clock the test moves by hand. */
function manualJournal(limit = 100): { journal: JournalRecorder; clock: { now: number } } {
  const clock = { now: STARTED };
  return { journal: createJournal({ limit, now: () => clock.now }), clock };
}

interface ExchangeInit {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: string;
  response?: Response;
  notes?: Partial<RequestNotes>;
}

/** Records one hand-built exchange and returns what the client would get. */
function record(journal: JournalRecorder, init: ExchangeInit = {}): Response {
  const method = init.method ?? "POST";
  const request = new Request(init.url ?? "http://emulator.test/v1/chat/completions", {
    method,
    headers: { authorization: "Bearer test-key", ...init.headers },
    body: method === "GET" ? undefined : (init.body ?? ""),
  });
  const notes: RequestNotes = { scope: null, rule: null, faults: [], source: "emulated", ...init.notes };
  const response = init.response ?? Response.json({ ok: true });
  return journal.record({ request, bodyText: init.body ?? "", response, notes, started: STARTED });
}

/** A body stream the test feeds chunk by chunk; `cancelled` resolves with the reason when the client cancels. */
function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let onCancel: (reason: unknown) => void = () => {};
  const cancelled = new Promise<unknown>((resolve) => (onCancel = resolve));
  const stream = new ReadableStream<Uint8Array>({
    start: (started) => void (controller = started),
    cancel: (reason) => onCancel(reason),
  });
  return {
    stream,
    cancelled,
    send: (chunk: string | Uint8Array) => controller.enqueue(typeof chunk === "string" ? utf8.encode(chunk) : chunk),
    close: () => controller.close(),
    fail: (error: unknown) => controller.error(error),
  };
}

/** A stream that sends these chunks, then fails with `error` if one is given. */
function chunkStream(chunks: Array<string | Uint8Array>, error?: Error): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk !== undefined) controller.enqueue(typeof chunk === "string" ? utf8.encode(chunk) : chunk);
      else if (error) controller.error(error);
      else controller.close();
    },
  });
}

async function readAll(response: Response): Promise<{ bytes: Uint8Array; error: unknown }> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (let result = await reader.read(); !result.done; result = await reader.read()) chunks.push(result.value);
    return { bytes: concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: concat(chunks), error };
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Resolves after pending promise callbacks and stream reads have run. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe("createJournal: what it records", () => {
  it("records the request, the response, the notes, the arrival time and the duration", async () => {
    const { journal, clock } = manualJournal();
    const sent = record(journal, {
      url: "http://emulator.test/v1/chat/completions?trace=yes&api-version=2024-10-21",
      headers: { "content-type": "application/json", "X-Custom": "kept" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
      response: Response.json({ id: "chatcmpl-1" }, { status: 201, headers: { "x-request-id": "req_1" } }),
      notes: { scope: "test-1", rule: "greeting", faults: ["slow"], source: "scenario" },
    });
    clock.now += 42;
    expect(await sent.json()).toEqual({ id: "chatcmpl-1" });
    await journal.settled();
    expect(journal.last()).toEqual({
      seq: 1,
      scope: "test-1",
      startedAt: "2026-01-02T03:04:05.000Z",
      durationMs: 42,
      complete: true,
      request: {
        method: "POST",
        path: "/v1/chat/completions",
        query: { trace: "yes", "api-version": "2024-10-21" },
        headers: { authorization: "Bearer ***", "content-type": "application/json", "x-custom": "kept" },
        body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] },
      },
      response: { status: 201, headers: { "content-type": "application/json", "x-request-id": "req_1" }, body: { id: "chatcmpl-1" } },
      rule: "greeting",
      faults: ["slow"],
      source: "scenario",
    });
  });

  it("keeps a body that is not JSON as text, and an empty one as undefined", async () => {
    const { journal } = manualJournal();
    record(journal, { body: "{not json", response: new Response("plain answer", { status: 400 }) });
    record(journal, { method: "GET", url: "http://emulator.test/v1/models", response: new Response("") });
    await journal.settled();
    const [broken, empty] = journal.entries();
    expect(broken?.request.body).toBe("{not json");
    expect(broken?.response.body).toBe("plain answer");
    expect(empty?.request.body).toBeUndefined();
    expect(empty?.response).not.toHaveProperty("body");
  });

  it("numbers entries 1, 2, 3 in arrival order", () => {
    const { journal } = manualJournal();
    for (let index = 0; index < 3; index++) record(journal);
    expect(journal.entries().map((entry) => entry.seq)).toEqual([1, 2, 3]);
  });

  it("completes an answer without a body at once, and hands back that same response", () => {
    const { journal } = manualJournal();
    const response = new Response(null, { status: 204 });
    expect(record(journal, { response })).toBe(response);
    expect(journal.last()).toMatchObject({ complete: true, durationMs: 0, response: { status: 204 } });
  });

  it("completes a JSON answer even when the client never reads it, and the client still gets every byte", async () => {
    const { journal } = manualJournal();
    const sent = record(journal, { response: new Response(chunkStream(['{"a":', '"é"}']), { headers: { "content-type": "application/json" } }) });
    await journal.settled();
    expect(journal.last()?.response.body).toEqual({ a: "é" });
    expect(await sent.json()).toEqual({ a: "é" });
  });

  it("reports the notes as they change until the exchange completes, then freezes them", async () => {
    const { journal } = manualJournal();
    const notes: RequestNotes = { scope: null, rule: null, faults: [], source: "emulated" };
    const body = controlledStream();
    const request = new Request("http://emulator.test/v1/chat/completions", { method: "POST" });
    const sent = journal.record({ request, bodyText: "", response: new Response(body.stream, { headers: SSE_HEADERS }), notes, started: STARTED });
    notes.faults.push("disconnect@3");
    expect(journal.last()?.faults).toEqual(["disconnect@3"]);
    body.close();
    await sent.text();
    notes.rule = "changed later";
    expect(journal.last()).toMatchObject({ complete: true, rule: null, faults: ["disconnect@3"] });
  });
});

describe("createJournal: credentials", () => {
  const longKey = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";

  it("redacts every credential header and never stores a key", async () => {
    const { journal } = manualJournal();
    record(journal, {
      headers: {
        authorization: `Bearer ${longKey}`,
        "api-key": "azure-0123456789abcdef0123",
        cookie: "session=s3cr3t-session-value",
        "openai-organization": "org-abcdefghijklmnopqrst",
        "openai-project": "proj_abcdefghijklmnopqrst",
      },
    });
    await journal.settled();
    expect(journal.last()?.request.headers).toEqual({
      authorization: "Bearer sk-***",
      "api-key": "azu***",
      cookie: "***",
      "openai-organization": "org***",
      "openai-project": "pro***",
      "content-type": "text/plain;charset=UTF-8",
    });
    const json = JSON.stringify(journalListBody(journal.entries()));
    for (const secret of [longKey.slice(3), "0123456789abcdef", "s3cr3t", "abcdefghijklmnopqrst"]) expect(json).not.toContain(secret);
  });

  it.each([
    ["a short bearer key", "Bearer test-key", "Bearer ***"],
    ["another scheme", `Basic ${Buffer.from(`user:${longKey}`).toString("base64")}`, "Basic dXN***"],
    ["a bare token", longKey, "sk-***"],
    ["an empty header", "", ""],
  ])("redacts %s", (_case, authorization, expected) => {
    const { journal } = manualJournal();
    record(journal, { headers: { authorization } });
    expect(journal.last()?.request.headers.authorization).toBe(expected);
  });
});

describe("createJournal: event streams", () => {
  it("parses events cut anywhere across chunks, including inside a UTF-8 character, and passes the bytes through unchanged", async () => {
    const { journal } = manualJournal();
    const smile = utf8.encode('data: {"content":"🙂"}\n\n');
    const cut = smile.indexOf(0xf0) + 2;
    const chunks = [
      'data: {"a":1}\n\ndata: {"b"',
      ':2}\n',
      "\n",
      smile.slice(0, cut),
      smile.slice(cut),
      "event: ping\r\ndata: {\"c\":3}\r",
      "\n\r\n: keep-alive\n\n",
      '{"no":"prefix"}\n\ndata: [DONE]\n\n',
    ];
    const sent = record(journal, { response: new Response(chunkStream(chunks), { headers: SSE_HEADERS }) });
    const { bytes } = await readAll(sent);
    expect(bytes).toEqual(concat(chunks.map((chunk) => (typeof chunk === "string" ? utf8.encode(chunk) : chunk))));
    expect(journal.last()?.response).toEqual({
      status: 200,
      headers: SSE_HEADERS,
      events: [{ a: 1 }, { b: 2 }, { content: "🙂" }, { c: 3 }, ": keep-alive", '{"no":"prefix"}', "[DONE]"],
    });
  });

  it("joins multi-line data and keeps a payload that is not JSON as the string", async () => {
    const { journal } = manualJournal();
    const sent = record(journal, { response: new Response(chunkStream(["data: {\"a\":\ndata: 1}\n\ndata:plain\n\ndata\n\n"]), { headers: SSE_HEADERS }) });
    await sent.text();
    expect(journal.last()?.response.events).toEqual([{ a: 1 }, "plain", ""]);
  });

  it("keeps an event cut off by the end of the body as raw text", async () => {
    const { journal } = manualJournal();
    const sent = record(journal, { response: new Response(chunkStream(['data: {"a":1}\n\ndata: {"b"']), { headers: SSE_HEADERS }) });
    await sent.text();
    expect(journal.last()?.response.events).toEqual([{ a: 1 }, 'data: {"b"']);
  });

  it("passes chunks through as the client reads them, and shows the entry open until the stream ends", async () => {
    const { journal, clock } = manualJournal();
    const body = controlledStream();
    const reader = record(journal, { response: new Response(body.stream, { headers: SSE_HEADERS }) }).body!.getReader();
    body.send('data: {"n":1}\n\n');
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"n":1}\n\n');
    expect(journal.last()).toMatchObject({ complete: false, durationMs: null, response: { events: [{ n: 1 }] } });
    body.send('data: {"n":2}\n\n');
    body.close();
    clock.now += 7;
    await reader.read();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(journal.last()).toMatchObject({ complete: true, durationMs: 7, response: { events: [{ n: 1 }, { n: 2 }] } });
  });

  it("reads a stream no faster than the client, so a client that stops reading stops the generation", async () => {
    const { journal } = manualJournal();
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>(
      { pull: (controller) => void (pulls++, controller.enqueue(utf8.encode(`data: ${pulls}\n\n`))) },
      { highWaterMark: 0 },
    );
    const reader = record(journal, { response: new Response(source, { headers: SSE_HEADERS }) }).body!.getReader();
    await reader.read();
    await tick();
    expect(pulls).toBe(1);
    await reader.cancel();
  });

  it("gives the client the same error when the body fails mid-stream, after the bytes sent before it, and records it", async () => {
    const { journal } = manualJournal();
    const reset = new TypeError("terminated", { cause: new Error("other side closed") });
    const sent = record(journal, {
      response: new Response(chunkStream(['data: {"n":1}\n\n', 'data: {"n":'], reset), { headers: SSE_HEADERS }),
      notes: { faults: ["disconnect@1"] },
    });
    const { bytes, error } = await readAll(sent);
    expect(error).toBe(reset);
    expect(new TextDecoder().decode(bytes)).toBe('data: {"n":1}\n\ndata: {"n":');
    expect(journal.last()).toMatchObject({
      complete: true,
      faults: ["disconnect@1"],
      response: { events: [{ n: 1 }, 'data: {"n":'], error: "terminated" },
    });
  });

  it("gives the client the same error when a JSON body fails mid-way, after the bytes sent before it", async () => {
    const { journal } = manualJournal();
    const reset = new TypeError("terminated");
    const sent = record(journal, { response: new Response(chunkStream(['{"id":"chat'], reset), { headers: { "content-type": "application/json" } }) });
    await journal.settled();
    const { bytes, error } = await readAll(sent);
    expect(error).toBe(reset);
    expect(new TextDecoder().decode(bytes)).toBe('{"id":"chat');
    expect(journal.last()?.response).toMatchObject({ body: '{"id":"chat', error: "terminated" });
  });

  it("completes with what was sent when the client cancels, and cancels the emulator's stream with the same reason", async () => {
    const { journal } = manualJournal();
    const body = controlledStream();
    const reader = record(journal, { response: new Response(body.stream, { headers: SSE_HEADERS }) }).body!.getReader();
    body.send('data: {"n":1}\n\n');
    await reader.read();
    const settled = journal.settled();
    await reader.cancel("client gave up");
    await settled;
    expect(await body.cancelled).toBe("client gave up");
    expect(journal.last()).toMatchObject({ complete: true, response: { events: [{ n: 1 }] } });
    expect(journal.last()?.response).not.toHaveProperty("error");
  });
});

describe("createJournal: reading it", () => {
  function threeScopes(): JournalRecorder {
    const { journal } = manualJournal();
    record(journal, { notes: { scope: "a" } });
    record(journal, { method: "GET", url: "http://emulator.test/v1/models" });
    record(journal, { notes: { scope: "b" } });
    record(journal, { method: "GET", url: "http://emulator.test/v1/models", notes: { scope: "a" } });
    return journal;
  }

  it("filters by scope: undefined for all, null for unscoped requests only, a string for that scope", () => {
    const journal = threeScopes();
    const seqs = (scope?: string | null) => journal.entries({ scope }).map((entry) => entry.seq);
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(seqs(null)).toEqual([2]);
    expect(seqs("a")).toEqual([1, 4]);
    expect(seqs("missing")).toEqual([]);
  });

  it("filters by exact path and by method in any case, and last() takes the newest match", () => {
    const journal = threeScopes();
    expect(journal.entries({ path: "/v1/models" }).map((entry) => entry.seq)).toEqual([2, 4]);
    expect(journal.entries({ path: "/v1/models/" })).toEqual([]);
    expect(journal.entries({ method: "post" }).map((entry) => entry.seq)).toEqual([1, 3]);
    expect(journal.last({ scope: "a", method: "POST" })?.seq).toBe(1);
    expect(journal.last()?.seq).toBe(4);
    expect(journal.last({ scope: "none" })).toBeUndefined();
  });

  it("hands out frozen snapshots that callers cannot use to change the journal", async () => {
    const { journal } = manualJournal();
    record(journal, { body: JSON.stringify({ messages: [{ role: "user", content: "Hi" }] }) });
    await journal.settled();
    const entry = journal.last()!;
    const body = entry.request.body as { messages: Array<{ content: string }> };
    expect(() => body.messages.push({ content: "injected" })).toThrow(TypeError);
    expect(() => (body.messages[0]!.content = "changed")).toThrow(TypeError);
    expect(() => (entry.request.headers.authorization = "Bearer leaked")).toThrow(TypeError);
    expect(() => entry.faults.push("429")).toThrow(TypeError);
    journal.entries().pop();
    expect(journal.entries()).toHaveLength(1);
    expect(journal.last()?.request.body).toEqual({ messages: [{ role: "user", content: "Hi" }] });
  });

  it("settled() waits for the open streams that match the filter, and for those that start while it waits", async () => {
    const { journal } = manualJournal();
    const first = controlledStream();
    const second = controlledStream();
    const other = controlledStream();
    const firstSent = record(journal, { response: new Response(first.stream, { headers: SSE_HEADERS }), notes: { scope: "a" } });
    const otherSent = record(journal, { response: new Response(other.stream, { headers: SSE_HEADERS }), notes: { scope: "b" } });
    let settled = false;
    void journal.settled({ scope: "a" }).then(() => (settled = true));
    const secondSent = record(journal, { response: new Response(second.stream, { headers: SSE_HEADERS }), notes: { scope: "a" } });
    first.close();
    await firstSent.text();
    await tick();
    expect(settled).toBe(false);
    second.close();
    await secondSent.text();
    await tick();
    expect(settled).toBe(true);
    expect(journal.entries({ scope: "b" })[0]?.complete).toBe(false);
    other.close();
    await otherSent.text();
    await expect(journal.settled()).resolves.toBeUndefined();
  });

  it("clear() forgets one scope, the unscoped entries, or everything, and seq keeps counting", () => {
    const journal = threeScopes();
    journal.clear({ scope: "a" });
    expect(journal.entries().map((entry) => entry.seq)).toEqual([2, 3]);
    journal.clear({ scope: null });
    expect(journal.entries().map((entry) => entry.seq)).toEqual([3]);
    journal.clear();
    expect(journal.entries()).toEqual([]);
    record(journal);
    expect(journal.last()?.seq).toBe(5);
  });

  it("keeps at most `limit` entries, dropping the oldest while seq keeps counting", () => {
    const { journal } = manualJournal(2);
    for (let index = 0; index < 5; index++) record(journal);
    expect(journal.entries().map((entry) => entry.seq)).toEqual([4, 5]);
  });

  it("records nothing with limit 0 and hands back the very same response", async () => {
    const { journal } = manualJournal(0);
    const response = Response.json({ ok: true });
    expect(record(journal, { response })).toBe(response);
    expect(journal.entries()).toEqual([]);
    await expect(journal.settled()).resolves.toBeUndefined();
  });

  it("rejects a limit that is not a number of entries", () => {
    expect(() => createJournal({ limit: -1, now: Date.now })).toThrow(RangeError);
    expect(() => createJournal({ limit: Number.NaN, now: Date.now })).toThrow(RangeError);
  });

  it("serialises as the list envelope of GET /__emulator/journal, with no undefined left in it", async () => {
    const { journal } = manualJournal();
    record(journal, { method: "GET", url: "http://emulator.test/v1/models", response: new Response(null, { status: 204 }) });
    await journal.settled();
    const listed = JSON.parse(JSON.stringify(journalListBody(journal.entries()))) as unknown;
    expect(listed).toEqual({
      object: "list",
      data: [
        {
          seq: 1,
          scope: null,
          startedAt: "2026-01-02T03:04:05.000Z",
          durationMs: 0,
          complete: true,
          request: { method: "GET", path: "/v1/models", query: {}, headers: { authorization: "Bearer ***" } },
          response: { status: 204, headers: {} },
          rule: null,
          faults: [],
          source: "emulated",
        },
      ],
    });
  });
});

describe("the journal of an emulator, through the official SDK", () => {
  const model = "gpt-4o-mini";

  /** Another SDK client on the same emulator, whose requests carry a scope. */
  function scopedClient(emulator: Emulator, scope: string): OpenAI {
    return new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "test-key", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: { [SCOPE_HEADER]: scope } });
  }

  it("shows exactly what the client sent (messages, tools, options) and what it got back", async () => {
    const { client, emulator } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: "system", content: "Be brief." }, user("Weather in Paris?")],
      tools: [weatherTool],
      tool_choice: "required",
      temperature: 0,
    });
    const entry = emulator.journal.last();
    expect(entry).toMatchObject({ seq: 1, scope: null, complete: true, rule: null, faults: [], source: "emulated" });
    expect(entry?.request).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      query: {},
      headers: { authorization: "Bearer ***", "content-type": "application/json" },
    });
    expect(entry?.request.body).toEqual({
      model,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
      ],
      tools: [weatherTool],
      tool_choice: "required",
      temperature: 0,
    });
    expect(entry?.response).toMatchObject({ status: 200, headers: { "x-request-id": expect.stringMatching(/^req_/) } });
    expect(entry?.response.body).toEqual(JSON.parse(JSON.stringify(completion)));
  });

  it("records a streamed completion's events exactly as the client received them, [DONE] included", async () => {
    const { client, emulator } = createTestClient();
    const stream = await client.chat.completions.create({ model, messages: [user("Tell me a story")], stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    await emulator.journal.settled();
    const entry = emulator.journal.last();
    expect(entry?.request.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(entry?.response.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(entry?.response.events).toEqual([...JSON.parse(JSON.stringify(chunks)), "[DONE]"]);
    expect(entry?.durationMs).toEqual(expect.any(Number));
  });

  it("records a stream the client abandons, and settled() resolves once it is cancelled", async () => {
    const { client, emulator } = createTestClient();
    const stream = await client.chat.completions.create({ model, messages: [user("Tell me a long story")], stream: true });
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      break;
    }
    await emulator.journal.settled();
    const events = emulator.journal.last()?.response.events ?? [];
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events).not.toContain("[DONE]");
  });

  it("records a fault that fired and the error the client saw mid-stream", async () => {
    const { client, emulator } = createTestClient();
    const stream = await client.chat.completions.create(
      { model, messages: [user("Tell me something")], stream: true },
      { headers: { "x-emulator-fault": "disconnect:after=2" } },
    );
    const received: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ message: "terminated" });
    expect(emulator.journal.last()).toMatchObject({
      complete: true,
      faults: ["disconnect:after=2"],
      response: { events: JSON.parse(JSON.stringify(received)), error: "terminated" },
    });
  });

  it("names the scenario rule that answered", async () => {
    const { client, emulator } = createTestClient({
      scenarios: [{ name: "paris weather", match: { tools: ["get_weather"] }, respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris", unit: "celsius", days: null } }] } }],
    });
    await client.chat.completions.create({ model, messages: [user("Weather?")], tools: [weatherTool] });
    expect(emulator.journal.last()).toMatchObject({ rule: "paris weather", source: "scenario" });
  });

  it("records a request the client gave up on before any response, with the rule it spent", async () => {
    const { client, emulator } = createTestClient({ scenarios: [{ name: "slow", respond: { text: "late", delayMs: 5000 } }] });
    const controller = new AbortController();
    const pending = client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("x")] }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toThrow();
    const entry = emulator.journal.last();
    expect(entry).toMatchObject({ complete: true, rule: "slow", response: { status: 0, headers: {} } });
    expect(entry?.response.error).toMatch(/^The client gave up before the response: /);
    expect(emulator.scenarios.list()[0]?.hits).toBe(1);
  });

  it("numbers entries by arrival, shows a request still being answered, and settled() waits for it", async () => {
    const { client, emulator } = createTestClient({ scenarios: [{ name: "slow", match: { lastUserMessage: "slow" }, respond: { text: "late", delayMs: 80 } }] });
    const slow = client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("slow")] });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(emulator.journal.last()).toMatchObject({ seq: 1, complete: false, response: { status: 0 } });
    await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("fast")] });
    await emulator.journal.settled();
    expect(emulator.journal.entries().map((entry) => [entry.seq, entry.rule, entry.response.status, entry.complete])).toEqual([
      [1, "slow", 200, true],
      [2, null, 200, true],
    ]);
    await slow;
  });

  it("keeps scopes apart: each test client sees only its own requests", async () => {
    const { client, emulator } = createTestClient();
    const alice = scopedClient(emulator, "alice");
    const bob = scopedClient(emulator, "bob");
    await alice.chat.completions.create({ model, messages: [user("I am Alice")] });
    await bob.chat.completions.create({ model, messages: [user("I am Bob")] });
    await client.models.list();
    await alice.models.retrieve(model);
    const paths = (scope?: string | null) => emulator.journal.entries({ scope }).map((entry) => `${entry.request.method} ${entry.request.path}`);
    expect(paths("alice")).toEqual(["POST /v1/chat/completions", `GET /v1/models/${model}`]);
    expect(paths("bob")).toEqual(["POST /v1/chat/completions"]);
    expect(paths(null)).toEqual(["GET /v1/models"]);
    expect(emulator.journal.last({ scope: "bob" })?.request.body).toMatchObject({ messages: [user("I am Bob")] });
    expect(emulator.journal.last({ scope: "alice", method: "POST" })?.request.headers[SCOPE_HEADER]).toBe("alice");
    emulator.journal.clear({ scope: "alice" });
    expect(paths()).toEqual(["POST /v1/chat/completions", "GET /v1/models"]);
  });

  it("serves the journal at GET /__emulator/journal (per scope with the header), without journaling itself", async () => {
    const { client, emulator } = createTestClient();
    await client.chat.completions.create({ model, messages: [user("Hi")] });
    await scopedClient(emulator, "carol").chat.completions.create({ model, messages: [user("Hi from Carol")] });
    const all = await rawRequest(emulator, "/__emulator/journal");
    expect(all.status).toBe(200);
    const listed = (await all.json()) as { object: string; data: Array<{ seq: number; scope: string | null }> };
    expect(listed).toEqual(JSON.parse(JSON.stringify(journalListBody(emulator.journal.entries()))));
    expect(listed.data.map((entry) => [entry.seq, entry.scope])).toEqual([
      [1, null],
      [2, "carol"],
    ]);
    const carol = (await (await rawRequest(emulator, "/__emulator/journal", { headers: { [SCOPE_HEADER]: "carol" } })).json()) as typeof listed;
    expect(carol.data.map((entry) => entry.seq)).toEqual([2]);
    expect(JSON.stringify(carol)).not.toContain("test-key");
    expect(emulator.journal.entries()).toHaveLength(2);
  });
});
