import { parseArgs } from "node:util";
import { createEmulator } from "./emulator.js";

const USAGE = `Usage: openai-emulator [--port 4010] [--host 127.0.0.1] [--ids random|sequential]

Serves an emulated OpenAI API (POST /v1/chat/completions, GET /v1/models) for offline, deterministic tests.
Any non-empty API key is accepted.`;

/** Parses the command line, starts the server, and stops it cleanly on SIGINT or SIGTERM. */
async function main(argv: string[]): Promise<void> {
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
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}".`);
  }
  if (values.ids !== "random" && values.ids !== "sequential") {
    throw new Error(`--ids must be "random" or "sequential", got "${values.ids}".`);
  }
  const server = await createEmulator({ ids: values.ids }).listen(port, values.host);
  console.log(`OpenAI emulator listening. Point your client at it with:\n\n  OPENAI_BASE_URL=${server.url}\n  OPENAI_API_KEY=any-non-empty-key\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`openai-emulator: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(1);
});
