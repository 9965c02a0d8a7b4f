// Tools and tool_choice in the Responses API's shape: function and custom tools flattened, built-in tools as given,
// and a tool_choice checked against what is bound.

import type { ToolChoice } from "@langchain/core/language_models/chat_models";
import type OpenAI from "openai";
import type { ChatOpenAIToolType } from "../chat-openai-fields.js";
import { InvalidToolDefinitionError } from "../errors/errors.js";
import { isPlainObject } from "../internal/json-values.js";
import { isResponsesBuiltInTool, isServerSideTool, type ResponsesBuiltInTool, WEB_SEARCH_TOOL_TYPES } from "./check-built-in-tools.js";
import { convertToolChoice, customToolNames, toolNames } from "./convert-tool-choice.js";
import { convertToOpenAITools } from "./convert-to-openai-tools.js";
import type { OptionalNullPlan } from "./restore-optional-nulls.js";

type Body = Record<string, unknown>;

/**
 * The tools of a Responses request, its `tool_choice` (undefined when unset), and the null-mapping plans of the
 * strict ones.
 *
 * @example
 * const { tools, toolChoice, restorePlans }: ResponsesTools = convertToResponsesTools([{ type: "web_search" }], {});
 */
export interface ResponsesTools {
  tools: Body[];
  toolChoice?: unknown;
  restorePlans: Map<string, OptionalNullPlan>;
}

/**
 * Converts bound tools for the Responses API: function tools through the same converter as on Chat Completions
 * (strict adapter, null mapping) then flattened (`strict` unset is sent as `null`, as `@langchain/openai` does: the
 * Responses API would otherwise default function tools to strict); custom tools flattened; built-in tools checked and
 * sent as given, in the order given. `tool_choice`: `"auto"`, `"none"`, `"required"` (`"any"`), a function or custom
 * tool's name, a bound built-in tool's type (`"web_search"` -> `{ type: "web_search" }`) or an MCP server's label
 * (-> `{ type: "mcp", server_label }`), or an object in either API's form; what names no bound tool throws an
 * InvalidToolDefinitionError before anything is sent.
 *
 * @example
 * convertToResponsesTools([{ type: "web_search" }, getWeather], { toolChoice: "web_search" });
 * // { tools: [{ type: "web_search" }, { type: "function", name: "get_weather", … }], toolChoice: { type: "web_search" }, … }
 */
export function convertToResponsesTools(tools: ReadonlyArray<ChatOpenAIToolType>, options: { strict?: boolean; toolChoice?: ToolChoice }): ResponsesTools {
  const { all, tools: converted, restorePlans } = convertToOpenAITools(tools, { strict: options.strict, builtInTools: "accept" });
  if (all.length === 0) return { tools: [], restorePlans };
  const builtIns = all.filter((tool): tool is ResponsesBuiltInTool => isResponsesBuiltInTool(tool));
  const toolChoice = convertResponsesToolChoice(options.toolChoice, toolNames(converted), builtIns, customToolNames(converted));
  return { tools: all.map((tool) => (isResponsesBuiltInTool(tool) ? (tool as unknown as Body) : flattenTool(tool))), toolChoice, restorePlans };
}

/**
 * Checks tools being bound (bindTools), so that every problem surfaces then rather than at the first call: for the
 * API the call will use (the Responses API when `useResponsesApi` is true, or unset with a built-in tool among them;
 * Chat Completions otherwise, where built-in tools are refused naming the switch), with the `tool_choice` too.
 *
 * @example
 * checkBoundTools([{ type: "web_search" }], { useResponsesApi: false }); // throws: runs on the Responses API only
 */
export function checkBoundTools(tools: ReadonlyArray<ChatOpenAIToolType>, options: { strict?: boolean; toolChoice?: ToolChoice; useResponsesApi?: boolean }): void {
  if (options.useResponsesApi ?? tools.some(isServerSideTool)) {
    convertToResponsesTools(tools, options);
    return;
  }
  const { tools: converted } = convertToOpenAITools(tools, { strict: options.strict });
  convertToolChoice(options.toolChoice, toolNames(converted), customToolNames(converted));
}

/** A Chat Completions tool in the Responses shape. */
function flattenTool(tool: OpenAI.ChatCompletionTool): Body {
  if (tool.type === "custom") {
    const { name, description, format } = tool.custom;
    const flatFormat = format?.type === "grammar" ? { type: "grammar", definition: format.grammar.definition, syntax: format.grammar.syntax } : format;
    return { type: "custom", name, ...(description !== undefined && { description }), ...(flatFormat !== undefined && { format: flatFormat }) };
  }
  const { name, description, parameters, strict } = tool.function;
  return { type: "function", name, ...(description !== undefined && { description }), parameters: parameters ?? null, strict: strict ?? null };
}

function convertResponsesToolChoice(choice: ToolChoice | undefined, names: string[], builtIns: ResponsesBuiltInTool[], customNames: string[]): unknown {
  if (choice === undefined) return undefined;
  if (typeof choice === "string") {
    if (["auto", "none", "required", "any"].includes(choice) || names.includes(choice)) return flattenToolChoice(convertToolChoice(choice, names, customNames)!);
    if (builtIns.some((tool) => tool.type === choice)) return { type: choice };
    const mcp = builtIns.find((tool) => tool.type === "mcp" && tool.server_label === choice);
    if (mcp !== undefined) return { type: "mcp", server_label: choice };
    return choiceError(`it names "${choice}", but the tools are ${describeTools(names, builtIns)}; use one of those, "auto", "required" or "none".`);
  }
  if (!isPlainObject(choice) || typeof choice.type !== "string") return choiceError(`it is ${JSON.stringify(choice)}, which is not a tool_choice.`);
  switch (choice.type) {
    case "function":
    case "custom": {
      const name = isPlainObject(choice[choice.type]) ? (choice[choice.type] as { name?: unknown }).name : choice.name;
      if (typeof name !== "string" || !names.includes(name)) {
        return choiceError(`it names the ${choice.type} tool ${JSON.stringify(name)}, but the tools are ${describeTools(names, builtIns)}.`);
      }
      return { type: choice.type, name };
    }
    case "allowed_tools":
      return flattenToolChoice(choice as unknown as OpenAI.ChatCompletionToolChoiceOption);
    case "mcp":
      if (builtIns.some((tool) => tool.type === "mcp" && tool.server_label === choice.server_label)) return choice;
      return choiceError(`it names the MCP server ${JSON.stringify(choice.server_label)}, but no mcp tool with that server_label is bound.`);
    default:
      if (builtIns.some((tool) => tool.type === choice.type || (WEB_SEARCH_TOOL_TYPES.has(tool.type) && WEB_SEARCH_TOOL_TYPES.has(String(choice.type))))) return choice;
      return choiceError(`it asks for the tool type ${JSON.stringify(choice.type)}, but no such tool is bound (the tools are ${describeTools(names, builtIns)}).`);
  }
}

function flattenToolChoice(choice: OpenAI.ChatCompletionToolChoiceOption): unknown {
  if (typeof choice === "string") return choice;
  switch (choice.type) {
    case "function":
      return { type: "function", name: choice.function.name };
    case "custom":
      return { type: "custom", name: choice.custom.name };
    case "allowed_tools":
      // Chat Completions nests the list under `allowed_tools`; the Responses form is already flat.
      return isPlainObject((choice as { allowed_tools?: unknown }).allowed_tools) ? { type: "allowed_tools", ...choice.allowed_tools } : choice;
    default:
      return choice;
  }
}

function describeTools(names: string[], builtIns: ResponsesBuiltInTool[]): string {
  const all = [...names.map((name) => `"${name}"`), ...builtIns.map((tool) => `${tool.type}${tool.type === "mcp" ? ` "${tool.server_label}"` : ""}`)];
  return all.length > 0 ? all.join(", ") : "no tools";
}

function choiceError(problem: string): never {
  throw new InvalidToolDefinitionError([{ subject: "tool_choice", pointer: "", problem }]);
}
