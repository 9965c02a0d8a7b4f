import { describe, expect, it } from "@jest/globals";
import { rawRequest } from "../__tests__/helpers.js";
import { grammar, itemEvents, memberSets, readNamedEvents, recordedStreams, type StreamEvent } from "../__tests__/responses-stream-helpers.js";
import { createEmulator, type Emulator } from "../emulator.js";
import type { ScenarioRule } from "../scenarios/scenario.js";

// The mcp tool on POST /v1/responses: tools listed from a scenario (the emulator reaches no server), approvals over two
// turns, and the recorded streams (SOURCES.md).

type Item = Record<string, unknown> & { type: string; id: string };
type Body = { id: string; output: Item[]; tools: unknown[]; error?: Record<string, unknown> };

const model = "gpt-4o-mini";
const server = { type: "mcp", server_label: "links", server_url: "https://links.example/mcp", server_description: "Link shortener" };
const shorten = {
  name: "create_short_url",
  description: "Shorten a URL",
  inputSchema: { type: "object", properties: { url: { type: "string" } }, required: ["url"], additionalProperties: false },
};
const stats = { name: "get_url_stats", description: "Clicks of a short URL", inputSchema: { type: "object", properties: { code: { type: "string" } } }, annotations: { read_only: true } };
const rules: ScenarioRule[] = [{ respond: { mcp: { tools: [shorten, stats], call: { name: "create_short_url", arguments: { url: "https://ai-sdk.dev/" }, output: "Short URL: https://l.example/abc" } } } }];

async function post(emulator: Emulator, body: Record<string, unknown>): Promise<{ status: number; body: Body }> {
  const response = await rawRequest(emulator, "/v1/responses", { body: { model, ...body } });
  return { status: response.status, body: (await response.json()) as Body };
}

describe("mcp", () => {
  it("lists the scripted tools, asks for approval, then calls the tool once approved (previous_response_id)", async () => {
    const emulator = createEmulator({ scenarios: { rules } });
    const first = await post(emulator, { input: "Shorten https://ai-sdk.dev/ for me", tools: [server] });
    expect(first.status).toBe(200);
    expect(first.body.output.map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_approval_request"]);
    const [list, request] = first.body.output;
    expect(list?.id).toMatch(/^mcpl_[0-9a-f]{50}$/u);
    expect(list).toMatchObject({ server_label: "links", tools: [{ name: "create_short_url", description: "Shorten a URL", input_schema: shorten.inputSchema, annotations: { read_only: false } }, { name: "get_url_stats" }] });
    expect(request?.id).toMatch(/^mcpr_[0-9a-f]{50}$/u);
    expect(request).toEqual({ id: request?.id, type: "mcp_approval_request", arguments: '{"url":"https://ai-sdk.dev/"}', name: "create_short_url", server_label: "links" });
    expect(first.body.tools).toEqual([{ type: "mcp", allowed_tools: null, headers: null, require_approval: "always", server_description: "Link shortener", server_label: "links", server_url: server.server_url }]);
    const second = await post(emulator, {
      previous_response_id: first.body.id,
      input: [{ type: "mcp_approval_response", approval_request_id: request?.id, approve: true }],
      tools: [server],
    });
    expect(second.status).toBe(200);
    expect(second.body.output.map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_call", "message"]);
    const call = second.body.output[1];
    expect(call?.id).toMatch(/^mcp_[0-9a-f]{50}$/u);
    expect(call).toMatchObject({ status: "completed", approval_request_id: request?.id, arguments: '{"url":"https://ai-sdk.dev/"}', error: null, name: "create_short_url", output: "Short URL: https://l.example/abc" });
    expect(JSON.stringify(second.body.output[2])).toContain("https://l.example/abc");
  });

  it("answers without calling when the approval is declined", async () => {
    const emulator = createEmulator({ scenarios: { rules } });
    const first = await post(emulator, { input: "Shorten https://ai-sdk.dev/", tools: [server] });
    const request = first.body.output[1];
    const second = await post(emulator, { previous_response_id: first.body.id, input: [{ type: "mcp_approval_response", approval_request_id: request?.id, approve: false }], tools: [server] });
    expect(second.body.output.map((item) => item.type)).toEqual(["mcp_list_tools", "message"]);
  });

  it("calls at once with require_approval never, and generates arguments from the listed schema without a scripted call", async () => {
    const emulator = createEmulator({ scenarios: { rules: [{ respond: { mcp: { tools: [shorten] } } }] } });
    const { body } = await post(emulator, { input: "Please create short url for https://example.com", tools: [{ ...server, require_approval: "never" }] });
    expect(body.output.map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_call", "message"]);
    expect(JSON.parse(String(body.output[1]?.arguments))).toEqual({ url: expect.any(String) });
    // Nothing scripted the output: the call fails and says why.
    expect(body.output[1]).toMatchObject({ status: "failed", approval_request_id: null, output: null, error: { type: "mcp_tool_execution_error" } });
    const unrelated = await post(emulator, { input: "Tell me about Paris", tools: [{ ...server, require_approval: "never" }] });
    expect(unrelated.body.output.map((item) => item.type)).toEqual(["mcp_list_tools", "message"]);
  });

  it("filters the listed tools with allowed_tools and needs no approval for tools require_approval.never names", async () => {
    const emulator = createEmulator({ scenarios: { rules } });
    const { body } = await post(emulator, {
      input: "Shorten it",
      tools: [{ ...server, allowed_tools: ["create_short_url"], require_approval: { never: { tool_names: ["create_short_url"] } } }],
    });
    expect((body.output[0]?.tools as Array<{ name: string }>).map((tool) => tool.name)).toEqual(["create_short_url"]);
    expect(body.output.map((item) => item.type)).toEqual(["mcp_list_tools", "mcp_call", "message"]);
  });

  it("refuses a server it cannot list (no scenario) with the API's 424, and an unknown approval request", async () => {
    const { status, body } = await post(createEmulator(), { input: "Hi", tools: [server] });
    expect(status).toBe(424);
    expect(body.error?.message).toMatch(/^Error retrieving tool list from MCP server: 'links'\. Http status code: 424 \(Failed Dependency\)\. /u);
    const unknown = await post(createEmulator({ scenarios: { rules } }), { input: [{ type: "mcp_approval_response", approval_request_id: "mcpr_x", approve: true }], tools: [server] });
    expect(unknown.status).toBe(400);
    const missing = await post(createEmulator(), { input: "Hi", tools: [{ type: "mcp", server_label: "links" }] });
    expect(missing.body.error).toMatchObject({ param: "tools[0].server_url" });
    const forced = await post(createEmulator(), { input: "Hi", tools: [server], tool_choice: { type: "mcp", server_label: "other" } });
    expect(forced.body.error).toMatchObject({ param: "tool_choice" });
  });

  it("streams the approval request and the approved call in the recorded orders", async () => {
    const emulator = createEmulator({ scenarios: { rules } });
    const [asking = []] = recordedStreams("openai-mcp-tool-approval.1.chunks.txt");
    const [approved = []] = recordedStreams("openai-mcp-tool-approval.4.chunks.txt");
    const stream = async (body: Record<string, unknown>) => readNamedEvents(await rawRequest(emulator, "/v1/responses", { body: { model, stream: true, ...body } }));
    const first = await stream({ input: "Shorten https://ai-sdk.dev/", tools: [server] });
    const withoutReasoning = (events: StreamEvent[]) => events.filter((event) => (event.item as { type?: string } | undefined)?.type !== "reasoning");
    expect(grammar(first)).toEqual(grammar(withoutReasoning(asking)));
    expect(memberSets(first)).toEqual(memberSets(withoutReasoning(asking)));
    const done = first.at(-1)?.response as Body;
    const request = done.output[1];
    const second = await stream({ previous_response_id: done.id, input: [{ type: "mcp_approval_response", approval_request_id: request?.id, approve: true }], tools: [server] });
    expect(grammar(itemEvents(second, 0))).toEqual(grammar(itemEvents(approved, 0)));
    expect(grammar(itemEvents(second, 1))).toEqual(grammar(itemEvents(approved, 1)));
    expect(memberSets(itemEvents(second, 1))).toEqual(memberSets(itemEvents(approved, 1)));
  });
});
