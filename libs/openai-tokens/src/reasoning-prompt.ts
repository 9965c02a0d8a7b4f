import type { Tiktoken } from "js-tiktoken/lite";
import { countTextTokensWith } from "./count-text-tokens.js";
import type { PromptContentPart, PromptMessage, PromptRequest } from "./count-chat-prompt-tokens.js";
import { renderResponseFormatSection, type ResponseFormat } from "./response-format.js";
import {
  asSchema,
  functionDefinitionsOf,
  schemaList,
  type FunctionDefinition,
  type ToolJsonSchema,
} from "./tool-definitions.js";

// How the reasoning models (o3, o3-mini, o4-mini, the gpt-5 family) see a chat request, as the truth set measured it
// (__fixtures__/truth-set: 204 gpt-5 requests with tools exact, 4 on o3-mini). Their prompts use OpenAI's "harmony" format
// (github.com/openai/harmony: src/encoding.rs and docs/format.md), in which every special token (<|start|>,
// <|channel|>, <|constrain|>, <|message|>, <|end|>, <|call|>) is one token and the text between them is
// counted as ordinary text:
//
// - Plain messages (user, system without tools) are `<|start|>{role}<|message|>{content}<|end|>`, as for gpt-4o.
// - Function tools go into a developer message, `<|start|>developer<|message|># Instructions\n\n{the first system
//   message}\n\n# Tools\n\n## functions\n\nnamespace functions {...}<|end|>` (the system message moves into it: 15
//   requests exact), with the definitions rendered by harmony's json_schema_to_typescript, see
//   renderHarmonyToolsSection. A json_schema response format is a "# Response Formats" section at its end.
// - gpt-5 models also get a system message (model identity, dates, reasoning effort, valid channels) when the request
//   has function tools; never without them (every plain gpt-5 request in the truth set is exact without it). o3-mini
//   gets none (both o3-mini requests with tools and no history are exact without it).
// - gpt-5 writes on channels: an assistant text is `<|start|>assistant<|channel|>final<|message|>...<|end|>` (2 more
//   than a plain message: 4 gpt-5-mini requests, 5 assistant messages), a tool call
//   `<|start|>assistant<|channel|>commentary to=functions.{name}<|constrain|>json<|message|>{args}<|call|>` (no space
//   before <|constrain|>, as in docs/format.md's preamble example) and a tool result
//   `<|start|>functions.{name}<|channel|>commentary<|message|>{output}<|end|>`, 4 tokens under harmony's
//   `<|start|>{tool} to=assistant<|channel|>commentary<|message|>` pair (143 gpt-5 requests with tool calls exact; a
//   result without the channel but with " to=assistant" counts the same). o3-mini has no channels: assistant text is a
//   plain message (4 requests exact) and calls and results drop the channel (2 of 2 requests with a call). o3 and
//   o4-mini are assumed to be like o3-mini (no request with tools or history on them in the truth set).
// - The reply is primed with `<|start|>assistant` (2 tokens).
// - tool_choice adds nothing ("auto", "none", "required", a named function and allowed_tools: all exact).

/** Which variant of the harmony format a model uses (see {@link harmonyDialectForModel}). */
export type HarmonyDialect = "channels" | "no-channels";

/** What {@link countReasoningPromptTokens} needs to know about a request: the parts of a chat request it renders. */
export type ReasoningPromptRequest = Pick<PromptRequest, "model" | "messages" | "tools" | "functions" | "responseFormat">;

/** The counts {@link countReasoningPromptTokens} returns, shaped like the chat counter's. */
export interface ReasoningPromptCount {
  totalCount: number;
  /** Each message's share; a system message that moved into the developer message counts there. */
  countPerMessage: number[];
  /** The developer message's tool part and the system message the API adds with tools. */
  toolsCount: number;
  /** The developer message's "# Response Formats" part (a `json_schema` response format), in the total too. */
  responseFormatCount: number;
}

/** Counts a message of the plain `<|start|>{role}<|message|>{content}<|end|>` kind (user, system, images...). */
export type PlainMessageCounter = (message: PromptMessage) => number;

const REPLY_PRIMING = 2; // <|start|>assistant
const MESSAGE_FRAMING = 3; // <|start|> <|message|> <|end|>
// The system message the API adds to gpt-5 requests with function tools. Harmony's documented one ("You are ChatGPT,
// a large language model trained by OpenAI.\nKnowledge cutoff: ...\nCurrent date: ...\n\nReasoning: medium\n\n#
// Valid channels: analysis, commentary, final. Channel must be included for every message.\nCalls to these tools
// must go to the commentary channel: 'functions'.") renders to 75 tokens with its framing; the API's counts 81 on
// every gpt-5, gpt-5-mini, gpt-5-nano and gpt-5.4-mini request with tools (204 requests exact), whatever the date.
// Its exact text is not public.
const TOOLS_SYSTEM_MESSAGE_TOKENS = 81;
const INSTRUCTION_ROLES = new Set(["system", "developer"]);
const MAX_SCHEMA_DEPTH = 16;

/**
 * The harmony variant a model uses, or `undefined` for models counted as plain chat (gpt-4o, gpt-4.1, o1...).
 * `ft:BASE:...` names count as BASE.
 *
 * @example
 * harmonyDialectForModel("gpt-5-mini-2025-08-07"); // "channels"
 * harmonyDialectForModel("o3-mini"); // "no-channels"
 * harmonyDialectForModel("gpt-4o"); // undefined
 */
export function harmonyDialectForModel(model: string): HarmonyDialect | undefined {
  const base = (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
  if (base.startsWith("gpt-5")) return "channels";
  if (/^o[34]/.test(base)) return "no-channels";
  return undefined;
}

/**
 * Counts the prompt tokens of a request to a reasoning model in the harmony format (see the rules above). Plain
 * messages are counted by `countPlainMessage`, so that names and images follow the chat counter's rules.
 *
 * @example
 * const encoder = await loadEncoding("o200k_base");
 * countReasoningPromptTokens(encoder, { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] }, (m) =>
 *   countMessageTokens(encoder, m),
 * ).totalCount; // 3 + 1 + 1 + 2 = 7
 */
export function countReasoningPromptTokens(
  encoder: Tiktoken,
  request: ReasoningPromptRequest,
  countPlainMessage: PlainMessageCounter,
): ReasoningPromptCount {
  const dialect = harmonyDialectForModel(request.model) ?? "channels";
  const definitions = functionDefinitionsOf(request);
  const text = (value: string) => countTextTokensWith(encoder, value);
  const tools = definitions.length > 0 ? renderHarmonyToolsSection(definitions) : "";
  const responseFormat = renderHarmonyResponseFormat(request.responseFormat);
  // The developer message holds the tools and the response format. When there is one, the first message, if it is a
  // system or developer message, becomes its "# Instructions" (a system message later in the conversation stays
  // where it is: 1 request exact).
  const hasDeveloperMessage = tools !== "" || responseFormat !== "";
  const instructionsIndex = hasDeveloperMessage && INSTRUCTION_ROLES.has(request.messages[0]?.role ?? "") ? 0 : -1;
  const instructions = instructionsIndex === 0 ? `# Instructions\n\n${textOf(request.messages[0]?.content)}` : "";
  const names = new Map<string, string>();
  for (const message of request.messages) {
    for (const call of message.tool_calls ?? []) if (call.id && call.function?.name) names.set(call.id, call.function.name);
  }

  // The developer message is one text: it is counted whole, then shared out section by section.
  let toolsCount = 0;
  let instructionsCount = 0;
  let responseFormatCount = 0;
  if (hasDeveloperMessage) {
    const sections = [instructions, tools, responseFormat].filter((section) => section !== "");
    const whole = MESSAGE_FRAMING + 1 + text(sections.join("\n\n")); // <|start|>developer<|message|>...<|end|>
    const withoutFormat = responseFormat === "" ? whole : MESSAGE_FRAMING + 1 + text(sections.slice(0, -1).join("\n\n"));
    responseFormatCount = whole - withoutFormat;
    instructionsCount = instructions === "" ? 0 : MESSAGE_FRAMING + 1 + text(instructions);
    toolsCount = withoutFormat - instructionsCount;
    if (tools !== "" && dialect === "channels") toolsCount += TOOLS_SYSTEM_MESSAGE_TOKENS;
  }

  const countPerMessage = request.messages.map((message, index) => {
    if (index === instructionsIndex) return instructionsCount;
    if (message.role === "assistant") return countAssistantMessage(message, dialect, text);
    if (message.role === "tool" || message.role === "function") {
      const name = (message.tool_call_id ? names.get(message.tool_call_id) : undefined) ?? message.name ?? message.role;
      // <|start|>functions.{name}[<|channel|>commentary]<|message|>{output}<|end|>
      const channel = dialect === "channels" ? 1 + text("commentary") : 0;
      return MESSAGE_FRAMING + text(`functions.${name}`) + channel + text(textOf(message.content));
    }
    return countPlainMessage(message);
  });
  const totalCount = countPerMessage.reduce((sum, count) => sum + count, REPLY_PRIMING + toolsCount + responseFormatCount);
  return { totalCount, countPerMessage, toolsCount, responseFormatCount };
}

function countAssistantMessage(message: PromptMessage, dialect: HarmonyDialect, text: (value: string) => number): number {
  const calls = [...(message.tool_calls ?? []), ...(message.function_call ? [{ function: message.function_call }] : [])];
  let content = textOf(message.content);
  if (message.refusal) content += message.refusal;
  let count = 0;
  if (content !== "" || calls.length === 0) {
    // gpt-5: <|start|>assistant<|channel|>final<|message|>...<|end|>. A text that comes with tool calls is a
    // "preamble" on the commentary channel in harmony's docs (no request in the truth set has one: an estimate).
    const channel = dialect === "channels" ? 1 + text(calls.length > 0 ? "commentary" : "final") : 0;
    count += MESSAGE_FRAMING + text("assistant") + channel + text(content);
  }
  for (const call of calls) {
    // <|start|>assistant[<|channel|>commentary] to=functions.{name}<|constrain|>json<|message|>{args}<|call|>
    // The arguments are counted re-serialized as compact JSON: `{"city": "Paris"}` counts as `{"city":"Paris"}`
    // (the 3 gpt-5 requests with spaced arguments are exact only so; it breaks none).
    const channel = dialect === "channels" ? 1 + text("commentary") : 0;
    count += 4 + text("assistant") + channel + text(` to=functions.${call.function?.name ?? ""}`) + text("json");
    count += text(compactJson(call.function?.arguments ?? ""));
  }
  return count;
}

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text)) ?? text;
  } catch {
    return text;
  }
}

/**
 * Renders a `json_schema` response format as the "# Response Formats" section of the developer message, the same
 * section gpt-4o gets (response-format.ts: compact ASCII JSON without `required`, `additionalProperties` and value
 * constraints, titles kept, the `// description` line only when there is one). On the 12 gpt-5-mini requests with a
 * json_schema format: the 3 without tools are exact; the 9 with tools count 1 over (harmony's own form, every title
 * dropped and a `// ` line always, is 2 under on those 9 and 2 over on the one with `$defs`). No `name` on the reply
 * priming: the model writes its channel and format itself. Other formats (`text`, `json_object`) render nothing (7
 * json_object requests exact).
 *
 * @example
 * renderHarmonyResponseFormat({ type: "json_schema", json_schema: { name: "city", schema: { type: "string", title: "City" } } });
 * // '# Response Formats\n\n## city\n\n{"type":"string","title":"City"}'
 */
export function renderHarmonyResponseFormat(format: ResponseFormat | null | undefined): string {
  const jsonSchema = format?.type === "json_schema" ? format.json_schema : undefined;
  if (!jsonSchema) return "";
  return renderResponseFormatSection(jsonSchema);
}

/**
 * Renders function definitions as the "# Tools" section of a harmony developer message: harmony's
 * `template_tools_section` and `json_schema_to_typescript` (titles, descriptions, examples, defaults, oneOf lists,
 * 4-space nesting; no `$ref`/`anyOf` resolution, rendered `any` as harmony does), with what the API does
 * differently, each measured on the truth set:
 * - the parameters open with `(_:{` where harmony writes `(_: {`: every function with properties then counts one
 *   token less unless a comment opens the object (":{\n" is one token and " {\n//" too). 189 exact gpt-5 requests
 *   have such functions; with the space, each of their functions counts 1 over (a parameters object that has its
 *   own description keeps harmony's `(_: // ...`, untested);
 * - a property title is `// {title}` alone when the property has no description, where harmony adds a `//` line
 *   (13 requests exact with such titles; with a description the `//` line stays: 3 requests exact);
 * - each line of a function's description is trimmed: `// {line}`, and `//` for a blank line (one tool whose
 *   description has 159 lines, 37 blank and many indented: 1 over in both requests that send it, the 1 that
 *   functions without properties and without a leading text line also count, where harmony's untrimmed
 *   `// {line}` counts 116 over; no other description in the truth set has blank or indented lines);
 * - a function whose parameters have no properties is `() => any`, not harmony's `(_: {\n}) => any` (21 requests
 *   exact; harmony's form counts 3 over).
 *
 * @example
 * renderHarmonyToolsSection([{ name: "get_time", description: "Current time" }]);
 * // "# Tools\n\n## functions\n\nnamespace functions {\n\n// Current time\ntype get_time = () => any;\n\n} // namespace functions"
 */
export function renderHarmonyToolsSection(functions: ReadonlyArray<FunctionDefinition>): string {
  const section = ["## functions\n", "namespace functions {\n"];
  for (const definition of functions) {
    for (const line of rustLines(definition.description ?? "")) {
      const trimmed = line.trim();
      section.push(trimmed === "" ? "//" : `// ${trimmed}`);
    }
    const parameters = asSchema(definition.parameters);
    if (parameters && !isEmptyObject(parameters)) {
      const type = renderHarmonyTypeScript(parameters, "");
      section.push(`type ${definition.name} = (_:${type.startsWith("{") ? "" : " "}${type}) => any;\n`);
    } else {
      section.push(`type ${definition.name} = () => any;\n`);
    }
  }
  section.push("} // namespace functions");
  return `# Tools\n\n${section.join("\n")}`;
}

/**
 * Harmony's `json_schema_to_typescript` (src/encoding.rs), with the API's title rule (see
 * {@link renderHarmonyToolsSection}): the TypeScript-like type harmony shows the model for a JSON schema.
 *
 * @example
 * renderHarmonyTypeScript({ type: "object", properties: { city: { type: "string" } }, required: ["city"] }, "");
 * // "{\ncity: string,\n}"
 */
export function renderHarmonyTypeScript(schema: ToolJsonSchema, indent: string, depth = 0): string {
  if (depth > MAX_SCHEMA_DEPTH) return "any";
  const oneOf = schema["oneOf"];
  if (Array.isArray(oneOf)) {
    let out = "";
    for (const variant of schemaList(oneOf)) {
      out += `\n${indent} | ${variantType(variant, `${indent}   `, depth)}`;
      const comments: string[] = [];
      if (typeof variant["description"] === "string") comments.push(variant["description"]);
      if (variant["default"] !== undefined) comments.push(`default: ${defaultText(variant, true)}`);
      if (comments.length > 0) out += ` // ${comments.join(" ")}`;
    }
    return out;
  }
  const type = schema["type"];
  if (Array.isArray(type)) {
    const types = type.filter((entry): entry is string => typeof entry === "string");
    if (types.length > 0) return types.map((entry) => (entry === "integer" ? "number" : entry)).join(" | ");
  }
  if (typeof type !== "string") return "any";
  switch (type) {
    case "object":
      return renderObject(schema, indent, depth);
    case "string": {
      const values = Array.isArray(schema["enum"])
        ? schema["enum"].filter((value): value is string => typeof value === "string")
        : [];
      return values.length > 0 ? values.map((value) => `"${value}"`).join(" | ") : "string";
    }
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "array": {
      const items = asSchema(schema["items"]);
      return items ? `${renderHarmonyTypeScript(items, indent, depth + 1)}[]` : "Array<any>";
    }
    default:
      return "any";
  }
}

function renderObject(schema: ToolJsonSchema, indent: string, depth: number): string {
  let out = "";
  if (typeof schema["description"] === "string") out += `${indent}// ${schema["description"]}\n`;
  out += "{\n";
  const properties = asSchema(schema["properties"]) ?? {};
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"] : []);
  for (const [key, value] of Object.entries(properties)) {
    const property = asSchema(value) ?? {};
    const description = typeof property["description"] === "string" ? property["description"] : undefined;
    const title = property["title"];
    if (typeof title === "string") {
      // harmony: "// {title}\n//\n"; the API drops the "//" line when no description follows.
      out += description === undefined ? `${indent}// ${title}\n` : `${indent}// ${title}\n${indent}//\n`;
    }
    const oneOf = property["oneOf"];
    if (!Array.isArray(oneOf) && description !== undefined) out += `${indent}// ${description}\n`;
    const examples = Array.isArray(property["examples"]) ? property["examples"] : [];
    if (examples.length > 0) {
      out += `${indent}// Examples:\n`;
      for (const example of examples) if (typeof example === "string") out += `${indent}// - "${example}"\n`;
    }
    const optional = required.has(key) ? "" : "?";
    if (Array.isArray(oneOf)) {
      out += renderOneOfProperty(key + optional, property, schemaList(oneOf), indent, depth);
      continue;
    }
    out += `${indent}${key}${optional}: ${variantType(property, `${indent}    `, depth)},`;
    if (property["default"] !== undefined) out += ` // default: ${defaultText(property, false)}`;
    out += "\n";
  }
  return `${out}${indent}}`;
}

// A property whose schema is a oneOf: its description and default above, then one ` | variant` line each.
function renderOneOfProperty(
  label: string,
  property: ToolJsonSchema,
  variants: ToolJsonSchema[],
  indent: string,
  depth: number,
): string {
  const description = typeof property["description"] === "string" ? property["description"] : undefined;
  const firstDescription = variants[0]?.["description"];
  const descriptionAbove = description !== undefined && firstDescription !== description;
  let out = descriptionAbove ? `${indent}// ${description}\n` : "";
  if (property["default"] !== undefined) out += `${indent}// default: ${defaultText(property, false)}\n`;
  out += `${indent}${label}:\n`;
  variants.forEach((variant, index) => {
    out += `${indent} | ${variantType(variant, `${indent}   `, depth)}`;
    const comments: string[] = [];
    const variantDescription = variant["description"];
    if (!(index === 0 && descriptionAbove) && typeof variantDescription === "string" && variantDescription !== description) {
      comments.push(variantDescription);
    }
    if (variant["default"] !== undefined) comments.push(`default: ${defaultText(variant, false)}`);
    if (comments.length > 0) out += ` // ${comments.join(" ")}`;
    out += "\n";
  });
  return `${out}${indent},\n`;
}

// A nested type, with harmony's `| null` for `nullable: true`.
function variantType(schema: ToolJsonSchema, indent: string, depth: number): string {
  const rendered = renderHarmonyTypeScript(schema, indent, depth + 1);
  return schema["nullable"] === true && !rendered.includes("null") ? `${rendered} | null` : rendered;
}

// harmony: a string default is quoted unless the schema is an enum; other values as compact JSON. (A top-level
// oneOf variant always quotes strings, hence `alwaysQuote`.)
function defaultText(schema: ToolJsonSchema, alwaysQuote: boolean): string {
  const value = schema["default"];
  const isEnum = Array.isArray(schema["enum"]) && schema["enum"].length > 0;
  if (typeof value === "string") return isEnum && !alwaysQuote ? value : `"${value}"`;
  return JSON.stringify(value) ?? "null";
}

// Rust's str::lines(): split on \n (dropping a \r before it), no final empty line.
function rustLines(text: string): string[] {
  const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function isEmptyObject(schema: ToolJsonSchema): boolean {
  const properties = asSchema(schema["properties"]);
  return schema["type"] === "object" && (properties === undefined || Object.keys(properties).length === 0);
}

function textOf(content: PromptMessage["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part: PromptContentPart) => (part.type === "text" ? (part.text ?? "") : part.type === "refusal" ? (part.refusal ?? "") : "")).join("");
}

