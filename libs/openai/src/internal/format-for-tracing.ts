import { type BaseMessage, convertToOpenAIImageBlock, isBase64ContentBlock, isURLContentBlock } from "@langchain/core/messages";

/**
 * The messages a chat-model run reports to `handleChatModelStart`, as core reports them (its `_formatForTracing`,
 * which core does not export): standard URL and base64 image blocks become OpenAI `image_url` blocks; every other
 * message is passed as it is.
 *
 * @example
 * await callbackManager.handleChatModelStart(llm.toJSON(), [formatMessagesForTracing(messages)]);
 */
export function formatMessagesForTracing(messages: BaseMessage[]): BaseMessage[] {
  return messages.map((message) => {
    if (!Array.isArray(message.content)) return message;
    const content = message.content;
    let traced = message;
    for (const [index, block] of content.entries()) {
      if (!isURLContentBlock(block) && !isBase64ContentBlock(block)) continue;
      // As core does: the first image block is converted and the others kept, in one new message of the same class.
      if (traced === message) {
        const Message = message.constructor as new (fields: Record<string, unknown>) => BaseMessage;
        traced = new Message({ ...message, content: [...content.slice(0, index), convertToOpenAIImageBlock(block), ...content.slice(index + 1)] });
      }
    }
    return traced;
  });
}
