// ChatOpenAI's built-in and custom tools on the Responses API against the emulator's /v1/responses route: the client's
// converters (checked on recorded exchanges in chat-openai-responses-tools.test.ts) and the emulator's tools (checked
// against the published schemas and recorded streams) were written apart, so each catches the other's departures.
// These run the whole loop: what the client binds, what the server runs, what comes back, and the history sent again.
import { describe, expect, it } from "@jest/globals";
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import OpenAI, { toFile } from "openai";
import { z } from "zod";
import { concatStream } from "./__tests__/concat-stream.js";
import { createTestModel } from "./__tests__/test-model.js";

type ToolOutput = { id: string; type: string; [key: string]: unknown };
const toolOutputs = (message: BaseMessage): ToolOutput[] => (message.additional_kwargs.tool_outputs as ToolOutput[] | undefined) ?? [];
const pathOf = (url: string): string => new URL(url).pathname;

// Core 1.0 (the minimum-versions run) has no server tool results in its "openai" translator and orders blocks
// otherwise; the checks of contentBlocks and of outputVersion v1 need core's newer translator, detected here.
const translatesServerTools = new AIMessage({
  content: [],
  additional_kwargs: { tool_outputs: [{ type: "web_search_call", id: "ws", status: "completed", action: { query: "q" } }] },
  response_metadata: { model_provider: "openai" },
}).contentBlocks.some((block) => block.type === "server_tool_call_result");


describe("built-in tools on the Responses API, against the emulator", () => {
  it("web_search: binding it routes the call to /v1/responses; the search item, the cited answer and core's blocks come back", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    const message = await llm.bindTools([{ type: "web_search" }]).invoke("What is the latest news about the Mars rover today?");
    expect(pathOf(requests[0]!.url)).toBe("/v1/responses");
    expect(requests[0]!.body.tools).toEqual([{ type: "web_search" }]);
    const [search] = toolOutputs(message);
    expect(search).toMatchObject({ type: "web_search_call", status: "completed", action: { type: "search", query: expect.stringContaining("mars rover") } });
    const [text] = message.content as Array<{ type: string; text: string; annotations: Array<Record<string, unknown>> }>;
    const [citation] = text!.annotations;
    expect(citation).toMatchObject({ type: "citation", source: "url_citation", url: expect.stringMatching(/^https:\/\//u) });
    // The citation's span is the cited link in the text.
    expect(text!.text.slice(citation!.startIndex as number, citation!.endIndex as number)).toContain(citation!.url as string);
    if (translatesServerTools) expect(message.contentBlocks.map((block) => block.type)).toEqual(["server_tool_call", "server_tool_call_result", "text"]);
    expect(message.response_metadata).toMatchObject({ status: "completed", finish_reason: "stop" });
  });

  it("web_search: the stream concatenates to invoke's message, in v0 and in outputVersion v1", async () => {
    for (const outputVersion of translatesServerTools ? (["v0", "v1"] as const) : (["v0"] as const)) {
      const { llm } = createTestModel({ model: "gpt-4.1-mini", outputVersion });
      const bound = llm.bindTools([{ type: "web_search" }]);
      const question = "Search the web for today's news about the Eiffel Tower.";
      const invoked = await bound.invoke(question);
      const streamed = await concatStream(await bound.stream(question));
      // Ids differ between the two requests, and streamed blocks keep the merge `index` core concatenated them by (as with
      // @langchain/openai); everything else is the same answer.
      const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, inner: unknown) => (["id", "toolCallId", "index"].includes(key) ? undefined : inner)));
      expect(strip(streamed.content)).toEqual(strip(invoked.content));
      expect(strip(toolOutputs(streamed))).toEqual(strip(toolOutputs(invoked)));
      if (outputVersion === "v1") expect((invoked.content as Array<{ type: string }>).map((block) => block.type)).toEqual(["server_tool_call", "server_tool_call_result", "text"]);
    }
  });

  it("web_search: a later turn sends the search item back, and the emulator accepts the history", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    const bound = llm.bindTools([{ type: "web_search" }]);
    const first = await bound.invoke("What is the latest news about the Mars rover today?");
    const second = await bound.invoke([new HumanMessage("What is the latest news about the Mars rover today?"), first, new HumanMessage("Thanks. Summarise it in one line.")]);
    expect(second.text.length).toBeGreaterThan(0);
    const sent = requests[1]!.body.input as Array<{ type?: string; id?: string }>;
    expect(sent.map((item) => item.type)).toEqual(["message", "web_search_call", "message", "message"]);
    expect(sent[1]!.id).toBe(toolOutputs(first)[0]!.id);
  });

  it("code_interpreter: the emulator computes what the code prints, and the logs come back when include asks for them", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    const bound = llm.bindTools([{ type: "code_interpreter", container: { type: "auto" } }]);
    const message = await bound.invoke("Calculate 1234 * 5678", { include: ["code_interpreter_call.outputs"] });
    expect(requests[0]!.body.include).toEqual(["code_interpreter_call.outputs"]);
    const [call] = toolOutputs(message);
    expect(call).toMatchObject({ type: "code_interpreter_call", code: expect.stringContaining("1234 * 5678"), container_id: expect.stringMatching(/^cntr_/u) });
    expect(call!.outputs).toEqual([{ type: "logs", logs: "7006652\n" }]);
    expect(message.text).toContain("7006652");
  });

  it("image_generation: the image comes back as a base64 PNG image block, and is sent back by id in a later turn", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    const bound = llm.bindTools([{ type: "image_generation" }]);
    const first = await bound.invoke("Draw a red circle");
    const image = (first.content as Array<{ type: string; data?: string; mimeType?: string }>).find((block) => block.type === "image");
    expect(image?.mimeType).toBe("image/png");
    expect(Buffer.from(image!.data!, "base64").subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [call] = toolOutputs(first);
    expect(call).toMatchObject({ type: "image_generation_call", status: "completed" });
    const second = await bound.invoke([new HumanMessage("Draw a red circle"), first, new HumanMessage("Now describe it in words.")]);
    expect(second.text.length).toBeGreaterThan(0);
    expect((requests[1]!.body.input as Array<{ type?: string }>)).toContainEqual({ type: "image_generation_call", id: call!.id });
  });

  it("file_search: answers from a file uploaded to a vector store, with a file citation and, when asked, the hits", async () => {
    const { llm, emulator } = createTestModel({ model: "gpt-4.1-mini" });
    const client = new OpenAI({ apiKey: "test-key", baseURL: "http://emulator.test/v1", fetch: emulator.fetch });
    const file = await client.files.create({ file: await toFile(Buffer.from("Refunds are issued within 14 days of a return.\nShipping is free over 50 euros."), "policy.txt"), purpose: "assistants" });
    const store = await client.vectorStores.create({ name: "policies", file_ids: [file.id] });
    const bound = llm.bindTools([{ type: "file_search", vector_store_ids: [store.id] }]);
    const message = await bound.invoke("What is the refund policy?", { include: ["file_search_call.results"] });
    const [search] = toolOutputs(message);
    expect(search).toMatchObject({ type: "file_search_call", status: "completed" });
    expect(search!.results).toEqual([expect.objectContaining({ file_id: file.id, filename: "policy.txt", text: expect.stringContaining("Refunds are issued") })]);
    const annotations = (message.content as Array<{ annotations?: Array<Record<string, unknown>> }>).flatMap((block) => block.annotations ?? []);
    expect(annotations).toContainEqual(expect.objectContaining({ type: "citation", source: "file_citation", file_id: file.id }));
    // An unknown vector store is refused before anything runs.
    await expect(llm.bindTools([{ type: "file_search", vector_store_ids: ["vs_missing"] }]).invoke("Refunds?")).rejects.toMatchObject({ status: 404 });
  });

  it("mcp: lists a scripted server's tools, asks for approval, and runs the call once a HumanMessage approves it", async () => {
    const mcp = {
      serverLabel: "crm",
      tools: [{ name: "find_customer", description: "Find a customer by name", inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } }],
      call: { name: "find_customer", arguments: { name: "Ada" }, output: "Ada Lovelace, customer since 1843" },
    };
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" }, { scenarios: [{ name: "crm", respond: { mcp } }] });
    const bound = llm.bindTools([{ type: "mcp", server_label: "crm", server_url: "https://crm.example.com/mcp", require_approval: "always" }]);
    const question = new HumanMessage("Find the customer named Ada with find_customer.");
    const first = await bound.invoke([question]);
    const request = toolOutputs(first).find((item) => item.type === "mcp_approval_request");
    expect(toolOutputs(first).map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_approval_request"]);
    expect(request).toMatchObject({ server_label: "crm", name: "find_customer" });
    const approval = new HumanMessage({ content: [{ type: "mcp_approval_response", approval_request_id: request!.id, approve: true }] });
    const second = await bound.invoke([question, first, approval]);
    expect((requests[1]!.body.input as Array<{ type?: string }>).at(-1)).toEqual({ type: "mcp_approval_response", approval_request_id: request!.id, approve: true });
    const call = toolOutputs(second).find((item) => item.type === "mcp_call");
    expect(call).toMatchObject({ name: "find_customer", output: "Ada Lovelace, customer since 1843" });
  });
});

describe("custom tools on the Responses API, against the emulator", () => {
  it("calls a custom tool with free text, and the ToolMessage answering it goes back as custom_tool_call_output", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini", useResponsesApi: true });
    const runSql = { type: "custom" as const, name: "run_sql", description: "Runs one SQL query and returns the rows" };
    const first = await llm.bindTools([runSql], { tool_choice: "run_sql" }).invoke("How many users signed up in May? Use run_sql.");
    const [call] = first.tool_calls!;
    expect(call).toMatchObject({ name: "run_sql", args: { input: expect.any(String) } });
    expect(typeof call!.args.input).toBe("string");
    const second = await llm.bindTools([runSql]).invoke([new HumanMessage("How many users signed up in May? Use run_sql."), first, new ToolMessage({ content: "42", tool_call_id: call!.id! })]);
    expect(second.text).toContain("42");
    const sent = requests[1]!.body.input as Array<{ type?: string; call_id?: string }>;
    expect(sent.map((item) => item.type)).toEqual(["message", "custom_tool_call", "custom_tool_call_output"]);
    expect(sent[2]).toMatchObject({ call_id: call!.id, output: "42" });
    // A bare name of a custom tool is a custom choice (a function choice naming it is refused by the API).
    expect(requests[0]!.body.tool_choice).toEqual({ type: "custom", name: "run_sql" });
  });

  it("on Chat Completions too, a bare tool_choice name of a custom tool is sent as a custom choice, and the emulator answers it", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    const runSql = { type: "custom" as const, name: "run_sql", description: "Runs one SQL query and returns the rows" };
    const message = await llm.bindTools([runSql], { tool_choice: "run_sql" }).invoke("How many users signed up in May? Use run_sql.");
    expect(pathOf(requests[0]!.url)).toBe("/v1/chat/completions");
    expect(requests[0]!.body.tool_choice).toEqual({ type: "custom", custom: { name: "run_sql" } });
    expect(message.tool_calls?.[0]).toMatchObject({ name: "run_sql", args: { input: expect.any(String) } });
  });
});

// LangGraph needs @langchain/core >= 1.3.4, so this does not run in the minimum-versions job (core 1.0.0).
const describeWithLangGraph = process.env.TESSERA_DEPS === "min" ? describe.skip : describe;

describeWithLangGraph("a LangGraph agent on the Responses API with a function tool and a built-in tool", () => {
  const received: string[] = [];
  const getWeather = tool(
    async ({ city }) => {
      received.push(city);
      return `It is 21 degrees in ${city}.`;
    },
    { name: "get_weather", description: "Weather for a city", schema: z.object({ city: z.string() }) },
  );
  const question = "Search the web for today's news about Paris, then get the weather in Paris with get_weather.";

  function checkRun(messages: BaseMessage[], requests: Array<{ url: string; body: Record<string, unknown> }>): void {
    expect(messages.map((message) => message.type)).toEqual(["human", "ai", "tool", "ai"]);
    const first = messages[1] as AIMessage;
    // The server ran the search; the graph's tool node ran get_weather.
    expect(toolOutputs(first).map((item) => item.type)).toEqual(["web_search_call"]);
    expect(first.tool_calls?.[0]).toMatchObject({ name: "get_weather", args: { city: "Paris" } });
    expect((messages[3] as AIMessage).text).toContain("It is 21 degrees in Paris");
    expect(new Set(requests.map((request) => pathOf(request.url)))).toEqual(new Set(["/v1/responses"]));
    expect(requests[0]!.body.tools).toEqual([expect.objectContaining({ type: "function", name: "get_weather" }), { type: "web_search" }]);
    // The second request carries the server's search item and the function call paired with its output.
    const sentTypes = (requests[1]!.body.input as Array<{ type?: string }>).map((item) => item.type);
    expect(sentTypes).toEqual(["message", "web_search_call", "function_call", "function_call_output"]);
  }

  it("createReactAgent: the server searches, the graph calls the function tool, and the model answers", async () => {
    received.length = 0;
    const { createReactAgent } = await import("@langchain/langgraph/prebuilt");
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    // Built-in tools go to the agent with the others: it binds them all and gives the tool node the client tools only.
    const agent = createReactAgent({ llm, tools: [getWeather, { type: "web_search" }] });
    const { messages } = await agent.invoke({ messages: [new HumanMessage(question)] });
    checkRun(messages, requests);
    expect(received).toEqual(["Paris"]);
  });

  it("langchain's createAgent, streamed with streamMode messages", async () => {
    received.length = 0;
    const { createAgent } = await import("langchain");
    const { llm, requests } = createTestModel({ model: "gpt-4.1-mini" });
    const agent = createAgent({ model: llm, tools: [getWeather, { type: "web_search" }] });
    let streamed = 0;
    for await (const [chunk] of await agent.stream({ messages: [new HumanMessage(question)] }, { streamMode: "messages" })) if (chunk) streamed++;
    expect(streamed).toBeGreaterThan(5);
    const before = requests.length;
    const { messages } = await agent.invoke({ messages: [new HumanMessage(question)] });
    checkRun(messages, requests.slice(before));
    expect(received).toEqual(["Paris", "Paris"]);
  });
});
