// Validates a JSON Schema against OpenAI's Structured Outputs strict subset, answering the first violation with the
// 400 OpenAI sends, word for word (protocol reference §2.5, "Structured Outputs, strict subset"); each message's
// evidence is noted where it is built (validate-strict-schema-walk.ts, -limits.ts, -tree.ts).
import { invalidRequest, type EmulatorHttpError } from "../errors.js";
import { isJsonObject } from "./validate-strict-schema-repr.js";
import { excessiveNesting, limitViolation } from "./validate-strict-schema-limits.js";
import { metaSchemaViolation } from "./validate-strict-schema-tree.js";
import { rootTypeViolation, topLevelViolation, visitNode } from "./validate-strict-schema-walk.js";

/** Where a schema came from, which decides the error's prefix, `param` and `code`. */
export type SchemaTarget =
  | { kind: "response_format"; name: string }
  // index: position in `tools`, or in the legacy `functions` when list is "functions"
  | { kind: "function"; name: string; index: number; list?: "tools" | "functions" };

/** The size limits of the strict subset, which changed between API eras; they belong in model profiles. */
export interface StrictSchemaLimits {
  /** Object properties across the whole schema. 2026: 5000 (2024: 100). */
  maxProperties: number;
  /** Levels of object/array nesting. 2026: 10 (2024: 5). */
  maxNesting: number;
  /** Total characters of property names, definition names, enum values and const values. 2026: 120000 (2024: 15000). */
  maxStringLength: number;
  /** Enum values across the whole schema. 2026: 1000 (2024: 500). */
  maxEnumValues: number;
  /** Total characters of one string enum with more than 250 values. 2026: 15000 (2024: 7500). */
  maxLargeEnumStringLength: number;
}

/** The limits in OpenAI's guide as of 2026. */
export const STRICT_LIMITS_2026: StrictSchemaLimits = Object.freeze({
  maxProperties: 5000,
  maxNesting: 10,
  maxStringLength: 120_000,
  maxEnumValues: 1000,
  maxLargeEnumStringLength: 15_000,
});

/** The limits at Structured Outputs' launch (2024). */
export const STRICT_LIMITS_2024: StrictSchemaLimits = Object.freeze({
  maxProperties: 100,
  maxNesting: 5,
  maxStringLength: 15_000,
  maxEnumValues: 500,
  maxLargeEnumStringLength: 7_500,
});

function schemaError(target: SchemaTarget, text: string): EmulatorHttpError {
  switch (target.kind) {
    case "response_format":
      return invalidRequest(
        `Invalid schema for response_format '${target.name}': ${text}`,
        "response_format",
        // Recorded with code null (dottxt-ai/outlines#844, 2024-10; agentscope-java#2548, 2026-08).
        null,
      );
    case "function":
      return invalidRequest(
        `Invalid schema for function '${target.name}': ${text}`,
        target.list === "functions" ? `functions[${target.index}].parameters` : `tools[${target.index}].function.parameters`,
        "invalid_function_parameters",
      );
    default: {
      const unreachable: never = target;
      return unreachable;
    }
  }
}

// Phases in OpenAI's order: the schema must be a JSON Schema at all (a root array is refused in meta-schema words
// before the object rule), then the root must be an object, then the strict structure, then the whole-schema sizes
// (a schema over the nesting limit that also misses a `required` key is reported for the key). Only a schema too
// deep to walk safely is refused for its nesting first.
function strictViolation(schema: unknown, limits: StrictSchemaLimits): string | undefined {
  const shape = excessiveNesting(schema, limits) ?? metaSchemaViolation(schema) ?? rootTypeViolation(schema);
  if (shape !== undefined || !isJsonObject(schema)) return shape;
  return visitNode(schema, [], schema, true) ?? limitViolation(schema, limits);
}

/**
 * Throws EmulatorHttpError (400) for the first violation; returns normally when the schema is accepted.
 * An absent schema (`undefined`) has nothing to check and is accepted.
 *
 * @example
 * validateStrictSchema(body.response_format.json_schema.schema, { kind: "response_format", name: "answer" });
 */
export function validateStrictSchema(
  schema: unknown,
  target: SchemaTarget,
  limits: StrictSchemaLimits = STRICT_LIMITS_2026,
): void {
  if (schema === undefined) return;
  const text = strictViolation(schema, limits);
  if (text !== undefined) throw schemaError(target, text);
}

/**
 * Non-strict check for function parameters: the root must be an object schema. Throws like above.
 * OpenAI applies the root rules to every function, strict or not: `type: "object"` (confirmed: "schema must be a
 * JSON Schema of 'type: "object"', got 'type: "None"'.") and no union/enum/const/not beside it (confirmed on
 * non-strict MCP tools). Omitted `parameters` (`undefined`) declare a function without arguments and are accepted.
 */
export function validateFunctionParameters(
  schema: unknown,
  target: Extract<SchemaTarget, { kind: "function" }>,
): void {
  if (schema === undefined) return;
  const rootShape = isJsonObject(schema) || typeof schema === "boolean" ? undefined : metaSchemaViolation(schema);
  const text = rootShape ?? rootTypeViolation(schema) ?? (isJsonObject(schema) ? topLevelViolation(schema) : undefined);
  if (text !== undefined) throw schemaError(target, text);
}
