import type { EmulatorContext } from "./context.js";
import { type EmulatorProfile, isEmulatorProfile } from "./compatible-server.js";
import { builtInModels, type ModelProfile } from "./engine/models.js";
import { checkControlAccess, checkControlToken } from "./control-access.js";
import { EmulatorHttpError } from "./errors.js";
import { createFilesStore } from "./files/file-store.js";
import { isMultipart, summarizeMultipart } from "./files/multipart.js";
import { createIdSource, type IdMode } from "./ids.js";
import { serveFetch, type ListeningServer } from "./node-server.js";
import { createRateLimitTracker, type RateLimitBudget } from "./rate-limits.js";
import { handleAzure, matchAzureRoute } from "./routes/azure.js";
import { handleChatCompletions } from "./routes/chat-completions.js";
import { handleCompletions } from "./routes/completions.js";
import { handleCreateResponse } from "./routes/responses.js";
import { handleDeleteResponse, handleListInputItems, handleRetrieveResponse } from "./routes/responses-retrieve.js";
import { createResponsesStore } from "./routes/responses-store.js";
import { createJournal, type Journal } from "./journal.js";
import { exceedsJsonDepth, tooDeepError } from "./json-depth.js";
import { readScope, type RequestNotes } from "./request-notes.js";
import { handleEmulatorControl } from "./routes/emulator-control.js";
import { handleListModels, handleRetrieveModel } from "./routes/models.js";
import { routeResources } from "./routes/resources.js";
import { errorResponse } from "./routes/respond.js";
import { createReplayer, type ReplayOptions } from "./replay/replayer.js";
import { createScenarioRegistry, type ScenarioStore } from "./scenarios/scenario-store.js";
import type { Scenario, ScenarioRule } from "./scenarios/scenario.js";
import { STRICT_LIMITS_2026, type StrictSchemaLimits } from "./validate/validate-strict-schema.js";

/** Options of {@link createEmulator}; every one has a default that mirrors the real API. */
export interface EmulatorOptions {
  /** The model table (default: {@link builtInModels}). Unknown models answer 404 `model_not_found`. */
  models?: ModelProfile[];
  /** `"random"` (default): ids unique per response, like the real API. `"sequential"`: stable ids for snapshot tests. */
  ids?: IdMode;
  /** The clock, in epoch milliseconds (default `Date.now`); fix it for snapshot tests of `created`. */
  now?: () => number;
  /** Wording of the unknown-parameter error: `"2026"` (`Unknown parameter: 'foo'.`, default) or `"legacy"`. */
  unknownParameterStyle?: "2026" | "legacy";
  /** Structured-outputs limits (default: the 2026 ones; `STRICT_LIMITS_2024` reproduces older models). */
  strictLimits?: StrictSchemaLimits;
  /** Budgets reported in the `x-ratelimit-*` headers. */
  rateLimits?: RateLimitBudget;
  /**
   * Scripted answers: rules tried in order, the first matching one answers (docs/emulator.md#scenarios). Checked here:
   * an invalid scenario throws a `ScenarioError` naming each bad rule and field.
   */
  scenarios?: Scenario | ScenarioRule[];
  /** How many requests the journal keeps, newest last (default 1000; 0 turns it off). */
  journalLimit?: number;
  /**
   * How many bytes of request and response bodies the journal keeps in all (default 64 MiB): past it, the oldest
   * entries are forgotten, so big bodies cannot exhaust memory. A body larger than half of it is truncated, with a marker.
   */
  journalMaxBytes?: number;
  /** How many bytes of each body the journal keeps (default: half of `journalMaxBytes`); the rest is dropped, with a marker. */
  journalMaxBodyBytes?: number;
  /**
   * A secret the emulator's own endpoints (`/__emulator/*`) then require, in the `x-emulator-control-token` header
   * (or `Authorization: Bearer <token>`); without it they answer 401. Unset (the default), they need no token. Either
   * way they send no CORS headers and refuse web pages of another origin; the OpenAI routes are not affected.
   */
  controlToken?: string;
  /**
   * Record and replay (docs/record-replay.md): serve recorded exchanges from a JSONL cassette, and record missing ones
   * from an upstream OpenAI-compatible API. Checked here: a bad option or cassette throws at once.
   */
  replay?: ReplayOptions;
  /**
   * `"openai"` (default): answer as OpenAI's API. `"compatible"`: answer as an OpenAI-compatible server that refuses
   * `stream_options`, `max_completion_tokens`, tools' `strict` and the `developer` role, with the bodies such servers
   * send (docs/emulator.md#compatible-server-profile). A scope (`PUT /__emulator/profile`) or one request (the
   * `x-emulator-profile` header) can pick the other.
   */
  profile?: EmulatorProfile;
}

/** A running emulator: call it in-process with `fetch`, or serve it over HTTP with `listen`. */
export interface Emulator {
  /**
   * Answers one request, exactly as the HTTP server would. Pass it as an OpenAI client's `fetch`: it takes a
   * `Request`, or the `(url, init)` pair clients call fetch with.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Serves the emulator on `host:port` (default 127.0.0.1 and a free port); the URL it gives ends in `/v1`. */
  listen(port?: number, host?: string): Promise<ListeningServer>;
  /** The scenario rules, per scope: add, replace, clear and list them at run time. */
  readonly scenarios: ScenarioStore;
  /** Every request the emulator answered and its response, so tests can assert what a client sent. */
  readonly journal: Journal;
  /**
   * Resets one scope (its rules, journal entries and fault counters), or, without a scope, everything: the rules
   * go back to those given to `createEmulator`, with their uses restored.
   */
  reset(options?: { scope?: string | null }): void;
  /** Resolves when every recording in flight (record modes) is written to the cassette. */
  flush(): Promise<void>;
}

/**
 * Creates an OpenAI API emulator.
 *
 * @example
 * import OpenAI from "openai";
 * import { createEmulator } from "@tessera/openai-emulator";
 *
 * const emulator = createEmulator();
 * const client = new OpenAI({ baseURL: "http://emulator/v1", apiKey: "test", fetch: emulator.fetch });
 * const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  if (options.controlToken !== undefined) checkControlToken(options.controlToken);
  if (options.profile !== undefined && !isEmulatorProfile(options.profile)) {
    throw new TypeError(`createEmulator: profile must be "openai" or "compatible", got ${JSON.stringify(options.profile)}.`);
  }
  const scenarios = createScenarioRegistry(options.scenarios);
  const journal = createJournal({
    limit: options.journalLimit ?? 1000,
    maxBytes: options.journalMaxBytes,
    maxBodyBytes: options.journalMaxBodyBytes,
    now: options.now ?? Date.now,
  });
  const replayer = options.replay ? createReplayer(options.replay) : undefined;
  const context: EmulatorContext = {
    models: options.models ?? builtInModels(),
    ids: createIdSource(options.ids ?? "random"),
    now: options.now ?? Date.now,
    unknownParameterStyle: options.unknownParameterStyle ?? "2026",
    strictLimits: options.strictLimits ?? STRICT_LIMITS_2026,
    rateLimits: createRateLimitTracker(options.rateLimits),
    // Fault counters and seeded draws (faults.ts FaultState): per emulator, so `429*2` fails the first two of each.
    faults: { seen: new Map(), draws: new Map() },
    scenarios,
    notes: new Map(),
    profile: options.profile ?? "openai",
    profiles: new Map(),
    responses: createResponsesStore(),
    files: createFilesStore(),
  };
  const reset = (scope: string | null) => {
    scenarios.reset(scope);
    replayer?.reset(scope);
    journal.clear(scope === null ? {} : { scope });
    if (scope === null) context.profiles.clear();
    else context.profiles.delete(scope);
    context.responses.clear(scope === null ? undefined : scope);
    context.files.clear(scope === null ? undefined : scope);
    for (const map of [context.faults.seen, context.faults.draws]) {
      for (const key of map.keys()) if (scope === null || key.startsWith(`${scope}\u0000`)) map.delete(key);
    }
  };
  // Answers one request; errors become OpenAI's envelope, except that a client that gave up (its signal aborted)
  // gets what a real fetch gives it: a rejection, not a response.
  const answer = async (request: Request, requestId: string, handle: () => Promise<Response>): Promise<Response> => {
    try {
      return await handle();
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (error instanceof EmulatorHttpError) return errorResponse(error, requestId);
      const message = "The server had an error while processing your request. Sorry about that!";
      return errorResponse(new EmulatorHttpError(500, message, { type: "server_error" }), requestId);
    }
  };
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    // Clients hand a custom fetch (url, init) pairs; tests may pass a Request.
    // The SDK probes its fetch with a `data:,` URL before its first multipart upload (openai-node supportsFormData):
    // answered as any fetch answers a data URL, outside the journal.
    if (String(input instanceof Request ? input.url : input).startsWith("data:")) return globalThis.fetch(input, init);
    const incoming = input instanceof Request && init === undefined ? input : new Request(input, init);
    const path = new URL(incoming.url).pathname.replace(/\/+$/u, "");
    // The control endpoints get no CORS headers, not even on a preflight, so a web page of another origin cannot use them.
    const control = path.startsWith("/__emulator/");
    if (incoming.method === "OPTIONS") return control ? new Response(null, { status: 204 }) : withCors(new Response(null, { status: 204 }), incoming);
    const requestId = context.ids.request();
    if (control) {
      const targets = { journal, reset };
      return answer(incoming, requestId, async () => {
        checkControlAccess(incoming, options.controlToken);
        return handleEmulatorControl(incoming, path, context, targets, requestId);
      });
    }
    // The body is read once, here, so the journal has it whatever the route does with the request.
    const started = context.now();
    // A multipart upload is kept as bytes for the route; the journal and the cassette keys get a summary of it.
    const bodyBytes = incoming.body !== null && isMultipart(incoming.headers) ? new Uint8Array(await incoming.arrayBuffer()) : undefined;
    const bodyText = bodyBytes ? await summarizeMultipart(bodyBytes, incoming.headers.get("content-type") ?? "") : incoming.body === null ? "" : await incoming.text();
    const request = new Request(incoming.url, {
      method: incoming.method,
      headers: incoming.headers,
      body: bodyBytes ?? (bodyText === "" ? undefined : bodyText),
      signal: incoming.signal,
    });
    const notes: RequestNotes = { scope: readScope(request.headers), rule: null, faults: [], source: "emulated" };
    context.notes.set(requestId, notes);
    // Opened on arrival, so the journal is in arrival order and settled() waits for requests still being answered.
    const slot = journal.begin({ request, bodyText, notes, started });
    const emulate = (forwarded: Request) => answer(forwarded, requestId, () => route(forwarded, path, context, requestId));
    try {
      // With a cassette, the replayer answers first; a miss (400 cassette_miss) is answered like any other error.
      const response = exceedsJsonDepth(bodyText)
        ? errorResponse(tooDeepError(), requestId)
        : replayer
          ? await answer(request, requestId, async () => {
              const replayed = await replayer.handle(request, bodyText, emulate, notes.scope);
              if (replayed.source !== "emulated") notes.source = replayed.source;
              return replayed.response;
            })
          : await emulate(request);
      if (notes.source === "emulated" && path.startsWith("/v1/")) withApiHeaders(response, Math.max(1, Math.round(context.now() - started)));
      return withCors(slot.respond(response), request);
    } catch (error) {
      // Only a client that gave up gets here (answer() turns every other failure into a response).
      slot.abandon(error);
      throw error;
    } finally {
      context.notes.delete(requestId);
    }
  };
  return {
    fetch,
    listen: (port = 0, host = "127.0.0.1") => serveFetch(fetch, port, host),
    scenarios,
    journal,
    reset: (resetOptions = {}) => reset(resetOptions.scope ?? null),
    flush: async () => {
      await replayer?.flush();
    },
  };
}

async function route(request: Request, path: string, context: EmulatorContext, requestId: string): Promise<Response> {
  const { pathname } = new URL(request.url);
  // Azure paths carry their own key header and answer gateway errors in Azure's envelope.
  const azure = matchAzureRoute(request.method, path);
  if (azure) {
    const handlers = { completions: handleCompletions, responses: handleCreateResponse, "chat/completions": handleChatCompletions };
    return handleAzure(request, azure, context, requestId, handlers[azure.endpoint]);
  }
  checkAuthorization(request);
  if (request.method === "POST" && path === "/v1/chat/completions") {
    return handleChatCompletions(request, context, requestId);
  }
  if (request.method === "POST" && path === "/v1/completions") return handleCompletions(request, context, requestId);
  if (path === "/v1/responses" || path.startsWith("/v1/responses/")) {
    const handled = routeResponses(request, path, context, requestId);
    if (handled) return handled;
  }
  const resource = await routeResources(request, path, context, requestId);
  if (resource) return resource;
  if (request.method === "GET" && path === "/v1/models") return handleListModels(context, requestId);
  const modelMatch = /^\/v1\/models\/(.+)$/u.exec(path);
  if (request.method === "GET" && modelMatch?.[1]) {
    return handleRetrieveModel(context, decodeURIComponent(modelMatch[1]), requestId);
  }
  throw new EmulatorHttpError(404, `Invalid URL (${request.method} ${pathname})`);
}

// The Responses API: create, and (for stored responses) retrieve, delete and list input items.
function routeResponses(request: Request, path: string, context: EmulatorContext, requestId: string): Promise<Response> | Response | undefined {
  if (path === "/v1/responses") return request.method === "POST" ? handleCreateResponse(request, context, requestId) : undefined;
  const match = /^\/v1\/responses\/([^/]+)(\/input_items)?$/u.exec(path);
  const id = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
  if (id === undefined) return undefined;
  if (match?.[2] !== undefined) return request.method === "GET" ? handleListInputItems(request, context, id, requestId) : undefined;
  if (request.method === "GET") return handleRetrieveResponse(request, context, id, requestId);
  if (request.method === "DELETE") return handleDeleteResponse(request, context, id, requestId);
  return undefined;
}

// The organization and project an answer is billed to, in the recorded formats ("user-" and "proj_" followed by 24
// characters; e.g. `user-rk8wq9voijy9sejrncvgi0iw` and `proj_0Wv6taeZjWf793P67JMswYY3` in newrelic-python-agent's
// recorded OpenAI headers, tests/mlmodel_langchain/_mock_external_openai_server.py).
const EMULATOR_ORGANIZATION = `user-${"emulator".padEnd(24, "0")}`;
const EMULATOR_PROJECT = `proj_${"Emulator".padEnd(24, "0")}`;

// Every recorded 400 carries `openai-version` and `openai-processing-ms` as a 200 does; a 404 `model_not_found` (and
// the other statuses) carries neither (protocol reference, "Corrections from real recordings", 2026-12). Answers that
// carry them also name the organization and project.
function withApiHeaders(response: Response, processingMs: number): void {
  if (response.status === 400 && !response.headers.has("openai-version")) {
    response.headers.set("openai-version", "2020-10-01");
    response.headers.set("openai-processing-ms", String(processingMs));
  }
  if (!response.headers.has("openai-version")) return;
  if (!response.headers.has("openai-organization")) response.headers.set("openai-organization", EMULATOR_ORGANIZATION);
  if (!response.headers.has("openai-project")) response.headers.set("openai-project", EMULATOR_PROJECT);
}

// Browser apps (the SDK with dangerouslyAllowBrowser) may call the OpenAI routes from another origin; preflights need
// no key. The control endpoints never get these headers (control-access.ts). Only `X-Request-ID` is exposed to
// scripts, as the real API answers (`access-control-expose-headers: X-Request-ID` in every pydantic-ai cassette).
function withCors(response: Response, request: Request): Response {
  response.headers.set("access-control-allow-origin", "*");
  response.headers.set("access-control-expose-headers", "X-Request-ID");
  if (request.method === "OPTIONS") {
    response.headers.set("access-control-allow-methods", "GET, POST, OPTIONS");
    response.headers.set("access-control-allow-headers", request.headers.get("access-control-request-headers") ?? "*");
    response.headers.set("access-control-max-age", "600");
  }
  return response;
}

const MISSING_KEY_MESSAGE =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth " +
  "(i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API " +
  "from your browser and are prompted for a username and password. You can obtain an API key from " +
  "https://platform.openai.com/account/api-keys.";

// Any non-empty bearer key is accepted: the emulator checks the header's shape, not the secret.
function checkAuthorization(request: Request): void {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/iu.exec(header);
  if (!match) throw new EmulatorHttpError(401, MISSING_KEY_MESSAGE);
}
