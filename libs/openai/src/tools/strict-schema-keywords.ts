// What OpenAI's strict subset does with each JSON Schema keyword (protocol reference §2.5), checked against the
// emulator's independent validator (libs/openai-emulator/src/validate/validate-strict-schema-walk.ts).
import { childPointer, isPlainObject, type JsonRecord } from "../internal/json-values.js";

/** Annotations kept on the strict schema: strict mode accepts them (title and default observed, not documented). */
export const KEPT_ANNOTATIONS: ReadonlySet<string> = new Set(["title", "description", "default"]);

/** Validation keywords strict mode supports, copied as they are. */
export const KEPT_ASSERTIONS: ReadonlySet<string> = new Set([
  "enum",
  "const",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
]);

/** The string formats strict mode supports; any other is refused ("'uri' is not a valid format."). */
export const SUPPORTED_FORMATS: ReadonlySet<string> = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

const REMOVE_OR_DESCRIBE = "remove it and state the rule in 'description' instead";
const NO_TUPLES = "a tuple cannot be expressed, so use an object with one named property per position";

/**
 * Keywords strict mode refuses, each with its fix. All are refused by the emulator ("'X' is not permitted."), except
 * patternProperties: the emulator walks it, but it opens the object to keys the model cannot know, and OpenAI lists
 * it as unsupported for fine-tuned models. `allOf` with exactly one schema is not here: it is converted losslessly.
 */
export const REFUSED_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ["allOf", "merge its schemas into one"],
  ["not", "remove it, or list the allowed values with 'enum'"],
  ["if", "remove if/then/else and model the alternatives with 'anyOf'"],
  ["then", "remove if/then/else and model the alternatives with 'anyOf'"],
  ["else", "remove if/then/else and model the alternatives with 'anyOf'"],
  ["dependentRequired", "model the dependent fields as an 'anyOf' of complete objects"],
  ["dependentSchemas", "model the dependent fields as an 'anyOf' of complete objects"],
  ["dependencies", "model the dependent fields as an 'anyOf' of complete objects"],
  ["patternProperties", "use an array of {key, value} objects instead"],
  ["propertyNames", "use an array of {key, value} objects instead"],
  ["unevaluatedProperties", "remove it: strict objects are closed already"],
  ["unevaluatedItems", "remove it"],
  ["minProperties", "remove it: strict objects always carry every property"],
  ["maxProperties", "remove it: strict objects always carry every property"],
  ["uniqueItems", `${REMOVE_OR_DESCRIBE}, and deduplicate after parsing`],
  ["contains", REMOVE_OR_DESCRIBE],
  ["minContains", REMOVE_OR_DESCRIBE],
  ["maxContains", REMOVE_OR_DESCRIBE],
  ["minLength", `${REMOVE_OR_DESCRIBE}, or use a 'pattern' such as "^.{1,40}$"`],
  ["maxLength", `${REMOVE_OR_DESCRIBE}, or use a 'pattern' such as "^.{1,40}$"`],
  ["prefixItems", NO_TUPLES],
  ["additionalItems", NO_TUPLES],
  ["$dynamicRef", "use a '$ref' into '$defs'"],
  ["$recursiveRef", "use a '$ref' into '$defs'"],
]);

// Forms of refused keywords that assert nothing, so dropping them keeps the schema's meaning.
function assertsNothing(keyword: string, value: unknown): boolean {
  switch (keyword) {
    case "uniqueItems":
      return value === false;
    case "minLength":
    case "minProperties":
    case "minContains":
      return value === 0;
    default:
      return false;
  }
}

const SIMPLE_TYPES: ReadonlySet<string> = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);
const NUMBER_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] as const;

/** A problem found at one keyword: the pointer to the keyword and the sentence saying what to do. */
export interface KeywordProblem {
  pointer: string;
  problem: string;
}

function typeProblem(value: unknown): string | undefined {
  const names = Array.isArray(value) ? value : [value];
  const valid =
    names.length > 0 &&
    names.every((name) => typeof name === "string" && SIMPLE_TYPES.has(name)) &&
    new Set(names).size === names.length;
  if (valid) return undefined;
  return `'type' must be one of ${[...SIMPLE_TYPES].join(", ")}, or a list of distinct ones; got ${JSON.stringify(value)}.`;
}

function formatProblem(value: unknown): string | undefined {
  if (typeof value === "string" && SUPPORTED_FORMATS.has(value)) return undefined;
  return (
    `format ${JSON.stringify(value)} is not supported in strict mode (supported: ${[...SUPPORTED_FORMATS].join(", ")}); ` +
    "remove it, or describe the format with a 'pattern'."
  );
}

function patternProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "'pattern' must be a string.";
  try {
    new RegExp(value, "u");
    return undefined;
  } catch {
    return `'pattern' ${JSON.stringify(value)} is not a valid regular expression.`;
  }
}

// The keyword shapes JSON Schema itself requires; OpenAI checks them before any strict rule.
function shapeProblem(keyword: string, value: unknown): string | undefined {
  if ((NUMBER_KEYWORDS as readonly string[]).includes(keyword) && typeof value !== "number") {
    return `'${keyword}' must be a number (draft 2020-12 form); got ${JSON.stringify(value)}.`;
  }
  switch (keyword) {
    case "type":
      return typeProblem(value);
    case "format":
      return formatProblem(value);
    case "pattern":
      return patternProblem(value);
    case "enum":
      return Array.isArray(value) && value.length > 0 ? undefined : "'enum' must be a non-empty array of values.";
    case "minItems":
    case "maxItems":
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : `'${keyword}' must be a non-negative integer.`;
    case "properties":
      return isPlainObject(value) ? undefined : "'properties' must be an object mapping names to schemas.";
    case "required":
      return Array.isArray(value) && value.every((key) => typeof key === "string")
        ? undefined
        : "'required' must be an array of property names.";
    default:
      return undefined;
  }
}

/** Every refused keyword, unsupported format and malformed keyword value of one schema node, in key order. */
export function keywordProblems(node: JsonRecord, pointer: string): KeywordProblem[] {
  const problems: KeywordProblem[] = [];
  const openRecord = node["additionalProperties"] !== undefined && node["additionalProperties"] !== false;
  for (const [keyword, value] of Object.entries(node)) {
    const at = childPointer(pointer, keyword);
    const fix = REFUSED_KEYWORDS.get(keyword);
    // A record's propertyNames is part of the record, which is reported once, for additionalProperties.
    const partOfRecord = keyword === "propertyNames" && openRecord;
    const singleAllOf = keyword === "allOf" && Array.isArray(value) && value.length === 1;
    if (fix !== undefined && !partOfRecord && !singleAllOf && !assertsNothing(keyword, value)) {
      problems.push({ pointer: at, problem: `'${keyword}' is not supported in strict mode; ${fix}.` });
      continue;
    }
    const shape = shapeProblem(keyword, value);
    if (shape !== undefined) problems.push({ pointer: at, problem: shape });
  }
  return problems;
}
