import { describe, expect, it } from "@jest/globals";
import { convertToTracingFormat, mapStructuredOutputMethod } from "./convert-to-tracing-format.js";

const jsonSchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

describe("convertToTracingFormat", () => {
  it("puts the name as title in front of the JSON Schema, under the snake_case method", () => {
    expect(convertToTracingFormat({ method: "functionCalling", name: "Weather", jsonSchema })).toStrictEqual({
      kwargs: { method: "function_calling" },
      schema: { title: "Weather", type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    });
  });

  it("adds the description after the title for jsonSchema only, as @langchain/openai does", () => {
    const jsonSchemaFormat = convertToTracingFormat({ method: "jsonSchema", name: "Weather", description: "Weather query", jsonSchema });
    expect(JSON.stringify(jsonSchemaFormat.schema)).toBe(
      '{"title":"Weather","description":"Weather query","type":"object","properties":{"city":{"type":"string"}},"required":["city"]}',
    );
    expect(convertToTracingFormat({ method: "jsonMode", name: "Weather", description: "Weather query", jsonSchema }).schema).not.toHaveProperty("description");
  });

  it("writes no description key when there is none", () => {
    expect(Object.keys(convertToTracingFormat({ method: "jsonSchema", name: "Weather", jsonSchema }).schema ?? {})).toEqual([
      "title",
      "type",
      "properties",
      "required",
    ]);
  });

  it("lets the schema's own title and description win over the name and the option", () => {
    const titled = { title: "Forecast", description: "From the schema", ...jsonSchema };
    const format = convertToTracingFormat({ method: "jsonSchema", name: "Weather", description: "From the option", jsonSchema: titled });
    expect(format.schema).toMatchObject({ title: "Forecast", description: "From the schema" });
  });

  it("does not share the caller's schema object", () => {
    const format = convertToTracingFormat({ method: "jsonMode", name: "Weather", jsonSchema });
    expect(format.schema).not.toBe(jsonSchema);
    expect(jsonSchema).not.toHaveProperty("title");
  });
});

describe("mapStructuredOutputMethod", () => {
  it.each([
    ["jsonSchema", "json_schema"],
    ["functionCalling", "function_calling"],
    ["jsonMode", "json_mode"],
  ] as const)("maps %s to %s", (method, expected) => {
    expect(mapStructuredOutputMethod(method)).toBe(expected);
  });

  it("throws a TypeError for a method it does not know", () => {
    expect(() => mapStructuredOutputMethod("xml" as never)).toThrow(TypeError);
  });
});
