// The Responses API's server-side tool items (web search, file search, code interpreter, image generation, MCP, …)
// as a history sends them back, and the user's MCP approvals.

import { type BaseMessage, HumanMessage } from "@langchain/core/messages";
import type OpenAI from "openai";
import { InvalidMessageError } from "../errors/errors.js";
import { isPlainObject } from "../internal/json-values.js";

type InputItem = OpenAI.Responses.ResponseInputItem;

// Output items of built-in tools that the Responses API takes back as input items.
const SERVER_TOOL_ITEM_TYPES: ReadonlySet<string> = new Set([
  "web_search_call",
  "file_search_call",
  "code_interpreter_call",
  "image_generation_call",
  "mcp_call",
  "mcp_list_tools",
  "mcp_approval_request",
  "computer_call",
  "local_shell_call",
  "shell_call",
  "apply_patch_call",
]);

/**
 * One server tool item of an AI message (from `response_metadata.output` or `additional_kwargs.tool_outputs`) as an
 * input item: sent as it was, except a generated image, which is referenced by its id (the API keeps it; sending
 * the image back would cost its size again), or sent whole under Zero Data Retention (nothing is kept). Items of
 * other types (not built-in tool calls) give `undefined`.
 *
 * @example
 * convertServerToolItem({ type: "image_generation_call", id: "ig_1", status: "completed", result: "iVBOR…" }, false);
 * // { type: "image_generation_call", id: "ig_1" }
 */
export function convertServerToolItem(item: unknown, zdrEnabled: boolean): InputItem | undefined {
  if (!isPlainObject(item) || typeof item.type !== "string" || !SERVER_TOOL_ITEM_TYPES.has(item.type)) return undefined;
  if (item.type === "image_generation_call" && !zdrEnabled && typeof item.id === "string") {
    return { type: "image_generation_call", id: item.id } as unknown as InputItem;
  }
  const { index: _index, ...rest } = item;
  return rest as unknown as InputItem;
}

/**
 * A user's message with its MCP approvals taken out: LangChain's `{ type: "mcp_approval_response",
 * approval_request_id, approve, reason? }` content blocks become `mcp_approval_response` input items (sent before the
 * message, as @langchain/openai sends them), and the message keeps its other blocks (`message` is undefined when
 * nothing else is left). Other messages pass unchanged.
 *
 * @example
 * splitMcpApprovals(new HumanMessage({ content: [{ type: "mcp_approval_response", approval_request_id: "mcpr_1", approve: true }] }), 2);
 * // { approvals: [{ type: "mcp_approval_response", approval_request_id: "mcpr_1", approve: true }], message: undefined }
 */
export function splitMcpApprovals(message: BaseMessage, messageIndex: number): { message?: BaseMessage; approvals: InputItem[] } {
  if (message.getType() !== "human" || !Array.isArray(message.content)) return { message, approvals: [] };
  const blocks = message.content as unknown[];
  const approvals: InputItem[] = [];
  const rest = blocks.filter((block) => {
    if (!isPlainObject(block) || block.type !== "mcp_approval_response") return true;
    if (typeof block.approval_request_id !== "string" || typeof block.approve !== "boolean") {
      throw new InvalidMessageError(
        `Message ${messageIndex} has an mcp_approval_response block without a string approval_request_id and a boolean approve. Give both (the id of the mcp_approval_request item).`,
        { messageIndex },
      );
    }
    const reason = typeof block.reason === "string" ? { reason: block.reason } : {};
    approvals.push({ type: "mcp_approval_response", approval_request_id: block.approval_request_id, approve: block.approve, ...reason });
    return false;
  });
  if (approvals.length === 0) return { message, approvals };
  if (rest.length === 0) return { approvals };
  return { message: new HumanMessage({ content: rest as HumanMessage["content"], id: message.id, name: message.name, additional_kwargs: message.additional_kwargs }), approvals };
}
