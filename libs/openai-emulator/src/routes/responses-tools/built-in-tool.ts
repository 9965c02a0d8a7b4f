// The contract between the Responses route and the modules that serve OpenAI's built-in tools (web search, code
// interpreter, image generation, …): one module per tool, listed in registry.ts. A module validates its tool's
// fields, echoes the tool with the API's defaults, says whether a question calls for it, runs it (deterministically:
// the emulator never searches, runs code or draws) and streams its item's events.

import type { FilesScope } from "../../files/file-store.js";
import type { IdSource } from "../../ids.js";
import type { BUILT_IN_ITEM_TYPES, ResponsesInputItem, ResponsesToolChoice } from "../../responses-wire.js";
import type { Random } from "../../engine/random.js";
import type { SseEvent } from "../../sse.js";
import type { ObjectSchema } from "../../validate/validation-schema.js";

/**
 * A built-in tool as the request declares it (its `type` and the tool's own fields, already validated).
 *
 * @example
 * const tool: BuiltInToolParam = { type: "web_search", search_context_size: "low" };
 */
export type BuiltInToolParam = { type: string } & Record<string, unknown>;


/**
 * One of {@link BUILT_IN_ITEM_TYPES} (responses-wire.ts).
 *
 * @example
 * const type: BuiltInItemType = "web_search_call";
 */
export type BuiltInItemType = (typeof BUILT_IN_ITEM_TYPES)[number];

/**
 * An output item of a built-in tool call (`web_search_call`, `code_interpreter_call`, `image_generation_call`), in
 * its finished state.
 *
 * @example
 * const item: BuiltInCallItem = { id: "ws_1", type: "web_search_call", status: "completed", action: { type: "search", query: "paris" } };
 */
export interface BuiltInCallItem {
  id: string;
  type: BuiltInItemType;
  status?: string;
  [field: string]: unknown;
}

/**
 * An annotation of the answer's `output_text`: a `url_citation` (web search) around its inline link, or a
 * `file_citation` (file search) at one position; indices in code points.
 *
 * @example
 * const citation: OutputAnnotation = { type: "url_citation", start_index: 10, end_index: 60, title: "Paris", url: "https://en.wikipedia.org/wiki/paris" };
 */
export type OutputAnnotation =
  | { type: "url_citation"; start_index: number; end_index: number; title: string; url: string }
  | { type: "file_citation"; file_id: string; filename: string; index: number };

/**
 * Where an annotation ends in the answer's text (in code points): a stream announces it once the text got there.
 *
 * @example
 * annotationEnd({ type: "file_citation", file_id: "file-1", filename: "a.txt", index: 42 }); // 42
 */
export function annotationEnd(annotation: OutputAnnotation): number {
  return annotation.type === "url_citation" ? annotation.end_index : annotation.index;
}

/**
 * What a tool run needs: the tool as declared, the question it answers, the request's `include` values, ids and a
 * random stream seeded by the request.
 *
 * @example
 * const context: BuiltInRunContext = { tool, question: "What is 6 * 7?", include: new Set(), ids, random };
 */
export interface BuiltInRunContext {
  tool: BuiltInToolParam;
  /** The text of the last user message. */
  question: string;
  include: ReadonlySet<string>;
  ids: IdSource;
  random: Random;
  /** The caller's files and vector stores (for file search). */
  files?: FilesScope;
  /** The conversation: the items `previous_response_id` continues, then this request's input (MCP reads approvals). */
  conversation?: ReadonlyArray<ResponsesInputItem>;
  /** The request's `tool_choice`. */
  toolChoice?: ResponsesToolChoice;
  /** What a scenario rule scripted for the built-in tools (scenario `respond.webSearch`, `respond.codeInterpreter`). */
  script?: BuiltInScript;
}

/**
 * Built-in results a scenario scripts: a search's query and pages, a code interpreter's code and printed logs.
 *
 * @example
 * const script: BuiltInScript = { webSearch: { query: "mars news", results: [{ title: "Mars", url: "https://nasa.gov/mars", snippet: "…" }] } };
 */
export interface BuiltInScript {
  webSearch?: { query?: string; results?: Array<{ title: string; url: string; snippet: string }> };
  codeInterpreter?: { code: string; logs: string };
  mcp?: ScriptedMcp;
}

/**
 * What a scenario scripts for MCP servers (the emulator reaches none): the tools a server lists and, optionally, the
 * call the model makes with its output (or error).
 *
 * @example
 * const mcp: ScriptedMcp = { tools: [{ name: "roll", inputSchema: { type: "object", properties: { sides: { type: "integer" } } } }], call: { name: "roll", output: "4" } };
 */
export interface ScriptedMcp {
  /** The server it scripts (its `server_label`); all MCP tools of the request when left out. */
  serverLabel?: string;
  tools: Array<{ name: string; description?: string; inputSchema?: Record<string, unknown>; annotations?: Record<string, unknown> }>;
  call?: { name: string; arguments?: Record<string, unknown> | string; output?: string; error?: string };
}

/**
 * The result of one run: the finished items, the text the model reads back (billed as input tokens), the text the
 * model wrote to call it (billed as output tokens), and how the answer is made from it.
 *
 * @example
 * const run: BuiltInRun = { items: [item], inputText: "42", outputText: "print(6 * 7)", answer: "6 * 7 = 42." };
 */
export interface BuiltInRun {
  /** In output order (one call; for MCP, the tool list, then a call or an approval request). */
  items: BuiltInCallItem[];
  /** The turn ends with the items, without an answer (an MCP approval request waits for the user). */
  endsTurn?: boolean;
  /** What the tool returned to the model: counted as input tokens (search results, logs). */
  inputText: string;
  /** What the model wrote for the call (query, code): counted as output tokens. */
  outputText: string;
  /** The answer's text, when the tool decides it (code results, an image's empty caption); else the engine's text. */
  answer?: string;
  /** Adds citations to the answer's text (web search). */
  cite?: (text: string) => { text: string; annotations: OutputAnnotation[] };
}

/**
 * Builds one SSE event with the stream's next sequence number.
 *
 * @example
 * yield event("response.web_search_call.searching", { output_index: 0, item_id: item.id });
 */
export type EventMaker = (type: string, payload: Record<string, unknown>) => SseEvent;

/**
 * One built-in tool's module.
 *
 * @example
 * const handler: BuiltInToolHandler = webSearchTool;
 * Object.keys(handler.schemas).includes("web_search_preview"); // true
 */
export interface BuiltInToolHandler {
  /** The fields of each `type` value it serves (dated variants included), for the validator. */
  schemas: Readonly<Record<string, ObjectSchema>>;
  /** The tool as the response's `tools` echoes it, with the API's defaults. */
  echo(tool: BuiltInToolParam): Record<string, unknown>;
  /** Whether a question calls for the tool when the model chooses (`tool_choice: "auto"`). Deterministic. */
  wants(question: string, tool: BuiltInToolParam, files: FilesScope | undefined): boolean;
  /** Checks what the tool refers to before anything is generated (file search: its vector stores exist). */
  check?(tool: BuiltInToolParam, index: number, files: FilesScope): void;
  /** Runs the tool for the question. */
  run(context: BuiltInRunContext): BuiltInRun;
  /** The item as `response.output_item.added` announces it. */
  opened(item: BuiltInCallItem): BuiltInCallItem;
  /** The events between the item's `output_item.added` and `output_item.done`, in the recorded order. */
  events(item: BuiltInCallItem, outputIndex: number, event: EventMaker, tool: BuiltInToolParam): Generator<SseEvent>;
}
