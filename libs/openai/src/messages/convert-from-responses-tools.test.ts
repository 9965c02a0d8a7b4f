// The converters on recorded Responses exchanges with OpenAI's built-in and custom tools (see
// __fixtures__/responses/SOURCES.md): what invoke gives, what a stream concatenates to, and outputVersion "v1".
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import { convertFromResponses, type WireResponse } from "./convert-from-responses.js";
import { createResponsesChunkConverter, type ResponsesEvent } from "./convert-from-responses-stream.js";
import { createResponsesV1ChunkConverter } from "./convert-from-responses-stream-v1.js";

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

// Core 1.0 (the minimum-versions run) predates two things these tests rely on: the marker that makes a streamed custom
// tool's text its input (tool_call_chunks with isCustomTool), and the "openai" translator's server tool results and
// output ordering. Where it lacks them, the tests that need them are skipped.
const mergesCustomToolChunks =
  new AIMessageChunk({ content: [], tool_call_chunks: [{ type: "tool_call_chunk", name: "t", args: "x", id: "c", index: 0, isCustomTool: true } as never] }).tool_calls?.length === 1;
const translatesServerTools = new AIMessage({
  content: [],
  additional_kwargs: { tool_outputs: [{ type: "web_search_call", id: "ws", status: "completed", action: { query: "q" } }] },
  response_metadata: { model_provider: "openai" },
}).contentBlocks.some((block) => block.type === "server_tool_call_result");
const itWithTranslator = translatesServerTools ? it : it.skip;

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
  it.each(TOOL_FIXTURES.filter((name) => mergesCustomToolChunks || !name.includes("custom")))("%s: the concatenated stream equals the message of its final response", (name) => {
    const events = readEvents(name);
    const streamed = streamToMessage(events);
    const final = convertFromResponses(events.at(-1)!.response as WireResponse, { requestId: "req_1", warnings: [] });
    expect(comparable(streamed)).toEqual(comparable(final));
  });

  (translatesServerTools && mergesCustomToolChunks ? it : it.skip).each(TOOL_FIXTURES)("%s: in v1, the concatenated stream's content is core's standard blocks of the final message", (name) => {
    const events = readEvents(name);
    const convert = createResponsesV1ChunkConverter({});
    const streamed = events.map(convert).filter((chunk) => chunk !== undefined).reduce((left, right) => left.concat(right));
    const final = convertFromResponses(events.at(-1)!.response as WireResponse, {});
    expect(comparable(streamed).content).toEqual(final.contentBlocks);
    expect(streamed.response_metadata.output_version).toBe("v1");
    expect(streamed.tool_calls).toEqual(final.tool_calls);
  });
});

describe("convertFromResponses with built-in and custom tools (as @langchain/openai shapes them)", () => {
  it("keeps web search calls in tool_outputs and turns url citations into LangChain citations", () => {
    const response = readJson("openai-web-search-tool.1");
    const message = convertFromResponses(response, {});
    const calls = response.output!.filter((item) => item.type === "web_search_call");
    expect(calls).toHaveLength(3);
    expect(message.additional_kwargs.tool_outputs).toEqual(calls);
    const text = (message.content as { type: string; annotations?: unknown[] }[]).find((block) => block.type === "text")!;
    expect(text.annotations![0]).toEqual({
      type: "citation", source: "url_citation", url: "https://www.theverge.com/podcast/838932/openai-chatgpt-code-red-vergecast",
      title: "Why OpenAI declared a code red for ChatGPT | The Verge", startIndex: 426, endIndex: 517,
    });
    expect(message.response_metadata.output).toEqual(response.output);
  });

  it("turns file citations into LangChain citations with the file id", () => {
    const message = convertFromResponses(readJson("openai-file-search-tool.1"), {});
    const text = (message.content as { type: string; annotations?: unknown[] }[]).find((block) => block.type === "text")!;
    expect(text.annotations).toEqual([{ type: "citation", source: "file_citation", title: "ai.pdf", startIndex: 438, file_id: "file-Ebzhf8H4DPGPr9pUhr7n7v" }]);
    expect((message.additional_kwargs.tool_outputs as { type: string }[]).map((item) => item.type)).toEqual(["file_search_call"]);
  });

  it("puts a generated image in content as a base64 image block (MIME type from output_format) and keeps the call", () => {
    const response = readJson("openai-image-generation-tool.1");
    const call = response.output!.find((item) => item.type === "image_generation_call")!;
    const message = convertFromResponses(response, {});
    expect((message.content as { type: string }[]).filter((block) => block.type === "image")).toEqual([
      { type: "image", mimeType: "image/webp", data: call.result, id: call.id, metadata: { status: "completed" } },
    ]);
    expect(message.additional_kwargs.tool_outputs).toEqual([call]);
  });

  it("keeps code interpreter and MCP items in tool_outputs", () => {
    const code = convertFromResponses(readJson("openai-code-interpreter-tool.1"), {});
    expect((code.additional_kwargs.tool_outputs as { type: string }[]).map((item) => item.type)).toEqual(["code_interpreter_call", "code_interpreter_call", "code_interpreter_call"]);
    const mcp = convertFromResponses(readJson("openai-mcp-tool.1"), {});
    expect((mcp.additional_kwargs.tool_outputs as { type: string }[]).map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_call"]);
    const approval = convertFromResponses(readJson("openai-mcp-tool-approval.1"), {});
    expect((approval.additional_kwargs.tool_outputs as { type: string }[]).map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_approval_request"]);
  });

  it("turns a custom tool call into a tool call with its text as args.input, keeping its item id", () => {
    const message = convertFromResponses(readJson("openai-custom-tool.1"), {});
    expect(message.tool_calls).toEqual([{ type: "tool_call", id: "call_custom_sql_001", name: "write_sql", args: { input: "SELECT * FROM users WHERE age > 25" } }]);
    expect(message.additional_kwargs.__openai_custom_tool_call_ids__).toEqual({ call_custom_sql_001: "ct_abc123def456" });
    expect(message.additional_kwargs.tool_outputs).toBeUndefined();
  });
});

describe("contentBlocks (outputVersion v1) through core's openai translator", () => {
  itWithTranslator("gives web search as server_tool_call and server_tool_call_result blocks before the cited text, in output order", () => {
    const message = new AIMessage(convertFromResponses(readJson("openai-web-search-tool.1"), {}));
    const types = message.contentBlocks.map((block) => block.type);
    expect(types.filter((type) => type !== "reasoning")).toEqual([
      "server_tool_call", "server_tool_call_result", "server_tool_call", "server_tool_call_result", "server_tool_call", "server_tool_call_result", "text",
    ]);
    expect(message.contentBlocks.find((block) => block.type === "server_tool_call")).toMatchObject({ name: "web_search", args: { query: "tech news today December 5 2025" } });
    const text = message.contentBlocks.find((block) => block.type === "text") as { annotations?: { type: string; source?: string }[] };
    expect(text.annotations!.every((annotation) => annotation.type === "citation" && annotation.source === "url_citation")).toBe(true);
  });

  itWithTranslator("gives code interpreter's code and logs, the generated image, and a custom tool's call", () => {
    const code = new AIMessage(convertFromResponses(readJson("openai-code-interpreter-tool.1"), {}));
    expect(code.contentBlocks.find((block) => block.type === "server_tool_call")).toMatchObject({ name: "code_interpreter", args: { code: expect.stringContaining("import random") } });
    expect(code.contentBlocks.find((block) => block.type === "server_tool_call_result")).toMatchObject({ output: { type: "code_interpreter_output", returnCode: 0, stdout: "(10000, 70024)" } });
    const image = new AIMessage(convertFromResponses(readJson("openai-image-generation-tool.1"), {}));
    expect(image.contentBlocks.find((block) => block.type === "image")).toMatchObject({ type: "image", data: expect.stringMatching(/^UklGR/u) });
    const custom = new AIMessage(convertFromResponses(readJson("openai-custom-tool.1"), {}));
    expect(custom.contentBlocks).toEqual([{ type: "tool_call", id: "call_custom_sql_001", name: "write_sql", args: { input: "SELECT * FROM users WHERE age > 25" } }]);
  });
});
