// What a model can do, as LangChain's `ModelProfile` (core >= 1.1) describes it; langchain's createAgent reads
// `profile.structuredOutput` to choose native structured output over its tool strategy, as @langchain/openai allows.

import { MODEL_PROFILES } from "./model-profiles-data.js";

/**
 * A model's capabilities, in the shape of `ModelProfile` from `@langchain/core/language_models/profile` (declared here
 * so the package works on core 1.0, which has no such module). Unknown capabilities are left out.
 *
 * @example
 * const profile: ChatOpenAIModelProfile = { maxInputTokens: 128000, toolCalling: true, structuredOutput: true };
 */
export interface ChatOpenAIModelProfile {
  maxInputTokens?: number;
  maxOutputTokens?: number;
  imageInputs?: boolean;
  imageUrlInputs?: boolean;
  pdfInputs?: boolean;
  audioInputs?: boolean;
  videoInputs?: boolean;
  imageToolMessage?: boolean;
  pdfToolMessage?: boolean;
  reasoningOutput?: boolean;
  imageOutputs?: boolean;
  audioOutputs?: boolean;
  videoOutputs?: boolean;
  toolCalling?: boolean;
  toolChoice?: boolean;
  structuredOutput?: boolean;
}

/**
 * The profile of a model id: its own entry, else that of the model it is a dated snapshot of (`gpt-4o-mini-2024-07-18`
 * is `gpt-4o-mini`) or fine-tuned from (`ft:gpt-4.1-mini:acme::x1`); `{}` for a model it does not know (a model on
 * another server, say), as with @langchain/openai.
 *
 * @example
 * modelProfile("gpt-4o-mini-2024-07-18").structuredOutput; // true
 * modelProfile("llama-3.1-8b"); // {}
 */
export function modelProfile(model: string): ChatOpenAIModelProfile {
  const base = model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model;
  const profile = lookup(base) ?? lookup(base.replace(/-\d{4}-\d{2}-\d{2}$/u, ""));
  return profile ? { ...profile } : {};
}

function lookup(model: string): ChatOpenAIModelProfile | undefined {
  return Object.hasOwn(MODEL_PROFILES, model) ? MODEL_PROFILES[model] : undefined;
}
