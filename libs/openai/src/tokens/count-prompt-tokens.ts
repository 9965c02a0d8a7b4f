import type { BaseMessage } from "@langchain/core/messages";
import { countChatPromptTokens, countResponsesPromptTokens, encodingForModel, type EncodingName, type PromptMessage } from "@tessera/openai-tokens";
import type OpenAI from "openai";
import type { ChatOpenAIToolType } from "../chat-openai-fields.js";
import { convertToOpenAIMessages } from "../messages/convert-to-openai-messages.js";
import { convertToolChoice, customToolNames, toolNames } from "../tools/convert-tool-choice.js";
import { convertToOpenAITools } from "../tools/convert-to-openai-tools.js";
import type { ToolChoice } from "@langchain/core/language_models/chat_models";

/** What {@link countPromptTokens} counts: a request as LangChain users hold it. */
export interface CountPromptTokensInput {
  /** The model the request is for; it decides the encoding (o200k_base or cl100k_base). */
  model: string;
  messages: BaseMessage[];
  /** Tools as bindTools takes them; their definitions count toward the prompt. */
  tools?: ChatOpenAIToolType[];
  toolChoice?: ToolChoice;
  /** Strict mode changes the schemas sent, and so their tokens. */
  strict?: boolean;
  /** Overrides the encoding the model name implies. */
  encoding?: EncodingName;
  /** The role SystemMessage is sent as. */
  systemRole?: "system" | "developer";
  /**
   * The API the request goes to: `"responses"` counts the `input_tokens` the Responses API reports (the chat count with
   * its measured differences, see countResponsesPromptTokens); default `"chat"`.
   */
  api?: "chat" | "responses";
}

/** The count of a prompt, as the API will report it. */
export interface PromptTokens {
  /** The `prompt_tokens` the API reports for this request. */
  totalCount: number;
  /** Each message's tokens, framing included. */
  countPerMessage: number[];
  /** The tokens of the tool definitions (0 without tools). */
  toolsCount: number;
  encoding: EncodingName;
}

const warnedModels = new Set<string>();

/**
 * Counts the prompt tokens of a request offline, with the model's encoding and OpenAI's framing rules (messages,
 * names, tool calls in the history, images by the tile formula, tool definitions); see docs/token-counting.md for
 * the rules and how exact each is. The messages and tools are converted exactly as a request would send them. An
 * unknown model is counted with o200k_base, and a warning (`process.emitWarning`) says so once per model name.
 *
 * @example
 * const { totalCount } = await countPromptTokens({ model: "gpt-4o-mini", messages: [new HumanMessage("Hello!")] });
 */
export async function countPromptTokens(input: CountPromptTokensInput): Promise<PromptTokens> {
  const messages = convertToOpenAIMessages(input.messages, { systemRole: input.systemRole });
  const { tools } = convertToOpenAITools(input.tools ?? [], { strict: input.strict, builtInTools: "accept" });
  const toolChoice = tools.length > 0 ? convertToolChoice(input.toolChoice, toolNames(tools), customToolNames(tools)) : undefined;
  if (input.encoding === undefined) warnOnceIfUnknown(input.model);
  const count = input.api === "responses" ? countResponsesPromptTokens : countChatPromptTokens;
  const counted = await count({
    model: input.model,
    messages: messages as PromptMessage[],
    tools: tools.length > 0 ? (tools as OpenAI.ChatCompletionFunctionTool[]) : undefined,
    toolChoice,
    encoding: input.encoding,
  });
  return { totalCount: counted.totalCount, countPerMessage: counted.countPerMessage, toolsCount: counted.toolsCount, encoding: counted.encoding };
}

/**
 * A token counter for `@langchain/core`'s `trimMessages` that counts like the API (framing included), unlike passing
 * the model itself, which counts message contents only.
 *
 * @example
 * const trimmed = await trimMessages(history, { maxTokens: 4000, strategy: "last", tokenCounter: createTokenCounter("gpt-4o") });
 */
export function createTokenCounter(model: string, options: Omit<CountPromptTokensInput, "model" | "messages"> = {}): (messages: BaseMessage[]) => Promise<number> {
  return async (messages) => (await countPromptTokens({ ...options, model, messages })).totalCount;
}

function warnOnceIfUnknown(model: string): void {
  if (encodingForModel(model).known || warnedModels.has(model)) return;
  warnedModels.add(model);
  if (typeof process !== "undefined" && typeof process.emitWarning === "function") {
    process.emitWarning(`Unknown model "${model}": tokens are counted with o200k_base. Pass \`encoding\` to choose.`, { code: "TESSERA_UNKNOWN_MODEL_ENCODING" });
  }
}
