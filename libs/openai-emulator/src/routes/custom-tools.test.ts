import { beforeAll, describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import { createTestClient, rawRequest, readSseEvents, user, weatherTool } from "../__tests__/helpers.js";

const model = "gpt-4o-mini";

const codeExec: OpenAI.ChatCompletionCustomTool = { type: "custom", custom: { name: "code_exec", description: "Runs Python code" } };
const zipCode: OpenAI.ChatCompletionCustomTool = {
  type: "custom",
  custom: { name: "zip_code", format: { type: "grammar", grammar: { syntax: "regex", definition: "^[0-9]{5}(-[0-9]{4})?$" } } },
};

// The tokenizer's first load can take seconds on a busy machine; a run of every package from the root keeps jest's
// default 5 s per test (testTimeout is a global option there), so the load gets its own budget here.
beforeAll(() => loadEncoding("o200k_base"), 30_000);

function onlyCall(completion: OpenAI.ChatCompletion): OpenAI.ChatCompletionMessageToolCall {
  const calls = completion.choices[0]?.message.tool_calls ?? [];
  expect(calls).toHaveLength(1);
  return calls[0]!;
}

describe("custom tools", () => {
  it("calls a custom tool the user names, with the request as its free-form input", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({ model, messages: [user("Use code_exec to print 2+2")], tools: [weatherTool, codeExec] });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(onlyCall(completion)).toEqual({
      id: expect.stringMatching(/^call_/),
      type: "custom",
      custom: { name: "code_exec", input: "Use code_exec to print 2+2" },
    });
  });

  it("follows a regex grammar when tool_choice forces the custom tool, the same input for the same request", async () => {
    const { client } = createTestClient();
    const request = { model, messages: [user("Where do I send the letter?")], tools: [codeExec, zipCode], tool_choice: { type: "custom" as const, custom: { name: "zip_code" } } };
    const first = onlyCall(await client.chat.completions.create(request));
    const second = onlyCall(await client.chat.completions.create(request));
    expect(first.type === "custom" && first.custom.name).toBe("zip_code");
    const input = first.type === "custom" ? first.custom.input : "";
    expect(input).toMatch(/^[0-9]{5}(-[0-9]{4})?$/);
    expect(second.type === "custom" && second.custom.input).toBe(input);
  });

  it("streams a custom call: the first delta names it with an empty input, later deltas carry the input", async () => {
    const { emulator } = createTestClient();
    const request = { model, messages: [user("Use code_exec to print 2+2")], tools: [codeExec] };
    const whole = (await (await rawRequest(emulator, "/v1/chat/completions", { body: request })).json()) as OpenAI.ChatCompletion;
    const events = await readSseEvents(await rawRequest(emulator, "/v1/chat/completions", { body: { ...request, stream: true } }));
    const deltas = events.flatMap((event) => (event === "[DONE]" ? [] : ((event.choices as OpenAI.ChatCompletionChunk.Choice[])[0]?.delta.tool_calls ?? [])));
    const [start, ...rest] = deltas;
    expect(start).toEqual({ index: 0, id: expect.stringMatching(/^call_/), type: "custom", custom: { name: "code_exec", input: "" } });
    expect(rest.length).toBeGreaterThan(0);
    for (const delta of rest) expect(Object.keys(delta).sort()).toEqual(["custom", "index"]);
    const call = onlyCall(whole);
    expect(rest.map((delta) => delta.custom?.input).join("")).toBe(call.type === "custom" ? call.custom.input : undefined);
  });

  it("answers in text after the result of a custom call in the history", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      tools: [codeExec],
      messages: [
        user("Use code_exec to print 2+2"),
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "custom", custom: { name: "code_exec", input: "print(2+2)" } }] },
        { role: "tool", tool_call_id: "call_1", content: "4" },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.content).toContain("code_exec");
  });
});

describe("custom tools in scenarios", () => {
  it("answers a scripted call to a custom tool as a custom call, its arguments text as the input", async () => {
    const { client } = createTestClient({
      scenarios: [{ match: { lastUserMessage: { contains: "run" } }, respond: { toolCalls: [{ name: "code_exec", arguments: "print('hi')" }] } }],
    });
    const completion = await client.chat.completions.create({ model, messages: [user("run it")], tools: [codeExec] });
    expect(onlyCall(completion)).toEqual({ id: expect.stringMatching(/^call_/), type: "custom", custom: { name: "code_exec", input: "print('hi')" } });
  });

  it("composes the input of a scripted custom call that gives none", async () => {
    const { client } = createTestClient({ scenarios: [{ respond: { toolCalls: [{ name: "zip_code" }] } }] });
    const call = onlyCall(await client.chat.completions.create({ model, messages: [user("Where to?")], tools: [zipCode] }));
    expect(call.type === "custom" ? call.custom.input : "").toMatch(/^[0-9]{5}(-[0-9]{4})?$/);
  });
});

describe("tool_choice allowed_tools", () => {
  const tools: OpenAI.ChatCompletionTool[] = [weatherTool, codeExec];

  it("required: calls only among the allowed tools, even when the user names another", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [user("use get_weather for Paris")],
      tools,
      tool_choice: { type: "allowed_tools", allowed_tools: { mode: "required", tools: [{ type: "custom", custom: { name: "code_exec" } }] } },
    });
    const call = onlyCall(completion);
    expect(call.type === "custom" && call.custom.name).toBe("code_exec");
  });

  it("auto: calls an allowed tool the user names, and answers in text when none is named", async () => {
    const { client } = createTestClient();
    const choice = { type: "allowed_tools" as const, allowed_tools: { mode: "auto" as const, tools: [{ type: "function", function: { name: "get_weather" } }] } };
    const named = await client.chat.completions.create({ model, messages: [user("use get_weather for Paris")], tools, tool_choice: choice });
    expect(onlyCall(named).type === "function" && onlyCall(named)).toMatchObject({ function: { name: "get_weather" } });
    const other = await client.chat.completions.create({ model, messages: [user("use code_exec")], tools, tool_choice: choice });
    expect(other.choices[0]?.finish_reason).toBe("stop");
    expect(other.choices[0]?.message.tool_calls).toBeUndefined();
  });
});
