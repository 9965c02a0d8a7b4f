import { parseArgs } from "node:util";
import { createEmulator } from "./emulator.js";
import type { ListeningServer } from "./node-server.js";
import { loadScenarioFile } from "./scenarios/load-scenario-file.js";

/** The CLI's help text. */
export const CLI_USAGE = `Usage: openai-emulator [--port 4010] [--host 127.0.0.1] [--ids random|sequential] [--scenario file.json|.yaml]...

Serves an emulated OpenAI API (POST /v1/chat/completions, /v1/completions, GET /v1/models) for offline,
deterministic tests. Any non-empty API key is accepted.

  --scenario <file>   scripted answers (JSON or YAML; repeat to load several files, tried in order)`;

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
  const rules = [];
  for (const file of values.scenario) rules.push(...(await loadScenarioFile(file)).rules);
  const server = await createEmulator({ ids: values.ids, scenarios: { rules } }).listen(port, values.host);
  print(`OpenAI emulator listening. Point your client at it with:\n\n  OPENAI_BASE_URL=${server.url}\n  OPENAI_API_KEY=any-non-empty-key\n`);
  if (values.scenario.length > 0) {
    print(`Scenario: ${rules.length} rule${rules.length === 1 ? "" : "s"} from ${values.scenario.join(", ")}; unmatched requests get the built-in answers.`);
  }
  return server;
}
