import type { EncodingName } from "@tessera/openai-tokens";

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
}

// Snapshots, windows and output limits from OpenAI's model pages (platform.openai.com/docs/models), 2024-2026.
const MODEL_TABLE: ModelProfile[] = [
  { id: "gpt-4o", snapshot: "gpt-4o-2024-08-06", created: 1715367049, ownedBy: "system", encoding: "o200k_base", contextWindow: 128000, maxOutputTokens: 16384, reasoning: false },
  { id: "gpt-4o-mini", snapshot: "gpt-4o-mini-2024-07-18", created: 1721172741, ownedBy: "system", encoding: "o200k_base", contextWindow: 128000, maxOutputTokens: 16384, reasoning: false },
  { id: "gpt-4.1", snapshot: "gpt-4.1-2025-04-14", created: 1744316542, ownedBy: "system", encoding: "o200k_base", contextWindow: 1047576, maxOutputTokens: 32768, reasoning: false },
  { id: "gpt-4.1-mini", snapshot: "gpt-4.1-mini-2025-04-14", created: 1744318173, ownedBy: "system", encoding: "o200k_base", contextWindow: 1047576, maxOutputTokens: 32768, reasoning: false },
  { id: "gpt-4.1-nano", snapshot: "gpt-4.1-nano-2025-04-14", created: 1744321025, ownedBy: "system", encoding: "o200k_base", contextWindow: 1047576, maxOutputTokens: 32768, reasoning: false },
  { id: "gpt-5", snapshot: "gpt-5-2025-08-07", created: 1754425777, ownedBy: "system", encoding: "o200k_base", contextWindow: 400000, maxOutputTokens: 128000, reasoning: true },
  { id: "gpt-5-mini", snapshot: "gpt-5-mini-2025-08-07", created: 1754425867, ownedBy: "system", encoding: "o200k_base", contextWindow: 400000, maxOutputTokens: 128000, reasoning: true },
  { id: "gpt-5-nano", snapshot: "gpt-5-nano-2025-08-07", created: 1754426303, ownedBy: "system", encoding: "o200k_base", contextWindow: 400000, maxOutputTokens: 128000, reasoning: true },
  { id: "o1", snapshot: "o1-2024-12-17", created: 1734326976, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true },
  { id: "o3", snapshot: "o3-2025-04-16", created: 1744225308, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true },
  { id: "o3-mini", snapshot: "o3-mini-2025-01-31", created: 1737146383, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true },
  { id: "o4-mini", snapshot: "o4-mini-2025-04-16", created: 1744225351, ownedBy: "system", encoding: "o200k_base", contextWindow: 200000, maxOutputTokens: 100000, reasoning: true },
  { id: "gpt-4-turbo", snapshot: "gpt-4-turbo-2024-04-09", created: 1712361441, ownedBy: "system", encoding: "cl100k_base", contextWindow: 128000, maxOutputTokens: 4096, reasoning: false },
  { id: "gpt-4", snapshot: "gpt-4-0613", created: 1687882411, ownedBy: "openai", encoding: "cl100k_base", contextWindow: 8192, maxOutputTokens: 8192, reasoning: false },
  { id: "gpt-3.5-turbo", snapshot: "gpt-3.5-turbo-0125", created: 1677610602, ownedBy: "openai", encoding: "cl100k_base", contextWindow: 16385, maxOutputTokens: 4096, reasoning: false },
];

/** The built-in model table (a copy; pass your own to `createEmulator({ models })` to change it). */
export function builtInModels(): ModelProfile[] {
  return MODEL_TABLE.map((model) => ({ ...model }));
}

/** Looks a requested model up by alias, by dated snapshot, or as a fine-tuned `ft:BASE:…` of a known base. */
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
