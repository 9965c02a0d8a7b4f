/**
 * ChatOpenAI for LangChain.js, on the official openai SDK (docs/chat-openai.md).
 *
 * @packageDocumentation
 * @module @tessera/openai
 */
export { ChatOpenAI } from "./chat-openai.js";
export type { ChatOpenAIModelProfile } from "./models/model-profile.js";
export { OpenAI, BEST_OF_NOT_STREAMED_WARNING } from "./llms/openai.js";
export type { OpenAICallOptions, OpenAIFields } from "./llms/openai-fields.js";
export { DEFAULT_MAX_TOKENS_WARNING } from "./llms/convert-completion-choices.js";
export { AzureChatOpenAI } from "./azure/azure-chat-openai.js";
export type { AzureChatOpenAIFields } from "./azure/azure-chat-openai-fields.js";
export { countPromptTokens, createTokenCounter } from "./tokens/count-prompt-tokens.js";
export type { CountPromptTokensInput, PromptTokens } from "./tokens/count-prompt-tokens.js";
export type {
  ChatOpenAICallOptions,
  ChatOpenAIFields,
  ChatOpenAIReasoning,
  ChatOpenAIToolType,
  OpenAIConnectionFields,
} from "./chat-openai-fields.js";
export { inferCompatibility } from "./request/resolve-compatibility.js";
export type { ChatOpenAICompatibility } from "./request/resolve-compatibility.js";
export type { SendReasoningContent } from "./messages/apply-reasoning-history.js";
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
export { EMPTY_OUTPUT_BUDGET_WARNING } from "./messages/convert-from-openai-message.js";
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
