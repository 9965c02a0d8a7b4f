// Compile-time gate: `pnpm typecheck` (tsc) is what fails when these types regress. Jest runs this file too, but swc
// strips the types, so the `expect`s below only check the values behind them.
//
// The contract is @langchain/openai 1.6's (dist/chat_models/base.d.ts): code written for it must compile unchanged.
//   withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(schema, config?: { includeRaw?: false })
//     : Runnable<BaseLanguageModelInput, RunOutput>
//   withStructuredOutput<RunOutput …>(schema, config?: { includeRaw?: true })
//     : Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>
//   withStructuredOutput<RunOutput …>(schema, config?: { includeRaw?: boolean })
//     : Runnable<BaseLanguageModelInput, RunOutput> | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>

import { describe, expect, it } from "@jest/globals";
import type { BaseLanguageModelInput } from "@langchain/core/language_models/base";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import { z } from "zod";
import { createTestModel } from "../__tests__/test-model.js";
import { createHandmadePerson } from "../schemas/__fixtures__/standard-schemas.js";
import type { InferStructuredOutput, StructuredOutputWithRaw } from "./with-structured-output.js";

/** `true` only when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when its argument is `true`. */
function expectType<T extends true>(): T | undefined {
  return undefined;
}

/** @langchain/openai's includeRaw result, written out as its .d.ts has it. */
interface LangChainWithRaw<RunOutput> {
  raw: BaseMessage;
  parsed: RunOutput;
}

const Person = z.object({ name: z.string(), age: z.number().int().min(0) });
const answerJsonSchema = {
  type: "object",
  properties: { answer: { type: "string" } },
  required: ["answer"],
  additionalProperties: false,
};
interface Answer {
  answer: string;
}

// includeRaw: `parsed` is the schema's type (not `T | null`), `raw` an AIMessage (a BaseMessage, more precise), and
// `parsingError` may be absent.
expectType<Equal<StructuredOutputWithRaw<{ a: string }>["parsed"], { a: string }>>();
expectType<Equal<undefined extends StructuredOutputWithRaw<{ a: string }>["parsingError"] ? true : false, true>>();
expectType<Equal<StructuredOutputWithRaw<{ a: string }>["raw"], AIMessage>>();
// An explicit type argument wins; without one, the schema decides.
expectType<Equal<InferStructuredOutput<typeof answerJsonSchema, Answer>, Answer>>();
expectType<Equal<InferStructuredOutput<typeof answerJsonSchema>, Record<string, unknown>>>();
expectType<Equal<InferStructuredOutput<typeof Person>, { name: string; age: number }>>();
// @ts-expect-error the checks can fail: the schema's type is not the explicit one
expectType<Equal<InferStructuredOutput<typeof Person, Answer>, { name: string; age: number }>>();

describe("withStructuredOutput types, as @langchain/openai's", () => {
  it("types includeRaw's parsed as the schema's output, so parsed.name compiles as a string", async () => {
    const { llm } = createTestModel();
    const result = await llm.withStructuredOutput(Person, { includeRaw: true }).invoke("Ada");
    const name: string = result.parsed.name;
    const raw: BaseMessage = result.raw;
    const error: Error | undefined = result.parsingError;
    expect([typeof name, typeof raw.content, error]).toEqual(["string", "string", undefined]);
  });

  it("assigns to variables typed with @langchain/openai's result types", () => {
    const { llm } = createTestModel();
    const plain: Runnable<BaseLanguageModelInput, { name: string; age: number }> = llm.withStructuredOutput(Person);
    const withRaw: Runnable<BaseLanguageModelInput, LangChainWithRaw<{ name: string }>> = llm.withStructuredOutput(Person, { includeRaw: true });
    expect([plain, withRaw].every((runnable) => typeof runnable.invoke === "function")).toBe(true);
  });

  it("takes the output type as a type argument, for a JSON Schema, with and without includeRaw", async () => {
    const { llm } = createTestModel();
    const answer: string = (await llm.withStructuredOutput<{ answer: string }>(answerJsonSchema).invoke("2 + 2?")).answer;
    const withRaw = await llm.withStructuredOutput<Answer>(answerJsonSchema, { includeRaw: true }).invoke("2 + 2?");
    const parsedAnswer: string = withRaw.parsed.answer;
    expect([typeof answer, typeof parsedAnswer]).toEqual(["string", "string"]);
  });

  it("takes a type argument for a Zod schema too, which then wins over the inferred type", async () => {
    const { llm } = createTestModel();
    const person = await llm.withStructuredOutput<{ name: string }>(Person).invoke("Ada");
    const name: string = person.name;
    // @ts-expect-error age is not in the type argument, although the schema has it
    expect(typeof person.age).toBe("number");
    expect(typeof name).toBe("string");
  });

  it("returns the union of both shapes when includeRaw is a boolean known only at run time", async () => {
    const { llm, requests } = createTestModel();
    const includeRaw: boolean = requests.length > 0;
    const result = await llm.withStructuredOutput(Person, { includeRaw }).invoke("Ada");
    const name: string = "raw" in result ? result.parsed.name : result.name;
    expect(typeof name).toBe("string");
  });

  it("infers a Standard Schema's output type", async () => {
    const { llm } = createTestModel();
    const person = await llm.withStructuredOutput(createHandmadePerson()).invoke("Ada Lovelace");
    const initials: string = person.initials;
    expect(typeof initials).toBe("string");
  });
});
