import { describe, expect, it } from "@jest/globals";
import { createErrorBodyFetch } from "./client.js";

const answer = (body: string, status: number, headers: Record<string, string> = {}) => createErrorBodyFetch(async () => new Response(body, { status, headers }));

describe("createErrorBodyFetch", () => {
  it("passes successful responses through untouched", async () => {
    const original = new Response('{"detail":"x"}', { status: 200 });
    expect(await createErrorBodyFetch(async () => original)("http://x.test")).toBe(original);
  });

  it("wraps a JSON error body that has no `error` member as { error: body }, as openai 7 reads it", async () => {
    const response = await answer('{"detail":"Extra parameters [\'stream_options\'] are not allowed"}', 400, { "content-length": "62", "x-request-id": "req_1" })("http://x.test");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { detail: "Extra parameters ['stream_options'] are not allowed" } });
    expect(response.headers.get("x-request-id")).toBe("req_1");
    expect(response.headers.get("content-length")).toBeNull();
  });

  it("leaves bodies with an `error` member, arrays and text as they are", async () => {
    for (const body of ['{"error":{"message":"Bad"}}', '{"error":"Bad"}', "[1]", "Bad Gateway"]) {
      expect(await (await answer(body, 502)("http://x.test")).text()).toBe(body);
    }
  });

  it("marks a 429 insufficient_quota as not to be retried, and no other 429", async () => {
    const quota = await answer('{"error":{"code":"insufficient_quota"}}', 429)("http://x.test");
    expect(quota.headers.get("x-should-retry")).toBe("false");
    const limited = await answer('{"error":{"code":"rate_limit_exceeded"}}', 429)("http://x.test");
    expect(limited.headers.get("x-should-retry")).toBeNull();
  });
});
