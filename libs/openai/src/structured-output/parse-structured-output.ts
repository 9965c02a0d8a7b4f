import type { AIMessage } from "@langchain/core/messages";
import {
  ContentFilterError,
  StructuredOutputLengthError,
  StructuredOutputParseError,
  StructuredOutputRefusalError,
} from "../errors/errors.js";
import type { SchemaInput } from "../schemas/convert-to-json-schema.js";
import { validateWithSchema } from "../schemas/validate-with-schema.js";
import { type OptionalNullPlan, restoreOptionalNulls } from "../tools/restore-optional-nulls.js";

/** How the model was asked for structure, which decides where the answer is in the message. */
export type StructuredOutputMethod = "jsonSchema" | "functionCalling" | "jsonMode";

/** What parsing needs: the user's schema (validation), the method, and for strict schemas the null plan. */
export interface StructuredOutputSpec {
  schema: SchemaInput;
  method: StructuredOutputMethod;
  /** The tool name (functionCalling) or schema name (jsonSchema). */
  name: string;
  restore: OptionalNullPlan | undefined;
}

/**
 * Turns a model answer into the user's object: refusals and answers cut off by the token limit are typed errors
 * (never a parse of truncated JSON), the JSON is parsed, strict mode's added nulls are removed, and the result is
 * validated with the user's own schema (Zod `parse`, so transforms and defaults apply; a Standard Schema's own
 * `validate`, which may be async; a JSON Schema validator for JSON Schema).
 *
 * @example
 * const person = await parseStructuredOutput(message, { schema: Person, method: "jsonSchema", name: "Person", restore });
 */
export async function parseStructuredOutput(message: AIMessage, spec: StructuredOutputSpec): Promise<unknown> {
  const requestId = stringOrUndefined(message.response_metadata?.request_id);
  const refusal = message.additional_kwargs?.refusal;
  if (typeof refusal === "string" && refusal !== "") throw new StructuredOutputRefusalError(refusal, { requestId });
  // On the Responses API too: an answer cut by max_output_tokens has finish_reason "length" (see mapResponsesFinishReason).
  if (message.response_metadata?.finish_reason === "length") {
    throw new StructuredOutputLengthError(
      `The structured output "${spec.name}" was cut off by the token limit (finish_reason "length"), so it is incomplete. Raise maxTokens or ask for less.`,
      { requestId },
    );
  }
  // On the Responses API too: an answer the filter cut has finish_reason "content_filter" (see mapResponsesFinishReason).
  if (message.response_metadata?.finish_reason === "content_filter") {
    const results = message.response_metadata.content_filter_results as Record<string, unknown> | undefined;
    throw new ContentFilterError(
      `The structured output "${spec.name}" was cut short by a content filter (finish_reason "content_filter"), so it is incomplete; contentFilterResults says which category was filtered.`,
      { requestId, source: "completion", contentFilterResults: results },
    );
  }
  return validateStructuredValue(extractValue(message, spec), spec, requestId);
}

/**
 * Validates a parsed value (already JSON) against the spec: strict nulls removed, then the user's schema.
 *
 * @example
 * await validateStructuredValue({ name: "Ada", age: null }, spec); // { name: "Ada" } when age was optional
 */
export async function validateStructuredValue(value: unknown, spec: StructuredOutputSpec, requestId?: string): Promise<unknown> {
  const restored = spec.restore ? restoreOptionalNulls(value, spec.restore) : value;
  const result = await validateWithSchema(spec.schema, restored);
  if (result.success) return result.data;
  throw new StructuredOutputParseError(`The structured output "${spec.name}" does not match its schema: ${result.error.message}`, {
    text: JSON.stringify(value),
    cause: result.error,
    requestId,
  });
}

/**
 * Parses the JSON text of an answer (the content, or a tool call's arguments).
 *
 * @example
 * parseStructuredText('{"name":"Ada"}', "Person"); // { name: "Ada" }
 */
export function parseStructuredText(text: string, name: string, requestId?: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StructuredOutputParseError(`The structured output "${name}" is not valid JSON: ${(error as Error).message}`, { text, cause: error, requestId });
  }
}

function extractValue(message: AIMessage, spec: StructuredOutputSpec): unknown {
  const requestId = stringOrUndefined(message.response_metadata?.request_id);
  if (spec.method !== "functionCalling") {
    const text = typeof message.content === "string" ? message.content : message.text;
    return parseStructuredText(text, spec.name, requestId);
  }
  const call = message.tool_calls?.find((candidate) => candidate.name === spec.name);
  if (call) return call.args;
  const invalid = message.invalid_tool_calls?.find((candidate) => candidate.name === spec.name);
  throw new StructuredOutputParseError(
    invalid
      ? `The structured output "${spec.name}" came back as an invalid tool call: ${invalid.error ?? "unparseable arguments"}`
      : `The model did not call "${spec.name}", so there is no structured output.`,
    { text: invalid?.args ?? (typeof message.content === "string" ? message.content : ""), requestId },
  );
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
