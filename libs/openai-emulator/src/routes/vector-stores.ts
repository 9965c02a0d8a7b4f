// The Vector Stores API: create, list, retrieve, modify and delete stores, and search them; their files and file
// batches are in vector-store-files.ts. Files are chunked while the request that attaches them is answered, so a
// store is always `completed` and its files `completed` (or `failed`), never `in_progress`.

import type { EmulatorContext } from "../context.js";
import { attachFile, fileNotFound } from "../files/attach-file.js";
import { parseAttributeFilter } from "../files/attribute-filter.js";
import { countFiles, type FilesScope, type VectorStoreEntry } from "../files/file-store.js";
import { listPage } from "../files/list-page.js";
import { checkJsonBody, chunkingOf, CREATE_VECTOR_STORE, MODIFY_VECTOR_STORE, SEARCH_VECTOR_STORE } from "../files/vector-store-schemas.js";
import { searchVectorStores, vectorStoreNotFound } from "../files/vector-store-search.js";
import { readScope } from "../request-notes.js";
import { headers } from "./files.js";
import { jsonResponse } from "./respond.js";
import { routeVectorStoreFiles } from "./vector-store-files.js";

/**
 * Answers the Vector Stores API paths (`/v1/vector_stores…`), or returns undefined for a path or method it does not have.
 *
 * @example
 * await routeVectorStores(request, "/v1/vector_stores", context, requestId); // the new vector store
 */
export function routeVectorStores(request: Request, path: string, context: EmulatorContext, requestId: string): Promise<Response> | Response | undefined {
  const scope = context.files.scope(readScope(request.headers));
  if (path === "/v1/vector_stores") {
    if (request.method === "POST") return createVectorStore(request, context, scope, requestId);
    if (request.method !== "GET") return undefined;
    const page = listPage([...scope.vectorStores.values()], new URL(request.url).searchParams, { defaultLimit: 20, maxLimit: 100 });
    return jsonResponse(200, { ...page, data: page.data.map((store) => vectorStoreObject(store, context)) }, headers(requestId));
  }
  const match = /^\/v1\/vector_stores\/([^/]+)(\/.*)?$/u.exec(path);
  if (!match?.[1]) return undefined;
  const id = decodeURIComponent(match[1]);
  const rest = match[2];
  const store = scope.vectorStores.get(id);
  if (rest !== undefined) {
    if (rest === "/search") return request.method === "POST" ? searchVectorStore(request, context, scope, id, requestId) : undefined;
    if (!store) throw vectorStoreNotFound(id);
    return routeVectorStoreFiles(request, rest, context, scope, store, requestId);
  }
  if (request.method === "GET") {
    if (!store) throw vectorStoreNotFound(id);
    return jsonResponse(200, vectorStoreObject(store, context), headers(requestId));
  }
  if (request.method === "POST") return modifyVectorStore(request, context, store ?? id, requestId);
  if (request.method !== "DELETE") return undefined;
  if (!store) throw vectorStoreNotFound(id);
  scope.vectorStores.delete(id);
  return jsonResponse(200, { id, object: "vector_store.deleted", deleted: true }, headers(requestId));
}

/**
 * The `vector_store` object: `file_counts` and `usage_bytes` counted from its files, `status` `completed` (or `expired`
 * once `expires_at` has passed by the emulator's clock).
 *
 * @example
 * vectorStoreObject(store, context); // { id: "vs_…", object: "vector_store", status: "completed", file_counts: { … }, … }
 */
export function vectorStoreObject(store: VectorStoreEntry, context: EmulatorContext): Record<string, unknown> {
  const files = [...store.files.values()];
  const expiresAt = store.expires_after === null ? null : (store.last_active_at ?? store.created_at) + store.expires_after.days * 86_400;
  const expired = expiresAt !== null && expiresAt <= context.now() / 1000;
  return {
    id: store.id,
    object: "vector_store",
    created_at: store.created_at,
    name: store.name,
    ...(store.description !== undefined && { description: store.description }),
    usage_bytes: files.reduce((sum, file) => sum + file.usage_bytes, 0),
    file_counts: countFiles(files),
    status: expired ? "expired" : "completed",
    ...(store.expires_after !== null && { expires_after: store.expires_after }),
    expires_at: expiresAt,
    last_active_at: store.last_active_at,
    metadata: store.metadata ?? {},
  };
}

async function createVectorStore(request: Request, context: EmulatorContext, scope: FilesScope, requestId: string): Promise<Response> {
  const body = checkJsonBody(await request.text(), CREATE_VECTOR_STORE, context.unknownParameterStyle);
  const chunking = chunkingOf(body.chunking_strategy, "chunking_strategy");
  const fileIds = (body.file_ids as string[] | undefined) ?? [];
  // Every file is checked before the store exists, so a bad id leaves nothing behind.
  const missing = fileIds.find((fileId) => !scope.files.has(fileId));
  if (missing !== undefined) throw fileNotFound(missing, "file_ids");
  const now = Math.floor(context.now() / 1000);
  const store: VectorStoreEntry = {
    id: context.ids.resource("vs"),
    name: (body.name as string | undefined) ?? "",
    ...(typeof body.description === "string" && { description: body.description }),
    created_at: now,
    last_active_at: now,
    metadata: (body.metadata as Record<string, string> | null | undefined) ?? null,
    expires_after: (body.expires_after as VectorStoreEntry["expires_after"] | undefined) ?? null,
    files: new Map(),
    batches: new Map(),
  };
  for (const fileId of fileIds) await attachFile(scope, store, fileId, { createdAt: now, chunking });
  scope.vectorStores.set(store.id, store);
  return jsonResponse(200, vectorStoreObject(store, context), headers(requestId));
}

async function modifyVectorStore(request: Request, context: EmulatorContext, store: VectorStoreEntry | string, requestId: string): Promise<Response> {
  const body = checkJsonBody(await request.text(), MODIFY_VECTOR_STORE, context.unknownParameterStyle);
  if (typeof store === "string") throw vectorStoreNotFound(store);
  if (typeof body.name === "string") store.name = body.name;
  if (body.metadata !== undefined) store.metadata = body.metadata as Record<string, string> | null;
  if (body.expires_after !== undefined) store.expires_after = body.expires_after as VectorStoreEntry["expires_after"];
  return jsonResponse(200, vectorStoreObject(store, context), headers(requestId));
}

async function searchVectorStore(request: Request, context: EmulatorContext, scope: FilesScope, id: string, requestId: string): Promise<Response> {
  const body = checkJsonBody(await request.text(), SEARCH_VECTOR_STORE, context.unknownParameterStyle);
  const filters = body.filters === undefined || body.filters === null ? null : parseAttributeFilter(body.filters, "filters");
  const ranking = body.ranking_options as { score_threshold?: number } | undefined;
  const query = body.query as string | string[];
  const hits = searchVectorStores(scope, {
    vectorStoreIds: [id],
    query,
    maxNumResults: (body.max_num_results as number | undefined) ?? 10,
    ...(ranking?.score_threshold !== undefined && { scoreThreshold: ranking.score_threshold }),
    filters,
  });
  const store = scope.vectorStores.get(id);
  if (store) store.last_active_at = Math.floor(context.now() / 1000);
  // `rewrite_query` is accepted; the emulator searches the query as given, and says so in `search_query`.
  const page = {
    object: "vector_store.search_results.page",
    search_query: typeof query === "string" ? [query] : query,
    data: hits.map(({ vector_store_id: _store, ...hit }) => hit),
    has_more: false,
    next_page: null,
  };
  return jsonResponse(200, page, headers(requestId));
}
