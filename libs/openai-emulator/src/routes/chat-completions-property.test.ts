import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { createTestClient, user } from "../__tests__/helpers.js";
import { expectValidJson } from "../__tests__/json-schema.js";

type Schema = Record<string, unknown>;

const NAMES = ["id", "name", "city", "count", "tags", "price", "active", "notes", "when", "owner", "items", "kind"];

// Schemas inside OpenAI's structured-outputs subset: every object closed and fully required, optional values as
// null unions, only supported keywords. The emulator must accept every one with strict: true, and answer valid JSON.
const leaf: fc.Arbitrary<Schema> = fc.oneof(
  fc.constant({ type: "string" }),
  fc.constant({ type: "string", description: "free text" }),
  fc.constant({ type: "string", format: "date-time" }),
  fc.constant({ type: "string", format: "email" }),
  fc.constant({ type: "string", format: "uuid" }),
  fc.constant({ type: "string", pattern: "^[A-Z]{3}-[0-9]{2}$" }),
  fc.uniqueArray(fc.constantFrom("red", "green", "blue", "amber"), { minLength: 1, maxLength: 4 }).map((values) => ({ type: "string", enum: values })),
  fc.integer({ min: -50, max: 50 }).map((minimum) => ({ type: "integer", minimum, maximum: minimum + 10 })),
  fc.constant({ type: "number", exclusiveMinimum: 0, maximum: 100 }),
  fc.constant({ type: "number", multipleOf: 0.5 }),
  fc.constant({ type: "boolean" }),
  fc.constant({ type: ["string", "null"] }),
  fc.constant({ const: "fixed" }),
);

const { node } = fc.letrec<{ node: Schema; object: Schema }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: "strict" },
    leaf,
    tie("object"),
    tie("node").map((items) => ({ type: "array", items })),
    tie("node").map((items) => ({ type: "array", items, minItems: 1, maxItems: 3 })),
    tie("node").map((inner) => ({ anyOf: [inner, { type: "null" }] })),
  ),
  object: fc
    .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
    .chain((keys) => fc.tuple(fc.constant(keys), fc.array(tie("node"), { minLength: keys.length, maxLength: keys.length })))
    .map(([keys, values]) => ({
      type: "object",
      properties: Object.fromEntries(keys.map((key, index) => [key, values[index]])),
      required: keys,
      additionalProperties: false,
    })),
}));

const rootObject = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 })
  .chain((keys) => fc.tuple(fc.constant(keys), fc.array(node, { minLength: keys.length, maxLength: keys.length })))
  .map(([keys, values]): Schema => ({
    type: "object",
    properties: Object.fromEntries(keys.map((key, index) => [key, values[index]])),
    required: keys,
    additionalProperties: false,
  }));

describe("strict schemas end to end (property-based, through the SDK)", () => {
  it("accepts every strict-subset schema and answers JSON and tool arguments valid against it", async () => {
    const { client } = createTestClient();
    await fc.assert(
      fc.asyncProperty(rootObject, fc.string({ maxLength: 12 }), async (schema, prompt) => {
        const format = await client.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [user(`Fill it: ${prompt}`)],
          response_format: { type: "json_schema", json_schema: { name: "generated", schema, strict: true } },
        });
        const content = JSON.parse(format.choices[0]?.message.content ?? "") as Record<string, unknown>;
        expectValidJson(schema, content);
        expect(Object.keys(content)).toEqual(schema.required);

        const call = await client.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [user(prompt)],
          tools: [{ type: "function", function: { name: "generated_tool", parameters: schema, strict: true } }],
          tool_choice: "required",
        });
        const toolCall = call.choices[0]?.message.tool_calls?.[0];
        if (toolCall?.type !== "function") throw new Error("expected a function call");
        expectValidJson(schema, JSON.parse(toolCall.function.arguments));
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });
});
