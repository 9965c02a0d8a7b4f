/** A model's limits: the context window (prompt + completion) and the most tokens one completion may have. */
export interface ModelLimits {
  contextWindow: number;
  maxOutputTokens: number;
}

// By name prefix; longer prefixes win, and a digit right after a prefix means another family ("o10", "gpt-40").
// Sources: OpenAI's model pages (platform.openai.com/docs/models/<model>, "context window" and "max output tokens"):
// gpt-4o, gpt-4o-mini, chatgpt-4o-latest, gpt-4.1, gpt-4.5-preview, gpt-5, gpt-5-chat-latest, o1, o1-mini,
// o1-preview, o3, o3-mini, o4-mini, gpt-4-turbo (and its 1106/0125 previews), gpt-4, gpt-4-32k, gpt-3.5-turbo.
const LIMITS: ReadonlyArray<readonly [string, ModelLimits]> = (
  [
    ["gpt-4o", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
    ["chatgpt-4o", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
    ["gpt-4.1", { contextWindow: 1_047_576, maxOutputTokens: 32_768 }],
    ["gpt-4.5", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
    ["gpt-5", { contextWindow: 400_000, maxOutputTokens: 128_000 }],
    ["gpt-5-chat", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
    ["o1", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
    ["o1-mini", { contextWindow: 128_000, maxOutputTokens: 65_536 }],
    ["o1-preview", { contextWindow: 128_000, maxOutputTokens: 32_768 }],
    ["o3", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
    ["o4-mini", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
    ["gpt-4-turbo", { contextWindow: 128_000, maxOutputTokens: 4_096 }],
    ["gpt-4-1106", { contextWindow: 128_000, maxOutputTokens: 4_096 }],
    ["gpt-4-0125", { contextWindow: 128_000, maxOutputTokens: 4_096 }],
    ["gpt-4-32k", { contextWindow: 32_768, maxOutputTokens: 32_768 }],
    ["gpt-4", { contextWindow: 8_192, maxOutputTokens: 8_192 }],
    ["gpt-3.5-turbo", { contextWindow: 16_385, maxOutputTokens: 4_096 }],
    ["gpt-35-turbo", { contextWindow: 16_385, maxOutputTokens: 4_096 }], // Azure deployment spelling
    // The completions models (platform.openai.com/docs/models/gpt-3-5-turbo-instruct, /davinci-002, /babbage-002):
    // the instruct model has a 4,096-token window, not gpt-3.5-turbo's.
    ["gpt-3.5-turbo-instruct", { contextWindow: 4_096, maxOutputTokens: 4_096 }],
    ["davinci-002", { contextWindow: 16_384, maxOutputTokens: 16_384 }],
    ["babbage-002", { contextWindow: 16_384, maxOutputTokens: 16_384 }],
  ] as Array<readonly [string, ModelLimits]>
).sort((left, right) => right[0].length - left[0].length);

/**
 * The context window and maximum output tokens of an OpenAI model, by name prefix (dated snapshots and fine-tuned
 * `ft:BASE:...` names use their base model). `undefined` for models it does not know.
 *
 * @example
 * contextWindowForModel("gpt-4o-mini-2024-07-18"); // { contextWindow: 128000, maxOutputTokens: 16384 }
 * contextWindowForModel("ft:gpt-4.1-mini:acme::x1"); // { contextWindow: 1047576, maxOutputTokens: 32768 }
 * contextWindowForModel("llama-3-70b"); // undefined
 */
export function contextWindowForModel(model: string): ModelLimits | undefined {
  const base = (model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model).toLowerCase();
  for (const [prefix, limits] of LIMITS) {
    if (base.startsWith(prefix) && !/^\d/.test(base.slice(prefix.length))) return { ...limits };
  }
  return undefined;
}
