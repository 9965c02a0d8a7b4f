import { describe, expect, it } from "@jest/globals";
import OpenAI, { AzureOpenAI } from "openai";
import { createEmulator, type Emulator } from "../index.js";
import { user } from "../__tests__/helpers.js";

const apiVersion = "2024-10-21";

function azureClient(emulator: Emulator, deployment: string, version = apiVersion): AzureOpenAI {
  return new AzureOpenAI({ endpoint: "http://emulator.test", apiKey: "azure-key", apiVersion: version, deployment, fetch: emulator.fetch, maxRetries: 0 });
}

/** A raw Azure request, as curl would send it: `api-key` header, no Authorization. */
function azureRequest(emulator: Emulator, path: string, body: unknown, headers: Record<string, string> = { "api-key": "azure-key" }): Promise<Response> {
  return emulator.fetch(
    new Request(`http://emulator.test${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
  );
}

const chatBody = { messages: [user("Hello from Azure")] };

describe("Azure OpenAI through the SDK's AzureOpenAI client", () => {
  it("answers chat completions at /openai/deployments/{deployment}, with the api-key header", async () => {
    const emulator = createEmulator();
    const seen: Request[] = [];
    const client = new AzureOpenAI({
      endpoint: "http://emulator.test",
      apiKey: "azure-key",
      apiVersion,
      deployment: "gpt-4o-mini",
      maxRetries: 0,
      fetch: (url, init) => {
        seen.push(new Request(url as string, init));
        return emulator.fetch(url as string, init);
      },
    });
    const completion = await client.chat.completions.create({ model: "gpt-4o-mini", ...chatBody });
    expect(completion).toMatchObject({ object: "chat.completion", model: "gpt-4o-mini-2024-07-18", choices: [{ finish_reason: "stop" }] });
    expect(completion.choices[0]?.message.content).toContain("Hello from Azure");
    expect(new URL(seen[0]!.url).pathname).toBe("/openai/deployments/gpt-4o-mini/chat/completions");
    expect(new URL(seen[0]!.url).searchParams.get("api-version")).toBe(apiVersion);
    expect(seen[0]!.headers.get("api-key")).toBe("azure-key");
  });

  it("streams, and gives the same content as the OpenAI path", async () => {
    const emulator = createEmulator();
    let streamed = "";
    for await (const chunk of await azureClient(emulator, "gpt-4o-mini").chat.completions.create({ model: "gpt-4o-mini", ...chatBody, stream: true })) {
      streamed += chunk.choices[0]?.delta.content ?? "";
    }
    const openai = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0 });
    const direct = await openai.chat.completions.create({ model: "gpt-4o-mini", ...chatBody });
    expect(streamed).toBe(direct.choices[0]?.message.content);
  });

  it("serves legacy completions at /openai/deployments/{deployment}/completions, reading Azure's gpt-35 spelling", async () => {
    const emulator = createEmulator();
    const completion = await azureClient(emulator, "gpt-35-turbo-instruct").completions.create({ model: "gpt-35-turbo-instruct", prompt: "Say hi", max_tokens: 5 });
    expect(completion).toMatchObject({ object: "text_completion", model: "gpt-3.5-turbo-instruct:20230824-v2", choices: [{ finish_reason: "length" }] });
  });

  it("uses the deployment as the model when the body has none, and the body's model when it names a known one", async () => {
    const emulator = createEmulator();
    const bare = await azureRequest(emulator, `/openai/deployments/gpt-4.1/chat/completions?api-version=${apiVersion}`, chatBody);
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as OpenAI.ChatCompletion).model).toBe("gpt-4.1-2025-04-14");
    expect(bare.headers.get("apim-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const named = await azureRequest(emulator, `/openai/deployments/prod-chat/chat/completions?api-version=${apiVersion}`, { ...chatBody, model: "gpt-4o" });
    expect(((await named.json()) as OpenAI.ChatCompletion).model).toBe("gpt-4o-2024-08-06");
  });

  it("accepts an Entra ID bearer token instead of api-key", async () => {
    const emulator = createEmulator();
    const response = await azureRequest(emulator, `/openai/deployments/gpt-4o/chat/completions?api-version=${apiVersion}`, chatBody, {
      authorization: "Bearer eyJ0eXAi.token",
    });
    expect(response.status).toBe(200);
  });

  it("serves the v1 API at /openai/v1/…, where the body names the deployment and no dated version is needed", async () => {
    const emulator = createEmulator();
    const v1 = new OpenAI({ baseURL: "http://emulator.test/openai/v1", apiKey: "azure-key", fetch: emulator.fetch, maxRetries: 0 });
    await expect(v1.chat.completions.create({ model: "gpt-5-mini", ...chatBody })).resolves.toHaveProperty("model", "gpt-5-mini-2025-08-07");
    await expect(v1.completions.create({ model: "davinci-002", prompt: "x", max_tokens: 2 })).resolves.toHaveProperty("object", "text_completion");
    const preview = await azureRequest(emulator, "/openai/v1/chat/completions?api-version=preview", { ...chatBody, model: "gpt-4o" });
    expect(preview.status).toBe(200);
  });
});

describe("Azure's gateway errors, in Azure's envelope", () => {
  it.each([
    ["no api-version: 404 Resource not found", "/openai/deployments/gpt-4o/chat/completions", chatBody, 404, { code: "404", message: "Resource not found" }],
    ["a malformed api-version", "/openai/deployments/gpt-4o/chat/completions?api-version=latest", chatBody, 400, { code: "BadRequest", message: "API version not supported" }],
    ["a dated api-version on the v1 API", "/openai/v1/chat/completions?api-version=2025-01-01-preview", { ...chatBody, model: "gpt-4o" }, 400, { code: "BadRequest", message: "API version not supported" }],
    [
      "an unknown deployment",
      `/openai/deployments/no-such-deployment/completions?api-version=${apiVersion}`,
      { prompt: "x" },
      404,
      {
        code: "DeploymentNotFound",
        message: "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
      },
    ],
  ])("answers %s", async (_case, path, body, status, error) => {
    const response = await azureRequest(createEmulator(), path, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error });
  });

  it("answers a missing key with Azure's 401, which the SDK raises as AuthenticationError", async () => {
    const emulator = createEmulator();
    const response = await azureRequest(emulator, `/openai/deployments/gpt-4o/chat/completions?api-version=${apiVersion}`, chatBody, {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        code: "401",
        message:
          "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription " +
          "and use a correct regional API endpoint for your resource.",
      },
    });
    const unversioned = azureClient(emulator, "gpt-4o", "not-a-version");
    await expect(unversioned.chat.completions.create({ model: "gpt-4o", ...chatBody })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("passes the model's own errors through in OpenAI's envelope", async () => {
    const emulator = createEmulator();
    const response = await azureRequest(emulator, `/openai/deployments/gpt-4o/chat/completions?api-version=${apiVersion}`, { ...chatBody, temperature: 3 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
        type: "invalid_request_error",
        param: "temperature",
        code: "decimal_above_max_value",
      },
    });
    const wrongEndpoint = await azureRequest(emulator, `/openai/deployments/gpt-4o/completions?api-version=${apiVersion}`, { prompt: "x" });
    expect(wrongEndpoint.status).toBe(404);
    expect(((await wrongEndpoint.json()) as { error: { message: string } }).error.message).toMatch(/^This is a chat model and not supported in the v1\/completions endpoint/);
  });
});

describe("faults on Azure paths", () => {
  it("reads a +fault= suffix on the body's model or the deployment name, as on OpenAI's paths", async () => {
    const emulator = createEmulator();
    const onBody = await azureRequest(emulator, `/openai/deployments/gpt-4o-mini/chat/completions?api-version=${apiVersion}`, { ...chatBody, model: "gpt-4o-mini+fault=503" });
    expect(onBody.status).toBe(503);
    const onV1 = await azureRequest(emulator, "/openai/v1/chat/completions", { ...chatBody, model: "gpt-4o-mini+fault=429" });
    expect(onV1.status).toBe(429);
    const client = azureClient(emulator, "gpt-4o-mini+fault=500");
    await expect(client.chat.completions.create({ model: "gpt-4o-mini", ...chatBody })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
  });

  it("sends apim-request-id with errors from the OpenAI handler (faults and validation)", async () => {
    const emulator = createEmulator();
    const path = `/openai/deployments/gpt-4o-mini/chat/completions?api-version=${apiVersion}`;
    const fault = await azureRequest(emulator, path, chatBody, { "api-key": "azure-key", "x-emulator-fault": "500" });
    const invalid = await azureRequest(emulator, path, { messages: [] });
    expect([fault.status, invalid.status]).toEqual([500, 400]);
    for (const response of [fault, invalid]) expect(response.headers.get("apim-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
