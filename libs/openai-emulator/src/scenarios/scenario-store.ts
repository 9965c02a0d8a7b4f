// The rules an emulator holds, per scope, with their remaining uses. Scoped rules (loaded with an `x-emulator-scope`)
// answer only requests that carry that scope, and are tried before the unscoped ones, which answer everyone.

import { lastUserMessage, messageText, trailingToolResults } from "../engine/conversation.js";
import { type ChatCompletionRequest, toolName } from "../wire.js";
import { compileMatcher, parseScenario, type CompiledMatcher } from "./parse-scenario.js";
import type { Scenario, ScenarioMatch, ScenarioResponse, ScenarioRule } from "./scenario.js";

/**
 * Which rules an operation acts on: one scope's, or (null or left out) the unscoped ones.
 *
 * @example
 * emulator.scenarios.clear({ scope: "test-42" } satisfies ScenarioScope);
 */
export interface ScenarioScope {
  scope?: string | null;
}

/**
 * A loaded rule as {@link ScenarioStore.list} reports it (a frozen copy).
 *
 * @example
 * const [state] = emulator.scenarios.list({ scope: "test-42" });
 * state?.remaining; // uses left in that scope, or null for no limit
 */
export interface ScenarioRuleState {
  scope: string | null;
  /** The rule's name, or `rule N` (its 1-based position in its scope). */
  name: string;
  match: ScenarioMatch;
  respond: ScenarioResponse;
  /** The `times` it was loaded with, or null for no limit. */
  times: number | null;
  /** Uses left in the scope listed (an unscoped rule counts its uses per requesting scope), or null for no limit. */
  remaining: number | null;
  /** Requests of the scope listed that it has answered. */
  hits: number;
}

/**
 * The scenario rules of one emulator. `add` appends, `replace` swaps a scope's rules, `clear` removes them; each
 * checks the scenario first and throws a `ScenarioError` naming every bad rule and field.
 *
 * @example
 * emulator.scenarios.add([{ match: { lastUserMessage: "Hi" }, respond: { text: "Hello!" } }], { scope: "test-1" });
 * emulator.scenarios.list({ scope: "test-1" })[0]?.remaining; // null: no limit
 */
export interface ScenarioStore {
  add(scenario: Scenario | ScenarioRule[], options?: ScenarioScope): ScenarioRuleState[];
  replace(scenario: Scenario | ScenarioRule[], options?: ScenarioScope): ScenarioRuleState[];
  clear(options?: ScenarioScope): void;
  /** The rules of a scope (default: the unscoped ones), in the order they are tried. */
  list(options?: ScenarioScope): ScenarioRuleState[];
}

/** The rule that answers a request, with a key unique to it (for its fault counters). */
export interface MatchedRule {
  name: string;
  key: string;
  respond: ScenarioResponse;
  /** Gives back the use `take` spent, for a request the rule turned out not to be able to answer. */
  refund(): void;
}

/** The store as the emulator uses it: it also finds, and spends, the rule that answers a request. */
export interface ScenarioRegistry extends ScenarioStore {
  /** The first rule with uses left whose conditions hold (the request's scope first), spending one use. */
  take(request: ChatCompletionRequest, scope: string | null): MatchedRule | undefined;
  /** Removes a scope's rules; with null, every scope's, and the initial rules come back with their uses restored. */
  reset(scope: string | null): void;
}

interface LoadedRule {
  /** The rule as loaded; `remaining` and `hits` come from `usage`, per scope. */
  definition: Omit<ScenarioRuleState, "remaining" | "hits">;
  id: number;
  test: (facts: RequestFacts) => boolean;
  /** Uses per requesting scope: an unscoped rule with `times: 1` answers once in each scope, so tests stay apart. */
  usage: Map<string | null, { remaining: number | null; hits: number }>;
}

/**
 * Creates a rule store, loaded with `initial` (unscoped).
 *
 * @example
 * const registry = createScenarioRegistry({ rules: [{ respond: { text: "Always this." } }] });
 * registry.take(request, null)?.respond.text; // "Always this."
 */
export function createScenarioRegistry(initial?: Scenario | ScenarioRule[], source?: string): ScenarioRegistry {
  const scopes = new Map<string | null, LoadedRule[]>();
  let nextId = 0;
  const load = (scenario: Scenario | ScenarioRule[], scope: string | null, replace: boolean, from?: string): LoadedRule[] => {
    // A copy: the caller may reuse or change its objects after loading them.
    const { rules } = parseScenario(structuredClone(scenario), from);
    const list = replace ? [] : (scopes.get(scope) ?? []);
    const loaded = rules.map((rule, offset) => loadRule(rule, scope, list.length + offset, nextId++));
    list.push(...loaded);
    scopes.set(scope, list);
    return loaded;
  };
  const start = () => {
    if (initial !== undefined) load(initial, null, false, source);
  };
  start();
  const usageOf = (rule: LoadedRule, scope: string | null) => {
    let usage = rule.usage.get(scope);
    if (!usage) {
      usage = { remaining: rule.definition.times, hits: 0 };
      rule.usage.set(scope, usage);
    }
    return usage;
  };
  // Frozen deep copies: what a caller reads cannot change the rules.
  const view = (rule: LoadedRule, scope: string | null): ScenarioRuleState => deepFreeze(structuredClone({ ...rule.definition, ...usageOf(rule, scope) }));
  return {
    add: (scenario, options = {}) => load(scenario, options.scope ?? null, false).map((rule) => view(rule, options.scope ?? null)),
    replace: (scenario, options = {}) => load(scenario, options.scope ?? null, true).map((rule) => view(rule, options.scope ?? null)),
    clear: (options = {}) => void scopes.delete(options.scope ?? null),
    list: (options = {}) => (scopes.get(options.scope ?? null) ?? []).map((rule) => view(rule, options.scope ?? null)),
    take: (request, scope) => {
      const facts = readFacts(request);
      const candidates = [...(scope === null ? [] : (scopes.get(scope) ?? [])), ...(scopes.get(null) ?? [])];
      const rule = candidates.find((candidate) => usageOf(candidate, scope).remaining !== 0 && candidate.test(facts));
      if (!rule) return undefined;
      const usage = usageOf(rule, scope);
      usage.hits++;
      if (usage.remaining !== null) usage.remaining--;
      const refund = () => {
        usage.hits--;
        if (usage.remaining !== null) usage.remaining++;
      };
      return { name: rule.definition.name, key: `rule#${rule.id}`, respond: rule.definition.respond, refund };
    },
    reset: (scope) => {
      if (scope !== null) {
        scopes.delete(scope);
        for (const rule of scopes.get(null) ?? []) rule.usage.delete(scope);
        return;
      }
      scopes.clear();
      start();
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

function loadRule(rule: ScenarioRule, scope: string | null, position: number, id: number): LoadedRule {
  const match = rule.match ?? {};
  return {
    id,
    definition: { scope, name: rule.name ?? `rule ${position + 1}`, match, respond: rule.respond, times: rule.times ?? null },
    test: compileMatch(match),
    usage: new Map(),
  };
}

/** What the conditions look at, read once per request. */
interface RequestFacts {
  model: string;
  lastUserMessage: string;
  system: string;
  tools: ReadonlySet<string>;
  toolResults: ReadonlyArray<string>;
  turn: number;
}

function readFacts(request: ChatCompletionRequest): RequestFacts {
  const tools = new Set([...(request.tools ?? []).map(toolName), ...(request.functions ?? []).map((fn) => fn.name)]);
  const system = request.messages
    .filter((message) => message.role === "system" || message.role === "developer")
    .map((message) => messageText(message))
    .join("\n\n");
  return {
    model: request.model,
    lastUserMessage: messageText(lastUserMessage(request)),
    system,
    tools,
    toolResults: trailingToolResults(request).map((result) => result.name),
    turn: 1 + request.messages.filter((message) => message.role === "assistant").length,
  };
}

function compileMatch(match: ScenarioMatch): (facts: RequestFacts) => boolean {
  const tests: Array<(facts: RequestFacts) => boolean> = [];
  const text = (matcher: CompiledMatcher, read: (facts: RequestFacts) => string) => tests.push((facts) => matcher(read(facts)));
  if (match.model !== undefined) text(compileMatcher(match.model), (facts) => facts.model);
  if (match.lastUserMessage !== undefined) text(compileMatcher(match.lastUserMessage), (facts) => facts.lastUserMessage);
  if (match.system !== undefined) text(compileMatcher(match.system), (facts) => facts.system);
  const { tools, toolResult, turn } = match;
  if (tools === "none") tests.push((facts) => facts.tools.size === 0);
  else if (tools !== undefined) tests.push((facts) => tools.every((name) => facts.tools.has(name)));
  if (typeof toolResult === "boolean") tests.push((facts) => facts.toolResults.length > 0 === toolResult);
  else if (toolResult !== undefined) tests.push((facts) => facts.toolResults.includes(toolResult));
  if (turn !== undefined) tests.push((facts) => facts.turn === turn);
  return (facts) => tests.every((test) => test(facts));
}
