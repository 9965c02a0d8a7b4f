/**
 * Offline prompt-token counting for OpenAI chat models (docs/token-counting.md).
 *
 * @packageDocumentation
 * @module @tessera/openai-tokens
 */
export { encodingForModel } from "./encoding-for-model.js";
export type { EncodingName, ModelEncoding } from "./encoding-for-model.js";
export { loadEncoding } from "./load-encoding.js";
export { countTextTokens, countTextTokensWith } from "./count-text-tokens.js";
export { encodeTextTokensWith } from "./encode-text-tokens.js";
export type { SpecialTokenHandling } from "./encode-text-tokens.js";
export { countChatPromptTokens, countMessageTokens, toolCallNames } from "./count-chat-prompt-tokens.js";
export { countResponsesPromptTokens } from "./count-responses-prompt-tokens.js";
export type {
  MessageCountOptions,
  PromptContentPart,
  PromptMessage,
  PromptRequest,
  PromptTokenCount,
  PromptToolCall,
} from "./count-chat-prompt-tokens.js";
export {
  countReasoningPromptTokens,
  harmonyDialectForModel,
  renderHarmonyResponseFormat,
  renderHarmonyToolsSection,
  renderHarmonyTypeScript,
} from "./reasoning-prompt.js";
export type { HarmonyDialect, PlainMessageCounter, ReasoningPromptCount, ReasoningPromptRequest } from "./reasoning-prompt.js";
export {
  countToolDefinitionTokens,
  functionDefinitionsOf,
  renderFunctionsNamespace,
  usesLegacyFunctionTemplate,
} from "./tool-definitions.js";
export type {
  FunctionCallChoice,
  FunctionDefinition,
  ToolChoice,
  ToolDefinition,
  RenderFunctionsOptions,
  ToolDefinitionsRequest,
  ToolJsonSchema,
} from "./tool-definitions.js";
export {
  countImagePatches,
  countImageTiles,
  countImageTokens,
  imageSizeFromDataUrl,
  imageTokenRuleForModel,
} from "./image-tokens.js";
export type { ImageDetail, ImageSize, ImageTokenRule } from "./image-tokens.js";
export { countResponseFormatTokens, renderResponseFormatSection } from "./response-format.js";
export type { JsonSchemaFormat, ResponseFormat, ResponseFormatRequest } from "./response-format.js";
export { contextWindowForModel } from "./context-window.js";
export type { ModelLimits } from "./context-window.js";
