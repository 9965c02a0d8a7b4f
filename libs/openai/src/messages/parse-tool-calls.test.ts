import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import {
  TRUNCATED_TOOL_CALL_ERROR,
  parseToolCallArguments,
  parseToolCallChunks,
  parseToolCallParts,
  parseToolCalls,
} from "./parse-tool-calls.js";

const functionCall = (id: string, name: string, args: unknown) =>
  ({ id, type: "function", function: { name, arguments: args } }) as OpenAI.ChatCompletionMessageToolCall;

describe("parseToolCallArguments", () => {
  it.each([
    ['{"city":"Paris"}', { city: "Paris" }],
    ['  {"nested":{"list":[1,2]}}\n', { nested: { list: [1, 2] } }],
    ["", {}],
    ["  \n", {}],
    ["{}", {}],
  ])("parses %j", (text, args) => {
    expect(parseToolCallArguments(text)).toStrictEqual({ args });
  });

  it.each([
    ['{"city":"Par', /^invalid_json: /],
    ["{'city': 'Paris'}", /^invalid_json: /],
    ['{"a":1}}', /^invalid_json: /],
    ["[1,2]", /^not_an_object: .*an array/],
    ['"Paris"', /^not_an_object: .*a string/],
    ["42", /^not_an_object: .*a number/],
    ["true", /^not_an_object: .*a boolean/],
    ["null", /^not_an_object: .*null/],
  ])("rejects %j without repairing it", (text, error) => {
    const result = parseToolCallArguments(text);
    expect(result).not.toHaveProperty("args");
    expect((result as { error: string }).error).toMatch(error);
  });
});

describe("parseToolCalls", () => {
  it("splits wire tool calls into valid and invalid ones, keeping their order and raw text", () => {
    const parsed = parseToolCalls(
      [functionCall("call_1", "a", '{"x":1}'), functionCall("call_2", "b", "[]"), functionCall("call_3", "c", ""), functionCall("call_4", "d", "{")],
      { truncated: false },
    );
    expect(parsed.toolCalls).toStrictEqual([
      { name: "a", args: { x: 1 }, id: "call_1", type: "tool_call" },
      { name: "c", args: {}, id: "call_3", type: "tool_call" },
    ]);
    expect(parsed.invalidToolCalls.map(({ name, args, id, type }) => ({ name, args, id, type }))).toStrictEqual([
      { name: "b", args: "[]", id: "call_2", type: "invalid_tool_call" },
      { name: "d", args: "{", id: "call_4", type: "invalid_tool_call" },
    ]);
  });

  it("makes every call invalid when the response was truncated, whatever its text", () => {
    const parsed = parseToolCalls([functionCall("call_1", "a", '{"x":1}'), functionCall("call_2", "b", '{"y":"cut')], { truncated: true });
    expect(parsed.toolCalls).toStrictEqual([]);
    expect(parsed.invalidToolCalls).toStrictEqual([
      { name: "a", args: '{"x":1}', id: "call_1", error: TRUNCATED_TOOL_CALL_ERROR, type: "invalid_tool_call" },
      { name: "b", args: '{"y":"cut', id: "call_2", error: TRUNCATED_TOOL_CALL_ERROR, type: "invalid_tool_call" },
    ]);
    expect(TRUNCATED_TOOL_CALL_ERROR).toMatch(/^truncated_by_max_tokens: .*maxTokens/);
  });

  it("reads custom tool calls as { input } and arguments a compatible server sent as an object", () => {
    const custom = { id: "call_c", type: "custom", custom: { name: "run_sql", input: "SELECT 1" } } as OpenAI.ChatCompletionMessageToolCall;
    const parsed = parseToolCalls([custom, functionCall("call_o", "obj", { city: "Oslo" })], { truncated: false });
    expect(parsed.toolCalls).toStrictEqual([
      { name: "run_sql", args: { input: "SELECT 1" }, id: "call_c", type: "tool_call" },
      { name: "obj", args: { city: "Oslo" }, id: "call_o", type: "tool_call" },
    ]);
  });

  it("accepts no tool calls at all", () => {
    expect(parseToolCalls(undefined, { truncated: true })).toStrictEqual({ toolCalls: [], invalidToolCalls: [] });
  });
});

describe("parseToolCallParts", () => {
  it("names a nameless call with the empty string, as core does", () => {
    expect(parseToolCallParts([{ id: "call_n", args: "{}" }], { truncated: false }).toolCalls).toStrictEqual([
      { name: "", args: {}, id: "call_n", type: "tool_call" },
    ]);
  });
});

describe("parseToolCallChunks", () => {
  it("joins fragments by index in order, taking the first id and name", () => {
    const parsed = parseToolCallChunks(
      [
        { index: 1, id: "call_b", name: "second", args: '{"b":', type: "tool_call_chunk" },
        { index: 0, id: "call_a", name: "first", args: "", type: "tool_call_chunk" },
        { index: 1, args: "2}", type: "tool_call_chunk" },
        { index: 0, id: "call_a", name: "first", args: "{}", type: "tool_call_chunk" },
      ],
      { truncated: false },
    );
    expect(parsed.toolCalls).toStrictEqual([
      { name: "second", args: { b: 2 }, id: "call_b", type: "tool_call" },
      { name: "first", args: {}, id: "call_a", type: "tool_call" },
    ]);
  });

  it("keeps fragments without an index as separate calls", () => {
    const parsed = parseToolCallChunks(
      [
        { id: "call_x", name: "x", args: "{}", type: "tool_call_chunk" },
        { id: "call_y", name: "y", args: "{}", type: "tool_call_chunk" },
      ],
      { truncated: false },
    );
    expect(parsed.toolCalls.map(({ id }) => id)).toStrictEqual(["call_x", "call_y"]);
  });
});
