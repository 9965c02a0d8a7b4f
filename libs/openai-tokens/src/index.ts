export { encodingForModel } from "./encoding-for-model.js";
export type { EncodingName, ModelEncoding } from "./encoding-for-model.js";
export { loadEncoding } from "./load-encoding.js";
export { countChatPromptTokens, countMessageTokens } from "./count-chat-prompt-tokens.js";
export type { PromptMessage, PromptContentPart, PromptTokenCount } from "./count-chat-prompt-tokens.js";
