import type { EncodingName } from "@tessera/openai-tokens";
import { createRandom } from "./random.js";
import type { ReasoningEffort } from "./reasoning.js";

/** What a model accepts, beyond `reasoning` (which lives on the profile itself). */
export interface ModelCapabilities {
  /** Served by `POST /v1/chat/completions`; a model without it gets "This is not a chat model…" there. */
  chat: boolean;
  /** Served by the legacy `POST /v1/completions`; a model without it gets "This is a chat model…" there. */
  completions: boolean;
  /** Accepts `tools` and the legacy `functions`. */
  tools: boolean;
  /** Accepts `response_format: {type: "json_schema"}` (Structured Outputs). */
  jsonSchema: boolean;
  /** Accepts `image_url` content parts. */
  vision: boolean;
}

/** What the emulator knows about a model: the facts the real API exposes or enforces. */
export interface ModelProfile {
  /** The alias clients ask for, e.g. `gpt-4o-mini`. */
  id: string;
  /** The dated snapshot the API answers with in `model`, e.g. `gpt-4o-mini-2024-07-18`. */
  snapshot: string;
  /** Unix seconds, as `GET /v1/models` reports. */
  created: number;
  ownedBy: string;
  encoding: EncodingName;
  contextWindow: number;
  maxOutputTokens: number;
  /** Reasoning models (o-series, gpt-5) spend hidden reasoning tokens and refuse sampling parameters. */
  reasoning: boolean;
  /**
   * What the model accepts. Members left out take a chat model's defaults (see {@link modelCapabilities}), so a
   * custom table written before capabilities existed keeps working.
   */
  capabilities?: Partial<ModelCapabilities>;
  /** The `reasoning_effort` values a reasoning model accepts (default: every value the API knows). */
  reasoningEfforts?: readonly ReasoningEffort[];
}

/** A chat model of 2024-2026: chat, tools, Structured Outputs and images. */
const CHAT: ModelCapabilities = { chat: true, completions: false, tools: true, jsonSchema: true, vision: true };
/** o3-mini reads no images. */
const CHAT_TEXT_ONLY: ModelCapabilities = { ...CHAT, vision: false };
/** gpt-4-turbo sees images but predates Structured Outputs. */
const CHAT_NO_SCHEMA: ModelCapabilities = { ...CHAT, jsonSchema: false };
/** gpt-4 (0613) and gpt-3.5-turbo: tools and JSON mode only. */
const CHAT_LEGACY: ModelCapabilities = { ...CHAT, jsonSchema: false, vision: false };
/** The instruct and base models of the legacy Completions API. */
const COMPLETIONS_ONLY: ModelCapabilities = { chat: false, completions: true, tools: false, jsonSchema: false, vision: false };

// gpt-5 added `minimal`; the o-series know three levels (an o3 request with `minimal` is refused).
const GPT5_EFFORTS: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];
const O_SERIES_EFFORTS: readonly ReasoningEffort[] = ["low", "medium", "high"];

// Snapshots, windows and output limits from OpenAI's model pages (platform.openai.com/docs/models), 2024-2026.
// The legacy completion models answer with their own name (they have no dated snapshot) and use cl100k_base
// (tiktoken's model table); davinci-002 and babbage-002 have 16,384-token windows, gpt-3.5-turbo-instruct 4,096.
const MODEL_TABLE: ModelProfile[] = [
  { id: "gpt-4o", snapshot: "gpt-4o-2024-08-06", created: 1715367049, ownedBy: "system", encoding: "o200k_base", contextWindow: 128000, maxOutputTokens: 16384, reasoning: false, capabilities: CHAT },
  { id: "gpt-4o-mini", snapshot: "gpt-4o-mini-2024-07-18", created: 1721172741, ownedBy: "system", encoding: "o200k_base", contextWindow: 128000, maxOutputTokens: 16384, reasoning: false, capabilities: CHAT },
  { id: "gpt-4.1", snapshot: "gpt-4.1-2025-04-14", created: 1744316542, ownedBy: "system", encoding: "o200k_base", contextWindow: 1047576, maxOutputTokens: 32768, reasoning: false, capabilities: CHAT },
  { id: "gpt-4.1-mini", snapshot: "gpt-4.1-mini-2025-04-14", created: 1744318173, ownedBy: "system", encoding: "o200k_base", contextWindow: 1047576, maxOutputTokens: 32768, reasoning: false, capabilities: CHAT },
  { id: "gpt-4.1-nano", snapshot: "gpt-4.1-nano-2025-04-14", created: 1744321025, ownedBy: "system", encoding: "o200k_base", contextWindow: 1047576, maxOutputTokens: 32768, reasoning: false, capabilities: CHAT },
  { id: "gpt-5", snapshot: "gpt-5-2025-08-07", created: 1754425777, ownedBy: "system", encoding: "o200k_base", contextWindow: 400000, maxOutputTokens: 128000, reasoning: true, capabilities: CHAT, reasoningEfforts: GPT5_EFFORTS },
  { id: "gpt-5-mini", snapshot: "gpt-5-mini-2025-08-07", created: 1754425867, ownedBy: "system", encoding: "o200k_base", contextWindow: 400000, maxOutputTokens: 128000, reasoning: true, capabilities: CHAT, reasoningEfforts: GPT5_EFFORTS },
  { id: "gpt-5-nano", snapshot: "gpt-5-nano-2025-08-07", created: 1754426303, ownedBy: "system", encoding: "o200k_base", contextWindow: 400000, maxOutputTokens: 128000, reasoning: true, capabilities: CHAT, reasoningEfforts: GPT5_EFFORTS },
  { id: "o1", snapshot: "o1-2024-12-17", created: 1734326976, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true, capabilities: CHAT, reasoningEfforts: O_SERIES_EFFORTS },
  { id: "o3", snapshot: "o3-2025-04-16", created: 1744225308, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true, capabilities: CHAT, reasoningEfforts: O_SERIES_EFFORTS },
  { id: "o3-mini", snapshot: "o3-mini-2025-01-31", created: 1737146383, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true, capabilities: CHAT_TEXT_ONLY, reasoningEfforts: O_SERIES_EFFORTS },
  { id: "o4-mini", snapshot: "o4-mini-2025-04-16", created: 1744225351, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true, capabilities: CHAT, reasoningEfforts: O_SERIES_EFFORTS },
  { id: "gpt-4-turbo", snapshot: "gpt-4-turbo-2024-04-09", created: 1712361441, ownedBy: "system", encoding: "cl100k_base", contextWindow: 128000, maxOutputTokens: 4096, reasoning: false, capabilities: CHAT_NO_SCHEMA },
  { id: "gpt-4", snapshot: "gpt-4-0613", created: 1687882411, ownedBy: "openai", encoding: "cl100k_base", contextWindow: 8192, maxOutputTokens: 8192, reasoning: false, capabilities: CHAT_LEGACY },
  { id: "gpt-3.5-turbo", snapshot: "gpt-3.5-turbo-0125", created: 1677610602, ownedBy: "openai", encoding: "cl100k_base", contextWindow: 16385, maxOutputTokens: 4096, reasoning: false, capabilities: CHAT_LEGACY },
  { id: "gpt-3.5-turbo-instruct", snapshot: "gpt-3.5-turbo-instruct", created: 1692901427, ownedBy: "system", encoding: "cl100k_base", contextWindow: 4096, maxOutputTokens: 4096, reasoning: false, capabilities: COMPLETIONS_ONLY },
  { id: "davinci-002", snapshot: "davinci-002", created: 1692634301, ownedBy: "system", encoding: "cl100k_base", contextWindow: 16384, maxOutputTokens: 16384, reasoning: false, capabilities: COMPLETIONS_ONLY },
  { id: "babbage-002", snapshot: "babbage-002", created: 1692634615, ownedBy: "system", encoding: "cl100k_base", contextWindow: 16384, maxOutputTokens: 16384, reasoning: false, capabilities: COMPLETIONS_ONLY },
];

/**
 * The `system_fingerprint` a model answers with: fixed per snapshot, as the real API's is per backend configuration.
 *
 * @example
 * systemFingerprint(model); // "fp_" + 10 hex digits, the same for every request to this snapshot
 */
export function systemFingerprint(model: ModelProfile): string {
  const random = createRandom(`fingerprint:${model.snapshot}`);
  let hex = "";
  for (let index = 0; index < 10; index++) hex += random.int(0, 15).toString(16);
  return `fp_${hex}`;
}

/**
 * The built-in model table (a copy; pass your own to `createEmulator({ models })` to change it).
 *
 * @example
 * const models = builtInModels().filter((model) => model.id !== "gpt-4");
 * const emulator = createEmulator({ models });
 */
export function builtInModels(): ModelProfile[] {
  return MODEL_TABLE.map((model) => ({
    ...model,
    ...(model.capabilities && { capabilities: { ...model.capabilities } }),
    ...(model.reasoningEfforts && { reasoningEfforts: [...model.reasoningEfforts] }),
  }));
}

/**
 * A model's capabilities with the defaults filled in: a profile without `capabilities` is a chat model with tools,
 * Structured Outputs and images, and no legacy completions.
 *
 * @example
 * modelCapabilities(findModel(builtInModels(), "gpt-3.5-turbo-instruct")!); // { chat: false, completions: true, … }
 * modelCapabilities({ ...profile, capabilities: undefined }).chat; // true
 */
export function modelCapabilities(model: ModelProfile): ModelCapabilities {
  return { ...CHAT, ...model.capabilities };
}

/**
 * Looks a requested model up by alias, by dated snapshot, or as a fine-tuned `ft:BASE:…` of a known base.
 *
 * @example
 * findModel(builtInModels(), "gpt-4o-mini-2024-07-18")?.id; // "gpt-4o-mini"
 * findModel(builtInModels(), "ft:davinci-002:acme::x1")?.snapshot; // "ft:davinci-002:acme::x1"
 */
export function findModel(models: ReadonlyArray<ModelProfile>, requested: string): ModelProfile | undefined {
  const direct = models.find((model) => model.id === requested || model.snapshot === requested);
  if (direct) return direct;
  if (requested.startsWith("ft:")) {
    const base = findModel(models, requested.split(":")[1] ?? "");
    // A fine-tuned model answers with its own full name.
    return base && { ...base, id: requested, snapshot: requested };
  }
  return undefined;
}
