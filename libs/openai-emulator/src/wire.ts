// The request shapes the emulator accepts, after validation has checked them. Field names are the wire's.

/** A JSON Schema document, as clients send it; only the keywords the emulator reads are typed. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  description?: string;
  title?: string;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  [keyword: string]: unknown;
}

/** A content part of a message. */
export type WireContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } }
  | { type: "input_audio"; input_audio: { data: string; format: string } }
  | { type: "file"; file: { file_data?: string; file_id?: string; filename?: string } }
  | { type: "refusal"; refusal: string };

/** A function tool call as it appears in an assistant message (history) and in responses. */
export interface WireFunctionToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** A custom (free-form) tool call: the model's `input` is plain text, not JSON arguments. */
export interface WireCustomToolCall {
  id: string;
  type: "custom";
  custom: { name: string; input: string };
}

/** A tool call as it appears in an assistant message (history) and in responses. */
export type WireToolCall = WireFunctionToolCall | WireCustomToolCall;

/** One message of `messages`. */
export interface WireMessage {
  role: "system" | "developer" | "user" | "assistant" | "tool" | "function";
  content?: string | WireContentPart[] | null;
  name?: string;
  tool_calls?: WireToolCall[];
  tool_call_id?: string;
  function_call?: { name: string; arguments: string } | null;
  refusal?: string | null;
}

/** A function the model may call. */
export interface WireFunctionDefinition {
  name: string;
  description?: string;
  parameters?: JsonSchema;
  strict?: boolean | null;
}

/** A custom tool: the model answers it with free-form text, optionally constrained by a grammar. */
export interface WireCustomToolDefinition {
  name: string;
  description?: string;
  format?: { type: "text" } | { type: "grammar"; grammar: { definition: string; syntax: "lark" | "regex" } };
}

/** One entry of `tools`. */
export type WireTool = { type: "function"; function: WireFunctionDefinition } | { type: "custom"; custom: WireCustomToolDefinition };

/** `tool_choice` on the wire. */
export type WireToolChoice =
  | "none"
  | "auto"
  | "required"
  | { type: "function"; function: { name: string } }
  | { type: "custom"; custom: { name: string } }
  // Entries are loosely typed, as in the SDK: a tool reference such as `{ type: "function", function: { name } }`.
  | { type: "allowed_tools"; allowed_tools: { mode: "auto" | "required"; tools: Array<Record<string, unknown>> } };

/**
 * The name of a tool, whatever its type.
 *
 * @example
 * toolName({ type: "custom", custom: { name: "apply_patch" } }); // "apply_patch"
 */
export function toolName(tool: WireTool | WireToolCall): string {
  return tool.type === "custom" ? tool.custom.name : tool.function.name;
}

/** `response_format` on the wire. */
export type WireResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; description?: string; schema?: JsonSchema; strict?: boolean | null } };

/** A validated `POST /v1/chat/completions` body. */
export interface ChatCompletionRequest {
  model: string;
  messages: WireMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; include_obfuscation?: boolean } | null;
  n?: number | null;
  stop?: string | string[] | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  seed?: number | null;
  /** Screen the input and output with a moderation model; the response then carries a `moderation` object. */
  moderation?: { model: string; policy?: unknown } | null;
  user?: string;
  tools?: WireTool[] | null;
  tool_choice?: WireToolChoice;
  parallel_tool_calls?: boolean;
  functions?: WireFunctionDefinition[];
  function_call?: "none" | "auto" | { name: string };
  response_format?: WireResponseFormat;
  service_tier?: string | null;
  reasoning_effort?: string | null;
  metadata?: Record<string, string> | null;
  store?: boolean | null;
  /** `["text", "audio"]` asks an audio model to speak (engine/audio-output.ts), with `audio` saying how. */
  modalities?: string[] | null;
  audio?: { voice?: unknown; format?: string } | null;
  [parameter: string]: unknown;
}

/** `prompt` of the legacy Completions API: text, several texts, token ids, or several token-id lists. */
export type WirePrompt = string | string[] | number[] | number[][];

/** A validated `POST /v1/completions` body (the legacy Completions API). */
export interface CompletionRequest {
  model: string;
  /** Left out or `null`, the model completes from `<|endoftext|>`, the start of a new document. */
  prompt?: WirePrompt | null;
  suffix?: string | null;
  /** Default 16, as on the real API. */
  max_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  best_of?: number | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; include_obfuscation?: boolean } | null;
  /** How many alternatives `logprobs.top_logprobs` lists per token (0-5); `null` for no logprobs. */
  logprobs?: number | null;
  echo?: boolean | null;
  stop?: string | string[] | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logit_bias?: Record<string, number> | null;
  seed?: number | null;
  user?: string;
  [parameter: string]: unknown;
}
