/**
 * A local server that speaks the OpenAI HTTP protocol, for offline, deterministic tests (docs/emulator.md).
 *
 * @packageDocumentation
 * @module @tessera/openai-emulator
 */
export { createEmulator } from "./emulator.js";
export type { Emulator, EmulatorOptions } from "./emulator.js";
export type { ListeningServer } from "./node-server.js";
export { builtInModels, modelCapabilities } from "./engine/models.js";
export type { ModelCapabilities, ModelProfile } from "./engine/models.js";
export { REASONING_EFFORTS } from "./engine/reasoning.js";
export type { ReasoningEffort } from "./engine/reasoning.js";
export type { EmulatorModelEntry } from "./routes/models.js";
export { EmulatorHttpError } from "./errors.js";
export type { OpenAIErrorBody } from "./errors.js";
export type { IdMode } from "./ids.js";
export type { RateLimitBudget } from "./rate-limits.js";
export { STRICT_LIMITS_2024, STRICT_LIMITS_2026 } from "./validate/validate-strict-schema.js";
export type { StrictSchemaLimits } from "./validate/validate-strict-schema.js";
export { loadScenarioFile } from "./scenarios/load-scenario-file.js";
export { parseScenario, parseScenarioText, ScenarioError } from "./scenarios/parse-scenario.js";
export type { ScenarioIssue } from "./scenarios/parse-scenario.js";
export type {
  Scenario,
  ScenarioFinishReason,
  ScenarioMatch,
  ScenarioResponse,
  ScenarioRule,
  ScenarioToolCall,
  ScenarioUsage,
  TextMatcher,
} from "./scenarios/scenario.js";
export type { ScenarioRuleState, ScenarioScope, ScenarioStore } from "./scenarios/scenario-store.js";
export type { Journal, JournalEntry, JournalFilter } from "./journal.js";
export { SCOPE_HEADER } from "./request-notes.js";
export type { AnswerSource } from "./request-notes.js";
export { FAULT_HEADER } from "./faults.js";
export { PROFILE_HEADER } from "./compatible-server.js";
export type { EmulatorProfile } from "./compatible-server.js";
export { createReplayer, REPLAY_MODES } from "./replay/replayer.js";
export type { Replayer, ReplayMode, ReplayOptions, ReplaySource, ReplayTiming } from "./replay/replayer.js";
export { VOLATILE_REQUEST_FIELDS } from "./replay/request-key.js";
export { CASSETTE_VERSION } from "./replay/cassette.js";
export type { CassetteEntry, RecordedEvent, RecordedResponse } from "./replay/cassette.js";
