// The `POST /v1/responses` body as the emulator validates it: the parameters of the SDK's `ResponseCreateParamsBase`
// (openai 7) that this slice serves, with their types, enum values and bounds. The type words follow the Chat
// Completions captures ("an array of objects", "one of a string or array of objects"); the Responses wordings were not
// captured separately. wording not confirmed

import { REASONING_EFFORTS } from "../engine/reasoning.js";
import { builtInToolSchemas } from "../routes/responses-tools/registry.js";
import { type ObjectSchema, type Schema, s } from "./validation-schema.js";

const NAME = s.string({ minLength: 1, maxLength: 64, pattern: /^[a-zA-Z0-9_-]+$/ });
const ARRAY_OF_OBJECTS = "an array of objects";
const STRING_OR_PARTS = "one of a string or array of objects";
const STRICT = { strict: true } as const;

/** Input content part types, in the order the SDK lists them (`output_text` and `refusal` only in assistant history). */
const PART_VARIANTS: Record<string, ObjectSchema> = {
  input_text: s.object({ text: s.string() }, ["text"], STRICT),
  input_image: s.object(
    { image_url: s.string({ nullable: true }), file_id: s.string({ nullable: true }), detail: s.enum(["low", "high", "auto", "original"]) },
    [],
    STRICT,
  ),
  input_file: s.object(
    { file_data: s.string(), file_id: s.string({ nullable: true }), file_url: s.string(), filename: s.string(), detail: s.enum(["low", "high", "auto"]) },
    [],
    STRICT,
  ),
  output_text: s.object({ text: s.string(), annotations: s.array(s.object({}), ARRAY_OF_OBJECTS), logprobs: s.array(s.object({}), ARRAY_OF_OBJECTS) }, ["text"]),
  refusal: s.object({ refusal: s.string() }, ["refusal"], STRICT),
};

// An empty content array is a bounds error (captured: "Invalid 'input[2].content': empty array.").
const CONTENT = s.union([s.string(), s.array(s.tagged("type", PART_VARIANTS), ARRAY_OF_OBJECTS, { minItems: 1 })], STRING_OR_PARTS);

/** The input item types this slice serves; a message may leave `type` out (the SDK's `EasyInputMessage`). */
const ITEM_VARIANTS: Record<string, ObjectSchema> = {
  message: s.object(
    { role: s.enum(["user", "assistant", "system", "developer"]), content: CONTENT, id: s.string(), status: s.string(), phase: s.string({ nullable: true }) },
    ["role", "content"],
    STRICT,
  ),
  function_call: s.object(
    { call_id: s.string(), name: NAME, arguments: s.string(), id: s.string(), status: s.string(), namespace: s.string({ nullable: true }) },
    ["call_id", "name", "arguments"],
    STRICT,
  ),
  function_call_output: s.object(
    { call_id: s.string({ minLength: 1 }), output: s.union([s.string(), s.array(s.object({}), ARRAY_OF_OBJECTS)], STRING_OR_PARTS), id: s.string({ nullable: true }), status: s.string({ nullable: true }) },
    ["call_id", "output"],
    STRICT,
  ),
  custom_tool_call: s.object({ call_id: s.string(), name: NAME, input: s.string(), id: s.string(), status: s.string() }, ["call_id", "name", "input"], STRICT),
  custom_tool_call_output: s.object(
    { call_id: s.string({ minLength: 1 }), output: s.union([s.string(), s.array(s.object({}), ARRAY_OF_OBJECTS)], STRING_OR_PARTS), id: s.string({ nullable: true }) },
    ["call_id", "output"],
    STRICT,
  ),
  // Built-in calls sent back as history (a response's output replayed as input): their members are the server's.
  web_search_call: s.object({ id: s.string(), status: s.string() }, ["id"]),
  code_interpreter_call: s.object({ id: s.string(), status: s.string() }, ["id"]),
  image_generation_call: s.object({ id: s.string(), status: s.string() }, ["id"]),
  file_search_call: s.object({ id: s.string(), status: s.string() }, ["id"]),
  mcp_list_tools: s.object({ id: s.string(), server_label: s.string() }, ["id", "server_label"]),
  mcp_call: s.object({ id: s.string(), server_label: s.string(), name: s.string(), arguments: s.string() }, ["id"]),
  mcp_approval_request: s.object({ id: s.string(), server_label: s.string(), name: s.string(), arguments: s.string() }, ["id", "server_label", "name", "arguments"], STRICT),
  mcp_approval_response: s.object(
    { approval_request_id: s.string(), approve: s.boolean(), reason: s.string({ nullable: true }), id: s.string({ nullable: true }) },
    ["approval_request_id", "approve"],
    STRICT,
  ),
  reasoning: s.object(
    {
      id: s.string(),
      summary: s.array(s.object({ type: s.enum(["summary_text"]), text: s.string() }, ["type", "text"]), ARRAY_OF_OBJECTS),
      content: s.array(s.object({}), ARRAY_OF_OBJECTS),
      encrypted_content: s.string({ nullable: true }),
      status: s.string(),
    },
    ["summary"],
    STRICT,
  ),
};

/**
 * The built-in tool types the API knows that the emulator does not serve yet (refused after the schema).
 *
 * @example
 * UNSERVED_TOOL_TYPES.includes("computer_use_preview"); // true
 */
export const UNSERVED_TOOL_TYPES = ["computer_use_preview", "local_shell", "shell", "apply_patch"] as const;

const CUSTOM_FORMAT = s.tagged("type", {
  text: s.object({}, [], STRICT),
  grammar: s.object({ syntax: s.enum(["lark", "regex"]), definition: s.string() }, ["syntax", "definition"], STRICT),
});

const TOOL = s.tagged("type", {
  function: s.object(
    { name: NAME, description: s.string({ nullable: true }), parameters: s.object({}, [], { nullable: true }), strict: s.boolean({ nullable: true }) },
    ["name"],
    STRICT,
  ),
  custom: s.object({ name: NAME, description: s.string(), format: CUSTOM_FORMAT, defer_loading: s.boolean() }, ["name"], STRICT),
  // Each served built-in's fields, from its module (routes/responses-tools).
  ...builtInToolSchemas(),
  ...Object.fromEntries(UNSERVED_TOOL_TYPES.map((type) => [type, s.object({})])),
});

/**
 * The `tool_choice` types that force a built-in tool (the SDK's ToolChoiceTypes, and `web_search` as sent by clients).
 *
 * @example
 * BUILT_IN_CHOICE_TYPES.includes("web_search_preview"); // true
 */
export const BUILT_IN_CHOICE_TYPES = [
  "file_search",
  "web_search_preview",
  "web_search_preview_2025_03_11",
  "web_search",
  "computer_use_preview",
  "image_generation",
  "code_interpreter",
] as const;

const TEXT_FORMAT = s.tagged("type", {
  text: s.object({}, [], STRICT),
  json_object: s.object({}, [], STRICT),
  json_schema: s.object(
    { name: NAME, schema: s.object({}), description: s.string(), strict: s.boolean({ nullable: true }) },
    ["name", "schema"],
    STRICT,
  ),
});

const TOOL_CHOICE = s.union(
  [
    s.enum(["none", "auto", "required"]),
    s.tagged("type", {
      function: s.object({ name: s.string() }, ["name"], STRICT),
      custom: s.object({ name: s.string() }, ["name"], STRICT),
      mcp: s.object({ server_label: s.string(), name: s.string({ nullable: true }) }, ["server_label"], STRICT),
      ...Object.fromEntries(BUILT_IN_CHOICE_TYPES.map((type) => [type, s.object({}, [], STRICT)])),
      allowed_tools: s.object({ mode: s.enum(["auto", "required"]), tools: s.array(s.object({}), ARRAY_OF_OBJECTS, { minItems: 1 }) }, ["mode", "tools"], STRICT),
    }),
  ],
  "one of one of 'none', 'auto', or 'required' or object",
);

/** The values of `include`, in the SDK's order. */
export const INCLUDABLE = [
  "file_search_call.results",
  "web_search_call.results",
  "web_search_call.action.sources",
  "message.input_image.image_url",
  "computer_call_output.output.image_url",
  "code_interpreter_call.outputs",
  "reasoning.encrypted_content",
  "message.output_text.logprobs",
] as const;

/** Every top-level parameter except `model` (checked while parsing). */
export const RESPONSES_PARAMETERS: Readonly<Record<string, Schema>> = {
  input: s.union([s.string(), s.array(s.tagged("type", ITEM_VARIANTS, { fallback: "message" }), ARRAY_OF_OBJECTS)], STRING_OR_PARTS),
  instructions: s.string({ nullable: true }),
  tools: s.array(TOOL, ARRAY_OF_OBJECTS, { maxItems: 128 }),
  tool_choice: TOOL_CHOICE,
  parallel_tool_calls: s.boolean({ nullable: true }),
  max_tool_calls: s.integer({ min: 1, nullable: true }),
  text: s.object({ format: TEXT_FORMAT, verbosity: s.enum(["low", "medium", "high"], { nullable: true }) }, [], { ...STRICT, nullable: true }),
  max_output_tokens: s.integer({ min: 16, nullable: true }),
  reasoning: s.object(
    {
      effort: s.enum(REASONING_EFFORTS, { nullable: true }),
      summary: s.enum(["auto", "concise", "detailed"], { nullable: true }),
      generate_summary: s.enum(["auto", "concise", "detailed"], { nullable: true }),
    },
    [],
    { ...STRICT, nullable: true },
  ),
  temperature: s.decimal({ min: 0, max: 2, nullable: true }),
  top_p: s.decimal({ min: 0, max: 1, nullable: true }),
  top_logprobs: s.integer({ min: 0, max: 20, nullable: true }),
  store: s.boolean({ nullable: true }),
  previous_response_id: s.string({ nullable: true }),
  include: s.array(s.enum(INCLUDABLE), "an array of strings", { nullable: true }),
  metadata: s.map(s.string({ maxLength: 512 }), { maxProperties: 16, maxKeyLength: 64, nullable: true }),
  stream: s.boolean({ nullable: true }),
  stream_options: s.object({ include_obfuscation: s.boolean() }, [], { ...STRICT, nullable: true }),
  background: s.boolean({ nullable: true }),
  service_tier: s.enum(["auto", "default", "flex", "scale", "priority"], { nullable: true }),
  truncation: s.enum(["auto", "disabled"], { nullable: true }),
  user: s.string(),
  safety_identifier: s.string(),
  prompt_cache_key: s.string(),
  prompt_cache_retention: s.enum(["in-memory", "in_memory", "24h"], { nullable: true }),
};

/** The body minus `model`, for the schema phases. */
export const RESPONSES_SCHEMA: ObjectSchema = s.object(RESPONSES_PARAMETERS);
