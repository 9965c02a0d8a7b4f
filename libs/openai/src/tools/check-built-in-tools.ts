// OpenAI's built-in (server-side) tools of the Responses API, as bindTools takes them: in their OpenAI form, checked
// before anything is sent, and sent unchanged.

import type OpenAI from "openai";
import type { SchemaIssue } from "../errors/errors.js";
import { isPlainObject } from "../internal/json-values.js";

/**
 * A tool in the Responses API's own form other than a function tool: a built-in tool (`{ type: "web_search" }`,
 * `{ type: "file_search", vector_store_ids }`, …) or a flat custom tool (`{ type: "custom", name, format }`).
 *
 * @example
 * const tool: ResponsesBuiltInTool = { type: "file_search", vector_store_ids: ["vs_123"] };
 */
export type ResponsesBuiltInTool = Exclude<OpenAI.Responses.Tool, OpenAI.Responses.FunctionTool>;

type Checker = (tool: Record<string, unknown>) => string[];

const nothingRequired: Checker = () => [];

// The built-in tool types, each with the members the API requires (the SDK's types and OpenAI's reference).
const CHECKERS: Record<string, Checker> = {
  web_search: nothingRequired,
  web_search_2025_08_26: nothingRequired,
  web_search_preview: nothingRequired,
  web_search_preview_2025_03_11: nothingRequired,
  file_search: (tool) =>
    Array.isArray(tool.vector_store_ids) && tool.vector_store_ids.length > 0 && tool.vector_store_ids.every((id) => typeof id === "string" && id !== "")
      ? []
      : ['`vector_store_ids` must be a non-empty list of vector store ids, e.g. { type: "file_search", vector_store_ids: ["vs_123"] }.'],
  code_interpreter: (tool) =>
    typeof tool.container === "string" || (isPlainObject(tool.container) && typeof tool.container.type === "string")
      ? []
      : ['`container` is required: a container id, or { type: "auto" } (optionally with file_ids) for a new one.'],
  image_generation: nothingRequired,
  mcp: checkMcp,
  computer_use_preview: (tool) =>
    typeof tool.display_width === "number" && typeof tool.display_height === "number" && typeof tool.environment === "string"
      ? []
      : ["`display_width`, `display_height` (numbers) and `environment` (\"browser\", \"mac\", \"windows\", \"linux\" or \"ubuntu\") are required."],
  computer: nothingRequired,
  local_shell: nothingRequired,
  shell: nothingRequired,
  apply_patch: nothingRequired,
  custom: (tool) => (typeof tool.name === "string" && tool.name !== "" ? [] : ["a custom tool needs a `name`."]),
};

/**
 * The web search tool types; a `tool_choice` for one of them is satisfied by any bound web search tool.
 *
 * @example
 * WEB_SEARCH_TOOL_TYPES.has("web_search_preview"); // true
 */
export const WEB_SEARCH_TOOL_TYPES: ReadonlySet<string> = new Set(["web_search", "web_search_2025_08_26", "web_search_preview", "web_search_preview_2025_03_11"]);

/**
 * Whether a tool is given in the Responses API's own form and is not a function tool: an object whose `type` is a
 * string other than `"function"`, without the Chat Completions `custom: { … }` member (that form is a custom tool of
 * Chat Completions, which both APIs take).
 *
 * @example
 * isResponsesBuiltInTool({ type: "web_search" }); // true
 * isResponsesBuiltInTool({ type: "function", function: { name: "f" } }); // false
 */
export function isResponsesBuiltInTool(tool: unknown): tool is ResponsesBuiltInTool {
  if (!isPlainObject(tool) || typeof tool.type !== "string" || tool.type === "function") return false;
  return !(tool.type === "custom" && isPlainObject(tool.custom));
}

/**
 * Whether a built-in tool needs the Responses API (every one but a custom tool, which Chat Completions takes too).
 *
 * @example
 * isServerSideTool({ type: "image_generation" }); // true
 * isServerSideTool({ type: "custom", name: "run_sql" }); // false
 */
export function isServerSideTool(tool: unknown): boolean {
  return isResponsesBuiltInTool(tool) && tool.type !== "custom";
}

/**
 * The problems of one built-in tool, empty when it is fine: an unknown type, or a required member missing
 * (`vector_store_ids` of file_search, `container` of code_interpreter, `server_label` and `server_url` or
 * `connector_id` of mcp, the display of computer_use_preview).
 *
 * @example
 * checkBuiltInTool({ type: "file_search" }, 0);
 * // [{ subject: 'tool 0 "file_search"', pointer: "", problem: "`vector_store_ids` must be a non-empty list …" }]
 */
export function checkBuiltInTool(tool: ResponsesBuiltInTool, index: number): SchemaIssue[] {
  const record = tool as unknown as Record<string, unknown>;
  const type = String(record.type);
  const subject = `tool ${index} "${type}"`;
  const checker = CHECKERS[type];
  if (checker === undefined) {
    const known = Object.keys(CHECKERS).filter((name) => name !== "custom").join(", ");
    return [{ subject, pointer: "/type", problem: `${JSON.stringify(type)} is not a tool type this package knows; the built-in tools are ${known} (or pass a function tool).` }];
  }
  return checker(record).map((problem) => ({ subject, pointer: "", problem }));
}

function checkMcp(tool: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof tool.server_label !== "string" || tool.server_label === "") problems.push("`server_label` is required (a name for the MCP server).");
  const url = typeof tool.server_url === "string" && tool.server_url !== "";
  const connector = typeof tool.connector_id === "string" && tool.connector_id !== "";
  if (url === connector) problems.push("give exactly one of `server_url` (a remote MCP server) or `connector_id` (an OpenAI connector).");
  return problems;
}
