import type { Tiktoken } from "js-tiktoken/lite";
import { countTextTokensWith } from "./count-text-tokens.js";

// How tool definitions are counted (evidence and figures: docs/token-counting.md).
//
// OpenAI does not publish the rule. The API renders the function definitions as a TypeScript-like
// `namespace functions { ... }` block inside the system message; OpenAI's own open "harmony" renderer
// (github.com/openai/harmony, docs/format.md) shows that format, and hmarr/openai-chat-tokens reconstructed it
// for the Chat Completions API with adjustments checked against the API's prompt_tokens. Counting the rendered
// block reproduces every tool sample of the OpenAI cookbook (105 for gpt-3.5-turbo and gpt-4, 101 for gpt-4o and
// gpt-4o-mini) with no per-encoding constant, where the cookbook's own per-element constants (func_init 7/10,
// prop_key 3, ...) only fit the one example they were tuned on.
//
//   block = tokens(namespace text) + 9    (the "# Tools / ## functions" header and a system message to hold it)
//   - 4 when the request has a system (or developer) message: the block joins the first one, whose content then
//     ends with an extra "\n" (counted by the message, see count-chat-prompt-tokens.ts)
//   tool_choice "none" + 1, a named function + 7 + tokens(name)        (pamelafox/openai-messages-token-helper)
//   function_call "none" + 1, a named function + 4 + tokens(name)      (hmarr/openai-chat-tokens#9)
//   "auto", "required" and no choice add nothing ("required": no published figure, an estimate)
const TOOLS_BLOCK_TOKENS = 9;
const TOOLS_BLOCK_JOINS_SYSTEM_MESSAGE = -4;
const CHOICE_NONE_TOKENS = 1;
const NAMED_TOOL_CHOICE_TOKENS = 7;
const NAMED_FUNCTION_CALL_TOKENS = 4;
const MAX_SCHEMA_DEPTH = 16; // guards recursive $refs

/** A JSON Schema object as it travels on the wire; only the keywords the rendering uses are read. */
export type ToolJsonSchema = { readonly [keyword: string]: unknown };

/** A function definition: `tools[].function` or an entry of the legacy `functions`. */
export interface FunctionDefinition {
  name: string;
  description?: string | null;
  parameters?: ToolJsonSchema | null;
  strict?: boolean | null;
}

/** One entry of `tools`; only `type: "function"` tools are rendered, other kinds are not counted. */
export interface ToolDefinition {
  type: string;
  function?: FunctionDefinition;
}

/** `tool_choice`, as on the wire. */
export type ToolChoice = string | { type?: string; function?: { name?: string } };

/** The legacy `function_call` request parameter. */
export type FunctionCallChoice = string | { name?: string };

/** What {@link countToolDefinitionTokens} needs to know about a request. */
export interface ToolDefinitionsRequest {
  tools?: ReadonlyArray<ToolDefinition> | null;
  functions?: ReadonlyArray<FunctionDefinition> | null;
  toolChoice?: ToolChoice | null;
  functionCall?: FunctionCallChoice | null;
  /** Whether the messages include a system (or developer) message, which the block then joins. */
  hasSystemMessage: boolean;
}

/**
 * The function definitions of a request, in the order the API renders them: `tools` (function tools only), then
 * the legacy `functions`.
 *
 * @example
 * functionDefinitionsOf({ tools: [{ type: "function", function: { name: "ping" } }] }); // [{ name: "ping" }]
 */
export function functionDefinitionsOf(request: {
  tools?: ReadonlyArray<ToolDefinition> | null;
  functions?: ReadonlyArray<FunctionDefinition> | null;
}): FunctionDefinition[] {
  const fromTools = (request.tools ?? []).flatMap((tool) =>
    tool.type === "function" && tool.function ? [tool.function] : [],
  );
  return [...fromTools, ...(request.functions ?? [])];
}

/**
 * Renders function definitions as the `namespace functions { ... }` block the API puts in the prompt: a `//`
 * comment per description, `type name = (_: { ... }) => any;` per function (`() => any` without parameters),
 * `?` on optional fields, enums as unions of literals, integer as `number`, arrays as `T[]`, nested objects indented
 * by two spaces, `anyOf`/`oneOf`/type lists as unions, local `$ref`s resolved, defaults as `// default: x`.
 *
 * @example
 * renderFunctionsNamespace([{ name: "get_time", description: "Current time" }]);
 * // "namespace functions {\n\n// Current time\ntype get_time = () => any;\n\n} // namespace functions"
 */
export function renderFunctionsNamespace(functions: ReadonlyArray<FunctionDefinition>): string {
  const lines = ["namespace functions {", ""];
  for (const definition of functions) {
    // Multi-line descriptions get "// " on every line, as in OpenAI's harmony renderer.
    if (definition.description) {
      for (const line of definition.description.split("\n")) lines.push(`// ${line}`);
    }
    const parameters = asSchema(definition.parameters);
    if (parameters && hasProperties(parameters)) {
      lines.push(`type ${definition.name} = (_: {`);
      lines.push(renderProperties(parameters, 0, parameters, 0));
      lines.push("}) => any;");
    } else {
      lines.push(`type ${definition.name} = () => any;`);
    }
    lines.push("");
  }
  lines.push("} // namespace functions");
  return lines.join("\n");
}

/**
 * Counts what tool definitions and the tool choice add to `prompt_tokens` (0 without function definitions).
 * The system-message "\n" that goes with the block is counted by the message, not here.
 *
 * @example
 * const encoder = await loadEncoding("o200k_base");
 * countToolDefinitionTokens(encoder, {
 *   tools: [{ type: "function", function: { name: "get_time" } }],
 *   toolChoice: "auto",
 *   hasSystemMessage: false,
 * }); // tokens("namespace functions {\n\ntype get_time = () => any;\n\n} // namespace functions") + 9
 */
export function countToolDefinitionTokens(encoder: Tiktoken, request: ToolDefinitionsRequest): number {
  const definitions = functionDefinitionsOf(request);
  if (definitions.length === 0) return 0;
  let count = countTextTokensWith(encoder, renderFunctionsNamespace(definitions)) + TOOLS_BLOCK_TOKENS;
  if (request.hasSystemMessage) count += TOOLS_BLOCK_JOINS_SYSTEM_MESSAGE;
  if (functionDefinitionsOf({ tools: request.tools }).length > 0) {
    count += choiceTokens(encoder, request.toolChoice, chosenToolName(request.toolChoice), NAMED_TOOL_CHOICE_TOKENS);
  }
  if ((request.functions ?? []).length > 0) {
    count += choiceTokens(encoder, request.functionCall, chosenFunctionName(request.functionCall), NAMED_FUNCTION_CALL_TOKENS);
  }
  return count;
}

function choiceTokens(
  encoder: Tiktoken,
  choice: ToolChoice | FunctionCallChoice | null | undefined,
  name: string | undefined,
  namedOverhead: number,
): number {
  if (choice === "none") return CHOICE_NONE_TOKENS;
  if (name !== undefined) return namedOverhead + countTextTokensWith(encoder, name);
  return 0;
}

function chosenToolName(choice: ToolChoice | null | undefined): string | undefined {
  return typeof choice === "object" && choice !== null ? choice.function?.name : undefined;
}

function chosenFunctionName(choice: FunctionCallChoice | null | undefined): string | undefined {
  return typeof choice === "object" && choice !== null ? choice.name : undefined;
}

// The properties of an object schema, one `key?: type,` line each (with its `// description` line above),
// every line prefixed by `indent` spaces. A nested object's own lines carry their deeper indent already.
function renderProperties(schema: ToolJsonSchema, indent: number, root: ToolJsonSchema, depth: number): string {
  const properties = asSchema(schema["properties"]) ?? {};
  const required = Array.isArray(schema["required"]) ? (schema["required"] as unknown[]) : [];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(properties)) {
    const property = asSchema(value) ?? {};
    const description = property["description"];
    if (typeof description === "string" && description !== "") lines.push(`// ${description}`);
    const optional = required.includes(key) ? "" : "?";
    let line = `${key}${optional}: ${renderType(property, indent, root, depth)},`;
    if (property["default"] !== undefined) line += ` // default: ${renderDefault(property)}`;
    lines.push(line);
  }
  const padding = " ".repeat(indent);
  return lines.map((line) => padding + line).join("\n");
}

function renderType(schema: ToolJsonSchema, indent: number, root: ToolJsonSchema, depth: number): string {
  const rendered = renderBareType(schema, indent, root, depth);
  return schema["nullable"] === true && !rendered.split(" | ").includes("null") ? `${rendered} | null` : rendered;
}

function renderBareType(schema: ToolJsonSchema, indent: number, root: ToolJsonSchema, depth: number): string {
  if (depth > MAX_SCHEMA_DEPTH) return "any";
  const ref = schema["$ref"];
  if (typeof ref === "string") {
    const target = resolveRef(ref, root);
    return target ? renderType(target, indent, root, depth + 1) : "any";
  }
  const enumValues = schema["enum"];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues.map(renderLiteral).join(" | ");
  if ("const" in schema) return renderLiteral(schema["const"]);
  for (const keyword of ["anyOf", "oneOf"]) {
    const variants = schemaList(schema[keyword]);
    if (variants.length > 0) return variants.map((variant) => renderType(variant, indent, root, depth + 1)).join(" | ");
  }
  const allOf = schemaList(schema["allOf"]);
  if (allOf.length > 0) return allOf.map((part) => renderType(part, indent, root, depth + 1)).join(" & ");
  const type = schema["type"];
  if (Array.isArray(type)) {
    const types = type.filter((entry): entry is string => typeof entry === "string");
    if (types.length > 0) return types.map((entry) => renderNamedType(entry, schema, indent, root, depth)).join(" | ");
  }
  if (typeof type === "string") return renderNamedType(type, schema, indent, root, depth);
  return hasProperties(schema) ? renderNamedType("object", schema, indent, root, depth) : "any";
}

function renderNamedType(type: string, schema: ToolJsonSchema, indent: number, root: ToolJsonSchema, depth: number): string {
  switch (type) {
    case "string":
    case "boolean":
    case "null":
      return type;
    case "number":
    case "integer":
      return "number";
    case "array": {
      const items = asSchema(schema["items"]);
      return items ? `${renderType(items, indent, root, depth + 1)}[]` : "any[]";
    }
    case "object":
      return hasProperties(schema) ? ["{", renderProperties(schema, indent + 2, root, depth + 1), "}"].join("\n") : "object";
    default:
      return "any";
  }
}

function renderLiteral(value: unknown): string {
  // Strings are quoted as-is (not JSON-escaped), as both public renderers do.
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? "null";
}

function renderDefault(schema: ToolJsonSchema): string {
  const value = schema["default"];
  // harmony: a string default is quoted unless the field is an enum (whose literals are already shown quoted).
  if (typeof value === "string") return Array.isArray(schema["enum"]) ? value : `"${value}"`;
  return JSON.stringify(value) ?? "null";
}

function resolveRef(ref: string, root: ToolJsonSchema): ToolJsonSchema | undefined {
  if (ref === "#") return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  const definitions = asSchema(root[match[1] ?? ""]);
  return definitions ? asSchema(definitions[decodeURIComponent(match[2] ?? "").replace(/~1/g, "/").replace(/~0/g, "~")]) : undefined;
}

function hasProperties(schema: ToolJsonSchema): boolean {
  const properties = asSchema(schema["properties"]);
  return properties !== undefined && Object.keys(properties).length > 0;
}

function schemaList(value: unknown): ToolJsonSchema[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const schema = asSchema(entry);
    return schema ? [schema] : [];
  });
}

function asSchema(value: unknown): ToolJsonSchema | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as ToolJsonSchema) : undefined;
}
