// Stored responses (`store`, true by default on the API), per scope: what `GET /v1/responses/{id}` and
// `/input_items` return, and the context `previous_response_id` continues from.

import { EmulatorHttpError, invalidRequest } from "../errors.js";
import type { ResponsesInputItem } from "../responses-wire.js";

/** One stored response. */
export interface StoredResponse {
  /** The `response` object as last sent. */
  response: Record<string, unknown>;
  /** This request's input items, each with an id, as `/input_items` lists them (oldest first). */
  inputItems: Array<Record<string, unknown>>;
  /** The conversation a response continuing this one starts from: earlier context, this input and this output. */
  context: ResponsesInputItem[];
}

/** The stored responses of every scope (the null key holds requests without one). */
export interface ResponsesStore {
  get(scope: string | null, id: string): StoredResponse | undefined;
  put(scope: string | null, id: string, stored: StoredResponse): void;
  delete(scope: string | null, id: string): boolean;
  /** Forgets one scope's responses, or every scope's when `scope` is undefined. */
  clear(scope?: string | null): void;
}

/**
 * Creates an empty store. Responses are kept until deleted or reset, like the API keeps them for 30 days.
 *
 * @example
 * const store = createResponsesStore();
 * store.get(null, "resp_123"); // undefined
 */
export function createResponsesStore(): ResponsesStore {
  const scopes = new Map<string | null, Map<string, StoredResponse>>();
  return {
    get: (scope, id) => scopes.get(scope)?.get(id),
    put: (scope, id, stored) => {
      const responses = scopes.get(scope) ?? new Map<string, StoredResponse>();
      responses.set(id, stored);
      scopes.set(scope, responses);
    },
    delete: (scope, id) => scopes.get(scope)?.delete(id) ?? false,
    clear: (scope) => {
      if (scope === undefined) scopes.clear();
      else scopes.delete(scope);
    },
  };
}

/**
 * The API's 404 for an unknown (or deleted) response id on `GET` and `DELETE`. wording not confirmed
 *
 * @example
 * throw responseNotFound("resp_123");
 */
export function responseNotFound(id: string): EmulatorHttpError {
  return new EmulatorHttpError(404, `Response with id '${id}' not found.`, { param: null, code: null });
}

/**
 * The API's 400 for a `previous_response_id` it does not know, as quoted in public reports (maximhq/bifrost#2441,
 * 2026-03: code `previous_response_not_found`, "Previous response with id 'resp_…' not found.").
 *
 * @example
 * throw previousResponseNotFound("resp_123");
 */
export function previousResponseNotFound(id: string): EmulatorHttpError {
  return invalidRequest(`Previous response with id '${id}' not found.`, "previous_response_id", "previous_response_not_found");
}
