import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { countChatPromptTokens, loadEncoding } from "@tessera/openai-tokens";
import { createTestClient, searchTool, user, weatherTool } from "../__tests__/helpers.js";
import { expectValidJson as expectValid } from "../__tests__/json-schema.js";

const model = "gpt-4o-mini";

describe("POST /v1/chat/completions (non-streaming, through the official SDK)", () => {
  it("answers a chat.completion with the real shape", async () => {
    const { client } = createTestClient({ now: () => 1_750_000_000_000 });
    const completion = await client.chat.completions.create({ model, messages: [user("Hello there")] });
    expect(completion).toEqual({
      id: expect.stringMatching(/^chatcmpl-[A-Za-z0-9]{29}$/),
      object: "chat.completion",
      created: 1_750_000_000,
      model: "gpt-4o-mini-2024-07-18",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: expect.any(String), refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        total_tokens: expect.any(Number),
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
      service_tier: "default",
      system_fingerprint: expect.stringMatching(/^fp_[0-9a-f]{10}$/),
    });
    expect(completion.choices[0]?.message.content).toContain("emulated gpt-4o-mini");
    expect(completion.choices[0]?.message.content).toContain("Hello there");
  });

  it("answers with the dated snapshot of a known alias, and keeps a fine-tuned name", async () => {
    const { client } = createTestClient();
    const gpt4 = await client.chat.completions.create({ model: "gpt-4", messages: [user("hi")] });
    expect(gpt4.model).toBe("gpt-4-0613");
    const tuned = await client.chat.completions.create({ model: "ft:gpt-4o-mini:acme::abc123", messages: [user("hi")] });
    expect(tuned.model).toBe("ft:gpt-4o-mini:acme::abc123");
  });

  it("counts usage with the model's real tokenizer", async () => {
    const { client } = createTestClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "system", content: "You are terse." },
      { role: "user", name: "ada", content: "Count my tokens, please." },
    ];
    for (const [modelName, encoding] of [["gpt-4o", "o200k_base"], ["gpt-3.5-turbo", "cl100k_base"]] as const) {
      const completion = await client.chat.completions.create({ model: modelName, messages });
      const content = completion.choices[0]?.message.content ?? "";
      const expectedPrompt = await countChatPromptTokens({ model: modelName, messages: messages as never });
      const encoder = await loadEncoding(encoding);
      // 3 per message + role + content (+1 and the name), + 3 priming: checked independently here.
      const manual =
        3 + encoder.encode("system").length + encoder.encode("You are terse.").length +
        3 + encoder.encode("user").length + encoder.encode("Count my tokens, please.").length + 1 + encoder.encode("ada").length + 3;
      expect(completion.usage?.prompt_tokens).toBe(manual);
      expect(completion.usage?.prompt_tokens).toBe(expectedPrompt.totalCount);
      expect(completion.usage?.completion_tokens).toBe(encoder.encode(content).length);
      expect(completion.usage?.total_tokens).toBe(manual + encoder.encode(content).length);
    }
  });

  it("is deterministic: the same request gets the same content and usage", async () => {
    const first = createTestClient().client;
    const second = createTestClient().client;
    const request = { model, messages: [user("Tell me something")], n: 2 };
    const a = await first.chat.completions.create(request);
    const b = await second.chat.completions.create(request);
    expect(a.choices).toEqual(b.choices);
    expect(a.usage).toEqual(b.usage);
    const other = await first.chat.completions.create({ model, messages: [user("Something else entirely")] });
    expect(other.choices[0]?.message.content).not.toEqual(a.choices[0]?.message.content);
  });

  it("gives every response and tool call a fresh id, or sequential ids when asked", async () => {
    const { client } = createTestClient();
    const request = { model, messages: [user("Use get_weather")], tools: [weatherTool] };
    const a = await client.chat.completions.create(request);
    const b = await client.chat.completions.create(request);
    expect(a.id).not.toBe(b.id);
    expect(a.choices[0]?.message.tool_calls?.[0]?.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(a.choices[0]?.message.tool_calls?.[0]?.id).not.toBe(b.choices[0]?.message.tool_calls?.[0]?.id);

    const sequential = createTestClient({ ids: "sequential" }).client;
    const first = await sequential.chat.completions.create(request);
    const second = await sequential.chat.completions.create(request);
    expect([first.id, second.id]).toEqual([`chatcmpl-${"1".padStart(29, "0")}`, `chatcmpl-${"2".padStart(29, "0")}`]);
    expect(first.choices[0]?.message.tool_calls?.[0]?.id).toBe(`call_${"1".padStart(24, "0")}`);
  });

  it("answers n choices, counting prompt tokens once and completion tokens over all choices", async () => {
    const { client } = createTestClient();
    const single = await client.chat.completions.create({ model, messages: [user("Pick a remark")] });
    const many = await client.chat.completions.create({ model, messages: [user("Pick a remark")], n: 3 });
    expect(many.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(many.choices[0]?.message.content).toBe(single.choices[0]?.message.content);
    const encoder = await loadEncoding("o200k_base");
    const completionTokens = many.choices.reduce((sum, choice) => sum + encoder.encode(choice.message.content ?? "").length, 0);
    expect(many.usage?.prompt_tokens).toBe(single.usage?.prompt_tokens);
    expect(many.usage?.completion_tokens).toBe(completionTokens);
  });

  it("stops before a stop sequence with finish_reason stop", async () => {
    const { client } = createTestClient();
    const full = await client.chat.completions.create({ model, messages: [user("Say hi")] });
    const text = full.choices[0]?.message.content ?? "";
    const stopWord = "emulated";
    expect(text).toContain(stopWord);
    const stopped = await client.chat.completions.create({ model, messages: [user("Say hi")], stop: ["zzz-never", stopWord] });
    expect(stopped.choices[0]?.message.content).toBe(text.slice(0, text.indexOf(stopWord)));
    expect(stopped.choices[0]?.finish_reason).toBe("stop");
  });

  it.each(["max_tokens", "max_completion_tokens"] as const)(
    "cuts the reply at a token boundary with finish_reason length (%s)",
    async (parameter) => {
      const { client } = createTestClient();
      const full = await client.chat.completions.create({ model, messages: [user("Say hi")] });
      const cut = await client.chat.completions.create({ model, messages: [user("Say hi")], [parameter]: 5 });
      const encoder = await loadEncoding("o200k_base");
      const fullTokens = encoder.encode(full.choices[0]?.message.content ?? "");
      expect(cut.choices[0]?.message.content).toBe(encoder.decode(fullTokens.slice(0, 5)));
      expect(cut.choices[0]?.finish_reason).toBe("length");
      expect(cut.usage?.completion_tokens).toBe(5);
    },
  );

  it("returns deterministic logprobs with top_logprobs and UTF-8 bytes", async () => {
    const { client } = createTestClient();
    const request = { model, messages: [user("Naïve café ☕ test")], logprobs: true, top_logprobs: 3 };
    const completion = await client.chat.completions.create(request);
    const again = await client.chat.completions.create(request);
    const logprobs = completion.choices[0]?.logprobs;
    expect(logprobs?.refusal).toBeNull();
    const content = logprobs?.content ?? [];
    expect(content.length).toBe(completion.usage?.completion_tokens);
    expect(again.choices[0]?.logprobs).toEqual(logprobs);
    const bytes = content.flatMap((entry) => entry.bytes ?? []);
    expect(Buffer.from(bytes).toString("utf8")).toBe(completion.choices[0]?.message.content);
    for (const entry of content) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.top_logprobs[0]).toEqual({ token: entry.token, logprob: entry.logprob, bytes: entry.bytes });
      const values = entry.top_logprobs.map((top) => top.logprob);
      expect([...values].sort((left, right) => right - left)).toEqual(values);
    }
  });

  it("treats text that spells a special token as ordinary text", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({ model, messages: [user("Explain <|endoftext|> please")] });
    expect(completion.choices[0]?.message.content).toContain("<|endoftext|>");
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(8);
  });

  it("accepts seed and echoes the tier that served the request", async () => {
    const { client } = createTestClient();
    const seeded = await client.chat.completions.create({ model, messages: [user("hi")], seed: 42, service_tier: "flex" });
    expect(seeded.service_tier).toBe("flex");
    const fast = await client.chat.completions.create({ model, messages: [user("hi")], service_tier: "auto" });
    expect(fast.service_tier).toBe("default");
  });
});

describe("JSON answers", () => {
  it("answers json_object with a JSON object", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [user("Reply in JSON please")],
      response_format: { type: "json_object" },
    });
    const parsed: unknown = JSON.parse(completion.choices[0]?.message.content ?? "");
    expect(parsed).toEqual(expect.objectContaining({ reply: expect.any(String) }));
    expect(Array.isArray(parsed)).toBe(false);
  });

  const schemas: Array<[string, boolean, Record<string, unknown>]> = [
    ["strict_person", true, {
      type: "object",
      properties: {
        name: { type: "string" },
        age: { type: "integer", minimum: 0, maximum: 130 },
        email: { type: ["string", "null"], format: "email" },
        tags: { type: "array", items: { type: "string", enum: ["a", "b", "c"] } },
        address: {
          type: "object",
          properties: { street: { type: "string" }, zip: { type: "string", pattern: "^[0-9]{5}$" } },
          required: ["street", "zip"],
          additionalProperties: false,
        },
      },
      required: ["name", "age", "email", "tags", "address"],
      additionalProperties: false,
    }],
    ["loose_order", false, {
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" },
        items: { type: "array", minItems: 2, maxItems: 4, items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "number", exclusiveMinimum: 0 } }, required: ["sku", "qty"] } },
        status: { enum: ["open", "closed"] },
      },
      required: ["id", "items"],
    }],
    ["strict_tree", true, {
      type: "object",
      properties: { root: { $ref: "#/$defs/node" } },
      required: ["root"],
      additionalProperties: false,
      $defs: {
        node: {
          type: "object",
          properties: { label: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
          required: ["label", "children"],
          additionalProperties: false,
        },
      },
    }],
  ];

  it.each(schemas)("answers json_schema %s (strict: %s) with JSON valid against the schema", async (name, strict, schema) => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [user("Fill the form")],
      response_format: { type: "json_schema", json_schema: { name, schema, strict } },
    });
    expectValid(schema, JSON.parse(completion.choices[0]?.message.content ?? ""));
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("keeps the schema's key order in strict output", async () => {
    const { client } = createTestClient();
    const [, , schema] = schemas[0]!;
    const completion = await client.chat.completions.create({
      model,
      messages: [user("Fill the form")],
      response_format: { type: "json_schema", json_schema: { name: "person", schema, strict: true } },
    });
    expect(Object.keys(JSON.parse(completion.choices[0]?.message.content ?? "{}") as object)).toEqual(["name", "age", "email", "tags", "address"]);
  });

  it("fills json_schema output from what the user said and what the tools answered, like a structured report", async () => {
    const { client } = createTestClient();
    const schema = { type: "object", properties: { city: { type: "string" }, degrees: { type: "number" } }, required: ["city", "degrees"], additionalProperties: false };
    const completion = await client.chat.completions.create({
      model,
      messages: [
        user("What's the weather in Paris? Report it."),
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "It is 21 degrees in Paris." },
      ],
      tools: [weatherTool],
      response_format: { type: "json_schema", json_schema: { name: "weather", schema, strict: true } },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? "{}")).toEqual({ city: "Paris", degrees: 21 });
  });
});

describe("tool calls", () => {
  function argumentsOf(completion: OpenAI.ChatCompletion): Array<{ name: string; args: unknown }> {
    return (completion.choices[0]?.message.tool_calls ?? []).map((call) => {
      if (call.type !== "function") throw new Error("expected a function call");
      return { name: call.function.name, args: JSON.parse(call.function.arguments) };
    });
  }

  it("calls the tool a user message names, with arguments valid against its schema", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [user("What is the weather in Paris? use get_weather")],
      tools: [weatherTool, searchTool],
    });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.content).toBeNull();
    const calls = argumentsOf(completion);
    expect(calls.map((call) => call.name)).toEqual(["get_weather"]);
    expectValid(weatherTool.function.parameters!, calls[0]?.args);
  });

  it("calls the function tool_choice names, even when the user names another", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [user("use get_weather")],
      tools: [weatherTool, searchTool],
      tool_choice: { type: "function", function: { name: "search_flights" } },
    });
    const calls = argumentsOf(completion);
    expect(calls.map((call) => call.name)).toEqual(["search_flights"]);
    expectValid(searchTool.function.parameters!, calls[0]?.args);
  });

  it("calls a tool when tool_choice is required, and answers in text when it is none or nothing is named", async () => {
    const { client } = createTestClient();
    const base = { model, messages: [user("Hello")], tools: [weatherTool, searchTool] };
    const required = await client.chat.completions.create({ ...base, tool_choice: "required" });
    expect(argumentsOf(required).map((call) => call.name)).toEqual(["get_weather"]);
    const auto = await client.chat.completions.create(base);
    expect(auto.choices[0]?.finish_reason).toBe("stop");
    const none = await client.chat.completions.create({ ...base, messages: [user("use get_weather")], tool_choice: "none" });
    expect(none.choices[0]?.message.tool_calls).toBeUndefined();
    expect(none.choices[0]?.finish_reason).toBe("stop");
  });

  it("makes parallel calls for several named tools, unless parallel_tool_calls is false", async () => {
    const { client } = createTestClient();
    const base = { model, messages: [user("First search_flights, then get_weather")], tools: [weatherTool, searchTool] };
    const parallel = await client.chat.completions.create(base);
    expect(argumentsOf(parallel).map((call) => call.name)).toEqual(["search_flights", "get_weather"]);
    const ids = parallel.choices[0]?.message.tool_calls?.map((call) => call.id);
    expect(new Set(ids).size).toBe(2);
    const single = await client.chat.completions.create({ ...base, parallel_tool_calls: false });
    expect(argumentsOf(single).map((call) => call.name)).toEqual(["search_flights"]);
  });

  it("answers a tool result in text that uses it, so an agent loop ends", async () => {
    const { client } = createTestClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [user("use get_weather for Paris")];
    const first = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
    const message = first.choices[0]!.message;
    const call = message.tool_calls![0]!;
    messages.push(message, { role: "tool", tool_call_id: call.id, content: '{"temperature":21,"sky":"clear"}' });
    const second = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    expect(second.choices[0]?.message.content).toBe("According to get_weather, the temperature is 21 and the sky is clear.");
  });

  it("supports the legacy functions / function_call API", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model: "gpt-3.5-turbo",
      messages: [user("Hello")],
      functions: [weatherTool.function],
      function_call: { name: "get_weather" },
    });
    const choice = completion.choices[0]!;
    // A named function_call finishes with "stop", as recorded (gpt-4-0613, crewAI cassettes; forced-call-finish.ts).
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.message.function_call?.name).toBe("get_weather");
    expectValid(weatherTool.function.parameters!, JSON.parse(choice.message.function_call?.arguments ?? ""));
  });

  it("cuts tool arguments at max_tokens with finish_reason length, leaving invalid JSON", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({
      model,
      messages: [user("use search_flights")],
      tools: [searchTool],
      max_tokens: 6,
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("length");
    const call = choice.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(() => JSON.parse(call.function.arguments)).toThrow();
    expect(completion.usage?.completion_tokens).toBe(6);
  });
});
