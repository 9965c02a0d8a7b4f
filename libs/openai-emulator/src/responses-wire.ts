// The `POST /v1/responses` request shapes the emulator accepts, after validation has checked them. Field names are the
// wire's (the SDK's `ResponseCreateParamsBase`, openai 7).

import type { JsonSchema } from "./wire.js";

/** A content part of an input message. */
export type ResponsesInputPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url?: string | null; file_id?: string | null; detail?: "auto" | "low" | "high" | "original" }
  | { type: "input_file"; file_data?: string; file_id?: string | null; file_url?: string; filename?: string }
  | { type: "output_text"; text: string; annotations?: unknown[] }
  | { type: "refusal"; refusal: string };

/** A message item (`type` may be left out, as in the SDK's `EasyInputMessage`). */
export interface ResponsesMessageItem {
  type?: "message";
  id?: string;
  role: "user" | "assistant" | "system" | "developer";
  content: string | ResponsesInputPart[];
  status?: string;
}

/** A function call the model made, sent back as history. */
export interface ResponsesFunctionCallItem {
  type: "function_call";
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  status?: string;
}

/** The result of a function call. */
export interface ResponsesFunctionCallOutputItem {
  type: "function_call_output";
  id?: string | null;
  call_id: string;
  output: string | ResponsesInputPart[];
  status?: string | null;
}

/** A reasoning item sent back as history (its summary and, with `store: false`, its encrypted content). */
export interface ResponsesReasoningItem {
  type: "reasoning";
  id: string;
  summary: Array<{ type: "summary_text"; text: string }>;
  encrypted_content?: string | null;
  status?: string;
}

/** A custom tool call the model made (free-form `input`), sent back as history. */
export interface ResponsesCustomToolCallItem {
  type: "custom_tool_call";
  id?: string;
  call_id: string;
  name: string;
  input: string;
  status?: string;
}

/** The result of a custom tool call. */
export interface ResponsesCustomToolCallOutputItem {
  type: "custom_tool_call_output";
  id?: string | null;
  call_id: string;
  output: string | ResponsesInputPart[];
}

/** An MCP approval request the model made, sent back as history. */
export interface ResponsesMcpApprovalRequestItem {
  type: "mcp_approval_request";
  id: string;
  server_label: string;
  name: string;
  arguments: string;
}

/** The user's answer to an MCP approval request. */
export interface ResponsesMcpApprovalResponseItem {
  type: "mcp_approval_response";
  id?: string | null;
  approval_request_id: string;
  approve: boolean;
  reason?: string | null;
}

/** A built-in tool's call item (web search, code interpreter, image generation, MCP) sent back as history. */
export interface ResponsesBuiltInCallItem {
  type: "web_search_call" | "code_interpreter_call" | "image_generation_call" | "file_search_call" | "mcp_list_tools" | "mcp_call";
  id: string;
  status?: string;
  [field: string]: unknown;
}

/** One item of `input`. */
export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesReasoningItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | ResponsesMcpApprovalRequestItem
  | ResponsesMcpApprovalResponseItem
  | ResponsesBuiltInCallItem;

/** A function tool, flat (not nested under `function` as on Chat Completions). */
export interface ResponsesFunctionTool {
  type: "function";
  name: string;
  description?: string | null;
  parameters?: JsonSchema | null;
  strict?: boolean | null;
}

/** A custom tool: the model calls it with free-form text, optionally constrained by a grammar. */
export interface ResponsesCustomTool {
  type: "custom";
  name: string;
  description?: string;
  format?: { type: "text" } | { type: "grammar"; syntax: "lark" | "regex"; definition: string };
}

/** A built-in tool served by a module of routes/responses-tools (its fields are the module's). */
export interface ResponsesBuiltInTool {
  type: "web_search" | "web_search_2025_08_26" | "web_search_preview" | "web_search_preview_2025_03_11" | "code_interpreter" | "image_generation" | "file_search" | "mcp";
  [field: string]: unknown;
}

/** One item of `tools`. */
export type ResponsesTool = ResponsesFunctionTool | ResponsesCustomTool | ResponsesBuiltInTool;

/** `text.format`. */
export type ResponsesTextFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: JsonSchema; description?: string; strict?: boolean | null };

/** `tool_choice`. */
export type ResponsesToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function"; name: string }
  | { type: "custom"; name: string }
  | { type: Exclude<ResponsesBuiltInTool["type"], "mcp"> }
  | { type: "mcp"; server_label: string; name?: string | null }
  | { type: "allowed_tools"; mode: "auto" | "required"; tools: Array<{ type: string; name?: string }> };

/** A validated `POST /v1/responses` body. */
export interface ResponsesRequest {
  model: string;
  input?: string | ResponsesInputItem[];
  instructions?: string | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  text?: { format?: ResponsesTextFormat; verbosity?: "low" | "medium" | "high" | null } | null;
  max_output_tokens?: number | null;
  reasoning?: { effort?: string | null; summary?: "auto" | "concise" | "detailed" | null; generate_summary?: "auto" | "concise" | "detailed" | null } | null;
  store?: boolean | null;
  previous_response_id?: string | null;
  include?: string[] | null;
  metadata?: Record<string, string> | null;
  parallel_tool_calls?: boolean | null;
  temperature?: number | null;
  top_p?: number | null;
  top_logprobs?: number | null;
  stream?: boolean | null;
  stream_options?: { include_obfuscation?: boolean } | null;
  service_tier?: string | null;
  truncation?: "auto" | "disabled" | null;
  user?: string;
  safety_identifier?: string;
  prompt_cache_key?: string;
  prompt_cache_retention?: string | null;
  max_tool_calls?: number | null;
  background?: boolean | null;
  [parameter: string]: unknown;
}

/**
 * The output item types of the built-in tools.
 *
 * @example
 * BUILT_IN_ITEM_TYPES.includes("mcp_call"); // true
 */
export const BUILT_IN_ITEM_TYPES = [
  "web_search_call",
  "code_interpreter_call",
  "image_generation_call",
  "file_search_call",
  "mcp_list_tools",
  "mcp_call",
  "mcp_approval_request",
] as const;
