import { CHAT_OPENAI_CALL_OPTIONS, CHAT_OPENAI_FIELDS } from "../chat-openai-fields.js";
import { ConfigurationError, UnknownOptionError, UnsupportedOptionError } from "../errors/errors.js";
import { checkKnownOption } from "../request/check-call-options.js";
import { checkFieldValues } from "../request/check-option-values.js";
import { findClosestName, isSameName } from "./edit-distance.js";

const AZURE_NOT_SUPPORTED =
  "It is an Azure OpenAI field, which ChatOpenAI never reads (nor the AZURE_* variables). For an Azure deployment use " +
  "AzureChatOpenAI (`import { AzureChatOpenAI } from \"@tessera/openai\"`), which takes the same fields as @langchain/openai's.";

// AzureChatOpenAI's fields, as @langchain/openai 1.6 reads them (azure/chat_models/common.js).
const AZURE_FIELDS = [
  "azureOpenAIApiKey", "azureOpenAIApiInstanceName", "azureOpenAIApiDeploymentName", "azureOpenAIApiVersion",
  "azureOpenAIBasePath", "azureOpenAIEndpoint", "azureADTokenProvider", "azureOpenAIApiEmbeddingsDeploymentName",
  "azureOpenAIApiCompletionsDeploymentName", "openAIApiVersion", "openAIBasePath", "deploymentName",
] as const;

/** `@langchain/openai` fields this package does not support, each with why and what to do instead. */
const UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(AZURE_FIELDS.map((name) => [name, AZURE_NOT_SUPPORTED])),
  // Neither @langchain/openai's AzureChatOpenAI reads these (they name the deployments of its embeddings and legacy
  // completions classes, or an old base path), nor does ours: refused rather than ignored.
  openAIBasePath: "@langchain/openai's AzureChatOpenAI does not read it either. Pass azureOpenAIBasePath (AzureChatOpenAI), or baseURL.",
  azureOpenAIApiEmbeddingsDeploymentName:
    "It names the deployment of an embeddings model, which a chat model does not use. Pass azureOpenAIApiDeploymentName (AzureChatOpenAI).",
  azureOpenAIApiCompletionsDeploymentName:
    "It names the deployment of a legacy completions model, which a chat model does not use. Pass azureOpenAIApiDeploymentName (AzureChatOpenAI).",
  clientConfig:
    "In @langchain/openai it is the client options the model derives from `configuration`, not a constructor field " +
    "(it is ignored there too). Pass SDK client options as `configuration: { ... }`.",
  __includeRawResponse:
    "Messages do not carry the raw response. Read response_metadata (model_name, request_id, system_fingerprint, " +
    "service_tier, tokenUsage) instead, or call the openai SDK directly for the raw body.",
  prefixMessages:
    "@langchain/openai's ChatOpenAI ignores it as well. Put those messages at the start of the input instead.",
  completions: "It is @langchain/openai's internal Chat Completions delegate; this ChatOpenAI has none. Remove it.",
  responses: "It is @langchain/openai's internal Responses API delegate; this ChatOpenAI has none. Set useResponsesApi: true to use the Responses API.",
};

const FIELD_NAMES: readonly string[] = Object.keys(CHAT_OPENAI_FIELDS);

/**
 * Checks constructor fields before anything else reads them, so that nothing given is silently ignored: an unknown
 * name throws an UnknownOptionError (with the closest known name as a "did you mean" hint), a `@langchain/openai` field
 * this package does not support throws an UnsupportedOptionError saying so, and so do values only the Responses API
 * could honour (`reasoning.summary` with `useResponsesApi: false`). A value the API would refuse (`temperature: 99`, a
 * NaN, an empty model, a BigInt in `modelKwargs`) throws an InvalidOptionError (see checkFieldValues). Fields set to
 * `undefined` count as not given.
 * `additionalNames` are the fields a subclass reads itself.
 *
 * @example
 * checkChatOpenAIFields({ model: "gpt-4o", temprature: 0 }, []);
 * // throws UnknownOptionError: "new ChatOpenAI() got an unknown field `temprature`; did you mean `temperature`? …"
 */
export function checkChatOpenAIFields(fields: object, additionalNames: readonly string[]): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || additionalNames.includes(name)) continue;
    if (Object.hasOwn(CHAT_OPENAI_FIELDS, name)) {
      // Unless useResponsesApi is false, a reasoning member only the Responses API honours sends calls there.
      if (!(name === "reasoning" && (fields as { useResponsesApi?: unknown }).useResponsesApi !== false)) checkKnownOption(name, value, "field");
      continue;
    }
    const unsupported = UNSUPPORTED_FIELDS[name];
    if (unsupported !== undefined) {
      throw new UnsupportedOptionError(`The field \`${name}\` is not supported by @tessera/openai's ChatOpenAI. ${unsupported}`, { option: name });
    }
    throw unknownFieldError(name, additionalNames);
  }
  checkFieldValues(fields as Record<string, unknown>);
  const { zdrEnabled, modelKwargs, store } = fields as { zdrEnabled?: unknown; modelKwargs?: { store?: unknown }; store?: unknown };
  checkPreviousResponseFields(fields as Record<string, unknown>);
  for (const [name, value] of [["modelKwargs.store", modelKwargs?.store], ["store", store]] as const) {
    if (zdrEnabled === true && value === true) {
      throw new ConfigurationError(
        `zdrEnabled: true conflicts with ${name}: true (stored completions are not allowed with Zero Data ` +
          "Retention). Remove one of them.",
      );
    }
  }
}

// usePreviousResponseId needs stored responses on the Responses API: refused at construction with settings that
// forbid either (a call option of the same name is checked per call, see selectPreviousResponse).
function checkPreviousResponseFields(fields: Record<string, unknown>): void {
  if (fields.usePreviousResponseId !== true) return;
  const conflict = fields.zdrEnabled === true ? "zdrEnabled: true" : fields.store === false ? "store: false" : fields.useResponsesApi === false ? "useResponsesApi: false" : undefined;
  if (conflict === undefined) return;
  const why = conflict === "useResponsesApi: false" ? "Chat Completions has no previous_response_id" : "nothing is stored to continue from";
  throw new UnsupportedOptionError(`usePreviousResponseId: true conflicts with ${conflict} (${why}). Remove one of them.`, { option: "usePreviousResponseId" });
}

function unknownFieldError(name: string, additionalNames: readonly string[]): UnknownOptionError {
  const callOption = Object.keys(CHAT_OPENAI_CALL_OPTIONS).find((option) => isSameName(name, option));
  if (callOption !== undefined) {
    return new UnknownOptionError(
      `\`${name}\` is a call option, not a constructor field. Pass it per call (llm.invoke(input, { ${callOption} })) ` +
        `or bind it (llm.withConfig({ ${callOption} }), or bindTools for tools).`,
      { option: name },
    );
  }
  const suggestion = findClosestName(name, [...FIELD_NAMES, ...additionalNames]);
  const hint = suggestion === undefined ? "" : ` Did you mean \`${suggestion}\`?`;
  return new UnknownOptionError(
    `new ChatOpenAI() got an unknown field \`${name}\`.${hint} Unknown fields are refused rather than ignored; ` +
      "request-body keys without a ChatOpenAI field go in `modelKwargs`.",
    { option: name, ...(suggestion === undefined ? {} : { suggestion }) },
  );
}
