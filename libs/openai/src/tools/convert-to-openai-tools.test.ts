import { describe, expect, it } from "@jest/globals";
import { StructuredTool } from "@langchain/core/tools";
import { z } from "zod";
import { InvalidToolDefinitionError, SchemaConversionError } from "../errors/errors.js";
import { createTestModel } from "../__tests__/test-model.js";
import {
  createHandmadePerson,
  createJsonOnlyPerson,
  createValidateOnlyPerson,
  personInputJsonSchema,
  standardFaceOf,
} from "../schemas/__fixtures__/standard-schemas.js";
import { convertToOpenAITools } from "./convert-to-openai-tools.js";

// core's tool() types admit only Zod and JSON Schema; a StructuredTool subclass takes any schema type.
class RecordPersonTool extends StructuredTool<ReturnType<typeof createHandmadePerson>> {
  name = "record_person";
  description = "Record a person";
  schema = createHandmadePerson();
  protected async _call(): Promise<string> {
    return "recorded";
  }
}

const strictPerson = {
  type: "object",
  description: "A person",
  properties: {
    name: { type: "string", description: "Full name" },
    age: { type: "integer", minimum: 0 },
    nickname: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["name", "age", "nickname"],
  additionalProperties: false,
};

describe("convertToOpenAITools with Standard Schema tool schemas", () => {
  it.each([
    ["{ name, description, schema } with Standard JSON Schema and validate", { name: "record_person", description: "Record a person", schema: createHandmadePerson() }],
    ["{ name, description, schema } with Standard JSON Schema only", { name: "record_person", description: "Record a person", schema: createJsonOnlyPerson() }],
    ["a LangChain StructuredTool", new RecordPersonTool()],
  ])("sends the library's JSON Schema for %s", (_kind, input) => {
    expect(convertToOpenAITools([input]).tools).toEqual([
      { type: "function", function: { name: "record_person", description: "Record a person", parameters: personInputJsonSchema } },
    ]);
    const strict = convertToOpenAITools([input], { strict: true });
    expect(strict.tools).toEqual([
      { type: "function", function: { name: "record_person", description: "Record a person", parameters: strictPerson, strict: true } },
    ]);
    expect(strict.restorePlans.has("record_person")).toBe(true);
  });

  it("sends a Zod schema seen only through ~standard as Zod's own JSON Schema says", () => {
    const schema = z.object({ city: z.string().describe("City name") });
    expect(convertToOpenAITools([{ name: "get_weather", schema: standardFaceOf(schema) }]).tools).toEqual([
      { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string", description: "City name" } }, required: ["city"] } } },
    ]);
  });

  it("refuses a Standard Schema without a JSON Schema converter, naming the tool and the library", () => {
    const run = () => convertToOpenAITools([{ name: "record_person", schema: createValidateOnlyPerson() }]);
    expect(run).toThrow(SchemaConversionError);
    expect(run).toThrow('tool 0 "record_person" at the root: this Standard Schema from "handmade" cannot convert itself to JSON Schema');
  });
});

describe("bindTools with Standard Schema tools", () => {
  it("puts the converted tool on the wire and parses the call's arguments", async () => {
    const { llm, requests } = createTestModel();
    const message = await llm.bindTools([new RecordPersonTool()], { strict: true, tool_choice: "record_person" }).invoke("Record Ada, 36");
    expect(requests[0]?.body.tools).toEqual([
      { type: "function", function: { name: "record_person", description: "Record a person", parameters: strictPerson, strict: true } },
    ]);
    const args = message.tool_calls?.[0]?.args as Record<string, unknown>;
    expect(typeof args["name"]).toBe("string");
    // Strict mode's null for the optional nickname never reaches the tool.
    expect(args["nickname"]).not.toBeNull();
  });

  it("fails at bind time, before any request, for a schema that cannot convert itself", () => {
    const { llm, requests } = createTestModel();
    expect(() => llm.bindTools([{ name: "record_person", schema: createValidateOnlyPerson() }])).toThrow(SchemaConversionError);
    expect(requests).toHaveLength(0);
  });
});

describe("convertToOpenAITools with tools that are not function tools", () => {
  it.each(["web_search", "file_search", "code_interpreter", "image_generation", "mcp"])(
    "refuses OpenAI's %s tool on Chat Completions, naming the useResponsesApi switch",
    (type) => {
      const run = () => convertToOpenAITools([{ type } as never]);
      expect(run).toThrow(InvalidToolDefinitionError);
      expect(run).toThrow(`tool 0 "${type}" at /type: OpenAI's built-in tool "${type}" runs on the Responses API only, and this call goes to Chat Completions (useResponsesApi: false)`);
    },
  );

  it("points web search on Chat Completions to webSearchOptions", () => {
    expect(() => convertToOpenAITools([{ type: "web_search_preview" } as never])).toThrow("use a search model with the `webSearchOptions` option instead");
  });

  it("keeps built-in tools in order among the converted ones when asked to accept them", () => {
    const webSearch = { type: "web_search" as const };
    const { tools, all } = convertToOpenAITools([webSearch, { name: "ping", parameters: { type: "object", properties: {} } }], { builtInTools: "accept" });
    expect(tools).toEqual([{ type: "function", function: { name: "ping", parameters: { type: "object", properties: {} } } }]);
    expect(all).toEqual([webSearch, tools[0]]);
  });

  it("turns a custom tool in the Responses form into Chat Completions' form, grammar included", () => {
    const { tools } = convertToOpenAITools([{ type: "custom", name: "sql", description: "Runs SQL.", format: { type: "grammar", syntax: "lark", definition: "start: /.+/" } }]);
    expect(tools).toEqual([{ type: "custom", custom: { name: "sql", description: "Runs SQL.", format: { type: "grammar", grammar: { syntax: "lark", definition: "start: /.+/" } } } }]);
  });

  it("still calls an object without a type or a schema not a tool", () => {
    expect(() => convertToOpenAITools([{ description: "no name, no schema" } as never])).toThrow("this is not a tool");
  });
});

describe("convertToOpenAITools with long descriptions", () => {
  it("sends a description of any length, as the API accepted 15,664 characters (the token truth set's mirascope test_caching_tool requests)", () => {
    const description = "Look up a record. ".repeat(871).slice(0, 15_664);
    const { tools } = convertToOpenAITools([{ name: "lookup", description, schema: { type: "object", properties: {} } }], {});
    expect(tools[0]).toMatchObject({ type: "function", function: { name: "lookup", description } });
  });
});
