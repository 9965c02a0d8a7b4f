// Uploaded files and vector stores, per scope (the `x-emulator-scope` header), as routes/responses-store.ts keeps
// stored responses: what `/v1/files` and `/v1/vector_stores` serve and what `file_search` searches.

/** The `purpose` values `POST /v1/files` accepts. */
export const FILE_PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"] as const;

/** One of {@link FILE_PURPOSES}. */
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** A vector store file's attributes: up to 16 keys, each a string, number or boolean. */
export type FileAttributes = Record<string, string | number | boolean>;

/** How a file's text is cut into chunks (`auto` is stored as the static 800/400 it stands for, as the API reports it). */
export interface StaticChunking {
  max_chunk_size_tokens: number;
  chunk_overlap_tokens: number;
}

/** One uploaded file. */
export interface StoredFile {
  id: string;
  filename: string;
  purpose: FilePurpose;
  /** Size of the upload in bytes. */
  bytes: number;
  /** Seconds since the epoch. */
  created_at: number;
  /** Seconds since the epoch, when an `expires_after` was given. */
  expires_at: number | null;
  /** The bytes as uploaded, served by `GET /v1/files/{id}/content`. */
  content: Uint8Array;
  /** The part's content type as uploaded (`text/plain`, `application/pdf`, …). */
  contentType: string;
  /** The searchable text, or null when the emulator cannot read text from the file (binary formats, most PDFs). */
  text: string | null;
}

/** A file attached to a vector store: its chunks are what search scores. */
export interface VectorStoreFileEntry {
  /** The file's id (a vector store file has the id of its file). */
  id: string;
  vector_store_id: string;
  /** The file's name when it was attached (search results name it even after the file is deleted). */
  filename: string;
  created_at: number;
  attributes: FileAttributes | null;
  chunking: StaticChunking;
  status: "completed" | "failed" | "cancelled" | "in_progress";
  last_error: { code: "server_error" | "unsupported_file" | "invalid_file"; message: string } | null;
  /** Bytes of the chunks' text (what `usage_bytes` reports). */
  usage_bytes: number;
  /** The file's whole text (empty when it failed), served by `/content`. */
  text: string;
  /** The file's text cut into chunks (empty when it failed). */
  chunks: string[];
  /** The batch that attached it, if any. */
  batch_id?: string;
}

/** A file batch (`/v1/vector_stores/{id}/file_batches`): the files it attached. */
export interface FileBatchEntry {
  id: string;
  vector_store_id: string;
  created_at: number;
  status: "completed" | "cancelled" | "in_progress" | "failed";
  file_ids: string[];
}

/** One vector store. */
export interface VectorStoreEntry {
  id: string;
  name: string;
  description?: string;
  created_at: number;
  last_active_at: number | null;
  metadata: Record<string, string> | null;
  expires_after: { anchor: "last_active_at"; days: number } | null;
  /** Its files, in the order they were attached. */
  files: Map<string, VectorStoreFileEntry>;
  batches: Map<string, FileBatchEntry>;
}

/** One scope's files and vector stores (a scope's maps are created on first use). */
export interface FilesScope {
  files: Map<string, StoredFile>;
  vectorStores: Map<string, VectorStoreEntry>;
}

/** Files and vector stores of every scope (the null key holds requests without one). */
export interface FilesStore {
  /** The scope's files and vector stores, created empty on first use. */
  scope(scope: string | null): FilesScope;
  /** Forgets one scope's files and vector stores, or every scope's when `scope` is undefined. */
  clear(scope?: string | null): void;
}

/**
 * Creates an empty store. Files and vector stores are kept until deleted or reset (`expires_after` is reported, not
 * enforced: a test's clock does not run for days).
 *
 * @example
 * const store = createFilesStore();
 * store.scope(null).files.size; // 0
 */
export function createFilesStore(): FilesStore {
  const scopes = new Map<string | null, FilesScope>();
  return {
    scope: (scope) => {
      let entry = scopes.get(scope);
      if (!entry) {
        entry = { files: new Map(), vectorStores: new Map() };
        scopes.set(scope, entry);
      }
      return entry;
    },
    clear: (scope) => {
      if (scope === undefined) scopes.clear();
      else scopes.delete(scope);
    },
  };
}

/**
 * The `file_counts` of a vector store (or of a batch's files), counted from its files' statuses.
 *
 * @example
 * countFiles([...store.files.values()]); // { in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 }
 */
export function countFiles(files: Iterable<VectorStoreFileEntry>): Record<"in_progress" | "completed" | "failed" | "cancelled" | "total", number> {
  const counts = { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 };
  for (const file of files) {
    counts[file.status] += 1;
    counts.total += 1;
  }
  return counts;
}
