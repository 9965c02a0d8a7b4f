// The emulator's own endpoints under /__emulator/: they are not OpenAI's, need no key (so curl and a browser can use
// them), and are never journaled. A scope comes from the `x-emulator-scope` header or a `?scope=` parameter.
//
//   GET    /__emulator/models       the full model table
//   GET    /__emulator/scenarios    the scope's rules, with their uses left
//   POST   /__emulator/scenarios    adds rules (JSON or YAML body) after the scope's others
//   PUT    /__emulator/scenarios    replaces the scope's rules
//   DELETE /__emulator/scenarios    removes the scope's rules
//   GET    /__emulator/journal      the scope's journal (no scope: every entry; ?path= and ?method= narrow it)
//   DELETE /__emulator/journal      forgets the scope's entries (no scope: all)
//   POST   /__emulator/reset        the scope's rules, journal and fault counters (no scope: back to the start)
//   GET    /__emulator/profile      the scope's profile (openai or compatible)
//   PUT    /__emulator/profile      sets it: {"profile": "compatible"}

import type { EmulatorContext } from "../context.js";
import { EMULATOR_PROFILES, isEmulatorProfile } from "../compatible-server.js";
import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { parseJsonObject } from "../json-values.js";
import { journalListBody, type JournalRecorder } from "../journal.js";
import { readScope } from "../request-notes.js";
import { parseScenarioText, ScenarioError } from "../scenarios/parse-scenario.js";
import type { Scenario } from "../scenarios/scenario.js";
import { handleListEmulatorModels } from "./models.js";
import { jsonResponse } from "./respond.js";

/** What the control endpoints act on besides the route context. */
export interface ControlTargets {
  journal: JournalRecorder;
  /** Resets a scope (rules, journal, fault counters), or everything when the scope is null. */
  reset(scope: string | null): void;
}

/**
 * Answers a request under `/__emulator/`, or throws a 404/405 in OpenAI's envelope.
 *
 * @example
 * if (path.startsWith("/__emulator/")) return handleEmulatorControl(request, path, context, targets, requestId);
 */
export async function handleEmulatorControl(
  request: Request,
  path: string,
  context: EmulatorContext,
  targets: ControlTargets,
  requestId: string,
): Promise<Response> {
  const url = new URL(request.url);
  const scope = readScope(request.headers) ?? (url.searchParams.get("scope")?.trim() || null);
  const headers = { "x-request-id": requestId };
  const allow = (methods: string[]) => {
    if (!methods.includes(request.method)) {
      throw new EmulatorHttpError(405, `${path} answers ${methods.join(", ")}, not ${request.method}.`, { headers: { allow: methods.join(", ") } });
    }
  };
  switch (path) {
    case "/__emulator/models":
      allow(["GET"]);
      return handleListEmulatorModels(context, requestId);
    case "/__emulator/scenarios": {
      allow(["GET", "POST", "PUT", "DELETE"]);
      const store = context.scenarios;
      if (request.method === "GET") return jsonResponse(200, { object: "list", scope, data: store.list({ scope }) }, headers);
      if (request.method === "DELETE") {
        store.clear({ scope });
        return jsonResponse(200, { object: "list", scope, data: [] }, headers);
      }
      const scenario = await readScenario(request);
      const loaded = request.method === "PUT" ? store.replace(scenario, { scope }) : store.add(scenario, { scope });
      return jsonResponse(200, { object: "list", scope, data: loaded }, headers);
    }
    case "/__emulator/journal": {
      allow(["GET", "DELETE"]);
      const filter = scope === null ? {} : { scope };
      if (request.method === "DELETE") {
        targets.journal.clear(filter);
        return jsonResponse(200, journalListBody([]), headers);
      }
      // `?path=/v1/chat/completions&method=POST` narrow the list, as the in-process filter does.
      const narrow = { path: url.searchParams.get("path") ?? undefined, method: url.searchParams.get("method") ?? undefined };
      return jsonResponse(200, journalListBody(targets.journal.entries({ ...filter, ...narrow })), headers);
    }
    case "/__emulator/reset":
      allow(["POST"]);
      targets.reset(scope);
      return jsonResponse(200, { reset: true, scope }, headers);
    case "/__emulator/profile": {
      allow(["GET", "PUT"]);
      if (request.method === "PUT") {
        const profile = parseJsonObject(await request.text())?.profile;
        if (!isEmulatorProfile(profile)) throw invalidRequest(`The body must be {"profile": …} with one of ${EMULATOR_PROFILES.join(", ")}.`, "profile", "invalid_emulator_profile");
        context.profiles.set(scope, profile);
      }
      return jsonResponse(200, { scope, profile: context.profiles.get(scope) ?? context.profile }, headers);
    }
    default:
      throw new EmulatorHttpError(404, `Invalid URL (${request.method} ${path}): the emulator's own endpoints are /__emulator/models, /__emulator/scenarios, /__emulator/journal, /__emulator/reset and /__emulator/profile.`);
  }
}

// JSON or YAML, by content type (or by the first character when the type says neither), checked before it is loaded.
async function readScenario(request: Request): Promise<Scenario> {
  const type = request.headers.get("content-type") ?? "";
  const format = /yaml/iu.test(type) ? "yaml" : /json/iu.test(type) ? "json" : undefined;
  try {
    return parseScenarioText(await request.text(), { format, source: "the request body" });
  } catch (error) {
    if (!ScenarioError.isInstance(error)) throw error;
    throw new ScenarioLoadError(error);
  }
}

/**
 * A scenario posted to the control endpoint was invalid: a 400 whose body also lists every issue (rule, field,
 * message), beside OpenAI's usual envelope.
 */
export class ScenarioLoadError extends EmulatorHttpError {
  readonly issues: ScenarioError["issues"];

  constructor(error: ScenarioError) {
    super(400, error.message, { param: error.issues[0]?.field ?? null, code: "invalid_scenario" });
    this.issues = error.issues;
  }

  override toBody(): ReturnType<EmulatorHttpError["toBody"]> & { issues: ScenarioError["issues"] } {
    return { ...super.toBody(), issues: this.issues };
  }
}
