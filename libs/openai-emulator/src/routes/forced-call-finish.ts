import type { GeneratedChoice } from "../engine/generate-choice.js";
import type { ModelProfile } from "../engine/models.js";
import type { ChatCompletionRequest } from "../wire.js";

/**
 * The finish reason the API reports when the request named the function to call: `"stop"`, not `"tool_calls"` /
 * `"function_call"`, on models that do not reason; reasoning models (gpt-5 family) still say `"tool_calls"`.
 * Recorded (src/__fixtures__/recorded-exchanges): 24 of 24 answers to a named `tool_choice` from gpt-3.5-turbo-0125,
 * gpt-4-0613, gpt-4o, gpt-4o-mini and gpt-4.1-mini (2024-02 to 2026-02, JSON and streams, crewAI and Mirascope
 * cassettes) say `"stop"`, 3 of 3 from gpt-5-mini say `"tool_calls"`; 3 of 3 legacy `function_call: {name}` answers
 * (gpt-4-0613) say `"stop"`. A scenario's own finish reason is applied after this and wins.
 *
 * @example
 * withForcedCallFinish(choices, { ...body, tool_choice: { type: "function", function: { name: "f" } } }, gpt4o)[0]?.finishReason; // "stop"
 */
export function withForcedCallFinish(choices: GeneratedChoice[], body: ChatCompletionRequest, model: ModelProfile): GeneratedChoice[] {
  if (model.reasoning) return choices;
  const namedTool = typeof body.tool_choice === "object" && body.tool_choice !== null && body.tool_choice.type === "function";
  const namedFunction = typeof body.function_call === "object" && body.function_call !== null;
  return choices.map((choice) =>
    (namedTool && choice.finishReason === "tool_calls") || (namedFunction && choice.finishReason === "function_call")
      ? { ...choice, finishReason: "stop" }
      : choice,
  );
}
