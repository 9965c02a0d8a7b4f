import { describe, expect, it } from "@jest/globals";
import { compareExchange, streamPattern, type RecordedExchange } from "./compare-exchange.js";

// The replay oracle must see what it is meant to see; a comparison that always passes would hide every mismatch.

const completion = (message: Record<string, unknown>, finish: string) => ({
  id: "chatcmpl-…",
  object: "chat.completion",
  choices: [{ index: 0, message: { role: "assistant", refusal: null, annotations: [], ...message }, logprobs: null, finish_reason: finish }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});
const exchange = (response: Record<string, unknown>, status = 200): RecordedExchange => ({
  id: "test#0",
  date: "2026-01-01",
  source: { repo: "r/r", path: "p", commit: "c" },
  request: { model: "gpt-4o" },
  status,
  headers: { "content-type": "application/json", openai: ["openai-version"], "x-request-id": true },
  kind: "json",
  response,
});
const answer = (body: Record<string, unknown>, status = 200) => ({ status, contentType: "application/json", headers: ["openai-version", "x-request-id"], body, chunks: null });

describe("compareExchange", () => {
  it("passes an answer of the same shape with other content", () => {
    const result = compareExchange(exchange(completion({ content: "Paris." }, "stop")), answer(completion({ content: "Lyon is nice." }, "stop")));
    expect(result).toEqual({ mismatches: [], choiceDiffers: false, lengthDiffers: false });
  });

  it("reports a missing key, a wrong type, a finish_reason and a missing header", () => {
    const recorded = exchange({ ...completion({ content: "Hi" }, "stop"), service_tier: "default" });
    const emulated = completion({ content: 3 }, "tool_calls");
    const result = compareExchange(recorded, { ...answer(emulated), headers: [] });
    expect(result.mismatches).toEqual(
      expect.arrayContaining([
        "header missing openai-version",
        "header missing x-request-id",
        "json missing service_tier: string",
        "json type choices[].message.content: string (emulator number)",
        'value finish_reason: "stop" (emulator "tool_calls")',
      ]),
    );
  });

  it("compares errors field by field and statuses with code and param", () => {
    const error = { error: { message: "Bad", type: "invalid_request_error", param: "stop", code: "unsupported_parameter" } };
    expect(compareExchange(exchange(error, 400), answer({ error: { ...error.error, param: null } }, 400)).mismatches).toEqual(['error param: "stop" (emulator null)']);
    expect(compareExchange(exchange(error, 400), answer(completion({ content: "x" }, "stop"))).mismatches).toEqual(["status 400 unsupported_parameter stop (emulator 200)"]);
  });

  it("sets aside what depends on the model's choice: text against a call", () => {
    const call = { content: null, tool_calls: [{ id: "call_…", type: "function", function: { name: "f", arguments: "{}" } }] };
    const result = compareExchange(exchange(completion({ content: "Hi" }, "stop")), answer(completion(call, "tool_calls")));
    expect(result).toEqual({ mismatches: [], choiceDiffers: true, lengthDiffers: false });
  });

  it("reads a stream as a pattern of chunk kinds", () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] });
    const events = [chunk({ role: "assistant", content: "" }), chunk({ content: "a" }), chunk({ content: "b" }), chunk({}, "stop"), { choices: [], usage: {} }, "[DONE]" as const];
    expect(streamPattern(events)).toBe("role content* finish:stop usage done");
  });
});
