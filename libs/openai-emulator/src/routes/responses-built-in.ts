// How the Responses route runs a built-in tool before its answer: the registry picks the tool (responses-tools/
// registry.ts), its module runs it, and the answer is the module's text (code results) or the engine's (then cited, for
// web search), scripted through the engine so stop sequences and the output limit still apply. Usage: what the tool
// returned to the model (search results, logs) is billed as input tokens (the recorded web search exchange bills
// 31,073 input tokens for a one-line question: vercel/ai openai-web-search-tool.1), what the model wrote for the call
// (query, code, revised prompt) as output tokens. An assumption for the exact figures; the API does not publish them.

import type { Tiktoken } from "js-tiktoken/lite";
import { lastUserMessage, messageText } from "../engine/conversation.js";
import type { GeneratedChoice, ScriptedReply } from "../engine/generate-choice.js";
import { codePoints } from "../engine/web-citations.js";
import type { Random } from "../engine/random.js";
import type { IdSource } from "../ids.js";
import type { ResponsesInputItem, ResponsesRequest } from "../responses-wire.js";
import type { ScenarioResponse } from "../scenarios/scenario.js";
import type { ChatCompletionRequest } from "../wire.js";
import type { FilesScope } from "../files/file-store.js";
import { annotationEnd, type BuiltInRun, type BuiltInToolParam, type OutputAnnotation } from "./responses-tools/built-in-tool.js";
import { builtInHandler, type ChosenBuiltIn, chooseBuiltIn } from "./responses-tools/registry.js";

/**
 * A built-in tool run of this turn, and the reply the engine is to write after it.
 *
 * @example
 * const step: BuiltInStep | undefined = planBuiltInStep(context);
 * step?.script; // { kind: "text", text: "… ([site](url))" }
 */
export interface BuiltInStep {
  chosen: ChosenBuiltIn;
  run: BuiltInRun;
  /** The chat request the engine answers: no calls after a built-in ran (`tool_choice: "none"`). */
  chat: ChatCompletionRequest;
  script: ScriptedReply;
  annotations: OutputAnnotation[];
}

/**
 * What a built-in step depends on.
 *
 * @example
 * planBuiltInStep({ body, history, chat, respond, scripted, ids, random, files, engineText: (request) => generate(request).text });
 */
export interface BuiltInStepContext {
  body: ResponsesRequest;
  /** The items `previous_response_id` continues. */
  history: ReadonlyArray<ResponsesInputItem>;
  chat: ChatCompletionRequest;
  respond: ScenarioResponse | undefined;
  scripted: ScriptedReply | undefined;
  ids: IdSource;
  random: Random;
  /** The caller's files and vector stores (for file search). */
  files: FilesScope;
  /** The engine's own text for a chat request, when neither the tool nor a scenario decides the answer. */
  engineText: (chat: ChatCompletionRequest) => string;
}

/**
 * Runs the built-in tool the turn calls for, if any (a scenario that scripts function calls runs none), and scripts
 * the answer that follows it.
 *
 * @example
 * const step = planBuiltInStep({ body, chat, respond, scripted, ids, random, engineText });
 * step?.run.items[0]?.type; // "web_search_call"
 */
export function planBuiltInStep(context: BuiltInStepContext): BuiltInStep | undefined {
  const { body, chat, scripted } = context;
  if (scripted?.kind === "calls") return undefined;
  const question = messageText(lastUserMessage(chat));
  const chosen = chooseBuiltIn(body, question, chat.messages.at(-1)?.role === "tool", context.files);
  if (!chosen) return undefined;
  const include = new Set(body.include ?? []);
  const respond = context.respond;
  const script = respond && { webSearch: respond.webSearch, codeInterpreter: respond.codeInterpreter, mcp: respond.mcp };
  const conversation = [...context.history, ...(typeof body.input === "string" ? [] : (body.input ?? []))];
  const random = context.random.fork(`built-in:${chosen.tool.type}`);
  const run = chosen.handler.run({
    tool: chosen.tool,
    question,
    include,
    ids: context.ids,
    random,
    files: context.files,
    conversation,
    ...(body.tool_choice !== undefined && { toolChoice: body.tool_choice }),
    ...(script && { script }),
  });
  const answerChat: ChatCompletionRequest = { ...chat, tool_choice: "none" };
  if (run.endsTurn) return { chosen, run, chat: answerChat, script: { kind: "text", text: "" }, annotations: [] };
  if (scripted?.kind === "refusal") return { chosen, run, chat: answerChat, script: scripted, annotations: [] };
  const base = scripted?.text ?? run.answer ?? context.engineText(answerChat);
  const cited = run.cite ? run.cite(base) : { text: base, annotations: [] };
  return { chosen, run, chat: answerChat, script: { kind: "text", text: cited.text }, annotations: cited.annotations };
}

/**
 * Whether the model may call a function or custom tool after a built-in step in the same response: the request offers
 * some, does not say `tool_choice: "none"`, and the step neither ended the turn (an MCP approval request) nor was
 * scripted as a refusal. The engine then decides as for any turn (a tool the question names, `required`, …).
 *
 * @example
 * callsMayFollow(step, chat); // true for web_search plus get_weather, asked "search …, then use get_weather"
 */
export function callsMayFollow(step: BuiltInStep, chat: ChatCompletionRequest): boolean {
  return step.run.endsTurn !== true && step.script.kind === "text" && (chat.tools?.length ?? 0) > 0 && chat.tool_choice !== "none";
}

/**
 * The annotations that still fit the answer as generated (an output limit may cut a citation off).
 *
 * @example
 * annotationsWithin(step, choice); // [] when the citation was cut
 */
export function annotationsWithin(step: BuiltInStep | undefined, choice: GeneratedChoice): OutputAnnotation[] {
  if (!step || choice.kind !== "text") return [];
  const length = codePoints(choice.text);
  return step.annotations.filter((annotation) => annotationEnd(annotation) <= length);
}

/**
 * The tokens a built-in run adds: what the tool returned (input) and what the model wrote to call it (output).
 *
 * @example
 * builtInTokens(step, encoder); // { input: 120, output: 8 }
 */
export function builtInTokens(step: BuiltInStep | undefined, encoder: Tiktoken): { input: number; output: number } {
  if (!step) return { input: 0, output: 0 };
  return { input: encoder.encode(step.run.inputText).length, output: encoder.encode(step.run.outputText).length };
}

/**
 * Checks what the request's built-in tools refer to, before anything is generated (file search: its vector stores
 * exist in the caller's scope).
 *
 * @example
 * checkBuiltInTools(body, context.files.scope(scope)); // throws the API's error for an unknown vector store
 */
export function checkBuiltInTools(body: ResponsesRequest, files: FilesScope): void {
  for (const [index, tool] of (body.tools ?? []).entries()) builtInHandler(tool.type)?.check?.(tool as BuiltInToolParam, index, files);
}
