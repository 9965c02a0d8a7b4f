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
  const args = '{"city":"Paris"}';

  it("counts 3 + name + arguments per tool call; the call id and type are not counted", async () => {
    const tok = await tokenizer();
    const call = (id: string) => ({ id, type: "function", function: { name: "get_weather", arguments: args } });
    const short = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "assistant", content: null, tool_calls: [call("c1")] }],
    });
    const longId = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "assistant", content: null, tool_calls: [call("call_Id8ycVMsW8gdsf7kSXfgAcf1")] }],
    });
    expect(short.countPerMessage).toEqual([3 + tok("assistant") + 3 + tok("get_weather") + tok(args)]);
    expect(longId.totalCount).toBe(short.totalCount);
  });

  it("counts every call of a parallel tool call and the text beside them (an estimate)", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        {
          role: "assistant",
          content: "Checking both.",
          tool_calls: [
            { id: "a", type: "function", function: { name: "get_weather", arguments: args } },
            { id: "b", type: "function", function: { name: "get_time", arguments: "{}" } },
          ],
        },
      ],
    });
    expect(result.countPerMessage).toEqual([
      3 + tok("assistant") + tok("Checking both.") + (3 + tok("get_weather") + tok(args)) + (3 + tok("get_time") + tok("{}")),
    ]);
  });

  it("counts the arguments as sent, whitespace included", async () => {
    const tok = await tokenizer();
    const pretty = '{\n  "city": "Paris"\n}';
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [{ role: "assistant", tool_calls: [{ id: "a", function: { name: "get_weather", arguments: pretty } }] }],
    });
    expect(result.countPerMessage).toEqual([3 + tok("assistant") + 3 + tok("get_weather") + tok(pretty)]);
    expect(tok(pretty)).not.toBe(tok(args));
  });

  it("labels a tool result with the called function's name instead of its role; the tool_call_id is not counted", async () => {
    const tok = await tokenizer();
    const result = await countChatPromptTokens({
      model: "gpt-4o",
      messages: [
        { role: "assistant", tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: args } }] },
        { role: "tool", tool_call_id: "call_1", content: "21 degrees" },
      ],
    });
    expect(result.countPerMessage[1]).toBe(3 + tok("get_weather") + tok("21 degrees"));
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
    expect(named.countPerMessage).toEqual([3 + tok("lookup_order") + tok("shipped")]);
    expect(bare.countPerMessage).toEqual([3 + tok("tool") + tok("shipped")]);
  });

  it("counts a legacy function result as 3 + name + content and a function_call as 3 + name + arguments", async () => {
    const tok = await tokenizer("cl100k_base");
    const result = await countChatPromptTokens({
      model: "gpt-3.5-turbo",
      messages: [
        { role: "assistant", content: "", function_call: { name: "do_stuff", arguments: args } },
        { role: "function", name: "do_stuff", content: '{"ok":true}' },
      ],
    });
    expect(result.countPerMessage).toEqual([
      3 + tok("assistant") + 3 + tok("do_stuff") + tok(args),
      3 + tok("do_stuff") + tok('{"ok":true}'),
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
    expect(patches.totalCount).toBe((await textOnly(tok)) + Math.ceil(32 * 32 * 1.62) + 1); // + 1 per image on patch models
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
    ).toBe(3 + tok("get_weather") + tok("21"));
    expect(countMessageTokens(encoder, { role: "system", content: "Be brief" }, { padForTools: true })).toBe(
      3 + tok("system") + tok("Be brief\n"),
    );
  });
});
