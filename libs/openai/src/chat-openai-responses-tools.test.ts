// ChatOpenAI with OpenAI's built-in tools and custom tools on the Responses API: what bindTools sends and refuses,
// what comes back (invoke, stream, outputVersion "v1") on recorded exchanges (messages/__fixtures__/responses/
// SOURCES.md), and how those answers go back in a history.
import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import { createTestModel } from "./__tests__/test-model.js";
import { InvalidToolDefinitionError } from "./errors/errors.js";

const FIXTURES = join(__dirname, "messages", "__fixtures__", "responses");
const readJson = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown> & { output: Record<string, unknown>[] };
/** A recorded stream framed as the API frames it: `event:` then `data:` lines. */
function recordedSse(name: string): string {
  return readFileSync(join(FIXTURES, `${name}.chunks.txt`), "utf8").split("\n").filter((line) => line.trim() !== "")
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join("");
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
const getWeather = { name: "get_weather", description: "Weather of a city.", schema: z.object({ city: z.string() }) };
const FIXTURE_NAMES = [
  "openai-web-search-tool.1", "openai-code-interpreter-tool.1", "openai-image-generation-tool.1", "openai-mcp-tool.1",
  "openai-mcp-tool-approval.1", "openai-mcp-tool-approval.2", "openai-file-search-tool.1", "openai-custom-tool.1",
];

describe("bindTools with OpenAI's built-in tools", () => {
  it("sends built-in tools unchanged, among function tools and in order, on the Responses API without being asked", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5" });
    answerNext({ status: 200, body: readJson("openai-web-search-tool.1") });
    const tools = [
      { type: "web_search" as const, search_context_size: "low" as const },
      getWeather,
      { type: "file_search" as const, vector_store_ids: ["vs_1"], max_num_results: 3 },
      { type: "code_interpreter" as const, container: { type: "auto" as const } },
      { type: "image_generation" as const, quality: "low" as const },
      { type: "mcp" as const, server_label: "zip1", server_url: "https://zip1.io/mcp", require_approval: "always" as const },
    ];
    await llm.bindTools(tools).invoke("News?");
    expect(new URL(requests[0]!.url).pathname).toBe("/v1/responses");
    expect(requests[0]!.body.tools).toEqual([
      { type: "web_search", search_context_size: "low" },
      { type: "function", name: "get_weather", description: "Weather of a city.", strict: null, parameters: expect.objectContaining({ type: "object" }) },
      { type: "file_search", vector_store_ids: ["vs_1"], max_num_results: 3 },
      { type: "code_interpreter", container: { type: "auto" } },
      { type: "image_generation", quality: "low" },
      { type: "mcp", server_label: "zip1", server_url: "https://zip1.io/mcp", require_approval: "always" },
    ]);
  });

  it.each([
    [{ type: "file_search" }, "`vector_store_ids` must be a non-empty list"],
    [{ type: "file_search", vector_store_ids: [] }, "`vector_store_ids` must be a non-empty list"],
    [{ type: "code_interpreter" }, "`container` is required"],
    [{ type: "mcp", server_url: "https://x.test/mcp" }, "`server_label` is required"],
    [{ type: "mcp", server_label: "x" }, "give exactly one of `server_url`"],
    [{ type: "mcp", server_label: "x", server_url: "https://x.test/mcp", connector_id: "connector_gmail" }, "give exactly one of `server_url`"],
    [{ type: "computer_use_preview" }, "`display_width`, `display_height`"],
    [{ type: "web_browser" }, '"web_browser" is not a tool type this package knows'],
  ])("refuses %j at bind time: %s", (tool, message) => {
    const { llm, requests } = createTestModel({ model: "gpt-5" });
    const bind = () => llm.bindTools([tool as never]);
    expect(bind).toThrow(InvalidToolDefinitionError);
    expect(bind).toThrow(message);
    expect(requests).toHaveLength(0);
  });

  it("refuses a built-in tool with useResponsesApi: false, naming the switch, at bind time and at call time", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-5", useResponsesApi: false });
    expect(() => llm.bindTools([{ type: "web_search" }])).toThrow("useResponsesApi: false");
    expect(() => llm.bindTools([{ type: "web_search" }])).toThrow("webSearchOptions");
    const other = createTestModel({ model: "gpt-5" });
    await expect(other.llm.invoke("Hi", { tools: [{ type: "image_generation" }], useResponsesApi: false })).rejects.toThrow(InvalidToolDefinitionError);
    expect(requests).toHaveLength(0);
    expect(other.requests).toHaveLength(0);
  });

  it.each([
    ["web_search", { type: "web_search" }],
    [{ type: "web_search_preview" }, { type: "web_search_preview" }],
    [{ type: "file_search" }, { type: "file_search" }],
    ["zip1", { type: "mcp", server_label: "zip1" }],
    [{ type: "mcp", server_label: "zip1", name: "create_short_url" }, { type: "mcp", server_label: "zip1", name: "create_short_url" }],
    ["get_weather", { type: "function", name: "get_weather" }],
    ["any", "required"],
    [{ type: "allowed_tools", allowed_tools: { mode: "auto", tools: [{ type: "web_search" }] } }, { type: "allowed_tools", mode: "auto", tools: [{ type: "web_search" }] }],
    [{ type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "get_weather" }] }, { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "get_weather" }] }],
  ])("maps tool_choice %j to %j", async (choice, wire) => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5" });
    answerNext({ status: 200, body: readJson("openai-web-search-tool.1") });
    const tools = [{ type: "web_search" as const }, { type: "file_search" as const, vector_store_ids: ["vs_1"] }, { type: "mcp" as const, server_label: "zip1", server_url: "https://zip1.io/mcp" }, getWeather];
    await llm.bindTools(tools, { tool_choice: choice as never }).invoke("Hi");
    expect(requests[0]!.body.tool_choice).toEqual(wire);
  });

  it.each([
    ["image_generation", 'it names "image_generation"'],
    [{ type: "code_interpreter" }, 'the tool type "code_interpreter", but no such tool is bound'],
    [{ type: "mcp", server_label: "other" }, 'the MCP server "other"'],
    [{ type: "function", name: "nope" }, 'the function tool "nope"'],
  ])("refuses tool_choice %j when nothing bound matches it", (choice, message) => {
    const { llm } = createTestModel({ model: "gpt-5" });
    const bind = () => llm.bindTools([{ type: "web_search" }, { type: "mcp", server_label: "zip1", server_url: "https://zip1.io/mcp" }, getWeather], { tool_choice: choice as never });
    expect(bind).toThrow(InvalidToolDefinitionError);
    expect(bind).toThrow(message);
  });
});

describe("custom tools on the Responses API", () => {
  const grammar = { type: "grammar" as const, syntax: "regex" as const, definition: "SELECT .+" };

  it("sends a custom tool flat, from either API's form, and reads its call as args.input (invoke and stream)", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true });
    answerNext({ status: 200, body: readJson("openai-custom-tool.1") }, { status: 200, rawSse: recordedSse("openai-custom-tool.1") });
    const flat = { type: "custom" as const, name: "write_sql", description: "Write a SQL SELECT query to answer the user question.", format: grammar };
    const nested = { type: "custom", custom: { name: "write_sql", description: flat.description, format: { type: "grammar", grammar: { syntax: "regex", definition: "SELECT .+" } } } };
    const invoked = await llm.bindTools([flat], { tool_choice: "required" }).invoke("Users over 25?");
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await llm.bindTools([nested as never]).stream("Users over 25?")) streamed = streamed === undefined ? chunk : streamed.concat(chunk);
    expect(requests[0]!.body.tools).toEqual([flat]);
    expect(requests[1]!.body.tools).toEqual([flat]);
    const call = { type: "tool_call", id: "call_custom_sql_001", name: "write_sql", args: { input: "SELECT * FROM users WHERE age > 25" } };
    expect(invoked.tool_calls).toEqual([call]);
    if (mergesCustomToolChunks) expect(streamed!.tool_calls).toEqual([call]);
  });

  it("sends a custom call back as custom_tool_call, with its item id, and its answer as custom_tool_call_output", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true });
    answerNext({ status: 200, body: readJson("openai-custom-tool.1") }, { status: 200, body: readJson("openai-web-search-tool.1") });
    const first = await llm.invoke("Users over 25?");
    // As a message from another process would arrive: without the raw output, only the ids map marks the call.
    const stored = new AIMessage({ content: first.content, tool_calls: first.tool_calls, additional_kwargs: first.additional_kwargs });
    await llm.invoke([new HumanMessage("Users over 25?"), stored, new ToolMessage({ content: "3 rows", tool_call_id: "call_custom_sql_001" })]);
    expect((requests[1]!.body.input as unknown[]).slice(1)).toEqual([
      { type: "custom_tool_call", call_id: "call_custom_sql_001", name: "write_sql", input: "SELECT * FROM users WHERE age > 25", id: "ct_abc123def456" },
      { type: "custom_tool_call_output", call_id: "call_custom_sql_001", output: "3 rows" },
    ]);
  });
});

describe("answers with built-in tools", () => {
  it.each(FIXTURE_NAMES.filter((name) => mergesCustomToolChunks || !name.includes("custom")))("%s: stream concatenates to invoke's message, in v0 and in v1 (core's blocks of the v0 message)", async (name) => {
    const events = readFileSync(join(FIXTURES, `${name}.chunks.txt`), "utf8").split("\n").filter((line) => line.trim() !== "");
    const final = (JSON.parse(events.at(-1)!) as { response: unknown }).response;
    const strip = (content: unknown) => (content as Record<string, unknown>[]).map(({ index: _index, ...block }) => block);
    const run = async (outputVersion: "v0" | "v1") => {
      const { llm, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true, outputVersion });
      answerNext({ status: 200, body: final }, { status: 200, rawSse: recordedSse(name) });
      const invoked = await llm.invoke("Hi");
      let streamed: AIMessageChunk | undefined;
      for await (const chunk of await llm.stream("Hi")) streamed = streamed === undefined ? chunk : streamed.concat(chunk);
      expect(strip(streamed!.content)).toEqual(strip(invoked.content));
      expect(streamed!.tool_calls).toEqual(invoked.tool_calls);
      expect(streamed!.additional_kwargs).toEqual(invoked.additional_kwargs);
      expect(streamed!.usage_metadata).toEqual(invoked.usage_metadata);
      return invoked;
    };
    const v0 = await run("v0");
    if (!translatesServerTools) return;
    const v1 = await run("v1");
    expect(v1.response_metadata.output_version).toBe("v1");
    expect(v1.content).toEqual(new AIMessage({ content: v0.content, tool_calls: v0.tool_calls, additional_kwargs: v0.additional_kwargs, response_metadata: v0.response_metadata }).contentBlocks);
    expect(v1.content).not.toEqual(v0.content);
  });

  itWithTranslator("v1 with streaming: true gives invoke the same message as without", async () => {
    const { llm, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true, outputVersion: "v1" });
    const events = readFileSync(join(FIXTURES, "openai-web-search-tool.1.chunks.txt"), "utf8").split("\n").filter((line) => line.trim() !== "");
    answerNext({ status: 200, body: (JSON.parse(events.at(-1)!) as { response: unknown }).response }, { status: 200, rawSse: recordedSse("openai-web-search-tool.1") });
    const whole = await llm.invoke("News?");
    llm.streaming = true;
    const streamed = await llm.invoke("News?");
    const strip = (content: unknown) => (content as Record<string, unknown>[]).map(({ index: _index, ...block }) => block);
    expect(strip(streamed.content)).toEqual(whole.content);
    expect(streamed.response_metadata.output_version).toBe("v1");
  });

  itWithTranslator("v1 puts standard blocks in content: server tool calls and results, cited text, images", async () => {
    const { llm, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true, outputVersion: "v1" });
    answerNext({ status: 200, body: readJson("openai-web-search-tool.1") }, { status: 200, body: readJson("openai-image-generation-tool.1") });
    const search = await llm.invoke("News?");
    const types = (search.content as { type: string }[]).map((block) => block.type).filter((type) => type !== "reasoning");
    expect(types).toEqual(["server_tool_call", "server_tool_call_result", "server_tool_call", "server_tool_call_result", "server_tool_call", "server_tool_call_result", "text"]);
    const text = (search.content as { type: string; annotations?: { type: string }[] }[]).find((block) => block.type === "text")!;
    expect(text.annotations![0]).toMatchObject({ type: "citation", url: "https://www.theverge.com/podcast/838932/openai-chatgpt-code-red-vergecast" });
    const image = await llm.invoke("Draw");
    expect((image.content as { type: string }[]).filter((block) => block.type === "image")).toHaveLength(1);
  });
});

describe("histories with built-in tool answers", () => {
  it("sends reasoning and web search calls back in their places, and the text with its annotations", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true });
    const recorded = readJson("openai-web-search-tool.1");
    answerNext({ status: 200, body: recorded }, { status: 200, body: recorded });
    const first = await llm.invoke("News?");
    await llm.invoke([new HumanMessage("News?"), first, new HumanMessage("More?")]);
    const input = requests[1]!.body.input as Record<string, unknown>[];
    expect(input.map((item) => item.type)).toEqual(["message", ...recorded.output.map((item) => item.type), "message"]);
    expect(input.slice(1, -2)).toEqual(recorded.output.slice(0, -1));
    const textPart = (recorded.output.at(-1)!.content as Record<string, unknown>[])[0]!;
    expect(input.at(-2)).toEqual({ type: "message", role: "assistant", content: [{ type: "output_text", text: textPart.text, annotations: textPart.annotations }] });
  });

  it("sends a v1 message (standard blocks in content) back exactly as its v0 twin", async () => {
    const recorded = readJson("openai-web-search-tool.1");
    const inputs: unknown[] = [];
    for (const outputVersion of ["v0", "v1"] as const) {
      const { llm, requests, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true, outputVersion });
      answerNext({ status: 200, body: recorded }, { status: 200, body: recorded });
      const first = await llm.invoke("News?");
      await llm.invoke([new HumanMessage("News?"), first, new HumanMessage("More?")]);
      inputs.push(requests[1]!.body.input);
    }
    expect(inputs[1]).toEqual(inputs[0]);
  });

  it("refers to a generated image by its id (whole under zdrEnabled), and sends tool_outputs when there is no raw output", async () => {
    const recorded = readJson("openai-image-generation-tool.1");
    const call = recorded.output.find((item) => item.type === "image_generation_call")!;
    for (const zdrEnabled of [false, true]) {
      const { llm, requests, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true, zdrEnabled });
      answerNext({ status: 200, body: recorded }, { status: 200, body: recorded });
      const first = await llm.invoke("Draw");
      const bare = new AIMessage({ content: first.content, additional_kwargs: first.additional_kwargs });
      await llm.invoke([new HumanMessage("Draw"), bare, new HumanMessage("Brighter")]);
      const sent = (requests[1]!.body.input as Record<string, unknown>[]).filter((item) => item.type === "image_generation_call");
      expect(sent).toEqual([zdrEnabled ? call : { type: "image_generation_call", id: call.id }]);
    }
  });

  it("answers an MCP approval request with the user's mcp_approval_response", async () => {
    const { llm, requests, answerNext } = createTestModel({ model: "gpt-5", useResponsesApi: true });
    const recorded = readJson("openai-mcp-tool-approval.1");
    answerNext({ status: 200, body: recorded }, { status: 200, body: readJson("openai-mcp-tool-approval.2") });
    const mcp = { type: "mcp" as const, server_label: "zip1", server_url: "https://zip1.io/mcp", require_approval: "always" as const };
    const bound = llm.bindTools([mcp]);
    const first = await bound.invoke("Shorten https://ai-sdk.dev/");
    const request = (first.additional_kwargs.tool_outputs as { type: string; id: string }[]).find((item) => item.type === "mcp_approval_request")!;
    const approval = new HumanMessage({ content: [{ type: "mcp_approval_response", approval_request_id: request.id, approve: false } as never] });
    const second = await bound.invoke([new HumanMessage("Shorten https://ai-sdk.dev/"), first, approval]);
    const input = requests[1]!.body.input as Record<string, unknown>[];
    expect(input.map((item) => item.type)).toEqual(["message", "mcp_list_tools", "reasoning", "mcp_approval_request", "mcp_approval_response"]);
    expect(input.at(-1)).toEqual({ type: "mcp_approval_response", approval_request_id: "mcpr_04f6b17429cf2b02006949a6712b1081968b3c7a72dec695d8", approve: false });
    expect(second.text).toContain("not approved");
  });
});
