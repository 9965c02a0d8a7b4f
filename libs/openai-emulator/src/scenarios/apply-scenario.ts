// How a matched rule's `respond` changes an answer that the chat completions route is building: the reply it scripts,
// its finish reason and its usage figures. (Its delay and fault are applied by the route, with the other faults.)

import type { GeneratedChoice, ScriptedReply } from "../engine/generate-choice.js";
import type { CompletionUsage } from "../routes/chat-completion-body.js";
import type { ScenarioResponse } from "./scenario.js";

/**
 * The reply a rule scripts, or undefined when it leaves the content to the emulated model (a rule with only a fault,
 * a delay, a finish reason or usage figures).
 *
 * @example
 * scriptedReply({ json: { ok: true } }); // { kind: "text", text: '{"ok":true}' }
 */
export function scriptedReply(respond: ScenarioResponse): ScriptedReply | undefined {
  if (respond.text !== undefined) return { kind: "text", text: respond.text };
  if (respond.refusal !== undefined) return { kind: "refusal", text: respond.refusal };
  if (respond.json !== undefined) return { kind: "text", text: JSON.stringify(respond.json) };
  if (respond.toolCalls !== undefined) {
    return {
      kind: "calls",
      calls: respond.toolCalls.map((call) => ({
        name: call.name,
        arguments: typeof call.arguments === "string" ? call.arguments : call.arguments === undefined ? undefined : JSON.stringify(call.arguments),
      })),
    };
  }
  return undefined;
}

/**
 * The choices with the rule's finish reason, when it gives one.
 *
 * @example
 * withFinishReason(choices, { finishReason: "content_filter" })[0]?.finishReason; // "content_filter"
 */
export function withFinishReason(choices: GeneratedChoice[], respond: ScenarioResponse | undefined): GeneratedChoice[] {
  const finishReason = respond?.finishReason;
  return finishReason === undefined ? choices : choices.map((choice) => ({ ...choice, finishReason }));
}

/**
 * The usage with the rule's figures in place of the counted ones; the total follows prompt plus completion unless
 * the rule sets it too.
 *
 * @example
 * withUsage(usage, { usage: { promptTokens: 1000 } }).total_tokens; // 1000 + usage.completion_tokens
 */
export function withUsage(usage: CompletionUsage, respond: ScenarioResponse | undefined): CompletionUsage {
  const override = respond?.usage;
  if (!override) return usage;
  const prompt = override.promptTokens ?? usage.prompt_tokens;
  const completion = override.completionTokens ?? usage.completion_tokens;
  return {
    ...usage,
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: override.totalTokens ?? prompt + completion,
    prompt_tokens_details: { ...usage.prompt_tokens_details, cached_tokens: override.cachedTokens ?? usage.prompt_tokens_details.cached_tokens },
    completion_tokens_details: {
      ...usage.completion_tokens_details,
      reasoning_tokens: override.reasoningTokens ?? usage.completion_tokens_details.reasoning_tokens,
    },
  };
}
