import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import OpenAI from "openai";
import { createEmulator, type Emulator, type EmulatorOptions } from "../index.js";

/** An official SDK client wired to an in-process emulator (no port opened), with retries off so errors surface. */
export function createTestClient(options: EmulatorOptions = {}): { client: OpenAI; emulator: Emulator } {
  const emulator = createEmulator(options);
  const client = new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "test-key", fetch: emulator.fetch, maxRetries: 0 });
  return { client, emulator };
}

/** Sends a raw request to the emulator, as curl would. */
export function rawRequest(
  emulator: Emulator,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return emulator.fetch(
    new Request(`http://emulator.test${path}`, {
      method: init.method ?? (body === undefined ? "GET" : "POST"),
      headers: { authorization: "Bearer test-key", "content-type": "application/json", ...init.headers },
      body,
    }),
  );
}

/** The `data:` payloads of an SSE body, in order; `[DONE]` is kept as the string. Fails on any other framing. */
export async function readSseEvents(response: Response): Promise<Array<Record<string, unknown> | "[DONE]">> {
  const text = await response.text();
  if (!text.endsWith("\n\n")) throw new Error(`SSE body does not end with a blank line: ${JSON.stringify(text.slice(-40))}`);
  return text
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      if (!event.startsWith("data: ") || event.includes("\n")) throw new Error(`Bad SSE event: ${JSON.stringify(event)}`);
      const data = event.slice("data: ".length);
      return data === "[DONE]" ? "[DONE]" : (JSON.parse(data) as Record<string, unknown>);
    });
}

/** A user message, for brevity. */
export function user(content: string): OpenAI.ChatCompletionUserMessageParam {
  return { role: "user", content };
}

/** A strict weather tool used across tests. */
export const weatherTool: OpenAI.ChatCompletionFunctionTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", description: "City name" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        days: { anyOf: [{ type: "integer", minimum: 1, maximum: 7 }, { type: "null" }] },
      },
      required: ["city", "unit", "days"],
      additionalProperties: false,
    },
    strict: true,
  },
};

/** A non-strict tool with nested objects and arrays. */
export const searchTool: OpenAI.ChatCompletionFunctionTool = {
  type: "function",
  function: {
    name: "search_flights",
    description: "Search flights",
    parameters: {
      type: "object",
      properties: {
        from: { type: "string", pattern: "^[A-Z]{3}$" },
        to: { type: "string", pattern: "^[A-Z]{3}$" },
        passengers: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
            required: ["name"],
          },
        },
        flexible: { type: "boolean" },
      },
      required: ["from", "to", "passengers"],
    },
  },
};

/** Every line of every `.jsonl` file in a folder (files in name order), parsed: the recorded fixtures' format. */
export function readJsonLines<T>(folder: string): T[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .flatMap((name) =>
      readFileSync(path.join(folder, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as T),
    );
}

/** The truth set of the token counter: real requests and the usage the API reported (see its README). */
export const TRUTH_SET_FOLDER = path.join(__dirname, "../../../openai-tokens/src/__fixtures__/truth-set");
