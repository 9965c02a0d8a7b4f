// Real prompt_tokens that the OpenAI API reported for known requests, published by other projects next to the
// request that produced them (beyond the cookbook samples in token-usage-samples.json beside this file).
// docs/token-counting.md says which rule each set checks. `model` is the model the figure was measured on, or one
// with the same encoding and formulas when the source does not name it.
import type { PromptRequest } from "../count-chat-prompt-tokens.js";

/** A request and the prompt_tokens the API reported for it. */
export interface PublishedFigure {
  source: string;
  label: string;
  request: PromptRequest;
  promptTokens: number;
}

const HMARR = "hmarr/openai-chat-tokens tests/token-counts.test.ts (gpt-3.5-turbo-0613, 2023)";
const PAMELA_TOOLS = "pamelafox/openai-messages-token-helper tests/functions.py (verify_functions.py, cl100k model, 2024)";
const PAMELA_MESSAGES = "pamelafox/openai-messages-token-helper tests/messages.py (verify_openai.py, 2024)";
const PAMELA_IMAGES = "pamelafox/openai-messages-token-helper tests/image_messages.py (verify_openai.py, 2024)";
const JAVA_5 = "forestwanglin/openai-java#5 (gpt-4, 2024-01)";
const FORUM_VISION = "community.openai.com/t/1262691: 128x64 image plus five-word text (2025)";

const hello = [{ role: "user", content: "hello" }];
const emptyObject = { type: "object", properties: {} };

/** Legacy `functions` and `function` messages, gpt-3.5-turbo. */
export const hmarrFigures: PublishedFigure[] = (
  [
    ["user hello", { messages: hello }, 8],
    ["user hello world", { messages: [{ role: "user", content: "hello world" }] }, 9],
    ["system hello", { messages: [{ role: "system", content: "hello" }] }, 8],
    ["system hello:", { messages: [{ role: "system", content: "hello:" }] }, 9],
    [
      "three messages",
      {
        messages: [
          { role: "system", content: "# Important: you're the best robot" },
          { role: "user", content: "hello robot" },
          { role: "assistant", content: "hello world" },
        ],
      },
      27,
    ],
    ["function without parameters", { messages: hello, functions: [{ name: "foo", parameters: emptyObject }] }, 31],
    [
      "function with a description",
      { messages: hello, functions: [{ name: "foo", description: "Do a foo", parameters: emptyObject }] },
      36,
    ],
    [
      "one string parameter",
      {
        messages: hello,
        functions: [
          {
            name: "bing_bong",
            description: "Do a bing bong",
            parameters: { type: "object", properties: { foo: { type: "string" } } },
          },
        ],
      },
      49,
    ],
    [
      "string and described number parameters",
      {
        messages: hello,
        functions: [
          {
            name: "bing_bong",
            description: "Do a bing bong",
            parameters: {
              type: "object",
              properties: { foo: { type: "string" }, bar: { type: "number", description: "A number" } },
            },
          },
        ],
      },
      57,
    ],
    [
      "nested object with an enum and a boolean",
      {
        messages: hello,
        functions: [
          {
            name: "bing_bong",
            description: "Do a bing bong",
            parameters: {
              type: "object",
              properties: {
                foo: {
                  type: "object",
                  properties: { bar: { type: "string", enum: ["a", "b", "c"] }, baz: { type: "boolean" } },
                },
              },
            },
          },
        ],
      },
      68,
    ],
    [
      "function result {}",
      { messages: [{ role: "user", content: "hello world" }, { role: "function", name: "do_stuff", content: "{}" }] },
      15,
    ],
    [
      "function result object",
      {
        messages: [
          { role: "user", content: "hello world" },
          { role: "function", name: "do_stuff", content: `{"foo": "bar", "baz": 1.5}` },
        ],
      },
      28,
    ],
    [
      "function result only",
      { messages: [{ role: "function", name: "dance_the_tango", content: `{"a": { "b" : { "c": false}}}` }] },
      24,
    ],
    [
      "assistant function_call",
      {
        messages: [
          { role: "assistant", content: "", function_call: { name: "do_stuff", arguments: `{"foo": "bar", "baz": 1.5}` } },
        ],
      },
      26,
    ],
    [
      "assistant function_call, arguments with newlines",
      {
        messages: [
          {
            role: "assistant",
            content: "",
            function_call: { name: "do_stuff", arguments: `{"foo":"bar", "baz":\n\n 1.5}` },
          },
        ],
      },
      25,
    ],
    [
      "system Hello + functions",
      {
        messages: [
          { role: "system", content: "Hello" },
          { role: "user", content: "Hi there" },
        ],
        functions: [{ name: "do_stuff", parameters: emptyObject }],
      },
      35,
    ],
    [
      "system Hello: + functions",
      {
        messages: [
          { role: "system", content: "Hello:" },
          { role: "user", content: "Hi there" },
        ],
        functions: [{ name: "do_stuff", parameters: emptyObject }],
      },
      35,
    ],
    [
      "two system messages + functions",
      {
        messages: [
          { role: "system", content: "Hello:" },
          { role: "system", content: "Hello" },
          { role: "user", content: "Hi there" },
        ],
        functions: [{ name: "do_stuff", parameters: emptyObject }],
      },
      40,
    ],
    [
      "array of objects, required fields",
      {
        messages: hello,
        functions: [
          {
            name: "get_recipe",
            parameters: {
              type: "object",
              required: ["ingredients", "instructions", "time_to_cook"],
              properties: {
                ingredients: {
                  type: "array",
                  items: {
                    type: "object",
                    required: ["name", "unit", "amount"],
                    properties: {
                      name: { type: "string" },
                      unit: { enum: ["grams", "ml", "cups", "pieces", "teaspoons"], type: "string" },
                      amount: { type: "number" },
                    },
                  },
                },
                instructions: {
                  type: "array",
                  items: { type: "string" },
                  description: "Steps to prepare the recipe (no numbering)",
                },
                time_to_cook: { type: "number", description: "Total time to prepare the recipe in minutes" },
              },
            },
          },
        ],
      },
      106,
    ],
  ] as const
).map(([label, request, promptTokens]) => ({
  source: HMARR,
  label,
  request: { model: "gpt-3.5-turbo-0613", ...(request as Omit<PromptRequest, "model">) },
  promptTokens,
}));

const bot = [{ role: "system", content: "You are a bot." }];
const searchSources = {
  name: "search_sources",
  description: "Retrieve sources from the Azure AI Search index",
  parameters: {
    type: "object",
    properties: {
      search_query: {
        type: "string",
        description: "Query string to retrieve documents from azure search eg: 'Health care plan'",
      },
    },
    required: ["search_query"],
  },
};
const dataDemonstration = (parameters: Record<string, unknown>) => ({
  name: "data_demonstration",
  description: "This is the main function description",
  parameters,
});
const integerEnum = dataDemonstration({
  type: "object",
  properties: { integer_enum: { type: "integer", enum: [-1, 1] } },
});
const innerObject = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  dataDemonstration({
    type: "object",
    properties: {
      object_1: { type: "object", description: "The object data type as a property", properties },
      ...extra,
    },
    required: ["object_1"],
  });
const tool = (definition: object) => ({ type: "function", function: definition });

type ToolCase = readonly [label: string, definition: object, toolChoice: PromptRequest["toolChoice"], promptTokens: number];

const pamelaToolCase = ([label, definition, toolChoice, promptTokens]: ToolCase): PublishedFigure => ({
  source: PAMELA_TOOLS,
  label,
  request: { model: "gpt-3.5-turbo", messages: bot, tools: [tool(definition)] as PromptRequest["tools"], toolChoice },
  promptTokens,
});

/** `tools` with a system message and each `tool_choice`; the rendering reproduces these exactly. */
export const pamelaToolFigures: PublishedFigure[] = (
  [
    ["tool_choice auto", searchSources, "auto", 66],
    ["tool_choice none", searchSources, "none", 67],
    ["tool_choice named", searchSources, { type: "function", function: { name: "search_sources" } }, 75],
    ["no parameters, auto", { name: searchSources.name, description: searchSources.description }, "auto", 42],
    [
      "no parameters, named",
      { name: searchSources.name, description: searchSources.description },
      { type: "function", function: { name: "search_sources" } },
      51,
    ],
    [
      "string enum, integer and string, all required",
      {
        name: "summarize_order",
        description: "Summarize the customer order request",
        parameters: {
          type: "object",
          properties: {
            product_name: { type: "string", description: "Product name ordered by customer" },
            quantity: { type: "integer", description: "Quantity ordered by customer" },
            unit: { type: "string", enum: ["meals", "days"], description: "unit of measurement of the customer order" },
          },
          required: ["product_name", "quantity", "unit"],
        },
      },
      "none",
      86,
    ],
    [
      "boolean",
      {
        name: "human_escalation",
        description: "Check if user wants to escalate to a human",
        parameters: {
          type: "object",
          properties: {
            requires_escalation: {
              type: "boolean",
              description:
                "If user is showing signs of frustration or anger in the query. Also if the user says they want to talk to a real person and not a chat bot.",
            },
          },
          required: ["requires_escalation"],
        },
      },
      "none",
      89,
    ],
    [
      "array of strings",
      {
        name: "get_coordinates",
        description: "Get the latitude and longitude of multiple mailing addresses",
        parameters: {
          type: "object",
          properties: {
            addresses: { type: "array", description: "The mailing addresses to be located", items: { type: "string" } },
          },
          required: ["addresses"],
        },
      },
      "none",
      59,
    ],
    [
      "null",
      {
        name: "get_null",
        description: "Get the null value",
        parameters: {
          type: "object",
          properties: { null_value: { type: "null", description: "The null value to be returned" } },
          required: ["null_value"],
        },
      },
      "none",
      55,
    ],
    // Nested objects, exact since their fields are rendered unindented on the current template (tool-definitions.ts):
    // 1, 3 and 3 over with a two-space indent.
    ["inner object with an enum", innerObject({ string_2a: { type: "string", enum: ["Happy", "Sad"] } }), "none", 73],
    [
      "inner object with an enum and a described string",
      innerObject({
        string_2a: { type: "string", enum: ["Happy", "Sad"] },
        string_2b: { type: "string", description: "Description in a second object is lost" },
      }),
      "none",
      89,
    ],
    [
      "inner object and an optional string",
      innerObject(
        {
          string_2a: { type: "string", enum: ["Happy", "Sad"] },
          string_2b: { type: "string", description: "Description in a second object is lost" },
        },
        { string_1: { type: "string", description: "Not required gets a question mark" } },
      ),
      "none",
      103,
    ],
    // Exact since the undescribed-first-parameter discount (tool-definitions.ts): 1 over before.
    ["integer enum", integerEnum, "none", 54],
    ["integer enum, named", integerEnum, { type: "function", function: { name: "data_demonstration" } }, 64],
    [
      "undescribed optional parameter",
      { ...searchSources, parameters: { type: "object", properties: { search_query: { type: "string" } } } },
      "auto",
      49,
    ],
    [
      "undescribed required parameter",
      {
        ...searchSources,
        parameters: { type: "object", properties: { search_query: { type: "string" } }, required: ["search_query"] },
      },
      "auto",
      49,
    ],
    [
      "no type",
      {
        name: "get_no_type",
        description: "Get the no type value",
        parameters: {
          type: "object",
          properties: { no_type_value: { description: "The no type value to be returned" } },
          required: ["no_type_value"],
        },
      },
      "none",
      59,
    ],
  ] as ToolCase[]
).map(pamelaToolCase);

/**
 * The same source's figure that the rendering over-counts by 1 token: a nested object with one undescribed optional
 * string, measured on a 2024 cl100k model (2 over with the fields indented; its three siblings are exact unindented).
 */
export const pamelaToolDeviations: Array<PublishedFigure & { overCount: number }> = (
  [["inner object", innerObject({ string1: { type: "string" } }), "none", 65, 1]] as Array<
    readonly [string, object, PromptRequest["toolChoice"], number, number]
  >
).map(([label, definition, toolChoice, promptTokens, overCount]) => ({
  ...pamelaToolCase([label, definition, toolChoice, promptTokens]),
  overCount,
}));

const single = (role: string, content: string, name?: string) => [{ role, content, ...(name ? { name } : {}) }];
const messageCases: Array<readonly [string, PromptRequest["messages"], number, number]> = [
  ["system short", single("system", "You are a bot."), 12, 12],
  [
    "system",
    single(
      "system",
      "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.",
    ),
    25,
    24,
  ],
  [
    "system long",
    single(
      "system",
      "Assistant helps the company employees with their healthcare plan questions, and questions about the employee handbook. Be brief in your answers.",
    ),
    31,
    31,
  ],
  ["system unicode", single("system", "á"), 8, 8],
  ["system with name", single("system", "New synergies will help drive top-line growth.", "example_user"), 20, 20],
  ["user", single("user", "Hello, how are you?"), 13, 13],
  ["user unicode", single("user", "á"), 8, 8],
  ["user perf", single("user", "What happens in a performance review?"), 14, 14],
  [
    "assistant perf",
    single(
      "assistant",
      "During the performance review at Contoso Electronics, the supervisor will discuss the employee's performance over the past year and provide feedback on areas for improvement. They will also provide an opportunity for the employee to discuss their goals and objectives for the upcoming year. The review is a two-way dialogue between managers and employees, and employees will receive a written summary of their performance review which will include a rating of their performance, feedback, and goals and objectives for the upcoming year [employee_handbook-3.pdf].",
    ),
    106,
    106,
  ],
  [
    "assistant perf short",
    single(
      "assistant",
      "The supervisor will discuss the employee's performance and provide feedback on areas for improvement. They will also provide an opportunity for the employee to discuss their goals and objectives for the upcoming year. The review is a two-way dialogue between managers and employees, and employees will receive a written summary of their performance review which will include a rating of their performance, feedback, and goals for the upcoming year [employee_handbook-3.pdf].",
    ),
    91,
    91,
  ],
  ["user dress code", single("user", "Is there a dress code?"), 13, 13],
  [
    "assistant dress code",
    single("assistant", "Yes, there is a dress code at Contoso Electronics. Look sharp! [employee_handbook-1.pdf]"),
    30,
    30,
  ],
  ["user PM", single("user", "What does a Product Manager do?"), 14, 14],
];

/** One message each, measured on a cl100k model ("count") and on gpt-4o ("count_omni"). */
export const pamelaMessageFigures: PublishedFigure[] = messageCases.flatMap(([label, messages, cl100k, o200k]) => [
  { source: PAMELA_MESSAGES, label: `${label} (cl100k)`, request: { model: "gpt-4", messages }, promptTokens: cl100k },
  { source: PAMELA_MESSAGES, label: `${label} (gpt-4o)`, request: { model: "gpt-4o", messages }, promptTokens: o200k },
]);

const tinyPng =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==";
// The published request sends a 1126x488 PNG; its header is enough to read the size.
const largePngHeader = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAABGYAAAHoCAYAAAALy+n8";
const describe = (detail: string) => [
  {
    role: "user",
    content: [
      { type: "text", text: "Describe this picture:" },
      { type: "image_url", image_url: { url: tinyPng, detail } },
    ],
  },
];
const large = [
  {
    role: "user",
    content: [
      { type: "text", text: "hi" },
      { type: "image_url", image_url: { url: largePngHeader, detail: "auto" } },
    ],
  },
];

/** Images sent as data URLs (size read from the header), gpt-4o-class and gpt-4o-mini. */
export const pamelaImageFigures: PublishedFigure[] = (
  [
    ["1x1 PNG, auto", describe("auto"), 266, 8511],
    ["1x1 PNG, low", describe("low"), 96, 2844],
    ["1126x488 PNG, auto", large, 603, 19842],
  ] as const
).flatMap(([label, messages, gpt4o, mini]) => [
  { source: PAMELA_IMAGES, label: `${label} (gpt-4o)`, request: { model: "gpt-4o", messages }, promptTokens: gpt4o },
  {
    source: PAMELA_IMAGES,
    label: `${label} (gpt-4o-mini)`,
    request: { model: "gpt-4o-mini", messages },
    promptTokens: mini,
  },
]);

const image128x64 = (detail: string) => [
  {
    role: "user",
    content: [
      { type: "text", text: "repeat word from attached image" },
      { type: "image_url", image_url: { url: "https://example.com/word.png", detail } },
    ],
  },
];
const size128x64 = () => ({ width: 128, height: 64 });

/** A 128x64 image at low and high detail on the tile models of the forum table. */
export const forumVisionFigures: PublishedFigure[] = (
  [
    ["gpt-4o-2024-08-06", 97, 267],
    ["gpt-4o-2024-11-20", 97, 267],
    ["gpt-4o-2024-05-13", 97, 267],
    ["gpt-4.1-2025-04-14", 97, 267],
    ["gpt-4.5-preview-2025-02-27", 97, 267],
    ["gpt-4-turbo-2024-04-09", 97, 267],
    ["gpt-4o-mini-2024-07-18", 2845, 8512],
  ] as const
).flatMap(([model, low, high]) => [
  {
    source: FORUM_VISION,
    label: `${model} low`,
    request: { model, messages: image128x64("low"), imageSize: size128x64 },
    promptTokens: low,
  },
  {
    source: FORUM_VISION,
    label: `${model} high`,
    request: { model, messages: image128x64("high"), imageSize: size128x64 },
    promptTokens: high,
  },
]);

/** An assistant `tool_calls` message and its `tool` result. */
export const toolCallFigures: PublishedFigure[] = [
  {
    source: JAVA_5,
    label: "tool_calls + tool result",
    request: {
      model: "gpt-4",
      messages: [
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_Id8ycVMsW8gdsf7kSXfgAcf1",
              type: "function",
              function: { name: "get_current_weather", arguments: '{\n  "location": "Boston, MA"\n}' },
            },
          ],
        },
        {
          role: "tool",
          tool_call_id: "call_Id8ycVMsW8gdsf7kSXfgAcf1",
          name: "get_current_weather",
          content: "29 degree celcius",
        },
      ],
    },
    promptTokens: 35,
  },
];
