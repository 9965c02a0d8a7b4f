// The cursor-paginated list envelope of the Files and Vector Stores APIs: `{ object: "list", data, first_id, last_id,
// has_more }`, newest first unless `order=asc`, `limit` at a time, after (or before) the object `after` (`before`) names.

import { invalidRequest } from "../errors.js";

/** What a list endpoint accepts. */
export interface ListPageOptions {
  /** Default page size (files: 10000; vector stores and their files: 20). */
  defaultLimit: number;
  /** Largest page size accepted (files: 10000; vector stores: 100). */
  maxLimit: number;
}

/** The list envelope. */
export interface ListPage<T> {
  object: "list";
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/**
 * One page of `items` (given oldest first) as the query string asks. An `after` or `before` id that is not in the list
 * starts from the beginning. Empty pages have null `first_id` and `last_id`.
 *
 * @example
 * listPage([{ id: "a" }, { id: "b" }], new URLSearchParams("limit=1"), { defaultLimit: 20, maxLimit: 100 }); // { data: [{ id: "b" }], has_more: true, … }
 */
export function listPage<T extends { id: string }>(items: ReadonlyArray<T>, query: URLSearchParams, options: ListPageOptions): ListPage<T> {
  const order = query.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc") {
    throw invalidRequest(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, "order", "invalid_value");
  }
  const limitText = query.get("limit");
  const limit = limitText === null ? options.defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > options.maxLimit) {
    throw invalidRequest(`Invalid 'limit': integer must be between 1 and ${options.maxLimit}, got ${limitText}.`, "limit", "invalid_value");
  }
  let ordered = order === "asc" ? [...items] : [...items].reverse();
  const after = query.get("after");
  const before = query.get("before");
  if (after !== null) ordered = ordered.slice(ordered.findIndex((item) => item.id === after) + 1);
  let start = 0;
  if (before !== null) {
    const index = ordered.findIndex((item) => item.id === before);
    if (index >= 0) {
      start = Math.max(0, index - limit);
      ordered = ordered.slice(0, index);
    }
  }
  const data = ordered.slice(start, start + limit);
  return { object: "list", data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < ordered.length };
}
