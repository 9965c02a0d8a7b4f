// The `image_generation` tool. What the API sends (vercel/ai fixture openai-image-generation-tool.1, gpt-5, 2025-09):
// an `image_generation_call` item `{id: "ig_…", type, status, background, output_format, quality, result (base64),
// revised_prompt, size}` (the tool's `auto` values resolved: background `opaque`, a concrete size), then a message
// whose text is empty; streamed as output_item.added (`{id, type, status: "in_progress"}`),
// response.image_generation_call.in_progress, .generating, one .partial_image per `partial_images` (with size,
// quality, background, output_format), .completed, output_item.done. The tool is echoed with background, moderation,
// n, output_compression, output_format, quality and size. The emulator draws nothing: the result is a small
// deterministic PNG (png.ts) coloured by the prompt, whatever `output_format` says.

import { createHash } from "node:crypto";
import type { SseEvent } from "../../sse.js";
import { s } from "../../validate/validation-schema.js";
import type { BuiltInCallItem, BuiltInRun, BuiltInRunContext, BuiltInToolHandler, BuiltInToolParam, EventMaker } from "./built-in-tool.js";
import { encodePng } from "./png.js";

const STRICT = { strict: true } as const;
const IMAGE_SIDE = 16;

const IMAGE_GENERATION = s.object(
  {
    model: s.string(),
    quality: s.enum(["low", "medium", "high", "auto"]),
    size: s.enum(["1024x1024", "1024x1536", "1536x1024", "auto"]),
    output_format: s.enum(["png", "webp", "jpeg"]),
    output_compression: s.integer({ min: 0, max: 100 }),
    moderation: s.enum(["auto", "low"]),
    background: s.enum(["transparent", "opaque", "auto"]),
    input_fidelity: s.enum(["high", "low"], { nullable: true }),
    input_image_mask: s.object({ image_url: s.string(), file_id: s.string() }, [], STRICT),
    partial_images: s.integer({ min: 0, max: 3 }),
    action: s.enum(["generate", "edit", "auto"]),
  },
  [],
  STRICT,
);

const IMAGE_WORDS = /\b(draw|paint|sketch|illustrat\w*|image|picture|photo|logo|icon|render)\b/iu;
const REQUEST_WORDS = /^\s*(please\s+)?((can|could|would) you\s+)?(generate|create|make|draw|paint|sketch|render|design)\s+(me\s+)?((an?\s+)?(image|picture|photo|illustration|drawing)\s+(of\s+)?)?/iu;

/**
 * The image generation tool's module (see the file's header for the recorded shapes).
 *
 * @example
 * imageGenerationTool.wants("Draw a cat on a windowsill"); // true
 */
export const imageGenerationTool: BuiltInToolHandler = {
  schemas: { image_generation: IMAGE_GENERATION },
  echo: (tool) => ({
    type: tool.type,
    background: tool.background ?? "auto",
    moderation: tool.moderation ?? "auto",
    n: 1,
    output_compression: tool.output_compression ?? 100,
    output_format: tool.output_format ?? "png",
    quality: tool.quality ?? "auto",
    size: tool.size ?? "auto",
    ...(tool.model !== undefined && { model: tool.model }),
    ...(tool.partial_images !== undefined && { partial_images: tool.partial_images }),
  }),
  wants: (question) => IMAGE_WORDS.test(question),
  run: runImageGeneration,
  opened: (item) => ({ id: item.id, type: item.type, status: "in_progress" }),
  events: imageEvents,
};

/**
 * Makes the image for the question: a revised prompt and a deterministic PNG, with the tool's settings resolved.
 *
 * @example
 * runImageGeneration({ tool: { type: "image_generation" }, question: "Draw a red fox", include: new Set(), ids, random }).items[0]?.revised_prompt;
 * // "A red fox."
 */
export function runImageGeneration(context: BuiltInRunContext): BuiltInRun {
  const prompt = revisePrompt(context.question);
  const settings = resolvedSettings(context.tool);
  const result = encodePng(IMAGE_SIDE, IMAGE_SIDE, pixelsFor(prompt)).toString("base64");
  const item: BuiltInCallItem = {
    id: context.ids.responses("ig"),
    type: "image_generation_call",
    status: "completed",
    background: settings.background,
    output_format: settings.output_format,
    quality: settings.quality,
    result,
    revised_prompt: prompt,
    size: settings.size,
  };
  return { items: [item], inputText: "", outputText: prompt, answer: "" };
}

function resolvedSettings(tool: BuiltInToolParam): { background: string; output_format: string; quality: string; size: string } {
  const background = tool.background === "transparent" ? "transparent" : "opaque";
  const quality = typeof tool.quality === "string" && tool.quality !== "auto" ? tool.quality : "medium";
  const size = typeof tool.size === "string" && tool.size !== "auto" ? tool.size : "1024x1024";
  return { background, output_format: typeof tool.output_format === "string" ? tool.output_format : "png", quality, size };
}

function revisePrompt(question: string): string {
  const subject = question.replace(REQUEST_WORDS, "").trim().replace(/[.!?]+$/u, "");
  const text = subject === "" ? "An abstract image" : subject;
  return `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}.`;
}

// A diagonal blend between two colours taken from the prompt's hash: the same prompt, the same image.
function pixelsFor(prompt: string): (x: number, y: number) => [number, number, number] {
  const hash = createHash("sha256").update(prompt).digest();
  const from = [hash[0] ?? 0, hash[1] ?? 0, hash[2] ?? 0];
  const to = [hash[3] ?? 255, hash[4] ?? 255, hash[5] ?? 255];
  return (x, y) => {
    const t = (x + y) / (2 * (IMAGE_SIDE - 1));
    const mix = (index: number) => Math.round((from[index] ?? 0) * (1 - t) + (to[index] ?? 0) * t);
    return [mix(0), mix(1), mix(2)];
  };
}

function* imageEvents(item: BuiltInCallItem, outputIndex: number, event: EventMaker, tool: BuiltInToolParam): Generator<SseEvent> {
  const where = { output_index: outputIndex, item_id: item.id };
  yield event("response.image_generation_call.in_progress", where);
  yield event("response.image_generation_call.generating", where);
  const partials = typeof tool.partial_images === "number" ? tool.partial_images : 0;
  const details = { size: item.size, quality: item.quality, background: item.background, output_format: item.output_format };
  for (let index = 0; index < partials; index++) {
    yield event("response.image_generation_call.partial_image", { ...where, partial_image_index: index, partial_image_b64: item.result, ...details });
  }
  yield event("response.image_generation_call.completed", where);
}
