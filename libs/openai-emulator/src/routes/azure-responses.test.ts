import { describe, expect, it } from "@jest/globals";
import { AzureOpenAI } from "openai";
import { createEmulator, type Emulator } from "../index.js";

const RESPONSES_VERSION = "2025-04-01-preview";

function azureRequest(emulator: Emulator, path: string, body: unknown, headers: Record<string, string> = { "api-key": "azure-key" }): Promise<Response> {
  return emulator.fetch(
    new Request(`http://emulator.test${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
  );
}

function events(text: string): Array<{ event: string | undefined; data: Record<string, unknown> }> {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const event = /^event: (.*)$/mu.exec(block)?.[1];
      const data = /^data: (.*)$/mu.exec(block)?.[1] ?? "{}";
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe("Azure's Responses routes", () => {
  it("answers the SDK's AzureOpenAI client at /openai/responses?api-version=…, the body's model naming the deployment", async () => {
    const emulator = createEmulator();
    const seen: Request[] = [];
    const client = new AzureOpenAI({
      endpoint: "http://emulator.test",
      apiKey: "azure-key",
      apiVersion: RESPONSES_VERSION,
      maxRetries: 0,
      fetch: (url, init) => {
        seen.push(new Request(url as string, init));
        return emulator.fetch(url as string, init);
      },
    });
    const response = await client.responses.create({ model: "gpt-4o-mini", input: "Hello from Azure" });
    expect(response).toMatchObject({ object: "response", status: "completed", model: "gpt-4o-mini-2024-07-18" });
    expect(response.output_text).toContain("Hello from Azure");
    expect(new URL(seen[0]!.url).pathname).toBe("/openai/responses");
    expect(new URL(seen[0]!.url).searchParams.get("api-version")).toBe(RESPONSES_VERSION);
  });

  it("serves /openai/v1/responses without a dated version, and with an Entra ID bearer token", async () => {
    const emulator = createEmulator();
    const response = await azureRequest(emulator, "/openai/v1/responses", { model: "gpt-4o-mini", input: "Hi" }, { authorization: "Bearer entra-token" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "response", status: "completed" });
  });

  it("refuses an api-version older than 2025-03-01-preview with the error Azure gives", async () => {
    const emulator = createEmulator();
    const response = await azureRequest(emulator, "/openai/responses?api-version=2024-10-21", { model: "gpt-4o-mini", input: "Hi" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "BadRequest", message: "Azure OpenAI Responses API is enabled only for api-version 2025-03-01-preview and later" },
    });
    const first = await azureRequest(emulator, "/openai/responses?api-version=2025-03-01-preview", { model: "gpt-4o-mini", input: "Hi" });
    expect(first.status).toBe(200);
  });

  it.each([
    ["no api-version on the dated path", "/openai/responses", { "api-key": "azure-key" }, 404, "404"],
    ["an undated api-version on the dated path", "/openai/responses?api-version=v1", { "api-key": "azure-key" }, 400, "BadRequest"],
    ["a dated api-version on the v1 path", `/openai/v1/responses?api-version=${RESPONSES_VERSION}`, { "api-key": "azure-key" }, 400, "BadRequest"],
    ["no key", `/openai/responses?api-version=${RESPONSES_VERSION}`, {}, 401, "401"],
  ])("applies Azure's gateway rules: %s", async (_name, path, headers, status, code) => {
    const response = await azureRequest(createEmulator(), path, { model: "gpt-4o-mini", input: "Hi" }, headers);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it("answers a model it does not know as an unknown deployment", async () => {
    const response = await azureRequest(createEmulator(), `/openai/responses?api-version=${RESPONSES_VERSION}`, { model: "prod-chat", input: "Hi" });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("DeploymentNotFound");
  });
});

describe("Azure's content filter on the Responses routes", () => {
  const blocked = { model: "gpt-4o-mini+fault=content-filter", input: "Hi" };

  it("answers a blocked prompt, not streamed, with Azure's 400 content_filter body", async () => {
    const response = await azureRequest(createEmulator(), "/openai/v1/responses", blocked);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "content_filter", param: "prompt", type: null, status: 400, innererror: { code: "ResponsibleAIPolicyViolation" } },
    });
  });

  it("answers a blocked prompt, streamed, with 200 then response.created, response.failed (error null) and an error event", async () => {
    for (const path of ["/openai/v1/responses", `/openai/responses?api-version=${RESPONSES_VERSION}`]) {
      const response = await azureRequest(createEmulator(), path, { ...blocked, stream: true });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const received = events(await response.text());
      expect(received.map((event) => event.event)).toEqual(["response.created", "response.failed", "error"]);
      expect(received[1]?.data.response).toMatchObject({ status: "failed", error: null, model: "gpt-4o-mini", content_filters: null });
      expect(received[2]?.data).toMatchObject({ type: "error", sequence_number: 2, error: { code: "content_policy_violation" } });
    }
  });

});
