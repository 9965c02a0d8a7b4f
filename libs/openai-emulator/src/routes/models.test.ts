import { describe, expect, it } from "@jest/globals";
import { builtInModels, type EmulatorModelEntry, type ModelProfile } from "../index.js";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";

describe("GET /v1/models", () => {
  it("lists the whole table, legacy models included, with exactly the real API's four fields", async () => {
    const { client } = createTestClient();
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => model.id)).toEqual(builtInModels().map((model) => model.id));
    expect(models.map((model) => model.id)).toEqual(expect.arrayContaining(["gpt-3.5-turbo-instruct", "davinci-002", "babbage-002"]));
    for (const model of models) expect(Object.keys(model).sort()).toEqual(["created", "id", "object", "owned_by"]);
    await expect(client.models.retrieve("gpt-3.5-turbo-instruct")).resolves.toEqual({
      id: "gpt-3.5-turbo-instruct",
      object: "model",
      created: 1692901427,
      owned_by: "system",
    });
  });
});

describe("GET /__emulator/models (emulator only)", () => {
  async function table(options: Parameters<typeof createTestClient>[0] = {}): Promise<EmulatorModelEntry[]> {
    const { emulator } = createTestClient(options);
    // No key needed: the endpoint is the emulator's, not OpenAI's.
    const response = await rawRequest(emulator, "/__emulator/models", { headers: { authorization: "" } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: EmulatorModelEntry[] };
    expect(body.object).toBe("list");
    return body.data;
  }

  it("exposes every model's snapshot, encoding, limits, capabilities and reasoning efforts", async () => {
    const entries = await table();
    expect(entries.map((entry) => entry.id)).toEqual(builtInModels().map((model) => model.id));
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    expect(byId.get("gpt-3.5-turbo-instruct")).toEqual({
      id: "gpt-3.5-turbo-instruct",
      object: "model",
      snapshot: "gpt-3.5-turbo-instruct:20230824-v2",
      created: 1692901427,
      owned_by: "system",
      encoding: "cl100k_base",
      context_window: 4096,
      max_output_tokens: 4096,
      capabilities: { chat: false, completions: true, tools: false, json_schema: false, vision: false, audio_input: false, web_search: false, stop: true, reasoning: false },
      reasoning_efforts: [],
    });
    expect(byId.get("gpt-4o-mini")).toMatchObject({
      snapshot: "gpt-4o-mini-2024-07-18",
      encoding: "o200k_base",
      context_window: 128000,
      max_output_tokens: 16384,
      capabilities: { chat: true, completions: false, tools: true, json_schema: true, vision: true, reasoning: false },
    });
    expect(byId.get("gpt-5")).toMatchObject({ capabilities: { reasoning: true }, reasoning_efforts: ["minimal", "low", "medium", "high"] });
    expect(byId.get("o3-mini")).toMatchObject({ capabilities: { vision: false, reasoning: true }, reasoning_efforts: ["low", "medium", "high"] });
    expect(byId.get("gpt-3.5-turbo")?.capabilities).toMatchObject({ json_schema: false, vision: false });
    expect(byId.get("gpt-4o-audio-preview")?.capabilities).toMatchObject({ audio_input: true, vision: false, web_search: false });
    expect(byId.get("gpt-4o-search-preview")?.capabilities).toMatchObject({ web_search: true, tools: false });
    expect(byId.get("o3-mini")?.capabilities.stop).toBe(true);
    expect(byId.get("gpt-5")?.capabilities.stop).toBe(false);
    for (const id of ["davinci-002", "babbage-002"]) {
      expect(byId.get(id)).toMatchObject({ snapshot: id, encoding: "cl100k_base", context_window: 16384, capabilities: { chat: false, completions: true } });
    }
  });

  it("follows a table passed to createEmulator, filling left-out capabilities with a chat model's defaults", async () => {
    const custom: ModelProfile = { id: "house-model", snapshot: "house-model-v2", created: 42, ownedBy: "acme", encoding: "o200k_base", contextWindow: 1000, maxOutputTokens: 100, reasoning: true };
    const [entry] = await table({ models: [custom] });
    expect(entry).toEqual({
      id: "house-model",
      object: "model",
      snapshot: "house-model-v2",
      created: 42,
      owned_by: "acme",
      encoding: "o200k_base",
      context_window: 1000,
      max_output_tokens: 100,
      capabilities: { chat: true, completions: false, tools: true, json_schema: true, vision: true, audio_input: false, web_search: false, stop: false, reasoning: true },
      reasoning_efforts: ["none", "minimal", "low", "medium", "high", "xhigh", "max"],
    });
  });
});
