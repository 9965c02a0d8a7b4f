import type OpenAI from "openai";
import type { ChatOpenAICompatibility } from "./resolve-compatibility.js";

type ChatRequest = OpenAI.ChatCompletionCreateParams;

/** What {@link applyCompatibility} needs besides the request. */
export interface CompatibilityInput {
  compatibility: ChatOpenAICompatibility;
}

/**
 * Adapts what this package would otherwise send by default to an OpenAI-compatible server, reporting each change as a
 * warning (it reaches `response_metadata.warnings`). With `"openai"` the request is returned as it is. With
 * `"compatible"`:
 * - `strict: false` on a tool is left out: servers without strict mode refuse the key (vLLM before 0.10: "Extra inputs
 *   are not permitted"), and a tool without it is not strict either, so nothing changes but the refusal. `strict:
 *   true` is sent: it asks for something, and a server that cannot do it says so.
 * The other compatible-server rules act elsewhere: `stream_options` is asked for as on OpenAI, with one retry without it if refused (see
 * buildStreamUsage); a `developer` message, `strict: true` and `maxCompletionTokens` are yours and sent, and a server
 * that refuses them gets its error explained (see explainCompatibleRefusal).
 *
 * @example
 * applyCompatibility({ model: "qwen3", messages, tools: [{ type: "function", function: { name: "f", strict: false } }] }, { compatibility: "compatible" });
 * // { request: { model: "qwen3", messages, tools: [{ type: "function", function: { name: "f" } }] }, warnings: ['strict=false was not sent for "f": …'] }
 */
export function applyCompatibility(request: ChatRequest, input: CompatibilityInput): { request: ChatRequest; warnings: string[] } {
  if (input.compatibility === "openai") return { request, warnings: [] };
  const warnings: string[] = [];
  let adapted = request;
  const tools = request.tools;
  if (tools?.some((tool) => tool.type === "function" && tool.function.strict === false)) {
    const names: string[] = [];
    const without = tools.map((tool) => {
      if (tool.type !== "function" || tool.function.strict !== false) return tool;
      names.push(tool.function.name);
      const { strict: _strict, ...definition } = tool.function;
      return { ...tool, function: definition };
    });
    adapted = { ...adapted, tools: without };
    warnings.push(
      `strict=false was not sent for ${names.map((name) => `"${name}"`).join(", ")}: this server is not OpenAI's (compatibility "compatible"), ` +
        "and such servers refuse the key; without it the tool is not strict either. Set compatibility: \"openai\" to send it.",
    );
  }
  return { request: adapted, warnings };
}
