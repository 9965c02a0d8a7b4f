import { describe, expect, it } from "@jest/globals";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import type { BaseMessage } from "@langchain/core/messages";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import * as zm from "zod/mini";
import {
  InvalidMessageError,
  JsonSchemaValidationError,
  SchemaConversionError,
  StandardSchemaValidationError,
  StructuredOutputLengthError,
  StructuredOutputParseError,
  StructuredOutputRefusalError,
} from "../errors/errors.js";
import {
  createHandmadePerson,
  createJsonOnlyPerson,
  createValidateOnlyPerson,
  standardFaceOf,
} from "../schemas/__fixtures__/standard-schemas.js";
import { createTestModel } from "../__tests__/test-model.js";

const PersonV4 = z.object({ name: z.string(), age: z.number().int().min(0), nickname: z.string().optional(), email: z.string().nullable() });
const PersonV3 = z3.object({ name: z3.string(), age: z3.number().int().min(0), nickname: z3.string().optional(), email: z3.string().nullable() });
const PersonMini = zm.object({ name: zm.string(), age: zm.number().check(zm.int(), zm.minimum(0)), nickname: zm.optional(zm.string()), email: zm.nullable(zm.string()) });
const PersonJson = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 0 },
    nickname: { type: "string" },
    email: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["name", "age", "email"],
};

const strictPersonWire = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 0 },
    nickname: { anyOf: [{ type: "string" }, { type: "null" }] },
    email: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["name", "age", "nickname", "email"],
  additionalProperties: false,
};

const refusal = (model = "gpt-4o-mini-2024-07-18") => ({
  status: 200,
  body: {
    id: "chatcmpl-refused",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: null, refusal: "I can't help with that." }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
  },
});

describe("withStructuredOutput, method jsonSchema (the default)", () => {
  it.each([
    ["Zod v4", PersonV4],
    ["Zod v3", PersonV3],
    ["Zod v4 mini", PersonMini],
    ["JSON Schema", PersonJson],
  ] as const)("sends the strict schema and returns validated %s objects without strict mode's nulls", async (_kind, schema) => {
    const { llm, requests } = createTestModel();
    const extract = llm.withStructuredOutput(schema, { name: "Person" });
    let sawRemovedNull = false;
    for (let attempt = 0; attempt < 30; attempt++) {
      const person = (await extract.invoke(`Extract person ${attempt}`)) as Record<string, unknown>;
      expect(PersonV4.safeParse(person).success).toBe(true);
      if (!("nickname" in person)) sawRemovedNull = true;
    }
    expect(sawRemovedNull).toBe(true);
    expect(requests[0]?.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "Person", schema: strictPersonWire, strict: true } });
    expect(requests[0]?.body).not.toHaveProperty("tools");
  });

  it("sends the user's schema unchanged with strict: false", async () => {
    const { llm, requests } = createTestModel();
    await llm.withStructuredOutput(PersonV4, { name: "Person", strict: false }).invoke("x");
    expect(requests[0]?.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "Person", schema: PersonJson, strict: false } });
  });

  it("applies the user's Zod transforms and defaults to the answer", async () => {
    const { llm } = createTestModel();
    const schema = z.object({ name: z.string().transform((value) => value.toUpperCase()), tags: z.array(z.string()).default([]) });
    const result = await llm.withStructuredOutput(schema).invoke("x");
    expect(result.name).toBe(result.name.toUpperCase());
    expect(Array.isArray(result.tags)).toBe(true);
  });

  it("uses function calling for models without Structured Outputs, and an OpenAI function definition as the schema", async () => {
    const { llm, requests } = createTestModel({ model: "gpt-3.5-turbo" });
    const result = await llm.withStructuredOutput({ name: "get_person", description: "A person", parameters: PersonJson }).invoke("x");
    expect(PersonV4.safeParse(result).success).toBe(true);
    expect(requests[0]?.body).toMatchObject({ tool_choice: { type: "function", function: { name: "get_person" } }, parallel_tool_calls: false });
    expect(requests[0]?.body).not.toHaveProperty("response_format");
  });
});

describe("withStructuredOutput, methods functionCalling and jsonMode", () => {
  it("calls one forced tool with functionCalling and returns its validated arguments", async () => {
    const { llm, requests } = createTestModel();
    const result = await llm.withStructuredOutput(PersonV3, { name: "Person", method: "functionCalling", strict: true }).invoke("x");
    expect(PersonV4.safeParse(result).success).toBe(true);
    expect(requests[0]?.body).toMatchObject({
      tools: [{ type: "function", function: { name: "Person", strict: true, parameters: strictPersonWire } }],
      tool_choice: { type: "function", function: { name: "Person" } },
      parallel_tool_calls: false,
    });
  });

  it("sets json_object in jsonMode, and refuses locally when no message mentions JSON", async () => {
    const { llm, requests } = createTestModel();
    const extract = llm.withStructuredOutput(z.object({ reply: z.string() }).passthrough(), { method: "jsonMode" });
    const error = await extract.invoke("No format word here").catch((caught: unknown) => caught);
    expect(InvalidMessageError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(0);
    const result = await extract.invoke([["system", "Answer in JSON."], ["human", "Hello"]]);
    expect(typeof result.reply).toBe("string");
    expect(requests[0]?.body.response_format).toEqual({ type: "json_object" });
  });
});

describe("failures are typed", () => {
  it("raises StructuredOutputRefusalError with the refusal text, or returns it with includeRaw", async () => {
    const model = createTestModel();
    model.answerNext(refusal(), refusal());
    const error = await model.llm.withStructuredOutput(PersonV4).invoke("x").catch((caught: unknown) => caught);
    expect(StructuredOutputRefusalError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputRefusalError).refusal).toBe("I can't help with that.");
    const withRaw = await model.llm.withStructuredOutput(PersonV4, { includeRaw: true }).invoke("x");
    expect(withRaw.parsed).toBeNull();
    expect(StructuredOutputRefusalError.isInstance(withRaw.parsingError)).toBe(true);
    expect(withRaw.raw.additional_kwargs.refusal).toBe("I can't help with that.");
  });

  it("raises StructuredOutputLengthError for an answer cut off by the token limit, never parsing truncated JSON", async () => {
    const { llm } = createTestModel({ maxTokens: 5 });
    const error = await llm.withStructuredOutput(PersonV4).invoke("x").catch((caught: unknown) => caught);
    expect(StructuredOutputLengthError.isInstance(error)).toBe(true);
  });

  it("raises StructuredOutputParseError when the answer does not satisfy the schema", async () => {
    const model = createTestModel();
    const wrong = { ...refusal(), body: { ...refusal().body, choices: [{ index: 0, message: { role: "assistant", content: '{"name": 3}', refusal: null }, logprobs: null, finish_reason: "stop" }] } };
    model.answerNext(wrong, wrong);
    const error = await model.llm.withStructuredOutput(PersonV4).invoke("x").catch((caught: unknown) => caught);
    expect(StructuredOutputParseError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputParseError).text).toBe('{"name":3}');
    const withRaw = await model.llm.withStructuredOutput(PersonV4, { includeRaw: true }).invoke("x");
    expect(withRaw).toMatchObject({ parsed: null });
    expect(StructuredOutputParseError.isInstance(withRaw.parsingError)).toBe(true);
  });

  it("returns exactly { raw, parsed } with includeRaw on success, as @langchain/openai does", async () => {
    const { llm } = createTestModel();
    const result = await llm.withStructuredOutput(PersonV4, { includeRaw: true }).invoke("x");
    expect(Object.keys(result).sort()).toEqual(["parsed", "raw"]);
    expect(PersonV4.safeParse(result.parsed).success).toBe(true);
    expect(result.raw.response_metadata.finish_reason).toBe("stop");
  });
});

/** Records what LangSmith would see of each chat model run: the call options handed to handleChatModelStart. */
class TracingCapture extends BaseCallbackHandler {
  name = "tracing-capture";
  readonly formats: unknown[] = [];
  readonly metadata: Array<Record<string, unknown> | undefined> = [];

  override handleChatModelStart(
    _llm: Serialized,
    _messages: BaseMessage[][],
    _runId: string,
    _parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    this.formats.push((extraParams?.["options"] as Record<string, unknown> | undefined)?.["ls_structured_output_format"]);
    this.metadata.push(metadata);
  }
}

// @langchain/openai 1.6 passes ls_structured_output_format as a call option, which core hands to callbacks as
// extraParams.options (LangSmith's run.extra.options), not as metadata. Checked by running @langchain/openai 1.6 with a
// recording handler on the same schemas: the same three shapes, methods in snake_case.
describe("tracing: ls_structured_output_format, as @langchain/openai sets it", () => {
  it.each([
    ["jsonSchema", { method: "jsonSchema" }, { kwargs: { method: "json_schema" }, schema: { title: "Person", ...PersonJson } }],
    [
      "jsonSchema with a description",
      { method: "jsonSchema", description: "A person" },
      { kwargs: { method: "json_schema" }, schema: { title: "Person", description: "A person", ...PersonJson } },
    ],
    ["functionCalling", { method: "functionCalling", strict: true }, { kwargs: { method: "function_calling" }, schema: { title: "Person", ...PersonJson } }],
    ["jsonMode", { method: "jsonMode" }, { kwargs: { method: "json_mode" }, schema: { title: "Person", ...PersonJson } }],
  ] as const)("hands %s's method and the user's schema as JSON Schema to the run's callbacks", async (_name, options, expected) => {
    const { llm, requests } = createTestModel();
    const capture = new TracingCapture();
    await llm.withStructuredOutput(PersonV4, { name: "Person", includeRaw: true, ...options }).invoke("Answer in JSON.", { callbacks: [capture] });
    expect(capture.formats).toStrictEqual([expected]);
    expect(capture.metadata[0]).not.toHaveProperty("ls_structured_output_format");
    expect(requests).toHaveLength(1);
    expect(JSON.stringify(requests[0]?.body)).not.toContain("ls_structured_output_format");
  });

  it("names the schema \"extract\" by default, and lets the schema's own title and description win", async () => {
    const { llm } = createTestModel();
    const capture = new TracingCapture();
    const schema = { title: "Citizen", description: "Someone", ...PersonJson };
    await llm.withStructuredOutput(PersonV4).invoke("x", { callbacks: [capture] });
    await llm.withStructuredOutput(schema, { name: "Person", description: "ignored" }).invoke("x", { callbacks: [capture] });
    expect(capture.formats).toStrictEqual([
      { kwargs: { method: "json_schema" }, schema: { title: "extract", ...PersonJson } },
      { kwargs: { method: "json_schema" }, schema: { title: "Citizen", description: "Someone", ...PersonJson } },
    ]);
  });

  it("sets it on streamed runs too", async () => {
    const { llm } = createTestModel();
    const capture = new TracingCapture();
    for await (const _value of await llm.withStructuredOutput(PersonV4, { name: "Person" }).stream("x", { callbacks: [capture] })) void _value;
    expect(capture.formats).toStrictEqual([{ kwargs: { method: "json_schema" }, schema: { title: "Person", ...PersonJson } }]);
  });

  it("describes a Standard Schema by the JSON Schema its library gives", async () => {
    const { llm } = createTestModel();
    const capture = new TracingCapture();
    await llm.withStructuredOutput(createHandmadePerson(), { name: "Person", method: "functionCalling" }).invoke("x", { callbacks: [capture] });
    expect(capture.formats).toStrictEqual([{ kwargs: { method: "function_calling" }, schema: { title: "Person", ...strictlessHandmade } }]);
  });
});

const strictlessHandmade = {
  type: "object",
  description: "A person",
  properties: { name: { type: "string", description: "Full name" }, age: { type: "integer", minimum: 0 }, nickname: { type: "string" } },
  required: ["name", "age"],
};

function chatAnswer(content: string) {
  return {
    status: 200,
    body: {
      id: "chatcmpl-answer",
      object: "chat.completion",
      created: 1,
      model: "gpt-4o-mini-2024-07-18",
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
    },
  };
}

function initialsOf(name: string): string {
  return name.split(/\s+/u).filter(Boolean).map((word) => word[0]?.toUpperCase() ?? "").join("");
}

describe("withStructuredOutput with a Standard Schema from another library", () => {
  it.each([
    ["synchronous", false],
    ["asynchronous", true],
  ])("sends its JSON Schema made strict, and returns the output of its %s validate", async (_kind, async) => {
    const { llm, requests } = createTestModel();
    const extract = llm.withStructuredOutput(createHandmadePerson({ async }), { name: "Person" });
    let sawRemovedNull = false;
    for (let attempt = 0; attempt < 20; attempt++) {
      const person = await extract.invoke(`Extract person ${attempt}`);
      expect(person.initials).toBe(initialsOf(person.name));
      if (!("nickname" in person)) sawRemovedNull = true;
    }
    expect(sawRemovedNull).toBe(true);
    expect(requests[0]?.body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "Person",
        strict: true,
        schema: {
          ...strictlessHandmade,
          properties: { ...strictlessHandmade.properties, nickname: { anyOf: [{ type: "string" }, { type: "null" }] } },
          required: ["name", "age", "nickname"],
          additionalProperties: false,
        },
      },
    });
  });

  it("calls its tool with functionCalling and validates the arguments with it", async () => {
    const { llm, requests } = createTestModel();
    const person = await llm.withStructuredOutput(createHandmadePerson(), { name: "Person", method: "functionCalling" }).invoke("x");
    expect(person.initials).toBe(initialsOf(person.name));
    expect(requests[0]?.body.tools).toEqual([{ type: "function", function: { name: "Person", parameters: strictlessHandmade } }]);
  });

  it("raises StructuredOutputParseError caused by a StandardSchemaValidationError with each issue's path and message", async () => {
    const model = createTestModel();
    model.answerNext(chatAnswer('{"name": 3, "age": 1.5}'), chatAnswer('{"name": 3, "age": 1.5}'));
    const extract = model.llm.withStructuredOutput(createHandmadePerson({ async: true }), { name: "Person", strict: false });
    const error = await extract.invoke("x").catch((caught: unknown) => caught);
    expect(StructuredOutputParseError.isInstance(error)).toBe(true);
    const cause = (error as StructuredOutputParseError).cause;
    expect(StandardSchemaValidationError.isInstance(cause)).toBe(true);
    expect((cause as StandardSchemaValidationError).issues).toEqual([
      { pointer: "/name", path: ["name"], problem: "Expected a string" },
      { pointer: "/age", path: ["age"], problem: "Expected a whole number of years" },
    ]);
    expect((error as Error).message).toBe(
      'The structured output "Person" does not match its schema: The value does not match the "handmade" schema:\n' +
        "- at /name: Expected a string\n- at /age: Expected a whole number of years",
    );
    const withRaw = await model.llm.withStructuredOutput(createHandmadePerson(), { name: "Person", strict: false, includeRaw: true }).invoke("x");
    expect(withRaw.parsed).toBeNull();
    expect(StandardSchemaValidationError.isInstance(withRaw.parsingError?.cause)).toBe(true);
  });

  it("refuses a Standard Schema that cannot convert itself to JSON Schema before sending anything", () => {
    const { llm, requests } = createTestModel();
    const error = (() => {
      try {
        llm.withStructuredOutput(createValidateOnlyPerson(), { method: "jsonMode" });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(SchemaConversionError.isInstance(error)).toBe(true);
    expect((error as SchemaConversionError).message).toContain('structured output "extract" at the root: this Standard Schema from "handmade"');
    expect(requests).toHaveLength(0);
  });

  it("validates a Standard JSON Schema without validate against its own JSON Schema", async () => {
    const model = createTestModel();
    model.answerNext(chatAnswer('{"name": "Ada", "age": 1.5, "nickname": null}'));
    const error = await model.llm.withStructuredOutput(createJsonOnlyPerson(), { name: "Person" }).invoke("x").catch((caught: unknown) => caught);
    expect(JsonSchemaValidationError.isInstance((error as StructuredOutputParseError).cause)).toBe(true);
    const person = await model.llm.withStructuredOutput(createJsonOnlyPerson(), { name: "Person" }).invoke("x");
    expect(Object.keys(person).sort()).toEqual(expect.arrayContaining(["age", "name"]));
  });

  it("accepts a Zod schema seen only through ~standard, and parses with Zod's validate", async () => {
    const { llm, requests } = createTestModel();
    const schema = z.object({ name: z.string().transform((value) => value.toUpperCase()), age: z.number().int().min(0) });
    const person = await llm.withStructuredOutput(standardFaceOf(schema), { name: "Person" }).invoke("x");
    expect(person.name).toBe(person.name.toUpperCase());
    const sent = (requests[0]?.body.response_format as { json_schema: { schema: Record<string, unknown> } }).json_schema.schema;
    expect(sent["properties"]).toEqual({
      name: { type: "string" },
      age: { type: "integer", minimum: 0, maximum: 9007199254740991 },
    });
  });
});

describe("streaming structured output", () => {
  it("yields growing partial objects, then the validated object equal to invoke's", async () => {
    const { llm } = createTestModel();
    const extract = llm.withStructuredOutput(PersonV4, { name: "Person" });
    const invoked = await extract.invoke("Stream a person");
    const yielded: unknown[] = [];
    for await (const value of await extract.stream("Stream a person")) yielded.push(value);
    expect(yielded.length).toBeGreaterThan(3);
    expect(yielded.at(-1)).toEqual(invoked);
    const sizes = yielded.slice(0, -1).map((value) => JSON.stringify(value).length);
    expect(sizes).toEqual([...sizes].sort((left, right) => left - right));
  });

  it("raises the refusal error from a stream too", async () => {
    const model = createTestModel();
    const base = { id: "chatcmpl-r", object: "chat.completion.chunk", created: 1, model: "gpt-4o-mini-2024-07-18" };
    const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: value, logprobs: null, finish_reason: finish }] });
    model.answerNext({ status: 200, sse: [delta({ role: "assistant", content: null, refusal: "" }), delta({ refusal: "I can't " }), delta({ refusal: "help." }), delta({}, "stop")] });
    const run = async () => {
      for await (const _value of await model.llm.withStructuredOutput(PersonV4).stream("x")) void _value;
    };
    const error = await run().catch((caught: unknown) => caught);
    expect(StructuredOutputRefusalError.isInstance(error)).toBe(true);
    expect((error as StructuredOutputRefusalError).refusal).toBe("I can't help.");
  });

  it("streams partial tool arguments with functionCalling", async () => {
    const { llm } = createTestModel();
    const extract = llm.withStructuredOutput(PersonV4, { name: "Person", method: "functionCalling" });
    const yielded: unknown[] = [];
    for await (const value of await extract.stream("Stream a person")) yielded.push(value);
    expect(yielded.length).toBeGreaterThan(2);
    expect(PersonV4.safeParse(yielded.at(-1)).success).toBe(true);
  });
});

describe("types", () => {
  it("infers the output type from the schema", async () => {
    const { llm } = createTestModel();
    const person = await llm.withStructuredOutput(PersonV4).invoke("x");
    // Compile-time checks: these lines fail `tsc` if the inferred type is wrong.
    const name: string = person.name;
    const nickname: string | undefined = person.nickname;
    const email: string | null = person.email;
    const fromV3 = await llm.withStructuredOutput(PersonV3).invoke("x");
    const age: number = fromV3.age;
    expect([typeof name, typeof nickname === "string" || nickname === undefined, email === null || typeof email === "string", typeof age]).toEqual(["string", true, true, "number"]);
  });
});
