import type { Tiktoken } from "js-tiktoken/lite";
import { EmulatorHttpError } from "../errors.js";
import type { IdSource } from "../ids.js";
import type { ChatCompletionRequest, JsonSchema } from "../wire.js";
import { composeCustomInput } from "./compose-custom-input.js";
import { composeJsonObjectReply, composeTextReply } from "./compose-reply.js";
import { type CallableTool, decideCalls } from "./decide-calls.js";
import { lastUserMessage, messageText, trailingToolResults } from "./conversation.js";
import { fillFromConversation } from "./fill-from-conversation.js";
import { modelCapabilities, type ModelProfile } from "./models.js";
import { groupWholeCharacters, tokenizeOutput, type OutputToken, type TokenGroup } from "./output-tokens.js";
import type { Random } from "./random.js";
import { planReasoning } from "./reasoning.js";
import type { SpokenAudio } from "./audio-output.js";
import { citeWebSources, keepCitationsWithin, type UrlCitation } from "./web-citations.js";

/** Why a choice ended, as the wire reports it. */
export type FinishReason = "stop" | "length" | "tool_calls" | "function_call" | "content_filter";

/** One generated call, with its arguments (or a custom tool's input) split into streamable whole-token groups. */
export interface GeneratedCall {
  id: string;
  /** A function call (JSON `arguments`) or a custom tool call (free-form `input`, carried in `arguments`). */
  kind: "function" | "custom";
  name: string;
  arguments: string;
  argumentGroups: TokenGroup[];
}

/** Everything the response writers need about one choice. */
export interface GeneratedChoice {
  index: number;
  kind: "text" | "tool_calls" | "function_call" | "refusal";
  /** The content text, or the refusal's (empty for calls). */
  text: string;
  /** The content as whole-token groups, one streamed delta each. */
  textGroups: TokenGroup[];
  textTokens: OutputToken[];
  calls: GeneratedCall[];
  finishReason: FinishReason;
  /** Every token the choice is billed for: hidden reasoning plus visible content or calls. */
  completionTokens: number;
  /** Hidden reasoning tokens (0 for models that do not reason), counted inside `completionTokens`. */
  reasoningTokens: number;
  /** The search models' URL citations into `text` (see citeWebSources); absent elsewhere. */
  annotations?: UrlCitation[];
  /** A spoken answer (see speakChoices): `text` is its transcript, and the message's content is null. */
  audio?: SpokenAudio;
}

/** What generation depends on. */
export interface GenerationContext {
  request: ChatCompletionRequest;
  model: ModelProfile;
  encoder: Tiktoken;
  ids: IdSource;
  /** Seeded by the request's content, so every run of the same request generates the same choices. */
  random: Random;
  /** What a scenario rule scripted, instead of what the emulated model would say. */
  script?: ScriptedReply;
}

/**
 * A scripted reply: text (or JSON, as its text), a refusal, or tool calls whose arguments are given as text or, when
 * undefined, generated from the tool's schema.
 */
export type ScriptedReply =
  | { kind: "text"; text: string }
  | { kind: "refusal"; text: string }
  | { kind: "calls"; calls: Array<{ name: string; arguments: string | undefined }> };

const EMPTY_PARAMETERS: JsonSchema = { type: "object", properties: {} };

/**
 * Generates choice `index`: a tool or function call when the request calls for one, else text or JSON, then applies
 * `stop` (text is cut before the stop sequence) and the output token limit (cut at a token boundary, finish
 * `length`). A reasoning model first spends hidden reasoning tokens from the same limit (`max_completion_tokens`
 * budgets both); when they use it all, the choice has empty content and finish `length`. Each choice draws from its
 * own random stream, so choice 0 is the same whatever `n` is.
 *
 * @example
 * const choice = generateChoice({ request, model, encoder, ids, random: createRandom(seed) }, 0);
 * choice.completionTokens; // visible tokens + choice.reasoningTokens
 */
export function generateChoice(context: GenerationContext, index: number): GeneratedChoice {
  const random = context.random.fork(`choice:${index}`);
  const limit = context.request.max_completion_tokens ?? context.request.max_tokens ?? Number.POSITIVE_INFINITY;
  const plan = planReasoning(context.model, context.request.reasoning_effort, limit, random.fork("reasoning"));
  if (plan.visibleBudget <= 0) return withReasoning(exhaustedChoice(index), plan.reasoningTokens);
  if (context.script) return withReasoning(scriptedChoice(context, context.script, index, random, plan.visibleBudget), plan.reasoningTokens);
  const decision = decideCalls(context.request);
  if (decision) {
    const calls = decision.tools.map((tool, callIndex) => draftCall(tool, context.request, random.fork(`call:${callIndex}`)));
    return withReasoning(limitCalls(context, index, decision.style, calls, plan.visibleBudget), plan.reasoningTokens);
  }
  return withReasoning(composeCitedText(context, index, random, plan.visibleBudget), plan.reasoningTokens);
}

/** Generated text, with a cited web source for the search models (plain-text answers only: JSON stays parseable). */
function composeCitedText(context: GenerationContext, index: number, random: Random, limit: number): GeneratedChoice {
  const content = composeContent(context, random);
  const format = context.request.response_format?.type;
  if (!modelCapabilities(context.model).webSearch || (format !== undefined && format !== "text")) return limitText(context, index, content, limit);
  const cited = citeWebSources(content, context.request, random.fork("citations"));
  const choice = limitText(context, index, cited.text, limit);
  return { ...choice, annotations: keepCitationsWithin(cited.annotations, choice.text) };
}

// The reasoning ran out of budget before the answer began: the API sends empty content, not null.
function exhaustedChoice(index: number): GeneratedChoice {
  return { index, kind: "text", text: "", textGroups: [], textTokens: [], calls: [], finishReason: "length", completionTokens: 0, reasoningTokens: 0 };
}

function withReasoning(choice: GeneratedChoice, reasoningTokens: number): GeneratedChoice {
  return { ...choice, reasoningTokens, completionTokens: choice.completionTokens + reasoningTokens };
}

function composeContent(context: GenerationContext, random: Random): string {
  const format = context.request.response_format;
  switch (format?.type) {
    case "json_schema": {
      // Filled from what the user said and what the tools answered (a structured report after tool calls), like the
      // arguments of a tool call; the rest is generated.
      const said = [messageText(lastUserMessage(context.request)), ...trailingToolResults(context.request).map((result) => result.content)].join(" ");
      return JSON.stringify(fillFromConversation(format.json_schema.schema ?? {}, said, random.fork("json_schema")));
    }
    case "json_object":
      return composeJsonObjectReply(context.request, context.model, random);
    case "text":
    case undefined:
      return composeTextReply(context.request, context.model, random);
    default: {
      const unknown: never = format;
      throw new Error(`Unhandled response_format ${JSON.stringify(unknown)}`);
    }
  }
}

function limitText(context: GenerationContext, index: number, fullText: string, limit: number): GeneratedChoice {
  const cut = cutText(context.encoder, fullText, context.request.stop, limit);
  return { index, kind: "text", ...cut, calls: [], completionTokens: cut.textTokens.length, reasoningTokens: 0 };
}

/** Generated text after `stop` and the token limit, ready for a response body or a stream. */
export interface CutText {
  text: string;
  /** Whole-token groups that decode to whole characters: one streamed delta each. */
  textGroups: TokenGroup[];
  textTokens: OutputToken[];
  /** `length` when the limit cut the text, else `stop` (also when a stop sequence ended it). */
  finishReason: "stop" | "length";
}

/**
 * Cuts generated text the way the API does: before the first `stop` sequence, then at `limit` tokens (a cut that
 * ends inside a multi-byte character drops the partial character from the text but still counts its tokens).
 *
 * @example
 * cutText(encoder, "Hello there. More.", ".", Infinity).text; // "Hello there"
 * cutText(encoder, "Hello there", null, 1); // { text: "Hello", finishReason: "length", … }
 */
export function cutText(encoder: Tiktoken, fullText: string, stop: string | string[] | null | undefined, limit: number): CutText {
  const stops = toList(stop);
  const stopAt = Math.min(...stops.map((sequence) => fullText.indexOf(sequence)).filter((at) => at >= 0));
  const text = Number.isFinite(stopAt) ? fullText.slice(0, stopAt) : fullText;
  const allTokens = tokenizeOutput(encoder, text);
  const cut = allTokens.length > limit;
  const textTokens = cut ? allTokens.slice(0, limit) : allTokens;
  const textGroups = groupWholeCharacters(textTokens);
  return { text: textGroups.map((group) => group.text).join(""), textGroups, textTokens, finishReason: cut ? "length" : "stop" };
}

// A scripted reply goes through the same cuts as a generated one: stop sequences and the token limit apply to its
// text, and calls spend the budget in order.
function scriptedChoice(context: GenerationContext, script: ScriptedReply, index: number, random: Random, limit: number): GeneratedChoice {
  switch (script.kind) {
    case "text":
      return limitText(context, index, script.text, limit);
    case "refusal": {
      // A refusal is not cut by stop sequences (they apply to content), only by the token limit.
      const cut = cutText(context.encoder, script.text, null, limit);
      return { index, kind: "refusal", ...cut, calls: [], completionTokens: cut.textTokens.length, reasoningTokens: 0 };
    }
    case "calls": {
      const { request } = context;
      const offered = offeredTools(request);
      const drafts = script.calls.map((call, callIndex): CallDraft => {
        const tool = offered.find((candidate) => candidate.definition.name === call.name);
        // A scripted call to a custom tool carries its `arguments` text as the tool's input.
        if (call.arguments !== undefined) return { kind: tool?.kind ?? "function", name: call.name, arguments: call.arguments };
        if (!tool) throw scriptedToolMissing(call.name, offered);
        return draftCall(tool, request, random.fork(`call:${callIndex}`));
      });
      // A request that offers only legacy functions gets the legacy shape, which holds one call, as the real API
      // answers it; a script with more is refused rather than cut.
      const legacy = !request.tools?.length && (request.functions?.length ?? 0) > 0;
      if (legacy && drafts.length > 1) {
        throw new EmulatorHttpError(
          400,
          `The emulator's scenario rule scripts ${drafts.length} calls, but the request offers legacy 'functions', whose answer holds one 'function_call'. ` +
            "Script one call for this request, or send 'tools' instead of 'functions'.",
          { code: "scenario_error" },
        );
      }
      return limitCalls(context, index, legacy ? "function_call" : "tools", drafts, limit);
    }
    default: {
      const unknown: never = script;
      throw new Error(`Unhandled scripted reply ${JSON.stringify(unknown)}`);
    }
  }
}

function offeredTools(request: ChatCompletionRequest): CallableTool[] {
  const tools = (request.tools ?? []).map((tool): CallableTool =>
    tool.type === "custom" ? { kind: "custom", definition: tool.custom } : { kind: "function", definition: tool.function },
  );
  return [...tools, ...(request.functions ?? []).map((definition): CallableTool => ({ kind: "function", definition }))];
}

function scriptedToolMissing(name: string, offered: ReadonlyArray<CallableTool>): EmulatorHttpError {
  const names = offered.length > 0 ? `it offers ${offered.map((tool) => `'${tool.definition.name}'`).join(", ")}` : "it offers no tools";
  return new EmulatorHttpError(
    400,
    `The emulator's scenario rule asks for a call to '${name}' with arguments generated from its schema, but the request does not offer that tool (${names}). ` +
      "Give the call's arguments in the rule, or offer the tool.",
    { code: "scenario_error" },
  );
}

/** A call before the output budget is applied. */
interface CallDraft {
  kind: "function" | "custom";
  name: string;
  arguments: string;
}

function draftCall(tool: CallableTool, request: ChatCompletionRequest, random: Random): CallDraft {
  switch (tool.kind) {
    case "function": {
      const said = messageText(lastUserMessage(request));
      const value = fillFromConversation(tool.definition.parameters ?? EMPTY_PARAMETERS, said, random);
      return { kind: "function", name: tool.definition.name, arguments: JSON.stringify(value) };
    }
    case "custom":
      return { kind: "custom", name: tool.definition.name, arguments: composeCustomInput(tool.definition, request, random) };
    default: {
      const unknown: never = tool;
      throw new Error(`Unhandled tool ${JSON.stringify(unknown)}`);
    }
  }
}

// Calls spend the output budget in order (name, then arguments); the call that runs out keeps its truncated
// arguments and later calls are never started, as with a real cut-off generation.
function limitCalls(
  context: GenerationContext,
  index: number,
  style: "tools" | "function_call",
  drafts: CallDraft[],
  limit: number,
): GeneratedChoice {
  let remaining = limit;
  let cut = false;
  const calls: GeneratedCall[] = [];
  let completionTokens = 0;
  for (const draft of drafts) {
    if (remaining <= 0) {
      cut = true;
      break;
    }
    const nameTokens = tokenizeOutput(context.encoder, draft.name).length;
    const argumentTokens = tokenizeOutput(context.encoder, draft.arguments);
    const allowed = Math.max(0, Math.min(argumentTokens.length, remaining - nameTokens));
    if (allowed < argumentTokens.length) cut = true;
    const argumentGroups = groupWholeCharacters(argumentTokens.slice(0, allowed));
    const args = argumentGroups.map((group) => group.text).join("");
    calls.push({ id: context.ids.toolCall(), kind: draft.kind, name: draft.name, arguments: args, argumentGroups });
    completionTokens += nameTokens + allowed;
    remaining -= nameTokens + allowed;
    if (cut) break;
  }
  return {
    index,
    kind: style === "tools" ? "tool_calls" : "function_call",
    text: "",
    textGroups: [],
    textTokens: [],
    calls,
    finishReason: cut ? "length" : style === "tools" ? "tool_calls" : "function_call",
    completionTokens,
    reasoningTokens: 0,
  };
}

function toList(stop: string | string[] | null | undefined): string[] {
  if (stop == null) return [];
  return (Array.isArray(stop) ? stop : [stop]).filter((item) => item.length > 0);
}
