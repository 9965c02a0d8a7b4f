// Checks a scenario when it is loaded, whatever carried it (file, options, control endpoint), and reports every
// problem at once, each naming its rule and field, so a test author fixes a file in one pass.

import { parse as parseYaml } from "yaml";
import { parseFaults } from "../faults-parse.js";
import { describeValue, isRecord } from "../json-values.js";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../json-depth.js";
import { findCatastrophicBacktracking } from "./check-regex-safety.js";
import { BUILT_IN_SCRIPT_KEYS, checkBuiltInScripts } from "./parse-built-in-scripts.js";
import type { Scenario, ScenarioFinishReason, ScenarioMatch, ScenarioResponse, ScenarioRule, TextMatcher } from "./scenario.js";

/**
 * One problem in a scenario.
 *
 * @example
 * const issue: ScenarioIssue = { rule: 1, field: "rules[1].respond.text", message: "must be a string, got number 1." };
 */
export interface ScenarioIssue {
  /** The rule's index (0-based), or null for a problem with the scenario as a whole. */
  rule: number | null;
  /** Where, as a path from the scenario root: `rules[1].respond.toolCalls[0].name`. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/**
 * A scenario that cannot be loaded. `issues` lists every problem; the message shows them one per line, each naming
 * the rule (number and name) and the field.
 *
 * @example
 * try {
 *   parseScenario({ rules: [{ respond: { text: 1 } }] });
 * } catch (error) {
 *   if (error instanceof ScenarioError) error.issues[0]?.field; // "rules[0].respond.text"
 * }
 */
export class ScenarioError extends Error {
  declare readonly [SCENARIO_ERROR]: true;
  readonly issues: ScenarioIssue[];
  /** The file (or other source) the scenario came from, when known. */
  readonly source: string | undefined;

  constructor(issues: ScenarioIssue[], source?: string, ruleNames: ReadonlyArray<string | undefined> = []) {
    const where = source ? ` in ${source}` : "";
    const lines = issues.map((issue) => `- ${describeRule(issue.rule, ruleNames)}${issue.field}: ${issue.message}`);
    super(`Invalid scenario${where} (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "ScenarioError";
    this.issues = issues;
    this.source = source;
    Object.defineProperty(this, SCENARIO_ERROR, { value: true, enumerable: false });
  }

  /**
   * Whether `value` is a ScenarioError, even one thrown by another copy of this package (where `instanceof` fails).
   *
   * @example
   * if (ScenarioError.isInstance(error)) console.error(error.issues);
   */
  static isInstance(value: unknown): value is ScenarioError {
    return typeof value === "object" && value !== null && (value as { [SCENARIO_ERROR]?: unknown })[SCENARIO_ERROR] === true;
  }
}

function describeRule(rule: number | null, names: ReadonlyArray<string | undefined>): string {
  if (rule === null) return "";
  const name = names[rule];
  return `rule ${rule + 1}${name ? ` ("${name}")` : ""}, `;
}

// A registry symbol, so two copies of the package (a monorepo with two versions) recognise each other's errors.
const SCENARIO_ERROR = Symbol.for("@tessera/openai-emulator/ScenarioError");

const ROOT_KEYS = ["rules", "description", "$schema"];
const RULE_KEYS = ["name", "description", "match", "respond", "times"];
const MATCH_KEYS = ["model", "lastUserMessage", "system", "tools", "toolResult", "turn"];
const RESPOND_KEYS = ["text", "toolCalls", "json", "refusal", "finishReason", "usage", "delayMs", "fault", ...BUILT_IN_SCRIPT_KEYS];
const CONTENT_KEYS = ["text", "toolCalls", "json", "refusal"] as const;
const USAGE_KEYS = ["promptTokens", "completionTokens", "totalTokens", "reasoningTokens", "cachedTokens"];
const FINISH_REASONS: ReadonlyArray<ScenarioFinishReason> = ["stop", "length", "tool_calls", "content_filter", "function_call"];
// g and y would make test() remember where it stopped between requests (and y anchors the match), so they are refused.
const REGEX_FLAGS = /^[dimsuv]*$/u;
// A delay is for testing timeouts and slow backends; anything longer than ten minutes is surely a unit mistake.
const MAX_DELAY_MS = 600_000;

/**
 * Checks a scenario (an object with `rules`, or the array of rules itself) and returns it typed. Throws a
 * {@link ScenarioError} listing every problem.
 *
 * @example
 * const scenario = parseScenario([{ match: { lastUserMessage: "Hi" }, respond: { text: "Hello!" } }]);
 * scenario.rules.length; // 1
 */
export function parseScenario(value: unknown, source?: string): Scenario {
  const issues: ScenarioIssue[] = [];
  const rules = readRoot(value, issues);
  const names = rules.map((rule) => (isRecord(rule) && typeof rule.name === "string" ? rule.name : undefined));
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    checkRule(rule, index, issues);
    const name = names[index];
    if (name === undefined) return;
    const first = seen.get(name);
    if (first !== undefined) issue(issues, index, `rules[${index}].name`, `"${name}" is also the name of rule ${first + 1}; give each rule its own name, so the journal says which one answered.`);
    else seen.set(name, index);
  });
  if (issues.length > 0) throw new ScenarioError(issues, source, names);
  return { rules: rules as ScenarioRule[] };
}

/**
 * Parses scenario text as JSON or YAML (`format`, else guessed: JSON when it starts with `{` or `[`), then checks it
 * with {@link parseScenario}. Syntax errors are reported as a {@link ScenarioError} with the position.
 *
 * @example
 * parseScenarioText("rules:\n  - respond: { text: Hello }\n", { format: "yaml" }).rules[0]?.respond.text; // "Hello"
 */
export function parseScenarioText(text: string, options: { format?: "json" | "yaml"; source?: string } = {}): Scenario {
  const format = options.format ?? (/^\s*[[{]/u.test(text) ? "json" : "yaml");
  let value: unknown;
  if (exceedsJsonDepth(text)) {
    const message = `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; no scenario needs that: flatten it.`;
    throw new ScenarioError([{ rule: null, field: "(file)", message }], options.source);
  }
  try {
    value = format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError([{ rule: null, field: "(file)", message: `is not valid ${format.toUpperCase()}: ${reason}` }], options.source);
  }
  return parseScenario(value, options.source);
}

function readRoot(value: unknown, issues: ScenarioIssue[]): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) {
    issue(issues, null, "(root)", `must be an object with a "rules" array (or the array of rules itself), got ${describeValue(value)}.`);
    return [];
  }
  checkKeys(value, ROOT_KEYS, "", null, issues);
  if (!Array.isArray(value.rules)) {
    issue(issues, null, "rules", `must be an array of rules, got ${describeValue(value.rules)}.`);
    return [];
  }
  return value.rules;
}

function checkRule(rule: unknown, index: number, issues: ScenarioIssue[]): void {
  const at = `rules[${index}]`;
  if (!isRecord(rule)) {
    issue(issues, index, at, `must be an object with "respond" (and optionally "match", "times", "name"), got ${describeValue(rule)}.`);
    return;
  }
  checkKeys(rule, RULE_KEYS, at, index, issues);
  if (rule.name !== undefined && (typeof rule.name !== "string" || rule.name.trim() === "")) {
    issue(issues, index, `${at}.name`, `must be a non-empty string, got ${describeValue(rule.name)}.`);
  }
  if (rule.description !== undefined && typeof rule.description !== "string") {
    issue(issues, index, `${at}.description`, `must be a string, got ${describeValue(rule.description)}.`);
  }
  if (rule.times !== undefined && !isPositiveInteger(rule.times)) {
    issue(issues, index, `${at}.times`, `must be a positive integer (how many requests the rule answers), got ${describeValue(rule.times)}.`);
  }
  if (rule.match !== undefined) checkMatch(rule.match, `${at}.match`, index, issues);
  if (rule.respond === undefined) issue(issues, index, `${at}.respond`, "is required: say what the matching requests get (text, toolCalls, json, refusal, fault, …).");
  else checkRespond(rule.respond, `${at}.respond`, index, issues);
}

function checkMatch(match: unknown, at: string, rule: number, issues: ScenarioIssue[]): void {
  if (!isRecord(match)) {
    issue(issues, rule, at, `must be an object of conditions (${MATCH_KEYS.join(", ")}), got ${describeValue(match)}.`);
    return;
  }
  checkKeys(match, MATCH_KEYS, at, rule, issues);
  const conditions = match as Partial<Record<keyof ScenarioMatch, unknown>>;
  for (const key of ["model", "lastUserMessage", "system"] as const) {
    if (conditions[key] !== undefined) checkTextMatcher(conditions[key], `${at}.${key}`, rule, issues);
  }
  const { tools, toolResult, turn } = conditions;
  if (tools !== undefined && tools !== "none") {
    if (!Array.isArray(tools) || tools.length === 0) {
      issue(issues, rule, `${at}.tools`, `must be a non-empty array of tool names, or "none" for requests without tools, got ${describeValue(tools)}.`);
    } else {
      tools.forEach((name, position) => {
        if (typeof name !== "string" || name === "") issue(issues, rule, `${at}.tools[${position}]`, `must be a tool name, got ${describeValue(name)}.`);
      });
    }
  }
  if (toolResult !== undefined && typeof toolResult !== "boolean" && (typeof toolResult !== "string" || toolResult === "")) {
    issue(issues, rule, `${at}.toolResult`, `must be true, false or a tool name, got ${describeValue(toolResult)}.`);
  }
  if (turn !== undefined && !isPositiveInteger(turn)) {
    issue(issues, rule, `${at}.turn`, `must be a positive integer (1 is the model's first answer), got ${describeValue(turn)}.`);
  }
}

function checkTextMatcher(value: unknown, at: string, rule: number, issues: ScenarioIssue[]): void {
  if (typeof value === "string") return;
  if (!isRecord(value)) {
    issue(issues, rule, at, `must be a string (exact text), { "contains": "…" } or { "regex": "…", "flags": "i" }, got ${describeValue(value)}.`);
    return;
  }
  if ("contains" in value) {
    checkKeys(value, ["contains"], at, rule, issues);
    if (typeof value.contains !== "string") issue(issues, rule, `${at}.contains`, `must be a string, got ${describeValue(value.contains)}.`);
    return;
  }
  if (!("regex" in value)) {
    issue(issues, rule, at, `must have "contains" or "regex", got the keys ${JSON.stringify(Object.keys(value))}.`);
    return;
  }
  checkKeys(value, ["regex", "flags"], at, rule, issues);
  const { regex, flags } = value;
  if (typeof regex !== "string") {
    issue(issues, rule, `${at}.regex`, `must be a string, got ${describeValue(regex)}.`);
    return;
  }
  if (flags !== undefined && (typeof flags !== "string" || !REGEX_FLAGS.test(flags))) {
    issue(issues, rule, `${at}.flags`, `must be JavaScript regular expression flags among d, i, m, s, u and v (g and y would carry state from one request to the next), got ${describeValue(flags)}.`);
    return;
  }
  try {
    new RegExp(regex, typeof flags === "string" ? flags : "");
  } catch (error) {
    issue(issues, rule, `${at}.regex`, `is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}.`);
    return;
  }
  const risk = findCatastrophicBacktracking(regex, typeof flags === "string" ? flags : "");
  if (risk) {
    issue(
      issues,
      rule,
      `${at}.regex`,
      `${JSON.stringify(regex)} is refused: it risks catastrophic backtracking, which would block the emulator for every client: ${risk}. ` +
        `Rewrite it so that each part of a text can match in only one way (e.g. "^a+$" rather than "^(a+)+$"), or use { "contains": "…" }.`,
    );
  }
}

function checkRespond(respond: unknown, at: string, rule: number, issues: ScenarioIssue[]): void {
  if (!isRecord(respond)) {
    issue(issues, rule, at, `must be an object (${RESPOND_KEYS.join(", ")}), got ${describeValue(respond)}.`);
    return;
  }
  checkKeys(respond, RESPOND_KEYS, at, rule, issues);
  const fields = respond as Partial<Record<keyof ScenarioResponse, unknown>>;
  const present = Object.keys(respond).filter((key) => RESPOND_KEYS.includes(key));
  if (present.length === 0) issue(issues, rule, at, `says nothing: give at least one of ${RESPOND_KEYS.join(", ")}.`);
  const contents = CONTENT_KEYS.filter((key) => fields[key] !== undefined);
  if (contents.length > 1) {
    issue(issues, rule, at, `gives ${contents.join(" and ")}: a reply is one of text, toolCalls, json or refusal; split them into separate rules.`);
  }
  for (const key of ["text", "refusal"] as const) {
    if (fields[key] !== undefined && typeof fields[key] !== "string") issue(issues, rule, `${at}.${key}`, `must be a string, got ${describeValue(fields[key])}.`);
  }
  if ("json" in respond && fields.json === undefined) issue(issues, rule, `${at}.json`, "must be a JSON value.");
  if (fields.toolCalls !== undefined) checkToolCalls(fields.toolCalls, `${at}.toolCalls`, rule, issues);
  if (fields.finishReason !== undefined && !FINISH_REASONS.includes(fields.finishReason as ScenarioFinishReason)) {
    issue(issues, rule, `${at}.finishReason`, `must be one of ${FINISH_REASONS.join(", ")}, got ${describeValue(fields.finishReason)}.`);
  }
  if (fields.usage !== undefined) checkUsage(fields.usage, `${at}.usage`, rule, issues);
  if (fields.delayMs !== undefined && (!isNonNegativeInteger(fields.delayMs) || fields.delayMs > MAX_DELAY_MS)) {
    issue(issues, rule, `${at}.delayMs`, `must be an integer number of milliseconds from 0 to ${MAX_DELAY_MS}, got ${describeValue(fields.delayMs)}.`);
  }
  if (fields.fault !== undefined) checkFault(fields.fault, `${at}.fault`, rule, issues);
  for (const problem of checkBuiltInScripts(respond)) issue(issues, rule, `${at}.${problem.field}`, problem.message);
}

function checkToolCalls(calls: unknown, at: string, rule: number, issues: ScenarioIssue[]): void {
  if (!Array.isArray(calls) || calls.length === 0) {
    issue(issues, rule, at, `must be a non-empty array of { "name": "…", "arguments": {…} }, got ${describeValue(calls)}.`);
    return;
  }
  calls.forEach((call, position) => {
    const callAt = `${at}[${position}]`;
    if (!isRecord(call)) {
      issue(issues, rule, callAt, `must be an object with "name" (and optionally "arguments"), got ${describeValue(call)}.`);
      return;
    }
    checkKeys(call, ["name", "arguments"], callAt, rule, issues);
    if (typeof call.name !== "string" || call.name === "") issue(issues, rule, `${callAt}.name`, `must be the tool's name, got ${describeValue(call.name)}.`);
    const args = call.arguments;
    if (args !== undefined && typeof args !== "string" && !isRecord(args)) {
      issue(issues, rule, `${callAt}.arguments`, `must be an object, a string sent as is, or left out to generate them from the tool's schema; got ${describeValue(args)}.`);
    }
  });
}

function checkUsage(usage: unknown, at: string, rule: number, issues: ScenarioIssue[]): void {
  if (!isRecord(usage)) {
    issue(issues, rule, at, `must be an object (${USAGE_KEYS.join(", ")}), got ${describeValue(usage)}.`);
    return;
  }
  checkKeys(usage, USAGE_KEYS, at, rule, issues);
  for (const key of USAGE_KEYS) {
    const value = usage[key];
    if (value !== undefined && !isNonNegativeInteger(value)) issue(issues, rule, `${at}.${key}`, `must be a non-negative integer, got ${describeValue(value)}.`);
  }
}

function checkFault(fault: unknown, at: string, rule: number, issues: ScenarioIssue[]): void {
  if (typeof fault !== "string" || fault.trim() === "") {
    issue(issues, rule, at, `must be a fault spec such as "429" or "disconnect:after=3", got ${describeValue(fault)}.`);
    return;
  }
  try {
    parseFaults(fault, "scenario");
  } catch (error) {
    issue(issues, rule, at, error instanceof Error ? error.message : String(error));
  }
}

// Unknown keys are errors, not ignored: a misspelt condition would otherwise make a rule match everything.
function checkKeys(value: Record<string, unknown>, allowed: ReadonlyArray<string>, at: string, rule: number | null, issues: ScenarioIssue[]): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const suggestion = closest(key, allowed);
    const hint = suggestion ? `did you mean "${suggestion}"?` : `allowed: ${allowed.join(", ")}.`;
    issue(issues, rule, at ? `${at}.${key}` : key, `is not a known field; ${hint}`);
  }
}

function closest(key: string, candidates: ReadonlyArray<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

function issue(issues: ScenarioIssue[], rule: number | null, field: string, message: string): void {
  issues.push({ rule, field, message });
}


function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

/** A text matcher compiled for matching. */
export type CompiledMatcher = (text: string) => boolean;

/**
 * Compiles a checked {@link TextMatcher}.
 *
 * @example
 * compileMatcher({ regex: "^hi", flags: "i" })("Hi there"); // true
 */
export function compileMatcher(matcher: TextMatcher): CompiledMatcher {
  if (typeof matcher === "string") return (text) => text === matcher;
  if ("contains" in matcher) return (text) => text.includes(matcher.contains);
  // The checks refuse g and y, so test() keeps no state between calls.
  const pattern = new RegExp(matcher.regex, matcher.flags ?? "");
  return (text) => pattern.test(text);
}
