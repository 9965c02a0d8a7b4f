import type { EmulatorProfile } from "./compatible-server.js";
import type { FilesStore } from "./files/file-store.js";
import type { ModelProfile } from "./engine/models.js";
import type { FaultState } from "./faults.js";
import type { IdSource } from "./ids.js";
import type { RateLimitTracker } from "./rate-limits.js";
import type { RequestNotes } from "./request-notes.js";
import type { ResponsesStore } from "./routes/responses-store.js";
import type { ScenarioRegistry } from "./scenarios/scenario-store.js";
import type { StrictSchemaLimits } from "./validate/validate-strict-schema.js";

/** What every route handler of one emulator shares. */
export interface EmulatorContext {
  models: ReadonlyArray<ModelProfile>;
  ids: IdSource;
  /** Milliseconds since the epoch; `created` fields are this in seconds. */
  now: () => number;
  unknownParameterStyle: "2026" | "legacy";
  strictLimits: StrictSchemaLimits;
  rateLimits: RateLimitTracker;
  /** Counters and seeded draws of the `x-emulator-fault` faults, so `429*2` counts per emulator. */
  faults: FaultState;
  /** Scenario rules, per scope. */
  scenarios: ScenarioRegistry;
  /** The profile requests are answered under when neither their header nor their scope picks one. */
  profile: EmulatorProfile;
  /** The profile each scope picked (`PUT /__emulator/profile`); the null key is requests without a scope. */
  profiles: Map<string | null, EmulatorProfile>;
  /** What the routes note about the requests in flight (rule, faults), by request id, for the journal. */
  notes: Map<string, RequestNotes>;
  /** Stored Responses API responses, per scope (`store`, `previous_response_id`, `GET /v1/responses/{id}`). */
  responses: ResponsesStore;
  /** Uploaded files and vector stores, per scope (`/v1/files`, `/v1/vector_stores`, the `file_search` tool). */
  files: FilesStore;
}
