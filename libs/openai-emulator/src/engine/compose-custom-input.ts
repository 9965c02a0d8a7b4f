import randexpModule from "randexp";
import type { ChatCompletionRequest, WireCustomToolDefinition } from "../wire.js";
import { lastUserMessage, messageText } from "./conversation.js";
import type { Random } from "./random.js";

// randexp assigns `module.exports = RandExp` while its typings declare a default export (see synthesize-values.ts).
type RandExpClass = typeof randexpModule.default;
const RandExp: RandExpClass =
  (randexpModule as unknown as { default?: RandExpClass }).default ?? (randexpModule as unknown as RandExpClass);

const INPUT_LIMIT = 200;

/**
 * The free-form `input` of a custom tool call. A `regex` grammar is followed (a string it matches, drawn from the
 * request's seed); otherwise (plain text, or a `lark` grammar, which the emulator does not parse) the input is what the
 * user last asked, so a tool like `run_python` receives the request it was called for.
 *
 * @example
 * composeCustomInput({ name: "zip", format: { type: "grammar", grammar: { syntax: "regex", definition: "^\\d{5}$" } } }, request, random);
 * // "40213"
 */
export function composeCustomInput(definition: WireCustomToolDefinition, request: ChatCompletionRequest, random: Random): string {
  const format = definition.format;
  if (format?.type === "grammar" && format.grammar.syntax === "regex") {
    const matched = fromRegex(format.grammar.definition, random);
    if (matched !== undefined) return matched;
  }
  const asked = messageText(lastUserMessage(request)).trim();
  const text = asked.length > 0 ? asked : (definition.description ?? definition.name);
  return [...text].slice(0, INPUT_LIMIT).join("");
}

function fromRegex(source: string, random: Random): string | undefined {
  try {
    const generator = new RandExp(source);
    generator.randInt = (low: number, high: number) => random.int(low, high);
    // `+` and `*` repeat at most three times beyond their minimum, which keeps inputs short.
    generator.max = 3;
    return generator.gen();
  } catch {
    return undefined;
  }
}
