// The Files API: `POST /v1/files` (multipart upload), `GET /v1/files` (list), `GET /v1/files/{id}`,
// `GET /v1/files/{id}/content` and `DELETE /v1/files/{id}`, per scope. Files are processed at once (`status:
// "processed"`); text formats are kept as searchable text (files/extract-text.ts).

import type { EmulatorContext } from "../context.js";
import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { fileNotFound } from "../files/attach-file.js";
import { extractText } from "../files/extract-text.js";
import { FILE_PURPOSES, type FilePurpose, type StoredFile } from "../files/file-store.js";
import { listPage } from "../files/list-page.js";
import { isMultipart, parseMultipart } from "../files/multipart.js";
import { readScope } from "../request-notes.js";
import { missingParameter } from "../validate/validation-schema.js";
import { jsonResponse } from "./respond.js";

/** The largest upload the API accepts (512 MB). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The order the API lists purposes in its error (recorded: `'vector_store' is not one of ['fine-tune', …] - 'purpose'`). */
const PURPOSES_AS_LISTED = ["fine-tune", "assistants", "batch", "user_data", "vision", "evals"];

/** `batch` files expire after 30 days unless `expires_after` says otherwise. */
const BATCH_EXPIRY_SECONDS = 30 * 24 * 3600;

/**
 * Answers the Files API paths (`/v1/files…`), or returns undefined for a method the path does not have.
 *
 * @example
 * await routeFiles(request, "/v1/files", context, requestId); // the upload's file object
 */
export function routeFiles(request: Request, path: string, context: EmulatorContext, requestId: string): Promise<Response> | Response | undefined {
  if (path === "/v1/files") {
    if (request.method === "POST") return handleUploadFile(request, context, requestId);
    return request.method === "GET" ? handleListFiles(request, context, requestId) : undefined;
  }
  const match = /^\/v1\/files\/([^/]+)(\/content)?$/u.exec(path);
  if (!match?.[1]) return undefined;
  const id = decodeURIComponent(match[1]);
  const files = context.files.scope(readScope(request.headers)).files;
  const file = files.get(id);
  if (match[2] !== undefined) {
    if (request.method !== "GET") return undefined;
    if (!file) throw fileNotFound(id);
    return new Response(file.content, { status: 200, headers: { ...headers(requestId), "content-type": "application/octet-stream" } });
  }
  if (request.method === "GET") {
    if (!file) throw fileNotFound(id);
    return jsonResponse(200, fileObject(file), headers(requestId));
  }
  if (request.method !== "DELETE") return undefined;
  if (!file) throw fileNotFound(id);
  files.delete(id);
  // Deleting a file also removes it from every vector store of the scope, as the API documents.
  for (const store of context.files.scope(readScope(request.headers)).vectorStores.values()) store.files.delete(id);
  return jsonResponse(200, { id, object: "file", deleted: true }, headers(requestId));
}

/**
 * The `file` object of a stored file, as the API sends it (`status` is always `processed`: the emulator processes a
 * file while answering its upload).
 *
 * @example
 * fileObject(stored); // { object: "file", id: "file-…", purpose: "assistants", filename: "notes.md", bytes: 12, created_at, status: "processed" }
 */
export function fileObject(file: StoredFile): Record<string, unknown> {
  return {
    object: "file",
    id: file.id,
    purpose: file.purpose,
    filename: file.filename,
    bytes: file.bytes,
    created_at: file.created_at,
    ...(file.expires_at !== null && { expires_at: file.expires_at }),
    status: "processed",
  };
}

async function handleUploadFile(request: Request, context: EmulatorContext, requestId: string): Promise<Response> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!isMultipart(request.headers)) {
    // wording not confirmed (as public reports quote the API for other multipart routes)
    throw invalidRequest(
      `Invalid Content-Type header (${contentType || "none"}), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')`,
    );
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  const form = await parseMultipart(bytes, contentType);
  if (!form) throw invalidRequest("The multipart body of the request could not be parsed."); // wording not confirmed
  const part = form.get("file");
  if (part === null || typeof part === "string") throw missingParameter("file");
  const purpose = form.get("purpose");
  if (purpose === null || purpose === "") throw missingParameter("purpose");
  if (typeof purpose !== "string" || !isPurpose(purpose)) {
    const shown = typeof purpose === "string" ? purpose : part.name;
    throw invalidRequest(`'${shown}' is not one of [${PURPOSES_AS_LISTED.map((name) => `'${name}'`).join(", ")}] - 'purpose'`, "purpose");
  }
  if (part.size > MAX_FILE_BYTES) {
    // wording not confirmed
    throw new EmulatorHttpError(400, `File exceeds the maximum size of 512 MB (got ${part.size} bytes).`, { param: "file" });
  }
  const created = Math.floor(context.now() / 1000);
  const expiresAfter = readExpiresAfter(form);
  const expiresIn = expiresAfter ?? (purpose === "batch" ? BATCH_EXPIRY_SECONDS : null);
  const content = new Uint8Array(await part.arrayBuffer());
  const file: StoredFile = {
    id: context.ids.resource("file"),
    filename: part.name,
    purpose,
    bytes: content.length,
    created_at: created,
    expires_at: expiresIn === null ? null : created + expiresIn,
    content,
    contentType: part.type,
    text: extractText(content, part.name, part.type),
  };
  context.files.scope(readScope(request.headers)).files.set(file.id, file);
  return jsonResponse(200, fileObject(file), headers(requestId));
}

function handleListFiles(request: Request, context: EmulatorContext, requestId: string): Response {
  const query = new URL(request.url).searchParams;
  const purpose = query.get("purpose");
  const files = [...context.files.scope(readScope(request.headers)).files.values()].filter((file) => purpose === null || file.purpose === purpose);
  const page = listPage(files, query, { defaultLimit: 10_000, maxLimit: 10_000 });
  return jsonResponse(200, { ...page, data: page.data.map(fileObject) }, headers(requestId));
}

// `expires_after[anchor]` and `expires_after[seconds]`, as the SDK sends nested fields in a multipart body.
function readExpiresAfter(form: FormData): number | null {
  const anchor = form.get("expires_after[anchor]");
  const seconds = form.get("expires_after[seconds]");
  if (anchor === null && seconds === null) return null;
  if (anchor !== "created_at") {
    throw invalidRequest(`Invalid value: '${String(anchor)}'. Supported values are: 'created_at'.`, "expires_after.anchor", "invalid_value");
  }
  const value = Number(seconds);
  if (typeof seconds !== "string" || !Number.isInteger(value) || value < 3600 || value > 2_592_000) {
    // wording not confirmed
    throw invalidRequest(`Invalid 'expires_after.seconds': expected an integer between 3600 and 2592000, got ${String(seconds)}.`, "expires_after.seconds", "invalid_value");
  }
  return value;
}

function isPurpose(value: string): value is FilePurpose {
  return (FILE_PURPOSES as readonly string[]).includes(value);
}

/**
 * The headers of a successful Files or Vector Stores answer.
 *
 * @example
 * jsonResponse(200, body, headers(requestId));
 */
export function headers(requestId: string): Record<string, string> {
  return { "x-request-id": requestId, "openai-version": "2020-10-01" };
}
