// Construction, LangSmith parameters and serialization: what LangChain's standard unit tests ask of a chat model
// (it constructs with the standard parameters, with a key, with streaming; it binds tools and structured output; it
// reports the standard LangSmith keys), plus the serialization round trip through @langchain/core/load, with the key
// kept out of everything that can be printed or stored.
import { inspect } from "node:util";
import { describe, expect, it } from "@jest/globals";
import { load } from "@langchain/core/load";
import { AIMessage } from "@langchain/core/messages";
import { StructuredTool } from "@langchain/core/tools";
import { z } from "zod/v3";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAIFields } from "../chat-openai-fields.js";
import { completionOf, createConformanceHarness } from "./conformance-harness.js";

const harness = createConformanceHarness();

// The parameters LangChain's standard unit tests construct every chat model with (timeout left out: ours is in
// milliseconds, and a 60 ms bound would make the calls below depend on the machine's speed).
const STANDARD_PARAMS = { temperature: 0, maxTokens: 100, stopSequences: [], maxRetries: 2 } satisfies ChatOpenAIFields;

// Long enough that the emulator's journal shows it masked rather than as `***`, and distinctive enough to grep for.
const SECRET_KEY = "sk-conformance-secret-7f3a9c1e5b";

const person = z
  .object({ name: z.string().describe("Name of the person"), age: z.number().int().positive().describe("Age of the person") })
  .describe("A person");

class PersonTool extends StructuredTool {
  name = "PersonTool";
  description = "A person";
  schema = person;
  async _call(input: z.infer<typeof person>): Promise<string> {
    return JSON.stringify(input);
  }
}

describe("construction", () => {
  it("constructs with the standard parameters and sends each of them, and nothing else, on the first call", async () => {
    const llm = harness.model(STANDARD_PARAMS);
    expect({ temperature: llm.temperature, maxTokens: llm.maxTokens, stop: llm.stop, maxRetries: llm.maxRetries }).toEqual({
      temperature: 0,
      maxTokens: 100,
      stop: [],
      maxRetries: 2,
    });
    const answer = await llm.invoke("Hello");
    const [exchange] = await harness.exchanges();
    expect(exchange?.request.body).toEqual({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hello" }], temperature: 0, max_tokens: 100, stop: [] });
    expect(answer.text).toBe(completionOf(exchange).choices[0]?.message.content);
  });

  it("constructs with an apiKey, with the model as first argument, and with streaming: true (invoke then streams underneath)", async () => {
    const keyed = new ChatOpenAI({ apiKey: "test" });
    expect(keyed.apiKey).toBe("test");
    expect(new ChatOpenAI("gpt-4.1-mini", { apiKey: "test" }).model).toBe("gpt-4.1-mini");
    const streaming = harness.model({ ...STANDARD_PARAMS, streaming: true });
    expect(streaming.streaming).toBe(true);
    const answer = await streaming.invoke("Hello");
    const [exchange] = await harness.exchanges();
    expect(exchange?.request.body).toMatchObject({ stream: true });
    expect(AIMessage.isInstance(answer)).toBe(true);
    expect(answer.text).toMatch(/^This is an emulated gpt-4o-mini/u);
  });

  it("binds a StructuredTool and a Zod schema for structured output without calling the API, and sends them once called", async () => {
    const llm = harness.model(STANDARD_PARAMS);
    const withTools = llm.bindTools([new PersonTool()]);
    const structured = llm.withStructuredOutput(person);
    expect(await harness.exchanges()).toEqual([]);
    await withTools.invoke("Use PersonTool for Ada, 36.");
    const answer = await structured.invoke("Ada Lovelace, 36");
    expect(person.parse(answer)).toEqual(answer);
    const [toolRequest, structuredRequest] = await harness.requestBodies();
    const personSchema = {
      type: "object",
      description: "A person",
      properties: {
        name: { type: "string", description: "Name of the person" },
        age: { type: "integer", exclusiveMinimum: 0, description: "Age of the person" },
      },
      required: ["name", "age"],
    };
    expect(toolRequest?.tools).toEqual([{ type: "function", function: { name: "PersonTool", description: "A person", parameters: personSchema } }]);
    expect(structuredRequest?.response_format).toMatchObject({ type: "json_schema", json_schema: { strict: true } });
  });

  it("reports exactly the standard LangSmith parameters, with the constructor's values and the call's stop", () => {
    const llm = harness.model(STANDARD_PARAMS);
    expect(llm.getLsParams({} as never)).toEqual({
      ls_provider: "openai",
      ls_model_name: "gpt-4o-mini",
      ls_model_type: "chat",
      ls_temperature: 0,
      ls_max_tokens: 100,
      ls_stop: [],
    });
    expect(llm.getLsParams({ stop: ["END"] } as never).ls_stop).toEqual(["END"]);
  });
});

describe("serialization", () => {
  it.each([
    ["apiKey", { apiKey: SECRET_KEY }],
    ["openAIApiKey", { openAIApiKey: SECRET_KEY }],
    ["configuration.apiKey", { configuration: { apiKey: SECRET_KEY } }],
  ] as const)("serializes under the tessera/openai namespace with the key given as %s replaced by a secret reference", (_label, keyFields) => {
    const llm = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0.2, ...keyFields });
    const serialized = JSON.parse(JSON.stringify(llm)) as { lc: number; type: string; id: string[]; kwargs: Record<string, unknown> };
    expect(serialized).toMatchObject({ lc: 1, type: "constructor", id: ["tessera", "openai", "ChatOpenAI"] });
    expect(serialized.kwargs).toMatchObject({ model: "gpt-4o-mini", temperature: 0.2 });
    expect(JSON.stringify(serialized)).toContain('{"lc":1,"type":"secret","id":["OPENAI_API_KEY"]}');
    expect(JSON.stringify(serialized)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(llm.toJSON())).not.toContain(SECRET_KEY);
  });

  it("keeps the key out of util.inspect and out of the public configuration", () => {
    const llm = new ChatOpenAI({ apiKey: SECRET_KEY, configuration: { apiKey: SECRET_KEY, baseURL: "http://127.0.0.1:1/v1" } });
    expect(inspect(llm, { depth: 10 })).not.toContain(SECRET_KEY);
    expect(llm.configuration).toEqual({ baseURL: "http://127.0.0.1:1/v1" });
    expect(llm.apiKey).toBe(SECRET_KEY);
  });

  it("loads back with @langchain/core/load into a ChatOpenAI with the same settings that calls the API with the key from secretsMap", async () => {
    const original = harness.model({ apiKey: SECRET_KEY, model: "gpt-4.1-mini", temperature: 0.3, maxTokens: 50, stop: ["END"] });
    const text = JSON.stringify(original);
    expect(text).not.toContain(SECRET_KEY);
    const loaded = await load<ChatOpenAI>(text, {
      secretsMap: { OPENAI_API_KEY: SECRET_KEY },
      optionalImportsMap: { "tessera/openai": { ChatOpenAI } },
    });
    expect(loaded).toBeInstanceOf(ChatOpenAI);
    expect({ model: loaded.model, temperature: loaded.temperature, maxTokens: loaded.maxTokens, stop: loaded.stop, apiKey: loaded.apiKey }).toEqual({
      model: "gpt-4.1-mini",
      temperature: 0.3,
      maxTokens: 50,
      stop: ["END"],
      apiKey: SECRET_KEY,
    });
    expect(JSON.stringify(loaded)).toBe(text);
    const answer = await loaded.invoke("Hello");
    const [exchange] = await harness.exchanges();
    expect(exchange?.request.body).toEqual({
      model: "gpt-4.1-mini",
      messages: [{ role: "user", content: "Hello" }],
      temperature: 0.3,
      max_tokens: 50,
      stop: ["END"],
    });
    // The key reached the server as a bearer token (the journal masks it; which key it was is checked above).
    expect(exchange?.request.headers.authorization).toBe("Bearer sk-***");
    expect(answer.text).toBe(completionOf(exchange).choices[0]?.message.content);
  });
});
