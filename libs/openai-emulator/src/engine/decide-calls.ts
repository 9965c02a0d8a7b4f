import type { ChatCompletionRequest, WireCustomToolDefinition, WireFunctionDefinition, WireTool, WireToolChoice } from "../wire.js";
import { endsWithToolResults, lastMessage, messageText } from "./conversation.js";
import { analysedText, contentWords } from "./words.js";

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
 * a forced `tool_choice` (or `function_call`) is obeyed; `"required"` calls the relevant tools, else the first;
 * `"auto"` calls the relevant tools (see {@link relevantTools}) or none; `allowed_tools` applies its mode to the tools it
 * lists; after tool results the model answers in text, so agent loops end. Several relevant tools give parallel calls
 * unless `parallel_tool_calls` is false. Custom tools are candidates like functions (their call carries text input).
 *
 * @example
 * decideCalls({ model: "gpt-4o", messages: [{ role: "user", content: "What's the weather in Paris?" }], tools });
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
      const relevant = relevantTools(request, tools);
      return relevant.length > 0 ? relevant : tools.slice(0, 1);
    }
    case "auto": {
      if (endsWithToolResults(request) || lastMessage(request)?.role !== "user") return undefined;
      const relevant = relevantTools(request, tools);
      return relevant.length > 0 ? relevant : undefined;
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

// Words in a system sentence that ask for a tool to be used ("Always use get_weather", "Utilise recherche", "検索を使って").
const INSTRUCTION = /\b(?:use|using|call|calling|invoke|run|always|must|utilise|utiliser|utilisez|appelle|appeler|usa|usar|verwende|nutze)\b|使/iu;

/**
 * The tools a request's last user message relates to, in the order the user's text refers to them. A tool is relevant
 * when the message names it (as written, or with `_`/`-` read as spaces), when a content word of the message (see
 * {@link contentWords}: any script, case folded, stemmed, stopwords left out) is also a word of the tool's name or
 * description, or when a system or developer message has a sentence that names the tool and asks to use it.
 *
 * @example
 * relevantTools({ model: "gpt-4o", messages: [{ role: "user", content: "what is 3 times 12" }], tools }, [multiply]);
 * // [multiply] (its description: "Multiply two numbers.")
 */
export function relevantTools(request: ChatCompletionRequest, tools: CallableTool[]): CallableTool[] {
  const user = request.messages.findLast((message) => message.role === "user");
  const text = analysedText(messageText(user));
  const userWords = contentWords(text);
  const instructions = request.messages
    .filter((message) => message.role === "system" || message.role === "developer")
    .flatMap((message) => analysedText(messageText(message)).split(/(?<=[.!?。！？\n])/u))
    .filter((sentence) => INSTRUCTION.test(sentence));
  return tools
    .map((candidate, order) => ({ candidate, order, at: relevanceIndex(candidate, text, userWords, instructions) }))
    .filter((entry) => entry.at < Number.POSITIVE_INFINITY)
    .sort((left, right) => left.at - right.at || left.order - right.order)
    .map((entry) => entry.candidate);
}

// Where in the user's text the tool is first referred to (by name or by a shared word); a tool only a system
// instruction asks for comes after those; Infinity when nothing relates to it.
function relevanceIndex(candidate: CallableTool, text: string, userWords: ReturnType<typeof contentWords>, instructions: string[]): number {
  const name = candidate.definition.name.toLowerCase();
  const named = mentionIndex(text.toLowerCase(), name);
  const toolWords = new Set(contentWords(`${candidate.definition.name} ${candidate.definition.description ?? ""}`).map((word) => word.stem));
  const shared = userWords.find((word) => toolWords.has(word.stem))?.at ?? -1;
  const hits = [named, shared].filter((at) => at >= 0);
  if (hits.length > 0) return Math.min(...hits);
  const instructed = instructions.some((sentence) => mentionIndex(sentence.toLowerCase(), name) >= 0);
  return instructed ? text.length : Number.POSITIVE_INFINITY;
}

function mentionIndex(text: string, name: string): number {
  const direct = text.indexOf(name);
  if (direct >= 0) return direct;
  const spaced = name.replace(/[_-]+/gu, " ").trim();
  return spaced.length > 0 && spaced !== name ? text.indexOf(spaced) : -1;
}
