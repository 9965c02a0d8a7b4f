import { describe, expect, it } from "@jest/globals";
import { ContentFilterError, InternalServerError, TruncatedStreamError } from "../errors/errors.js";
import { wrapOpenAIError } from "../errors/wrap-openai-error.js";
import { parseResponsesStream } from "./parse-responses-stream.js";

const sse = (...events: Array<Record<string, unknown>>) =>
  new Response(events.map((data) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`).join(""), {
    status: 200,
    headers: { "content-type": "text/event-stream" },
  });

const response = (status: string, error: unknown) => ({ id: "resp_1", object: "response", status, error, output: [] });
const created = { type: "response.created", sequence_number: 0, response: response("in_progress", null) };

async function readAll(body: Response): Promise<{ types: string[]; error: unknown }> {
  const types: string[] = [];
  try {
    for await (const event of parseResponsesStream(body)) types.push(event.type);
  } catch (error) {
    return { types, error: wrapOpenAIError(error) };
  }
  return { types, error: undefined };
}

describe("parseResponsesStream: how a stream fails", () => {
  it("throws at once on response.failed that says why (OpenAI's), with its code", async () => {
    const failed = { type: "response.failed", sequence_number: 1, response: response("failed", { code: "server_error", message: "The model failed." }) };
    const { types, error } = await readAll(sse(created, failed, { type: "response.output_text.delta", sequence_number: 2, delta: "late" }));
    expect(types).toEqual(["response.created"]);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "server_error", message: "The response failed: The model failed. (server_error)." });
  });

  it("reads on past a response.failed without an error, and throws the error event that follows (Azure's content filter)", async () => {
    const failed = { type: "response.failed", sequence_number: 1, response: { ...response("failed", null), content_filters: null } };
    const reason = { type: "invalid_request_error", code: "content_policy_violation", message: "The response was filtered.", param: "prompt" };
    const { types, error } = await readAll(sse(created, failed, { type: "error", sequence_number: 2, error: reason }));
    expect(types).toEqual(["response.created"]);
    expect(ContentFilterError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "content_policy_violation", source: "prompt", retryable: false, message: "The response failed: The response was filtered. (content_policy_violation)." });
  });

  it("throws the response.failed itself when nothing follows it, not a truncated-stream error", async () => {
    const failed = { type: "response.failed", sequence_number: 1, response: response("failed", null) };
    const { error } = await readAll(sse(created, failed));
    expect(TruncatedStreamError.isInstance(error)).toBe(false);
    expect(InternalServerError.isInstance(error)).toBe(true);
  });

  it("reads OpenAI's own error event, its code and message at the top", async () => {
    const { error } = await readAll(sse(created, { type: "error", sequence_number: 1, code: "rate_limit_exceeded", message: "Slow down.", param: null }));
    expect(error).toMatchObject({ code: "rate_limit_exceeded", message: "The response failed: Slow down. (rate_limit_exceeded).", retryable: true });
  });
});
