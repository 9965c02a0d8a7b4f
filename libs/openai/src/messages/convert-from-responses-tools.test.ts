// The converters on recorded Responses exchanges with OpenAI's built-in and custom tools (see
// __fixtures__/responses/SOURCES.md): what invoke gives, what a stream concatenates to, and outputVersion "v1".
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AIMessage, type AIMessageChunk } from "@langchain/core/messages";
import { convertFromResponses, type WireResponse } from "./convert-from-responses.js";
import { createResponsesChunkConverter, type ResponsesEvent } from "./convert-from-responses-stream.js";

const FIXTURES = join(__dirname, "__fixtures__", "responses");
const readJson = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as WireResponse;
function readEvents(name: string): ResponsesEvent[] {
  return readFileSync(join(FIXTURES, `${name}.chunks.txt`), "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as ResponsesEvent);
}
function streamToMessage(events: ResponsesEvent[]): AIMessageChunk {
  const convert = createResponsesChunkConverter({ requestId: "req_1", warnings: [] });
  return events.map(convert).filter((chunk) => chunk !== undefined).reduce((left, right) => left.concat(right));
}
/** A message's parts that invoke and stream share (content blocks without the stream's merge `index`). */
function comparable(message: AIMessage | AIMessageChunk) {
  const content = (message.content as Record<string, unknown>[]).map(({ index: _index, ...block }) => block);
  return {
    id: message.id,
    content,
    tool_calls: message.tool_calls,
    invalid_tool_calls: message.invalid_tool_calls,
    additional_kwargs: message.additional_kwargs,
    usage_metadata: message.usage_metadata,
    response_metadata: message.response_metadata,
  };
}

const TOOL_FIXTURES = [
  "openai-web-search-tool.1",
  "openai-code-interpreter-tool.1",
  "openai-image-generation-tool.1",
  "openai-mcp-tool.1",
  "openai-mcp-tool-approval.1",
  "openai-mcp-tool-approval.2",
  "openai-file-search-tool.1",
  "openai-custom-tool.1",
];

describe("streams with built-in and custom tools", () => {
  it.each(TOOL_FIXTURES)("%s: the concatenated stream equals the message of its final response", (name) => {
    const events = readEvents(name);
    const streamed = streamToMessage(events);
    const final = convertFromResponses(events.at(-1)!.response as WireResponse, { requestId: "req_1", warnings: [] });
    expect(comparable(streamed)).toEqual(comparable(final));
  });
});
