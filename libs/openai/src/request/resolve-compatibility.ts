import { ConfigurationError } from "../errors/errors.js";

/**
 * Which server ChatOpenAI talks to, as far as the request is concerned. `"openai"`: OpenAI's own API (or Azure
 * OpenAI), which knows every key this package may add by default. `"compatible"`: another server speaking the
 * protocol (vLLM, Ollama, DeepSeek, OpenRouter, Groq, LiteLLM, …), which may refuse the newer keys; what this package
 * adds or renames by default then adapts (see docs/compatible-servers.md), while what you set is still sent.
 *
 * @example
 * new ChatOpenAI({ baseURL: "http://localhost:8000/v1", compatibility: "openai" }); // a proxy in front of OpenAI
 */
export type ChatOpenAICompatibility = "openai" | "compatible";

// The official API, and Azure OpenAI's resource hosts (its deployments are OpenAI's models and know OpenAI's keys).
const OPENAI_HOSTS = [/^api\.openai\.com$/u, /\.openai\.azure\.com$/u, /\.cognitiveservices\.azure\.com$/u];

/**
 * Infers the compatibility from the resolved base URL: unset, the official host (`api.openai.com`) or an Azure OpenAI
 * resource is `"openai"`; anything else, a local address included (Ollama and vLLM run there too), is `"compatible"`.
 * A URL that does not parse is `"compatible"` (the SDK will refuse it anyway).
 *
 * @example
 * inferCompatibility(undefined); // "openai"
 * inferCompatibility("http://localhost:11434/v1"); // "compatible"
 */
export function inferCompatibility(baseURL: string | undefined): ChatOpenAICompatibility {
  if (baseURL === undefined) return "openai";
  let host: string;
  try {
    host = new URL(baseURL.trim()).hostname.toLowerCase();
  } catch {
    return "compatible";
  }
  return OPENAI_HOSTS.some((pattern) => pattern.test(host)) ? "openai" : "compatible";
}

/**
 * The compatibility a model uses: the field when set (checked: anything but `"openai"` or `"compatible"` is a
 * ConfigurationError naming both), else inferred from the resolved base URL (see {@link inferCompatibility}).
 *
 * @example
 * resolveCompatibility(undefined, "https://api.deepseek.com/v1"); // "compatible"
 * resolveCompatibility("openai", "http://localhost:4000/v1"); // "openai" (a LiteLLM proxy in front of OpenAI)
 */
export function resolveCompatibility(field: unknown, baseURL: string | undefined): ChatOpenAICompatibility {
  if (field === undefined) return inferCompatibility(baseURL);
  if (field === "openai" || field === "compatible") return field;
  throw new ConfigurationError(
    `compatibility must be "openai" (OpenAI's API, or a proxy that forwards to it) or "compatible" (another OpenAI-compatible server), not ${JSON.stringify(field)}.`,
  );
}
