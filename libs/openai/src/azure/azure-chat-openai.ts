import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { LangSmithParams } from "@langchain/core/language_models/chat_models";
import type { Serialized } from "@langchain/core/load/serializable";
import type { Runnable } from "@langchain/core/runnables";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "../chat-openai-fields.js";
import type { ResolvedConnection } from "../internal/resolve-chat-openai-fields.js";
import type { StructuredOutputMethod } from "../structured-output/parse-structured-output.js";
import type {
  InferStructuredOutput,
  StructuredOutputOptions,
  StructuredOutputSchema,
  StructuredOutputWithRaw,
} from "../structured-output/with-structured-output.js";
import { ConfigurationError } from "../errors/errors.js";
import { resolveAzureResponsesConnection } from "./azure-responses-connection.js";
import {
  AZURE_CHAT_OPENAI_FIELD_NAMES,
  type AzureChatOpenAIFields,
  type AzureConnection,
  readAzureEnvironment,
  resolveAzureConnection,
} from "./azure-chat-openai-fields.js";

const DEFAULT_MODEL = "gpt-4o-mini";

// `@langchain/openai`'s serialized names of the Azure fields (azure/chat_models/common.ts, AZURE_ALIASES), which its
// Python twin reads; plus the key and instance name, whose camel case ("OpenAI") core's snake_case mapping cannot
// bring back on load.
const AZURE_ALIASES: Record<string, string> = {
  azureOpenAIApiKey: "azure_openai_api_key",
  azureOpenAIApiInstanceName: "azure_openai_api_instance_name",
  openAIApiKey: "openai_api_key",
  openAIApiVersion: "openai_api_version",
  deploymentName: "deployment_name",
  azureOpenAIEndpoint: "azure_endpoint",
  azureOpenAIApiVersion: "openai_api_version",
  azureOpenAIBasePath: "openai_api_base",
  azureOpenAIApiDeploymentName: "deployment_name",
};

// Azure added `response_format: json_schema` (and strict tools) in api-version 2024-08-01-preview; GA since 2024-10-21
// (learn.microsoft.com/azure/ai-services/openai/how-to/structured-outputs, "API support").
const FIRST_STRUCTURED_OUTPUTS_VERSION = "2024-08-01";

/**
 * ChatOpenAI for Azure OpenAI deployments, on the `openai` SDK's Azure client. Everything but the connection is
 * ChatOpenAI's (messages, tools, streaming, structured output, errors). A drop-in replacement for `@langchain/openai`'s
 * AzureChatOpenAI: the same fields, aliases and `AZURE_OPENAI_*` variables; explicit fields win over the environment.
 * Answers blocked by Azure's content filter: a blocked prompt throws a ContentFilterError (never retried); an answer cut
 * by the filter is returned with `finish_reason: "content_filter"`, the filter's results and a warning in
 * `response_metadata` (docs/azure.md).
 *
 * @example
 * import { AzureChatOpenAI } from "@tessera/openai";
 *
 * const llm = new AzureChatOpenAI({
 *   azureOpenAIApiInstanceName: "my-resource", // https://my-resource.openai.azure.com
 *   azureOpenAIApiDeploymentName: "gpt-4o-mini",
 *   azureOpenAIApiVersion: "2024-10-21",
 *   azureOpenAIApiKey: process.env.AZURE_OPENAI_API_KEY,
 * });
 * const answer = await llm.invoke("Name three primes.");
 */
export class AzureChatOpenAI<CallOptions extends ChatOpenAICallOptions = ChatOpenAICallOptions> extends ChatOpenAI<CallOptions> {
  static override lc_name(): string {
    return "AzureChatOpenAI";
  }

  /** The Azure fields, let through ChatOpenAI's unknown-field check. A subclass adding its own should spread these. */
  static override additionalFieldNames: readonly string[] = AZURE_CHAT_OPENAI_FIELD_NAMES;

  protected static override resolveConnection(fields: ChatOpenAIFields): ResolvedConnection {
    const azureFields = fields as AzureChatOpenAIFields;
    return resolveAzureConnection(azureFields, readAzureEnvironment(), azureFields.model ?? DEFAULT_MODEL);
  }

  /** The dated `api-version` sent with every request (`undefined` on Azure's v1 API without `preview`). */
  azureOpenAIApiVersion?: string;
  /** The resource name, when given (field or `AZURE_OPENAI_API_INSTANCE_NAME`). */
  azureOpenAIApiInstanceName?: string;
  /** The endpoint, when given (field or `AZURE_OPENAI_ENDPOINT`). */
  azureOpenAIEndpoint?: string;
  /** The base path, when given (field or `AZURE_OPENAI_BASE_PATH`). */
  azureOpenAIBasePath?: string;
  /** The deployment requests go to. */
  azureOpenAIApiDeploymentName?: string;

  #azure: AzureConnection;

  constructor(deploymentName: string, fields?: Omit<AzureChatOpenAIFields, "deploymentName" | "azureOpenAIApiDeploymentName" | "model">);
  constructor(fields?: AzureChatOpenAIFields);
  constructor(deploymentOrFields?: string | AzureChatOpenAIFields, maybeFields?: AzureChatOpenAIFields) {
    const given: AzureChatOpenAIFields =
      typeof deploymentOrFields === "string"
        ? { ...maybeFields, model: deploymentOrFields, azureOpenAIApiDeploymentName: deploymentOrFields }
        : { ...deploymentOrFields };
    const env = readAzureEnvironment();
    // The model defaults to the deployment (as an Azure deployment is usually named after its model), and on the v1
    // API the body's `model` is the deployment.
    const model = given.model ?? given.modelName ?? given.azureOpenAIApiDeploymentName ?? given.deploymentName ?? env.AZURE_OPENAI_API_DEPLOYMENT_NAME ?? DEFAULT_MODEL;
    const resolved = resolveAzureConnection(given, env, model);
    const azure = resolved.azure;
    // A model that always uses the Responses API is refused now, not at its first call, where Azure cannot serve it.
    const responsesProblem = given.useResponsesApi === true ? resolveAzureResponsesConnection(resolved, azure).problem : undefined;
    if (responsesProblem !== undefined) throw new ConfigurationError(responsesProblem);
    super({ ...given, model: azure.style === "v1" ? azure.deployment : model, modelName: undefined });
    this.#azure = azure;
    this.azureOpenAIApiVersion = azure.apiVersion;
    this.azureOpenAIApiDeploymentName = azure.deployment;
    this.azureOpenAIApiInstanceName = given.azureOpenAIApiInstanceName ?? env.AZURE_OPENAI_API_INSTANCE_NAME;
    this.azureOpenAIEndpoint = given.azureOpenAIEndpoint ?? env.AZURE_OPENAI_ENDPOINT;
    this.azureOpenAIBasePath = given.azureOpenAIBasePath ?? env.AZURE_OPENAI_BASE_PATH;
    // Neither the key nor the token provider (a function) belongs in the serialized constructor fields.
    const { azureOpenAIApiKey: _key, azureADTokenProvider: _provider, ...kwargs } = this.lc_kwargs as Record<string, unknown>;
    Object.defineProperty(this, "lc_kwargs", { enumerable: false, writable: true, configurable: true, value: kwargs });
  }

  /** The base URL requests go to, e.g. `https://r.openai.azure.com/openai/deployments/gpt-4o` (for tests and debugging). */
  get resolvedBaseURL(): string {
    return this.#azure.baseURL;
  }

  /** `"deployments"` (`…/openai/deployments/{name}/…?api-version=…`) or `"v1"` (`…/openai/v1/…`). */
  get azureApiStyle(): AzureConnection["style"] {
    return this.#azure.style;
  }

  /** The key in use, when authenticating with a key (field or `AZURE_OPENAI_API_KEY`); a secret in serialization. */
  get azureOpenAIApiKey(): string | undefined {
    return this.#azure.auth.type === "api-key" ? this.#azure.auth.key : undefined;
  }

  /** The Microsoft Entra ID token provider, when authenticating with one. */
  get azureADTokenProvider(): (() => Promise<string>) | undefined {
    return this.#azure.auth.type === "token-provider" ? this.#azure.auth.provider : undefined;
  }

  /** Azure's credential is `azureOpenAIApiKey`; `OPENAI_API_KEY` is never read, so there is no OpenAI key. */
  override get apiKey(): undefined {
    return undefined;
  }

  override get lc_secrets(): Record<string, string> {
    return { ...super.lc_secrets, azureOpenAIApiKey: "AZURE_OPENAI_API_KEY" };
  }

  override get lc_aliases(): Record<string, string> {
    return { ...super.lc_aliases, ...AZURE_ALIASES };
  }

  override _llmType(): string {
    return "azure_openai";
  }

  override getLsParams(options: this["ParsedCallOptions"]): LangSmithParams {
    return { ...super.getLsParams(options), ls_provider: "azure" };
  }

  /** As ChatOpenAI's, plus `azure_endpoint` and `deployment_name` (as `@langchain/openai` writes them). */
  override toJSON(): Serialized {
    const json = super.toJSON();
    if (json.type !== "constructor") return json;
    const kwargs = json.kwargs as Record<string, unknown>;
    const endpoint = this.#azure.baseURL.replace(/\/openai(\/.*)?$/u, "/");
    kwargs.azure_endpoint ??= endpoint;
    kwargs.deployment_name ??= this.#azure.deployment;
    return json;
  }

  /**
   * As ChatOpenAI's, with Azure's default method: `"functionCalling"` where `jsonSchema` may not be available, namely
   * an `api-version` before 2024-08-01-preview (Azure has no `json_schema` response format there) and, as in
   * `@langchain/openai`, gpt-4o deployments (gpt-4o 2024-05-13 has no structured outputs, and a deployment's model
   * version cannot be seen from here). Elsewhere ChatOpenAI's default applies. An explicit `method` always wins.
   *
   * @example
   * const extract = llm.withStructuredOutput(Person); // functionCalling on api-version 2024-06-01
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
    const method: StructuredOutputMethod | undefined = config?.method ?? this.#defaultStructuredOutputMethod();
    return super.withStructuredOutput<RunOutput, S>(schema, { ...config, ...(method === undefined ? {} : { method }) });
  }

  #defaultStructuredOutputMethod(): StructuredOutputMethod | undefined {
    const { style, apiVersion } = this.#azure;
    const oldVersion = style === "deployments" && apiVersion !== undefined && apiVersion.slice(0, 10) < FIRST_STRUCTURED_OUTPUTS_VERSION;
    return oldVersion || this.model.startsWith("gpt-4o") ? "functionCalling" : undefined;
  }
}
