import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { type AIMessage, type AIMessageChunk, type BaseMessage, coerceMessageLikeToMessage, HumanMessage } from "@langchain/core/messages";
import { Runnable, type RunnableConfig } from "@langchain/core/runnables";
import { IterableReadableStream } from "@langchain/core/utils/stream";
import { concat } from "@langchain/core/utils/stream";
import { parsePartialJson } from "@langchain/core/output_parsers";
import type { ChatOpenAICallOptions } from "../chat-openai-fields.js";
import { InvalidMessageError, TesseraError } from "../errors/errors.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { checkCallOptionValues } from "../request/check-option-values.js";
import { finalizeStreamedMessage } from "../messages/convert-from-openai-chunk.js";
import { convertToJsonSchema, type JsonSchemaObject, type SchemaInput } from "../schemas/convert-to-json-schema.js";
import type { InferSchemaOutput } from "../schemas/infer-schema-output.js";
import { convertToOpenAITools } from "../tools/convert-to-openai-tools.js";
import { restoreOptionalNulls } from "../tools/restore-optional-nulls.js";
import { toStrictJsonSchema } from "../tools/to-strict-json-schema.js";
import { convertToTracingFormat } from "./convert-to-tracing-format.js";
import {
  parseStructuredOutput,
  type StructuredOutputMethod,
  type StructuredOutputSpec,
} from "./parse-structured-output.js";

/**
 * Options of `withStructuredOutput`.
 *
 * @example
 * const options: StructuredOutputOptions<true> = { name: "Person", method: "functionCalling", includeRaw: true };
 */
export interface StructuredOutputOptions<IncludeRaw extends boolean = boolean> {
  /** The schema's name on the wire (tool name or `json_schema.name`); default: the function's name, the schema's `title`, or `"extract"`. */
  name?: string;
  /** `"jsonSchema"` (default where the model supports it), `"functionCalling"` or `"jsonMode"`. */
  method?: StructuredOutputMethod;
  /** Strict mode; `true` by default for `jsonSchema`, unset (the API's default) for `functionCalling`. */
  strict?: boolean;
  /** Return `{ raw, parsed }` instead of the object, and instead of throwing on a bad answer `{ raw, parsed: null, parsingError }`. */
  includeRaw?: IncludeRaw;
  /** A description for the schema (the tool's or the response format's). */
  description?: string;
}

/**
 * What `includeRaw: true` returns: the model's message, and the parsed object or why there is none. Typed as
 * @langchain/openai types it (`{ raw: BaseMessage; parsed: RunOutput }`, here with the more precise `AIMessage`), so
 * code written for it compiles unchanged: `parsed` is typed `T`, but is `null` when the answer could not be used, and
 * then `parsingError` says why. Check `parsingError` (or `parsed === null`) before reading `parsed`.
 *
 * @example
 * const { raw, parsed, parsingError } = await llm.withStructuredOutput(Person, { includeRaw: true }).invoke("Ada");
 * if (parsingError === undefined) console.log(parsed.name, raw.usage_metadata);
 */
export interface StructuredOutputWithRaw<T> {
  raw: AIMessage;
  /** The validated object; `null` at run time when `parsingError` is set (the type follows @langchain/openai's). */
  parsed: T;
  /** Why there is no parsed object: a refusal, a cut-off answer, or an answer that does not match the schema. */
  parsingError?: Error;
}

/**
 * The output type of `withStructuredOutput`: the type argument when one is written (as with @langchain/openai,
 * `llm.withStructuredOutput<{ answer: string }>(jsonSchema)`), otherwise the type the schema parses to.
 *
 * @example
 * type Answer = InferStructuredOutput<typeof jsonSchema, { answer: string }>; // { answer: string }
 * type Person = InferStructuredOutput<typeof PersonSchema>; // z.output<typeof PersonSchema>
 */
export type InferStructuredOutput<S, Explicit = never> = [Explicit] extends [never] ? InferSchemaOutput<S> : Explicit;

/**
 * An OpenAI function definition, accepted as a structured-output schema (`parameters` is the JSON Schema).
 *
 * @example
 * const definition: FunctionDefinitionInput = { name: "get_person", parameters: { type: "object", properties: {} } };
 */
export interface FunctionDefinitionInput {
  name: string;
  description?: string;
  parameters: JsonSchemaObject;
}

/**
 * Every schema `withStructuredOutput` accepts: Zod, Standard Schema, JSON Schema, or an OpenAI function definition.
 *
 * @example
 * const schema: StructuredOutputSchema = { name: "get_person", parameters: { type: "object", properties: {} } };
 */
export type StructuredOutputSchema = SchemaInput | FunctionDefinitionInput;

/** The model side that structured output drives: binding call options or tools. */
export interface StructuredOutputModel {
  readonly model: string;
  withConfig(config: Partial<ChatOpenAICallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk>;
  bindTools(tools: ChatOpenAICallOptions["tools"] & object, kwargs?: Partial<ChatOpenAICallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk>;
}

/**
 * Builds the runnable behind `ChatOpenAI.withStructuredOutput`: the schema is converted and checked now (a schema
 * strict mode cannot express, or one with no JSON form, throws here), and each answer is parsed, stripped of strict
 * mode's nulls and validated with the user's own schema.
 *
 * @example
 * const extract = createStructuredOutput(llm, Person, { method: "jsonSchema" });
 * const person = await extract.invoke("Ada Lovelace, 36");
 */
export function createStructuredOutput<T>(
  model: StructuredOutputModel,
  input: SchemaInput | FunctionDefinitionInput,
  options: StructuredOutputOptions = {},
): Runnable<BaseLanguageModelInput, T | StructuredOutputWithRaw<T>> {
  const definition = isFunctionDefinition(input) ? input : undefined;
  const schema: SchemaInput = definition ? definition.parameters : (input as SchemaInput);
  const name = options.name ?? definition?.name ?? titleOf(schema) ?? "extract";
  const description = options.description ?? definition?.description;
  const method = options.method ?? (supportsJsonSchema(model.model) ? "jsonSchema" : "functionCalling");
  const subject = `structured output "${name}"`;
  const spec: StructuredOutputSpec = { schema, method, name, restore: undefined };
  // Checked first for every method, so a schema with no JSON form fails here whatever the method.
  const jsonSchema = convertToJsonSchema(schema, subject);
  const ls_structured_output_format = convertToTracingFormat({ method, name, description, jsonSchema });
  let bound: Runnable<BaseLanguageModelInput, AIMessageChunk>;
  switch (method) {
    case "jsonSchema": {
      const strict = options.strict ?? true;
      const converted = strict ? toStrictJsonSchema(jsonSchema, subject) : { schema: jsonSchema, restore: undefined };
      spec.restore = converted.restore;
      const jsonSchemaFormat = { name, schema: converted.schema, strict, ...(description ? { description } : {}) };
      bound = model.withConfig({ response_format: { type: "json_schema", json_schema: jsonSchemaFormat }, ls_structured_output_format });
      break;
    }
    case "functionCalling": {
      const tool = { name, description: description ?? "", schema };
      spec.restore = convertToOpenAITools([tool], { strict: options.strict }).restorePlans.get(name);
      const strict = options.strict === undefined ? {} : { strict: options.strict };
      bound = model.bindTools([tool], { tool_choice: name, parallel_tool_calls: false, ...strict, ls_structured_output_format });
      break;
    }
    case "jsonMode":
      bound = model.withConfig({ response_format: { type: "json_object" }, ls_structured_output_format });
      break;
    default: {
      const unknown: never = method;
      throw new TypeError(`Unknown structured output method "${String(unknown)}"; use "jsonSchema", "functionCalling" or "jsonMode".`);
    }
  }
  return new StructuredOutputRunnable<T>(bound, spec, options.includeRaw === true);
}

class StructuredOutputRunnable<T> extends Runnable<BaseLanguageModelInput, T | StructuredOutputWithRaw<T>> {
  lc_namespace = ["tessera", "openai", "structured_output"];

  constructor(
    private readonly bound: Runnable<BaseLanguageModelInput, AIMessageChunk>,
    private readonly spec: StructuredOutputSpec,
    private readonly includeRaw: boolean,
  ) {
    super();
  }

  override async invoke(input: BaseLanguageModelInput, options?: Partial<RunnableConfig>): Promise<T | StructuredOutputWithRaw<T>> {
    const config = withDeadlineSignal(options);
    try {
      return await this._callWithConfig(
        async (value: BaseLanguageModelInput, inner?: Partial<RunnableConfig>) => {
          this.#checkInput(value);
          return await this.#finish(await this.bound.invoke(value, inner));
        },
        input,
        config,
      );
    } catch (error) {
      throw typedAbort(error, config?.signal);
    }
  }

  // Core races the stream with the caller's signal outside _streamIterator; its abort is typed here, as invoke's is.
  override async stream(input: BaseLanguageModelInput, options?: Partial<RunnableConfig>): Promise<IterableReadableStream<T | StructuredOutputWithRaw<T>>> {
    const config = withDeadlineSignal(options);
    const signal = config?.signal;
    let stream: AsyncIterable<T | StructuredOutputWithRaw<T>>;
    try {
      stream = await super.stream(input, config);
    } catch (error) {
      throw typedAbort(error, signal);
    }
    return IterableReadableStream.fromAsyncGenerator(
      (async function* typed() {
        try {
          yield* stream;
        } catch (error) {
          throw typedAbort(error, signal);
        }
      })(),
    );
  }

  override async *_streamIterator(input: BaseLanguageModelInput, options?: Partial<RunnableConfig>): AsyncGenerator<T | StructuredOutputWithRaw<T>> {
    this.#checkInput(input);
    const chunks: AIMessageChunk[] = [];
    let text = "";
    let lastPartial = "";
    for await (const chunk of await this.bound.stream(input, options)) {
      chunks.push(chunk);
      if (this.includeRaw) continue;
      const piece = this.#textOf(chunk);
      if (piece === "") continue;
      text += piece;
      const partial: unknown = parsePartialJson(text);
      if (partial === null || partial === undefined || typeof partial !== "object") continue;
      const restored = this.spec.restore ? restoreOptionalNulls(partial, this.spec.restore) : partial;
      const serialized = JSON.stringify(restored);
      if (serialized === lastPartial) continue;
      lastPartial = serialized;
      // Partial objects are not validated: they are previews of an answer still being written.
      yield restored as T;
    }
    if (chunks.length === 0) return;
    // One concatenation at the end, then the same finalization and checks as invoke.
    yield await this.#finish(finalizeStreamedMessage(chunks.reduce((left, right) => concat(left, right))));
  }

  async #finish(message: AIMessageChunk): Promise<T | StructuredOutputWithRaw<T>> {
    if (!this.includeRaw) return (await parseStructuredOutput(message, this.spec)) as T;
    try {
      // No parsingError key on success: the same `{ raw, parsed }` @langchain/openai returns.
      return { raw: message, parsed: (await parseStructuredOutput(message, this.spec)) as T };
    } catch (error) {
      if (!TesseraError.isInstance(error)) throw error;
      // `parsed` is typed T to match @langchain/openai's type; its value, like theirs, is null.
      return { raw: message, parsed: null as T, parsingError: error };
    }
  }

  #textOf(chunk: AIMessageChunk): string {
    if (this.spec.method !== "functionCalling") return typeof chunk.content === "string" ? chunk.content : "";
    return (chunk.tool_call_chunks ?? []).map((call) => call.args ?? "").join("");
  }

  // json_object mode: the API refuses messages that never mention JSON; say so before sending anything.
  #checkInput(input: BaseLanguageModelInput): void {
    if (this.spec.method !== "jsonMode") return;
    const messages = toMessages(input);
    if (messages.some((message) => /json/iu.test(message.text))) return;
    throw new InvalidMessageError(
      `jsonMode ("response_format": json_object) needs the word "JSON" in the messages, as the API requires; add e.g. "Answer in JSON." to the system message, or use method "jsonSchema".`,
      { messageIndex: Math.max(0, messages.length - 1) },
    );
  }
}

/**
 * Core's own abort race (the call's `signal`, or the per-call `timeout` it turns into one) rejects with the signal's bare
 * reason, a DOMException; the model gives AbortError / TimeoutError for the same stop, so the runnable does too.
 */
function typedAbort(error: unknown, signal: AbortSignal | undefined): unknown {
  if (TesseraError.isInstance(error)) return error;
  const name = (error as { name?: unknown } | null)?.name;
  return signal?.aborted === true || name === "AbortError" || name === "TimeoutError" ? wrapOpenAIError(error, signal) : error;
}

/**
 * The per-call `timeout` as a signal of our own (what core does with it too), so that when it fires the signal's reason
 * says it was a timeout: core's race rethrows a reason from another realm as a bare `Error("Aborted")`.
 */
function withDeadlineSignal(options: Partial<RunnableConfig> | undefined): Partial<RunnableConfig> | undefined {
  if (options?.timeout === undefined) return options;
  // An unusable timeout (NaN, negative) is refused with the model's own typed error, before anything is sent.
  checkCallOptionValues({ timeout: options.timeout });
  const { timeout, ...rest } = options;
  const deadline = AbortSignal.timeout(timeout);
  return { ...rest, signal: options.signal ? AbortSignal.any([options.signal, deadline]) : deadline };
}

function toMessages(input: BaseLanguageModelInput): BaseMessage[] {
  if (typeof input === "string") return [new HumanMessage(input)];
  if (Array.isArray(input)) return input.map((message) => coerceMessageLikeToMessage(message));
  return input.toChatMessages();
}

function isFunctionDefinition(input: unknown): input is FunctionDefinitionInput {
  if (typeof input !== "object" || input === null) return false;
  const record = input as Record<string, unknown>;
  if ("type" in record || "_def" in record || "_zod" in record || "~standard" in record) return false;
  return typeof record.name === "string" && typeof record.parameters === "object" && record.parameters !== null;
}

function titleOf(schema: SchemaInput): string | undefined {
  const title = (schema as { title?: unknown }).title;
  return typeof title === "string" && /^[a-zA-Z0-9_-]{1,64}$/u.test(title) ? title : undefined;
}

// Structured Outputs (json_schema) arrived with gpt-4o-2024-08-06; older families answer through function calling.
function supportsJsonSchema(model: string): boolean {
  const base = (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
  // gpt-4, gpt-4-0613, gpt-4-turbo… (gpt-4o and gpt-4.1 do not match: "o" and "." follow the 4).
  return !/^gpt-(?:3\.5|35)/u.test(base) && !/^gpt-4(?:-|$)/u.test(base);
}
