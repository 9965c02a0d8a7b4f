// The shapes of a scenario: scripted answers for requests that match. The same shapes are read from a JSON or YAML
// file (`--scenario`), passed to `createEmulator({ scenarios })`, or posted to `/__emulator/scenarios`.
// docs/emulator.md#scenarios describes them for users; parse-scenario.ts checks them.

/**
 * How a text condition matches: a string matches that exact text; `{ contains }` a substring; `{ regex, flags }` a
 * JavaScript regular expression (not anchored: add `^…$` for a whole-text match).
 *
 * @example
 * const exact: TextMatcher = "What's the weather in Paris?";
 * const pattern: TextMatcher = { regex: "weather in (\\w+)", flags: "i" };
 */
export type TextMatcher = string | { contains: string } | { regex: string; flags?: string };

/**
 * When a rule applies. Every condition given must hold; a rule without `match` applies to every chat completion.
 *
 * @example
 * const match: ScenarioMatch = { model: "gpt-4o-mini", lastUserMessage: { contains: "weather" }, tools: ["get_weather"], turn: 1 };
 */
export interface ScenarioMatch {
  /** The model as the client named it (without a `+fault=` suffix). */
  model?: TextMatcher;
  /** The text of the last user message (text parts joined). */
  lastUserMessage?: TextMatcher;
  /** The text of the system and developer messages, joined by a blank line. */
  system?: TextMatcher;
  /** Tools (or legacy functions) that must all be offered, by name; `"none"` matches requests that offer none. */
  tools?: string[] | "none";
  /**
   * Whether the conversation ends with tool results the model has not answered yet: `true`, `false`, or a tool name
   * (a result of that tool is among them).
   */
  toolResult?: boolean | string;
  /** The model's turn: 1 for the first answer, plus one per assistant message already in the conversation. */
  turn?: number;
}

/**
 * A scripted tool call. `arguments` may be an object (sent as its JSON), a string (sent exactly as written, even if it
 * is not JSON), or left out to generate arguments that fit the tool's schema.
 *
 * @example
 * const call: ScenarioToolCall = { name: "get_weather", arguments: { city: "Paris" } };
 */
export interface ScenarioToolCall {
  name: string;
  arguments?: Record<string, unknown> | string;
}

/**
 * Usage figures that replace the counted ones; `totalTokens` defaults to prompt plus completion.
 *
 * @example
 * const usage: ScenarioUsage = { promptTokens: 120000, cachedTokens: 100000 };
 */
export interface ScenarioUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  cachedTokens?: number;
}

/**
 * The finish reasons a scripted answer may report.
 *
 * @example
 * const filtered: ScenarioResponse = { text: "", finishReason: "content_filter" satisfies ScenarioFinishReason };
 */
export type ScenarioFinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "function_call";

/**
 * What a matching request gets. At most one of `text`, `toolCalls`, `json` and `refusal` says what the model answers;
 * without one of them the built-in answer is used, changed by the other fields.
 *
 * @example
 * const respond: ScenarioResponse = { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] };
 * const rateLimited: ScenarioResponse = { fault: "429" };
 */
export interface ScenarioResponse {
  /** The assistant's text. `stop` and the token limit still cut it, as they would a real answer. */
  text?: string;
  /** Tool calls, in order (a legacy `functions` request gets the first as a `function_call`). */
  toolCalls?: ScenarioToolCall[];
  /** A JSON value, sent as the content (for `response_format` requests). */
  json?: unknown;
  /** A refusal: `message.refusal` is set and `content` is null. */
  refusal?: string;
  /**
   * Responses API only: what a `web_search` tool finds when the turn runs it (its query and pages); the answer cites
   * the first page.
   */
  webSearch?: { query?: string; results?: Array<{ title: string; url: string; snippet: string }> };
  /** Responses API only: the code a `code_interpreter` tool runs when the turn runs it, and what it printed. */
  codeInterpreter?: { code: string; logs: string };
  /**
   * Responses API only: what an `mcp` tool's server lists (the emulator reaches none) and, optionally, the call the
   * model makes and its output (or error).
   */
  mcp?: {
    serverLabel?: string;
    tools: Array<{ name: string; description?: string; inputSchema?: Record<string, unknown>; annotations?: Record<string, unknown> }>;
    call?: { name: string; arguments?: Record<string, unknown> | string; output?: string; error?: string };
  };
  /** Replaces the finish reason of every choice. */
  finishReason?: ScenarioFinishReason;
  /** Replaces the usage figures. */
  usage?: ScenarioUsage;
  /** Waits this long before answering (before the headers). */
  delayMs?: number;
  /** A fault in the `x-emulator-fault` syntax, e.g. `"429"`, `"500*2"`, `"disconnect:after=3"`. */
  fault?: string;
}

/**
 * One rule: when `match` holds, answer with `respond`. With `times`, the rule answers that many requests and is then
 * spent, so later rules (or the built-in behaviour) answer the next ones.
 *
 * @example
 * const twice429: ScenarioRule = { name: "rate limited twice", respond: { fault: "429" }, times: 2 };
 */
export interface ScenarioRule {
  /** Shown in the journal and in errors; defaults to `rule N` (1-based). */
  name?: string;
  match?: ScenarioMatch;
  respond: ScenarioResponse;
  /** How many requests the rule answers (default: all). */
  times?: number;
}

/**
 * A scenario: rules tried in order; the first that matches (and has uses left) answers. Unmatched requests get the
 * emulator's built-in behaviour.
 *
 * @example
 * const scenario: Scenario = {
 *   rules: [
 *     { match: { lastUserMessage: { contains: "weather" }, turn: 1 }, respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] } },
 *     { match: { toolResult: "get_weather" }, respond: { text: "It is sunny in Paris." } },
 *   ],
 * };
 */
export interface Scenario {
  rules: ScenarioRule[];
}
