import { describe, expect, it } from "@jest/globals";
import { createServerSentEventDecoder, type ServerSentEvent } from "./server-sent-event-decoder.js";

// The framing rules of the WHATWG HTML standard, "Interpreting an event stream".

function decodeAll(pieces: string[]): ServerSentEvent[] {
  const decoder = createServerSentEventDecoder();
  return [...pieces.flatMap((piece) => decoder.decode(piece)), ...decoder.flush()];
}

describe("createServerSentEventDecoder", () => {
  it("dispatches an event at each blank line, with its data", () => {
    expect(decodeAll(['data: {"a":1}\n\ndata: {"b":2}\n\n'])).toEqual([
      { event: undefined, data: '{"a":1}' },
      { event: undefined, data: '{"b":2}' },
    ]);
  });

  it("accepts \\r\\n, \\n and \\r line ends, also mixed in one stream", () => {
    expect(decodeAll(["data: 1\r\n\r\ndata: 2\n\ndata: 3\r\rdata: 4\r\n\n"]).map((event) => event.data)).toEqual(["1", "2", "3", "4"]);
  });

  it("waits for the next piece when a \\r ends one, so a split \\r\\n is one line end", () => {
    const decoder = createServerSentEventDecoder();
    expect(decoder.decode("data: 1\r")).toEqual([]);
    expect(decoder.decode("\n\r")).toEqual([]);
    expect(decoder.decode("\ndata: 2\r\n\r\n")).toEqual([
      { event: undefined, data: "1" },
      { event: undefined, data: "2" },
    ]);
  });

  it("joins the data lines of one event with \\n", () => {
    expect(decodeAll(['data: {"a":\ndata: 1}\n\n'])).toEqual([{ event: undefined, data: '{"a":\n1}' }]);
  });

  it("removes one space after the colon, no more, and reads a field without a colon as empty", () => {
    expect(decodeAll(["data:x\n\ndata:  x\n\ndata\n\n"]).map((event) => event.data)).toEqual(["x", " x", ""]);
  });

  it("keeps the event type, for that event only", () => {
    expect(decodeAll(["event: error\ndata: {}\n\ndata: {}\n\n"])).toEqual([
      { event: "error", data: "{}" },
      { event: undefined, data: "{}" },
    ]);
  });

  it("skips comments, id, retry and unknown fields, and does not dispatch an event without data", () => {
    expect(decodeAll([": keep-alive\n\nid: 7\nretry: 100\nfoo: bar\n\nevent: ping\n\n"])).toEqual([]);
  });

  it("reads a line without a field name as an unknown field (a body that is not an event stream yields nothing)", () => {
    expect(decodeAll(['{"id":"chatcmpl-1","choices":[]}\n'])).toEqual([]);
  });

  it("reassembles events from pieces cut anywhere", () => {
    const text = 'event: message\ndata: {"a":1}\n\ndata: [DONE]\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(decodeAll([text.slice(0, cut), text.slice(cut)])).toEqual([
        { event: "message", data: '{"a":1}' },
        { event: undefined, data: "[DONE]" },
      ]);
    }
  });

  it("flushes a last event the stream did not close with a blank line", () => {
    expect(decodeAll(['data: {"a":1}'])).toEqual([{ event: undefined, data: '{"a":1}' }]);
    expect(decodeAll(['data: {"a":1}\n'])).toEqual([{ event: undefined, data: '{"a":1}' }]);
    expect(decodeAll(["data: 1\r"])).toEqual([{ event: undefined, data: "1" }]);
    expect(decodeAll([""])).toEqual([]);
  });
});
