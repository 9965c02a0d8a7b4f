import { describe, expect, it } from "@jest/globals";
import { createEmulator } from "../../index.js";
import { rawRequest, readSseEvents, user } from "../helpers.js";
import { applyDepartures, SPEC_DEPARTURES } from "./departures.js";
import { observeResponse, specOracleCounts, takeSpecViolations } from "./observe-responses.js";
import { checkAgainstSpec } from "./oracle.js";
import spec from "./openai-schemas.json" with { type: "json" };

const chatChunk = {
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "gpt-4o-mini-2024-07-18",
  choices: [{ index: 0, delta: { content: "Hi" }, logprobs: null, finish_reason: null }],
};
const legacyChunk = {
  id: "cmpl-1",
  object: "text_completion",
  created: 1,
  model: "gpt-3.5-turbo-instruct:20230824-v2",
  choices: [{ text: " Hello", index: 0, logprobs: null, finish_reason: null }],
  usage: null,
};

const sse = (...events: string[]) =>
  new Response(events.map((data) => `data: ${data}\n\n`).join(""), { headers: { "content-type": "text/event-stream; charset=utf-8" } });

describe("the spec oracle", () => {
  it("keeps the pruned spec's provenance and resolvable refs", () => {
    expect(spec).toMatchObject({ commit: expect.stringMatching(/^f85dbe2[0-9a-f]{33}$/), date: "2026-08-21", openapi: "3.1.0" });
    const refs = JSON.stringify(spec).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) expect(Object.keys(spec.components.schemas)).toContain(JSON.parse(ref).split("/").pop());
    // Annotations are gone (a property named `description`, as on function tools, is data and stays: its value is a schema).
    expect(JSON.stringify(spec)).not.toMatch(/"(description|example)":"|"nullable":(true|false)/);
  });

  it("accepts a real chunk and rejects one without `object`, naming the missing property", () => {
    expect(checkAgainstSpec("chat.completion.chunk", chatChunk)).toBeUndefined();
    const { object: _object, ...withoutObject } = chatChunk;
    expect(checkAgainstSpec("chat.completion.chunk", withoutObject)).toMatch(/must have required property 'object'/);
    expect(checkAgainstSpec("chat.completion.chunk", { ...chatChunk, object: "chat.completion" })).toMatch(/\/object must be equal to one of the allowed values/);
    expect(checkAgainstSpec("error", { error: { message: "x", type: "invalid_request_error", param: null } })).toMatch(/'code'/);
    expect(checkAgainstSpec("model", { id: "gpt-4o", object: "model", created: 1 })).toMatch(/'owned_by'/);
  });

  it("relaxes exactly the listed departures, each at a place it changes and with its evidence", () => {
    expect(checkAgainstSpec("text_completion.chunk", legacyChunk)).toBeUndefined();
    expect(JSON.stringify(applyDepartures(spec, []))).toBe(JSON.stringify(spec));
    for (const departure of SPEC_DEPARTURES) {
      expect(JSON.stringify(applyDepartures(spec, [departure]))).not.toBe(JSON.stringify(spec));
      expect(departure.evidence).toMatch(/\S{3,}.{30,}/);
    }
    expect(() => applyDepartures(spec, [{ ...SPEC_DEPARTURES[0]!, at: "/components/schemas/Nope" }])).toThrow(/points at nothing/);
    // Still strict elsewhere: a finish reason outside the enum, or a chunk without choices.
    expect(checkAgainstSpec("text_completion.chunk", { ...legacyChunk, choices: [{ ...legacyChunk.choices[0], finish_reason: "done" }] })).toMatch(/finish_reason/);
    expect(checkAgainstSpec("chat.completion.chunk", { ...chatChunk, usage: { prompt_tokens: 1 } })).toMatch(/usage/);
  });

  it("accepts a real recorded legacy stream (vercel/ai openai-completion-text.chunks.txt, gpt-3.5-turbo-instruct)", () => {
    const envelope = { id: "cmpl-D8ZFN477TMm6AoQohx2jSTOJMh60M", object: "text_completion", created: 1770934485 };
    const model = "gpt-3.5-turbo-instruct:20230824-v2";
    const recorded = [
      { ...envelope, choices: [{ text: "The", index: 0, logprobs: null, finish_reason: null }], model, usage: null },
      { ...envelope, choices: [{ text: " to", index: 0, logprobs: null, finish_reason: "length" }], model, usage: null },
      { ...envelope, model, usage: { prompt_tokens: 14, completion_tokens: 16, total_tokens: 30 }, choices: [] },
    ];
    for (const chunk of recorded) expect(checkAgainstSpec("text_completion.chunk", chunk)).toBeUndefined();
  });

  it("reports a malformed SSE chunk that passes through a watched response, and the same bytes still reach the reader", async () => {
    const { object: _object, ...withoutObject } = chatChunk;
    const response = observeResponse("POST", "/v1/chat/completions", sse(JSON.stringify(chatChunk), JSON.stringify(withoutObject), "[DONE]"));
    const events = await readSseEvents(response);
    expect(events).toEqual([chatChunk, withoutObject, "[DONE]"]);
    const reports = await takeSpecViolations();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^POST \/v1\/chat\/completions -> 200\n.*must have required property 'object'/s);
  });

  it("reports a malformed JSON body and error envelope even when the test never reads them", async () => {
    observeResponse("GET", "/v1/models", Response.json({ object: "list", data: [{ id: "gpt-4o" }] }));
    observeResponse("POST", "/v1/completions", Response.json({ error: { message: "bad" } }, { status: 400 }));
    const reports = await takeSpecViolations();
    expect(reports).toEqual([expect.stringMatching(/^GET \/v1\/models -> 200\n.*model\.list:.*'object'/s), expect.stringMatching(/^POST \/v1\/completions -> 400\n.*error:.*'type'/s)]);
  });

  it("lets a test excuse a body it breaks on purpose", async () => {
    observeResponse("POST", "/v1/chat/completions", sse("{not json"), async () => "a bad-json fault");
    expect(await takeSpecViolations()).toEqual([]);
  });

  it("watches every emulator a test creates: each chunk of a stream is checked", async () => {
    const before = specOracleCounts();
    const emulator = createEmulator();
    const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-4o-mini", messages: [user("Hi")], stream: true } });
    const events = await readSseEvents(response);
    await rawRequest(emulator, "/v1/models").then((models) => models.json());
    expect(await takeSpecViolations()).toEqual([]); // also waits for bodies read in the background
    const after = specOracleCounts();
    expect(after.chunks - before.chunks).toBe(events.length - 1);
    expect(after.bodies - before.bodies).toBe(1);
  });
});
