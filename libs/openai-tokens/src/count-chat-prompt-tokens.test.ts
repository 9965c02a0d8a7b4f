import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import {
  countChatPromptTokens,
  countMessageTokens,
  toolCallNames,
  type PromptMessage,
} from "./count-chat-prompt-tokens.js";
import type { EncodingName } from "./encoding-for-model.js";
import { loadEncoding } from "./load-encoding.js";
import type { ToolDefinition } from "./tool-definitions.js";

interface ChatSample {
  model: string;
  messages: PromptMessage[];
  tools?: ToolDefinition[];
  prompt_tokens: number;
}

interface TextSample {
  model: string; // "<encoding> text"
  text: string;
  tokens: number;
}

// Ground truth: prompt_tokens the real API reported (the OpenAI cookbook's figures; provenance in the file's `source`).
const samplesPath = path.join(__dirname, "__fixtures__/token-usage-samples.json");
const samples = (JSON.parse(readFileSync(samplesPath, "utf8")) as { samples: Array<ChatSample | TextSample> }).samples;
const chatSamples = samples.filter((sample): sample is ChatSample => "messages" in sample);
const messageOnlySamples = chatSamples.filter((sample) => sample.tools === undefined);
const toolSamples = chatSamples.filter((sample) => sample.tools !== undefined);
const textSamples = samples.filter((sample): sample is TextSample => "text" in sample);

// Raw token counts, straight from js-tiktoken: the expected values below are built from the documented rules.
async function tokenizer(encoding: EncodingName = "o200k_base") {
  const encoder = await loadEncoding(encoding);
  return (text: string) => encoder.encode(text).length;
}

describe("text samples", () => {
  it.each(textSamples.map((sample) => [sample.model, sample.text, sample.tokens] as const))(
    "%s: %s has %i tokens",
    async (label, text, expected) => {
      const encoding = label.split(" ")[0] as EncodingName;
      expect((await loadEncoding(encoding)).encode(text)).toHaveLength(expected);
    },
  );
});

describe("countChatPromptTokens: the API's own figures", () => {
  it("has message-only and tool samples to check", () => {
    expect(messageOnlySamples.length).toBeGreaterThanOrEqual(4);
    expect(toolSamples.length).toBeGreaterThanOrEqual(4);
  });

  it.each(chatSamples.map((sample) => [sample.model, sample.tools ? "with tools" : "messages only", sample.prompt_tokens, sample] as const))(
    "reproduces the API's prompt_tokens for %s, %s (%i)",
    async (_model, _kind, expected, sample) => {
      const { totalCount } = await countChatPromptTokens({
        model: sample.model,
        messages: sample.messages,
        tools: sample.tools,
      });
      expect(totalCount).toBe(expected);
    },
  );
});

describe("countChatPromptTokens: message framing", () => {
  it("adds 3 per message, 1 per name and 3 for reply priming around the content tokens", async () => {
    const bare = await countChatPromptTokens({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    // 3 framing + "user" (1) + "hi" (1) + 3 priming
    expect(bare.totalCount).toBe(8);
    expect(bare.countPerMessage).toEqual([5]);
    expect(bare.toolsCount).toBe(0);
    const named = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "user", name: "bob", content: "hi" }],
    });
    expect(named.totalCount).toBe(8 + 1 + 1);
  });

  it("counts text parts of multi-part content like the same text as a string", async () => {
    const asString = await countChatPromptTokens({ model: "gpt-4o", messages: [{ role: "user", content: "hello world" }] });
    const asParts = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "text", text: "hello" }, { type: "text", text: " world" }] }],
    });
    expect(asParts.totalCount).toBe(asString.totalCount);
  });

  it("counts special-token text as ordinary text instead of throwing", async () => {
    const encoder = await loadEncoding("o200k_base");
    expect(() => encoder.encode("<|endoftext|>")).toThrow(); // js-tiktoken's default
    const { totalCount } = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "user", content: "<|endoftext|>" }],
    });
    const ordinary = encoder.encode("<|endoftext|>", [], []).length;
    expect(ordinary).toBeGreaterThan(1); // several ordinary tokens, not the one special token
    expect(totalCount).toBe(3 + 1 + ordinary + 3);
  });

  it("uses the encoding override and reports unknown models", async () => {
    const unknown = await countChatPromptTokens({ model: "my-local-model", messages: [{ role: "user", content: "hi" }] });
    expect(unknown).toMatchObject({ encoding: "o200k_base", knownModel: false });
    const forced = await countChatPromptTokens({
      model: "my-local-model",
      encoding: "cl100k_base",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(forced).toMatchObject({ encoding: "cl100k_base", knownModel: true });
  });

  it("adds up: total = messages + tool definitions + 3 for reply priming", async () => {
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Time?" },
      ],
      tools: [{ type: "function", function: { name: "get_time", description: "Current time" } }],
      toolChoice: "none",
    });
    const sum = result.countPerMessage.reduce((total, count) => total + count, 0);
    expect(result.totalCount).toBe(sum + result.toolsCount + 3);
    expect(result.toolsCount).toBeGreaterThan(0);
  });
});

describe("countChatPromptTokens: tool definitions in the request", () => {
  const tools: ToolDefinition[] = [{ type: "function", function: { name: "get_time", description: "Current time" } }];
  const namespace = "namespace functions {\n\n// Current time\ntype get_time = () => any;\n\n} // namespace functions";

  it("adds the rendered block + 9 when there is no system message", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({ model: "gpt-4o", messages: [{ role: "user", content: "Time?" }], tools });
    expect(result.toolsCount).toBe(tok(namespace) + 9);
    expect(result.countPerMessage).toEqual([3 + tok("user") + tok("Time?")]);
  });

  it("joins the first system message: 4 fewer, and that message ends with an extra newline", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "Be brief" },
        { role: "system", content: "Be kind" },
        { role: "user", content: "Time?" },
      ],
      tools,
    });
    expect(tok("Be brief\n")).toBe(tok("Be brief") + 1); // the newline shows
    expect(result.toolsCount).toBe(tok(namespace) + 9 - 4);
    expect(result.countPerMessage).toEqual([
      3 + tok("system") + tok("Be brief\n"),
      3 + tok("system") + tok("Be kind"), // only the first one
      3 + tok("user") + tok("Time?"),
    ]);
  });

  // crewAI/test_output_pydantic_to_another_task#1.5 (gpt-3.5-turbo-0125, reported 83): user "4", then the system
  // message; 4 under when the block joined it, exact when it does not.
  it("joins no system message that comes after another message: full + 9, no newline", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        { role: "user", content: "Time?" },
        { role: "system", content: "Be brief" },
      ],
      tools,
    });
    expect(result.toolsCount).toBe(tok(namespace) + 9);
    expect(result.countPerMessage).toEqual([3 + tok("user") + tok("Time?"), 3 + tok("system") + tok("Be brief")]);
  });

  it("treats a developer message like a system message (an estimate)", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4.1", // o3 and gpt-5 models use the harmony rules of reasoning-prompt.ts
      messages: [
        { role: "developer", content: "Be brief" },
        { role: "user", content: "Time?" },
      ],
      tools,
    });
    expect(result.toolsCount).toBe(tok(namespace) + 9 - 4);
    expect(result.countPerMessage[0]).toBe(3 + tok("developer") + tok("Be brief\n"));
  });

  it("pads nothing and adds nothing without function definitions", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "system", content: "Be brief" }],
      tools: [],
      toolChoice: "none",
    });
    expect(result.toolsCount).toBe(0);
    expect(result.countPerMessage).toEqual([3 + tok("system") + tok("Be brief")]);
  });

  it.each([
    ["auto", 0],
    ["required", 0],
    ["none", 1],
  ] as const)("tool_choice %s adds %i", async (toolChoice, extra) => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({ model: "gpt-4o", messages: [], tools, toolChoice });
    expect(result.toolsCount).toBe(tok(namespace) + 9 + extra);
  });

  it("a named tool_choice adds 7 + the name", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [],
      tools,
      toolChoice: { type: "function", function: { name: "get_time" } },
    });
    expect(result.toolsCount).toBe(tok(namespace) + 9 + 7 + tok("get_time"));
  });

  it("legacy functions: rendered the same; function_call none adds 1, a named call 4 + the name", async () => {
    const tok = await tokenizer("cl100k_base");
    const functions = [{ name: "get_time", description: "Current time" }];
    const base = tok(namespace) + 9;
    const plain = await countChatPromptTokens({ model: "gpt-3.5-turbo", messages: [], functions });
    const none = await countChatPromptTokens({ model: "gpt-3.5-turbo", messages: [], functions, functionCall: "none" });
    const auto = await countChatPromptTokens({ model: "gpt-3.5-turbo", messages: [], functions, functionCall: "auto" });
    const named = await countChatPromptTokens({
      model: "gpt-3.5-turbo",
      messages: [],
      functions,
      functionCall: { name: "get_time" },
    });
    expect([plain.toolsCount, none.toolsCount, auto.toolsCount, named.toolsCount]).toEqual([
      base,
      base + 1,
      base,
      base + 4 + tok("get_time"),
    ]);
  });
});

describe("countChatPromptTokens: tool calls and results in the history", () => {
  // Expected figures are prompt_tokens the API reported (truth set, __fixtures__/truth-set), or the difference between
  // two interactions of one cassette with the same tools, so that the tool definitions cancel.
  const call = (id: string, name: string, args: string) => ({ id, type: "function", function: { name, arguments: args } });
  const totalOf = async (model: string, messages: PromptMessage[]) => (await countChatPromptTokens({ model, messages })).totalCount;

  it("reproduces a request with a call and its result and no tools: pydantic-ai/test_count_tokens_individual_message_types#4 (78)", async () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "You are a helpful assistant." },
      { role: "user", content: "Hello, how are you?" },
      { role: "assistant", content: "I am doing well, thank you for asking!" },
      { role: "user", content: "What is the weather in Paris?" },
      { role: "assistant", content: null, tool_calls: [call("call_abc123", "get_weather", '{"city": "Paris"}')] },
      { role: "tool", tool_call_id: "call_abc123", content: "Sunny, 22°C in Paris today" },
    ];
    expect(await totalOf("gpt-4o-2024-08-06", messages)).toBe(78);
  });

  it("writes a call as a message to functions.NAME and the result as a message from NAME (pydantic-ai/test_complex_agent_run_in_flow#1 - #0 = 19)", async () => {
    const tok = await tokenizer();
    const user: PromptMessage = { role: "user", content: "Tell me: the capital of the country; the weather there; the product name" };
    const result = await countChatPromptTokens({
      model: "gpt-4o-2024-08-06",
      messages: [
        user,
        { role: "assistant", content: null, tool_calls: [call("call_rI3WKPYvVwlOgCGRjsPP2hEx", "get_country", "{}")] },
        { role: "tool", tool_call_id: "call_rI3WKPYvVwlOgCGRjsPP2hEx", content: "Mexico" },
      ],
    });
    expect(result.totalCount - (await totalOf("gpt-4o-2024-08-06", [user]))).toBe(417 - 398);
    expect(result.countPerMessage.slice(1)).toEqual([
      3 + tok("assistant to=functions.get_country") + tok("{}"),
      3 + tok("get_country to=assistant") + tok("Mexico"),
    ]);
  });

  it("tokenizes the name after functions. (crewAI/TestNativeToolCallingTokenUsage.test_openai_native_tool_calling_token_usage#1 - #0 = 72)", async () => {
    const tok = await tokenizer();
    const base: PromptMessage[] = [
      { role: "system", content: "You are Calculator. You calculate things.\nYour personal goal is: Perform calculations efficiently" },
      {
        role: "user",
        content:
          "\nCurrent Task: What is 100 / 4?\n\nThis is the expected criteria for your final answer: The result\nyou MUST return the actual complete content as the final answer, not a summary.\n\nThis is VERY important to you, your job depends on it!",
      },
    ];
    const later: PromptMessage[] = [
      ...base,
      { role: "assistant", content: null, tool_calls: [call("call_rZQU4F2cauxK3VUKfLtXoNVC", "calculator", '{"expression":"100 / 4"}')] },
      { role: "tool", tool_call_id: "call_rZQU4F2cauxK3VUKfLtXoNVC", content: "The result of 100 / 4 is 25.0" },
      {
        role: "user",
        content:
          "Analyze the tool result. If requirements are met, provide the Final Answer. Otherwise, call the next tool. Deliver only the answer without meta-commentary.",
      },
    ];
    expect((await totalOf("gpt-4o-mini-2024-07-18", later)) - (await totalOf("gpt-4o-mini-2024-07-18", base))).toBe(199 - 127);
    // "calculator" is 1 token alone and 2 after "functions."
    expect(tok("functions.calculator") - tok("functions")).toBe(tok("calculator") + 1);
  });

  it("drops the whitespace between the arguments' JSON tokens, not inside strings; the call id is not counted", async () => {
    const tok = await tokenizer();
    const spaced = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "assistant", content: null, tool_calls: [call("c1", "get_weather", '{\n  "city": "Mexico City"\n}')] }],
    });
    const compact = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "assistant", content: null, tool_calls: [call("call_Id8ycVMsW8gdsf7kSXfgAcf1", "get_weather", '{"city":"Mexico City"}')] }],
    });
    expect(spaced.countPerMessage).toEqual([3 + tok("assistant to=functions.get_weather") + tok('{"city":"Mexico City"}')]);
    expect(compact.totalCount).toBe(spaced.totalCount);
  });

  it("counts a text beside the calls as an assistant message before them (mirascope/sync#1.14 - mirascope/async#1.14 = 15)", async () => {
    const messages = (content: string | null): PromptMessage[] => [
      { role: "user", content: "What is the 100th fibonacci number?" },
      { role: "assistant", content, tool_calls: [call("toolu_1", "compute_fib", '{"n": 100}')] },
      { role: "tool", tool_call_id: "toolu_1", content: "218922995834555169026" },
    ];
    const withText = await totalOf("gpt-4o-2024-08-06", messages("I'll compute the 100th Fibonacci number for you."));
    expect(withText - (await totalOf("gpt-4o-2024-08-06", messages(null)))).toBe(106 - 91);
    expect(await totalOf("gpt-4o-2024-08-06", messages(""))).toBe(await totalOf("gpt-4o-2024-08-06", messages(null)));
  });

  it("writes parallel calls as one multi_tool_use.parallel call and their results as one list (pydantic-ai/test_complex_agent_run_in_workflow#1 - #0 = 59)", async () => {
    const tok = await tokenizer();
    const user: PromptMessage = { role: "user", content: "Tell me: the capital of the country; the weather there; the product name" };
    const result = await countChatPromptTokens({
      model: "gpt-4o-2024-08-06",
      messages: [
        user,
        { role: "assistant", tool_calls: [call("call_3rq", "get_country", "{}"), call("call_Xw9", "get_product_name", "{}")] },
        { role: "tool", tool_call_id: "call_3rq", content: "Mexico" },
        { role: "tool", tool_call_id: "call_Xw9", content: "Pydantic AI" },
      ],
    });
    expect(result.totalCount - (await totalOf("gpt-4o-2024-08-06", [user]))).toBe(423 - 364);
    const toolUses =
      '{"tool_uses":[{"recipient_name":"functions.get_country","parameters":{}},{"recipient_name":"functions.get_product_name","parameters":{}}]}';
    expect(result.countPerMessage[1]).toBe(3 + tok("assistant to=multi_tool_use.parallel") + tok(toolUses));
    // The two results share one message; their shares add up to it.
    expect(result.countPerMessage[2]! + result.countPerMessage[3]!).toBe(
      3 + tok("multi_tool_use.parallel to=assistant") + tok('["Mexico", "Pydantic AI"]'),
    );
  });

  it("keeps non-ASCII characters of parallel results unescaped, as recorded since March 2026 (crewAI hierarchical cassettes)", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        { role: "assistant", tool_calls: [call("a", "ask", '{"q":"1"}'), call("b", "ask", '{"q":"2"}')] },
        { role: "tool", tool_call_id: "a", content: "I’ll do it — now" },
        { role: "tool", tool_call_id: "b", content: "64°F" },
      ],
    });
    expect(result.countPerMessage[1]! + result.countPerMessage[2]!).toBe(
      3 + tok("multi_tool_use.parallel to=assistant") + tok('["I’ll do it — now", "64°F"]'),
    );
  });

  it("counts gpt-3.5-turbo-0125 like gpt-4o (crewAI/test_agent_execute_task_with_tool#1 - #0 = 66)", async () => {
    const base: PromptMessage[] = [
      { role: "system", content: "You are test role. test backstory\nYour personal goal is: test goal" },
      {
        role: "user",
        content:
          "\nCurrent Task: Use the dummy tool to get a result for 'test query'\n\nThis is the expected criteria for your final answer: The result from the dummy tool\nyou MUST return the actual complete content as the final answer, not a summary.",
      },
    ];
    const later: PromptMessage[] = [
      ...base,
      { role: "assistant", content: null, tool_calls: [call("call_tBC", "dummy_tool", '{"query":"test query"}')] },
      { role: "tool", tool_call_id: "call_tBC", name: "dummy_tool", content: "Dummy result for: test query" },
      {
        role: "user",
        content:
          "Analyze the tool result. If requirements are met, provide the Final Answer. Otherwise, call the next tool. Deliver only the answer without meta-commentary.",
      },
    ];
    expect((await totalOf("gpt-3.5-turbo-0125", later)) - (await totalOf("gpt-3.5-turbo-0125", base))).toBe(188 - 122);
  });

  it("counts gpt-4-0613 calls as 3 + name + arguments and results as 3 + name + content (mirascope uses_tool_output - should_call_tool, gpt-4-json: 274 - 226)", async () => {
    const tok = await tokenizer("cl100k_base");
    const result = await countChatPromptTokens({
      model: "gpt-4-0613",
      messages: [
        { role: "assistant", content: null, tool_calls: [call("call_123", "available_books", "{}")] },
        {
          role: "tool",
          tool_call_id: "call_123",
          content: "['Wild Seed by Octavia Butler', 'The Long Way to a Small Angry Planet by Becky Chambers', 'Emergent Strategy by adrianne maree brown']",
        },
      ],
    });
    expect(result.totalCount - 3).toBe(274 - 226);
    expect(result.countPerMessage[0]).toBe(3 + tok("assistant") + 3 + tok("available_books") + tok("{}"));
  });

  it("falls back to the tool message's name, then to its role, when the call is not in the history", async () => {
    const tok = await tokenizer();
    const named = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "tool", tool_call_id: "gone", name: "lookup_order", content: "shipped" }],
    });
    const bare = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "tool", tool_call_id: "gone", content: "shipped" }],
    });
    expect(named.countPerMessage).toEqual([3 + tok("lookup_order to=assistant") + tok("shipped")]);
    expect(bare.countPerMessage).toEqual([3 + tok("tool to=assistant") + tok("shipped")]);
  });

  it("counts a legacy function_call and function result like a tool call and its result (an estimate: no recorded example)", async () => {
    const tok = await tokenizer("cl100k_base");
    const result = await countChatPromptTokens({
      model: "gpt-3.5-turbo",
      messages: [
        { role: "assistant", content: "", function_call: { name: "do_stuff", arguments: '{"city": "Paris"}' } },
        { role: "function", name: "do_stuff", content: '{"ok":true}' },
      ],
    });
    expect(result.countPerMessage).toEqual([
      3 + tok("assistant to=functions.do_stuff") + tok('{"city":"Paris"}'),
      3 + tok("do_stuff to=assistant") + tok('{"ok":true}'),
    ]);
  });

  it("maps call ids to function names", () => {
    expect(
      toolCallNames([
        { role: "user", content: "x" },
        {
          role: "assistant",
          tool_calls: [
            { id: "a", function: { name: "f" } },
            { id: "b", function: { name: "g" } },
          ],
        },
      ]),
    ).toEqual(
      new Map([
        ["a", "f"],
        ["b", "g"],
      ]),
    );
  });
});

describe("countChatPromptTokens: images and other parts", () => {
  const imageMessage = (detail?: string, url = "https://example.com/cat.png"): PromptMessage[] => [
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: detail === undefined ? { url } : { url, detail } },
      ],
    },
  ];
  const textOnly = async (tok: (text: string) => number) => 3 + tok("user") + tok("What is this?") + 3;

  it("low detail costs 85, whatever the size", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: imageMessage("low"),
      imageSize: () => ({ width: 4000, height: 3000 }),
    });
    expect(result.totalCount).toBe((await textOnly(tok)) + 85);
  });

  it.each([
    [1024, 1024, 4], // -> 768x768
    [2048, 4096, 6], // -> 1024x2048 -> 768x1536
    [512, 512, 1], // never upscaled
    [4000, 100, 4], // -> 2048x51
  ])("high detail %ix%i costs 85 + 170 x %i tiles", async (width, height, tiles) => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: imageMessage("high"),
      imageSize: () => ({ width, height }),
    });
    expect(result.totalCount).toBe((await textOnly(tok)) + 85 + 170 * tiles);
  });

  it("auto and a missing detail cost what high does", async () => {
    const imageSize = () => ({ width: 1024, height: 1024 });
    const high = await countChatPromptTokens({ model: "gpt-4o", messages: imageMessage("high"), imageSize });
    const auto = await countChatPromptTokens({ model: "gpt-4o", messages: imageMessage("auto"), imageSize });
    const missing = await countChatPromptTokens({ model: "gpt-4o", messages: imageMessage(), imageSize });
    expect(auto.totalCount).toBe(high.totalCount);
    expect(missing.totalCount).toBe(high.totalCount);
  });

  it("assumes 1024x1024 for images of unknown size, or the size you give", async () => {
    const tok = await tokenizer();
    const assumed = await countChatPromptTokens({ model: "gpt-4o", messages: imageMessage("high") });
    expect(assumed.totalCount).toBe((await textOnly(tok)) + 85 + 170 * 4);
    const given = await countChatPromptTokens({
      model: "gpt-4o",
      messages: imageMessage("high"),
      defaultImageSize: { width: 300, height: 200 },
    });
    expect(given.totalCount).toBe((await textOnly(tok)) + 85 + 170);
  });

  it("reads the size of a base64 image from its header", async () => {
    const tok = await tokenizer();
    // A 1126x488 PNG: no scaling, ceil(1126/512) x ceil(488/512) = 3 tiles.
    const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAABGYAAAHoCAYAAAALy+n8";
    const result = await countChatPromptTokens({ model: "gpt-4o", messages: imageMessage("auto", png) });
    expect(result.totalCount).toBe((await textOnly(tok)) + 85 + 170 * 3);
  });

  it("uses the model's image rule: gpt-4o-mini tiles, gpt-4.1-mini patches", async () => {
    const tok = await tokenizer();
    const imageSize = () => ({ width: 1024, height: 1024 });
    const mini = await countChatPromptTokens({ model: "gpt-4o-mini", messages: imageMessage("high"), imageSize });
    expect(mini.totalCount).toBe((await textOnly(tok)) + 2833 + 5667 * 4);
    const patches = await countChatPromptTokens({ model: "gpt-4.1-mini", messages: imageMessage("low"), imageSize });
    expect(patches.totalCount).toBe((await textOnly(tok)) + Math.ceil(32 * 32 * 1.62) + 1); // + 1 per image (image-tokens.ts)
  });

  it("counts refusal text, and lists the parts it cannot count without counting them", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Transcribe:" },
            { type: "input_audio" },
            { type: "file" },
          ] as PromptMessage["content"],
        },
        { role: "assistant", content: [{ type: "refusal", refusal: "I can't help with that." }] },
      ],
    });
    expect(result.countPerMessage).toEqual([
      3 + tok("user") + tok("Transcribe:"),
      3 + tok("assistant") + tok("I can't help with that."),
    ]);
    expect(result.uncountedParts.sort()).toEqual(["file", "input_audio"]);
  });
});

describe("countMessageTokens", () => {
  it("works alone with the options the request would give it", async () => {
    const encoder = await loadEncoding("o200k_base");
    const tok = await tokenizer();
    expect(countMessageTokens(encoder, { role: "user", content: "Hello!" })).toBe(3 + tok("user") + tok("Hello!"));
    expect(
      countMessageTokens(
        encoder,
        { role: "tool", tool_call_id: "call_1", content: "21" },
        { toolCallNames: new Map([["call_1", "get_weather"]]) },
      ),
    ).toBe(3 + tok("get_weather to=assistant") + tok("21"));
    expect(countMessageTokens(encoder, { role: "system", content: "Be brief" }, { padForTools: true })).toBe(
      3 + tok("system") + tok("Be brief\n"),
    );
  });
});
