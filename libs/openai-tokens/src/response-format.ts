import type { Tiktoken } from "js-tiktoken/lite";
import { countTextTokensWith } from "./count-text-tokens.js";

// How `response_format: { type: "json_schema" }` is counted, found on the truth set (__fixtures__/truth-set): 281
// gpt-4o, gpt-4o-mini and gpt-4.1-mini requests with a json_schema format, 43 distinct schemas.
//
// The API puts a section shaped like OpenAI's harmony "Response Formats" (github.com/openai/harmony, docs/format.md)
// into the system message:
//
//   # Response Formats\n\n## {name}\n\n// {description}\n{schema as compact JSON}
//
// (the `// {description}` line only when `json_schema.description` is set). The schema JSON is not the one sent:
//   - keys are kept in the order sent, with no spaces (`{"a":1,"b":2}`);
//   - non-ASCII characters are escaped as `\uXXXX` (Python's `json.dumps` default): the two StepObservation schemas
//     (38 requests) have 2 and 4 em dashes and were counted exactly 6 and 12 under with raw characters;
//   - `required` and `additionalProperties` are left out (a strict schema requires every field and forbids others,
//     so they say nothing), as are `default`, `minimum`, `maximum` and `maxItems` (MemoryAnalysis, 61 requests;
//     StepObservation, 38; AgentResponse, 16). `$schema` is left out too (openai/openai-cookbook#2140, not in the
//     truth set) and so is `minItems` by analogy with `maxItems` (untested); other validation keywords (`pattern`,
//     `format`, `minLength`, ...) are untested and kept. `const`, `enum`, `anyOf`, `$defs`/`$ref`, `title` and
//     `description` are kept as sent. `strict` does not change the rendering (3 requests with strict false or unset).
//
// Where it goes:
//   - without tools, appended to the first system (or developer) message after "\n\n" (183 requests), or, without
//     one, as a system message of its own: 3 + "system" + the section (22 requests);
//   - with tools, after the tool definitions in the system message that holds them: "\n\n" + the section, no
//     framing (exact on the 6 requests whose tool definitions and history are; the other 70 of the 76 requests
//     with tools are off by exactly what the same tools, or tool-call history, are off without a format).
//
// And the reply: each assistant message of the history that is an answer (no tool calls) costs tokens(name) + 2 more,
// and so does the reply priming when the request has no tools (with tools the model may answer with a tool call, and
// the priming is the plain one): as if the answer were addressed to the format, e.g. `to={name} json`. Without tools:
// 205 of 205 requests exact (14 with answers in their history, at 1, 2 or 6 name tokens); with tools: 8 pairs of the
// same request with and without the format (7 off by the same amount on both sides; the 8th is the 1-over final_result
// schema, pydantic-ai/test_openai_native_output_multiple#0.2), one of them with an answer in its history
// (crewAI/test_lite_agent_structured_output#3).
//
// Models rendered the harmony way (o3, o4, gpt-5) are counted by reasoning-prompt.ts, which puts the same section in
// its developer message.
//
// json_object (and text) formats add nothing: requests with them and no tools are already exact.
const SECTION_SEPARATOR = "\n\n";
const OWN_MESSAGE_TOKENS = 3; // <|start|>system<|message|>...<|end|> besides the role
const ANSWER_EXTRA_TOKENS = 2;
const INSTRUCTION_ROLES = new Set(["system", "developer"]);
// Schema keywords the rendering leaves out (see above).
const HIDDEN_KEYWORDS = new Set([
  "required",
  "additionalProperties",
  "$schema",
  "default",
  "minimum",
  "maximum",
  "maxItems",
  "minItems",
]);
// Keywords whose values are maps of names to schemas: their keys are names, never hidden.
const NAME_MAPS = new Set(["properties", "$defs", "definitions", "patternProperties"]);
// Keywords whose values are data, not schemas: copied as they are.
const DATA_KEYWORDS = new Set(["const", "enum", "examples", "default"]);

/** The `json_schema` of a `json_schema` response format. */
export interface JsonSchemaFormat {
  name: string;
  description?: string | null;
  schema?: { readonly [keyword: string]: unknown } | null;
  strict?: boolean | null;
}

/** `response_format` of a chat request: `{ type: "text" }`, `{ type: "json_object" }` or `{ type: "json_schema", json_schema }`. */
export interface ResponseFormat {
  type: string;
  json_schema?: JsonSchemaFormat;
}

/** What {@link countResponseFormatTokens} needs to know about a request. */
export interface ResponseFormatRequest {
  responseFormat?: ResponseFormat | null;
  /** The messages, for the system message the section joins and the answers in the history. */
  messages: ReadonlyArray<{
    role: string;
    content?: string | ReadonlyArray<{ type: string; text?: string }> | null;
    tool_calls?: ReadonlyArray<unknown> | null;
  }>;
  /** Whether the request has function definitions (`tools` or `functions`): the section then follows them. */
  hasTools: boolean;
}

/**
 * Renders a json_schema format as the API's system-message section: `# Response Formats`, `## {name}`, the
 * description as a `//` comment, and the schema as compact ASCII JSON without `required`, `additionalProperties`
 * and value constraints.
 *
 * @example
 * renderResponseFormatSection({
 *   name: "ScoreOutput",
 *   schema: { properties: { score: { title: "Score", type: "integer" } }, required: ["score"], type: "object" },
 * });
 * // '# Response Formats\n\n## ScoreOutput\n\n{"properties":{"score":{"title":"Score","type":"integer"}},"type":"object"}'
 */
export function renderResponseFormatSection(format: JsonSchemaFormat): string {
  let text = `# Response Formats\n\n## ${format.name}\n\n`;
  if (format.description) text += `// ${format.description}\n`;
  return text + asciiJson(visibleSchema(format.schema ?? {}));
}

/**
 * Counts what `response_format` adds to `prompt_tokens`: the json_schema section in the system message and the
 * name on the reply priming and on the answers of the history (0 for `text`, `json_object` and no format).
 *
 * @example
 * const encoder = await loadEncoding("o200k_base");
 * countResponseFormatTokens(encoder, {
 *   responseFormat: { type: "json_schema", json_schema: { name: "Book", schema: { type: "object" } } },
 *   messages: [{ role: "user", content: "Recommend a book" }],
 *   hasTools: false,
 * }); // 3 + tokens("system") + tokens(section) + tokens("Book") + 2
 */
export function countResponseFormatTokens(encoder: Tiktoken, request: ResponseFormatRequest): number {
  const format = request.responseFormat;
  if (format?.type !== "json_schema" || format.json_schema === undefined) return 0;
  const section = renderResponseFormatSection(format.json_schema);
  let count: number;
  const instruction = request.messages.find((message) => INSTRUCTION_ROLES.has(message.role));
  if (request.hasTools) {
    count = countTextTokensWith(encoder, SECTION_SEPARATOR + section);
  } else if (instruction) {
    // Counted as the difference, so that a token spanning the joint is not counted twice.
    const text = textOf(instruction.content);
    count = countTextTokensWith(encoder, text + SECTION_SEPARATOR + section) - countTextTokensWith(encoder, text);
  } else {
    count = OWN_MESSAGE_TOKENS + countTextTokensWith(encoder, "system") + countTextTokensWith(encoder, section);
  }
  const answers = request.messages.filter(
    (message) => message.role === "assistant" && (message.tool_calls?.length ?? 0) === 0,
  ).length;
  const addressed = answers + (request.hasTools ? 0 : 1);
  return count + addressed * (countTextTokensWith(encoder, format.json_schema.name) + ANSWER_EXTRA_TOKENS);
}

// The schema without the keywords the rendering leaves out, at every depth.
function visibleSchema(value: unknown, keyword?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => visibleSchema(item));
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const isName = keyword !== undefined && NAME_MAPS.has(keyword);
    if (!isName && HIDDEN_KEYWORDS.has(key)) continue;
    result[key] = !isName && DATA_KEYWORDS.has(key) ? child : visibleSchema(child, isName ? undefined : key);
  }
  return result;
}

// Compact JSON with every non-ASCII UTF-16 unit escaped as \uXXXX, like Python's json.dumps(ensure_ascii=True).
function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function textOf(content: ResponseFormatRequest["messages"][number]["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
}
