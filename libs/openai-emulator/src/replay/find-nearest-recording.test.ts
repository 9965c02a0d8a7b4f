import { describe, expect, it } from "@jest/globals";
import { diffRequests, findNearestRecording, formatDifference } from "./find-nearest-recording.js";
import { createRequestKey } from "./request-key.js";

const post = (body: unknown, path = "/v1/chat/completions") => createRequestKey({ method: "POST", path, body });
const chat = (content: string, extra: Record<string, unknown> = {}) => ({ model: "gpt-4o-mini", messages: [{ role: "user", content }], ...extra });

describe("diffRequests", () => {
  it("counts differing leaves and names the first in the new request's field order", () => {
    const found = diffRequests(post(chat("Hi", { temperature: 0 })), post({ temperature: 0.5, ...chat("Hello") }));
    expect(found.distance).toBe(2);
    expect(found.first).toEqual({ path: "temperature", recorded: 0, got: 0.5 });
  });

  it("counts every leaf of a part only one side has, and reports it as missing", () => {
    const found = diffRequests(post(chat("Hi")), post(chat("Hi", { tools: [{ type: "function", function: { name: "a", parameters: {} } }] })));
    expect(found.distance).toBe(3);
    expect(formatDifference(found.first!)).toBe('tools: recorded (nothing), got [{"type":"function","function":{"name":"a","parameters":{}}…');
  });

  it("ignores volatile fields and quotes keys that are not identifiers", () => {
    expect(diffRequests(post(chat("Hi", { user: "a" })), post(chat("Hi", { user: "b" }))).distance).toBe(0);
    const found = diffRequests(post({ logit_bias: { "50256": -100 } }), post({ logit_bias: { "50256": 100 } }));
    expect(found.first?.path).toBe('logit_bias["50256"]');
  });

  it("reads a body field named like an Object.prototype member as absent when it is absent", () => {
    expect(diffRequests(post({ a: 1 }), post({ a: 1, constructor: "x" })).first).toEqual({ path: "constructor", recorded: undefined, got: "x" });
  });

  it("reports a different endpoint before any body field", () => {
    expect(diffRequests(post(chat("Hi")), post(chat("Hello"), "/v1/completions")).first).toEqual({
      path: "path",
      recorded: "/v1/chat/completions",
      got: "/v1/completions",
    });
  });
});

describe("findNearestRecording", () => {
  it("prefers the same method and path, then the fewest differences, then the earliest line", () => {
    const recordings = [
      { key: post(chat("Hello"), "/v1/completions"), line: 1 },
      { key: post(chat("Hi", { n: 2, temperature: 1 })), line: 2 },
      { key: post(chat("Hi", { n: 2 })), line: 3 },
      { key: post(chat("Hi", { n: 3 })), line: 4 },
    ];
    const nearest = findNearestRecording(recordings, post(chat("Hello", { n: 2 })));
    expect(nearest).toMatchObject({ line: 3, distance: 1, first: { path: "messages[0].content", recorded: "Hi", got: "Hello" } });
    expect(findNearestRecording(recordings.slice(0, 1), post(chat("Hello")))).toMatchObject({ line: 1, first: { path: "path" } });
    expect(findNearestRecording([], post(chat("Hello")))).toBeUndefined();
  });

  it("between other endpoints equally far, prefers the one whose path shares the longest start", () => {
    const get = (path: string) => createRequestKey({ method: "GET", path });
    const recordings = [{ key: get("/v1/models"), line: 1 }, { key: get("/v1/models/gpt-4o-mini"), line: 2 }, { key: get("/v1/files"), line: 3 }];
    expect(findNearestRecording(recordings, get("/v1/models/gpt-4o"))?.line).toBe(2);
  });

  it("shortens long values in messages", () => {
    const text = formatDifference({ path: "messages[0].content", recorded: "x".repeat(200), got: "y" });
    expect(text).toBe(`messages[0].content: recorded "${"x".repeat(58)}…, got "y"`);
  });
});
