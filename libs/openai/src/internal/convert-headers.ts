/**
 * A response's headers as a plain object (names lowercased, as `Headers` gives them), for
 * `response_metadata.headers`; Python's langchain-openai puts `dict(response.headers)` there.
 *
 * @example
 * convertHeaders(new Headers({ "X-Request-Id": "req_1" })); // { "x-request-id": "req_1" }
 */
export function convertHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers.entries());
}
