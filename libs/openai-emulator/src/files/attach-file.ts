// Attaching a file to a vector store: the file is chunked at once, so its vector store file is `completed` (or
// `failed`) in the answer to the request that attached it; nothing is ever `in_progress` in the emulator.

import { EmulatorHttpError } from "../errors.js";
import { AUTO_CHUNKING, chunkText } from "./chunk-text.js";
import type { FileAttributes, FilesScope, StaticChunking, StoredFile, VectorStoreEntry, VectorStoreFileEntry } from "./file-store.js";

/** How to attach a file. */
export interface AttachOptions {
  attributes?: FileAttributes | null;
  /** Default: the `auto` strategy, 800-token chunks with 400 of overlap. */
  chunking?: StaticChunking;
  /** Seconds since the epoch. */
  createdAt: number;
  batchId?: string;
}

/**
 * Attaches one of the scope's files to a vector store (again, if it already is: the API re-indexes it) and returns
 * the vector store file. A file without text the emulator can read is attached as `failed` with `unsupported_file`;
 * an empty text file is `completed` with no chunks. Throws the 404 for a file id the scope does not have.
 *
 * @example
 * const entry = await attachFile(context.files.scope(null), store, "file-abc", { createdAt: 1_700_000_000 });
 * entry.status; // "completed"
 */
export async function attachFile(scope: FilesScope, store: VectorStoreEntry, fileId: string, options: AttachOptions): Promise<VectorStoreFileEntry> {
  const file = scope.files.get(fileId);
  if (!file) throw fileNotFound(fileId, "file_id");
  const chunking = options.chunking ?? { ...AUTO_CHUNKING };
  const entry: VectorStoreFileEntry = {
    id: file.id,
    vector_store_id: store.id,
    filename: file.filename,
    created_at: options.createdAt,
    attributes: options.attributes ?? null,
    chunking,
    status: "completed",
    last_error: null,
    usage_bytes: 0,
    text: "",
    chunks: [],
    ...(options.batchId !== undefined && { batch_id: options.batchId }),
  };
  if (file.text === null) {
    entry.status = "failed";
    // wording not confirmed: the emulator's own, for formats it cannot read text from (the API reads PDFs and Office files).
    entry.last_error = { code: "unsupported_file", message: `The emulator cannot extract text from ${describe(file)}.` };
  } else {
    entry.text = file.text;
    entry.chunks = await chunkText(file.text, chunking);
    entry.usage_bytes = Buffer.byteLength(file.text);
  }
  store.files.delete(file.id);
  store.files.set(file.id, entry);
  store.last_active_at = options.createdAt;
  return entry;
}

/**
 * The API's 404 for a file id the caller's scope does not have (`No such File object: file-…`, as the API words it
 * for `GET /v1/files/{id}`).
 *
 * @example
 * throw fileNotFound("file-abc", "id");
 */
export function fileNotFound(id: string, param = "id"): EmulatorHttpError {
  return new EmulatorHttpError(404, `No such File object: ${id}`, { param, code: null });
}

function describe(file: StoredFile): string {
  return `'${file.filename}' (${file.contentType || "unknown type"})`;
}
