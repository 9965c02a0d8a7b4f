import { describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { createEmulator } from "./emulator.js";
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

describe("openai-emulator --scenario", () => {
  const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

  it("serves the scripted answers of docs/scenarios.json to any client", async () => {
    const lines: string[] = [];
    const server = await runCli(["--port", "0", "--scenario", path.join(repoRoot, "docs/scenarios.json")], (line) => lines.push(line));
    try {
      expect(lines.join("\n")).toMatch(/Scenario: 7 rules from .*docs\/scenarios\.json/);
      const client = new OpenAI({ baseURL: server?.url, apiKey: "any", maxRetries: 0 });
      const hello = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello there" }] });
      expect(hello.choices[0]?.message.content).toBe("Hello! I am a scripted answer from docs/scenarios.json.");
      const refusal = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "How do I pick a lock?" }] });
      expect(refusal.choices[0]?.message).toMatchObject({ content: null, refusal: "I can't help with that." });
      await expect(client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "rate limit me" }] })).rejects.toBeInstanceOf(
        OpenAI.RateLimitError,
      );
    } finally {
      await server?.close();
    }
  });

  it("loads YAML, and several files in order", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emulator-cli-"));
    const first = path.join(dir, "first.yaml");
    const second = path.join(dir, "second.json");
    writeFileSync(first, "rules:\n  - match: { lastUserMessage: ping }\n    respond: { text: pong }\n");
    writeFileSync(second, JSON.stringify({ rules: [{ respond: { text: "catch-all" } }] }));
    const server = await runCli(["--port", "0", "--scenario", first, "--scenario", second], () => undefined);
    try {
      const client = new OpenAI({ baseURL: server?.url, apiKey: "any", maxRetries: 0 });
      const ask = async (content: string) =>
        (await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }] })).choices[0]?.message.content;
      expect([await ask("ping"), await ask("other")]).toEqual(["pong", "catch-all"]);
    } finally {
      await server?.close();
    }
  });

  it("refuses to start with an invalid scenario, naming the file, the rule and the field", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "emulator-cli-"));
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ rules: [{ name: "oops", respond: { finishReason: "done" } }] }));
    await expect(runCli(["--port", "0", "--scenario", file], () => undefined)).rejects.toThrow(
      new RegExp(`Invalid scenario in ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(1 problem\\):\\n- rule 1 \\("oops"\\), rules\\[0\\]\\.respond\\.finishReason: must be one of stop, length`),
    );
    await expect(runCli(["--port", "0", "--scenario", path.join(dir, "missing.json")], () => undefined)).rejects.toThrow(/missing\.json.*cannot be read/s);
  });
});

describe("openai-emulator --cassette", () => {
  it("records from an upstream with --mode record, then replays offline with the same answers", async () => {
    const upstream = await createEmulator().listen();
    const cassette = path.join(mkdtempSync(path.join(tmpdir(), "emulator-cli-")), "chat.jsonl");
    const request = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Record me" }] };
    try {
      const lines: string[] = [];
      const recorder = await runCli(["--port", "0", "--cassette", cassette, "--mode", "record", "--upstream", upstream.url], (line) => lines.push(line));
      const recorded = await new OpenAI({ baseURL: recorder?.url, apiKey: "sk-cli-secret-key", maxRetries: 0 }).chat.completions.create(request);
      await recorder?.close();
      expect(lines.join("\n")).toContain(`Cassette: ${cassette} (mode record, recording from ${upstream.url}).`);
      expect(readFileSync(cassette, "utf8")).not.toContain("sk-cli-secret-key");

      const player = await runCli(["--port", "0", "--cassette", cassette, "--timing", "0.5"], () => undefined);
      try {
        const client = new OpenAI({ baseURL: player?.url, apiKey: "any", maxRetries: 0 });
        expect(await client.chat.completions.create(request)).toEqual(recorded);
        await expect(client.chat.completions.create({ ...request, messages: [{ role: "user", content: "Never recorded" }] })).rejects.toMatchObject({
          status: 400,
          code: "cassette_miss",
        });
      } finally {
        await player?.close();
      }
    } finally {
      await upstream.close();
    }
  });

  it.each([
    [["--mode", "record"], /--mode needs --cassette <file>/],
    [["--cassette", "x.jsonl", "--mode", "rewind"], /--mode must be one of replay, record, record-missing, replay-or-emulate, got "rewind"/],
    [["--cassette", "x.jsonl", "--timing", "fast"], /--timing must be instant, original, or a positive factor/],
  ])("rejects %j with a message that says what to fix", async (argv, message) => {
    await expect(runCli(["--port", "0", ...argv], () => undefined)).rejects.toThrow(message);
  });
});

describe("openai-emulator record and replay flag combinations", () => {
  const cassette = () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "emulator-cli-")), "chat.jsonl");
    writeFileSync(file, "");
    return file;
  };

  it.each([
    [["--upstream", "https://api.openai.com/v1"], /^--upstream is used only by --mode record-missing and --mode record\. Without --mode, the cassette is only replayed, so the upstream would be ignored: add --mode record-missing \(or record\), or drop --upstream\.$/],
    [["--mode", "replay", "--upstream", "https://api.openai.com/v1"], /--upstream is used only by .*--mode replay never forwards a request/],
    [["--mode", "replay-or-emulate", "--upstream", "https://api.openai.com/v1"], /--mode replay-or-emulate never forwards a request/],
    [["--mode", "record"], /^--mode record forwards requests to a real API, so it needs --upstream <url> \(e\.g\. https:\/\/api\.openai\.com\/v1\)\.$/],
    [["--mode", "record-missing"], /^--mode record-missing forwards requests to a real API, so it needs --upstream <url>/],
    [["--mode", "record", "--upstream", "https://api.openai.com/v1", "--timing", "original"], /^--timing has no effect with --mode record, which never replays/],
    [["--timing=-0.5"], /--timing must be instant, original, or a positive factor such as 0\.5 \(or 0, the same as instant\), got "-0\.5"/],
  ])("rejects --cassette with %j, naming the flags and the fix", async (argv, message) => {
    await expect(runCli(["--port", "0", "--cassette", cassette(), ...argv], () => undefined)).rejects.toThrow(message);
  });

  it("accepts --timing 0, the same as instant, as createReplayer accepts { scale: 0 }", async () => {
    const server = await runCli(["--port", "0", "--cassette", cassette(), "--timing", "0"], () => undefined);
    await server?.close();
    expect(server?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("accepts --upstream with --mode record-missing, and records through it", async () => {
    const upstream = await createEmulator().listen();
    const file = cassette();
    try {
      const lines: string[] = [];
      const recorder = await runCli(["--port", "0", "--cassette", file, "--mode", "record-missing", "--upstream", upstream.url, "--timing", "original"], (line) => lines.push(line));
      await new OpenAI({ baseURL: recorder?.url, apiKey: "any", maxRetries: 0 }).models.list();
      await recorder?.close();
      expect(lines.join("\n")).toContain(`(mode record-missing, recording from ${upstream.url}).`);
      expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(1);
    } finally {
      await upstream.close();
    }
  });
});
