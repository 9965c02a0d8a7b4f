// The `mcp` tool (remote MCP servers). What the API sends (vercel/ai fixtures openai-mcp-tool.1 and
// openai-mcp-tool-approval.1-4, gpt-5-mini, 2025-11/12): every turn with the tool first lists the server's tools
// (`mcp_list_tools` `{id: "mcpl_…", type, server_label, tools: [{name, description, input_schema, annotations}]}`,
// streamed as added with `tools: []`, response.mcp_list_tools.in_progress, .completed, done); a call then needs approval
// (`require_approval`, "always" unless the tool says otherwise): the turn ends with an `mcp_approval_request`
// `{id: "mcpr_…", type, arguments, name, server_label}` (added and done, no other events); the next turn's input
// answers it with `{type: "mcp_approval_response", approval_request_id, approve}` and, approved, the call runs:
// `mcp_call` `{id: "mcp_…", type, status, approval_request_id, arguments, error, name, output, server_label}`, streamed
// as added (arguments "", output null), response.mcp_call.in_progress, response.mcp_call_arguments.delta and .done,
// response.mcp_call.completed (recorded after an approval: a second .in_progress before arguments.done), done; then
// the answer. Declined, the model answers without calling. The emulator reaches no server: the tools (and the call's
// output) come from a scenario rule's `respond.mcp`; without one, the API's 424 for a server it cannot list.

import { fillFromConversation } from "../../engine/fill-from-conversation.js";
import { EmulatorHttpError, invalidRequest } from "../../errors.js";
import type { ResponsesInputItem } from "../../responses-wire.js";
import type { SseEvent } from "../../sse.js";
import { s } from "../../validate/validation-schema.js";
import type { JsonSchema } from "../../wire.js";
import type { BuiltInCallItem, BuiltInRun, BuiltInRunContext, BuiltInToolHandler, BuiltInToolParam, EventMaker, ScriptedMcp } from "./built-in-tool.js";

const STRICT = { strict: true } as const;
const TOOL_FILTER = s.object({ tool_names: s.array(s.string(), "an array of strings"), read_only: s.boolean() }, [], STRICT);
const CONNECTORS = [
  "connector_dropbox",
  "connector_gmail",
  "connector_googlecalendar",
  "connector_googledrive",
  "connector_microsoftteams",
  "connector_outlookcalendar",
  "connector_outlookemail",
  "connector_sharepoint",
];
const OUTPUT_IN_ANSWER = 500;

const MCP = s.object(
  {
    server_label: s.string({ minLength: 1 }),
    server_url: s.string(),
    connector_id: s.enum(CONNECTORS),
    authorization: s.string(),
    server_description: s.string(),
    headers: s.map(s.string(), { nullable: true }),
    allowed_tools: s.union([s.array(s.string(), "an array of strings"), TOOL_FILTER], "one of an array of strings or object", { nullable: true }),
    require_approval: s.union([s.enum(["always", "never"]), s.object({ always: TOOL_FILTER, never: TOOL_FILTER }, [], STRICT)], "one of a string or object", { nullable: true }),
    defer_loading: s.boolean(),
  },
  ["server_label"],
  STRICT,
);

type ListedTool = { name: string; description: string | null; input_schema: Record<string, unknown>; annotations: Record<string, unknown> | null };

/**
 * The MCP tool's module (see the file's header for the recorded shapes).
 *
 * @example
 * mcpTool.echo({ type: "mcp", server_label: "dice", server_url: "https://dice.example/mcp" }).require_approval; // "always"
 */
export const mcpTool: BuiltInToolHandler = {
  schemas: { mcp: MCP },
  echo: (tool) => ({
    type: "mcp",
    allowed_tools: tool.allowed_tools ?? null,
    // Header values (credentials) are not echoed (recorded: null).
    headers: null,
    require_approval: tool.require_approval ?? "always",
    ...(tool.server_description !== undefined && { server_description: tool.server_description }),
    server_label: tool.server_label,
    ...(tool.server_url !== undefined && { server_url: tool.server_url }),
    ...(tool.connector_id !== undefined && { connector_id: tool.connector_id }),
  }),
  // The tools are listed on every turn that offers the server; whether the model calls one is decided in run().
  wants: () => true,
  check: (tool, index) => {
    if (tool.server_url === undefined && tool.connector_id === undefined) {
      // wording not confirmed
      throw invalidRequest(`Missing required parameter: 'tools[${index}].server_url' (or 'connector_id').`, `tools[${index}].server_url`, "missing_required_parameter");
    }
  },
  run: runMcp,
  opened: openedMcpItem,
  events: mcpEvents,
};

/**
 * Lists the server's scripted tools, then calls one (after approval when required), asks for approval, or leaves it.
 *
 * @example
 * runMcp({ tool, question: "Roll a die", include: new Set(), ids, random, script: { mcp } }).items.map((item) => item.type);
 * // ["mcp_list_tools", "mcp_approval_request"]
 */
export function runMcp(context: BuiltInRunContext): BuiltInRun {
  const label = String(context.tool.server_label);
  const script = context.script?.mcp;
  if (!script || (script.serverLabel !== undefined && script.serverLabel !== label)) throw unreachableServer(label);
  const tools = allowedTools(context.tool, script.tools.map(listedTool));
  const items: BuiltInCallItem[] = [{ id: context.ids.responses("mcpl"), type: "mcp_list_tools", server_label: label, tools }];
  const inputText = JSON.stringify(tools);
  const approval = answeredApproval(context.conversation ?? [], label);
  if (approval) {
    if (!approval.approve) return { items, inputText, outputText: "", answer: `The call to ${approval.request.name} was not approved, so I did not make it.` };
    return withCall(context, items, inputText, approval.request.name, approval.request.arguments, approval.request.id);
  }
  const name = chosenTool(context, tools, script);
  if (name === undefined) return { items, inputText, outputText: "" };
  const tool = tools.find((candidate) => candidate.name === name);
  const args = callArguments(context, script, name, tool);
  if (needsApproval(context.tool, name)) {
    items.push({ id: context.ids.responses("mcpr"), type: "mcp_approval_request", arguments: args, name, server_label: label });
    return { items, inputText, outputText: args, endsTurn: true };
  }
  return withCall(context, items, inputText, name, args, null);
}

function withCall(context: BuiltInRunContext, items: BuiltInCallItem[], inputText: string, name: string, args: string, approvalId: string | null): BuiltInRun {
  const scripted = context.script?.mcp?.call;
  const call = scripted?.name === name ? scripted : undefined;
  const failed = call?.error !== undefined || call?.output === undefined;
  // Without a scripted output the emulator has nothing to return: the call fails, saying so.
  const errorText = call?.error ?? `The emulator reaches no MCP server; script the output of '${name}' in a scenario rule (respond.mcp.call.output).`;
  const item: BuiltInCallItem = {
    id: context.ids.responses("mcp"),
    type: "mcp_call",
    status: failed ? "failed" : "completed",
    approval_request_id: approvalId,
    arguments: args,
    error: failed ? { type: "mcp_tool_execution_error", content: [{ type: "text", text: errorText }] } : null,
    name,
    output: failed ? null : (call?.output ?? null),
    server_label: String(context.tool.server_label),
  };
  const output = call?.output ?? "";
  const answer = failed ? `The ${name} tool failed: ${errorText}` : `The ${name} tool returned: ${[...output].slice(0, OUTPUT_IN_ANSWER).join("")}`;
  return { items: [...items, item], inputText: `${inputText}\n${failed ? errorText : output}`, outputText: args, answer };
}

function listedTool(tool: ScriptedMcp["tools"][number]): ListedTool {
  return {
    name: tool.name,
    description: tool.description ?? null,
    input_schema: tool.inputSchema ?? { type: "object", properties: {} },
    annotations: tool.annotations ?? { read_only: false },
  };
}

// `allowed_tools`: a list of names, or a filter by names and read-only annotation.
function allowedTools(tool: BuiltInToolParam, tools: ListedTool[]): ListedTool[] {
  const allowed = tool.allowed_tools;
  if (Array.isArray(allowed)) return tools.filter((candidate) => allowed.includes(candidate.name));
  if (!isRecord(allowed)) return tools;
  const names = Array.isArray(allowed.tool_names) ? allowed.tool_names : undefined;
  return tools.filter((candidate) => (!names || names.includes(candidate.name)) && (allowed.read_only !== true || candidate.annotations?.read_only === true));
}

// The tool the model calls: a scripted call, a forced one (`{type: "mcp", server_label, name}` or `required`), or one
// whose name the question says (in words: `roll_dice` as "roll dice").
function chosenTool(context: BuiltInRunContext, tools: ListedTool[], script: ScriptedMcp): string | undefined {
  const offered = (name: string | undefined) => (name !== undefined && tools.some((tool) => tool.name === name) ? name : undefined);
  const choice = context.toolChoice;
  if (choice === "none") return undefined;
  if (script.call) return offered(script.call.name);
  if (typeof choice === "object" && choice.type === "mcp") return offered(typeof choice.name === "string" ? choice.name : tools[0]?.name);
  if (choice === "required") return tools[0]?.name;
  const question = context.question.toLowerCase();
  return tools.find((tool) => question.includes(tool.name.toLowerCase()) || question.includes(tool.name.toLowerCase().replace(/[_-]+/gu, " ")))?.name;
}

function callArguments(context: BuiltInRunContext, script: ScriptedMcp, name: string, tool: ListedTool | undefined): string {
  const scripted = script.call?.name === name ? script.call.arguments : undefined;
  if (typeof scripted === "string") return scripted;
  if (scripted !== undefined) return JSON.stringify(scripted);
  return JSON.stringify(fillFromConversation((tool?.input_schema ?? { type: "object", properties: {} }) as JsonSchema, context.question, context.random));
}

function needsApproval(tool: BuiltInToolParam, name: string): boolean {
  const rule = tool.require_approval ?? "always";
  if (rule === "always" || rule === "never") return rule === "always";
  if (!isRecord(rule)) return true;
  const names = (filter: unknown) => (isRecord(filter) && Array.isArray(filter.tool_names) ? filter.tool_names : []);
  if (names(rule.never).includes(name)) return false;
  if (names(rule.always).includes(name)) return true;
  // Only some tools named: the others need no approval when `never` is not given, else they do. not confirmed
  return rule.never === undefined;
}

// The approval the conversation's last turn gave (an mcp_approval_response after the request it answers).
function answeredApproval(conversation: ReadonlyArray<ResponsesInputItem>, label: string): { approve: boolean; request: { id: string; name: string; arguments: string } } | undefined {
  const last = [...conversation].reverse().find((item) => item.type === "mcp_approval_response");
  if (!last || last.type !== "mcp_approval_response") return undefined;
  const later = conversation.slice(conversation.indexOf(last) + 1);
  if (later.some((item) => item.type === undefined || item.type === "message")) return undefined;
  const request = conversation.find((item) => item.type === "mcp_approval_request" && item.id === last.approval_request_id);
  // wording not confirmed
  if (!request || request.type !== "mcp_approval_request") throw invalidRequest(`No approval request found with id '${last.approval_request_id}'.`, "input");
  if (request.server_label !== label) return undefined;
  return { approve: last.approve, request: { id: request.id, name: request.name, arguments: request.arguments } };
}

// The API's words for a server it cannot list tools from (as quoted in RageAgainstThePixel/OpenAI-DotNet#486, 2025-09:
// "Error retrieving tool list from MCP server: '…'. Http status code: 424 (Failed Dependency)"), then the emulator's hint.
function unreachableServer(label: string): EmulatorHttpError {
  return new EmulatorHttpError(
    424,
    `Error retrieving tool list from MCP server: '${label}'. Http status code: 424 (Failed Dependency). ` +
      "The emulator reaches no MCP server: script its tools in a scenario rule (respond.mcp.tools).",
    { param: "tools", code: "http_error" },
  );
}

function openedMcpItem(item: BuiltInCallItem): BuiltInCallItem {
  switch (item.type) {
    case "mcp_list_tools":
      return { ...item, tools: [] };
    case "mcp_call":
      return { ...item, status: "in_progress", arguments: "", error: null, output: null };
    default:
      return item;
  }
}

function* mcpEvents(item: BuiltInCallItem, outputIndex: number, event: EventMaker): Generator<SseEvent> {
  const where = { output_index: outputIndex, item_id: item.id };
  if (item.type === "mcp_list_tools") {
    yield event("response.mcp_list_tools.in_progress", where);
    yield event("response.mcp_list_tools.completed", where);
    return;
  }
  if (item.type !== "mcp_call") return;
  const args = String(item.arguments);
  yield event("response.mcp_call.in_progress", where);
  yield event("response.mcp_call_arguments.delta", { ...where, delta: args });
  if (item.approval_request_id !== null) yield event("response.mcp_call.in_progress", where);
  yield event("response.mcp_call_arguments.done", { ...where, arguments: args });
  yield event(item.status === "failed" ? "response.mcp_call.failed" : "response.mcp_call.completed", where);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
