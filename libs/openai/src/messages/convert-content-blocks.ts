// LangChain content blocks -> Chat Completions content parts, one role's rules at a time. Blocks arrive in three
// dialects: OpenAI's own parts (`image_url`, `input_audio`, `file` with a `file` object), LangChain's v0 data blocks
// (`source_type` + `url` / `data` / `id`, `mime_type`, `metadata`) and its v1 data blocks (`url` / `data` / `fileId`,
// `mimeType`; there `id` is the block's own id). Whatever OpenAI cannot take throws an InvalidMessageError that names
// the message, the block and the fix: nothing is dropped or reshaped behind the caller's back.

import type OpenAI from "openai";
import { InvalidMessageError } from "../errors/errors.js";

type TextPart = OpenAI.ChatCompletionContentPartText;
type ImagePart = OpenAI.ChatCompletionContentPartImage;
type AudioPart = OpenAI.ChatCompletionContentPartInputAudio;
type FilePart = OpenAI.ChatCompletionContentPart.File;
type UserPart = OpenAI.ChatCompletionContentPart;
type AssistantPart = OpenAI.ChatCompletionContentPartText | OpenAI.ChatCompletionContentPartRefusal;
type Block = Record<string, unknown>;

/** The message roles whose content may only be text. */
export type TextOnlyRole = "system" | "developer" | "tool" | "function";

interface BlockLocation {
  messageIndex: number;
  blockIndex: number;
}

/** The fix for a block OpenAI chat models do not take at all. */
const UNKNOWN_BLOCK_FIX = "Send images as image_url, files as file, audio as input_audio.";

const TEXT_ONLY_FIX: Record<TextOnlyRole, string> = {
  system: "Keep system messages to text, and send images, files and audio in a HumanMessage.",
  developer: "Keep developer messages to text, and send images, files and audio in a HumanMessage.",
  tool:
    "Return the tool result as text (e.g. JSON), and send images, files and audio in a HumanMessage after the tool " +
    "messages; or use the Responses API (useResponsesApi: true), whose tool results take images and files.",
  function: "Return the function result as text (e.g. JSON), and send images, files and audio in a HumanMessage.",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first argument that is a non-empty string. */
function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === "string" && value !== "");
}

function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}

function blockError(location: BlockLocation, problem: string, fix: string): InvalidMessageError {
  const message = `Message ${location.messageIndex} has content block ${location.blockIndex} ${problem}. ${fix}`;
  return new InvalidMessageError(message, { messageIndex: location.messageIndex });
}

function describeType(block: Block): string {
  return typeof block.type === "string" ? `of type "${block.type}"` : "without a type";
}

function contentError(messageIndex: number): InvalidMessageError {
  const message =
    `Message ${messageIndex} has content that is neither a string nor an array of content blocks. ` +
    "Give it a string or an array of blocks such as { type: \"text\", text }.";
  return new InvalidMessageError(message, { messageIndex });
}

/** Each block of `content` with its location; a bare string in the array counts as a text block. */
function blocksOf(content: unknown, messageIndex: number): Array<[Block, BlockLocation]> {
  if (!Array.isArray(content)) throw contentError(messageIndex);
  return content.map((raw: unknown, blockIndex) => {
    const location = { messageIndex, blockIndex };
    if (typeof raw === "string") return [{ type: "text", text: raw }, location];
    if (!isRecord(raw)) {
      const fix = 'Give every content block a type, e.g. { type: "text", text }.';
      throw blockError(location, "that is not an object", fix);
    }
    return [raw, location];
  });
}

/** A text part with the wire fields only: LangChain's own keys (`id`, `index`, `annotations`) are not accepted. */
function convertTextBlock(block: Block, location: BlockLocation): TextPart {
  if (typeof block.text !== "string") {
    throw blockError(location, 'of type "text" without a string `text`', "Give every text block its text as a string.");
  }
  const part: TextPart = { type: "text", text: block.text };
  if (block.prompt_cache_breakpoint !== undefined) {
    Object.assign(part, { prompt_cache_breakpoint: block.prompt_cache_breakpoint });
  }
  return part;
}

/** Content for roles that take only text (system, developer, tool, function): a string, or text parts. */
export function convertTextOnlyContent(
  content: unknown,
  messageIndex: number,
  role: TextOnlyRole,
): string | TextPart[] {
  if (typeof content === "string") return content;
  return blocksOf(content, messageIndex).map(([block, location]) => {
    if (block.type === "text") return convertTextBlock(block, location);
    const problem = `${describeType(block)}, which OpenAI chat models do not accept in ${role} messages (only text)`;
    throw blockError(location, problem, TEXT_ONLY_FIX[role]);
  });
}

/**
 * Content of an assistant message: a string, or its text (and refusal) parts. Every other block is left out on
 * purpose, the one exception to "nothing is dropped": reasoning, tool-call and other output-only blocks that
 * providers put in AI messages are not accepted as input by Chat Completions, and tool calls travel in `tool_calls`.
 */
export function convertAssistantContent(content: unknown, messageIndex: number): string | AssistantPart[] {
  if (typeof content === "string") return content;
  const parts: AssistantPart[] = [];
  for (const [block, location] of blocksOf(content, messageIndex)) {
    if (block.type === "text") {
      parts.push(convertTextBlock(block, location));
    } else if (block.type === "refusal" && typeof block.refusal === "string") {
      parts.push({ type: "refusal", refusal: block.refusal });
    }
  }
  return parts;
}

/** Content of a user message: a string, or text, image, audio and file parts. */
export function convertUserContent(content: unknown, messageIndex: number): string | UserPart[] {
  if (typeof content === "string") return content;
  return blocksOf(content, messageIndex).map(([block, location]) => convertUserBlock(block, location));
}

function convertUserBlock(block: Block, location: BlockLocation): UserPart {
  switch (block.type) {
    case "text":
      return convertTextBlock(block, location);
    case "image_url":
      return convertImageUrlBlock(block, location);
    case "input_audio":
      if (isRecord(block.input_audio)) {
        return { ...block, input_audio: { ...block.input_audio } } as unknown as AudioPart;
      }
      throw blockError(
        location,
        'of type "input_audio" without an `input_audio` object',
        "Give it input_audio: { data, format }.",
      );
    case "file":
      // OpenAI's own file part carries a `file` object; LangChain's file blocks carry their data at the top level.
      if (isRecord(block.file)) return { ...block, file: { ...block.file } } as unknown as FilePart;
      return convertDataBlock(readDataBlock(block, "file", location), location);
    case "image":
    case "audio":
      return convertDataBlock(readDataBlock(block, block.type, location), location);
    default:
      throw blockError(location, `${describeType(block)}, which OpenAI chat models do not accept`, UNKNOWN_BLOCK_FIX);
  }
}

function convertImageUrlBlock(block: Block, location: BlockLocation): ImagePart {
  const imageUrl = block.image_url;
  // The legacy LangChain form `image_url: "https://..."` has no detail to keep.
  if (typeof imageUrl === "string") return { type: "image_url", image_url: { url: imageUrl } };
  if (isRecord(imageUrl) && typeof imageUrl.url === "string") {
    return { ...block, image_url: { ...imageUrl } } as unknown as ImagePart;
  }
  const fix = "Give it image_url: { url } (an https: or data: URL).";
  throw blockError(location, 'of type "image_url" without a url', fix);
}

type DataKind = "image" | "audio" | "file";

type DataSource =
  | { kind: "url"; url: string }
  | { kind: "base64"; data: string }
  | { kind: "id"; id: string }
  | { kind: "text" };

/** A LangChain data block, v0 or v1, read into one shape. */
interface DataBlock {
  type: DataKind;
  source: DataSource;
  mimeType: string | undefined;
  metadata: Record<string, unknown>;
}

function readDataBlock(block: Block, type: DataKind, location: BlockLocation): DataBlock {
  const mimeType = firstString(block.mime_type, block.mimeType);
  const source = block.source_type === undefined ? readV1Source(block, location) : readV0Source(block, location);
  return { type, source, mimeType, metadata: isRecord(block.metadata) ? block.metadata : {} };
}

/** The field that holds the data for each v0 `source_type`. */
const V0_SOURCE_FIELDS: Partial<Record<string, string>> = { url: "url", base64: "data", id: "id" };

function readV0Source(block: Block, location: BlockLocation): DataSource {
  const sourceType = block.source_type;
  if (sourceType === "url" && typeof block.url === "string") return { kind: "url", url: block.url };
  if (sourceType === "base64" && typeof block.data === "string") return { kind: "base64", data: block.data };
  if (sourceType === "id" && typeof block.id === "string") return { kind: "id", id: block.id };
  if (sourceType === "text") return { kind: "text" };
  const field = typeof sourceType === "string" ? V0_SOURCE_FIELDS[sourceType] : undefined;
  const problem =
    field === undefined
      ? `${describeType(block)} with source_type ${JSON.stringify(sourceType)}`
      : `${describeType(block)} with source_type "${String(sourceType)}" but no string \`${field}\``;
  const fix = 'Use source_type "url" with url, "base64" with data and mime_type, or "id" with id.';
  throw blockError(location, problem, fix);
}

function readV1Source(block: Block, location: BlockLocation): DataSource {
  if (typeof block.url === "string") return { kind: "url", url: block.url };
  if (typeof block.data === "string") return { kind: "base64", data: block.data };
  if (block.data instanceof Uint8Array) return { kind: "base64", data: encodeBase64(block.data) };
  if (typeof block.fileId === "string") return { kind: "id", id: block.fileId };
  const problem = `${describeType(block)} with no url, data or fileId`;
  throw blockError(location, problem, "Give it a url, base64 data with a mimeType, or a fileId.");
}

function encodeBase64(bytes: Uint8Array): string {
  // Chunked so that String.fromCharCode never gets more arguments than the engine allows.
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

function convertDataBlock(block: DataBlock, location: BlockLocation): UserPart {
  switch (block.type) {
    case "image":
      return convertImageData(block, location);
    case "audio":
      return convertAudioData(block, location);
    case "file":
      return convertFileData(block, location);
    default:
      return assertNever(block.type);
  }
}

const SOURCE_NAMES: Record<DataSource["kind"], string> = {
  url: "given by URL",
  base64: "given as base64 data",
  id: "given by file id",
  text: "given as plain text",
};

function sourceError(block: DataBlock, location: BlockLocation, fix: string): InvalidMessageError {
  const problem = `of type "${block.type}" ${SOURCE_NAMES[block.source.kind]}, which OpenAI chat models do not accept`;
  return blockError(location, problem, fix);
}

function mimeTypeError(block: DataBlock, location: BlockLocation): InvalidMessageError {
  const fix = "Give it a MIME type: mime_type in a v0 block (with source_type), mimeType in a v1 block.";
  return blockError(location, `of type "${block.type}" with base64 data but no MIME type`, fix);
}

function convertImageData(block: DataBlock, location: BlockLocation): ImagePart {
  const detail = block.metadata.detail;
  const withDetail = (url: string): ImagePart => ({
    type: "image_url",
    image_url: typeof detail === "string" ? { url, detail: detail as ImagePart["image_url"]["detail"] } : { url },
  });
  const source = block.source;
  switch (source.kind) {
    case "url":
      return withDetail(source.url);
    case "base64":
      if (block.mimeType === undefined) throw mimeTypeError(block, location);
      return withDetail(`data:${block.mimeType};base64,${source.data}`);
    case "id":
    case "text":
      throw sourceError(block, location, "Send the image as a URL or as base64 data instead.");
    default:
      return assertNever(source);
  }
}

/** OpenAI's input_audio formats by MIME subtype (audio/mpeg is the registered type for mp3). */
const AUDIO_FORMATS: Record<string, AudioPart["input_audio"]["format"]> = {
  wav: "wav",
  wave: "wav",
  "x-wav": "wav",
  "vnd.wave": "wav",
  mp3: "mp3",
  mpeg: "mp3",
  mpeg3: "mp3",
  "x-mp3": "mp3",
};

function convertAudioData(block: DataBlock, location: BlockLocation): AudioPart {
  const source = block.source;
  switch (source.kind) {
    case "url": {
      const dataUrl = parseDataUrl(source.url);
      if (dataUrl === undefined) throw sourceError(block, location, "Send audio as base64 data (wav or mp3) instead.");
      return audioPart(dataUrl.data, dataUrl.mimeType || block.mimeType, block, location);
    }
    case "base64":
      return audioPart(source.data, block.mimeType, block, location);
    case "id":
    case "text":
      throw sourceError(block, location, "Send audio as base64 data (wav or mp3) instead.");
    default:
      return assertNever(source);
  }
}

function audioPart(data: string, mimeType: string | undefined, block: DataBlock, location: BlockLocation): AudioPart {
  if (mimeType === undefined) throw mimeTypeError(block, location);
  const [type, subtype = ""] = mimeType.split(";")[0]!.trim().toLowerCase().split("/");
  const format = type === "audio" ? AUDIO_FORMATS[subtype] : undefined;
  if (format === undefined) {
    const problem = `of type "audio" with MIME type "${mimeType}", which OpenAI chat models do not accept`;
    throw blockError(location, problem, "Send wav (audio/wav) or mp3 (audio/mpeg) audio.");
  }
  return { type: "input_audio", input_audio: { data, format } };
}

function convertFileData(block: DataBlock, location: BlockLocation): FilePart {
  const source = block.source;
  switch (source.kind) {
    case "url": {
      const dataUrl = parseDataUrl(source.url);
      const fix = "Send the file as base64 data, or upload it with the Files API and send its file id.";
      if (dataUrl === undefined) throw sourceError(block, location, fix);
      const filename = filenameOf(block, dataUrl.mimeType || block.mimeType);
      return { type: "file", file: { file_data: source.url, filename } };
    }
    case "base64": {
      if (block.mimeType === undefined) throw mimeTypeError(block, location);
      const filename = filenameOf(block, block.mimeType);
      return { type: "file", file: { file_data: `data:${block.mimeType};base64,${source.data}`, filename } };
    }
    case "id":
      return { type: "file", file: { file_id: source.id } };
    case "text":
      throw sourceError(block, location, "Send the text in a text block instead.");
    default:
      return assertNever(source);
  }
}

/** Extensions for the default filename; the API reads the file type from the name. */
const FILE_EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "text/plain": "txt",
  "text/markdown": "md",
  "text/csv": "csv",
  "text/html": "html",
  "application/json": "json",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
};

/**
 * The filename OpenAI requires with `file_data`: the block's metadata `filename`, `name` or `title` (where
 * @langchain/openai looks), else "file.<extension>" from the MIME type.
 */
function filenameOf(block: DataBlock, mimeType: string | undefined): string {
  const given = firstString(block.metadata.filename, block.metadata.name, block.metadata.title);
  if (given !== undefined) return given;
  const essence = (mimeType ?? "").split(";")[0]!.trim().toLowerCase();
  const subtype = essence.split("/")[1] ?? "";
  const extension = FILE_EXTENSIONS[essence] ?? (/^[a-z0-9]+$/.test(subtype) ? subtype : undefined);
  return extension === undefined ? "file" : `file.${extension}`;
}

/** `data:<mime>[;params];base64,<data>`, or undefined for any other URL. */
function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:") || comma < 0) return undefined;
  const header = url.slice("data:".length, comma);
  if (!header.toLowerCase().endsWith(";base64")) return undefined;
  return { mimeType: header.split(";")[0]!.trim(), data: url.slice(comma + 1) };
}
