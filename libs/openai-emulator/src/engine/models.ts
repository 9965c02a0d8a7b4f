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
  /** Accepts `input_audio` content parts (the audio-preview and gpt-audio models). */
  audioInput: boolean;
  /** Accepts `web_search_options` (the search models, which search on every request). */
  webSearch: boolean;
  /**
   * Accepts `stop`. Default: models that do not reason do; reasoning models refuse it, except where a recording
   * shows otherwise (o3-mini answered 200 in 2025-06; gpt-5.5 and later accept it).
   */
  stop: boolean;
  /** Legacy completions: accepts `echo` together with `logprobs` (gpt-3.5-turbo-instruct does not). */
  echoWithLogprobs: boolean;
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
const CHAT: ModelCapabilities = {
  chat: true,
  completions: false,
  tools: true,
  jsonSchema: true,
  vision: true,
  audioInput: false,
  webSearch: false,
  stop: true,
  echoWithLogprobs: true,
};
/** o3-mini reads no images. */
const CHAT_TEXT_ONLY: ModelCapabilities = { ...CHAT, vision: false };
/** gpt-4-turbo sees images but predates Structured Outputs. */
const CHAT_NO_SCHEMA: ModelCapabilities = { ...CHAT, jsonSchema: false };
/** gpt-4 (0613), the gpt-4 previews and gpt-3.5-turbo: tools and JSON mode only. */
const CHAT_LEGACY: ModelCapabilities = { ...CHAT, jsonSchema: false, vision: false };
/** Reasoning models refuse `stop` (captured for gpt-5, gpt-5-mini and gpt-5.2), unless listed otherwise below. */
const CHAT_REASONING: ModelCapabilities = { ...CHAT, stop: false };
/** o1-mini and o1-preview: no tools ("tools is not supported in this model", Azure SDK test notes), no images. */
const CHAT_EARLY_REASONING: ModelCapabilities = { ...CHAT_REASONING, tools: false, jsonSchema: false, vision: false };
/** chatgpt-4o-latest and gpt-5-chat-latest: the ChatGPT model, without function calling or Structured Outputs. */
const CHAT_LATEST: ModelCapabilities = { ...CHAT, tools: false, jsonSchema: false };
/** The audio models hear `input_audio` but see no images and have no Structured Outputs. */
const CHAT_AUDIO: ModelCapabilities = { ...CHAT, vision: false, jsonSchema: false, audioInput: true };
/**
 * The search models take `web_search_options` and refuse tools (recorded 2026: gpt-4o-search-preview with `tools`
 * answered 404 "tools is not supported in this model").
 */
const CHAT_SEARCH: ModelCapabilities = { ...CHAT, tools: false, vision: false, webSearch: true };
/** The instruct and base models of the legacy Completions API. */
const COMPLETIONS_ONLY: ModelCapabilities = { ...CHAT, chat: false, completions: true, tools: false, jsonSchema: false, vision: false };

// gpt-5 added `minimal`; the o-series know three levels (an o3 request with `minimal` is refused); gpt-5.1 replaced
// `minimal` with `none`, and gpt-5.2 added `xhigh`.
const GPT5_EFFORTS: readonly ReasoningEffort[] = ["minimal", "low", "medium", "high"];
const O_SERIES_EFFORTS: readonly ReasoningEffort[] = ["low", "medium", "high"];
const GPT51_EFFORTS: readonly ReasoningEffort[] = ["none", "low", "medium", "high"];
const GPT52_EFFORTS: readonly ReasoningEffort[] = ["none", "low", "medium", "high", "xhigh"];

type Family = Omit<ModelProfile, "id" | "snapshot" | "created">;

const O200K_CHAT: Family = { ownedBy: "system", encoding: "o200k_base", contextWindow: 128000, maxOutputTokens: 16384, reasoning: false, capabilities: CHAT };
const GPT41: Family = { ...O200K_CHAT, contextWindow: 1047576, maxOutputTokens: 32768 };
const GPT5: Family = {
  ...O200K_CHAT,
  contextWindow: 400000,
  maxOutputTokens: 128000,
  reasoning: true,
  capabilities: CHAT_REASONING,
  reasoningEfforts: GPT5_EFFORTS,
};
const GPT51: Family = { ...GPT5, reasoningEfforts: GPT51_EFFORTS };
const GPT52: Family = { ...GPT5, reasoningEfforts: GPT52_EFFORTS };
// gpt-5.4's window as model catalogues list it (1,050,000); gpt-5.5 and later are assumed alike. not confirmed
const GPT54: Family = { ...GPT52, contextWindow: 1050000 };
// litellm#28650 (2026-05): gpt-5.5 and later accept `stop`, which gpt-5 to gpt-5.4 refuse (smolagents#1671, #1893).
const GPT55: Family = { ...GPT54, capabilities: { ...CHAT, stop: true } };
const O_SERIES: Family = { ...GPT5, contextWindow: 200000, maxOutputTokens: 100000, reasoningEfforts: O_SERIES_EFFORTS };
const CHAT_LATEST_FAMILY: Family = { ...O200K_CHAT, capabilities: CHAT_LATEST };
const AUDIO: Family = { ...O200K_CHAT, capabilities: CHAT_AUDIO };
const SEARCH: Family = { ...O200K_CHAT, capabilities: CHAT_SEARCH };
const GPT4_PREVIEW: Family = { ...O200K_CHAT, encoding: "cl100k_base", maxOutputTokens: 4096, capabilities: CHAT_LEGACY };
const LEGACY_COMPLETION: Family = { ownedBy: "system", encoding: "cl100k_base", contextWindow: 4096, maxOutputTokens: 4096, reasoning: false, capabilities: COMPLETIONS_ONLY };

/** Unix seconds at 00:00 UTC of a snapshot's date, for models whose `created` was not captured. */
function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}

function model(id: string, snapshot: string, created: number, family: Family): ModelProfile {
  return { id, snapshot, created, ...family };
}

// Names: every chat model of the SDK's `ChatModel` type (openai 7.57) that the Chat Completions API served in
// 2025-2026, which covers every model named by the recorded requests and responses of the truth set
// (libs/openai-tokens/src/__fixtures__/truth-set). Left out: the Responses-only models (gpt-5.1-codex, gpt-5.2-pro,
// codex-mini-latest) and the ones retired before 2025 (gpt-4-32k, gpt-4-vision-preview, gpt-3.5-turbo-0301/0613).
// `created`: a real `GET /v1/models` answer of 2025-06-09 where it lists the model, else the snapshot's date.
// Windows and output limits: OpenAI's model pages (platform.openai.com/docs/models). Dated snapshots that an alias
// no longer answers with are models of their own (the API lists them and serves them by that name).
const MODEL_TABLE: ModelProfile[] = [
  model("gpt-4o", "gpt-4o-2024-08-06", 1715367049, O200K_CHAT),
  model("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", 1715368132, { ...O200K_CHAT, maxOutputTokens: 4096 }),
  model("gpt-4o-2024-11-20", "gpt-4o-2024-11-20", 1739331543, O200K_CHAT),
  model("chatgpt-4o-latest", "chatgpt-4o-latest", 1723515131, CHAT_LATEST_FAMILY),
  model("gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1721172741, O200K_CHAT),
  model("gpt-4o-audio-preview", "gpt-4o-audio-preview-2025-06-03", 1727460443, AUDIO),
  model("gpt-4o-audio-preview-2024-10-01", "gpt-4o-audio-preview-2024-10-01", 1727389042, AUDIO),
  model("gpt-4o-audio-preview-2024-12-17", "gpt-4o-audio-preview-2024-12-17", 1734034239, AUDIO),
  model("gpt-4o-mini-audio-preview", "gpt-4o-mini-audio-preview-2024-12-17", 1734387424, AUDIO),
  // Recorded 2025-10-23 (Mirascope cassette openai_gpt_audio): `gpt-audio` answered as gpt-audio-2025-08-28.
  model("gpt-audio", "gpt-audio-2025-08-28", dayOf("2025-08-28"), AUDIO),
  model("gpt-audio-mini", "gpt-audio-mini-2025-12-15", dayOf("2025-12-15"), AUDIO),
  model("gpt-4o-search-preview", "gpt-4o-search-preview-2025-03-11", 1741388720, SEARCH),
  model("gpt-4o-mini-search-preview", "gpt-4o-mini-search-preview-2025-03-11", 1741391161, SEARCH),
  model("gpt-4.5-preview", "gpt-4.5-preview-2025-02-27", 1740623059, O200K_CHAT),
  model("gpt-4.1", "gpt-4.1-2025-04-14", 1744316542, GPT41),
  model("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14", 1744318173, GPT41),
  model("gpt-4.1-nano", "gpt-4.1-nano-2025-04-14", 1744321707, GPT41),
  model("gpt-5", "gpt-5-2025-08-07", 1754425777, GPT5),
  model("gpt-5-mini", "gpt-5-mini-2025-08-07", 1754425867, GPT5),
  model("gpt-5-nano", "gpt-5-nano-2025-08-07", 1754426303, GPT5),
  model("gpt-5-chat-latest", "gpt-5-chat-latest", dayOf("2025-08-07"), CHAT_LATEST_FAMILY),
  model("gpt-5.1", "gpt-5.1-2025-11-13", dayOf("2025-11-13"), GPT51),
  model("gpt-5.1-mini", "gpt-5.1-mini", dayOf("2025-11-13"), GPT51),
  model("gpt-5.1-chat-latest", "gpt-5.1-chat-latest", dayOf("2025-11-13"), O200K_CHAT),
  model("gpt-5.2", "gpt-5.2-2025-12-11", dayOf("2025-12-11"), GPT52),
  model("gpt-5.2-chat-latest", "gpt-5.2-chat-latest", dayOf("2025-12-11"), O200K_CHAT),
  model("gpt-5.3-chat-latest", "gpt-5.3-chat-latest", dayOf("2026-02-01"), O200K_CHAT),
  model("gpt-5.4", "gpt-5.4-2026-03-05", dayOf("2026-03-05"), GPT54),
  // Recorded (pydantic-ai cassettes, 2026-05): gpt-5.4-mini answers as gpt-5.4-mini-2026-03-17.
  model("gpt-5.4-mini", "gpt-5.4-mini-2026-03-17", dayOf("2026-03-17"), GPT52),
  model("gpt-5.4-nano", "gpt-5.4-nano-2026-03-17", dayOf("2026-03-17"), GPT52),
  model("gpt-5.5", "gpt-5.5-2026-04-23", dayOf("2026-04-23"), GPT55),
  // Recorded (pydantic-ai, 2026-07): gpt-5.6-sol answers with its own name, no dated snapshot. The 5.6 and 6 models'
  // windows and capabilities are assumed to be gpt-5.5's. not confirmed
  model("gpt-5.6-sol", "gpt-5.6-sol", dayOf("2026-07-01"), GPT55),
  model("gpt-5.6-terra", "gpt-5.6-terra", dayOf("2026-07-01"), GPT55),
  model("gpt-5.6-luna", "gpt-5.6-luna", dayOf("2026-07-01"), GPT55),
  model("gpt-6-sol", "gpt-6-sol", dayOf("2026-10-01"), GPT55),
  model("gpt-6-luna", "gpt-6-luna", dayOf("2026-10-01"), GPT55),
  model("gpt-6-astra", "gpt-6-astra", dayOf("2026-10-01"), GPT55),
  model("gpt-6.1-sol", "gpt-6.1-sol", dayOf("2026-11-01"), GPT55),
  model("gpt-6.1-terra", "gpt-6.1-terra", dayOf("2026-11-01"), GPT55),
  model("o1", "o1-2024-12-17", 1734326976, O_SERIES),
  model("o1-mini", "o1-mini-2024-09-12", 1725649008, { ...O_SERIES, contextWindow: 128000, maxOutputTokens: 65536, capabilities: CHAT_EARLY_REASONING }),
  model("o1-preview", "o1-preview-2024-09-12", 1725648897, { ...O_SERIES, contextWindow: 128000, maxOutputTokens: 32768, capabilities: CHAT_EARLY_REASONING }),
  model("o3", "o3-2025-04-16", 1744225308, O_SERIES),
  // Recorded 2025-06: o3-mini answered 200 to a request with `stop`.
  model("o3-mini", "o3-mini-2025-01-31", 1737146383, { ...O_SERIES, capabilities: { ...CHAT_TEXT_ONLY, stop: true } }),
  model("o4-mini", "o4-mini-2025-04-16", 1744225351, O_SERIES),
  model("gpt-4-turbo", "gpt-4-turbo-2024-04-09", 1712361441, { ...GPT4_PREVIEW, capabilities: CHAT_NO_SCHEMA }),
  model("gpt-4-turbo-preview", "gpt-4-0125-preview", 1706037777, GPT4_PREVIEW),
  model("gpt-4-0125-preview", "gpt-4-0125-preview", 1706037612, GPT4_PREVIEW),
  model("gpt-4-1106-preview", "gpt-4-1106-preview", 1698957206, GPT4_PREVIEW),
  model("gpt-4", "gpt-4-0613", 1687882411, { ...GPT4_PREVIEW, ownedBy: "openai", contextWindow: 8192, maxOutputTokens: 8192 }),
  model("gpt-3.5-turbo", "gpt-3.5-turbo-0125", 1677610602, { ...GPT4_PREVIEW, ownedBy: "openai", contextWindow: 16385 }),
  model("gpt-3.5-turbo-1106", "gpt-3.5-turbo-1106", 1698959748, { ...GPT4_PREVIEW, contextWindow: 16385 }),
  // The legacy completion models answer with their own name (no dated snapshot) and use cl100k_base (tiktoken's
  // model table); davinci-002 and babbage-002 have 16,384-token windows, gpt-3.5-turbo-instruct 4,096. The instruct
  // model refuses `echo` with `logprobs` ("Setting 'echo' and 'logprobs' at the same time is not supported for this
  // model.", quoted in automatic_prompt_engineer#25 and lm-hackers#7).
  // Recorded (protocol reference, 2026-12): gpt-3.5-turbo-instruct answers with its versioned name.
  model("gpt-3.5-turbo-instruct", "gpt-3.5-turbo-instruct:20230824-v2", 1692901427, { ...LEGACY_COMPLETION, capabilities: { ...COMPLETIONS_ONLY, echoWithLogprobs: false } }),
  model("gpt-3.5-turbo-instruct-0914", "gpt-3.5-turbo-instruct-0914", 1694122472, { ...LEGACY_COMPLETION, capabilities: { ...COMPLETIONS_ONLY, echoWithLogprobs: false } }),
  model("davinci-002", "davinci-002", 1692634301, { ...LEGACY_COMPLETION, contextWindow: 16384, maxOutputTokens: 16384 }),
  model("babbage-002", "babbage-002", 1692634615, { ...LEGACY_COMPLETION, contextWindow: 16384, maxOutputTokens: 16384 }),
];

/**
 * The highest token id a request may name for an encoding (in `logit_bias` or a legacy token prompt): its
 * <|endoftext|>, as the API's errors report for cl100k_base (100257). o200k_base's is 199999.
 *
 * @example
 * maxTokenId("cl100k_base"); // 100257
 */
export function maxTokenId(encoding: EncodingName): number {
  return MAX_TOKEN_IDS[encoding];
}

const MAX_TOKEN_IDS: Record<EncodingName, number> = { cl100k_base: 100257, o200k_base: 199999 };

/**
 * The `system_fingerprint` a model answers with: fixed per snapshot, as the real API's is per backend configuration.
 * The gpt-5 family (gpt-5 and later) answers `null`, in JSON and in every chunk, as recorded (pydantic-ai cassettes
 * test_openai_moderation*.yaml, gpt-5-2025-08-07, 2026; the project's protocol reference, 2026-12).
 *
 * @example
 * systemFingerprint(gpt4oMini); // "fp_" + 10 hex digits, the same for every request to this snapshot
 * systemFingerprint(gpt5); // null
 */
export function systemFingerprint(model: ModelProfile): string | null {
  if (/^gpt-(?:[5-9]|\d{2,})/u.test(model.snapshot)) return null;
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
 * Structured Outputs and images, without audio input, web search or legacy completions, that accepts `stop` unless
 * it reasons.
 *
 * @example
 * modelCapabilities(findModel(builtInModels(), "gpt-3.5-turbo-instruct")!); // { chat: false, completions: true, … }
 * modelCapabilities({ ...profile, capabilities: undefined }).chat; // true
 */
export function modelCapabilities(model: ModelProfile): ModelCapabilities {
  return { ...CHAT, stop: !model.reasoning, ...model.capabilities };
}

/**
 * Looks a requested model up by alias, by dated snapshot, or as a fine-tuned `ft:BASE:…` of a known base.
 *
 * @example
 * findModel(builtInModels(), "gpt-4o-mini-2024-07-18")?.id; // "gpt-4o-mini"
 * findModel(builtInModels(), "ft:davinci-002:acme::x1")?.snapshot; // "ft:davinci-002:acme::x1"
 */
export function findModel(models: ReadonlyArray<ModelProfile>, requested: string): ModelProfile | undefined {
  // An id wins over another model's snapshot: `gpt-4-0125-preview` is a model of its own and the snapshot
  // `gpt-4-turbo-preview` answers with.
  const direct = models.find((model) => model.id === requested) ?? models.find((model) => model.snapshot === requested);
  if (direct) return direct;
  if (requested.startsWith("ft:")) {
    const base = findModel(models, requested.split(":")[1] ?? "");
    // A fine-tuned model answers with its own full name.
    return base && { ...base, id: requested, snapshot: requested };
  }
  return undefined;
}
