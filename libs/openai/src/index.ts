/**
 * ChatOpenAI for LangChain.js, on the official openai SDK (docs/chat-openai.md).
 *
 * @packageDocumentation
 * @module @tessera/openai
 */
export { ChatOpenAI } from "./chat-openai.js";
export { AzureChatOpenAI } from "./azure/azure-chat-openai.js";
export type { AzureChatOpenAIFields } from "./azure/azure-chat-openai-fields.js";
export { countPromptTokens, createTokenCounter } from "./tokens/count-prompt-tokens.js";
export type { CountPromptTokensInput, PromptTokens } from "./tokens/count-prompt-tokens.js";
export type {
  ChatOpenAICallOptions,
  ChatOpenAIFields,
  ChatOpenAIReasoning,
  ChatOpenAIToolType,
} from "./chat-openai-fields.js";
export {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConnectionError,
  ContentFilterError,
  ContextOverflowError,
  InternalServerError,
  InvalidInputError,
  InvalidMessageError,
  InvalidOptionError,
  InvalidToolDefinitionError,
  JsonSchemaValidationError,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  SchemaConversionError,
  SchemaIssuesError,
  StandardSchemaValidationError,
  StrictSchemaError,
  StructuredOutputLengthError,
  StructuredOutputParseError,
  StructuredOutputRefusalError,
  TesseraError,
  TimeoutError,
  UnknownOptionError,
  UnsupportedOptionError,
  StreamIdleTimeoutError,
  TruncatedStreamError,
  ResponseTooLargeError,
} from "./errors/errors.js";
export type { ErrorDetails, JsonSchemaValidationIssue, SchemaIssue, StandardSchemaValidationIssue } from "./errors/errors.js";
export { finalizeStreamedMessage } from "./messages/convert-from-openai-chunk.js";
export { CONTENT_FILTER_WARNING } from "./messages/convert-content-filter.js";
export { TRUNCATED_TOOL_CALL_ERROR, TRUNCATED_TOOL_CALLS_WARNING } from "./messages/parse-tool-calls.js";
export { SCHEMA_MISMATCH_ERROR_PREFIX } from "./internal/validate-tool-call-arguments.js";
export type { InferSchemaOutput } from "./schemas/infer-schema-output.js";
export type { JsonSchemaObject, SchemaInput, StandardSchemaInput } from "./schemas/schema-input.js";
export type {
  FunctionDefinitionInput,
  InferStructuredOutput,
  StructuredOutputOptions,
  StructuredOutputSchema,
  StructuredOutputWithRaw,
} from "./structured-output/with-structured-output.js";
export type { StructuredOutputMethod } from "./structured-output/parse-structured-output.js";
