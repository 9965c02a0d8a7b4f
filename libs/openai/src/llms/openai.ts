import type { Callbacks, CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import { BaseLLM } from "@langchain/core/language_models/llms";
import { type Generation, GenerationChunk, type LLMResult } from "@langchain/core/outputs";
import { ensureConfig, type RunnableBatchOptions } from "@langchain/core/runnables";
import type { IterableReadableStream } from "@langchain/core/utils/stream";
import { contextWindowForModel, countTextTokens, encodingForModel } from "@tessera/openai-tokens";
import type OpenAISdk from "openai";
import { readOpenAIEnvironment, resolveConnection, type ResolvedConnection, withoutApiKeys } from "../internal/resolve-chat-openai-fields.js";
import { ConfigurationError, ContextOverflowError } from "../errors/errors.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { openDirectStream } from "../internal/direct-stream.js";
import { withTimeoutSignal } from "../internal/with-timeout-signal.js";
import { buildCompletionRequest } from "./build-completion-request.js";
import { checkOpenAIFields } from "./check-openai-fields.js";
import {
  addCompletionUsage,
  type CompletionChoice,
  type CompletionTokenUsage,
  convertChoicesToGenerations,
  createChoiceAssembler,
  readCompletionChoices,
} from "./convert-completion-choices.js";
import { type CompletionCaller, createCompletionCaller } from "./create-completion-caller.js";
import { type OpenAICallOptions, type OpenAIFields, type OpenAIFieldValues, resolveOpenAIFieldValues } from "./openai-fields.js";

/**
 * Why a `stream()` with `bestOf` above `n` arrives as one chunk: the warning in that chunk's `generationInfo.warnings`.
 *
 * @example
 * const result = await llm.generate(["Hi"], { callbacks: [{ handleLLMEnd: (output) => console.log(output.generations[0][0].generationInfo?.warnings) }] });
 */
export const BEST_OF_NOT_STREAMED_WARNING =
  "bestOf is above n, and the API does not stream while it ranks candidates, so this answer was requested without streaming and arrives as one chunk.";

/**
 * The legacy completions LLM (`/v1/completions`) for LangChain.js, for `gpt-3.5-turbo-instruct`, `davinci-002`,
 * `babbage-002`, their fine-tunes and compatible servers' completion models. A drop-in for `@langchain/openai`'s
 * `OpenAI`: text in, text out (`invoke`, `stream`, `batch`, `generate`), with `n`/`bestOf`, `logprobs`, `echo` and
 * `suffix`, on the same client, retries and typed errors as ChatOpenAI. `generate` and `batch` pack up to `batchSize`
 * prompts into each request.
 *
 * @example
 * import { OpenAI } from "@tessera/openai";
 *
 * const llm = new OpenAI({ model: "gpt-3.5-turbo-instruct", maxTokens: 64 });
 * const text = await llm.invoke("Write a haiku about tea:");
 */
export class OpenAI<CallOptions extends OpenAICallOptions = OpenAICallOptions> extends BaseLLM<CallOptions> {
  static override lc_name(): string {
    return "OpenAI";
  }

  /**
   * Constructor fields a subclass reads itself: the check that refuses unknown fields lets these through.
   *
   * @example
   * class MyLLM extends OpenAI {
   *   static override additionalFieldNames = ["region"];
   * }
   */
  static additionalFieldNames: readonly string[] = [];

  override lc_serializable = true;
  override lc_namespace = ["tessera", "openai"];

  override get lc_secrets(): Record<string, string> {
    return { apiKey: "OPENAI_API_KEY", openAIApiKey: "OPENAI_API_KEY", "configuration.apiKey": "OPENAI_API_KEY" };
  }

  override get callKeys(): string[] {
    return [...super.callKeys, "options"];
  }

  model!: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  n?: number;
  bestOf?: number;
  logitBias?: Record<string, number>;
  suffix?: string;
  echo?: boolean;
  logprobs?: number;
  seed?: number;
  stop?: string[];
  user?: string;
  streaming!: boolean;
  streamUsage?: boolean;
  batchSize!: number;
  timeout?: number;
  streamIdleTimeout?: number;
  maxResponseBytes?: number;
  maxRetries!: number;
  modelKwargs?: Record<string, unknown>;
  configuration?: OpenAIFields["configuration"];

  // Private, so the key cannot leak through console.log, util.inspect or JSON.stringify.
  #connection: ResolvedConnection;
  #caller: CompletionCaller;

  constructor(fields?: OpenAIFields) {
    const given: OpenAIFields = { ...fields };
    // Before super(): an unknown field must neither be ignored nor reach lc_kwargs.
    checkOpenAIFields(given, new.target.additionalFieldNames);
    const values: OpenAIFieldValues = resolveOpenAIFieldValues(given);
    super(given);
    Object.defineProperty(this, "lc_kwargs", { enumerable: false, writable: true, configurable: true, value: withoutApiKeys(this.lc_kwargs) });
    Object.assign(this, values);
    const { apiKey, openAIApiKey, baseURL, organization, project, configuration } = given;
    this.#connection = resolveConnection({ apiKey, openAIApiKey, baseURL, organization, project, configuration }, readOpenAIEnvironment());
    this.#caller = createCompletionCaller(this, this.#connection);
  }

  /** Alias of `model`, as in `@langchain/openai`. */
  get modelName(): string {
    return this.model;
  }

  /** The API key in use (from the fields or `OPENAI_API_KEY`). */
  get apiKey(): ResolvedConnection["apiKey"] {
    return this.#connection.apiKey;
  }

  /** As BaseLLM's (which `invoke` goes through), with aborts and timeouts raised as this package's AbortError and TimeoutError. */
  override async generate(prompts: string[], options?: string[] | Partial<CallOptions>, callbacks?: Callbacks): Promise<LLMResult> {
    const callOptions = Array.isArray(options) ? options : withTimeoutSignal(options);
    try {
      return await super.generate(prompts, callOptions, callbacks);
    } catch (error) {
      throw this.#caller.protectError(wrapOpenAIError(error, Array.isArray(callOptions) ? undefined : callOptions?.signal));
    }
  }

  /** As BaseLLM's, with typed errors; the run is read directly, as ChatOpenAI's stream is (see openDirectStream). */
  override async stream(input: BaseLanguageModelInput, options?: Partial<CallOptions>): Promise<IterableReadableStream<string>> {
    const config = ensureConfig(withTimeoutSignal(options));
    const mapError = (error: unknown): unknown => this.#caller.protectError(wrapOpenAIError(error, config.signal));
    try {
      return await openDirectStream(this._streamIterator(input, config as Partial<CallOptions>), { config, mapError });
    } catch (error) {
      throw mapError(error);
    }
  }

  /**
   * Packs the inputs into as few requests as `batchSize` allows (one `generate` call, as `@langchain/openai`'s
   * `generate` packs), instead of core's one request per input. Inputs given different options each go their own way
   * (core's batch). With `returnExceptions`, a failed request's error is returned for every input.
   */
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions & { returnExceptions?: false }): Promise<string[]>;
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions & { returnExceptions: true }): Promise<(string | Error)[]>;
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions): Promise<(string | Error)[]>;
  override async batch(inputs: BaseLanguageModelInput[], options?: Partial<CallOptions> | Partial<CallOptions>[], batchOptions?: RunnableBatchOptions): Promise<(string | Error)[]> {
    const configs = Array.isArray(options) ? options : [options];
    if (configs.some((config) => config !== configs[0])) return super.batch(inputs, options, batchOptions);
    const prompts = inputs.map((input) => BaseLLM._convertInputToPromptValue(input).toString());
    try {
      const result = await this.generate(prompts, configs[0]);
      return result.generations.map((generations) => generations[0]?.text ?? "");
    } catch (error) {
      if (batchOptions?.returnExceptions) return inputs.map(() => error as Error);
      throw error;
    }
  }

  _llmType(): string {
    return "openai";
  }

  /** The request parameters (without the prompt) a call with these options sends. */
  override invocationParams(options?: this["ParsedCallOptions"]): Omit<OpenAISdk.CompletionCreateParams, "prompt"> {
    const request = buildCompletionRequest({ fields: this, prompts: [], maxTokens: this.maxTokens, stop: options?.stop, stream: this.#streams() });
    const { prompt: _prompt, ...params } = request;
    return params;
  }

  override _identifyingParams(): Record<string, unknown> {
    return { model_name: this.model, ...this.invocationParams() };
  }

  /**
   * Counts a text's tokens with this model's encoding, offline (core's default fetches the ranks).
   *
   * @example
   * await llm.getNumTokens("Hello world"); // 2
   */
  override async getNumTokens(content: string | Array<{ type: string; text?: unknown }>): Promise<number> {
    const text = typeof content === "string" ? content : content.map((part) => (part.type === "text" ? String(part.text) : "")).join("");
    return countTextTokens(text, encodingForModel(this.model).encoding);
  }

  async _generate(prompts: string[], options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): Promise<LLMResult> {
    const n = this.n ?? 1;
    const stream = this.#streams();
    const generations: Generation[][] = [];
    let tokenUsage: CompletionTokenUsage = {};
    // One request per batchSize prompts, one after another (as @langchain/openai sends them).
    for (let start = 0; start < prompts.length; start += this.batchSize) {
      const batch = prompts.slice(start, start + this.batchSize);
      const request = await this.#buildRequest(batch, options, stream);
      const { choices, usage } = stream
        ? await this.#streamBatch(request as OpenAISdk.CompletionCreateParamsStreaming, options, { runManager, firstPrompt: start, n })
        : await this.#completeBatch(request as OpenAISdk.CompletionCreateParamsNonStreaming, options);
      generations.push(...convertChoicesToGenerations(choices, { promptCount: batch.length, n, defaultMaxTokens: this.#usesDefaultMaxTokens() }));
      tokenUsage = addCompletionUsage(tokenUsage, usage);
    }
    return { generations, llmOutput: { tokenUsage } };
  }

  /**
   * One prompt's answer as it streams: choice 0's text chunks (with `n` above 1 the other choices are left out, as
   * `invoke` returns choice 0), each reported to `handleLLMNewToken`. The chunk that ends the answer carries
   * `finishReason`, and the logprobs of the whole answer when they were asked for.
   */
  override async *_streamResponseChunks(prompt: string, options: this["ParsedCallOptions"], runManager?: CallbackManagerForLLMRun): AsyncGenerator<GenerationChunk> {
    if (!this.#canStream()) {
      const [generation] = (await this._generate([prompt], options, runManager)).generations[0] ?? [];
      const info = generation?.generationInfo ?? {};
      const warnings = [...((info.warnings as string[] | undefined) ?? []), BEST_OF_NOT_STREAMED_WARNING];
      yield new GenerationChunk({ text: generation?.text ?? "", generationInfo: { ...info, warnings } });
      return;
    }
    const request = (await this.#buildRequest([prompt], options, true)) as OpenAISdk.CompletionCreateParamsStreaming;
    const assemble = createChoiceAssembler();
    for await (const wire of this.#caller.stream(request, options)) {
      for (const choice of wire.choices ?? []) {
        if (choice.index !== 0) continue;
        assemble.add(choice);
        const finished = choice.finish_reason != null;
        const whole = finished ? assemble.choices()[0] : undefined;
        const generationInfo = finished ? { finishReason: choice.finish_reason, logprobs: whole?.logprobs ?? null, ...this.#warningsFor(whole) } : undefined;
        const chunk = new GenerationChunk({ text: typeof choice.text === "string" ? choice.text : "", generationInfo });
        yield chunk;
        await runManager?.handleLLMNewToken(chunk.text, { prompt: 0, completion: 0 }, undefined, undefined, undefined, { chunk });
      }
    }
  }

  async #completeBatch(request: OpenAISdk.CompletionCreateParamsNonStreaming, options: this["ParsedCallOptions"]): Promise<{ choices: CompletionChoice[]; usage: OpenAISdk.CompletionUsage | undefined }> {
    const { completion } = await this.#caller.complete(request, options);
    return { choices: readCompletionChoices(completion), usage: completion.usage };
  }

  async #streamBatch(
    request: OpenAISdk.CompletionCreateParamsStreaming,
    options: this["ParsedCallOptions"],
    context: { runManager: CallbackManagerForLLMRun | undefined; firstPrompt: number; n: number },
  ): Promise<{ choices: CompletionChoice[]; usage: OpenAISdk.CompletionUsage | undefined }> {
    const assemble = createChoiceAssembler();
    let usage: OpenAISdk.CompletionUsage | undefined;
    for await (const wire of this.#caller.stream(request, options)) {
      usage = wire.usage ?? usage;
      for (const choice of wire.choices ?? []) {
        assemble.add(choice);
        // Choices are indexed prompt by prompt within one request; the prompt index counts from the call's first prompt.
        const indices = { prompt: context.firstPrompt + Math.floor(choice.index / context.n), completion: choice.index % context.n };
        await context.runManager?.handleLLMNewToken(typeof choice.text === "string" ? choice.text : "", indices);
      }
    }
    return { choices: assemble.choices(), usage };
  }

  async #buildRequest(prompts: string[], options: this["ParsedCallOptions"], stream: boolean): Promise<OpenAISdk.CompletionCreateParams> {
    const maxTokens = this.maxTokens === -1 ? await this.#maxTokensThatFit(prompts) : this.maxTokens;
    return buildCompletionRequest({ fields: this, prompts, maxTokens, stop: options.stop, stream });
  }

  /** `maxTokens: -1` (@langchain/openai's "as many as fit"): the room the longest prompt leaves, at most the model's output limit. */
  async #maxTokensThatFit(prompts: string[]): Promise<number> {
    const limits = contextWindowForModel(this.model);
    if (limits === undefined) {
      throw new ConfigurationError(`maxTokens: -1 needs ${this.model}'s context window, which is not known here. Set maxTokens to a number instead.`);
    }
    const { encoding } = encodingForModel(this.model);
    const suffix = this.suffix === undefined ? 0 : await countTextTokens(this.suffix, encoding);
    const counts = await Promise.all(prompts.map((prompt) => countTextTokens(prompt, encoding)));
    const longest = Math.max(0, ...counts) + suffix;
    const room = Math.min(limits.contextWindow - longest, limits.maxOutputTokens);
    if (room >= 1) return room;
    throw new ContextOverflowError(
      `A prompt of ${longest} tokens leaves no room to answer in ${this.model}'s context window of ${limits.contextWindow} tokens; nothing was sent. Shorten the prompt.`,
      { code: "context_length_exceeded", param: "prompt" },
    );
  }

  #warningsFor(choice: CompletionChoice | undefined): { warnings?: string[] } {
    if (choice === undefined) return {};
    const [generation] = convertChoicesToGenerations([choice], { promptCount: 1, n: 1, defaultMaxTokens: this.#usesDefaultMaxTokens() })[0] ?? [];
    const warnings = generation?.generationInfo?.warnings as string[] | undefined;
    return warnings === undefined ? {} : { warnings };
  }

  #usesDefaultMaxTokens(): boolean {
    return this.maxTokens === undefined && this.modelKwargs?.max_tokens === undefined;
  }

  /** The API streams nothing it has to rank first: with `bestOf` above `n`, requests are not streamed. */
  #canStream(): boolean {
    return this.bestOf === undefined || this.bestOf <= (this.n ?? 1);
  }

  #streams(): boolean {
    return this.streaming && this.#canStream();
  }
}
