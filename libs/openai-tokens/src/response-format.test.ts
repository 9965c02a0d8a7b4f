import { describe, expect, it } from "@jest/globals";
import { countChatPromptTokens, type PromptRequest } from "./count-chat-prompt-tokens.js";
import { countTextTokensWith } from "./count-text-tokens.js";
import { loadEncoding } from "./load-encoding.js";
import { countResponseFormatTokens, renderResponseFormatSection, type ResponseFormat } from "./response-format.js";

// Whole requests of the truth set (__fixtures__/truth-set), by id, with the prompt_tokens the API reported.
const bookSchema = (fields: string[]) => ({
  properties: Object.fromEntries(fields.map((field) => [field, { title: field[0]!.toUpperCase() + field.slice(1), type: "string" }])),
  required: fields,
  title: "Book",
  type: "object",
  additionalProperties: false,
});
const bookFormat = (fields: string[], description?: string): ResponseFormat => ({
  type: "json_schema",
  json_schema: { name: "Book", schema: bookSchema(fields), strict: true, ...(description ? { description } : {}) },
});

describe("renderResponseFormatSection", () => {
  it("renders harmony's Response Formats section with the schema as compact JSON, without required and additionalProperties", () => {
    expect(renderResponseFormatSection({ name: "Book", schema: bookSchema(["title"]) })).toBe(
      '# Response Formats\n\n## Book\n\n{"properties":{"title":{"title":"Title","type":"string"}},"title":"Book","type":"object"}',
    );
  });

  it("adds the description as a // line", () => {
    expect(renderResponseFormatSection({ name: "B", description: "A book.", schema: { type: "object" } })).toBe(
      '# Response Formats\n\n## B\n\n// A book.\n{"type":"object"}',
    );
  });

  it("leaves out default, minimum, maximum and maxItems but keeps const, enum, $defs and $ref", () => {
    const schema = {
      $defs: { Inner: { properties: { v: { type: "integer", minimum: 0 } }, type: "object" } },
      properties: {
        score: { default: 0.5, maximum: 1, minimum: 0, type: "number" },
        ids: { items: { const: "a", type: "string" }, maxItems: 1, type: "array" },
        kind: { enum: ["x", "y"] },
        inner: { $ref: "#/$defs/Inner" },
      },
      type: "object",
    };
    expect(JSON.parse(renderResponseFormatSection({ name: "S", schema }).split("\n").at(-1)!)).toEqual({
      $defs: { Inner: { properties: { v: { type: "integer" } }, type: "object" } },
      properties: {
        score: { type: "number" },
        ids: { items: { const: "a", type: "string" }, type: "array" },
        kind: { enum: ["x", "y"] },
        inner: { $ref: "#/$defs/Inner" },
      },
      type: "object",
    });
  });

  it("keeps properties that are named like hidden keywords, and data values as sent", () => {
    const schema = {
      properties: { required: { type: "boolean" }, default: { const: { required: true } } },
      type: "object",
    };
    expect(renderResponseFormatSection({ name: "S", schema })).toContain(
      '{"properties":{"required":{"type":"boolean"},"default":{"const":{"required":true}}},"type":"object"}',
    );
  });

  it("escapes non-ASCII characters as \\uXXXX (the StepObservation schemas: 6 and 12 tokens under with raw em dashes)", () => {
    expect(renderResponseFormatSection({ name: "S", schema: { description: "Step — done é" } })).toBe(
      '# Response Formats\n\n## S\n\n{"description":"Step \\u2014 done \\u00e9"}',
    );
  });
});

describe("countResponseFormatTokens", () => {
  it("adds nothing for text, json_object or no format", async () => {
    const encoder = await loadEncoding("o200k_base");
    const messages = [{ role: "user", content: "hi" }];
    for (const responseFormat of [undefined, null, { type: "text" }, { type: "json_object" }]) {
      expect(countResponseFormatTokens(encoder, { responseFormat, messages, hasTools: false })).toBe(0);
    }
  });

  it("without a system message, adds one: 3 + system + the section, then name + 2 on the reply", async () => {
    const encoder = await loadEncoding("o200k_base");
    const format = bookFormat(["title"]);
    const section = renderResponseFormatSection(format.json_schema!);
    expect(
      countResponseFormatTokens(encoder, { responseFormat: format, messages: [{ role: "user", content: "x" }], hasTools: false }),
    ).toBe(3 + 1 + countTextTokensWith(encoder, section) + 1 + 2);
  });
});

describe("json_schema on harmony models (o3, o4, gpt-5), counted by reasoning-prompt.ts with the same section", () => {
  it("reproduces mirascope/async#0.16 on gpt-5-mini: 168 (a name-addressed priming would make it 171)", async () => {
    const description = "A book with a rating. The title should be in all caps!";
    const request: PromptRequest = {
      model: "gpt-5-mini-2025-08-07",
      messages: [{ role: "user", content: "Please recommend the most popular book by Patrick Rothfuss" }],
      responseFormat: {
        type: "json_schema",
        json_schema: {
          name: "Book",
          description,
          schema: {
            $defs: {
              Author: {
                description: "The author of a book.",
                properties: {
                  first_name: { title: "First Name", type: "string" },
                  last_name: { title: "Last Name", type: "string" },
                },
                required: ["first_name", "last_name"],
                title: "Author",
                type: "object",
                additionalProperties: false,
              },
            },
            description,
            properties: {
              title: { title: "Title", type: "string" },
              author: { $ref: "#/$defs/Author" },
              rating: { description: "For testing purposes, the rating should be 7", title: "Rating", type: "integer" },
            },
            required: ["title", "author", "rating"],
            title: "Book",
            type: "object",
            additionalProperties: false,
          },
          strict: true,
        },
      },
    };
    expect((await countChatPromptTokens(request)).totalCount).toBe(168);
  });
});

describe("json_schema requests of the truth set", () => {
  const cases: Array<[string, PromptRequest, number]> = [
    [
      "mirascope/strict_async#0.2 (no system message)",
      {
        model: "gpt-4o-2024-08-06",
        messages: [{ role: "user", content: "Please recommend the most popular book by Patrick Rothfuss" }],
        responseFormat: bookFormat(["title", "author"]),
      },
      65,
    ],
    [
      "mirascope/async#0.12 (with a description)",
      {
        model: "gpt-4o-2024-08-06",
        messages: [{ role: "user", content: "Summarize the book The Name of the Wind by Patrick Rothfuss." }],
        responseFormat: {
          type: "json_schema",
          json_schema: {
            name: "Book",
            description: "A book with title, author, and summary.",
            schema: { description: "A book with title, author, and summary.", ...bookSchema(["summary"]) },
            strict: true,
          },
        },
      },
      82,
    ],
    [
      "mirascope/openai_gpt_4o_completions#0.16 (joins the system message)",
      {
        model: "gpt-4o-2024-08-06",
        messages: [
          {
            role: "system",
            content:
              "Always recommend The Name of the Wind.\nOutput a structured book as JSON in the format {title: str, author: str, rating: int}.\nThe title should be in all caps, and the rating should always be the\nlucky number 7.",
          },
          { role: "user", content: "Please recommend a book to me!" },
        ],
        responseFormat: {
          type: "json_schema",
          json_schema: {
            name: "Book",
            schema: {
              ...bookSchema(["title", "author"]),
              properties: {
                title: { title: "Title", type: "string" },
                author: { title: "Author", type: "string" },
                rating: { title: "Rating", type: "integer" },
              },
            },
            strict: true,
          },
        },
      },
      124,
    ],
    [
      "mirascope/test_response_resume_with_format#1 (an answer in the history costs name + 2 too)",
      {
        model: "gpt-4o-mini-2024-07-18",
        messages: [
          { role: "user", content: "Recommend a fantasy book by an author who writes both scifi and fantasy" },
          { role: "assistant", content: '{"title":"The Fifth Season","author":"N.K. Jemisin","genre":"Fantasy"}' },
          { role: "user", content: "Now recommend a sci-fi book by the same author" },
        ],
        responseFormat: bookFormat(["title", "author", "genre"]),
      },
      119,
    ],
    [
      "pydantic-ai/test_openai_native_output#0 (with tools: after the definitions, plain reply priming)",
      {
        model: "gpt-4o-2024-08-06",
        messages: [{ role: "user", content: "What is the largest city in the user country?" }],
        tools: [
          {
            type: "function",
            function: {
              name: "get_user_country",
              description: "",
              parameters: { additionalProperties: false, properties: {}, type: "object" },
            },
          },
        ],
        toolChoice: "auto",
        responseFormat: {
          type: "json_schema",
          json_schema: {
            name: "result",
            schema: { properties: { city: { type: "string" }, country: { type: "string" } }, required: ["city", "country"], type: "object" },
            strict: false,
          },
        },
      },
      71,
    ],
  ];

  it.each(cases.map(([label, request, reported]) => [label, reported, request] as const))("%s: %i", async (_label, reported, request) => {
    expect((await countChatPromptTokens(request)).totalCount).toBe(reported);
  });

  it("reports the format's share as responseFormatCount", async () => {
    const request = cases[0]![1];
    const withFormat = await countChatPromptTokens(request);
    const without = await countChatPromptTokens({ ...request, responseFormat: undefined });
    expect(withFormat.responseFormatCount).toBe(withFormat.totalCount - without.totalCount);
    expect(without.responseFormatCount).toBe(0);
  });
});
