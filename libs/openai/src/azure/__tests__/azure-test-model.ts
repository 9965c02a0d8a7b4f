import { createEmulator, type Emulator, type EmulatorOptions } from "@tessera/openai-emulator";
import { AzureChatOpenAI } from "../azure-chat-openai.js";
import type { AzureChatOpenAIFields } from "../azure-chat-openai-fields.js";

/** A request as it left the client: its URL and headers, and the emulator's status for it. */
export interface SentRequest {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
  status: number;
}

/** An AzureChatOpenAI whose requests go to an in-process emulator (whatever host they name), all recorded. */
export interface AzureTestModel {
  llm: AzureChatOpenAI;
  emulator: Emulator;
  sent: SentRequest[];
}

/**
 * Creates an AzureChatOpenAI wired to an emulator through `configuration.fetch`: the URL the SDK builds (e.g.
 * `https://my-resource.openai.azure.com/openai/deployments/…`) reaches the emulator's Azure route unchanged.
 */
export function createAzureTestModel(fields: AzureChatOpenAIFields, emulatorOptions: EmulatorOptions = {}): AzureTestModel {
  const emulator = createEmulator(emulatorOptions);
  const sent: SentRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    const response = await emulator.fetch(request);
    sent.push({ url: request.url, headers: request.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, status: response.status });
    return response;
  };
  const llm = new AzureChatOpenAI({ maxRetries: 0, ...fields, configuration: { ...fields.configuration, fetch } });
  return { llm, emulator, sent };
}

const AZURE_VARIABLES = [
  "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_API_INSTANCE_NAME", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_BASE_PATH",
  "AZURE_OPENAI_API_DEPLOYMENT_NAME", "AZURE_OPENAI_API_VERSION", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID",
  "OPENAI_ORGANIZATION", "OPENAI_PROJECT", "OPENAI_API_VERSION",
] as const;

/** Runs `body` with exactly these Azure and OpenAI variables set (the others unset), restoring them afterwards. */
export async function withEnvironment<T>(variables: Partial<Record<(typeof AZURE_VARIABLES)[number], string>>, body: () => Promise<T> | T): Promise<T> {
  const saved = new Map(AZURE_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of AZURE_VARIABLES) delete process.env[name];
  Object.assign(process.env, variables);
  try {
    return await body();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
