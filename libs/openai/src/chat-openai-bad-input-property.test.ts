// Property test of "bad input fails before anything is sent" (issue 13): seeded random message lists, content blocks,
// options, tools and schemas go through the public surface (the constructor, invoke, stream) to the emulator. Each
// case ends in one of two ways only: a request the emulator accepts (one journal entry, status 200), or one of our
// typed input errors with nothing sent (no journal entry). Never a TypeError, never a 400. fast-check does not
// resolve from libs/openai (it is a devDependency of the emulator and the token counter only), hence the seeded
// generator: a failure names its seed, and `SEEDS` replays it.
//
// Left to the API on purpose, so not generated: model-specific limits (a model's largest max_tokens or n, its highest
// token id, top_logprobs caps, what input types a model takes, such as images on o3-mini) and enum values (service
// tiers and the like grow over time); unknown modelKwargs keys, which compatible servers may take.
import { describe, expect, it } from "@jest/globals";
import { AIMessage, type BaseMessageLike, ChatMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import type { ChatOpenAICallOptions, ChatOpenAIFields } from "./chat-openai-fields.js";
import {
  InvalidInputError,
  InvalidMessageError,
  InvalidOptionError,
  SchemaIssuesError,
  UnsupportedOptionError,
} from "./errors/errors.js";
import { createTestModel, type TestModel } from "./__tests__/test-model.js";
import { randomJsonSchema } from "./tools/__fixtures__/random-json-schema.js";
import { createRandom, pick } from "./tools/__fixtures__/strict-values.js";

const SEEDS = Array.from({ length: 120 }, (_, index) => index + 1);
const TYPED_INPUT_ERRORS = [InvalidOptionError, InvalidInputError, InvalidMessageError, SchemaIssuesError, UnsupportedOptionError] as const;

type Random = () => number;
const chance = (random: Random, probability: number): boolean => random() < probability;
const integerBetween = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

/** A number the API takes, or one it refuses (out of range, not whole, NaN, Infinity, a string). */
function number(random: Random, valid: () => number, invalid: readonly unknown[]): unknown {
  return chance(random, 0.9) ? valid() : pick(random, invalid);
}

const NOT_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function randomFields(random: Random): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const maybe = (name: string, value: () => unknown) => {
    if (chance(random, 0.25)) fields[name] = value();
  };
  maybe("temperature", () => number(random, () => Math.round(random() * 200) / 100, [99, -1, "0.5", ...NOT_FINITE]));
  maybe("topP", () => number(random, () => random(), [5, -0.1, ...NOT_FINITE]));
  maybe("frequencyPenalty", () => number(random, () => random() * 4 - 2, [3, -2.5, Number.NaN]));
  maybe("presencePenalty", () => number(random, () => random() * 4 - 2, [2.01, Number.POSITIVE_INFINITY]));
  maybe("n", () => number(random, () => integerBetween(random, 1, 3), [0, -1, 1.5, Number.NaN]));
  maybe("maxTokens", () => number(random, () => integerBetween(random, 1, 500), [-5, 0, 1.5, Number.NaN]));
  maybe("seed", () => number(random, () => integerBetween(random, 0, 1_000_000), [0.5, ...NOT_FINITE]));
  maybe("stop", () => Array.from({ length: integerBetween(random, 0, chance(random, 0.8) ? 4 : 6) }, (_, index) => `END${index}`));
  maybe("user", () => pick(random, ["user-1", "", "ünï"]));
  maybe("timeout", () => number(random, () => integerBetween(random, 5_000, 60_000), [0, -1, ...NOT_FINITE]));
  maybe("logitBias", () => (chance(random, 0.7) ? { [String(integerBetween(random, 0, 50_000))]: integerBetween(random, -100, 100) } : pick(random, [{ hello: 1 }, { "-1": 1 }, { "1": 101 }, { "1": Number.NaN }])));
  if (chance(random, 0.2)) {
    fields.logprobs = pick(random, [true, false]);
    fields.topLogprobs = integerBetween(random, 0, 5);
  }
  if (chance(random, 0.1)) {
    fields.modelKwargs = pick(random, [
      { metadata: { run: "a" } },
      { metadata: { run: 1n } },
      { temperature: 7 },
      { max_completion_tokens: 0 },
      { prediction: { type: "content", content: Number.NaN } },
      (() => {
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        return { metadata: cycle };
      })(),
    ]);
  }
  return fields;
}

function randomBlock(random: Random): unknown {
  if (chance(random, 0.1)) return pick(random, [{ type: "text", text: 42 }, { type: "mystery" }, null, { type: "text", text: "x", prompt_cache_breakpoint: Number.NaN }]);
  return pick(random, [
    () => ({ type: "text", text: "Hello" }),
    () => "plain text",
    () => ({ type: "image_url", image_url: { url: "https://example.com/cat.png" } }),
    () => ({ type: "text", text: "cached", prompt_cache_breakpoint: { type: "ephemeral" } }),
  ])();
}

function randomContent(random: Random): unknown {
  if (chance(random, 0.6)) return pick(random, ["Hi", "", "What is 2 + 2? Answer in JSON."]);
  return Array.from({ length: chance(random, 0.05) ? 0 : integerBetween(random, 1, 3) }, () => randomBlock(random));
}

function randomArgs(random: Random): Record<string, unknown> {
  if (chance(random, 0.1)) return pick(random, [{ n: 1n }, { n: Number.NaN }]);
  return pick(random, [{ city: "Paris" }, {}, { nested: { list: [1, 2] } }]);
}

/** A conversation: mostly well formed (tool calls answered), with random breakage. */
function randomMessages(random: Random): unknown[] {
  const messages: unknown[] = [];
  const length = chance(random, 0.04) ? 0 : integerBetween(random, 1, 5);
  for (let index = 0; index < length; index += 1) {
    const broken = chance(random, 0.06);
    const kind = broken ? pick(random, ["stray", "junk"]) : pick(random, ["human", "human", "human", "system", "ai", "toolRound", "toolRound", "tuple", "dict", "chat"]);
    switch (kind) {
      case "human":
        messages.push(new HumanMessage({ content: randomContent(random) as string, ...(chance(random, 0.1) ? { name: pick(random, ["ada", "ada", "bad name"]) } : {}) }));
        break;
      case "system":
        messages.push(new SystemMessage({ content: randomContent(random) as string }));
        break;
      case "ai":
        messages.push(new AIMessage({ content: pick(random, ["Sure.", ""]) }));
        break;
      case "toolRound": {
        const ids = Array.from({ length: integerBetween(random, 1, 2) }, (_, call) => `call_${index}_${call}`);
        const name = chance(random, 0.05) ? "bad name" : "get_weather";
        messages.push(new AIMessage({ content: "", tool_calls: ids.map((id) => ({ id, name, args: randomArgs(random), type: "tool_call" as const })) }));
        // Usually every call answered; sometimes one is missing or answered twice, or the answer is misaddressed.
        const answered = chance(random, 0.95) ? ids : ids.slice(1);
        for (const id of answered) {
          const content = chance(random, 0.05) ? ([] as never) : pick(random, ["18C", ""]);
          messages.push(new ToolMessage({ content, tool_call_id: chance(random, 0.95) ? id : "call_other" }));
        }
        if (chance(random, 0.05)) messages.push(new ToolMessage({ content: "again", tool_call_id: ids[0] ?? "" }));
        break;
      }
      case "tuple":
        messages.push([chance(random, 0.1) ? "wizard" : pick(random, ["human", "ai", "system"]), "Hi"]);
        break;
      case "dict":
        messages.push({ role: chance(random, 0.1) ? "oracle" : pick(random, ["user", "assistant", "developer"]), content: "Hi" });
        break;
      case "chat":
        messages.push(new ChatMessage({ role: chance(random, 0.1) ? "narrator" : pick(random, ["user", "assistant"]), content: "Hi" }));
        break;
      case "stray":
        messages.push(new ToolMessage({ content: "stray", tool_call_id: "call_stray" }));
        break;
      default:
        messages.push(pick(random, [null, 42, {}, "loose string"]));
    }
  }
  return messages;
}

function randomInput(random: Random): unknown {
  if (chance(random, 0.05)) return pick(random, [null, 42, {}, []]);
  return chance(random, 0.2) ? "Hi" : randomMessages(random);
}

function randomTools(random: Random, seed: number): unknown[] {
  if (!chance(random, 0.3)) return [];
  const schema = randomJsonSchema(seed);
  if (chance(random, 0.1)) {
    // Something JSON cannot carry, somewhere a schema allows annotations.
    Object.assign(schema, { default: pick(random, [() => 1, 10n, Number.NaN]) });
  }
  return [{ name: "extract", description: "Extracts things", schema }];
}

function randomCallOptions(random: Random, tools: unknown[]): Partial<ChatOpenAICallOptions> {
  const options: Record<string, unknown> = {};
  if (tools.length > 0) {
    options.tools = tools;
    if (chance(random, 0.5)) options.strict = pick(random, [true, false]);
    if (chance(random, 0.3)) options.tool_choice = pick(random, ["auto", "required", "extract"]);
  }
  if (chance(random, 0.2)) options.stop = Array.from({ length: integerBetween(random, 1, chance(random, 0.8) ? 4 : 6) }, (_, index) => `S${index}`);
  if (chance(random, 0.15)) options.seed = number(random, () => integerBetween(random, 0, 99), NOT_FINITE);
  if (chance(random, 0.1)) options.timeout = number(random, () => 30_000, [Number.NaN, -5]);
  if (chance(random, 0.1)) options.response_format = { type: "json_object" };
  return options as Partial<ChatOpenAICallOptions>;
}

interface Outcome {
  kind: "sent" | "refused" | "other";
  detail: string;
}

async function runCase(seed: number): Promise<Outcome> {
  const random = createRandom(seed);
  const model = pick(random, ["gpt-4o-mini", "gpt-4.1-mini", "o3-mini", "gpt-5-mini"]);
  const fields = { model, ...randomFields(random) } as ChatOpenAIFields;
  let input = randomInput(random);
  // Images are refused by text-only models (a model capability, left to the API): keep them from o3-mini.
  if (model === "o3-mini" && JSON.stringify(input, (_key, value: unknown) => (typeof value === "bigint" ? 0 : value))?.includes("image_url")) input = "Hi";
  const options = randomCallOptions(random, randomTools(random, seed));
  const streamed = chance(random, 0.3);
  let test: TestModel | undefined;
  try {
    test = createTestModel(fields);
    if (streamed) {
      for await (const _chunk of await test.llm.stream(input as BaseMessageLike[], options as ChatOpenAICallOptions)) void _chunk;
    } else {
      await test.llm.invoke(input as BaseMessageLike[], options as ChatOpenAICallOptions);
    }
  } catch (error) {
    const sent = test === undefined ? 0 : (await test.emulator.journal.settled(), test.emulator.journal.entries().length);
    const typed = TYPED_INPUT_ERRORS.some((errorClass) => errorClass.isInstance(error));
    const name = (error as Error | undefined)?.name ?? typeof error;
    const detail = `${name}: ${String((error as Error | undefined)?.message ?? error).slice(0, 300)} (requests sent: ${sent})`;
    return { kind: typed && sent === 0 ? "refused" : "other", detail };
  }
  await test.emulator.journal.settled();
  const statuses = test.emulator.journal.entries().map((entry) => entry.response.status);
  return { kind: statuses.length === 1 && statuses[0] === 200 ? "sent" : "other", detail: `statuses ${JSON.stringify(statuses)}` };
}

describe("random input through the public surface: a request the emulator accepts, or a typed error with nothing sent", () => {
  it(`holds for ${SEEDS.length} seeded cases, and both outcomes occur`, async () => {
    const outcomes = new Map<Outcome["kind"], number>();
    const failures: string[] = [];
    for (const seed of SEEDS) {
      const outcome = await runCase(seed);
      outcomes.set(outcome.kind, (outcomes.get(outcome.kind) ?? 0) + 1);
      if (outcome.kind === "other") failures.push(`seed ${seed}: ${outcome.detail}`);
    }
    expect(failures).toEqual([]);
    // The generator must exercise both sides, or the property says nothing.
    expect(outcomes.get("sent") ?? 0).toBeGreaterThan(SEEDS.length / 10);
    expect(outcomes.get("refused") ?? 0).toBeGreaterThan(SEEDS.length / 10);
  });
});
