// Request bodies of the Vector Stores API, as the schema walker (validate/validation-schema.ts) checks them: the type
// errors, then enum errors, then bounds, in the API's usual wordings; unknown members are refused.

import { invalidRequest } from "../errors.js";
import { parseBody } from "../validate/validate-chat-request.js";
import { type JsonObject, type ObjectSchema, s, type Schema, type UnknownParameterStyle, walk } from "../validate/validation-schema.js";
import { AUTO_CHUNKING } from "./chunk-text.js";
import type { StaticChunking } from "./file-store.js";

const metadata = s.map(s.string({ maxLength: 512 }), { maxProperties: 16, maxKeyLength: 64, nullable: true });
const attributes = s.map(s.union([s.string({ maxLength: 512 }), s.decimal(), s.boolean()], "one of a string, number, or boolean"), {
  maxProperties: 16,
  maxKeyLength: 64,
  nullable: true,
});
const chunkingStrategy = s.tagged("type", {
  auto: s.object({}, [], { strict: true }),
  static: s.object(
    {
      static: s.object(
        { max_chunk_size_tokens: s.integer({ min: 100, max: 4096 }), chunk_overlap_tokens: s.integer({ min: 0 }) },
        ["max_chunk_size_tokens", "chunk_overlap_tokens"],
        { strict: true },
      ),
    },
    ["static"],
    { strict: true },
  ),
});
const expiresAfter = s.object({ anchor: s.enum(["last_active_at"]), days: s.integer({ min: 1, max: 365 }) }, ["anchor", "days"], { strict: true });
const fileIds = s.array(s.string(), "an array of strings", { maxItems: 500 });
// Filters are checked by files/attribute-filter.ts (their recursion is not expressible here); only their kind is.
const filters = s.object({}, [], { nullable: true });

/** `POST /v1/vector_stores`. */
export const CREATE_VECTOR_STORE = s.object(
  { name: s.string(), description: s.string(), file_ids: fileIds, chunking_strategy: chunkingStrategy, metadata, expires_after: expiresAfter },
  [],
  { strict: true },
);

/** `POST /v1/vector_stores/{id}` (modify). */
export const MODIFY_VECTOR_STORE = s.object(
  { name: s.string({ nullable: true }), metadata, expires_after: { ...expiresAfter, nullable: true } },
  [],
  { strict: true },
);

/** `POST /v1/vector_stores/{id}/files`. */
export const CREATE_VECTOR_STORE_FILE = s.object({ file_id: s.string(), attributes, chunking_strategy: chunkingStrategy }, ["file_id"], { strict: true });

/** `POST /v1/vector_stores/{id}/files/{file_id}` (update attributes). */
export const UPDATE_VECTOR_STORE_FILE = s.object({ attributes }, ["attributes"], { strict: true });

/** `POST /v1/vector_stores/{id}/file_batches`: `file_ids`, or `files` each with its own attributes and chunking. */
export const CREATE_FILE_BATCH = s.object(
  {
    file_ids: fileIds,
    files: s.array(s.object({ file_id: s.string(), attributes, chunking_strategy: chunkingStrategy }, ["file_id"], { strict: true }), "an array of objects", {
      maxItems: 500,
    }),
    attributes,
    chunking_strategy: chunkingStrategy,
  },
  [],
  { strict: true },
);

/** `POST /v1/vector_stores/{id}/search`. */
export const SEARCH_VECTOR_STORE = s.object(
  {
    query: s.union([s.string(), s.array(s.string(), "an array of strings", { minItems: 1 })], "one of a string or array of strings"),
    filters,
    max_num_results: s.integer({ min: 1, max: 50 }),
    ranking_options: s.object({ ranker: s.enum(["none", "auto", "default-2024-11-15"]), score_threshold: s.decimal({ min: 0, max: 1 }) }, [], {
      strict: true,
    }),
    rewrite_query: s.boolean(),
  },
  ["query"],
  { strict: true },
);

/**
 * Parses a JSON body and checks it against a schema, phase by phase (types, then enums, then bounds); throws the
 * first problem as the API's 400.
 *
 * @example
 * const body = checkJsonBody(await request.text(), CREATE_VECTOR_STORE, "2026"); // { name: "docs" }
 */
export function checkJsonBody(bodyText: string, schema: ObjectSchema, style: UnknownParameterStyle): JsonObject {
  const body = bodyText === "" ? {} : parseBody(bodyText);
  for (const phase of ["type", "enum", "bounds"] as const) {
    const issue = walk(schema as Schema, body, "", phase, { unknownParameterStyle: style });
    if (issue) throw issue;
  }
  return body;
}

/**
 * The static chunking a checked `chunking_strategy` stands for (`auto` or absent: 800 tokens, 400 of overlap), or the
 * API's 400 when the overlap is more than half the chunk size.
 *
 * @example
 * chunkingOf({ type: "static", static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } }, "chunking_strategy"); // { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 }
 */
export function chunkingOf(value: unknown, param: string): StaticChunking {
  const strategy = value as { type?: string; static?: StaticChunking } | undefined | null;
  if (!strategy || strategy.type !== "static" || !strategy.static) return { ...AUTO_CHUNKING };
  const { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap } = strategy.static;
  if (overlap > size / 2) {
    // wording not confirmed (the SDK documents the rule: "the overlap must not exceed half of max_chunk_size_tokens")
    throw invalidRequest(
      `Invalid '${param}.static.chunk_overlap_tokens': must not exceed half of max_chunk_size_tokens (${size}), got ${overlap}.`,
      `${param}.static.chunk_overlap_tokens`,
      "invalid_value",
    );
  }
  return { max_chunk_size_tokens: size, chunk_overlap_tokens: overlap };
}
