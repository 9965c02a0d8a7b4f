import type { ToolChoice } from "@langchain/core/language_models/chat_models";
import type OpenAI from "openai";
import { InvalidToolDefinitionError } from "../errors/errors.js";

/**
 * Maps LangChain's `tool_choice` to the wire: `"auto"`, `"none"` and `"required"` pass, `"any"` means `"required"`,
 * a bare name forces that tool (as a custom choice when `customNames` has it: the API refuses a function choice that
 * names a custom tool), an OpenAI object passes. A name (bare or in the object) that is not among `toolNames` is a
 * local error, so the request is never sent.
 *
 * @example
 * convertToolChoice("get_weather", ["get_weather"]); // { type: "function", function: { name: "get_weather" } }
 * convertToolChoice("run_sql", ["run_sql"], ["run_sql"]); // { type: "custom", custom: { name: "run_sql" } }
 * convertToolChoice("any", ["get_weather"]); // "required"
 */
export function convertToolChoice(
  choice: ToolChoice | undefined,
  toolNames: ReadonlyArray<string>,
  customNames: ReadonlyArray<string> = [],
): OpenAI.ChatCompletionToolChoiceOption | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === "string") {
    switch (choice) {
      case "auto":
      case "none":
      case "required":
        return choice;
      case "any":
        return "required";
      default: {
        const name = checkName(choice, toolNames);
        return customNames.includes(name) ? { type: "custom", custom: { name } } : { type: "function", function: { name } };
      }
    }
  }
  const named = (choice as { type?: unknown; function?: { name?: unknown } }).function?.name;
  if ((choice as { type?: unknown }).type === "function" && typeof named === "string") checkName(named, toolNames);
  return choice as OpenAI.ChatCompletionToolChoiceOption;
}

function checkName(name: string, toolNames: ReadonlyArray<string>): string {
  if (toolNames.includes(name)) return name;
  const known = toolNames.length > 0 ? toolNames.map((tool) => `"${tool}"`).join(", ") : "no tools";
  throw new InvalidToolDefinitionError([
    { subject: "tool_choice", pointer: "", problem: `it names "${name}", but the tools are ${known}; use one of those names, "auto", "required" or "none".` },
  ]);
}

/**
 * The names of wire tools (function and custom), which `tool_choice` may name.
 *
 * @example
 * toolNames([{ type: "function", function: { name: "get_weather" } }]); // ["get_weather"]
 */
export function toolNames(tools: ReadonlyArray<OpenAI.ChatCompletionTool>): string[] {
  return tools.map((tool) => (tool.type === "function" ? tool.function.name : tool.custom.name));
}

/**
 * The names of the custom tools among wire tools (a bare `tool_choice` name of one is sent as a custom choice).
 *
 * @example
 * customToolNames([{ type: "custom", custom: { name: "run_sql" } }]); // ["run_sql"]
 */
export function customToolNames(tools: ReadonlyArray<OpenAI.ChatCompletionTool>): string[] {
  return tools.flatMap((tool) => (tool.type === "custom" ? [tool.custom.name] : []));
}

/**
 * Refuses a `tool_choice` given without tools, before anything is sent (the API refuses any tool_choice without tools).
 *
 * @example
 * checkToolChoiceHasTools("required", 0); // throws InvalidToolDefinitionError
 */
export function checkToolChoiceHasTools(choice: ToolChoice | undefined, toolCount: number): void {
  if (choice === undefined || toolCount > 0) return;
  throw new InvalidToolDefinitionError([
    { subject: "tool_choice", pointer: "", problem: `it is ${JSON.stringify(choice)} but no tools were given; bind tools (bindTools) or leave tool_choice unset.` },
  ]);
}
