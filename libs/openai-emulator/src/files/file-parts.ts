// Content parts that name an uploaded file (`{ type: "file", file: { file_id } }` on Chat Completions, `input_file`
// with a `file_id` on the Responses API, converted to the former): the id must be one of the caller's scope's files,
// and a file with text is counted as that text.

import { invalidRequest } from "../errors.js";
import type { ChatCompletionRequest, WireContentPart, WireMessage } from "../wire.js";
import type { FilesScope, StoredFile } from "./file-store.js";

/** What the route accepts behind a `file_id`. */
export interface FilePartRules {
  /**
   * Chat Completions reads only PDFs from files, and refuses others with the recorded 400 (pydantic-ai
   * test_multimodal_tool_return_matrix[*-uploaded_file-image-openai_chat], 2026-03). The Responses route accepts any.
   */
  pdfOnly: boolean;
}

/** MIME types by extension, as the API names a file's type in its error (`'None'` for an extension it does not know). */
const MIME_TYPES: Readonly<Record<string, string>> = {
  pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp",
  txt: "text/plain", md: "text/markdown", csv: "text/csv", json: "application/json", html: "text/html", htm: "text/html",
};

/**
 * Checks every `file_id` of a request's content parts against the scope's files and returns the request as it is
 * counted: each file part whose file has text becomes a text part holding that text (a PDF, whose text the emulator
 * cannot read, stays a file part and is not counted, as before). Throws the 400 for an id the scope does not have, and
 * on Chat Completions for a file that is not a PDF.
 *
 * @example
 * const counted = resolveFileParts(chatRequest, context.files.scope(scope), { pdfOnly: true });
 * await countPrompt(counted, model);
 */
export function resolveFileParts(body: ChatCompletionRequest, scope: FilesScope, rules: FilePartRules): ChatCompletionRequest {
  let changed = false;
  const messages = body.messages.map((message): WireMessage => {
    if (!Array.isArray(message.content)) return message;
    const content = (message.content as WireContentPart[]).map((part): WireContentPart => {
      const fileId = part.type === "file" ? part.file.file_id : undefined;
      if (fileId === undefined || fileId === null) return part;
      const file = scope.files.get(fileId);
      // wording not confirmed: the recorded 400s for file ids start "Invalid file data: 'file_id'." (param file_id)
      if (!file) throw invalidRequest(`Invalid file data: 'file_id'. No such File object: ${fileId}.`, "file_id", "invalid_value");
      if (rules.pdfOnly && mimeTypeOf(file) !== "application/pdf") {
        const message = `Invalid file data: 'file_id'. Expected a file with an application/pdf MIME type, but got unsupported MIME type '${mimeTypeOf(file)}'.`;
        throw invalidRequest(message, "file_id", "invalid_value");
      }
      if (file.text === null) return part;
      changed = true;
      return { type: "text", text: file.text };
    });
    return { ...message, content } as WireMessage;
  });
  return changed ? { ...body, messages } : body;
}

function mimeTypeOf(file: StoredFile): string {
  const extension = /\.([A-Za-z0-9]+)$/u.exec(file.filename)?.[1]?.toLowerCase();
  return (extension !== undefined && MIME_TYPES[extension]) || "None";
}
