import type { Tiktoken } from "js-tiktoken/lite";
import type { IdSource } from "../ids.js";
import type { ChatCompletionRequest, JsonSchema, WireFunctionDefinition } from "../wire.js";
import { composeJsonObjectReply, composeTextReply } from "./compose-reply.js";
import { decideCalls } from "./decide-calls.js";
import type { ModelProfile } from "./models.js";
import { groupWholeCharacters, tokenizeOutput, type OutputToken, type TokenGroup } from "./output-tokens.js";
import type { Random } from "./random.js";
import { synthesizeJson } from "./synthesize-json.js";

/** Why a choice ended, as the wire reports it. */
export type FinishReason = "stop" | "length" | "tool_calls" | "function_call";

/** One generated function call, with its arguments split into streamable whole-token groups. */
export interface GeneratedCall {
  id: string;
  name: string;
  arguments: string;
  argumentGroups: TokenGroup[];
}

/** Everything the response writers need about one choice. */
export interface GeneratedChoice {
  index: number;
  kind: "text" | "tool_calls" | "function_call";
  /** The content text (empty for calls). */
  text: string;
  /** The content as whole-token groups, one streamed delta each. */
  textGroups: TokenGroup[];
  textTokens: OutputToken[];
  calls: GeneratedCall[];
  finishReason: FinishReason;
  completionTokens: number;
}

/** What generation depends on. */
export interface GenerationContext {
  request: ChatCompletionRequest;
  model: ModelProfile;
  encoder: Tiktoken;
  ids: IdSource;
  /** Seeded by the request's content, so every run of the same request generates the same choices. */
  random: Random;
}

const EMPTY_PARAMETERS: JsonSchema = { type: "object", properties: {} };

/**
 * Generates choice `index`: a tool or function call when the request calls for one, else text or JSON, then applies
 * `stop` (text is cut before the stop sequence) and the output token limit (cut at a token boundary, finish
 * `length`). Each choice draws from its own random stream, so choice 0 is the same whatever `n` is.
 */
export function generateChoice(context: GenerationContext, index: number): GeneratedChoice {
  const random = context.random.fork(`choice:${index}`);
  const limit = context.request.max_completion_tokens ?? context.request.max_tokens ?? Number.POSITIVE_INFINITY;
  const decision = decideCalls(context.request);
  if (decision) {
    const calls = decision.functions.map((definition, callIndex) =>
      draftCall(definition, random.fork(`call:${callIndex}`)),
    );
    return limitCalls(context, index, decision.style, calls, limit);
  }
  return limitText(context, index, composeContent(context, random), limit);
}

function composeContent(context: GenerationContext, random: Random): string {
  const format = context.request.response_format;
  switch (format?.type) {
    case "json_schema":
      return JSON.stringify(synthesizeJson(format.json_schema.schema ?? {}, random.fork("json_schema")));
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
  const stops = toList(context.request.stop);
  const stopAt = Math.min(...stops.map((stop) => fullText.indexOf(stop)).filter((at) => at >= 0));
  const text = Number.isFinite(stopAt) ? fullText.slice(0, stopAt) : fullText;
  const allTokens = tokenizeOutput(context.encoder, text);
  const cut = allTokens.length > limit;
  const textTokens = cut ? allTokens.slice(0, limit) : allTokens;
  const textGroups = groupWholeCharacters(textTokens);
  return {
    index,
    kind: "text",
    text: textGroups.map((group) => group.text).join(""),
    textGroups,
    textTokens,
    calls: [],
    finishReason: cut ? "length" : "stop",
    completionTokens: textTokens.length,
  };
}

function draftCall(definition: WireFunctionDefinition, random: Random): { name: string; arguments: string } {
  const value = synthesizeJson(definition.parameters ?? EMPTY_PARAMETERS, random);
  return { name: definition.name, arguments: JSON.stringify(value) };
}

// Calls spend the output budget in order (name, then arguments); the call that runs out keeps its truncated
// arguments and later calls are never started, as with a real cut-off generation.
function limitCalls(
  context: GenerationContext,
  index: number,
  style: "tools" | "function_call",
  drafts: Array<{ name: string; arguments: string }>,
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
    const nameTokens = context.encoder.encode(draft.name).length;
    const argumentTokens = tokenizeOutput(context.encoder, draft.arguments);
    const allowed = Math.max(0, Math.min(argumentTokens.length, remaining - nameTokens));
    if (allowed < argumentTokens.length) cut = true;
    const argumentGroups = groupWholeCharacters(argumentTokens.slice(0, allowed));
    const args = argumentGroups.map((group) => group.text).join("");
    calls.push({ id: context.ids.toolCall(), name: draft.name, arguments: args, argumentGroups });
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
  };
}

function toList(stop: ChatCompletionRequest["stop"]): string[] {
  if (stop == null) return [];
  return (Array.isArray(stop) ? stop : [stop]).filter((item) => item.length > 0);
}
