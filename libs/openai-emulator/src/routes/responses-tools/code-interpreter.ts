// The `code_interpreter` tool. What the API sends (vercel/ai fixture openai-code-interpreter-tool.1, gpt-5-nano,
// 2025-09): a `code_interpreter_call` item `{id: "ci_…", type, status, code, container_id: "cntr_…", outputs}` with
// `outputs: [{type: "logs", logs}]` when `include` asks for `code_interpreter_call.outputs` (null otherwise, as the
// spec allows); streamed as output_item.added (`code: ""`, `outputs: []`, in progress),
// response.code_interpreter_call.in_progress, `response.code_interpreter_call_code.delta`s, `.code.done` with the
// code, response.code_interpreter_call.interpreting, .completed, output_item.done. The tool is echoed as sent
// (`{type: "code_interpreter", container: {type: "auto"}}` recorded). The emulator never runs code: for simple
// arithmetic it shows the Python that prints the value and the value itself (arithmetic.ts), otherwise a word count.

import type { SseEvent } from "../../sse.js";
import { s } from "../../validate/validation-schema.js";
import { findArithmetic } from "./arithmetic.js";
import type { BuiltInCallItem, BuiltInRun, BuiltInRunContext, BuiltInToolHandler, EventMaker } from "./built-in-tool.js";

const STRICT = { strict: true } as const;

const CONTAINER = s.union(
  [
    s.string({ minLength: 1 }),
    s.object(
      { type: s.enum(["auto"]), file_ids: s.array(s.string(), "an array of strings", { maxItems: 50 }), memory_limit: s.enum(["1g", "4g", "16g", "64g"], { nullable: true }), network_policy: s.object({}) },
      ["type"],
      STRICT,
    ),
  ],
  "one of a string or object",
);

const CODE_WORDS = /\b(calculate|compute|python|run (the |this |some )?code|execute|evaluate)\b/iu;

/**
 * The code interpreter tool's module (see the file's header for the recorded shapes).
 *
 * @example
 * codeInterpreterTool.wants("What is 1234 * 5678?"); // true
 */
export const codeInterpreterTool: BuiltInToolHandler = {
  schemas: { code_interpreter: s.object({ container: CONTAINER }, ["container"], STRICT) },
  echo: (tool) => ({ type: tool.type, container: tool.container }),
  wants: (question) => findArithmetic(question) !== undefined || CODE_WORDS.test(question),
  run: (context) => runCodeInterpreter(context),
  opened: (item) => ({ ...item, status: "in_progress", code: "", outputs: item.outputs === null ? null : [] }),
  events: codeEvents,
};

/**
 * Shows the code a model would run for the question and what it printed (or what a scenario scripted), and answers
 * with the printed value.
 *
 * @example
 * runCodeInterpreter({ tool, question: "What is 6 * 7?", include: new Set(), ids, random }).items[0]?.code; // "print(6 * 7)\n"
 */
export function runCodeInterpreter(context: BuiltInRunContext): BuiltInRun {
  const script = context.script?.codeInterpreter;
  const { code, logs, answer } = script ? { ...script, answer: `The code printed: ${script.logs.trim()}` } : composeCode(context.question);
  const container = context.tool.container;
  const containerId = typeof container === "string" ? container : context.ids.responses("cntr");
  const outputs = context.include.has("code_interpreter_call.outputs") ? [{ type: "logs", logs }] : null;
  const item: BuiltInCallItem = { id: context.ids.responses("ci"), type: "code_interpreter_call", status: "completed", code, container_id: containerId, outputs };
  return { items: [item], inputText: logs, outputText: code, answer };
}

function composeCode(question: string): { code: string; logs: string; answer: string } {
  const arithmetic = findArithmetic(question);
  if (arithmetic) {
    return { code: `print(${arithmetic.expression})\n`, logs: `${arithmetic.printed}\n`, answer: `${arithmetic.expression} = ${arithmetic.printed}.` };
  }
  // Nothing to compute: the code counts the question's words, which is at least true.
  const words = question.split(/\s+/u).filter((word) => word !== "").length;
  return { code: `text = ${JSON.stringify(question)}\nprint(len(text.split()))\n`, logs: `${words}\n`, answer: `The text has ${words} words.` };
}

function* codeEvents(item: BuiltInCallItem, outputIndex: number, event: EventMaker): Generator<SseEvent> {
  const where = { output_index: outputIndex, item_id: item.id };
  const code = typeof item.code === "string" ? item.code : "";
  yield event("response.code_interpreter_call.in_progress", where);
  // A word (with the space before it) per delta, as recorded ("import", " random", ",").
  for (const delta of code.match(/\s*\S+|\s+$/gu) ?? []) yield event("response.code_interpreter_call_code.delta", { ...where, delta });
  yield event("response.code_interpreter_call_code.done", { ...where, code });
  yield event("response.code_interpreter_call.interpreting", where);
  yield event("response.code_interpreter_call.completed", where);
}
