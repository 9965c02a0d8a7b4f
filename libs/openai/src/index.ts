export { ChatOpenAI } from "./chat-openai.js";
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
  InvalidMessageError,
  InvalidToolDefinitionError,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  SchemaConversionError,
  StrictSchemaError,
  StructuredOutputLengthError,
  StructuredOutputParseError,
  StructuredOutputRefusalError,
  TesseraError,
  TimeoutError,
} from "./errors/errors.js";
export type { ErrorDetails, SchemaIssue } from "./errors/errors.js";
export { finalizeStreamedMessage } from "./messages/convert-from-openai-chunk.js";
