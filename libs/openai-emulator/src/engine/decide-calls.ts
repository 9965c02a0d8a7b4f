import type { ChatCompletionRequest, WireCustomToolDefinition, WireFunctionDefinition, WireTool, WireToolChoice } from "../wire.js";
import { endsWithToolResults, lastMessage, messageText } from "./conversation.js";

/** A tool the model can call: a function (JSON arguments) or a custom tool (free-form text input). */
export type CallableTool =
  | { kind: "function"; definition: WireFunctionDefinition }
  | { kind: "custom"; definition: WireCustomToolDefinition };

/** What the model will call: tools through `tool_calls`, or one legacy `function_call`. */
export interface CallDecision {
  style: "tools" | "function_call";
  tools: CallableTool[];
}

/**
 * Decides whether the reply is a call and to which tools, the way a model that follows instructions would:
 * a forced `tool_choice` (or `function_call`) is obeyed; `"required"` calls the tools the user named, else the first;
 * `"auto"` calls the tools the last user message names; `allowed_tools` applies its mode to the tools it lists; after
 * tool results the model answers in text, so agent loops end. Several named tools give parallel calls unless
 * `parallel_tool_calls` is false. Custom tools are candidates like functions (their call carries text input).
 *
 * @example
 * decideCalls({ model: "gpt-4o", messages: [{ role: "user", content: "Use get_weather" }], tools });
 * // { style: "tools", tools: [{ kind: "function", definition: getWeather }] }
 */
export function decideCalls(request: ChatCompletionRequest): CallDecision | undefined {
  if (request.tools && request.tools.length > 0) {
    const chosen = chooseTools(request, request.tools.map(toCallable), request.tool_choice ?? "auto");
    if (!chosen) return undefined;
    return { style: "tools", tools: request.parallel_tool_calls === false ? chosen.slice(0, 1) : chosen };
  }
  if (request.functions && request.functions.length > 0) {
    const choice = request.function_call ?? "auto";
    const forced: WireToolChoice = typeof choice === "object" ? { type: "function", function: choice } : choice;
    const functions = request.functions.map((definition): CallableTool => ({ kind: "function", definition }));
    const chosen = chooseTools(request, functions, forced);
    // The legacy API returns at most one call.
    return chosen ? { style: "function_call", tools: chosen.slice(0, 1) } : undefined;
  }
  return undefined;
}

function toCallable(tool: WireTool): CallableTool {
  return tool.type === "custom" ? { kind: "custom", definition: tool.custom } : { kind: "function", definition: tool.function };
}

function chooseTools(request: ChatCompletionRequest, tools: CallableTool[], choice: WireToolChoice): CallableTool[] | undefined {
  if (typeof choice === "object") {
    switch (choice.type) {
      case "function":
      case "custom": {
        const name = choice.type === "custom" ? choice.custom.name : choice.function.name;
        const forced = tools.find((candidate) => candidate.kind === choice.type && candidate.definition.name === name);
        return forced ? [forced] : undefined;
      }
      case "allowed_tools": {
        const allowed = tools.filter((candidate) => choice.allowed_tools.tools.some((reference) => refersTo(reference, candidate)));
        return allowed.length > 0 ? chooseTools(request, allowed, choice.allowed_tools.mode) : undefined;
      }
      default: {
        const unknown: never = choice;
        throw new Error(`Unhandled tool_choice ${JSON.stringify(unknown)}`);
      }
    }
  }
  switch (choice) {
    case "none":
      return undefined;
    case "required": {
      const named = namedInLastUserTurn(request, tools);
      return named.length > 0 ? named : tools.slice(0, 1);
    }
    case "auto": {
      if (endsWithToolResults(request) || lastMessage(request)?.role !== "user") return undefined;
      const named = namedInLastUserTurn(request, tools);
      return named.length > 0 ? named : undefined;
    }
    default: {
      const unknown: never = choice;
      throw new Error(`Unhandled tool_choice ${String(unknown)}`);
    }
  }
}

// An `allowed_tools` entry names a tool by type and name, as `{ type: "function", function: { name } }` or
// `{ type: "custom", custom: { name } }`.
function refersTo(reference: Record<string, unknown>, candidate: CallableTool): boolean {
  if (reference.type !== candidate.kind) return false;
  const body = reference[candidate.kind];
  return typeof body === "object" && body !== null && (body as { name?: unknown }).name === candidate.definition.name;
}

// A tool counts as named when its name appears in the user's text, as written or with _ and - read as spaces
// ("get_weather" or "get weather"), in the order the user mentions them.
function namedInLastUserTurn(request: ChatCompletionRequest, tools: CallableTool[]): CallableTool[] {
  const user = request.messages.findLast((message) => message.role === "user");
  const text = messageText(user).toLowerCase();
  return tools
    .map((candidate) => ({ candidate, at: mentionIndex(text, candidate.definition.name.toLowerCase()) }))
    .filter((entry) => entry.at >= 0)
    .sort((left, right) => left.at - right.at)
    .map((entry) => entry.candidate);
}

function mentionIndex(text: string, name: string): number {
  const direct = text.indexOf(name);
  if (direct >= 0) return direct;
  const spaced = name.replace(/[_-]+/gu, " ").trim();
  return spaced.length > 0 && spaced !== name ? text.indexOf(spaced) : -1;
}
