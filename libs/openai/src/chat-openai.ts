import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { ensureConfig, type Runnable, type RunnableBatchOptions, type RunnableConfig } from "@langchain/core/runnables";
import { BaseChatModel, type BaseChatModelParams, type LangSmithParams, type ToolChoice } from "@langchain/core/language_models/chat_models";
import type { ChatModelStreamEvent } from "@langchain/core/language_models/event";
import type { AIMessage, AIMessageChunk, BaseMessage, BaseMessageLike, MessageContent } from "@langchain/core/messages";
import { countTextTokens, encodingForModel } from "@tessera/openai-tokens";
import { ChatGenerationChunk, type ChatResult, type LLMResult } from "@langchain/core/outputs";
import type { IterableReadableStream } from "@langchain/core/utils/stream";
import type OpenAI from "openai";
import { type ChatOpenAICallOptions, type ChatOpenAIFields, type ChatOpenAIToolType } from "./chat-openai-fields.js";
import { type ChatOpenAIFieldValues, readOpenAIEnvironment, resolveConnection, resolveDisableStreaming, type ResolvedConnection, resolveFieldValues, withoutApiKeys } from "./internal/resolve-chat-openai-fields.js";
import { wrapOpenAIError } from "./errors/wrap-openai-error.js";
import { checkChatOpenAIFields } from "./internal/check-chat-openai-fields.js";
import { type ChatCaller, createChatCaller } from "./internal/create-chat-caller.js";
import { createResponsesCaller } from "./internal/create-responses-caller.js";
import { type CallRouter, createCallRouter } from "./internal/create-call-router.js";
import { collectToolSchemas, validateToolCallArguments } from "./internal/validate-tool-call-arguments.js";
import { withTimeoutSignal } from "./internal/with-timeout-signal.js";
import { openDirectStream } from "./internal/direct-stream.js";
import { runChatStream } from "./internal/run-chat-stream.js";
import { runLimited } from "./internal/create-limiter.js";
import { type ChatOpenAIModelProfile, modelProfile } from "./models/model-profile.js";
import { createStreamEventConverter } from "./messages/convert-chunks-to-stream-events.js";
import { convertMessageToChunk } from "./messages/convert-message-to-chunk.js";
import { finalizeStreamedGenerations } from "./messages/finalize-streamed-generations.js";
import { sumTokenUsage, type TokenUsage } from "./messages/convert-usage.js";
import { resolveToolStrict } from "./request/build-chat-request.js";
import { type ChatOpenAICompatibility, resolveCompatibility } from "./request/resolve-compatibility.js";
import { checkSendReasoningContent } from "./messages/apply-reasoning-history.js";
import { checkChatCall } from "./request/check-chat-input.js";
import { checkCallOptionValues } from "./request/check-option-values.js";
import { countPromptTokens } from "./tokens/count-prompt-tokens.js";
import { checkBoundTools } from "./tools/convert-to-responses-tools.js";
import { convertToOpenAITools } from "./tools/convert-to-openai-tools.js";
import type { OptionalNullPlan } from "./tools/restore-optional-nulls.js";
import {
  createStructuredOutput,
  type InferStructuredOutput,
  type StructuredOutputModel,
  type StructuredOutputOptions,
  type StructuredOutputSchema,
  type StructuredOutputWithRaw,
} from "./structured-output/with-structured-output.js";

/**
 * ChatOpenAI's public option fields, one per constructor field of the same name (see ChatOpenAIFields for each), with
 * the defaults applied: the constructor assigns every one of them (see resolveFieldValues), so they are declared once,
 * here, rather than listed again in the class.
 *
 * @example
 * new ChatOpenAI({ temperature: 0 }).temperature; // 0
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- merged declarations must repeat the class's type parameters.
export interface ChatOpenAI<CallOptions extends ChatOpenAICallOptions = ChatOpenAICallOptions> extends ChatOpenAIFieldValues {
  /** See ChatOpenAIFields.compatibility: set, or inferred from the base URL. */
  compatibility: ChatOpenAICompatibility;
  /** See ChatOpenAIFields.sendReasoningContent (unset: "never"). */
  sendReasoningContent: ChatOpenAIFields["sendReasoningContent"];
}

/**
 * OpenAI chat models for LangChain.js, on the official `openai` SDK's Chat Completions API. A drop-in replacement
 * for `@langchain/openai`'s `ChatOpenAI`: it is a Runnable (`invoke`, `stream`, `batch`, `streamEvents`, `pipe`), and
 * every answer is an `AIMessage` with `tool_calls`, `usage_metadata` and `response_metadata`.
 *
 * @example
 * import { ChatOpenAI } from "@tessera/openai";
 *
 * const llm = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0 });
 * const answer = await llm.invoke("Name three primes.");
 * console.log(answer.content, answer.usage_metadata);
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the constructor assigns every member of the interface above (Object.assign of resolveFieldValues, then compatibility and sendReasoningContent).
export class ChatOpenAI<CallOptions extends ChatOpenAICallOptions = ChatOpenAICallOptions> extends BaseChatModel<
  CallOptions,
  AIMessageChunk
> {
  static override lc_name(): string {
    return "ChatOpenAI";
  }

  /**
   * Constructor fields a subclass reads itself: the check that refuses unknown fields lets these through.
   *
   * @example
   * class MyChat extends ChatOpenAI {
   *   static override additionalFieldNames = ["region"];
   * }
   */
  static additionalFieldNames: readonly string[] = [];

  /**
   * Resolves where requests go and with which credentials, from the constructor fields and the environment (for
   * ChatOpenAI: the fields, `configuration`, then `OPENAI_*`). AzureChatOpenAI resolves Azure's instead.
   *
   * @example
   * class MyChat extends ChatOpenAI {
   *   protected static override resolveConnection(fields: ChatOpenAIFields): ResolvedConnection {
   *     return { ...super.resolveConnection(fields), baseURL: "https://gateway.example.com/v1" };
   *   }
   * }
   */
  protected static resolveConnection(fields: ChatOpenAIFields): ResolvedConnection {
    return resolveConnection(fields, readOpenAIEnvironment());
  }

  override lc_serializable = true;
  override lc_namespace = ["tessera", "openai"];

  override get lc_secrets(): Record<string, string> {
    return { apiKey: "OPENAI_API_KEY", openAIApiKey: "OPENAI_API_KEY", "configuration.apiKey": "OPENAI_API_KEY" };
  }

  // Private fields are invisible to console.log, util.inspect and JSON.stringify, so the key cannot leak through them.
  #connection: ResolvedConnection;
  #caller: ChatCaller;
  #router: CallRouter;
  // disableStreaming "tool_calling": core's own `disableStreaming` is read for truthiness, so it stays false and this
  // bypasses streaming per call, for calls with tools only.
  #disableStreamingWithTools: boolean;

  constructor(model?: string, fields?: ChatOpenAIFields);
  constructor(fields?: ChatOpenAIFields);
  constructor(modelOrFields?: string | ChatOpenAIFields, maybeFields?: ChatOpenAIFields) {
    const fields: ChatOpenAIFields = typeof modelOrFields === "string" ? { ...maybeFields, model: modelOrFields } : { ...modelOrFields };
    // Before super(): an unknown field must neither be ignored nor reach lc_kwargs (and so serialization).
    checkChatOpenAIFields(fields, new.target.additionalFieldNames);
    const values: ChatOpenAIFieldValues = resolveFieldValues(fields);
    const { disableStreaming, disableStreamingWithTools } = resolveDisableStreaming(fields.disableStreaming);
    // Core's params type knows only a boolean disableStreaming; core reads the field, never this param.
    super(fields as BaseChatModelParams);
    // lc_kwargs holds the constructor fields for serialization: without the key (toJSON reads it through the apiKey
    // getter and writes a secret reference), and out of inspection.
    Object.defineProperty(this, "lc_kwargs", { enumerable: false, writable: true, configurable: true, value: withoutApiKeys(this.lc_kwargs) });
    Object.assign(this, values);
    this.#connection = new.target.resolveConnection(fields);
    // An Azure OpenAI deployment is OpenAI's model whatever host fronts it (a gateway, a private endpoint).
    this.compatibility = this.#connection.azure ? resolveCompatibility(fields.compatibility ?? "openai", undefined) : resolveCompatibility(fields.compatibility, this.#connection.baseURL);
    this.sendReasoningContent = checkSendReasoningContent(fields.sendReasoningContent);
    this.#caller = createChatCaller(this, this.#connection);
    this.#router = createCallRouter(this, this.#caller, createResponsesCaller(this, this.#connection), (options) => this.#streams(options));
    this.disableStreaming = disableStreaming;
    this.#disableStreamingWithTools = disableStreamingWithTools;
  }

  /** Alias of `model`, as in `@langchain/openai`. */
  get modelName(): string {
    return this.model;
  }

  /**
   * What the model can do (context window, inputs, tool calling, structured output), as LangChain's `ModelProfile`
   * describes it; langchain's `createAgent` reads it to use native structured output. `{}` for a model it does not know.
   *
   * @example
   * new ChatOpenAI({ model: "gpt-4o-mini" }).profile.structuredOutput; // true
   */
  override get profile(): ChatOpenAIModelProfile {
    return modelProfile(this.model);
  }

  /** The API key in use (from the fields or `OPENAI_API_KEY`). */
  get apiKey(): ResolvedConnection["apiKey"] {
    return this.#connection.apiKey;
  }

  /** As BaseChatModel's, with aborts and timeouts raised as this package's AbortError and TimeoutError. */
  override async invoke(input: BaseLanguageModelInput, options?: CallOptions): Promise<AIMessageChunk> {
    checkChatCall(input, options);
    const callOptions = withTimeoutSignal(options);
    try {
      return await super.invoke(input, callOptions);
    } catch (error) {
      throw this.#caller.protectError(wrapOpenAIError(error, callOptions?.signal));
    }
  }

  /**
   * As BaseChatModel's, with aborts and timeouts raised as this package's AbortError and TimeoutError. The stream is
   * read directly (see openDirectStream) and runs through our own streaming loop (see runChatStream): the same chunks,
   * callbacks and errors as core's, without core's per-chunk bookkeeping.
   */
  override async stream(input: BaseLanguageModelInput, options?: CallOptions): Promise<IterableReadableStream<AIMessageChunk>> {
    checkChatCall(input, options);
    const config = ensureConfig(withTimeoutSignal(options));
    const signal = config.signal;
    const mapError = (error: unknown): unknown => this.#caller.protectError(wrapOpenAIError(error, signal));
    try {
      return await openDirectStream(this._streamIterator(input, config as Partial<CallOptions>), { config, mapError });
    } catch (error) {
      throw mapError(error);
    }
  }

  /** As BaseChatModel's; a call that must not stream (see `disableStreaming`) is one invoke, yielded as one chunk. */
  override _streamIterator(input: BaseLanguageModelInput, options?: Partial<CallOptions>): AsyncGenerator<AIMessageChunk> {
    checkChatCall(input, options);
    if (!this.#streams(options)) return this.#invokeAsStream(input, options);
    const source = (messages: BaseMessage[], callOptions: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun) =>
      this._streamResponseChunks(messages, callOptions, runManager);
    return runChatStream(this, input, options, source) as AsyncGenerator<AIMessageChunk>;
  }

  /**
   * As core's `batch`: one invoke per input with its own options, at most `maxConcurrency` in flight (from the first
   * options, else `batchOptions`), results in input order, errors returned with `returnExceptions` or else the first
   * one thrown. The queue is a plain FIFO (see runLimited) instead of core's sorted queue and retry wrapper, which
   * cost more per call the longer the batch. An invalid `maxConcurrency` goes to core's batch, which refuses it.
   */
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions & { returnExceptions?: false }): Promise<AIMessageChunk[]>;
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions & { returnExceptions: true }): Promise<(AIMessageChunk | Error)[]>;
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions): Promise<(AIMessageChunk | Error)[]>;
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions): Promise<(AIMessageChunk | Error)[]> {
    const configList = this._getOptionsList(options ?? {}, inputs.length);
    const maxConcurrency = (configList[0] as RunnableConfig | undefined)?.maxConcurrency ?? batchOptions?.maxConcurrency;
    if (maxConcurrency !== undefined && !(maxConcurrency >= 1)) return super.batch(inputs, options, batchOptions);
    return runLimited(inputs, maxConcurrency, (input, index) => this.invoke(input, configList[index] as CallOptions), batchOptions?.returnExceptions === true);
  }

  /** As core's; a batch's per-call `timeout` is checked first, since core turns it into a signal before invoke. */
  protected override _getOptionsList<O extends CallOptions & { runType?: string }>(options: Partial<O> | Partial<O>[], length?: number): Partial<O>[] {
    for (const option of Array.isArray(options) ? options : [options]) if (option) checkCallOptionValues(option);
    return super._getOptionsList(options, length);
  }

  async *#invokeAsStream(input: BaseLanguageModelInput, options?: Partial<CallOptions>): AsyncGenerator<AIMessageChunk> {
    yield await this.invoke(input, options as CallOptions);
  }

  /** Whether a call streams: not with `disableStreaming: true`, nor with `"tool_calling"` when tools are bound. */
  #streams(options: Partial<ChatOpenAICallOptions> | undefined): boolean {
    return !this.disableStreaming && !(this.#disableStreamingWithTools && (options?.tools?.length ?? 0) > 0);
  }

  /**
   * Binds tools the model may call: LangChain tools, `{ name, description, schema }` (Zod v3, Zod v4 or JSON Schema),
   * OpenAI-format tools or legacy function definitions. Every tool is converted and checked now, so a bad name, a
   * non-object schema or a schema strict mode cannot express fails here, listing every problem. Binding again (on the
   * model) replaces the tools. Options: `tool_choice` (`"auto"`, `"none"`, `"required"`, `"any"`, a tool name, or
   * the OpenAI object), `parallel_tool_calls`, `strict`.
   *
   * @example
   * const llmWithTools = llm.bindTools([getWeather], { strict: true, tool_choice: "get_weather" });
   * const message = await llmWithTools.invoke("Weather in Paris?");
   * message.tool_calls; // [{ name: "get_weather", args: { city: "Paris" }, id: "call_…", type: "tool_call" }]
   */
  override bindTools(tools: ChatOpenAIToolType[], kwargs?: Partial<CallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, CallOptions> {
    // Converted now only to check: every problem surfaces at bind time, not at the first call.
    checkBoundTools(tools, { strict: resolveToolStrict(kwargs ?? {}, this), toolChoice: kwargs?.tool_choice, useResponsesApi: kwargs?.useResponsesApi ?? this.useResponsesApi });
    return this.withConfig({ ...kwargs, tools } as Partial<CallOptions>);
  }

  /**
   * Returns a runnable that answers with validated objects of the schema's type instead of messages. `schema`: a Zod
   * v3 or v4 schema, a Standard Schema with JSON Schema support (valibot, ArkType, …), a JSON Schema, or an OpenAI
   * function definition. `method`: `"jsonSchema"` (default where the model supports it; strict by default),
   * `"functionCalling"` or `"jsonMode"`. Refusals and answers cut off by the token limit are typed errors;
   * `includeRaw: true` returns `{ raw, parsed, parsingError }` instead. `.stream()` yields growing partial objects,
   * then the validated one. The output type is inferred from the schema, or given as the first type argument, as with
   * @langchain/openai.
   *
   * @example
   * const Person = z.object({ name: z.string(), age: z.number().optional() });
   * const person = await llm.withStructuredOutput(Person).invoke("Ada Lovelace"); // { name: "Ada Lovelace" }
   * const answer = await llm.withStructuredOutput<{ answer: string }>(answerJsonSchema).invoke("2 + 2?");
   */
  override withStructuredOutput<RunOutput extends object = never, S extends StructuredOutputSchema = StructuredOutputSchema>(
    schema: S,
    config?: StructuredOutputOptions<false>,
  ): Runnable<BaseLanguageModelInput, InferStructuredOutput<S, RunOutput>>;
  override withStructuredOutput<RunOutput extends object = never, S extends StructuredOutputSchema = StructuredOutputSchema>(
    schema: S,
    config: StructuredOutputOptions<true>,
  ): Runnable<BaseLanguageModelInput, StructuredOutputWithRaw<InferStructuredOutput<S, RunOutput>>>;
  override withStructuredOutput<RunOutput extends object = never, S extends StructuredOutputSchema = StructuredOutputSchema>(
    schema: S,
    config?: StructuredOutputOptions,
  ): Runnable<BaseLanguageModelInput, InferStructuredOutput<S, RunOutput> | StructuredOutputWithRaw<InferStructuredOutput<S, RunOutput>>>;
  override withStructuredOutput<RunOutput extends object = never, S extends StructuredOutputSchema = StructuredOutputSchema>(
    schema: S,
    config?: StructuredOutputOptions,
  ): Runnable<BaseLanguageModelInput, InferStructuredOutput<S, RunOutput> | StructuredOutputWithRaw<InferStructuredOutput<S, RunOutput>>> {
    return createStructuredOutput<InferStructuredOutput<S, RunOutput>>(this as unknown as StructuredOutputModel, schema, config);
  }

  /**
   * Core's generate path; every result passes through here, including those core assembles itself from streamed
   * chunks when a streaming callback listens (streamEvents, LangGraph's "messages" mode). Each message is finalized
   * like our own: truncated tool calls stay invalid, and strict tools' nulls are mapped back. Then tool calls whose
   * arguments fail their tool's schema become invalid_tool_calls (see validateToolCallArguments).
   */
  override async _generateUncached(
    messages: BaseMessageLike[][],
    parsedOptions: this["ParsedCallOptions"],
    handledOptions: RunnableConfig,
    startedRunManagers?: CallbackManagerForLLMRun[],
  ): Promise<LLMResult> {
    const result = await super._generateUncached(messages, parsedOptions, handledOptions, startedRunManagers);
    finalizeStreamedGenerations(result.generations, () => this.#restorePlans(parsedOptions));
    // Structured output validates its own tool call, with its own error.
    if (parsedOptions.ls_structured_output_format === undefined) await validateToolCallArguments(result.generations, collectToolSchemas(parsedOptions.tools ?? []));
    return result;
  }

  /** How strict tools' nulls map back in a call's answers: from its tools, converted as its request converts them. */
  #restorePlans(options: Partial<ChatOpenAICallOptions>): Map<string, OptionalNullPlan> {
    return convertToOpenAITools(options.tools ?? [], { strict: resolveToolStrict(options, this), builtInTools: "accept" }).restorePlans;
  }

  /**
   * Counts the tokens of a text (or a content array's text) with this model's encoding, offline: the ranks ship in the
   * package and load on first use; nothing is fetched. As `trimMessages`' `tokenCounter` it counts contents only; use
   * `createTokenCounter` to count like the API.
   *
   * @example
   * await llm.getNumTokens("Hello world"); // 2
   */
  override async getNumTokens(content: MessageContent): Promise<number> {
    const text = typeof content === "string" ? content : content.map((part) => (part.type === "text" ? String(part.text) : "")).join("");
    return countTextTokens(text, encodingForModel(this.model).encoding);
  }

  /**
   * Counts a prompt as the API will: `totalCount` is the `prompt_tokens` the response will report (tool definitions
   * included when `tools` are given; on the Responses API, `useResponsesApi` of the options, else the model's, its
   * `input_tokens`), and `countPerMessage` each message's share.
   *
   * @example
   * const { totalCount } = await llm.getNumTokensFromMessages([new HumanMessage("Hi")], { tools: [getWeather] });
   */
  async getNumTokensFromMessages(
    messages: BaseMessage[],
    options: { tools?: ChatOpenAIToolType[]; toolChoice?: ToolChoice; strict?: boolean; useResponsesApi?: boolean } = {},
  ): Promise<{ totalCount: number; countPerMessage: number[] }> {
    const { useResponsesApi = this.useResponsesApi, ...rest } = options;
    const api = useResponsesApi ? "responses" : "chat";
    const { totalCount, countPerMessage } = await countPromptTokens({ model: this.model, messages, systemRole: this.systemRole, ...rest, api });
    return { totalCount, countPerMessage };
  }

  _llmType(): string {
    return "openai";
  }

  override getLsParams(options: this["ParsedCallOptions"]): LangSmithParams {
    return {
      ls_provider: "openai",
      ls_model_name: this.model,
      ls_model_type: "chat",
      ls_temperature: this.temperature,
      ls_max_tokens: this.maxTokens ?? this.maxCompletionTokens,
      ls_stop: options.stop ?? this.stop,
    };
  }

  /** The request parameters (without messages, or without input on the Responses API) a call with these options sends. */
  override invocationParams(
    options?: this["ParsedCallOptions"],
  ): Omit<OpenAI.ChatCompletionCreateParams, "messages"> | Omit<OpenAI.Responses.ResponseCreateParams, "input"> {
    return this.#router.params(options, this.streaming && this.#streams(options));
  }

  override _identifyingParams(): Record<string, unknown> {
    return { model_name: this.model, ...this.invocationParams() };
  }

  override _combineLLMOutput(...outputs: LLMResult["llmOutput"][]): LLMResult["llmOutput"] {
    const usages = outputs.map((output) => output?.tokenUsage as TokenUsage | undefined).filter((usage) => usage !== undefined);
    return usages.length > 0 ? { tokenUsage: sumTokenUsage(usages) } : {};
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    return this.#router.generate(messages, options, runManager);
  }

  override _streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    // stream() returns one message: choice 0, as invoke does. generate() with `streaming` collects every choice.
    if (!this.#streams(options)) return this.#generateAsChunk(messages, options, runManager);
    return this.#router.stream(messages, options, runManager);
  }

  /**
   * Core 1.4's content-block event stream (`streamEvents(input)` without a version; invoke under a handler that prefers
   * chat-model stream events), converted from our own chunks: reasoning, text, refusal and each tool call in its own
   * block, tool calls parsed by our parser with strict nulls mapped back, usage, the mapped finish reason and the
   * response metadata. Core 1.0 never calls it.
   */
  override async *_streamChatModelEvents(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatModelStreamEvent> {
    const convert = createStreamEventConverter({ restorePlans: this.#restorePlans(options), audioFormat: (options.audio ?? this.audio)?.format });
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) yield* convert(chunk.message as AIMessageChunk);
    yield* convert.finish();
  }

  // Core's streaming branch (a streaming callback listens) asks for chunks even for a call that must not stream
  // (`disableStreaming: "tool_calling"` with tools): one non-streamed request, yielded as one chunk, no token callbacks.
  async *#generateAsChunk(messages: BaseMessage[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const [generation] = (await this._generate(messages, options, runManager)).generations;
    if (generation) yield new ChatGenerationChunk({ message: convertMessageToChunk(generation.message as AIMessage), text: generation.text });
  }
}
