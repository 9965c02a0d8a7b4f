import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { rawRequest, user } from "./__tests__/helpers.js";
import { createEmulator } from "./index.js";
import { runCli } from "./run-cli.js";

const TOKEN = "ctl-0123456789abcdef";

function control(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Request {
  return new Request(`http://emulator.test${path}`, { method: init.method ?? (init.body === undefined ? "GET" : "POST"), headers: init.headers, body: init.body });
}

describe("control endpoints and CORS", () => {
  it("sends no CORS headers on /__emulator/*, preflight included, while the OpenAI routes keep theirs", async () => {
    const emulator = createEmulator();
    const origin = { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "content-type" };
    for (const path of ["/__emulator/journal", "/__emulator/scenarios", "/__emulator/reset"]) {
      const preflight = await emulator.fetch(control(path, { method: "OPTIONS", headers: origin }));
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    }
    const journal = await emulator.fetch(control("/__emulator/journal"));
    expect(journal.status).toBe(200);
    expect(journal.headers.get("access-control-allow-origin")).toBeNull();
    const openai = await emulator.fetch(control("/v1/chat/completions", { method: "OPTIONS", headers: origin }));
    expect(openai.headers.get("access-control-allow-origin")).toBe("*");
    expect((await rawRequest(emulator, "/v1/models")).headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses a web page of another origin with 403, even for requests a browser sends without a preflight", async () => {
    const emulator = createEmulator();
    const reset = await emulator.fetch(control("/__emulator/reset", { method: "POST", headers: { origin: "https://evil.example", "content-type": "text/plain" }, body: "" }));
    expect(reset.status).toBe(403);
    expect(await reset.json()).toEqual({
      error: {
        message: expect.stringContaining("do not answer web pages of another origin (this request came from https://evil.example)"),
        type: "permission_error",
        param: null,
        code: "control_origin_refused",
      },
    });
    const scenario = await emulator.fetch(control("/__emulator/scenarios", { headers: { origin: "null", "content-type": "text/plain" }, body: '[{"respond":{"text":"pwned"}}]' }));
    expect(scenario.status).toBe(403);
    expect(emulator.scenarios.list()).toEqual([]);
    // The emulator's own origin (a page it served) and callers without an Origin header (curl, Node) pass.
    expect((await emulator.fetch(control("/__emulator/journal", { headers: { origin: "http://emulator.test" } }))).status).toBe(200);
  });

  it("needs no token when none is configured: every control endpoint works as before", async () => {
    const emulator = createEmulator();
    const posted = await emulator.fetch(control("/__emulator/scenarios", { headers: { "content-type": "application/json" }, body: '[{"respond":{"text":"scripted"}}]' }));
    expect(posted.status).toBe(200);
    expect((await emulator.fetch(control("/__emulator/journal"))).status).toBe(200);
    expect((await emulator.fetch(control("/__emulator/reset", { method: "POST" }))).status).toBe(200);
  });

  it("answers 401 without the configured token, and serves the request that carries it (header or bearer)", async () => {
    const emulator = createEmulator({ controlToken: TOKEN });
    const missing = await emulator.fetch(control("/__emulator/journal"));
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: {
        message:
          "The emulator's control endpoints (/__emulator/*) need the control token this emulator was started with: send it in the " +
          "x-emulator-control-token header (or as Authorization: Bearer <token>). The CLI prints it at start (--control-token).",
        type: "invalid_request_error",
        param: null,
        code: "missing_control_token",
      },
    });
    const wrong = await emulator.fetch(control("/__emulator/reset", { method: "POST", headers: { "x-emulator-control-token": "guess" } }));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("invalid_control_token");
    // An OpenAI key in Authorization is not the control token either.
    expect((await emulator.fetch(control("/__emulator/journal", { headers: { authorization: "Bearer sk-test" } }))).status).toBe(401);
    expect((await emulator.fetch(control("/__emulator/journal", { headers: { "x-emulator-control-token": TOKEN } }))).status).toBe(200);
    expect((await emulator.fetch(control("/__emulator/journal", { headers: { authorization: `Bearer ${TOKEN}` } }))).status).toBe(200);
  });

  it("leaves the OpenAI routes alone when a token is set", async () => {
    const emulator = createEmulator({ controlToken: TOKEN });
    const client = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "sk-test", fetch: emulator.fetch, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [user("hello")] });
    expect(completion.choices[0]?.message.role).toBe("assistant");
  });

  it("refuses a control token that cannot travel in a header", () => {
    expect(() => createEmulator({ controlToken: "" })).toThrow(TypeError);
    expect(() => createEmulator({ controlToken: "two words" })).toThrow(/visible ASCII characters without spaces/u);
  });

  it("takes --control-token on the CLI, prints it, and enforces it over HTTP", async () => {
    const lines: string[] = [];
    const server = await runCli(["--port", "0", "--control-token", TOKEN], (line) => lines.push(line));
    try {
      const printed = lines.join("\n");
      expect(printed).toContain(`x-emulator-control-token: ${TOKEN}`);
      const root = server!.url.replace(/\/v1$/u, "");
      expect((await fetch(`${root}/__emulator/journal`)).status).toBe(401);
      expect((await fetch(`${root}/__emulator/journal`, { headers: { "x-emulator-control-token": TOKEN } })).status).toBe(200);
      expect((await fetch(`${server!.url}/models`, { headers: { authorization: "Bearer any" } })).status).toBe(200);
    } finally {
      await server?.close();
    }
    await expect(runCli(["--control-token", "a b"], () => undefined)).rejects.toThrow(/--control-token must be non-empty visible ASCII/u);
  });
});
