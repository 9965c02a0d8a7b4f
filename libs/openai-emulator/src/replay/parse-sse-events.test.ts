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

  it("ends events at a blank line made of bare CR line endings, keeping them verbatim", () => {
    const text = 'data: {"a":1}\r\revent: delta\rdata: {"b":2}\r\rdata: [DONE]\r\r';
    const events = parseSseEvents([chunk(4, text)]);
    expect(events).toEqual([
      { t: 4, raw: 'data: {"a":1}\r\r' },
      { t: 4, raw: 'event: delta\rdata: {"b":2}\r\r' },
      { t: 4, raw: "data: [DONE]\r\r" },
    ]);
    expect(events.map(formatRecordedEvent).join("")).toBe(text);
  });

  it("ends events at a blank line of mixed endings (LF after CRLF, CR after LF, CRLF after CR), byte for byte", () => {
    const raw = ["data: 1\r\n\n", "data: 2\n\r", ": note\r\r\n", "data: 3\r\n\r\n", 'data: {"d":4}\n\n'];
    const events = parseSseEvents([chunk(1, raw.join(""))]);
    expect(events.map(formatRecordedEvent)).toEqual(raw);
    expect(events.at(-1)).toEqual({ t: 1, data: { d: 4 } });
  });

  it("does not split a CRLF across chunks into two line endings: a CR at a chunk's end waits for the next byte", () => {
    const events = parseSseEvents([chunk(1, "data: {}\r\n\r"), chunk(2, "\ndata: [DONE]\r"), chunk(3, "\r")]);
    expect(events).toEqual([
      { t: 2, raw: "data: {}\r\n\r\n" },
      { t: 3, raw: "data: [DONE]\r\r" },
    ]);
  });

  it("ends an event at a CR that closes the stream, and keeps a line ending with no blank line after it as the tail", () => {
    expect(parseSseEvents([chunk(1, "data: 1\r"), chunk(2, "\r")])).toEqual([{ t: 2, raw: "data: 1\r\r" }]);
    expect(parseSseEvents([chunk(1, "data: 1\r\n")])).toEqual([{ t: 1, raw: "data: 1\r\n" }]);
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
