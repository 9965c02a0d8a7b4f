import { describe, expect, it } from "@jest/globals";
import { formatRecordedEvent, parseSseEvents, type TimedChunk } from "./parse-sse-events.js";

const encoder = new TextEncoder();
const chunk = (t: number, text: string | Uint8Array): TimedChunk => ({ t, bytes: typeof text === "string" ? encoder.encode(text) : text });

describe("parseSseEvents", () => {
  it("parses data events as JSON, keeps [DONE] as a string, and times each event by the chunk that completed it", () => {
    const events = parseSseEvents([chunk(3, 'data: {"a":1}\n\ndata: {"b"'), chunk(9, ':2}\n\n'), chunk(12, "data: [DONE]\n\n")]);
    expect(events).toEqual([
      { t: 3, data: { a: 1 } },
      { t: 9, data: { b: 2 } },
      { t: 12, data: "[DONE]" },
    ]);
  });

  it("keeps every other event verbatim: comments, event lines, no data prefix, JSON strings, CRLF framing, a cut-off tail", () => {
    const raw = [": keep-alive\n\n", "event: error\ndata: {}\n\n", '{"no":"prefix"}\n\n', 'data: "quoted"\n\n', "data: {}\r\n\r\n", 'data: {"cut'];
    const events = parseSseEvents(raw.map((text, index) => chunk(index, text)));
    expect(events).toEqual(raw.map((text, index) => ({ t: index, raw: text })));
    expect(events.map(formatRecordedEvent).join("")).toBe(raw.join(""));
  });

  it("joins a UTF-8 character split across chunks", () => {
    const bytes = encoder.encode('data: {"c":"🙂"}\n\n');
    const events = parseSseEvents([chunk(1, bytes.slice(0, 13)), chunk(2, bytes.slice(13))]);
    expect(events).toEqual([{ t: 2, data: { c: "🙂" } }]);
  });

  it("accepts data: without the space and reads a payload that is not JSON as text", () => {
    expect(parseSseEvents([chunk(0, "data:{\"a\":1}\n\ndata: hello\n\n")])).toEqual([
      { t: 0, data: { a: 1 } },
      { t: 0, data: "hello" },
    ]);
  });
});

describe("formatRecordedEvent", () => {
  it("frames JSON compactly and strings as they are", () => {
    expect(formatRecordedEvent({ t: 0, data: { a: [1, 2] } })).toBe('data: {"a":[1,2]}\n\n');
    expect(formatRecordedEvent({ t: 0, data: "[DONE]" })).toBe("data: [DONE]\n\n");
    expect(formatRecordedEvent({ t: 0, raw: ": ping\n\n" })).toBe(": ping\n\n");
  });
});
