import type { EmulatorContext } from "../context.js";
import type { IdSource } from "../ids.js";
import { readScope } from "../request-notes.js";
import type { ResponsesInputItem } from "../responses-wire.js";
import { invalidRequest } from "../errors.js";
import { jsonResponse } from "./respond.js";
import { responseNotFound } from "./responses-store.js";

/**
 * The input items of a request as the API lists them: every item gets an id (`msg_…`, `fc_…`, `fco_…`) and a status,
 * messages a `type`, and string content becomes one `input_text` (or, from the assistant, `output_text`) part.
 *
 * @example
 * listInputItems([{ role: "user", content: "Hi" }], ids)[0]; // { id: "msg_…", type: "message", role: "user", content: [{ type: "input_text", text: "Hi" }], status: "completed" }
 */
export function listInputItems(items: ReadonlyArray<ResponsesInputItem>, ids: IdSource): Array<Record<string, unknown>> {
  return items.map((item) => {
    // Listed items carry an id and a status, as the spec's item resources require.
    if (item.type === "function_call") return { ...item, id: item.id ?? ids.responses("fc"), status: item.status ?? "completed" };
    if (item.type === "function_call_output") return { ...item, id: item.id ?? ids.responses("fco"), status: item.status ?? "completed" };
    if (item.type === "custom_tool_call") return { ...item, id: item.id ?? ids.responses("ctc"), status: item.status ?? "completed" };
    if (item.type === "custom_tool_call_output") return { ...item, id: item.id ?? ids.responses("ctc") };
    // Reasoning, built-in calls and MCP approvals are listed as sent.
    if (item.type !== undefined && item.type !== "message") return { ...item };
    const partType = item.role === "assistant" ? "output_text" : "input_text";
    const content = typeof item.content === "string" ? [{ type: partType, text: item.content, ...(partType === "output_text" && { annotations: [] }) }] : item.content;
    return { id: item.id ?? ids.responses("msg"), type: "message", role: item.role, content, status: item.status ?? "completed" };
  });
}

/**
 * `GET /v1/responses/{id}`: a stored response of the caller's scope, or 404.
 *
 * @example
 * await handleRetrieveResponse(request, context, "resp_123", requestId); // 200 with the `response` object
 */
export function handleRetrieveResponse(request: Request, context: EmulatorContext, id: string, requestId: string): Response {
  const stored = context.responses.get(readScope(request.headers), id);
  if (!stored) throw responseNotFound(id);
  return jsonResponse(200, stored.response, { "x-request-id": requestId, "openai-version": "2020-10-01" });
}

/**
 * `DELETE /v1/responses/{id}`: forgets a stored response; `previous_response_id` can no longer name it.
 *
 * @example
 * await handleDeleteResponse(request, context, "resp_123", requestId); // 200 { id, object: "response", deleted: true }
 */
export function handleDeleteResponse(request: Request, context: EmulatorContext, id: string, requestId: string): Response {
  if (!context.responses.delete(readScope(request.headers), id)) throw responseNotFound(id);
  return jsonResponse(200, { id, object: "response", deleted: true }, { "x-request-id": requestId, "openai-version": "2020-10-01" });
}

/**
 * `GET /v1/responses/{id}/input_items`: the request's input items as a list page, newest first unless `order=asc`,
 * `limit` (1 to 100, default 20) at a time, after the item `after` names.
 *
 * @example
 * await handleListInputItems(request, context, "resp_123", requestId); // { object: "list", data, first_id, last_id, has_more }
 */
export function handleListInputItems(request: Request, context: EmulatorContext, id: string, requestId: string): Response {
  const stored = context.responses.get(readScope(request.headers), id);
  if (!stored) throw responseNotFound(id);
  const query = new URL(request.url).searchParams;
  const order = query.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc") {
    throw invalidRequest(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, "order", "invalid_value");
  }
  const limit = Number(query.get("limit") ?? "20");
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidRequest(`Invalid 'limit': integer must be between 1 and 100, got ${query.get("limit")}.`, "limit", "invalid_value");
  }
  const ordered = order === "asc" ? stored.inputItems : [...stored.inputItems].reverse();
  const after = query.get("after");
  const start = after === null ? 0 : ordered.findIndex((item) => item.id === after) + 1;
  const data = ordered.slice(start, start + limit);
  const body = {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < ordered.length,
  };
  return jsonResponse(200, body, { "x-request-id": requestId, "openai-version": "2020-10-01" });
}
