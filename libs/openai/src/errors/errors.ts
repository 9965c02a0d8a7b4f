// The package's error hierarchy. Every class is recognised with `isInstance()`, which reads a Symbol.for marker, so
// it works across duplicated package copies and bundles where `instanceof` fails. No message, field or serialized
// form ever holds the API key.

const KINDS = Symbol.for("@tessera/openai/error-kinds");

/** Details an API error keeps; all optional, because local errors and connection errors have no response. */
export interface ErrorDetails {
  /** The HTTP status, when there was a response. */
  status?: number;
  /** OpenAI's `error.code`, e.g. `context_length_exceeded`. */
  code?: string | null;
  /** OpenAI's `error.type`, e.g. `invalid_request_error`. */
  type?: string | null;
  /** OpenAI's `error.param`: the request field at fault, e.g. `messages[1].role`. */
  param?: string | null;
  /** The `x-request-id` of the failed request, for OpenAI support. */
  requestId?: string;
  /** The response headers. */
  headers?: Record<string, string>;
  /** The original error (the SDK's, or a network error). */
  cause?: unknown;
  /** Whether trying again could succeed (a retry layer already tried `maxRetries` times). */
  retryable?: boolean;
}

/**
 * The base of every error `@tessera/openai` throws.
 *
 * @example
 * try {
 *   await llm.invoke("hi");
 * } catch (error) {
 *   if (TesseraError.isInstance(error)) console.error(error.status, error.code, error.requestId);
 * }
 */
export class TesseraError extends Error {
  readonly status: number | undefined;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  readonly requestId: string | undefined;
  readonly headers: Record<string, string>;
  readonly retryable: boolean;
  declare readonly [KINDS]: ReadonlySet<string>;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.code = details.code ?? null;
    this.type = details.type ?? null;
    this.param = details.param ?? null;
    this.requestId = details.requestId;
    this.headers = details.headers ?? {};
    this.retryable = details.retryable ?? false;
    Object.defineProperty(this, KINDS, { value: kindsOf(new.target), enumerable: false });
  }

  /** Whether `value` is an instance of this class (or a subclass), even from another copy of the package. */
  static isInstance<T extends TesseraError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    const kinds = (value as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    return kinds instanceof Set && kinds.has(this.name);
  }

  /** A plain object for logs and serialization: status, code and ids, never headers that could carry credentials. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      type: this.type,
      param: this.param,
      requestId: this.requestId,
      retryable: this.retryable,
    };
  }
}

// The class and its ancestors up to Error: ContextOverflowError is also a BadRequestError and a TesseraError.
function kindsOf(constructor: abstract new (...args: never[]) => unknown): Set<string> {
  const kinds = new Set<string>();
  for (let current: unknown = constructor; typeof current === "function" && current !== Error; current = Object.getPrototypeOf(current)) {
    kinds.add((current as { name: string }).name);
  }
  return kinds;
}

/** The API refused the key (401). */
export class AuthenticationError extends TesseraError {}
/** The key may not use this resource (403). */
export class PermissionDeniedError extends TesseraError {}
/** The model (or another resource) does not exist or the key cannot see it (404). */
export class NotFoundError extends TesseraError {}
/** The API rejected the request (400, 409, 422); `param` and `code` say what to fix. */
export class BadRequestError extends TesseraError {}
/** The prompt and requested output do not fit the model's context window (`context_length_exceeded`). */
export class ContextOverflowError extends BadRequestError {}
/**
 * The input or output was blocked by a content filter (Azure's `content_filter`). Never retried: the same input is
 * filtered again. `contentFilterResults` holds the filter's verdict per category as Azure sent it (for a blocked prompt,
 * the error's `innererror.content_filter_result`; for a blocked answer, the choice's `content_filter_results`), and
 * `source` says which side was blocked.
 *
 * @example
 * const error = await llm.invoke("…").catch((caught: unknown) => caught);
 * if (ContentFilterError.isInstance(error)) console.error(error.source, error.contentFilterResults); // "prompt" { self_harm: { filtered: true, severity: "medium" }, … }
 */
export class ContentFilterError extends BadRequestError {
  /** `"prompt"` when the input was blocked (Azure's 400), `"completion"` when the answer was (`finish_reason: "content_filter"`). */
  readonly source: "prompt" | "completion";
  /** The filter's results per category (`hate`, `self_harm`, `sexual`, `violence`, `jailbreak`, …), as Azure sent them. */
  readonly contentFilterResults: Readonly<Record<string, unknown>> | undefined;
  constructor(
    message: string,
    details: ErrorDetails & { source?: "prompt" | "completion"; contentFilterResults?: Readonly<Record<string, unknown>> } = {},
  ) {
    super(message, details);
    this.source = details.source ?? "prompt";
    this.contentFilterResults = details.contentFilterResults;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), source: this.source, contentFilterResults: this.contentFilterResults };
  }
}
/** Too many requests or tokens per minute (429); retried, and `retryAfterMs` is the server's advice. */
export class RateLimitError extends TesseraError {
  /** From `retry-after-ms` or `retry-after`, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: ErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}
/** The account is out of quota (429 `insufficient_quota`): retrying cannot help, so it never is. */
export class QuotaExceededError extends TesseraError {}
/** The server failed (5xx). */
export class InternalServerError extends TesseraError {}
/** An attempt took longer than `timeout`. */
export class TimeoutError extends TesseraError {}
/** The connection failed or dropped before a complete response. */
export class ConnectionError extends TesseraError {}
/** The caller aborted the request through its `signal`. */
export class AbortError extends TesseraError {}
/** The API answered 2xx with a body that is not a chat completion (e.g. no `choices`). */
export class MalformedResponseError extends TesseraError {}
/** A message (or one of its content blocks) cannot be sent to OpenAI; the message says which one and why. */
export class InvalidMessageError extends TesseraError {
  /** The position of the offending message in the input. */
  readonly messageIndex: number;
  constructor(message: string, details: ErrorDetails & { messageIndex: number }) {
    super(message, details);
    this.messageIndex = details.messageIndex;
  }
}
/** The model's configuration is unusable (e.g. no API key); the message names every way to fix it. */
export class ConfigurationError extends TesseraError {}

/**
 * A constructor field ChatOpenAI does not know, most often a typo; `suggestion` is the known name it is closest to.
 * Thrown at construction, so a misspelt option can never be silently ignored.
 *
 * @example
 * try {
 *   new ChatOpenAI({ temprature: 0 } as ChatOpenAIFields);
 * } catch (error) {
 *   if (UnknownOptionError.isInstance(error)) console.error(error.option, error.suggestion); // "temprature" "temperature"
 * }
 */
export class UnknownOptionError extends ConfigurationError {
  /** The name that was given. */
  readonly option: string;
  /** The known name it is closest to, when one is close. */
  readonly suggestion: string | undefined;
  constructor(message: string, details: ErrorDetails & { option: string; suggestion?: string }) {
    super(message, details);
    this.option = details.option;
    this.suggestion = details.suggestion;
  }
}

/**
 * An option `@langchain/openai` accepts that this package does not support (yet), such as `useResponsesApi: true` or
 * the Azure fields. The message says why and what to do instead. Thrown before anything is sent.
 *
 * @example
 * try {
 *   await llm.invoke("hi", { previous_response_id: "resp_1" } as ChatOpenAICallOptions);
 * } catch (error) {
 *   if (UnsupportedOptionError.isInstance(error)) console.error(error.option); // "previous_response_id"
 * }
 */
export class UnsupportedOptionError extends ConfigurationError {
  /** The option, e.g. `useResponsesApi` or `reasoning.summary`. */
  readonly option: string;
  constructor(message: string, details: ErrorDetails & { option: string }) {
    super(message, details);
    this.option = details.option;
  }
}

/** One problem found in a schema or tool definition: where (a JSON pointer) and how to fix it. */
export interface SchemaIssue {
  /** Which tool or output schema, e.g. `tool "get_weather"` or `structured output "Person"`. */
  subject: string;
  /** JSON pointer into that schema, e.g. `/properties/tags/items`. `""` is the root. */
  pointer: string;
  /** What is wrong and how to fix it, in one sentence. */
  problem: string;
}

function describeIssues(lead: string, issues: ReadonlyArray<SchemaIssue>): string {
  const lines = issues.map((issue) => `- ${issue.subject} at ${issue.pointer === "" ? "the root" : issue.pointer}: ${issue.problem}`);
  return `${lead}\n${lines.join("\n")}`;
}

/** The base of the errors that list problems in schemas or tool definitions, each with its JSON pointer and fix. */
export class SchemaIssuesError extends TesseraError {
  readonly issues: ReadonlyArray<SchemaIssue>;
  constructor(lead: string, issues: ReadonlyArray<SchemaIssue>, details: ErrorDetails = {}) {
    super(describeIssues(lead, issues), details);
    this.issues = issues;
  }
}

/**
 * A schema that OpenAI's strict mode (Structured Outputs) cannot express, found before any request is sent. Every
 * problem is listed with its JSON pointer and the fix.
 */
export class StrictSchemaError extends SchemaIssuesError {
  constructor(issues: ReadonlyArray<SchemaIssue>, details: ErrorDetails = {}) {
    super("This schema cannot be used with strict: true:", issues, details);
  }
}

/** A schema that cannot be turned into JSON Schema at all (e.g. a Zod transform with no JSON form). */
export class SchemaConversionError extends SchemaIssuesError {
  constructor(issues: ReadonlyArray<SchemaIssue>, details: ErrorDetails = {}) {
    super("Schema conversion failed (nothing was sent to the model):", issues, details);
  }
}

/** Tools that OpenAI would reject (bad or duplicate names, a non-object parameters root, …), all listed at once. */
export class InvalidToolDefinitionError extends SchemaIssuesError {
  constructor(issues: ReadonlyArray<SchemaIssue>, details: ErrorDetails = {}) {
    super("Invalid tool definitions (nothing was sent to the model):", issues, details);
  }
}

/** The model refused to produce the structured output; `refusal` is its explanation. */
export class StructuredOutputRefusalError extends TesseraError {
  readonly refusal: string;
  constructor(refusal: string, details: ErrorDetails = {}) {
    super(`The model refused to answer in the requested structure: ${refusal}`, details);
    this.refusal = refusal;
  }
}

/** The structured output was cut off by the token limit (`finish_reason: "length"`), so it is incomplete JSON. */
export class StructuredOutputLengthError extends TesseraError {}

/** The structured output is not valid JSON, or does not satisfy the schema; `cause` holds the validator's error. */
export class StructuredOutputParseError extends TesseraError {
  /** The raw text the model produced. */
  readonly text: string;
  constructor(message: string, details: ErrorDetails & { text: string }) {
    super(message, details);
    this.text = details.text;
  }
}

export interface JsonSchemaValidationIssue {
  /** JSON pointer into the value, `""` for the value itself. */
  pointer: string;
  /** The JSON Schema keyword that failed, e.g. `type` or `required`. */
  keyword: string;
  /** The validator's explanation. */
  problem: string;
}

/**
 * A value does not satisfy a JSON Schema; `issues` lists every failing place with its JSON pointer.
 *
 * @example
 * const result = validateWithSchema({ type: "object", required: ["city"] }, {});
 * if (!result.success && JsonSchemaValidationError.isInstance(result.error)) console.log(result.error.issues);
 */
export class JsonSchemaValidationError extends TesseraError {
  readonly issues: ReadonlyArray<JsonSchemaValidationIssue>;
  constructor(issues: ReadonlyArray<JsonSchemaValidationIssue>, details: ErrorDetails = {}) {
    const lines = issues.map((issue) => `- at ${issue.pointer === "" ? "the root" : issue.pointer}: ${issue.problem}`);
    super(`The value does not match the JSON Schema:\n${lines.join("\n")}`, details);
    this.issues = issues;
  }
}

/** One place where a value fails a Standard Schema, as the schema's library reported it. */
export interface StandardSchemaValidationIssue {
  /** JSON pointer into the value, `""` for the value itself (built from `path`). */
  pointer: string;
  /** The issue's path as the library gave it: property names and array indexes. */
  path: ReadonlyArray<PropertyKey>;
  /** The library's message. */
  problem: string;
}

/**
 * A value does not satisfy a Standard Schema (valibot, ArkType, …); `issues` lists every place the schema's own
 * `~standard.validate` reported, with its path and message.
 *
 * @example
 * const error = await llm.withStructuredOutput(Person).invoke("x").catch((caught: unknown) => caught);
 * if (StructuredOutputParseError.isInstance(error) && StandardSchemaValidationError.isInstance(error.cause)) {
 *   console.log(error.cause.vendor, error.cause.issues);
 * }
 */
export class StandardSchemaValidationError extends TesseraError {
  /** The library that validated, from `~standard.vendor`. */
  readonly vendor: string;
  readonly issues: ReadonlyArray<StandardSchemaValidationIssue>;
  constructor(vendor: string, issues: ReadonlyArray<StandardSchemaValidationIssue>, details: ErrorDetails = {}) {
    const lines = issues.map((issue) => `- at ${issue.pointer === "" ? "the root" : issue.pointer}: ${issue.problem}`);
    super(`The value does not match the "${vendor}" schema:\n${lines.join("\n")}`, details);
    this.vendor = vendor;
    this.issues = issues;
  }
}

/**
 * A stream went silent: no data event arrived for `streamIdleTimeout` milliseconds (comments such as `: keep-alive`
 * do not count). The request is aborted. Retryable; ChatOpenAI retries it itself only while nothing of the answer has
 * reached the caller.
 *
 * @example
 * const error = await llm.invoke("hi", { streamIdleTimeout: 30_000 }).catch((caught: unknown) => caught);
 * if (StreamIdleTimeoutError.isInstance(error)) console.error(`silent for ${error.idleTimeoutMs} ms`);
 */
export class StreamIdleTimeoutError extends TimeoutError {
  /** The silence that was allowed, in milliseconds. */
  readonly idleTimeoutMs: number;
  constructor(message: string, details: ErrorDetails & { idleTimeoutMs: number }) {
    super(message, details);
    this.idleTimeoutMs = details.idleTimeoutMs;
  }
}

/**
 * An option whose value the API would refuse, or that JSON cannot carry faithfully: out of range (`temperature: 99`),
 * of the wrong type (`"0.5"`), not an integer (`maxTokens: 1.5`), NaN or Infinity (which would go out as `null`, so the
 * API default would apply silently), a BigInt, a function or a cycle in `modelKwargs`, an unusable `timeout`. `option`
 * names it as given (`temperature`, `modelKwargs.metadata`). Thrown at construction for constructor fields and before
 * anything is sent for call options; never retried.
 *
 * @example
 * try {
 *   new ChatOpenAI({ temperature: 99 });
 * } catch (error) {
 *   if (InvalidOptionError.isInstance(error)) console.error(error.option); // "temperature"
 * }
 */
export class InvalidOptionError extends ConfigurationError {
  /** The option as the caller named it, e.g. `temperature`, `stop` or `modelKwargs.metadata.tags`. */
  readonly option: string;
  constructor(message: string, details: ErrorDetails & { option: string }) {
    super(message, details);
    this.option = details.option;
  }
}

/**
 * A stream ended (the connection closed cleanly) without `[DONE]` and without a `finish_reason`, so its answer is cut
 * short at an unknown point. Never returned as a success. Retryable; ChatOpenAI retries it itself only while nothing of
 * the answer has reached the caller.
 *
 * @example
 * const error = await llm.invoke("hi").catch((caught: unknown) => caught);
 * if (TruncatedStreamError.isInstance(error)) console.error("the answer was cut off; try again");
 */
export class TruncatedStreamError extends ConnectionError {}

/**
 * A response grew past `maxResponseBytes`; reading stopped and the request was aborted. Not retryable (the same request
 * would likely grow as large again): raise the limit or ask for less (`maxTokens`).
 *
 * @example
 * const error = await llm.invoke("hi", { maxResponseBytes: 1_000_000 }).catch((caught: unknown) => caught);
 * if (ResponseTooLargeError.isInstance(error)) console.error(error.maxResponseBytes);
 */
export class ResponseTooLargeError extends TesseraError {
  /** The limit that was exceeded, in bytes. */
  readonly maxResponseBytes: number;
  constructor(message: string, details: ErrorDetails & { maxResponseBytes: number }) {
    super(message, details);
    this.maxResponseBytes = details.maxResponseBytes;
  }
}

/**
 * The input of a call is not something a chat model can send: not a string, a list of messages or a prompt value
 * (`null`, `42`, `{}`), or an empty message list. Thrown before anything is sent; never retried. A problem with one
 * entry of a list (an unknown role, a tool result with no matching call) is an InvalidMessageError.
 *
 * @example
 * try {
 *   await llm.invoke([]);
 * } catch (error) {
 *   if (InvalidInputError.isInstance(error)) console.error(error.message); // "The input has no messages. …"
 * }
 */
export class InvalidInputError extends TesseraError {}
