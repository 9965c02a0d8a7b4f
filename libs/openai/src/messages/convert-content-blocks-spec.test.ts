// Every content-block form ChatOpenAI accepts (OpenAI's own parts, LangChain's v0 `source_type` blocks and its v1
// blocks) is converted, then checked against OpenAI's published request schemas (__fixtures__/openapi/openai-request-parts.json,
// from openai/openai-openapi): each part must be one the spec describes, with no key the spec does not declare, so
// nothing LangChain-only (`metadata`, `mimeType`, a block `id`) reaches the wire. The same messages are then sent to the
// emulator, which must accept them. The exact part for each form is asserted in convert-to-openai-messages.test.ts.

import { describe, expect, it } from "@jest/globals";
import { AIMessage, type ContentBlock, HumanMessage } from "@langchain/core/messages";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestModel } from "../__tests__/test-model.js";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

const spec = JSON.parse(readFileSync(path.join(__dirname, "__fixtures__/openapi/openai-request-parts.json"), "utf8")) as { schemas: Record<string, Schema> };

/** What is wrong with `value` under `schema` (empty when it conforms); undeclared object keys count as wrong. */
function problems(value: unknown, schema: Schema, at = "$"): string[] {
  if (schema.$ref) return problems(value, spec.schemas[schema.$ref.split("/").at(-1)!]!, at);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const results = alternatives.map((alternative) => problems(value, alternative, at));
    return results.some((result) => result.length === 0) ? [] : [`${at}: matches none of ${alternatives.length} alternatives (${results.map((result) => result[0]).join(" | ")})`];
  }
  const found: string[] = [];
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  const types = schema.type === undefined ? undefined : [schema.type].flat();
  if (types && !types.includes(kind)) return [`${at}: is ${kind}, not ${types.join(" or ")}`];
  if (schema.enum && !schema.enum.includes(value)) found.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (kind === "array" && Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) found.push(`${at}: has fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((item, index) => found.push(...problems(item, schema.items!, `${at}[${index}]`)));
  }
  if (kind === "object" && schema.properties) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) found.push(`${at}: lacks ${key}`);
    for (const [key, item] of Object.entries(object)) {
      const property = schema.properties[key];
      found.push(...(property ? problems(item, property, `${at}.${key}`) : [`${at}: has ${key}, which the spec does not declare`]));
    }
  }
  return found;
}

const USER_PART = { $ref: "#/components/schemas/ChatCompletionRequestUserMessageContentPart" };
const ASSISTANT = { $ref: "#/components/schemas/ChatCompletionRequestAssistantMessage" };

const PNG = "iVBORw0KGgoAAAANSUhEUg==";
const PDF = "JVBERi0xLjQK";
const WAV = "UklGRiQAAABXQVZFZm10IA==";

/** Every accepted form, by dialect; the emulator route each needs (images and files: gpt-4o; audio: an audio model). */
const FORMS: Array<[string, ContentBlock, "vision" | "audio"]> = [
  ["native image_url with detail", { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } }, "vision"],
  ["legacy image_url string", { type: "image_url", image_url: "https://example.com/cat.png" }, "vision"],
  ["v0 image by URL with metadata.detail", { type: "image", source_type: "url", url: "https://example.com/cat.png", metadata: { detail: "high" } }, "vision"],
  ["v0 image as base64", { type: "image", source_type: "base64", data: PNG, mime_type: "image/png" }, "vision"],
  ["v1 image by URL with its own id", { type: "image", url: "https://example.com/cat.png", id: "block_1" }, "vision"],
  ["v1 image as base64 with metadata.detail", { type: "image", data: PNG, mimeType: "image/png", metadata: { detail: "auto" } }, "vision"],
  ["v1 image as bytes", { type: "image", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), mimeType: "image/png" }, "vision"],
  ["native file by data", { type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "a.pdf" } }, "vision"],
  ["native file by id", { type: "file", file: { file_id: "file-abc123" } }, "vision"],
  ["v0 PDF as base64, named", { type: "file", source_type: "base64", data: PDF, mime_type: "application/pdf", metadata: { filename: "report.pdf" } }, "vision"],
  ["v0 PDF by data URL", { type: "file", source_type: "url", url: `data:application/pdf;base64,${PDF}` }, "vision"],
  ["v0 file by id", { type: "file", source_type: "id", id: "file-abc123" }, "vision"],
  ["v1 PDF as base64", { type: "file", data: PDF, mimeType: "application/pdf", metadata: { name: "q3.pdf" } }, "vision"],
  ["v1 file by fileId", { type: "file", fileId: "file-abc123", id: "block_7" }, "vision"],
  ["native input_audio", { type: "input_audio", input_audio: { data: WAV, format: "wav" } }, "audio"],
  ["v0 audio as base64", { type: "audio", source_type: "base64", data: WAV, mime_type: "audio/wav" }, "audio"],
  ["v0 audio by data URL", { type: "audio", source_type: "url", url: `data:audio/wav;base64,${WAV}` }, "audio"],
  ["v1 audio as base64 (audio/mpeg)", { type: "audio", data: WAV, mimeType: "audio/mpeg" }, "audio"],
];

describe("content blocks on the wire, against OpenAI's published request schemas", () => {
  it("the schema check itself refuses undeclared keys, unknown parts and bad enums", () => {
    expect(problems({ type: "image_url", image_url: { url: "u", detail: "low" }, metadata: {} }, USER_PART)).not.toEqual([]);
    expect(problems({ type: "image_url", image_url: { url: "u", detail: "tiny" } }, USER_PART)).not.toEqual([]);
    expect(problems({ type: "input_audio", input_audio: { data: "x", format: "ogg" } }, USER_PART)).not.toEqual([]);
    expect(problems({ type: "image", url: "u" }, USER_PART)).not.toEqual([]);
    expect(problems({ type: "file", file: { file_id: "file-1" } }, USER_PART)).toEqual([]);
  });

  it.each(FORMS)("sends a %s as a part the spec describes, with nothing else", (_name, block) => {
    const [message] = convertToOpenAIMessages([new HumanMessage({ content: [{ type: "text", text: "Look:" }, block] })]);
    const parts = message!.content as unknown[];
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(problems(part, USER_PART)).toEqual([]);
  });

  it("sends assistant messages (text, tool calls, a spoken answer's audio id) as the spec describes them", () => {
    const messages = convertToOpenAIMessages([
      new AIMessage("Plain text."),
      new AIMessage({ content: "", tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris" }, type: "tool_call" }] }),
      new AIMessage({ content: "", additional_kwargs: { audio: { id: "audio_1", data: "UklGRg==", expires_at: 4_102_444_800, transcript: "Hi" } } }),
    ]);
    expect(messages[2]).toStrictEqual({ role: "assistant", content: null, audio: { id: "audio_1" } });
    for (const message of messages) expect(problems(message, ASSISTANT)).toEqual([]);
  });

  it("gets every form accepted by the emulator, images and files on gpt-4o, audio on gpt-4o-audio-preview", async () => {
    for (const route of ["vision", "audio"] as const) {
      const { llm, requests, emulator } = createTestModel({ model: route === "vision" ? "gpt-4o" : "gpt-4o-audio-preview" });
      // A file id must name a file uploaded to the emulator (it refuses others, as the API does): upload a PDF, use its id.
      const form = new FormData();
      form.append("purpose", "user_data");
      form.append("file", new File([Buffer.from(PDF, "base64")], "a.pdf", { type: "application/pdf" }));
      const upload = await emulator.fetch("http://emulator.test/v1/files", { method: "POST", headers: { authorization: "Bearer test-key" }, body: form });
      const { id } = (await upload.json()) as { id: string };
      const withUploadedId = (block: ContentBlock): ContentBlock =>
        JSON.stringify(block).includes("file-abc123") ? (JSON.parse(JSON.stringify(block).replaceAll("file-abc123", id)) as ContentBlock) : block;
      const blocks = FORMS.filter(([, , needs]) => needs === route).map(([, block]) => withUploadedId(block));
      const answer = await llm.invoke([new HumanMessage({ content: [{ type: "text", text: "What is in these?" }, ...blocks] })]);
      expect(typeof answer.content).toBe("string");
      expect((requests[0]?.body.messages as Array<{ content: unknown[] }>)[0]?.content).toHaveLength(blocks.length + 1);
    }
  });
});
