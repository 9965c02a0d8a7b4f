// The built-in tools the Responses route serves, one module each, and how the route picks the one a request runs:
// a forced `tool_choice` ({type: "web_search_preview"}, {type: "code_interpreter"}, …) runs that tool; `required`
// runs the first built-in the question calls for (or the first built-in when no function or custom tool is offered);
// `auto` runs the first built-in the question calls for (its module's deterministic rule), unless the conversation
// ends with tool results (the model then answers them); `allowed_tools` narrows the candidates; `none` runs nothing.

import type { FilesScope } from "../../files/file-store.js";
import type { ResponsesRequest, ResponsesTool } from "../../responses-wire.js";
import type { ObjectSchema } from "../../validate/validation-schema.js";
import type { BuiltInToolHandler, BuiltInToolParam } from "./built-in-tool.js";
import { codeInterpreterTool } from "./code-interpreter.js";
import { fileSearchTool } from "./file-search.js";
import { imageGenerationTool } from "./image-generation.js";
import { mcpTool } from "./mcp.js";
import { webSearchTool } from "./web-search.js";

// In the order a question is checked against them; MCP (which lists its tools whenever offered) last.
const HANDLERS: readonly BuiltInToolHandler[] = [fileSearchTool, webSearchTool, codeInterpreterTool, imageGenerationTool, mcpTool];

/**
 * The module serving a tool type, or undefined for function and custom tools and for built-ins not served yet.
 *
 * @example
 * builtInHandler("web_search_preview") === webSearchTool; // true
 */
export function builtInHandler(type: string): BuiltInToolHandler | undefined {
  return HANDLERS.find((handler) => Object.hasOwn(handler.schemas, type));
}

/**
 * The fields of every served built-in tool type, keyed by type, for the request validator.
 *
 * @example
 * Object.keys(builtInToolSchemas()); // ["web_search", "web_search_2025_08_26", …, "image_generation"]
 */
export function builtInToolSchemas(): Record<string, ObjectSchema> {
  return Object.assign({}, ...HANDLERS.map((handler) => handler.schemas)) as Record<string, ObjectSchema>;
}

/** The built-in tool a request runs, with its module. */
export interface ChosenBuiltIn {
  handler: BuiltInToolHandler;
  tool: BuiltInToolParam;
}

/**
 * The built-in tool this turn runs (see the file's header), or undefined.
 *
 * @example
 * chooseBuiltIn({ model: "gpt-5", input: "Latest news?", tools: [{ type: "web_search" }] }, "Latest news?", false)?.tool.type; // "web_search"
 */
export function chooseBuiltIn(request: ResponsesRequest, question: string, answeringToolResults: boolean, files?: FilesScope): ChosenBuiltIn | undefined {
  const tools = request.tools ?? [];
  const builtIns = tools.flatMap((tool): ChosenBuiltIn[] => {
    const handler = builtInHandler(tool.type);
    return handler ? [{ handler, tool: tool as BuiltInToolParam }] : [];
  });
  if (builtIns.length === 0) return undefined;
  const choice = request.tool_choice ?? "auto";
  if (choice === "none") return undefined;
  if (typeof choice === "object" && choice.type !== "allowed_tools") {
    const forced = builtInHandler(choice.type);
    const label = choice.type === "mcp" ? choice.server_label : undefined;
    return forced ? builtIns.find((candidate) => candidate.handler === forced && (label === undefined || candidate.tool.server_label === label)) : undefined;
  }
  const allowed = typeof choice === "object" ? builtIns.filter((candidate) => choice.tools.some((entry) => entry.type === candidate.tool.type)) : builtIns;
  const mode = typeof choice === "object" ? choice.mode : choice;
  const others = typeof choice === "object" ? choice.tools.filter((entry) => !builtInHandler(String(entry.type))) : tools.filter((tool) => !builtInHandler(tool.type));
  const wanted = allowed.find((candidate) => candidate.handler.wants(question, candidate.tool, files));
  if (mode === "required") return wanted ?? (others.length === 0 ? allowed[0] : undefined);
  return answeringToolResults ? undefined : wanted;
}

/**
 * A tool as the response's `tools` echoes it: built-ins with the API's defaults (each module's `echo`), custom tools
 * with their format, function tools with every member and `strict` as used.
 *
 * @example
 * echoTool({ type: "web_search" }).search_context_size; // "medium"
 */
export function echoTool(tool: ResponsesTool): Record<string, unknown> {
  switch (tool.type) {
    case "function":
      return { type: "function", description: tool.description ?? null, name: tool.name, parameters: tool.parameters ?? null, strict: tool.strict ?? true };
    case "custom":
      // A description is a string when present (the spec's CustomToolParam); none is left out rather than null.
      return { type: "custom", name: tool.name, ...(tool.description !== undefined && { description: tool.description }), format: tool.format ?? { type: "text" } };
    default: {
      const handler = builtInHandler(tool.type);
      return handler ? handler.echo(tool as BuiltInToolParam) : { ...tool };
    }
  }
}
