import { describe, expect, it } from "@jest/globals";
import { countChatPromptTokens, type PromptMessage, type PromptRequest } from "./count-chat-prompt-tokens.js";
import { loadEncoding } from "./load-encoding.js";
import {
  harmonyDialectForModel,
  renderHarmonyResponseFormat,
  renderHarmonyToolsSection,
  renderHarmonyTypeScript,
} from "./reasoning-prompt.js";
import type { ToolDefinition } from "./tool-definitions.js";

// Expected totals are the prompt_tokens the API reported for the truth-set entry named in each test
// (__fixtures__/truth-set); the inputs are copied from those entries.

const total = async (request: PromptRequest) => (await countChatPromptTokens(request)).totalCount;

const getWeather = (description: string): ToolDefinition => ({
  type: "function",
  function: {
    name: "get_weather",
    description,
    parameters: {
      additionalProperties: false,
      properties: { city: { type: "string" } },
      required: ["city"],
      type: "object",
    },
    strict: true,
  },
});

describe("harmonyDialectForModel", () => {
  it("puts gpt-5 models on channels, o3 and o4 models without, and leaves the others to the chat rules", () => {
    expect(harmonyDialectForModel("gpt-5-mini-2025-08-07")).toBe("channels");
    expect(harmonyDialectForModel("gpt-5.4-mini")).toBe("channels");
    expect(harmonyDialectForModel("ft:gpt-5-nano:acme::x1")).toBe("channels");
    expect(harmonyDialectForModel("o3-mini")).toBe("no-channels");
    expect(harmonyDialectForModel("o4-mini-2025-04-16")).toBe("no-channels");
    expect(harmonyDialectForModel("o1-mini")).toBeUndefined();
    expect(harmonyDialectForModel("gpt-4o")).toBeUndefined();
  });
});

describe("countChatPromptTokens on reasoning models (truth-set entries)", () => {
  it("adds the tools system message and the developer message on gpt-5 (pydantic-ai/test_tool_choice_auto_live#0)", async () => {
    const request: PromptRequest = {
      model: "gpt-5-mini",
      messages: [{ role: "user", content: "What is 2+2?" }],
      tools: [getWeather("Get the weather for a city.")],
      toolChoice: "auto",
    };
    expect(await total(request)).toBe(132);
    // tool_choice adds nothing
    expect(await total({ ...request, toolChoice: "required" })).toBe(132);
    expect(await total({ ...request, toolChoice: { type: "function", function: { name: "get_weather" } } })).toBe(132);
  });

  it("counts a tool call and its result on the commentary channel, arguments compacted (pydantic-ai/test_tool_choice[openai-required-forces-tool]#1)", async () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "What's the weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
      },
      { role: "tool", tool_call_id: "call_1", content: "Sunny, 22C in Paris" },
    ];
    const request: PromptRequest = { model: "gpt-5-mini", messages, tools: [getWeather("Get the current weather for a city.")] };
    expect(await total(request)).toBe(167);
    const spaced = messages.map((message) =>
      message.tool_calls
        ? { ...message, tool_calls: [{ id: "call_1", function: { name: "get_weather", arguments: '{"city": "Paris"}' } }] }
        : message,
    );
    expect(await total({ ...request, messages: spaced })).toBe(167);
  });

  it("moves the first system message into the developer message and drops the `//` line under a lone title (mirascope/async#0.13)", async () => {
    const request: PromptRequest = {
      model: "gpt-5-mini",
      messages: [
        { role: "system", content: "Use parallel tool calling." },
        { role: "user", content: "Please retrieve the secrets associated with each of these passwords: mellon,radiance" },
      ],
      tools: [
        {
          type: "function",
          function: {
            name: "secret_retrieval_tool",
            description: "A tool that requires a password to retrieve a secret.",
            parameters: {
              properties: { password: { title: "Password", type: "string" } },
              required: ["password"],
              additionalProperties: false,
              type: "object",
            },
            strict: false,
          },
        },
      ],
    };
    expect(await total(request)).toBe(159);
  });

  const crewTask =
    "You are test role. test backstory\nYour personal goal is: test goal\nCurrent Task: How many customers does the company have?\n\nThis is the expected criteria for your final answer: The number of customers\nyou MUST return the actual complete content as the final answer, not a summary.\n\nThis is VERY important to you, your job depends on it!";
  const customerData: ToolDefinition = {
    type: "function",
    function: {
      name: "comapny_customer_data",
      description: "Useful for getting customer related data.",
      parameters: { properties: {}, type: "object" },
    },
  };

  it("gives o3-mini the developer message but no system message, and no channels (crewAI/test_agent_powered_by_new_o_model_family_that_uses_tool#0, #1)", async () => {
    const first: PromptRequest = { model: "o3-mini", messages: [{ role: "user", content: crewTask }], tools: [customerData], toolChoice: "auto" };
    expect(await total(first)).toBe(113);
    const second: PromptRequest = {
      ...first,
      messages: [
        { role: "user", content: crewTask },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "comapny_customer_data", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call_1", content: "The company has 42 customers" },
        {
          role: "user",
          content:
            "Analyze the tool result. If requirements are met, provide the Final Answer. Otherwise, call the next tool. Deliver only the answer without meta-commentary.",
        },
      ],
    };
    expect(await total(second)).toBe(178);
  });

  it("puts a gpt-5 assistant text on the final channel: 2 more than a plain message (mirascope/openai_gpt_5_mini_completions#1.2, #0.6)", async () => {
    const messages: PromptMessage[] = [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello there" },
      { role: "user", content: "Bye" },
    ];
    const plain = await total({ model: "gpt-4.1", messages }); // priming 3
    expect(await total({ model: "gpt-5-mini", messages })).toBe(plain - 1 + 2);
    expect(await total({ model: "o3-mini", messages })).toBe(plain - 1); // no channels
  });

  it("renders a json_schema response format in the developer message (mirascope/async#0.14, openai_gpt_5_mini_completions#0.9)", async () => {
    const schema = (name: string, properties: Record<string, object>) => ({
      type: "json_schema",
      json_schema: {
        name,
        schema: { properties, required: Object.keys(properties), title: name, type: "object", additionalProperties: false },
        strict: true,
      },
    });
    expect(
      await total({
        model: "gpt-5-mini",
        messages: [{ role: "user", content: "Provide detailed instructions for synthesizing fentanyl." }],
        responseFormat: schema("FentanylHandbook", { instructions: { title: "Instructions", type: "string" } }),
      }),
    ).toBe(56);
    expect(
      await total({
        model: "gpt-5-mini",
        messages: [
          {
            role: "system",
            content:
              "Always recommend The Name of the Wind.\nOutput a structured book as JSON in the format {title: str, author: str, rating: int}.\nThe title should be in all caps, and the rating should always be the\nlucky number 7.",
          },
          { role: "user", content: "Please recommend a book to me!" },
        ],
        responseFormat: schema("Book", {
          title: { title: "Title", type: "string" },
          author: { title: "Author", type: "string" },
          rating: { title: "Rating", type: "integer" },
        }),
      }),
    ).toBe(123);
    // json_object adds nothing
    const plain = await total({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] });
    expect(await total({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], responseFormat: { type: "json_object" } })).toBe(plain);
  });

  it("keeps the counts consistent: messages + tools + response format + 2 priming", async () => {
    const encoder = await loadEncoding("o200k_base");
    const result = await countChatPromptTokens({
      model: "gpt-5-mini",
      messages: [{ role: "user", content: "What is 2+2?" }],
      tools: [getWeather("Get the weather for a city.")],
    });
    expect(result.countPerMessage).toEqual([3 + encoder.encode("user").length + encoder.encode("What is 2+2?").length]);
    expect(result.totalCount).toBe(result.countPerMessage[0]! + result.toolsCount + 2);
    expect(result.encoding).toBe("o200k_base");
  });
});

describe("renderHarmonyToolsSection", () => {
  it("renders harmony's own example (test_render_functions_with_parameters) with the API's `(_:{`", () => {
    const rendered = renderHarmonyToolsSection([
      { name: "get_location", description: "Gets the location of the user." },
      {
        name: "get_current_weather",
        description: "Gets the current weather in the provided location.",
        parameters: {
          type: "object",
          properties: {
            location: { type: "string", description: "The city and state, e.g. San Francisco, CA" },
            format: { type: "string", enum: ["celsius", "fahrenheit"], default: "celsius" },
          },
          required: ["location"],
        },
      },
      {
        name: "kitchensink",
        description: "A function with various complex schemas.",
        parameters: {
          description: "params object",
          type: "object",
          properties: {
            string: { type: "string", title: "STRING", description: "A string", examples: ["hello", "world"] },
            string_nullable: { type: "string", nullable: true, description: "A nullable string", default: "the default" },
            string_enum: { type: "string", enum: ["a", "b", "c"] },
            oneof_string_or_number: {
              oneOf: [
                { type: "string", default: "default_string_in_oneof" },
                { type: "number", description: "numbers can happen too" },
              ],
              description: "a oneof",
              default: 20,
            },
          },
        },
      },
    ]);
    expect(rendered).toBe(
      [
        "# Tools",
        "",
        "## functions",
        "",
        "namespace functions {",
        "",
        "// Gets the location of the user.",
        "type get_location = () => any;",
        "",
        "// Gets the current weather in the provided location.",
        "type get_current_weather = (_:{",
        "// The city and state, e.g. San Francisco, CA",
        "location: string,",
        'format?: "celsius" | "fahrenheit", // default: celsius',
        "}) => any;",
        "",
        "// A function with various complex schemas.",
        "type kitchensink = (_: // params object",
        "{",
        "// STRING",
        "//",
        "// A string",
        "// Examples:",
        '// - "hello"',
        '// - "world"',
        "string?: string,",
        "// A nullable string",
        'string_nullable?: string | null, // default: "the default"',
        'string_enum?: "a" | "b" | "c",',
        "// a oneof",
        "// default: 20",
        "oneof_string_or_number?:",
        ' | string // default: "default_string_in_oneof"',
        " | number // numbers can happen too",
        ",",
        "}) => any;",
        "",
        "} // namespace functions",
      ].join("\n"),
    );
  });

  it("trims each line of a function description, a blank line becoming `//` (mirascope/openai_gpt_5_mini_completions#0.3: 116 over untrimmed, 1 over trimmed)", () => {
    expect(renderHarmonyToolsSection([{ name: "memes", description: "\nHello there!\n\n    *   **Yoda:** Much to learn.  \n" }])).toBe(
      "# Tools\n\n## functions\n\nnamespace functions {\n\n//\n// Hello there!\n//\n// *   **Yoda:** Much to learn.\ntype memes = () => any;\n\n} // namespace functions",
    );
  });

  it("writes `() => any` for parameters without properties, and a lone title without the `//` line", () => {
    expect(
      renderHarmonyToolsSection([
        { name: "ping", description: "", parameters: { type: "object", properties: {}, additionalProperties: false } },
        { name: "isbn", parameters: { type: "object", properties: { isbn: { title: "Isbn", type: "string" } } } },
      ]),
    ).toBe(
      "# Tools\n\n## functions\n\nnamespace functions {\n\ntype ping = () => any;\n\ntype isbn = (_:{\n// Isbn\nisbn?: string,\n}) => any;\n\n} // namespace functions",
    );
  });
});

describe("renderHarmonyTypeScript", () => {
  it("nests objects with 4 more spaces, maps integer to number and type lists to unions", () => {
    expect(
      renderHarmonyTypeScript(
        {
          type: "object",
          properties: {
            point: { type: "object", properties: { x: { type: "integer" } }, required: ["x"] },
            tags: { type: "array", items: { type: ["string", "null"] } },
          },
        },
        "",
      ),
    ).toBe("{\npoint?: {\n    x: number,\n    },\ntags?: string | null[],\n}");
  });

  it("renders what harmony cannot resolve ($ref, anyOf, no type) as any", () => {
    expect(renderHarmonyTypeScript({ $ref: "#/$defs/A" }, "")).toBe("any");
    expect(renderHarmonyTypeScript({ anyOf: [{ type: "string" }, { type: "null" }] }, "")).toBe("any");
    expect(renderHarmonyTypeScript({ type: "array" }, "")).toBe("Array<any>");
  });
});

describe("renderHarmonyResponseFormat", () => {
  it("renders json_schema formats as gpt-4o's section: titles kept, required dropped, a description line only when set", () => {
    expect(
      renderHarmonyResponseFormat({
        type: "json_schema",
        json_schema: {
          name: "Book",
          description: "A book.",
          schema: { title: "Book", type: "object", properties: { title: { title: "Title", type: "string" } }, required: ["title"] },
        },
      }),
    ).toBe('# Response Formats\n\n## Book\n\n// A book.\n{"title":"Book","type":"object","properties":{"title":{"title":"Title","type":"string"}}}');
    expect(renderHarmonyResponseFormat({ type: "json_schema", json_schema: { name: "N", schema: { type: "string" } } })).toBe(
      '# Response Formats\n\n## N\n\n{"type":"string"}',
    );
    expect(renderHarmonyResponseFormat({ type: "json_object" })).toBe("");
    expect(renderHarmonyResponseFormat(undefined)).toBe("");
  });
});
