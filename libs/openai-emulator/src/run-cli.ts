import { parseArgs } from "node:util";
import { createEmulator } from "./emulator.js";
import type { ListeningServer } from "./node-server.js";

/** The CLI's help text. */
export const CLI_USAGE = `Usage: openai-emulator [--port 4010] [--host 127.0.0.1] [--ids random|sequential]

Serves an emulated OpenAI API (POST /v1/chat/completions, GET /v1/models) for offline, deterministic tests.
Any non-empty API key is accepted.`;

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
  const server = await createEmulator({ ids: values.ids }).listen(port, values.host);
  print(`OpenAI emulator listening. Point your client at it with:\n\n  OPENAI_BASE_URL=${server.url}\n  OPENAI_API_KEY=any-non-empty-key\n`);
  return server;
}
