// withStructuredOutput as LangChain's standard tests use it, for every schema kind we accept (Zod v3, Zod v4, JSON
// Schema, an OpenAI function definition, a Standard Schema) and every method (jsonSchema, functionCalling, jsonMode),
// on invoke and stream, with and without includeRaw; plus the tracing metadata LangSmith reads
// (ls_structured_output_format), and what happens to a schema strict mode cannot express.
import { describe, expect, it } from "@jest/globals";
import type { Serialized } from "@langchain/core/load/serializable";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import { z as z3 } from "zod/v3";
import { z as z4 } from "zod/v4";
import { StrictSchemaError, StructuredOutputParseError, TesseraError } from "../errors/errors.js";
import type { StructuredOutputMethod } from "../structured-output/parse-structured-output.js";
import { ADDER_INPUT_JSON_SCHEMA, createAdderStandardSchema } from "./adder-standard-schema.js";
import { createConformanceHarness, rejectionOf } from "./conformance-harness.js";

const harness = createConformanceHarness();

const adderV3 = z3.object({ a: z3.number().int().describe("The first integer to add."), b: z3.number().int().describe("The second integer to add.") });
const adderV4 = z4.object({ a: z4.number().int().describe("The first integer to add."), b: z4.number().int().describe("The second integer to add.") });
const adderFunction = { name: "math_addition", description: "Add two integers", parameters: ADDER_INPUT_JSON_SCHEMA };

// The standard tests' prompt, with the word JSON that jsonMode needs.
const PROMPT = "What is the sum of 1 and 2? Answer in JSON.";
const METHODS: StructuredOutputMethod[] = ["jsonSchema", "functionCalling", "jsonMode"];

interface SchemaKind {
  label: string;
  schema: () => unknown;
  /** What the adder's answer { a: 1, b: 2 } parses to. */
  parsed: Record<string, number>;
}

const SCHEMA_KINDS: SchemaKind[] = [
  { label: "a Zod v3 schema", schema: () => adderV3, parsed: { a: 1, b: 2 } },
  { label: "a Zod v4 schema", schema: () => adderV4, parsed: { a: 1, b: 2 } },
  { label: "a JSON Schema", schema: () => ADDER_INPUT_JSON_SCHEMA, parsed: { a: 1, b: 2 } },
  { label: "an OpenAI function definition", schema: () => adderFunction, parsed: { a: 1, b: 2 } },
  // Its validation adds `sum`: the result must be what `~standard.validate` returned, not the raw JSON.
  { label: "a Standard Schema", schema: () => createAdderStandardSchema(), parsed: { a: 1, b: 2, sum: 3 } },
];

/** What each method must put on the wire for the adder (strict JSON Schema closes the object). */
function expectedRequest(method: StructuredOutputMethod, description?: string): Record<string, unknown> {
  switch (method) {
    case "jsonSchema":
      return {
        response_format: {
          type: "json_schema",
          json_schema: { name: "math_addition", schema: { ...ADDER_INPUT_JSON_SCHEMA, additionalProperties: false }, strict: true, ...(description ? { description } : {}) },
        },
      };
    case "functionCalling":
      return {
        tools: [{ type: "function", function: { name: "math_addition", ...(description ? { description } : {}), parameters: ADDER_INPUT_JSON_SCHEMA } }],
        tool_choice: { type: "function", function: { name: "math_addition" } },
        parallel_tool_calls: false,
      };
    case "jsonMode":
      return { response_format: { type: "json_object" } };
  }
}

/** The adder's answer for every method: a call for functionCalling, else JSON content. */
function scriptAdderAnswer(answer: unknown = { a: 1, b: 2 }): void {
  harness.script([
    { match: { tools: ["math_addition"] }, respond: { toolCalls: [{ name: "math_addition", arguments: answer as Record<string, unknown> }] } },
    { respond: { json: answer } },
  ]);
}

/** Records the `extraParams` each chat model run starts with. */
function createStartRecorder(): { starts: Array<Record<string, unknown>>; handler: { handleChatModelStart: (...args: unknown[]) => void } } {
  const starts: Array<Record<string, unknown>> = [];
  const handler = {
    handleChatModelStart: (_llm: Serialized, _messages: BaseMessage[][], _runId: string, _parentRunId?: string, extraParams?: Record<string, unknown>) => {
      starts.push(extraParams ?? {});
    },
  };
  return { starts, handler: handler as { handleChatModelStart: (...args: unknown[]) => void } };
}

describe.each(SCHEMA_KINDS)("structured output from $label", ({ schema, parsed }) => {
  it.each(METHODS)("returns the parsed object with method %s, sending what the method needs (invoke)", async (method) => {
    scriptAdderAnswer();
    const result = await harness
      .model()
      .withStructuredOutput(schema() as never, { name: "math_addition", method })
      .invoke(PROMPT);
    expect(result).toEqual(parsed);
    const [body] = await harness.requestBodies();
    const description = schema() === adderFunction ? "Add two integers" : undefined;
    expect(body).toMatchObject(expectedRequest(method, description));
    // Nothing the user did not give: no empty description stands in for a missing one.
    if (method === "functionCalling" && !description) expect((body?.tools as Array<{ function: object }>)[0]?.function).not.toHaveProperty("description");
    if (method !== "functionCalling") expect(body).not.toHaveProperty("tools");
  });

  it.each(METHODS)("streams partial objects and ends with the parsed object, with method %s", async (method) => {
    scriptAdderAnswer();
    const values: unknown[] = [];
    for await (const value of await harness
      .model()
      .withStructuredOutput(schema() as never, { name: "math_addition", method })
      .stream(PROMPT)) {
      values.push(value);
    }
    expect(values.at(-1)).toEqual(parsed);
    const [body] = await harness.requestBodies();
    expect(body).toMatchObject({ stream: true });
  });

  it.each(METHODS)("with includeRaw, returns the raw AIMessage beside the parsed object, with method %s", async (method) => {
    scriptAdderAnswer();
    const result = (await harness
      .model()
      .withStructuredOutput(schema() as never, { name: "math_addition", method, includeRaw: true })
      .invoke(PROMPT)) as { raw: AIMessage; parsed: unknown; parsingError?: unknown };
    expect(AIMessage.isInstance(result.raw)).toBe(true);
    expect(result.parsed).toEqual(parsed);
    expect(result.parsingError).toBeUndefined();
    if (method === "functionCalling") expect(result.raw.tool_calls).toEqual([expect.objectContaining({ name: "math_addition", args: { a: 1, b: 2 } })]);
    else expect(JSON.parse(result.raw.text)).toEqual({ a: 1, b: 2 });
  });

  it("reports an answer that breaks the schema: a typed error, or parsed null and the error with includeRaw", async () => {
    scriptAdderAnswer({ a: 1, b: 2.5 });
    const llm = harness.model();
    const thrown = await rejectionOf(llm.withStructuredOutput(schema() as never, { name: "math_addition", method: "jsonSchema" }).invoke(PROMPT));
    expect(TesseraError.isInstance(thrown)).toBe(true);
    const withRaw = (await llm.withStructuredOutput(schema() as never, { name: "math_addition", method: "jsonSchema", includeRaw: true }).invoke(PROMPT)) as {
      raw: AIMessage;
      parsed: unknown;
      parsingError?: unknown;
    };
    expect(withRaw.parsed).toBeNull();
    expect(TesseraError.isInstance(withRaw.parsingError)).toBe(true);
    expect(JSON.parse(withRaw.raw.text)).toEqual({ a: 1, b: 2.5 });
  });
});

describe("structured output through a schema that transforms", () => {
  const adderWithSum = adderV4.transform((value) => ({ ...value, sum: value.a + value.b }));

  it.each(METHODS)("ends a stream with the validated (transformed) value, after unvalidated previews, with method %s", async (method) => {
    scriptAdderAnswer();
    const values: unknown[] = [];
    for await (const value of await harness.model().withStructuredOutput(adderWithSum, { name: "math_addition", method }).stream(PROMPT)) values.push(value);
    expect(values.at(-1)).toEqual({ a: 1, b: 2, sum: 3 });
    expect(values.slice(0, -1).every((value) => !(typeof value === "object" && value !== null && "sum" in value))).toBe(true);
    expect(await harness.model().withStructuredOutput(adderWithSum, { name: "math_addition", method }).invoke(PROMPT)).toEqual({ a: 1, b: 2, sum: 3 });
  });
});

describe("structured output answered by the emulated model itself", () => {
  it.each(["jsonSchema", "functionCalling"] as const)("parses the answer the model generates for the schema (%s)", async (method) => {
    const result = await harness.model().withStructuredOutput(adderV4, { name: "math_addition", method }).invoke(PROMPT);
    expect(adderV4.parse(result)).toEqual(result);
    expect(Object.keys(result).sort()).toEqual(["a", "b"]);
  });

  it("names a Zod parse failure, with the text the model sent, in a StructuredOutputParseError", async () => {
    harness.script([{ respond: { json: { a: "one", b: 2 } } }]);
    const error = await rejectionOf(harness.model().withStructuredOutput(adderV4, { name: "math_addition" }).invoke(PROMPT));
    expect(StructuredOutputParseError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputParseError).text).toBe('{"a":"one","b":2}');
    expect((error as Error).message).toContain('"math_addition"');
  });
});

describe("a Standard Schema's own validation", () => {
  it("reports its issues (path and message) in a typed error when the answer fails it", async () => {
    harness.script([{ respond: { json: { a: 1, b: 2.5 } } }]);
    const error = await rejectionOf(harness.model().withStructuredOutput(createAdderStandardSchema() as never, { name: "math_addition" }).invoke(PROMPT));
    expect(TesseraError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("b must be an integer");
  });
});

describe("tracing metadata", () => {
  it.each([
    ["jsonSchema", "json_schema"],
    ["functionCalling", "function_calling"],
    ["jsonMode", "json_mode"],
  ] as const)("puts ls_structured_output_format (method %s as %s, and the schema) in the run's call options, as @langchain/openai does", async (method, tracedMethod) => {
    scriptAdderAnswer();
    const { starts, handler } = createStartRecorder();
    await harness
      .model()
      .withStructuredOutput(adderV4, { name: "math_addition", method })
      .invoke(PROMPT, { callbacks: [handler] });
    expect(starts).toHaveLength(1);
    expect((starts[0]?.options as Record<string, unknown> | undefined)?.ls_structured_output_format).toMatchObject({
      kwargs: { method: tracedMethod },
      schema: {
        title: "math_addition",
        type: "object",
        properties: { a: { type: "integer", description: "The first integer to add." }, b: { type: "integer", description: "The second integer to add." } },
        required: ["a", "b"],
      },
    });
  });
});

describe("a schema strict mode cannot express (an open record, as in the standard tests' complex tool)", () => {
  const complexSchema = z4.object({
    decision: z4.enum(["UseAPI", "UseFallback"]),
    explanation: z4.string(),
    apiDetails: z4.object({
      serviceName: z4.string(),
      endpointName: z4.string(),
      parameters: z4.record(z4.string(), z4.unknown()),
      extractionPath: z4.string(),
    }),
  });

  it("is refused by the default (strict jsonSchema) method at withStructuredOutput, naming the field and the fix, before any request", async () => {
    let error: unknown;
    try {
      harness.model().withStructuredOutput(complexSchema, { name: "service_tool" });
    } catch (caught) {
      error = caught;
    }
    expect(StrictSchemaError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("/properties/apiDetails/properties/parameters");
    expect((error as Error).message).toContain("use an array of {key, value} objects instead");
    expect(await harness.exchanges()).toEqual([]);
  });

  it.each([
    ["functionCalling", {}],
    ["jsonSchema with strict: false", { strict: false }],
  ] as const)("works with %s", async (label, extra) => {
    const method = label === "functionCalling" ? "functionCalling" : "jsonSchema";
    const result = await harness
      .model()
      .withStructuredOutput(complexSchema, { name: "service_tool", method, ...extra })
      .invoke("I want to use the UseAPI because it's faster. Service name: MyService. Use the service_tool tool.");
    expect(complexSchema.parse(result)).toEqual(result);
    expect(typeof result.apiDetails).toBe("object");
  });
});
