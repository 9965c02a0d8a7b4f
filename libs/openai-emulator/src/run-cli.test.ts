import { describe, expect, it } from "@jest/globals";
import { runCli } from "./run-cli.js";

describe("openai-emulator CLI", () => {
  it("serves the API and prints the base URL to use", async () => {
    const lines: string[] = [];
    const server = await runCli(["--port", "0", "--host", "127.0.0.1"], (line) => lines.push(line));
    try {
      const printed = lines.join("\n");
      const url = /OPENAI_BASE_URL=(\S+)/u.exec(printed)?.[1];
      expect(url).toBe(server?.url);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${url}/models`, { headers: { authorization: "Bearer any" } });
      expect(response.status).toBe(200);
    } finally {
      await server?.close();
    }
  });

  it("prints usage for --help without starting a server", async () => {
    const lines: string[] = [];
    await expect(runCli(["--help"], (line) => lines.push(line))).resolves.toBeUndefined();
    expect(lines.join("\n")).toMatch(/^Usage: openai-emulator/);
  });

  it.each([
    [["--port", "http"], /--port must be an integer from 0 to 65535, got "http"/],
    [["--port", "70000"], /--port must be an integer/],
    [["--ids", "uuid"], /--ids must be "random" or "sequential"/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("rejects %j with a message that says what to fix", async (argv, message) => {
    await expect(runCli(argv, () => undefined)).rejects.toThrow(message);
  });
});
