import { describe, expect, it } from "@jest/globals";
import { type AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { DynamicStructuredTool, tool } from "@langchain/core/tools";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { InvalidToolDefinitionError, SchemaConversionError, StrictSchemaError } from "./errors/errors.js";
import { createTestModel } from "./__tests__/test-model.js";

// One weather schema in every way a user can write it.
const weatherV4 = z.object({
  city: z.string().describe("City name"),
  unit: z.enum(["celsius", "fahrenheit"]).optional(),
  days: z.number().int().nullable(),
});
const weatherV3 = z3.object({
  city: z3.string().describe("City name"),
  unit: z3.enum(["celsius", "fahrenheit"]).optional(),
  days: z3.number().int().nullable(),
});
const weatherJson = {
  type: "object",
  properties: {
    city: { type: "string", description: "City name" },
    unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    days: { anyOf: [{ type: "integer" }, { type: "null" }] },
  },
  required: ["city", "days"],
};

function wireTool(requests: ReturnType<typeof createTestModel>["requests"]) {
  return (requests.at(-1)?.body.tools as Array<{ function: Record<string, unknown> }>)[0]!.function;
}

describe("bindTools: every input kind gives the same request", () => {
  const kinds = {
    "zod v4 { name, schema }": { name: "get_weather", description: "Weather", schema: weatherV4 },
    "zod v3 { name, schema }": { name: "get_weather", description: "Weather", schema: weatherV3 },
    "JSON Schema { name, schema }": { name: "get_weather", description: "Weather", schema: weatherJson },
    "tool()": tool(async () => "sunny", { name: "get_weather", description: "Weather", schema: weatherV4 }),
    DynamicStructuredTool: new DynamicStructuredTool({ name: "get_weather", description: "Weather", schema: weatherV3, func: async () => "sunny" }),
    "OpenAI format": { type: "function" as const, function: { name: "get_weather", description: "Weather", parameters: weatherJson } },
    "legacy function definition": { name: "get_weather", description: "Weather", parameters: weatherJson },
  };

  it.each(Object.entries(kinds))("sends %s with the user's schema unchanged when strict is unset", async (_kind, input) => {
    const { llm, requests } = createTestModel();
    await llm.bindTools([input]).invoke("hi");
    expect(wireTool(requests)).toEqual({ name: "get_weather", description: "Weather", parameters: weatherJson });
    expect(requests[0]?.body).not.toHaveProperty("parallel_tool_calls");
    expect(requests[0]?.body).not.toHaveProperty("tool_choice");
  });

  it.each(Object.entries(kinds))("sends %s strict-compatible with strict: true", async (_kind, input) => {
    const { llm, requests } = createTestModel();
    await llm.bindTools([input], { strict: true }).invoke("hi");
    expect(wireTool(requests)).toEqual({
      name: "get_weather",
      description: "Weather",
      strict: true,
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "City name" },
          unit: { anyOf: [{ type: "string", enum: ["celsius", "fahrenheit"] }, { type: "null" }] },
          days: { anyOf: [{ type: "integer" }, { type: "null" }] },
        },
        required: ["city", "unit", "days"],
        additionalProperties: false,
      },
    });
  });

  it("sends strict: false as given, and an explicit per-tool strict: false wins over bindTools' strict: true", async () => {
    const { llm, requests } = createTestModel();
    await llm.bindTools([kinds["zod v4 { name, schema }"]], { strict: false }).invoke("hi");
    expect(wireTool(requests)).toMatchObject({ strict: false, parameters: weatherJson });
    const own = { type: "function" as const, function: { name: "get_weather", description: "Weather", parameters: weatherJson, strict: false } };
    await llm.bindTools([own], { strict: true }).invoke("hi");
    expect(wireTool(requests)).toEqual({ name: "get_weather", description: "Weather", parameters: weatherJson, strict: false });
  });

  it("replaces tools when binding again, and keeps working through withConfig", async () => {
    const { llm, requests } = createTestModel();
    const other = { name: "get_time", description: "Time", schema: z.object({ zone: z.string() }) };
    await llm.bindTools([kinds["zod v4 { name, schema }"]]).invoke("hi");
    await llm.bindTools([other]).withConfig({ tags: ["x"] }).invoke("hi");
    expect((requests[1]?.body.tools as unknown[]).length).toBe(1);
    expect(wireTool(requests).name).toBe("get_time");
  });

  it("maps tool_choice and sends parallel_tool_calls only when set", async () => {
    const { llm, requests } = createTestModel();
    const tools = [kinds["zod v4 { name, schema }"]];
    await llm.bindTools(tools, { tool_choice: "any" }).invoke("hi");
    await llm.bindTools(tools, { tool_choice: "get_weather", parallel_tool_calls: false }).invoke("hi");
    expect(requests[0]?.body).toMatchObject({ tool_choice: "required" });
    expect(requests[1]?.body).toMatchObject({ tool_choice: { type: "function", function: { name: "get_weather" } }, parallel_tool_calls: false });
  });
});

describe("bindTools: problems are found before anything is sent", () => {
  it("reports every bad tool at once with its index and the fix", () => {
    const { llm, requests } = createTestModel();
    const bad = [
      { name: "get weather!", description: "x", schema: z.object({ a: z.string() }) },
      { name: "ok_tool", description: "x", schema: z.string() },
      { name: "ok_tool", description: "x", schema: z.object({ b: z.string() }) },
    ];
    let error: unknown;
    try {
      llm.bindTools(bad);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidToolDefinitionError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('tool 0 "get weather!"');
    expect(message).toContain('"get_weather"');
    expect(message).toMatch(/tool 1 "ok_tool" at the root: the parameters root must be an object schema/);
    expect(message).toMatch(/tool 2 "ok_tool" at the root: the name is already used by tool 1/);
    expect(requests).toHaveLength(0);
  });

  it("refuses a tool_choice that names no bound tool, and a tool_choice without tools", async () => {
    const { llm, requests } = createTestModel();
    expect(() => llm.bindTools([{ name: "a", description: "x", schema: z.object({}) }], { tool_choice: "b" })).toThrow(/names "b", but the tools are "a"/);
    await expect(llm.invoke("hi", { tool_choice: "auto" })).rejects.toThrow(/no tools were given/);
    expect(requests).toHaveLength(0);
  });

  it("names the field of a Zod transform that has no JSON Schema form, as a schema conversion error", () => {
    const { llm } = createTestModel();
    const schema = z.object({ when: z.date() });
    let error: unknown;
    try {
      llm.bindTools([{ name: "book", description: "x", schema }]);
    } catch (caught) {
      error = caught;
    }
    expect(SchemaConversionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Schema conversion/);
    expect((error as Error).message).toContain("/properties/when");
  });

  it("throws StrictSchemaError with the pointer for what strict mode cannot express", () => {
    const { llm } = createTestModel();
    const schema = z.object({ tags: z.record(z.string(), z.number()) });
    let error: unknown;
    try {
      llm.bindTools([{ name: "tagger", description: "x", schema }], { strict: true });
    } catch (caught) {
      error = caught;
    }
    expect(StrictSchemaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("/properties/tags");
  });
});

describe("strict tool calls come back in the user's shape", () => {
  it("removes the nulls strict mode added for optional fields, keeping real nullable nulls", async () => {
    const { llm } = createTestModel();
    const bound = llm.bindTools([{ name: "get_weather", description: "Weather", schema: weatherV4 }], { strict: true, tool_choice: "get_weather" });
    let sawOptionalNull = false;
    let sawNullableNull = false;
    for (let attempt = 0; attempt < 40 && !(sawOptionalNull && sawNullableNull); attempt++) {
      // No digits in the prompt: a number said would fill the number field `days`.
      const message = await bound.invoke(`Weather please${" again".repeat(attempt)}`);
      const raw = JSON.parse((message.additional_kwargs.tool_calls as Array<{ function: { arguments: string } }>)[0]!.function.arguments) as Record<string, unknown>;
      const args = message.tool_calls![0]!.args;
      expect(weatherV4.safeParse(args).success).toBe(true);
      if (raw.unit === null) {
        sawOptionalNull = true;
        expect(args).not.toHaveProperty("unit");
      }
      if (raw.days === null) {
        sawNullableNull = true;
        expect(args.days).toBeNull();
      }
    }
    expect(sawOptionalNull && sawNullableNull).toBe(true);
  });

  it("gives the same restored tool calls through invoke, streaming invoke and streamEvents", async () => {
    const { llm } = createTestModel({ streamUsage: true });
    const options = { strict: true, tool_choice: "get_weather" } as const;
    const tools = [{ name: "get_weather", description: "Weather", schema: weatherV4 }];
    const strip = (message: AIMessage) => message.tool_calls?.map(({ id: _id, ...call }) => call);
    for (let attempt = 0; attempt < 5; attempt++) {
      const prompt = `Parity ${attempt}`;
      const invoked = await llm.bindTools(tools, options).invoke(prompt);
      const streamed = await createTestModel({ streaming: true }).llm.bindTools(tools, options).invoke(prompt);
      let ended: AIMessage | undefined;
      await llm.bindTools(tools, options).invoke(prompt, {
        callbacks: [{ handleLLMNewToken: () => undefined, handleLLMEnd: () => undefined }],
      }).then((message) => (ended = message));
      expect(strip(streamed)).toEqual(strip(invoked));
      expect(strip(ended!)).toEqual(strip(invoked));
      for (const call of invoked.tool_calls ?? []) expect(weatherV4.safeParse(call.args).success).toBe(true);
    }
  });

  it("keeps tool calls cut off by max tokens invalid, never repaired", async () => {
    const { llm } = createTestModel({ maxTokens: 4 });
    const message = await llm.bindTools([{ name: "get_weather", description: "Weather", schema: weatherV4 }], { tool_choice: "get_weather" }).invoke("hi");
    expect(message.response_metadata.finish_reason).toBe("length");
    expect(message.tool_calls).toEqual([]);
    expect(message.invalid_tool_calls?.[0]).toMatchObject({ name: "get_weather", error: expect.stringMatching(/truncated/) });
  });
});

describe("an agent loop", () => {
  it("runs model, tools and model again until the model answers in text", async () => {
    const { llm, requests } = createTestModel();
    const calls: Array<Record<string, unknown>> = [];
    const getWeather = tool(
      async (input) => {
        calls.push(input);
        return `It is 21C in ${input.city}.`;
      },
      { name: "get_weather", description: "Weather for a city", schema: weatherV4 },
    );
    const getTime = tool(async () => "It is noon.", { name: "get_time", description: "Time now", schema: z.object({ zone: z.string().optional() }) });
    const model = llm.bindTools([getWeather, getTime], { strict: true });
    const messages: BaseMessage[] = [new HumanMessage("Use get_weather and get_time, then tell me.")];
    for (let step = 0; step < 5; step++) {
      const reply = await model.invoke(messages);
      messages.push(reply);
      if (!reply.tool_calls?.length) break;
      for (const call of reply.tool_calls) {
        const result = call.name === "get_weather" ? await getWeather.invoke(call) : await getTime.invoke(call);
        messages.push(result as ToolMessage);
      }
    }
    const final = messages.at(-1) as AIMessage;
    expect(final.tool_calls).toEqual([]);
    expect(final.content).toContain("It is 21C in");
    expect(calls).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(messages.filter((message) => ToolMessage.isInstance(message))).toHaveLength(2);
  });
});
