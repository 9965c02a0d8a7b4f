// The `POST /v1/chat/completions` body as the API validates it: every parameter of the SDK's
// `ChatCompletionCreateParamsBase` (openai 7.57), with its type, enum values and bounds. Wordings of the words in
// type errors ("an array of objects", "one of a string or array of objects") are the API's own where captured.

import { REASONING_EFFORTS } from "../engine/reasoning.js";
import { type ObjectSchema, type Schema, s } from "./validation-schema.js";

/** Function, tool, schema and participant names (captured pattern; the 64 limit is confirmed for function names). */
const NAME_PATTERN = /^[a-zA-Z0-9_-]+$/;
const NAME = s.string({ minLength: 1, maxLength: 64, pattern: NAME_PATTERN });
const ARRAY_OF_OBJECTS = "an array of objects";
const STRING_OR_PARTS = "one of a string or array of objects";

/** Message roles, in the order the API lists them. */
export const ROLES = ["system", "assistant", "user", "function", "tool", "developer"] as const;
export type Role = (typeof ROLES)[number];

/** Content part types, in the order the API lists them (`audio` is listed although the SDK has no such part). */
export const PART_TYPES = ["text", "image_url", "input_audio", "refusal", "audio", "file"] as const;
export type PartType = (typeof PART_TYPES)[number];

const CONTENT_PART_VARIANTS: Record<PartType, ObjectSchema> = {
  text: s.object({ text: s.string() }, ["text"]),
  image_url: s.object(
    { image_url: s.object({ url: s.string(), detail: s.enum(["auto", "low", "high", "original"]) }, ["url"]) },
    ["image_url"],
  ),
  input_audio: s.object(
    { input_audio: s.object({ data: s.string(), format: s.enum(["wav", "mp3"]) }, ["data", "format"]) },
    ["input_audio"],
  ),
  refusal: s.object({ refusal: s.string() }, ["refusal"]),
  // Shape unknown; no role accepts it (see validate-messages.ts). wording not confirmed for its refusal
  audio: s.object({}),
  // The `file` object refuses members it does not define (recorded, pydantic-ai cassette test_document_url_input:
  // 400 unknown_parameter "Unknown parameter: 'messages[1].content[1].file.data'.").
  file: s.object({ file: s.object({ file_data: s.string(), file_id: s.string(), filename: s.string() }, [], { strict: true }) }, ["file"]),
};

// A content array needs a part: an empty one is a bounds error like an empty `tool_calls` (captured: "Invalid
// 'input[2].content': empty array." on the Responses API). Parts stay open to members the schema does not list: a
// recorded 2026 request sent `prompt_cache_breakpoint` on a text part and got a 200.
const CONTENT_PARTS = s.array(s.tagged("type", CONTENT_PART_VARIANTS), ARRAY_OF_OBJECTS, { minItems: 1 });
const CONTENT = s.union([s.string(), CONTENT_PARTS], STRING_OR_PARTS, {
  // null content passes the schema; whether a role may omit it is a message rule checked last.
  nullable: true,
});

// Messages, tool calls and response formats refuse members they do not define, with the full path (recorded 2026:
// `unknown_parameter`, e.g. "Unknown parameter: 'messages[0].foo'.").
const STRICT = { strict: true } as const;

// The SDK's `ChatCompletionMessageToolCall`: a function call, or a custom tool call whose input is free text.
const TOOL_CALL = s.tagged("type", {
  function: s.object(
    { id: s.string(), function: s.object({ name: NAME, arguments: s.string() }, ["name", "arguments"], STRICT) },
    ["id", "function"],
    STRICT,
  ),
  custom: s.object({ id: s.string(), custom: s.object({ name: NAME, input: s.string() }, ["name", "input"], STRICT) }, ["id", "custom"], STRICT),
});

const MESSAGE_VARIANTS: Record<Role, ObjectSchema> = {
  system: s.object({ content: CONTENT, name: NAME }, [], STRICT),
  assistant: s.object(
    {
      content: CONTENT,
      name: NAME,
      refusal: s.string({ nullable: true }),
      tool_calls: s.array(TOOL_CALL, ARRAY_OF_OBJECTS, { minItems: 1, maxItems: 128 }),
      function_call: s.object({ name: s.string(), arguments: s.string() }, ["name", "arguments"], { nullable: true }),
      audio: s.object({ id: s.string() }, ["id"], { nullable: true }),
      // Not in the SDK's param type, but echoed back from responses by clients and accepted (63 recorded requests).
      annotations: s.array(s.object({}), ARRAY_OF_OBJECTS, { nullable: true }),
    },
    [],
    STRICT,
  ),
  user: s.object({ content: CONTENT, name: NAME }, [], STRICT),
  // The SDK types the legacy function result as `string | null`, and it must name the function.
  function: s.object({ content: s.string({ nullable: true }), name: NAME }, ["name"], STRICT),
  // A missing tool_call_id has its own wording and is checked with the message sequence. `name` is not in the SDK's
  // type but was accepted in 98 recorded requests.
  tool: s.object({ content: CONTENT, tool_call_id: s.string(), name: s.string() }, [], STRICT),
  developer: s.object({ content: CONTENT, name: NAME }, [], STRICT),
};

const FUNCTION_DEFINITION = s.object(
  { name: NAME, description: s.string(), parameters: s.object({}), strict: s.boolean({ nullable: true }) },
  ["name"],
);

const TOOL = s.tagged("type", {
  function: s.object({ function: FUNCTION_DEFINITION }, ["function"]),
  // A custom tool: free-form text input, optionally constrained by a `lark` or `regex` grammar.
  custom: s.object(
    {
      custom: s.object(
        {
          name: NAME,
          description: s.string(),
          format: s.tagged("type", {
            text: s.object({}),
            grammar: s.object(
              { grammar: s.object({ definition: s.string(), syntax: s.enum(["lark", "regex"]) }, ["definition", "syntax"]) },
              ["grammar"],
            ),
          }),
        },
        ["name"],
      ),
    },
    ["custom"],
  ),
});

const RESPONSE_FORMAT = s.tagged("type", {
  json_object: s.object({}, [], STRICT),
  json_schema: s.object(
    {
      json_schema: s.object(
        { name: NAME, description: s.string(), schema: s.object({}), strict: s.boolean({ nullable: true }) },
        ["name"],
        STRICT,
      ),
    },
    ["json_schema"],
    STRICT,
  ),
  text: s.object({}, [], STRICT),
});

// The object forms of `tool_choice`: a named function, a named custom tool, or `allowed_tools` (a subset of `tools`
// with a mode; its entries are loosely typed in the SDK). The API demands `function` when the type is missing or
// unknown (captured), so those are checked as a named function. wording not confirmed: `type` being required
const TOOL_CHOICE_TYPES = ["function", "custom", "allowed_tools"] as const;
const NAMED_TOOL_CHOICE = s.tagged(
  "type",
  {
    function: s.object({ type: s.enum(TOOL_CHOICE_TYPES), function: s.object({ name: s.string() }, ["name"]) }, ["function", "type"]),
    custom: s.object({ custom: s.object({ name: s.string() }, ["name"]) }, ["custom"]),
    allowed_tools: s.object(
      {
        allowed_tools: s.object(
          { mode: s.enum(["auto", "required"]), tools: s.array(s.object({}), ARRAY_OF_OBJECTS, { minItems: 1 }) },
          ["mode", "tools"],
        ),
      },
      ["allowed_tools"],
    ),
  },
  { fallback: "function" },
);

const TEXT_PARTS = s.array(s.object({ text: s.string(), type: s.enum(["text"]) }, ["text", "type"]), ARRAY_OF_OBJECTS);
const MODERATION_MODE = s.object({ mode: s.enum(["score", "block"]) }, ["mode"], { nullable: true });
const MODERATION_POLICY = s.object({ input: MODERATION_MODE, output: MODERATION_MODE }, [], { nullable: true });

/**
 * Every top-level parameter except `model` (checked while parsing). The order is the order the API was measured to
 * report type problems in when a body has two (2026 captures); parameters not in that measurement come last.
 */
export const TOP_LEVEL_PARAMETERS: Readonly<Record<string, Schema>> = {
  messages: s.array(s.tagged("role", MESSAGE_VARIANTS), ARRAY_OF_OBJECTS, { minItems: 1 }),
  functions: s.array(s.object({ name: NAME, description: s.string(), parameters: s.object({}) }, ["name"]), ARRAY_OF_OBJECTS),
  // wording not confirmed: the type words, by analogy with tool_choice
  function_call: s.union([s.enum(["none", "auto"]), s.object({ name: s.string() }, ["name"])], "one of one of 'none' or 'auto' or object"),
  // `null` means no tools (recorded 2025-03: crewAI sent `tools: null` to gpt-4o-mini and got a 200).
  tools: s.array(TOOL, ARRAY_OF_OBJECTS, { minItems: 1, maxItems: 128, nullable: true }),
  tool_choice: s.union([s.enum(["none", "auto", "required"]), NAMED_TOOL_CHOICE], "one of one of 'none', 'auto', or 'required' or object"),
  parallel_tool_calls: s.boolean(),
  max_completion_tokens: s.integer({ min: 1, nullable: true }),
  n: s.integer({ min: 1, max: 128, nullable: true }),
  temperature: s.decimal({ min: 0, max: 2, nullable: true }),
  top_p: s.decimal({ min: 0, max: 1, nullable: true }),
  presence_penalty: s.decimal({ min: -2, max: 2, nullable: true }),
  frequency_penalty: s.decimal({ min: -2, max: 2, nullable: true }),
  logprobs: s.boolean({ nullable: true }),
  top_logprobs: s.integer({ min: 0, max: 20, nullable: true }),
  user: s.string(),
  seed: s.integer({ nullable: true }),
  moderation: s.object({ model: s.string(), policy: MODERATION_POLICY }, ["model"], { nullable: true }),
  safety_identifier: s.string({ nullable: true }),
  prompt_cache_options: s.object({ mode: s.enum(["implicit", "explicit"]), ttl: s.enum(["30m"]) }, [], { strict: true }),
  prompt_cache_key: s.string({ nullable: true }),
  prompt_cache_retention: s.enum(["in_memory", "24h"], { nullable: true }),
  response_format: RESPONSE_FORMAT,
  // Captured order (2026) lists auto, default, fast, flex, priority; `scale` is in the SDK type. wording not confirmed for scale
  service_tier: s.enum(["auto", "default", "fast", "flex", "priority", "scale"], { nullable: true }),
  max_tokens: s.integer({ min: 1, nullable: true }),
  // Values and order from the SDK type; a 2026 model answered with its own subset. wording not confirmed
  reasoning_effort: s.enum(REASONING_EFFORTS, { nullable: true }),
  // Values are biases from -100 to 100; keys are token ids (not checked). wording not confirmed for the value bounds
  logit_bias: s.map(s.decimal({ min: -100, max: 100 }), { maxProperties: 1024, nullable: true }),
  // wording not confirmed: "an array of strings" and the union's words
  stop: s.union([s.string(), s.array(s.string(), "an array of strings", { maxItems: 4 })], "one of a string or array of strings", {
    nullable: true,
  }),
  stream: s.boolean({ nullable: true }),
  stream_options: s.object({ include_usage: s.boolean(), include_obfuscation: s.boolean() }, [], { strict: true, nullable: true }),
  store: s.boolean({ nullable: true }),
  metadata: s.map(s.string({ maxLength: 512 }), { maxProperties: 16, maxKeyLength: 64, nullable: true }),
  prediction: s.object({ type: s.enum(["content"]), content: s.union([s.string(), TEXT_PARTS], STRING_OR_PARTS) }, ["content", "type"], {
    nullable: true,
  }),
  verbosity: s.enum(["low", "medium", "high"], { nullable: true }),
  // audio, modalities and web_search_options: shapes from the SDK; type words not captured. wording not confirmed
  audio: s.object(
    {
      format: s.enum(["wav", "aac", "mp3", "flac", "opus", "pcm16"]),
      voice: s.union([s.string(), s.object({ id: s.string() }, ["id"])], "one of a string or object"),
    },
    ["format", "voice"],
    { nullable: true },
  ),
  modalities: s.array(s.enum(["text", "audio"]), "an array of strings", { nullable: true }),
  web_search_options: s.object({
    search_context_size: s.enum(["low", "medium", "high"]),
    user_location: s.object(
      {
        type: s.enum(["approximate"]),
        approximate: s.object({ city: s.string(), country: s.string(), region: s.string(), timezone: s.string() }),
      },
      ["approximate", "type"],
      { nullable: true },
    ),
  }),
};

/** The body minus `model`, for the schema phases (which do not re-check required and unknown top-level keys). */
export const REQUEST_SCHEMA: ObjectSchema = s.object(TOP_LEVEL_PARAMETERS);
