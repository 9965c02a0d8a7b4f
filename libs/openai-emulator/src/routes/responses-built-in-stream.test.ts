import { describe, expect, it } from "@jest/globals";
import { grammar, itemEvents, memberSets, recordedStreams, type StreamEvent, stream } from "../__tests__/responses-stream-helpers.js";

// The streams of the built-in tools compared with recorded ones (SOURCES.md): each tool item's events in the recorded
// order with the recorded members, and the answer's events (annotations included) with the recorded members. The spec
// oracle checks every event against the published schemas as well.

const model = "gpt-4o-mini";

// The recorded events of the first item of a type, and of the answer (the last message).
function recordedItem(events: StreamEvent[], type: string): StreamEvent[] {
  const added = events.find((event) => event.type === "response.output_item.added" && (event.item as { type: string }).type === type);
  return itemEvents(events, Number(added?.output_index));
}

function withoutText(events: StreamEvent[]): StreamEvent[] {
  return events.map((event) => ({ ...event, sequence_number: 0 }));
}

describe("built-in tools, streamed", () => {
  it("streams a web search in the recorded order, then the answer with its annotation after the delta that ends it", async () => {
    const [recording = []] = recordedStreams("openai-web-search-tool.1.chunks.txt");
    const events = await stream({ model, input: "What is the latest news about Mars?", tools: [{ type: "web_search" }], include: ["web_search_call.action.sources"] });
    const search = itemEvents(events, 0);
    const recordedSearch = recordedItem(recording, "web_search_call");
    expect(grammar(search)).toEqual(grammar(recordedSearch));
    expect(grammar(search)).toEqual([
      "response.output_item.added",
      "response.web_search_call.in_progress",
      "response.web_search_call.searching",
      "response.web_search_call.completed",
      "response.output_item.done",
    ]);
    expect(memberSets(search)).toEqual(memberSets(recordedSearch));
    const answer = itemEvents(events, 1);
    expect(memberSets(answer)).toEqual(memberSets(recordedItem(recording, "message")));
    const added = answer.filter((event) => event.type === "response.output_text.annotation.added");
    expect(added).toHaveLength(1);
    const annotation = added[0]?.annotation as { end_index: number };
    // Announced once the streamed text covers the citation, and before the text is done.
    const before = answer.slice(0, answer.indexOf(added[0] as StreamEvent)).filter((event) => event.type === "response.output_text.delta");
    expect([...before.map((event) => String(event.delta)).join("")].length).toBeGreaterThanOrEqual(annotation.end_index);
    const done = answer.find((event) => event.type === "response.output_item.done")?.item as { content: Array<{ annotations: unknown[] }> };
    expect(done.content[0]?.annotations).toEqual([annotation]);
    expect(answer.findIndex((event) => event.type === "response.output_text.done")).toBeGreaterThan(answer.indexOf(added[0] as StreamEvent));
  });

  it("streams a code interpreter call in the recorded order: code deltas, code done, interpreting, completed", async () => {
    const [recording = []] = recordedStreams("openai-code-interpreter-tool.1.chunks.txt");
    const events = await stream({
      model,
      input: "What is 1234 * 5678?",
      tools: [{ type: "code_interpreter", container: { type: "auto" } }],
      include: ["code_interpreter_call.outputs"],
    });
    const call = itemEvents(events, 0);
    const recordedCall = recordedItem(recording, "code_interpreter_call");
    expect(grammar(call)).toEqual(grammar(recordedCall));
    expect(memberSets(call)).toEqual(memberSets(recordedCall));
    const code = call.filter((event) => event.type === "response.code_interpreter_call_code.delta").map((event) => String(event.delta)).join("");
    expect(code).toBe("print(1234 * 5678)\n");
    expect(call.at(-1)?.item).toMatchObject({ status: "completed", code, outputs: [{ type: "logs", logs: "7006652\n" }] });
    expect(call[0]?.item).toMatchObject({ status: "in_progress", code: "", outputs: [] });
  });

  it("streams an image generation call with its partial images in the recorded order, then the empty answer", async () => {
    const [recording = []] = recordedStreams("openai-image-generation-tool.1.chunks.txt");
    const events = await stream({ model, input: "Draw an echidna swimming", tools: [{ type: "image_generation", partial_images: 1, quality: "low" }] });
    const call = itemEvents(events, 0);
    const recordedCall = recordedItem(recording, "image_generation_call");
    expect(grammar(call)).toEqual(grammar(recordedCall));
    expect(memberSets(call)).toEqual(memberSets(recordedCall));
    expect(grammar(itemEvents(events, 1))).toEqual(grammar(recordedItem(recording, "message")));
    expect(memberSets(withoutText(itemEvents(events, 1)))).toEqual(memberSets(withoutText(recordedItem(recording, "message"))));
  });

  it("streams a custom tool call's input in deltas, then its done event with the whole input", async () => {
    const tool = { type: "custom", name: "write_sql", format: { type: "grammar", syntax: "regex", definition: "^SELECT [a-z]+ FROM users$" } };
    const events = await stream({ model, input: "List the users", tools: [tool], tool_choice: "required" });
    expect(grammar(events)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.custom_tool_call_input.delta",
      "response.custom_tool_call_input.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const input = events.filter((event) => event.type === "response.custom_tool_call_input.delta").map((event) => String(event.delta)).join("");
    expect(input).toMatch(/^SELECT [a-z]+ FROM users$/u);
    expect(events.find((event) => event.type === "response.custom_tool_call_input.done")).toMatchObject({ input });
    expect(events[2]?.item).toMatchObject({ type: "custom_tool_call", status: "in_progress", input: "" });
    expect(events.at(-2)?.item).toMatchObject({ type: "custom_tool_call", status: "completed", input });
  });
});
