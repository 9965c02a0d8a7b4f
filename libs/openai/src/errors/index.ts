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
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  TesseraError,
  TimeoutError,
} from "./errors.js";
export type { ErrorDetails } from "./errors.js";
export { wrapOpenAIError } from "./wrap-openai-error.js";
