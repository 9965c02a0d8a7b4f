// The `ls_structured_output_format` call option that LangSmith reads to show a run's structured output. The shape is
// @langchain/openai 1.6's (chat_models/base.js, withStructuredOutput): the method in snake_case under `kwargs`, and
// the user's schema as JSON Schema with the schema's name as `title` in front. As there, the schema's own `title` and
// `description` win over the name and description they are spread over.

import type { BaseLanguageModelCallOptions } from "@langchain/core/language_models/base";
import type { JsonSchemaObject } from "../schemas/schema-input.js";
import type { StructuredOutputMethod } from "./parse-structured-output.js";

/**
 * The tracing description of a structured output, as core's `ls_structured_output_format` call option types it.
 *
 * @example
 * const format: StructuredOutputTracingFormat = { kwargs: { method: "json_schema" }, schema: { title: "Person", type: "object" } };
 */
export type StructuredOutputTracingFormat = NonNullable<BaseLanguageModelCallOptions["ls_structured_output_format"]>;

/** What {@link convertToTracingFormat} describes. */
export interface TracingFormatInput {
  method: StructuredOutputMethod;
  /** The schema's name on the wire (tool name or `json_schema.name`). */
  name: string;
  /** The `description` option; the schema's own description wins. */
  description?: string;
  /** The user's schema as JSON Schema, before strict mode rewrites it. */
  jsonSchema: JsonSchemaObject;
}

/**
 * Builds the `ls_structured_output_format` value for a structured output, as @langchain/openai does.
 *
 * @example
 * convertToTracingFormat({ method: "functionCalling", name: "Person", jsonSchema: { type: "object" } });
 * // { kwargs: { method: "function_calling" }, schema: { title: "Person", type: "object" } }
 */
export function convertToTracingFormat(input: TracingFormatInput): StructuredOutputTracingFormat {
  const { method, name, description, jsonSchema } = input;
  // @langchain/openai puts a description in front only for json_schema, the one method whose request carries one.
  const schemaDescription = typeof jsonSchema["description"] === "string" ? jsonSchema["description"] : description;
  const lead = method === "jsonSchema" && schemaDescription !== undefined ? { title: name, description: schemaDescription } : { title: name };
  const schema = { ...lead, ...jsonSchema } as StructuredOutputTracingFormat["schema"];
  return { kwargs: { method: mapStructuredOutputMethod(method) }, schema };
}

/**
 * Maps our method names to the snake_case ones LangSmith shows (LangChain Python's spelling).
 *
 * @example
 * mapStructuredOutputMethod("jsonMode"); // "json_mode"
 */
export function mapStructuredOutputMethod(method: StructuredOutputMethod): "json_schema" | "function_calling" | "json_mode" {
  switch (method) {
    case "jsonSchema":
      return "json_schema";
    case "functionCalling":
      return "function_calling";
    case "jsonMode":
      return "json_mode";
    default: {
      const unknown: never = method;
      throw new TypeError(`Unknown structured output method "${String(unknown)}".`);
    }
  }
}
