import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { createTestClient, rawRequest } from "../__tests__/helpers.js";

/** A `data:` URL whose PNG header says width x height (the counter reads the header only, never the pixels). */
function pngDataUrl(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return `data:image/png;base64,${Buffer.from(bytes).toString("base64")}`;
}

function withImage(url: string, detail: "low" | "high" | "auto"): OpenAI.ChatCompletionMessageParam[] {
  return [{ role: "user", content: [{ type: "text", text: "What is in this picture?" }, { type: "image_url", image_url: { url, detail } }] }];
}

const textOnly: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: [{ type: "text", text: "What is in this picture?" }] }];

async function promptTokens(model: string, messages: OpenAI.ChatCompletionMessageParam[]): Promise<number> {
  const { client } = createTestClient();
  const completion = await client.chat.completions.create({ model, messages });
  return completion.usage?.prompt_tokens ?? Number.NaN;
}

describe("images in user content", () => {
  // OpenAI's vision guide: gpt-4o bills 85 tokens per image, plus 170 per 512px tile in high detail (the image is
  // first fitted in 2048x2048, then its short side scaled to 768).
  it.each([
    ["low detail: the base 85", pngDataUrl(4000, 3000), "low", 85],
    ["high detail, 512x512: one tile", pngDataUrl(512, 512), "high", 85 + 170],
    ["high detail, 1024x1024: scaled to 768x768, four tiles", pngDataUrl(1024, 1024), "high", 85 + 4 * 170],
    ["an http URL (never fetched), counted as 1024x1024", "https://example.com/cat.png", "auto", 85 + 4 * 170],
  ] as const)("grows gpt-4o's prompt_tokens by the documented amount, %s", async (_case, url, detail, expected) => {
    const base = await promptTokens("gpt-4o", textOnly);
    expect((await promptTokens("gpt-4o", withImage(url, detail))) - base).toBe(expected);
  });

  it("uses each model's own rate (gpt-4o-mini: 2833 per image, 5667 per tile)", async () => {
    const base = await promptTokens("gpt-4o-mini", textOnly);
    expect((await promptTokens("gpt-4o-mini", withImage(pngDataUrl(64, 64), "low"))) - base).toBe(2833);
    expect((await promptTokens("gpt-4o-mini", withImage(pngDataUrl(512, 512), "high"))) - base).toBe(2833 + 5667);
  });

  it("passes the image to the model, which says it saw one", async () => {
    const { client } = createTestClient();
    const completion = await client.chat.completions.create({ model: "gpt-4.1", messages: withImage(pngDataUrl(8, 8), "low") });
    expect(completion.choices[0]?.message.content).toContain("It came with 1 image.");
  });

  it("refuses an image sent to a model without vision, as the API does", async () => {
    const { emulator } = createTestClient();
    const messages = [{ role: "system", content: "Be brief." }, ...withImage(pngDataUrl(8, 8), "low")];
    for (const model of ["gpt-3.5-turbo", "gpt-4", "o3-mini"]) {
      const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model, messages } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          message: "Invalid content type. image_url is only supported by certain models.",
          type: "invalid_request_error",
          param: "messages.[1].content.[1].type",
          code: null,
        },
      });
    }
  });
});

describe("Structured Outputs on models that predate them", () => {
  it("refuses response_format json_schema with the API's wording", async () => {
    const { emulator } = createTestClient();
    const response_format = { type: "json_schema", json_schema: { name: "x", schema: { type: "object", properties: {} } } };
    for (const model of ["gpt-4", "gpt-3.5-turbo", "gpt-4-turbo"]) {
      const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model, messages: textOnly, response_format } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          message:
            "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model. " +
            "Learn more about supported models at the Structured Outputs guide: https://platform.openai.com/docs/guides/structured-outputs",
          type: "invalid_request_error",
          param: null,
          code: null,
        },
      });
    }
    const accepted = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-4o", messages: textOnly, response_format } });
    expect(accepted.status).toBe(200);
  });
});
