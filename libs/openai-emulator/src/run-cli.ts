import { parseArgs } from "node:util";
import { createEmulator } from "./emulator.js";
import type { ListeningServer } from "./node-server.js";
import { REPLAY_MODES, type ReplayMode, type ReplayOptions, type ReplayTiming } from "./replay/replayer.js";
import { loadScenarioFile } from "./scenarios/load-scenario-file.js";

/** The CLI's help text. */
export const CLI_USAGE = `Usage: openai-emulator [--port 4010] [--host 127.0.0.1] [--ids random|sequential] [--scenario file.json|.yaml]...

Serves an emulated OpenAI API (POST /v1/chat/completions, /v1/completions, GET /v1/models) for offline,
deterministic tests. Any non-empty API key is accepted.

  --scenario <file>   scripted answers (JSON or YAML; repeat to load several files, tried in order)
  --cassette <file>   record and replay exchanges in this JSONL cassette (docs/record-replay.md)
  --mode <mode>       replay (default), record, record-missing or replay-or-emulate
  --upstream <url>    the API to record from, e.g. https://api.openai.com/v1 (needs --mode record or record-missing)
  --timing <timing>   replay pacing: instant (default), original, or a factor such as 0.5 (0 = instant)
  --journal-limit <n>              requests the journal keeps (default 1000; 0 turns it off)
  --journal-max-bytes <size>       bytes of bodies the journal keeps in all, oldest forgotten first (default 64mb)
  --journal-max-body-bytes <size>  bytes kept of each body, the rest cut with a marker (default: half the budget)
  --control-token <token>          require this token (header x-emulator-control-token) on /__emulator/* endpoints
  --profile <profile>              openai (default) or compatible: answer as an OpenAI-compatible server that refuses
                                   stream_options, max_completion_tokens, tools' strict and the developer role

Sizes are bytes, or a number with kb, mb or gb (1024-based), e.g. 256mb.`;

/**
 * Runs the `openai-emulator` command: parses the arguments, starts the server and reports the base URL through
 * `print`. Returns the running server, or `undefined` for `--help`. Bad arguments throw an Error that says what to fix.
 *
 * @example
 * const server = await runCli(["--port", "0"], (line) => process.stdout.write(`${line}\n`));
 */
export async function runCli(argv: string[], print: (line: string) => void): Promise<ListeningServer | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      ids: { type: "string", default: "random" },
      scenario: { type: "string", multiple: true, default: [] },
      cassette: { type: "string" },
      mode: { type: "string" },
      upstream: { type: "string" },
      timing: { type: "string" },
      "journal-limit": { type: "string" },
      "journal-max-bytes": { type: "string" },
      "journal-max-body-bytes": { type: "string" },
      "control-token": { type: "string" },
      profile: { type: "string", default: "openai" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    print(CLI_USAGE);
    return undefined;
  }
  const port = Number(values.port);
  if (!/^\d+$/u.test(values.port) || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}".`);
  }
  if (values.ids !== "random" && values.ids !== "sequential") {
    throw new Error(`--ids must be "random" or "sequential", got "${values.ids}".`);
  }
  if (values.profile !== "openai" && values.profile !== "compatible") {
    throw new Error(`--profile must be "openai" or "compatible", got "${values.profile}".`);
  }
  const replay = readReplayOptions(values);
  const rules = [];
  for (const file of values.scenario) rules.push(...(await loadScenarioFile(file)).rules);
  const controlToken = values["control-token"];
  if (controlToken !== undefined && !/^[\x21-\x7e]+$/u.test(controlToken)) {
    throw new Error("--control-token must be non-empty visible ASCII without spaces (it is sent in a header), e.g. a long random string.");
  }
  const emulator = createEmulator({
    ids: values.ids,
    profile: values.profile,
    scenarios: { rules },
    replay,
    ...readJournalOptions(values),
    ...(controlToken === undefined ? {} : { controlToken }),
  });
  const listening = await emulator.listen(port, values.host);
  // Closing also waits for recordings in flight, so Ctrl-C never leaves a cassette without its last exchange.
  const server: ListeningServer = { url: listening.url, close: () => listening.close().then(() => emulator.flush()) };
  print(`OpenAI emulator listening. Point your client at it with:\n\n  OPENAI_BASE_URL=${server.url}\n  OPENAI_API_KEY=any-non-empty-key\n`);
  if (values.profile === "compatible") print("Profile: compatible (answers as an OpenAI-compatible server: stream_options, max_completion_tokens, tools' strict and the developer role are refused).");
  if (values.scenario.length > 0) {
    print(`Scenario: ${rules.length} rule${rules.length === 1 ? "" : "s"} from ${values.scenario.join(", ")}; unmatched requests get the built-in answers.`);
  }
  if (controlToken !== undefined) {
    print(
      `Control endpoints (/__emulator/*) need the control token: send the header\n\n  x-emulator-control-token: ${controlToken}\n\n` +
        `e.g. curl -H "x-emulator-control-token: ${controlToken}" ${server.url.replace(/\/v1$/u, "")}/__emulator/journal\n`,
    );
  }
  if (replay) {
    const from = replay.upstream ? `, recording from ${replay.upstream.baseURL}` : "";
    print(`Cassette: ${replay.cassette} (mode ${replay.mode ?? "replay"}${from}).`);
  }
  return server;
}

// The record and replay flags as ReplayOptions. The combinations are checked here too (createReplayer checks them
// again), so a mistake is reported in terms of the flags the user typed rather than of option names.
function readReplayOptions(values: { cassette?: string; mode?: string; upstream?: string; timing?: string }): ReplayOptions | undefined {
  const { cassette, mode, upstream, timing } = values;
  if (cassette === undefined) {
    const stray = (["mode", "upstream", "timing"] as const).filter((name) => values[name] !== undefined);
    if (stray.length > 0) throw new Error(`--${stray.join(", --")} ${stray.length === 1 ? "needs" : "need"} --cassette <file>.`);
    return undefined;
  }
  if (mode !== undefined && !REPLAY_MODES.includes(mode as ReplayMode)) {
    throw new Error(`--mode must be one of ${REPLAY_MODES.join(", ")}, got "${mode}".`);
  }
  const records = mode === "record" || mode === "record-missing";
  if (upstream !== undefined && !records) {
    const now = mode === undefined ? "Without --mode, the cassette is only replayed" : `--mode ${mode} never forwards a request`;
    throw new Error(`--upstream is used only by --mode record-missing and --mode record. ${now}, so the upstream would be ignored: add --mode record-missing (or record), or drop --upstream.`);
  }
  if (upstream === undefined && records) {
    throw new Error(`--mode ${mode} forwards requests to a real API, so it needs --upstream <url> (e.g. https://api.openai.com/v1).`);
  }
  // instant is the default, so it asks for nothing record mode leaves undone.
  if (timing !== undefined && timing !== "instant" && mode === "record") {
    throw new Error("--timing has no effect with --mode record, which never replays: drop --timing, or use --mode record-missing to replay what the cassette holds.");
  }
  return {
    cassette,
    ...(mode === undefined ? {} : { mode: mode as ReplayMode }),
    ...(upstream === undefined ? {} : { upstream: { baseURL: upstream } }),
    ...(timing === undefined ? {} : { timing: readTiming(timing) }),
  };
}

// The journal flags as EmulatorOptions; createJournal checks the values again.
function readJournalOptions(values: Record<string, unknown>): { journalLimit?: number; journalMaxBytes?: number; journalMaxBodyBytes?: number } {
  const options: { journalLimit?: number; journalMaxBytes?: number; journalMaxBodyBytes?: number } = {};
  const limit = values["journal-limit"];
  if (typeof limit === "string") {
    if (!/^\d+$/u.test(limit) || !Number.isSafeInteger(Number(limit))) throw new Error(`--journal-limit must be a whole number of requests (0 turns the journal off), got "${limit}".`);
    options.journalLimit = Number(limit);
  }
  const maxBytes = values["journal-max-bytes"];
  if (typeof maxBytes === "string") options.journalMaxBytes = readSize("--journal-max-bytes", maxBytes);
  const maxBodyBytes = values["journal-max-body-bytes"];
  if (typeof maxBodyBytes === "string") options.journalMaxBodyBytes = readSize("--journal-max-body-bytes", maxBodyBytes);
  return options;
}

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

// "1048576", "512kb", "64mb", "1.5gb": a whole number of bytes, 1 or more.
function readSize(flag: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/iu.exec(raw.trim());
  const unit = SIZE_UNITS[match?.[2]?.toLowerCase() ?? "?"];
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new Error(`${flag} must be a size of 1 byte or more, such as 1048576, 512kb or 64mb, got "${raw}".`);
  return bytes;
}

// A factor of 0 is accepted, as createReplayer accepts { scale: 0 }: it is the same as instant.
function readTiming(timing: string): ReplayTiming {
  if (timing === "instant" || timing === "original") return timing;
  if (!/^\d+(\.\d+)?$/u.test(timing)) {
    throw new Error(`--timing must be instant, original, or a positive factor such as 0.5 (or 0, the same as instant), got "${timing}".`);
  }
  return { scale: Number(timing) };
}
