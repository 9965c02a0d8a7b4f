import { CLI_USAGE, runCli } from "./run-cli.js";

// The executable: everything testable lives in runCli; this file owns the process (output, signals, exit code).
runCli(process.argv.slice(2), (line) => console.log(line))
  .then((server) => {
    if (!server) return;
    const stop = () => void server.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  })
  .catch((error: unknown) => {
    console.error(`openai-emulator: ${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`);
    process.exit(1);
  });
