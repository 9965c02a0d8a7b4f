// core's `contentBlocks` of a message whose `response_metadata.model_provider` is "openai" come from the "openai" entry of
// core's translator registry (`globalThis.lc_block_translators_registry`, in @langchain/core 1.0 and 1.4 alike). For
// Chat Completions messages it reads the text, the tool calls and the refusal, but not `additional_kwargs.reasoning_content`
// (the chain of thought DeepSeek, vLLM and OpenRouter send), which core's own "deepseek" translator does read. This adds
// that one thing, once per process and only after a message with reasoning was converted, so that OpenAI-only use never
// touches the registry. Internal: never exported from the package.

type Block = { type: string; [key: string]: unknown };
type Translate = (message: { content: unknown; additional_kwargs?: Record<string, unknown> }) => Block[];
interface Translator {
  translateContent: Translate;
  translateContentChunk: Translate;
}

// Shared by every copy of this package in the process, so the translator is wrapped once.
const WRAPPED = Symbol.for("tessera.openai.reasoningContentBlocks");
let done = false;

/**
 * Makes `message.contentBlocks` of Chat Completions messages start with a `{ type: "reasoning", reasoning }` block when
 * `additional_kwargs.reasoning_content` holds text and the blocks have none; everything else is core's own translation.
 * Idempotent and cheap after the first call.
 *
 * @example
 * ensureReasoningContentBlocks();
 * new AIMessage({ content: "3", additional_kwargs: { reasoning_content: "s-t-r…" }, response_metadata: { model_provider: "openai" } }).contentBlocks;
 * // [{ type: "reasoning", reasoning: "s-t-r…" }, { type: "text", text: "3" }]
 */
export function ensureReasoningContentBlocks(): void {
  if (done) return;
  done = true;
  const registry = (globalThis as { lc_block_translators_registry?: Map<string, Translator & { [WRAPPED]?: true }> }).lc_block_translators_registry;
  const original = registry?.get("openai");
  if (registry === undefined || original === undefined || original[WRAPPED]) return;
  registry.set("openai", {
    ...original,
    translateContent: withReasoning(original.translateContent.bind(original)),
    translateContentChunk: withReasoning(original.translateContentChunk.bind(original)),
    [WRAPPED]: true,
  });
}

function withReasoning(translate: Translate): Translate {
  return (message) => {
    const blocks = translate(message);
    const reasoning = message.additional_kwargs?.reasoning_content;
    // Array content is the Responses API's (or v1) shape, which carries its own reasoning blocks.
    if (typeof message.content !== "string" || typeof reasoning !== "string" || reasoning === "") return blocks;
    return blocks.some((block) => block.type === "reasoning") ? blocks : [{ type: "reasoning", reasoning }, ...blocks];
  };
}
