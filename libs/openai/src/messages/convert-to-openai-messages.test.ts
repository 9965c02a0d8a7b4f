import { describe, expect, it } from "@jest/globals";
import {
  AIMessage,
  AIMessageChunk,
  type BaseMessage,
  ChatMessage,
  type ContentBlock,
  coerceMessageLikeToMessage,
  FunctionMessage,
  HumanMessage,
  RemoveMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import * as coreMinimum from "@langchain/core-min/messages";
import type OpenAI from "openai";
import { InvalidMessageError } from "../errors/errors.js";
import { type ConvertMessagesOptions, convertToOpenAIMessages } from "./convert-to-openai-messages.js";

type MessageParam = OpenAI.ChatCompletionMessageParam;
type UserPart = OpenAI.ChatCompletionContentPart;

const PNG = "iVBORw0KGgoAAAANSUhEUg==";
const PDF = "JVBERi0xLjQK";
const WAV = "UklGRiQAAABXQVZFZm10IA==";
const MP3 = "SUQzBAAAAAAAI1RTU0U=";

function convertOne(message: BaseMessage, options?: ConvertMessagesOptions): MessageParam {
  const converted = convertToOpenAIMessages([message], options);
  expect(converted).toHaveLength(1);
  return converted[0]!;
}

function errorOf(messages: BaseMessage[]): InvalidMessageError {
  try {
    convertToOpenAIMessages(messages);
  } catch (error) {
    if (InvalidMessageError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("converted without an error");
}

/** Sets additional_kwargs after construction, as a deserialized message may carry them, bypassing the constructor. */
function withKwargs<T extends BaseMessage>(message: T, kwargs: Record<string, unknown>): T {
  Object.assign(message.additional_kwargs, kwargs);
  return message;
}

function human(content: ContentBlock[]): HumanMessage {
  return new HumanMessage({ content });
}

describe("convertToOpenAIMessages: system messages", () => {
  it.each<[string, BaseMessage, ConvertMessagesOptions | undefined, MessageParam]>([
    ["a string", new SystemMessage("Be brief."), undefined, { role: "system", content: "Be brief." }],
    [
      "text blocks as text parts, without LangChain's own keys",
      new SystemMessage({
        content: [
          { type: "text", text: "Be brief." },
          { type: "text", text: "Be kind.", id: "block_1", index: 1, annotations: [] },
        ],
      }),
      undefined,
      { role: "system", content: [{ type: "text", text: "Be brief." }, { type: "text", text: "Be kind." }] },
    ],
    ["the developer role when asked", new SystemMessage("Be brief."), { systemRole: "developer" }, { role: "developer", content: "Be brief." }],
    ["the system role when asked", new SystemMessage("Be brief."), { systemRole: "system" }, { role: "system", content: "Be brief." }],
    ["its name", new SystemMessage({ content: "Be brief.", name: "house_rules" }), undefined, { role: "system", content: "Be brief.", name: "house_rules" }],
    [
      "a prompt_cache_breakpoint on a text block",
      new SystemMessage({ content: [{ type: "text", text: "Long rules", prompt_cache_breakpoint: { mode: "explicit" } }] }),
      undefined,
      { role: "system", content: [{ type: "text", text: "Long rules", prompt_cache_breakpoint: { mode: "explicit" } }] },
    ],
  ])("converts %s", (_name, message, options, expected) => {
    expect(convertOne(message, options)).toStrictEqual(expected);
  });

  it("keeps a SystemMessage coerced from the developer role as developer, whatever systemRole says", () => {
    const message = coerceMessageLikeToMessage(["developer", "Answer in French."]);
    expect(convertOne(message)).toStrictEqual({ role: "developer", content: "Answer in French." });
    expect(convertOne(message, { systemRole: "system" })).toStrictEqual({ role: "developer", content: "Answer in French." });
  });
});

describe("convertToOpenAIMessages: user messages", () => {
  it.each<[string, HumanMessage, MessageParam]>([
    ["a string", new HumanMessage("Hi"), { role: "user", content: "Hi" }],
    ["an empty string", new HumanMessage(""), { role: "user", content: "" }],
    ["its name", new HumanMessage({ content: "Hi", name: "alice" }), { role: "user", content: "Hi", name: "alice" }],
    [
      "text blocks, a bare string and a v0 plain-text block as text parts",
      human([
        { type: "text", text: "one", id: "b1" },
        "two" as unknown as ContentBlock,
        { type: "text", source_type: "text", text: "three" },
      ]),
      { role: "user", content: [{ type: "text", text: "one" }, { type: "text", text: "two" }, { type: "text", text: "three" }] },
    ],
  ])("converts %s", (_name, message, expected) => {
    expect(convertOne(message)).toStrictEqual(expected);
  });

  it.each<[string, ContentBlock, UserPart]>([
    [
      "an image_url block with its detail",
      { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
      { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } },
    ],
    [
      "an image_url block without detail",
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ],
    [
      "a legacy image_url string",
      { type: "image_url", image_url: "https://example.com/cat.png" },
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ],
    [
      "a v0 image by URL, with metadata.detail",
      { type: "image", source_type: "url", url: "https://example.com/cat.png", metadata: { detail: "high" } },
      { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "high" } },
    ],
    [
      "a v0 image as base64",
      { type: "image", source_type: "base64", data: PNG, mime_type: "image/png" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
    ],
    [
      "a v1 image by URL",
      { type: "image", url: "https://example.com/cat.png", id: "block_1" },
      { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
    ],
    [
      "a v1 image as base64",
      { type: "image", data: PNG, mimeType: "image/png" },
      { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
    ],
    [
      "a v1 image as bytes",
      { type: "image", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mimeType: "image/png" },
      { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw==" } },
    ],
    [
      "a v0 file as base64, named in metadata",
      { type: "file", source_type: "base64", data: PDF, mime_type: "application/pdf", metadata: { filename: "report.pdf" } },
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "report.pdf" } },
    ],
    [
      "a v0 file as base64, without a name",
      { type: "file", source_type: "base64", data: PDF, mime_type: "application/pdf" },
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "file.pdf" } },
    ],
    [
      "a v1 file as base64, named by metadata.name",
      { type: "file", data: PDF, mimeType: "application/pdf", metadata: { name: "q3.pdf" } },
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "q3.pdf" } },
    ],
    [
      "a v1 file as base64, named by metadata.title",
      { type: "file", data: PDF, mimeType: "application/pdf", metadata: { title: "Q3 report" } },
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "Q3 report" } },
    ],
    [
      "a v1 text file as base64, without a name",
      { type: "file", data: "aGk=", mimeType: "text/plain" },
      { type: "file", file: { file_data: "data:text/plain;base64,aGk=", filename: "file.txt" } },
    ],
    [
      "a v0 file by data URL",
      { type: "file", source_type: "url", url: `data:application/pdf;base64,${PDF}` },
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "file.pdf" } },
    ],
    [
      "a v0 file by id",
      { type: "file", source_type: "id", id: "file-abc123" },
      { type: "file", file: { file_id: "file-abc123" } },
    ],
    [
      "a v1 file by fileId (its id is the block's own)",
      { type: "file", fileId: "file-abc123", id: "block_7" },
      { type: "file", file: { file_id: "file-abc123" } },
    ],
    [
      "a v0 wav audio as base64",
      { type: "audio", source_type: "base64", data: WAV, mime_type: "audio/wav" },
      { type: "input_audio", input_audio: { data: WAV, format: "wav" } },
    ],
    [
      "a v1 mp3 audio (audio/mpeg) as base64",
      { type: "audio", data: MP3, mimeType: "audio/mpeg" },
      { type: "input_audio", input_audio: { data: MP3, format: "mp3" } },
    ],
    [
      "a v1 audio/x-wav as base64",
      { type: "audio", data: WAV, mimeType: "audio/x-wav" },
      { type: "input_audio", input_audio: { data: WAV, format: "wav" } },
    ],
    [
      "a v0 audio by base64 data URL",
      { type: "audio", source_type: "url", url: `data:audio/mp3;base64,${MP3}` },
      { type: "input_audio", input_audio: { data: MP3, format: "mp3" } },
    ],
    [
      "an OpenAI input_audio part, unchanged",
      { type: "input_audio", input_audio: { data: WAV, format: "wav" } },
      { type: "input_audio", input_audio: { data: WAV, format: "wav" } },
    ],
    [
      "an OpenAI file part with file_data, unchanged",
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "a.pdf" } },
      { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "a.pdf" } },
    ],
    [
      "an OpenAI file part with file_id, unchanged",
      { type: "file", file: { file_id: "file-abc123" } },
      { type: "file", file: { file_id: "file-abc123" } },
    ],
  ])("converts %s", (_name, block, part) => {
    const message = human([{ type: "text", text: "Look:" }, block]);
    expect(convertOne(message)).toStrictEqual({ role: "user", content: [{ type: "text", text: "Look:" }, part] });
  });
});

describe("convertToOpenAIMessages: assistant messages", () => {
  const weatherCall = { id: "call_1", name: "get_weather", args: { city: "Paris" }, type: "tool_call" as const };
  const wireWeatherCall: OpenAI.ChatCompletionMessageFunctionToolCall = {
    id: "call_1",
    type: "function",
    function: { name: "get_weather", arguments: '{"city":"Paris"}' },
  };

  it.each<[string, BaseMessage, MessageParam]>([
    ["a string", new AIMessage("Hello"), { role: "assistant", content: "Hello" }],
    ["an empty string", new AIMessage(""), { role: "assistant", content: "" }],
    ["a chunk", new AIMessageChunk("Hel"), { role: "assistant", content: "Hel" }],
    ["its name", new AIMessage({ content: "Hello", name: "researcher" }), { role: "assistant", content: "Hello", name: "researcher" }],
    [
      "text blocks as text parts",
      new AIMessage({ content: [{ type: "text", text: "Hel", index: 0 }, { type: "text", text: "lo", annotations: [] }] }),
      { role: "assistant", content: [{ type: "text", text: "Hel" }, { type: "text", text: "lo" }] },
    ],
    [
      "text without its reasoning and other output-only blocks",
      new AIMessage({
        content: [
          { type: "reasoning", reasoning: "The user greets me." },
          { type: "thinking", thinking: "..." },
          { type: "text", text: "Hello" },
          { type: "image", url: "https://example.com/generated.png" },
        ],
      }),
      { role: "assistant", content: [{ type: "text", text: "Hello" }] },
    ],
    [
      "a refusal part in content",
      new AIMessage({ content: [{ type: "refusal", refusal: "I can't help with that." }] }),
      { role: "assistant", content: [{ type: "refusal", refusal: "I can't help with that." }] },
    ],
    [
      "tool calls with null content when there is no text",
      new AIMessage({ content: "", tool_calls: [weatherCall] }),
      { role: "assistant", content: null, tool_calls: [wireWeatherCall] },
    ],
    [
      "tool calls with null content when the only blocks are tool-call and reasoning blocks (v1 output)",
      new AIMessage({
        content: [
          { type: "reasoning", reasoning: "Need the weather." },
          { type: "tool_call", id: "call_1", name: "get_weather", args: { city: "Paris" } },
        ],
        tool_calls: [weatherCall],
      }),
      { role: "assistant", content: null, tool_calls: [wireWeatherCall] },
    ],
    [
      "tool calls beside text",
      new AIMessage({ content: "Let me check.", tool_calls: [weatherCall] }),
      { role: "assistant", content: "Let me check.", tool_calls: [wireWeatherCall] },
    ],
    [
      "several tool calls, args as JSON",
      new AIMessage({
        content: "",
        tool_calls: [weatherCall, { id: "call_2", name: "get_time", args: { zone: "CET", exact: true, nested: { a: [1] } } }],
      }),
      {
        role: "assistant",
        content: null,
        tool_calls: [
          wireWeatherCall,
          { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"zone":"CET","exact":true,"nested":{"a":[1]}}' } },
        ],
      },
    ],
    [
      "invalid tool calls with their raw arguments, after the valid ones",
      new AIMessage({
        content: "",
        tool_calls: [weatherCall],
        invalid_tool_calls: [{ id: "call_2", name: "get_time", args: '{"zone": CET', error: "bad JSON", type: "invalid_tool_call" }],
      }),
      {
        role: "assistant",
        content: null,
        tool_calls: [wireWeatherCall, { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"zone": CET' } }],
      },
    ],
    [
      "typed tool calls rather than the same calls in additional_kwargs",
      new AIMessage({
        content: "",
        tool_calls: [weatherCall],
        additional_kwargs: {
          tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' }, index: 0 }],
        },
      }),
      { role: "assistant", content: null, tool_calls: [wireWeatherCall] },
    ],
    [
      "only invalid tool calls, not doubled by the raw calls in additional_kwargs",
      // As parsed from a response: the raw calls stay in additional_kwargs (set afterwards to spare core's warning).
      withKwargs(new AIMessage({ content: "", invalid_tool_calls: [{ id: "call_9", name: "get_time", args: "{oops", error: "bad JSON" }] }), {
        tool_calls: [{ id: "call_9", type: "function", function: { name: "get_time", arguments: "{oops" } }],
      }),
      { role: "assistant", content: null, tool_calls: [{ id: "call_9", type: "function", function: { name: "get_time", arguments: "{oops" } }] },
    ],
    [
      "a legacy function_call with null content",
      new AIMessage({ content: "", additional_kwargs: { function_call: { name: "get_weather", arguments: '{"city":"Paris"}' } } }),
      { role: "assistant", content: null, function_call: { name: "get_weather", arguments: '{"city":"Paris"}' } },
    ],
    [
      "a refusal from additional_kwargs",
      new AIMessage({ content: "", additional_kwargs: { refusal: "I can't help with that." } }),
      { role: "assistant", content: null, refusal: "I can't help with that." },
    ],
    [
      "an audio reply by its id",
      new AIMessage({ content: "", additional_kwargs: { audio: { id: "audio_1", data: WAV, transcript: "Hi", expires_at: 1 } } }),
      { role: "assistant", content: null, audio: { id: "audio_1" } },
    ],
    [
      "no audio when the audio has no id, and no other additional_kwargs",
      new AIMessage({ content: "Hi", additional_kwargs: { audio: { transcript: "Hi" }, reasoning_content: "x", function_call: undefined } }),
      { role: "assistant", content: "Hi" },
    ],
  ])("converts %s", (_name, message, expected) => {
    expect(convertOne(message)).toStrictEqual(expected);
  });

  it("sends additional_kwargs.tool_calls when the typed tool calls are empty (an older serialized message)", () => {
    const message = withKwargs(new AIMessage(""), {
      tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' }, index: 0 }],
    });
    expect(convertOne(message)).toStrictEqual({ role: "assistant", content: null, tool_calls: [wireWeatherCall] });
  });
});

describe("convertToOpenAIMessages: tool and function results", () => {
  it("round-trips tool calls: the assistant's calls, then one tool message per call id", () => {
    const messages = [
      new HumanMessage("Weather and time in Paris?"),
      new AIMessage({
        content: "",
        tool_calls: [
          { id: "call_1", name: "get_weather", args: { city: "Paris" } },
          { id: "call_2", name: "get_time", args: { city: "Paris" } },
        ],
      }),
      new ToolMessage({ content: "18°C", tool_call_id: "call_1", name: "get_weather" }),
      new ToolMessage({ content: [{ type: "text", text: "14:00" }], tool_call_id: "call_2" }),
      new AIMessage("18°C, and it is 14:00."),
    ];
    expect(convertToOpenAIMessages(messages)).toStrictEqual([
      { role: "user", content: "Weather and time in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "18°C" },
      { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "14:00" }] },
      { role: "assistant", content: "18°C, and it is 14:00." },
    ]);
  });

  it("round-trips a legacy function call and its FunctionMessage", () => {
    const messages = [
      new AIMessage({ content: "", additional_kwargs: { function_call: { name: "get_weather", arguments: '{"city":"Paris"}' } } }),
      new FunctionMessage({ content: '{"temperature":18}', name: "get_weather" }),
    ];
    expect(convertToOpenAIMessages(messages)).toStrictEqual([
      { role: "assistant", content: null, function_call: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      { role: "function", name: "get_weather", content: '{"temperature":18}' },
    ]);
  });

  it("joins the text blocks of a FunctionMessage, whose wire content is a string", () => {
    const message = new FunctionMessage({ content: [{ type: "text", text: '{"a":' }, { type: "text", text: "1}" }], name: "f" });
    expect(convertOne(message)).toStrictEqual({ role: "function", name: "f", content: '{"a":1}' });
  });
});

describe("convertToOpenAIMessages: ChatMessage roles", () => {
  it.each<[string, ChatMessage, MessageParam]>([
    ["system", new ChatMessage({ content: "Rules", role: "system", name: "r" }), { role: "system", content: "Rules", name: "r" }],
    ["developer", new ChatMessage("Rules", "developer"), { role: "developer", content: "Rules" }],
    ["user", new ChatMessage({ content: "Hi", role: "user", name: "alice" }), { role: "user", content: "Hi", name: "alice" }],
    ["human, as user", new ChatMessage("Hi", "human"), { role: "user", content: "Hi" }],
    ["assistant", new ChatMessage("Hello", "assistant"), { role: "assistant", content: "Hello" }],
    ["ai, as assistant", new ChatMessage("Hello", "ai"), { role: "assistant", content: "Hello" }],
    [
      "assistant with OpenAI-shaped tool calls in additional_kwargs",
      new ChatMessage({
        content: "",
        role: "assistant",
        additional_kwargs: { tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }] },
      }),
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }] },
    ],
    [
      "tool, with additional_kwargs.tool_call_id",
      new ChatMessage({ content: "18°C", role: "tool", additional_kwargs: { tool_call_id: "call_1" } }),
      { role: "tool", tool_call_id: "call_1", content: "18°C" },
    ],
    ["function", new ChatMessage({ content: "18", role: "function", name: "f" }), { role: "function", name: "f", content: "18" }],
  ])("converts role %s", (_name, message, expected) => {
    expect(convertOne(message)).toStrictEqual(expected);
  });

  it("uses a ChatMessage's system role as given, not systemRole", () => {
    expect(convertOne(new ChatMessage("Rules", "system"), { systemRole: "developer" })).toStrictEqual({ role: "system", content: "Rules" });
  });
});

describe("convertToOpenAIMessages: inputs coerced by LangChain", () => {
  it("converts tuples, strings and role objects once coerceMessageLikeToMessage has made them messages", () => {
    const messages = [
      coerceMessageLikeToMessage(["system", "Be brief."]),
      coerceMessageLikeToMessage(["human", "Hi"]),
      coerceMessageLikeToMessage("How are you?"),
      coerceMessageLikeToMessage({ role: "user", content: "Tell me a joke." }),
    ];
    expect(convertToOpenAIMessages(messages)).toStrictEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "user", content: "How are you?" },
      { role: "user", content: "Tell me a joke." },
    ]);
  });
});

describe("convertToOpenAIMessages: with @langchain/core 1.0.0 messages", () => {
  it("converts a whole conversation built from the oldest supported core", () => {
    const core = coreMinimum;
    const messages = [
      new core.SystemMessage("Be brief."),
      new core.HumanMessage({
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", source_type: "base64", data: PNG, mime_type: "image/png" },
          { type: "file", data: PDF, mimeType: "application/pdf" },
        ],
      }),
      new core.AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "look", args: {} }] }),
      new core.ToolMessage({ content: "a cat", tool_call_id: "call_1" }),
      new core.AIMessage({ content: "", additional_kwargs: { function_call: { name: "f", arguments: "{}" } } }),
      new core.FunctionMessage({ content: "ok", name: "f" }),
      new core.ChatMessage("Thanks", "human"),
    ] as unknown as BaseMessage[];
    expect(convertToOpenAIMessages(messages, { systemRole: "developer" })).toStrictEqual([
      { role: "developer", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
          { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "file.pdf" } },
        ],
      },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "look", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_1", content: "a cat" },
      { role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } },
      { role: "function", name: "f", content: "ok" },
      { role: "user", content: "Thanks" },
    ]);
  });

  it("rejects a 1.0.0 RemoveMessage like any message type it does not send", () => {
    const error = errorOf([new coreMinimum.RemoveMessage({ id: "m1" }) as unknown as BaseMessage]);
    expect(error.messageIndex).toBe(0);
    expect(error.message).toContain('Message 0 has type "remove"');
  });
});

describe("convertToOpenAIMessages: purity", () => {
  it("neither changes its input nor shares objects with it", () => {
    const block = { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } };
    const message = new HumanMessage({ content: [block] });
    const before = JSON.stringify(message.content);
    const [param] = convertToOpenAIMessages([message]);
    const part = (param as OpenAI.ChatCompletionUserMessageParam).content[0] as OpenAI.ChatCompletionContentPartImage;
    part.image_url.url = "changed";
    expect(JSON.stringify(message.content)).toBe(before);
    expect(convertToOpenAIMessages([message])).toStrictEqual(convertToOpenAIMessages([message]));
  });
});

describe("convertToOpenAIMessages: what OpenAI cannot take", () => {
  const hi = new HumanMessage("Hi");
  const withBlock = (block: unknown): BaseMessage[] => [hi, human([{ type: "text", text: "See:" }, block as ContentBlock])];
  const weather = { id: "call_1", name: "get_weather", args: {} };

  it.each<[string, BaseMessage[], number, string]>([
    [
      "a video block",
      [hi, hi, human([{ type: "text", text: "See:" }, { type: "video", url: "https://example.com/v.mp4" }])],
      2,
      'Message 2 has content block 1 of type "video", which OpenAI chat models do not accept. Send images as image_url, files as file, audio as input_audio.',
    ],
    [
      "a v1 text-plain block",
      withBlock({ type: "text-plain", text: "notes" }),
      1,
      'Message 1 has content block 1 of type "text-plain", which OpenAI chat models do not accept. Send images as image_url, files as file, audio as input_audio.',
    ],
    [
      "a refusal in a user message",
      withBlock({ type: "refusal", refusal: "no" }),
      1,
      'Message 1 has content block 1 of type "refusal", which OpenAI chat models do not accept. Send images as image_url, files as file, audio as input_audio.',
    ],
    [
      "a block without a type",
      withBlock({ text: "hi" }),
      1,
      "Message 1 has content block 1 without a type, which OpenAI chat models do not accept. Send images as image_url, files as file, audio as input_audio.",
    ],
    [
      "a block that is not an object",
      withBlock(42),
      1,
      'Message 1 has content block 1 that is not an object. Give every content block a type, e.g. { type: "text", text }.',
    ],
    [
      "a text block without text",
      withBlock({ type: "text" }),
      1,
      'Message 1 has content block 1 of type "text" without a string `text`. Give every text block its text as a string.',
    ],
    [
      "an image_url block without a url",
      withBlock({ type: "image_url", image_url: {} }),
      1,
      'Message 1 has content block 1 of type "image_url" without a url. Give it image_url: { url } (an https: or data: URL).',
    ],
    [
      "an input_audio block without its object",
      withBlock({ type: "input_audio", data: WAV }),
      1,
      'Message 1 has content block 1 of type "input_audio" without an `input_audio` object. Give it input_audio: { data, format }.',
    ],
    [
      "a v0 image by id",
      withBlock({ type: "image", source_type: "id", id: "file-1" }),
      1,
      'Message 1 has content block 1 of type "image" given by file id, which OpenAI chat models do not accept. Send the image as a URL or as base64 data instead.',
    ],
    [
      "a v1 image by fileId",
      withBlock({ type: "image", fileId: "file-1" }),
      1,
      'Message 1 has content block 1 of type "image" given by file id, which OpenAI chat models do not accept. Send the image as a URL or as base64 data instead.',
    ],
    [
      "a v0 image as base64 without a MIME type",
      withBlock({ type: "image", source_type: "base64", data: PNG }),
      1,
      'Message 1 has content block 1 of type "image" with base64 data but no MIME type. Give it a MIME type: mime_type in a v0 block (with source_type), mimeType in a v1 block.',
    ],
    [
      "a v0 audio by URL",
      withBlock({ type: "audio", source_type: "url", url: "https://example.com/a.wav" }),
      1,
      'Message 1 has content block 1 of type "audio" given by URL, which OpenAI chat models do not accept. Send audio as base64 data (wav or mp3) instead.',
    ],
    [
      "a v1 audio by URL",
      withBlock({ type: "audio", url: "https://example.com/a.wav" }),
      1,
      'Message 1 has content block 1 of type "audio" given by URL, which OpenAI chat models do not accept. Send audio as base64 data (wav or mp3) instead.',
    ],
    [
      "a v1 audio by fileId",
      withBlock({ type: "audio", fileId: "file-1" }),
      1,
      'Message 1 has content block 1 of type "audio" given by file id, which OpenAI chat models do not accept. Send audio as base64 data (wav or mp3) instead.',
    ],
    [
      "an ogg audio",
      withBlock({ type: "audio", data: "T2dnUw==", mimeType: "audio/ogg" }),
      1,
      'Message 1 has content block 1 of type "audio" with MIME type "audio/ogg", which OpenAI chat models do not accept. Send wav (audio/wav) or mp3 (audio/mpeg) audio.',
    ],
    [
      "an audio without a MIME type",
      withBlock({ type: "audio", source_type: "base64", data: WAV }),
      1,
      'Message 1 has content block 1 of type "audio" with base64 data but no MIME type. Give it a MIME type: mime_type in a v0 block (with source_type), mimeType in a v1 block.',
    ],
    [
      "a v1 file by URL",
      withBlock({ type: "file", url: "https://example.com/report.pdf" }),
      1,
      'Message 1 has content block 1 of type "file" given by URL, which OpenAI chat models do not accept. Send the file as base64 data, or upload it with the Files API and send its file id.',
    ],
    [
      "a v0 plain-text file",
      withBlock({ type: "file", source_type: "text", text: "notes" }),
      1,
      'Message 1 has content block 1 of type "file" given as plain text, which OpenAI chat models do not accept. Send the text in a text block instead.',
    ],
    [
      "a v0 block whose source is missing",
      withBlock({ type: "image", source_type: "url" }),
      1,
      'Message 1 has content block 1 of type "image" with source_type "url" but no string `url`. Use source_type "url" with url, "base64" with data and mime_type, or "id" with id.',
    ],
    [
      "a v1 block with no source",
      withBlock({ type: "image", mimeType: "image/png" }),
      1,
      'Message 1 has content block 1 of type "image" with no url, data or fileId. Give it a url, base64 data with a mimeType, or a fileId.',
    ],
    [
      "an image in a system message",
      [new SystemMessage({ content: [{ type: "image_url", image_url: { url: "https://example.com/cat.png" } }] })],
      0,
      'Message 0 has content block 0 of type "image_url", which OpenAI chat models do not accept in system messages (only text). Keep system messages to text, and send images, files and audio in a HumanMessage.',
    ],
    [
      "an image in a tool message",
      [
        new AIMessage({ content: "", tool_calls: [weather] }),
        new ToolMessage({ content: [{ type: "image", url: "https://example.com/cat.png" }], tool_call_id: "call_1" }),
      ],
      1,
      'Message 1 has content block 0 of type "image", which OpenAI chat models do not accept in tool messages (only text). Return the tool result as text (e.g. JSON), and send images, files and audio in a HumanMessage after the tool messages; or use the Responses API (useResponsesApi: true), whose tool results take images and files.',
    ],
    [
      "a file in a function message",
      [new FunctionMessage({ content: [{ type: "file", fileId: "file-1" }], name: "f" })],
      0,
      'Message 0 has content block 0 of type "file", which OpenAI chat models do not accept in function messages (only text). Return the function result as text (e.g. JSON), and send images, files and audio in a HumanMessage.',
    ],
    [
      "content that is neither a string nor an array",
      [hi, Object.assign(new HumanMessage("x"), { content: { text: "x" } as unknown as string })],
      1,
      'Message 1 has content that is neither a string nor an array of content blocks. Give it a string or an array of blocks such as { type: "text", text }.',
    ],
    [
      "a message type OpenAI has no role for",
      [hi, new RemoveMessage({ id: "m1" })],
      1,
      'Message 1 has type "remove", which OpenAI chat models do not accept. Send HumanMessage, AIMessage, SystemMessage, ToolMessage, FunctionMessage or ChatMessage instances (filter out RemoveMessage and other state-only messages first).',
    ],
    [
      "a ChatMessage with an unknown role",
      [hi, new ChatMessage("Hmm", "critic")],
      1,
      'Message 1 is a ChatMessage with role "critic", which OpenAI chat models do not accept. Use one of the roles "system", "developer", "user", "human", "assistant", "ai", "tool", "function".',
    ],
    [
      "a ChatMessage tool result without a tool_call_id",
      [new ChatMessage("18°C", "tool")],
      0,
      "Message 0 is a tool result without a tool_call_id. Set tool_call_id to the id of the tool call it answers (every tool call must be answered).",
    ],
    [
      "a ChatMessage function result without a name",
      [new ChatMessage("18", "function")],
      0,
      "Message 0 is a function result without a name. Set name to the function that was called.",
    ],
    [
      "a tool call without an id",
      [hi, new AIMessage({ content: "", tool_calls: [{ name: "get_weather", args: {} }] })],
      1,
      "Message 1 has tool call 0 without an id. Give every tool call an id, and answer it with a ToolMessage whose tool_call_id is that id.",
    ],
    [
      "an invalid tool call without a name",
      [hi, new AIMessage({ content: "", invalid_tool_calls: [{ id: "call_2", args: "{", error: "bad JSON" }] })],
      1,
      'Message 1 has invalid tool call 0 (id "call_2") without a name. Set name to the tool the model called.',
    ],
    [
      "malformed additional_kwargs.tool_calls",
      [withKwargs(new ChatMessage("", "assistant"), { tool_calls: [{ id: "call_1", name: "f" }] })],
      0,
      'Message 0 has additional_kwargs.tool_calls[0], which is not a list of OpenAI tool calls. Use { id, type: "function", function: { name, arguments } } entries, or set the AIMessage\'s tool_calls.',
    ],
    [
      "a malformed function_call",
      [new AIMessage({ content: "", additional_kwargs: { function_call: { name: "f" } as unknown as { name: string; arguments: string } } })],
      0,
      "Message 0 has an additional_kwargs.function_call that is not { name, arguments }. Give it a name and its arguments as a JSON string, or use tool_calls.",
    ],
  ])("throws for %s", (_name, messages, messageIndex, text) => {
    const error = errorOf(messages);
    expect(InvalidMessageError.isInstance(error)).toBe(true);
    expect(error.name).toBe("InvalidMessageError");
    expect(error.messageIndex).toBe(messageIndex);
    expect(error.message).toBe(text);
  });
});
