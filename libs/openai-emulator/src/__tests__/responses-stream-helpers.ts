// Helpers for tests of Responses event streams: reading the `event:`-framed body, and comparing an emulated stream's
// grammar (event order) and members with a recorded one (__fixtures__/recorded-responses, SOURCES.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@jest/globals";
import { rawRequest } from "./helpers.js";
import { createEmulator, type EmulatorOptions } from "../emulator.js";

/** One parsed event of a Responses stream. */
export type StreamEvent = Record<string, unknown> & { type: string; sequence_number: number };

// Reads an event-stream body as the Responses API frames it: `event: <type>` then `data: <json>`, a blank line after
// each, and no `[DONE]`. Fails on any other framing.
export async function readNamedEvents(response: Response): Promise<StreamEvent[]> {
  const text = await response.text();
  expect(text.endsWith("\n\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((block) => {
      const match = /^event: ([a-z_.]+)\ndata: (.+)$/u.exec(block);
      if (!match?.[1] || !match[2]) throw new Error(`Bad SSE event: ${JSON.stringify(block)}`);
      const data = JSON.parse(match[2]) as StreamEvent;
      expect(data.type).toBe(match[1]);
      return data;
    });
}

// A streamed POST /v1/responses to a fresh emulator (with the given options), read as events.
export async function stream(body: Record<string, unknown>, headers: Record<string, string> = {}, options: EmulatorOptions = {}): Promise<StreamEvent[]> {
  const response = await rawRequest(createEmulator(options), "/v1/responses", { body: { stream: true, ...body }, headers });
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  return readNamedEvents(response);
}

// The event types in order, a run of deltas of one type counted once: the grammar of a stream.
export function grammar(events: ReadonlyArray<StreamEvent>): string[] {
  return events.map((event) => event.type).filter((type, index, types) => !(type.endsWith(".delta") && types[index - 1] === type));
}

// Each event type's members (`obfuscation` is optional), and the members of the items and parts it carries.
export function memberSets(events: ReadonlyArray<StreamEvent>): Record<string, string> {
  const sets: Record<string, string> = {};
  for (const event of events) {
    const keys = Object.keys(event).filter((key) => key !== "obfuscation").sort();
    const item = event.item as Record<string, unknown> | undefined;
    const part = event.part as Record<string, unknown> | undefined;
    const nested = [item && `item:${String(item.type)}:${Object.keys(item).sort().join(",")}`, part && `part:${Object.keys(part).sort().join(",")}`];
    sets[`${event.type}${item ? `(${String(item.type)})` : ""}`] = [keys.join(","), ...nested.filter(Boolean)].join(" ");
  }
  return sets;
}

// Recorded streams (SOURCES.md): one event's JSON per line, several streams one after the other.
export function recordedStreams(file: string): StreamEvent[][] {
  const lines = readFileSync(path.join(__dirname, "../__fixtures__/recorded-responses", file), "utf8").trim().split("\n");
  const streams: StreamEvent[][] = [];
  for (const line of lines) {
    const event = JSON.parse(line) as StreamEvent;
    if (event.type === "response.created") streams.push([]);
    streams.at(-1)?.push(event);
  }
  return streams;
}


// The events of one output item (those with its `output_index`), as one stream.
export function itemEvents(events: ReadonlyArray<StreamEvent>, outputIndex: number): StreamEvent[] {
  return events.filter((event) => event.output_index === outputIndex);
}
