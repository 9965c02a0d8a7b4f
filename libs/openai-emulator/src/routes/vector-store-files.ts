// A vector store's files (`/v1/vector_stores/{id}/files…`) and file batches (`/file_batches…`): attach, list, retrieve,
// update attributes, detach, read the parsed content; batches attach many files at once and are `completed` at once.

import type { EmulatorContext } from "../context.js";
import { EmulatorHttpError } from "../errors.js";
import { attachFile, fileNotFound } from "../files/attach-file.js";
import { countFiles, type FileAttributes, type FileBatchEntry, type FilesScope, type VectorStoreEntry, type VectorStoreFileEntry } from "../files/file-store.js";
import { listPage } from "../files/list-page.js";
import { checkJsonBody, chunkingOf, CREATE_FILE_BATCH, CREATE_VECTOR_STORE_FILE, UPDATE_VECTOR_STORE_FILE } from "../files/vector-store-schemas.js";
import { invalidValue } from "../validate/validation-schema.js";
import { headers } from "./files.js";
import { jsonResponse } from "./respond.js";

const STATUSES = ["in_progress", "completed", "failed", "cancelled"];

/**
 * Answers the paths under one existing vector store (`rest` is the part after its id, e.g. `/files`), or returns
 * undefined for a path or method it does not have.
 *
 * @example
 * await routeVectorStoreFiles(request, "/files", context, scope, store, requestId); // the attached file
 */
export function routeVectorStoreFiles(
  request: Request,
  rest: string,
  context: EmulatorContext,
  scope: FilesScope,
  store: VectorStoreEntry,
  requestId: string,
): Promise<Response> | Response | undefined {
  if (rest === "/files") {
    if (request.method === "POST") return createVectorStoreFile(request, context, scope, store, requestId);
    return request.method === "GET" ? listFiles(request, [...store.files.values()], requestId) : undefined;
  }
  if (rest === "/file_batches") return request.method === "POST" ? createFileBatch(request, context, scope, store, requestId) : undefined;
  const file = /^\/files\/([^/]+)(\/content)?$/u.exec(rest);
  if (file?.[1]) return routeOneFile(request, context, store, decodeURIComponent(file[1]), file[2] !== undefined, requestId);
  const batch = /^\/file_batches\/([^/]+)(\/cancel|\/files)?$/u.exec(rest);
  if (!batch?.[1]) return undefined;
  const entry = store.batches.get(decodeURIComponent(batch[1]));
  const action = batch[2];
  if ((action === undefined && request.method !== "GET") || (action === "/cancel" && request.method !== "POST") || (action === "/files" && request.method !== "GET")) {
    return undefined;
  }
  if (!entry) throw batchNotFound(decodeURIComponent(batch[1]));
  if (action === "/files") return listFiles(request, [...store.files.values()].filter((item) => item.batch_id === entry.id), requestId);
  // Every batch completed while it was created, so cancelling finds nothing left to cancel: the batch is answered as is.
  return jsonResponse(200, batchObject(entry, store), headers(requestId));
}

/**
 * The `vector_store.file` object of an attached file.
 *
 * @example
 * vectorStoreFileObject(entry); // { id: "file-…", object: "vector_store.file", status: "completed", last_error: null, … }
 */
export function vectorStoreFileObject(entry: VectorStoreFileEntry): Record<string, unknown> {
  return {
    id: entry.id,
    object: "vector_store.file",
    usage_bytes: entry.usage_bytes,
    created_at: entry.created_at,
    vector_store_id: entry.vector_store_id,
    status: entry.status,
    last_error: entry.last_error,
    chunking_strategy: { type: "static", static: { ...entry.chunking } },
    attributes: entry.attributes ?? {},
  };
}

function routeOneFile(request: Request, context: EmulatorContext, store: VectorStoreEntry, id: string, content: boolean, requestId: string): Promise<Response> | Response | undefined {
  const entry = store.files.get(id);
  if (content) {
    if (request.method !== "GET") return undefined;
    if (!entry) throw vectorStoreFileNotFound(id, store.id);
    // The parsed text, as one part.
    const data = entry.text === "" ? [] : [{ type: "text", text: entry.text }];
    return jsonResponse(200, { object: "vector_store.file_content.page", data, has_more: false, next_page: null }, headers(requestId));
  }
  if (request.method === "GET") {
    if (!entry) throw vectorStoreFileNotFound(id, store.id);
    return jsonResponse(200, vectorStoreFileObject(entry), headers(requestId));
  }
  if (request.method === "POST") return updateVectorStoreFile(request, context, store, id, requestId);
  if (request.method !== "DELETE") return undefined;
  if (!entry) throw vectorStoreFileNotFound(id, store.id);
  store.files.delete(id);
  return jsonResponse(200, { id, object: "vector_store.file.deleted", deleted: true }, headers(requestId));
}

async function createVectorStoreFile(request: Request, context: EmulatorContext, scope: FilesScope, store: VectorStoreEntry, requestId: string): Promise<Response> {
  const body = checkJsonBody(await request.text(), CREATE_VECTOR_STORE_FILE, context.unknownParameterStyle);
  const chunking = chunkingOf(body.chunking_strategy, "chunking_strategy");
  const entry = await attachFile(scope, store, body.file_id as string, {
    createdAt: Math.floor(context.now() / 1000),
    attributes: body.attributes as FileAttributes | null | undefined,
    chunking,
  });
  return jsonResponse(200, vectorStoreFileObject(entry), headers(requestId));
}

async function updateVectorStoreFile(request: Request, context: EmulatorContext, store: VectorStoreEntry, id: string, requestId: string): Promise<Response> {
  const body = checkJsonBody(await request.text(), UPDATE_VECTOR_STORE_FILE, context.unknownParameterStyle);
  const entry = store.files.get(id);
  if (!entry) throw vectorStoreFileNotFound(id, store.id);
  entry.attributes = body.attributes as FileAttributes | null;
  return jsonResponse(200, vectorStoreFileObject(entry), headers(requestId));
}

async function createFileBatch(request: Request, context: EmulatorContext, scope: FilesScope, store: VectorStoreEntry, requestId: string): Promise<Response> {
  const body = checkJsonBody(await request.text(), CREATE_FILE_BATCH, context.unknownParameterStyle);
  const shared = { attributes: body.attributes as FileAttributes | null | undefined, chunking: chunkingOf(body.chunking_strategy, "chunking_strategy") };
  type Item = { file_id: string; attributes?: FileAttributes | null; chunking_strategy?: unknown };
  const items: Item[] = [...((body.file_ids as string[] | undefined) ?? []).map((file_id) => ({ file_id })), ...((body.files as Item[] | undefined) ?? [])];
  if (items.length === 0) throw invalidValue("file_ids", "[]", ["a non-empty array of file ids, or files"]); // wording not confirmed
  const missing = items.find((item) => !scope.files.has(item.file_id));
  if (missing) throw fileNotFound(missing.file_id, "file_ids");
  const createdAt = Math.floor(context.now() / 1000);
  const batch: FileBatchEntry = { id: context.ids.resource("vsfb"), vector_store_id: store.id, created_at: createdAt, status: "completed", file_ids: [] };
  for (const [index, item] of items.entries()) {
    const chunking = item.chunking_strategy === undefined ? shared.chunking : chunkingOf(item.chunking_strategy, `files[${index}].chunking_strategy`);
    const attributes = item.attributes === undefined ? shared.attributes : item.attributes;
    await attachFile(scope, store, item.file_id, { createdAt, attributes, chunking, batchId: batch.id });
    batch.file_ids.push(item.file_id);
  }
  store.batches.set(batch.id, batch);
  return jsonResponse(200, batchObject(batch, store), headers(requestId));
}

function batchObject(batch: FileBatchEntry, store: VectorStoreEntry): Record<string, unknown> {
  const files = [...store.files.values()].filter((file) => file.batch_id === batch.id);
  return { id: batch.id, object: "vector_store.files_batch", created_at: batch.created_at, vector_store_id: batch.vector_store_id, status: batch.status, file_counts: countFiles(files) };
}

function listFiles(request: Request, files: VectorStoreFileEntry[], requestId: string): Response {
  const query = new URL(request.url).searchParams;
  const filter = query.get("filter");
  if (filter !== null && !STATUSES.includes(filter)) throw invalidValue("filter", filter, STATUSES);
  const page = listPage(filter === null ? files : files.filter((file) => file.status === filter), query, { defaultLimit: 20, maxLimit: 100 });
  return jsonResponse(200, { ...page, data: page.data.map(vectorStoreFileObject) }, headers(requestId));
}

function vectorStoreFileNotFound(id: string, storeId: string): EmulatorHttpError {
  // wording not confirmed
  return new EmulatorHttpError(404, `No file found with id '${id}' in vector store '${storeId}'.`, { param: null, code: null });
}

function batchNotFound(id: string): EmulatorHttpError {
  // wording not confirmed
  return new EmulatorHttpError(404, `No file batch found with id '${id}'.`, { param: null, code: null });
}
