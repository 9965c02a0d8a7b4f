import type { ChatCompletionRequest, WireFunctionDefinition } from "../wire.js";
import { endsWithToolResults, lastMessage, messageText } from "./conversation.js";

/** What the model will call: functions through `tool_calls`, or one legacy `function_call`. */
export interface CallDecision {
  style: "tools" | "function_call";
  functions: WireFunctionDefinition[];
}

/**
 * Decides whether the reply is a call and to which functions, the way a model that follows instructions would:
 * a forced `tool_choice` (or `function_call`) is obeyed; `"required"` calls the tools the user named, else the first;
 * `"auto"` calls the tools the last user message names; after tool results the model answers in text, so agent loops
 * end. Several named tools give parallel calls unless `parallel_tool_calls` is false.
 *
 * @example
 * decideCalls({ model: "gpt-4o", messages: [{ role: "user", content: "Use get_weather" }], tools });
 * // { style: "tools", functions: [getWeather] }
 */
export function decideCalls(request: ChatCompletionRequest): CallDecision | undefined {
  if (request.tools && request.tools.length > 0) {
    const functions = request.tools.map((tool) => tool.function);
    const chosen = chooseFunctions(request, functions, request.tool_choice ?? "auto");
    if (!chosen) return undefined;
    return { style: "tools", functions: request.parallel_tool_calls === false ? chosen.slice(0, 1) : chosen };
  }
  if (request.functions && request.functions.length > 0) {
    const choice = request.function_call ?? "auto";
    const forced = typeof choice === "object" ? { type: "function" as const, function: choice } : choice;
    const chosen = chooseFunctions(request, request.functions, forced);
    // The legacy API returns at most one call.
    return chosen ? { style: "function_call", functions: chosen.slice(0, 1) } : undefined;
  }
  return undefined;
}

function chooseFunctions(
  request: ChatCompletionRequest,
  functions: WireFunctionDefinition[],
  choice: NonNullable<ChatCompletionRequest["tool_choice"]>,
): WireFunctionDefinition[] | undefined {
  if (typeof choice === "object") {
    const forced = functions.find((candidate) => candidate.name === choice.function.name);
    return forced ? [forced] : undefined;
  }
  switch (choice) {
    case "none":
      return undefined;
    case "required": {
      const named = namedInLastUserTurn(request, functions);
      return named.length > 0 ? named : functions.slice(0, 1);
    }
    case "auto": {
      if (endsWithToolResults(request) || lastMessage(request)?.role !== "user") return undefined;
      const named = namedInLastUserTurn(request, functions);
      return named.length > 0 ? named : undefined;
    }
    default: {
      const unknown: never = choice;
      throw new Error(`Unhandled tool_choice ${String(unknown)}`);
    }
  }
}

// A tool counts as named when its name appears in the user's text, as written or with _ and - read as spaces
// ("get_weather" or "get weather"), in the order the user mentions them.
function namedInLastUserTurn(request: ChatCompletionRequest, functions: WireFunctionDefinition[]): WireFunctionDefinition[] {
  const user = request.messages.findLast((message) => message.role === "user");
  const text = messageText(user).toLowerCase();
  return functions
    .map((candidate) => ({ candidate, at: mentionIndex(text, candidate.name.toLowerCase()) }))
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
