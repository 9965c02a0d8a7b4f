import type { ChatCompletionRequest } from "../wire.js";
import { validateFunctionParameters, validateStrictSchema, type StrictSchemaLimits } from "./validate-strict-schema.js";

/**
 * Checks every schema in a request: strict function parameters and strict `json_schema` response formats against the
 * structured-outputs subset, and any other function parameters for an object root. Throws the API's 400 for the first
 * problem, in the order tools, functions, response_format.
 */
export function validateRequestSchemas(request: ChatCompletionRequest, limits: StrictSchemaLimits): void {
  // Custom tools have no JSON schema; they keep their place so that a function's index is its position in `tools`.
  const lists = [
    ["tools", (request.tools ?? []).map((tool) => (tool.type === "function" ? tool.function : undefined))],
    ["functions", request.functions ?? []],
  ] as const;
  for (const [list, definitions] of lists) {
    definitions.forEach((definition, index) => {
      if (definition?.parameters === undefined) return;
      const target = { kind: "function" as const, name: definition.name, index, list };
      if (definition.strict === true) validateStrictSchema(definition.parameters, target, limits);
      else validateFunctionParameters(definition.parameters, target);
    });
  }
  const format = request.response_format;
  if (format?.type === "json_schema" && format.json_schema.strict === true) {
    validateStrictSchema(format.json_schema.schema, { kind: "response_format", name: format.json_schema.name }, limits);
  }
}
