// Tool-call arguments checked against the schema the tool was bound with, as structured output checks its answer:
// JSON that parses but does not satisfy the tool's schema (a string where a number belongs) is an invalid_tool_call
// carrying the schema's error, never a call a tool would run with bad input.

import type { AIMessage, InvalidToolCall, ToolCall } from "@langchain/core/messages";
import type { Generation } from "@langchain/core/outputs";
import type { ChatOpenAIToolType } from "../chat-openai-fields.js";
import type { SchemaInput } from "../schemas/convert-to-json-schema.js";
import { isStandardSchema } from "../schemas/is-standard-schema.js";
import { isJsonSchemaObject, isZodV3Schema, isZodV4Schema } from "../schemas/is-zod-schema.js";
import { validateWithSchema } from "../schemas/validate-with-schema.js";

/**
 * The start of the `error` of an invalid_tool_call whose arguments do not match its tool's schema.
 *
 * @example
 * message.invalid_tool_calls.filter((call) => call.error?.startsWith(SCHEMA_MISMATCH_ERROR_PREFIX));
 */
export const SCHEMA_MISMATCH_ERROR_PREFIX = "schema_mismatch: the arguments do not match the tool's schema:";

/**
 * The schema of each tool that has one we can validate with: a Zod (v3, v4) or Standard Schema, or a JSON Schema
 * object (`schema` of a LangChain tool or `{ name, schema }`, `parameters` of an OpenAI tool or function definition).
 * Custom (free-form) tools have none.
 *
 * @example
 * collectToolSchemas([{ name: "pay", description: "Pay", schema: z.object({ amount: z.number() }) }]).has("pay"); // true
 */
export function collectToolSchemas(tools: ReadonlyArray<ChatOpenAIToolType>): Map<string, SchemaInput> {
  const schemas = new Map<string, SchemaInput>();
  for (const tool of tools) {
    if (typeof tool !== "object" || tool === null) continue;
    const record = tool as { type?: unknown; name?: unknown; schema?: unknown; parameters?: unknown; function?: { name?: unknown; parameters?: unknown } };
    const name = record.type === "function" ? record.function?.name : record.name;
    const schema = record.type === "function" ? record.function?.parameters : (record.schema ?? record.parameters);
    if (typeof name === "string" && isValidatable(schema)) schemas.set(name, schema);
  }
  return schemas;
}

function isValidatable(schema: unknown): schema is SchemaInput {
  return isZodV4Schema(schema) || isZodV3Schema(schema) || isStandardSchema(schema) || isJsonSchemaObject(schema);
}

/**
 * Moves, in place, every tool call of the generations' messages whose arguments fail its tool's schema to
 * `invalid_tool_calls`, with the schema's error (prefixed {@link SCHEMA_MISMATCH_ERROR_PREFIX}) and the arguments as
 * JSON text. Calls of tools without a schema, and valid calls, are left as they are (arguments unparsed: a Zod
 * transform is not applied, as @langchain/openai does not apply it).
 *
 * @example
 * await validateToolCallArguments(result.generations, collectToolSchemas(options.tools ?? []));
 */
export async function validateToolCallArguments(generations: Generation[][], schemas: ReadonlyMap<string, SchemaInput>): Promise<void> {
  if (schemas.size === 0) return;
  for (const choices of generations) {
    for (const generation of choices) {
      const message = (generation as { message?: AIMessage }).message;
      if (message?.tool_calls?.some((call) => schemas.has(call.name))) await moveMismatchedCalls(message, schemas);
    }
  }
}

async function moveMismatchedCalls(message: AIMessage, schemas: ReadonlyMap<string, SchemaInput>): Promise<void> {
  const valid: ToolCall[] = [];
  const invalid: InvalidToolCall[] = [];
  for (const call of message.tool_calls ?? []) {
    const schema = schemas.get(call.name);
    const result = schema === undefined ? undefined : await validateWithSchema(schema, call.args);
    if (result === undefined || result.success) valid.push(call);
    else invalid.push({ type: "invalid_tool_call", name: call.name, args: JSON.stringify(call.args), id: call.id, error: `${SCHEMA_MISMATCH_ERROR_PREFIX} ${result.error.message}` });
  }
  if (invalid.length === 0) return;
  message.tool_calls = valid;
  message.invalid_tool_calls = [...(message.invalid_tool_calls ?? []), ...invalid];
  // Serialization reads lc_kwargs: keep it in step.
  const kwargs = message.lc_kwargs as { tool_calls?: unknown; invalid_tool_calls?: unknown };
  kwargs.tool_calls = message.tool_calls;
  kwargs.invalid_tool_calls = message.invalid_tool_calls;
}
