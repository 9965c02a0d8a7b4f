import { createEmulator, type Emulator, type EmulatorOptions } from "@tessera/openai-emulator";
import { OpenAI } from "../llms/openai.js";
import type { OpenAIFields } from "../llms/openai-fields.js";
import type { RecordedRequest } from "./test-model.js";

/** Test wiring: an OpenAI LLM talking to an in-process emulator, with every request recorded. */
export interface TestLLM {
  llm: OpenAI;
  emulator: Emulator;
  requests: RecordedRequest[];
}

/** Creates an OpenAI LLM against an emulator (custom base URL, key "test-key"). */
export function createTestLLM(fields: OpenAIFields = {}, emulatorOptions: EmulatorOptions = {}): TestLLM {
  const emulator = createEmulator(emulatorOptions);
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    requests.push({ url: request.url, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: request.headers });
    const response = await emulator.fetch(request);
    // A real fetch rejects when its signal aborts while the request is in flight.
    request.signal.throwIfAborted();
    return response;
  };
  const llm = new OpenAI({ apiKey: "test-key", ...fields, configuration: { baseURL: "http://emulator.test/v1", ...fields.configuration, fetch } });
  return { llm, emulator, requests };
}
