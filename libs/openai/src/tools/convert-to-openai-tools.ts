import type OpenAI from "openai";
import type { ChatOpenAIToolType } from "../chat-openai-fields.js";
import {
  InvalidToolDefinitionError,
  SchemaConversionError,
  type SchemaIssue,
  SchemaIssuesError,
  StrictSchemaError,
} from "../errors/errors.js";
import { findNonJsonValue, toJsonPointer } from "../internal/find-non-json-value.js";
import { isPlainObject } from "../internal/json-values.js";
import { convertToJsonSchema, type SchemaInput } from "../schemas/convert-to-json-schema.js";
import { isStandardSchema } from "../schemas/is-standard-schema.js";
import { checkBuiltInTool, isResponsesBuiltInTool, type ResponsesBuiltInTool } from "./check-built-in-tools.js";
import { type OptionalNullPlan } from "./restore-optional-nulls.js";
import { type JsonSchemaObject, toStrictJsonSchema } from "./to-strict-json-schema.js";

/** The wire tools of a request, and for strict tools the plan that maps their `null`s back to absent keys. */
export interface ConvertedTools {
  tools: OpenAI.ChatCompletionTool[];
  /** By tool name; only tools made strict by this package (whose optional fields became nullable) have one. */
  restorePlans: Map<string, OptionalNullPlan>;
  /**
   * Every tool in the order given: the converted ones and, with `builtInTools: "accept"`, the built-in tools of the
   * Responses API as they were given (checked, unchanged).
   */
  all: Array<OpenAI.ChatCompletionTool | ResponsesBuiltInTool>;
}

/** Options of {@link convertToOpenAITools}. */
export interface ConvertToolsOptions {
  /** `true` or `false` for every tool that does not say; unset leaves the `strict` key off the wire. */
  strict?: boolean;
  /**
   * What to do with OpenAI's built-in tools (`{ type: "web_search" }`, …): `"accept"` (the Responses API) checks them
   * and keeps them in `all`; `"refuse"` (the default: Chat Completions has none) reports each as a problem.
   */
  builtInTools?: "accept" | "refuse";
}

interface ToolDraft {
  name: string;
  description?: string;
  parameters?: JsonSchemaObject;
  /** The tool's own setting (OpenAI format only); wins over the option, so an explicit `false` always holds. */
  strict?: boolean | null;
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/u;
// No length limit on descriptions: the API accepted a 15,664-character one on Chat Completions and on the Responses API
// in recorded 2025-12 / 2026-01 exchanges (the token truth sets, mirascope's test_caching_tool cassettes), although
// older reports quote a 1024-character limit.

type Converted = { tool: OpenAI.ChatCompletionTool; plan?: OptionalNullPlan };
const cache = new WeakMap<object, Map<string, Converted>>();

/**
 * Turns every kind of tool LangChain users pass (LangChain tools, `{ name, description, schema }` with a Zod v3, Zod v4
 * or JSON schema, OpenAI-format tools, legacy function definitions) into OpenAI function tools, and checks them all
 * before anything is sent: names (`^[a-zA-Z0-9_-]{1,64}$`, unique), an object parameters root, description length, and
 * with strict mode the structured-outputs subset. Every problem of every tool is reported at once.
 *
 * @example
 * const { tools } = convertToOpenAITools([{ name: "get_weather", description: "…", schema: z.object({ city: z.string() }) }], { strict: true });
 */
export function convertToOpenAITools(tools: ReadonlyArray<ChatOpenAIToolType>, options: ConvertToolsOptions = {}): ConvertedTools {
  const converted: Converted[] = [];
  const all: ConvertedTools["all"] = [];
  const issues: SchemaIssue[] = [];
  const failures: SchemaIssuesError[] = [];
  tools.forEach((tool, index) => {
    if (isResponsesBuiltInTool(tool) && tool.type !== "custom") {
      const problems = options.builtInTools === "accept" ? checkBuiltInTool(tool, index) : [builtInOnChatIssue(tool.type, index)];
      if (problems.length === 0) all.push(tool);
      else issues.push(...problems);
      return;
    }
    try {
      const entry = convertCached(tool, index, options);
      converted.push(entry);
      all.push(entry.tool);
    } catch (error) {
      if (!SchemaIssuesError.isInstance(error)) throw error;
      failures.push(error);
      issues.push(...error.issues);
    }
  });
  issues.push(...duplicateNameIssues(tools.map(toolName)));
  if (issues.length > 0) throw aggregate(issues, failures);
  const restorePlans = new Map<string, OptionalNullPlan>();
  for (const entry of converted) {
    if (entry.plan && entry.tool.type === "function") restorePlans.set(entry.tool.function.name, entry.plan);
  }
  return { tools: converted.map((entry) => entry.tool), restorePlans, all };
}

function builtInOnChatIssue(type: string, index: number): SchemaIssue {
  const webSearch = type.startsWith("web_search") ? " For web search on Chat Completions, use a search model with the `webSearchOptions` option instead." : "";
  return {
    subject: `tool ${index} "${type}"`,
    pointer: "/type",
    problem:
      `OpenAI's built-in tool ${JSON.stringify(type)} runs on the Responses API only, and this call goes to Chat Completions ` +
      `(useResponsesApi: false). Leave useResponsesApi unset (a built-in tool chooses the Responses API) or set it to true.${webSearch}`,
  };
}

// Conversion is pure for a given tool object and strict setting, so it runs once per tool, not once per call.
function convertCached(tool: ChatOpenAIToolType, index: number, options: ConvertToolsOptions): Converted {
  const key = String(options.strict);
  const cached = typeof tool === "object" && tool !== null ? cache.get(tool)?.get(key) : undefined;
  if (cached) return cached;
  const result = convertOne(tool, index, options);
  if (typeof tool === "object" && tool !== null) {
    const entries = cache.get(tool) ?? new Map<string, Converted>();
    entries.set(key, result);
    cache.set(tool, entries);
  }
  return result;
}

function convertOne(tool: ChatOpenAIToolType, index: number, options: ConvertToolsOptions): Converted {
  if (isResponsesBuiltInTool(tool)) {
    // A custom tool in the Responses API's flat form: checked, then in Chat Completions' form like the others.
    const problems = checkBuiltInTool(tool, index);
    if (problems.length > 0) throw new InvalidToolDefinitionError(problems);
    return { tool: nestCustomTool(tool as OpenAI.Responses.CustomTool) };
  }
  if (isCustomTool(tool)) return { tool: tool as OpenAI.ChatCompletionCustomTool };
  const draft = toDraft(tool, index);
  const subject = `tool ${index} "${draft.name}"`;
  checkJsonSchemaValues(draft.parameters, subject);
  const problems = definitionIssues(draft, subject);
  if (problems.length > 0) throw new InvalidToolDefinitionError(problems);
  const strict = draft.strict ?? options.strict;
  const fn: OpenAI.FunctionDefinition = { name: draft.name };
  if (draft.description !== undefined) fn.description = draft.description;
  let plan: OptionalNullPlan | undefined;
  if (strict === true) {
    const conversion = toStrictJsonSchema(draft.parameters ?? { type: "object", properties: {} }, subject);
    fn.parameters = conversion.schema;
    plan = conversion.restore;
  } else if (draft.parameters !== undefined) {
    fn.parameters = draft.parameters;
  }
  if (strict !== undefined) fn.strict = strict;
  return { tool: { type: "function", function: fn }, plan };
}

function toDraft(tool: ChatOpenAIToolType, index: number): ToolDraft {
  const record = (typeof tool === "object" && tool !== null ? tool : {}) as Record<string, unknown>;
  if (record.type === "function" && typeof record.function === "object" && record.function !== null) {
    const fn = record.function as Record<string, unknown>;
    return {
      name: String(fn.name ?? ""),
      description: typeof fn.description === "string" ? fn.description : undefined,
      parameters: fn.parameters as JsonSchemaObject | undefined,
      strict: fn.strict as boolean | null | undefined,
    };
  }
  const name = typeof record.name === "string" ? record.name : "";
  const description = typeof record.description === "string" && record.description !== "" ? record.description : undefined;
  if ("schema" in record && record.schema !== undefined) {
    // A JSON Schema given as such is checked before conversion, which could drop what JSON cannot carry.
    if (isPlainObject(record.schema) && !isStandardSchema(record.schema)) checkJsonSchemaValues(record.schema, `tool ${index} "${name}"`);
    return { name, description, parameters: convertToJsonSchema(record.schema as SchemaInput, `tool ${index} "${name}"`) };
  }
  if ("parameters" in record) return { name, description, parameters: record.parameters as JsonSchemaObject | undefined };
  throw new InvalidToolDefinitionError([
    {
      subject: `tool ${index}`,
      pointer: "",
      problem:
        "this is not a tool: pass a LangChain tool, { name, description, schema }, an OpenAI tool " +
        "({ type: \"function\", function: { name, parameters } }) or a function definition ({ name, parameters }).",
    },
  ]);
}

/**
 * A schema holding what JSON cannot carry (a function, which JSON would drop silently; a BigInt or a cycle, on which
 * it throws; NaN, which it turns into null) is refused, naming where.
 */
function checkJsonSchemaValues(schema: unknown, subject: string): void {
  const found = findNonJsonValue(schema);
  if (found === undefined) return;
  throw new InvalidToolDefinitionError([
    { subject, pointer: toJsonPointer(found.segments), problem: `the schema holds ${found.problem}; a tool schema must be plain JSON, so replace it (or remove it).` },
  ]);
}

function definitionIssues(draft: ToolDraft, subject: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (!NAME_PATTERN.test(draft.name)) {
    issues.push({
      subject,
      pointer: "",
      problem: `the name must be 1 to 64 letters, digits, "_" or "-" (OpenAI's rule); rename it, e.g. "${suggestName(draft.name)}".`,
    });
  }
  const parameters = draft.parameters;
  if (parameters !== undefined && (typeof parameters !== "object" || parameters === null || Array.isArray(parameters) || parameters.type !== "object")) {
    const got = typeof parameters === "object" && parameters !== null ? JSON.stringify((parameters as JsonSchemaObject).type ?? null) : typeof parameters;
    issues.push({ subject, pointer: "", problem: `the parameters root must be an object schema (type "object"), got ${got}; wrap the value: { value: … }.` });
  }
  return issues;
}

// Over every tool, converted or not, so a duplicate is reported alongside the tool's other problems.
function duplicateNameIssues(names: ReadonlyArray<string | undefined>): SchemaIssue[] {
  const seen = new Map<string, number>();
  const issues: SchemaIssue[] = [];
  names.forEach((name, index) => {
    if (name === undefined) return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else issues.push({ subject: `tool ${index} "${name}"`, pointer: "", problem: `the name is already used by tool ${first}; tool names must be unique.` });
  });
  return issues;
}

function toolName(tool: ChatOpenAIToolType): string | undefined {
  const record = (typeof tool === "object" && tool !== null ? tool : {}) as { name?: unknown; function?: { name?: unknown }; custom?: { name?: unknown } };
  const name = record.function?.name ?? record.custom?.name ?? record.name;
  return typeof name === "string" ? name : undefined;
}

// One error for everything found: a single kind of schema failure keeps its class; any mix (or a definition problem
// such as a duplicate name) is an InvalidToolDefinitionError listing all of it.
function aggregate(issues: SchemaIssue[], failures: SchemaIssuesError[]): SchemaIssuesError {
  const onlyFailureIssues = issues.length === failures.reduce((count, failure) => count + failure.issues.length, 0);
  const kinds = new Set(failures.map((failure) => failure.name));
  if (onlyFailureIssues && kinds.size === 1) {
    if (StrictSchemaError.isInstance(failures[0])) return new StrictSchemaError(issues);
    if (SchemaConversionError.isInstance(failures[0])) return new SchemaConversionError(issues);
  }
  return new InvalidToolDefinitionError(issues);
}

/** A flat Responses custom tool in Chat Completions' nested form (`format.definition` moves into `format.grammar`). */
function nestCustomTool(tool: OpenAI.Responses.CustomTool): OpenAI.ChatCompletionCustomTool {
  const { type: _type, name, description, format } = tool;
  const custom: OpenAI.ChatCompletionCustomTool["custom"] = { name };
  if (description !== undefined) custom.description = description;
  if (format?.type === "grammar") custom.format = { type: "grammar", grammar: { definition: format.definition, syntax: format.syntax } };
  else if (format?.type === "text") custom.format = { type: "text" };
  return { type: "custom", custom };
}

function isCustomTool(tool: ChatOpenAIToolType): boolean {
  return typeof tool === "object" && tool !== null && (tool as { type?: unknown }).type === "custom";
}

function suggestName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]+/gu, "_").replace(/^_+|_+$/gu, "").slice(0, 64);
  return cleaned === "" ? "my_tool" : cleaned;
}
