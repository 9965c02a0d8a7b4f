import { describe, expect, it } from "@jest/globals";
import { canonicalPath, createRequestKey, parseRequestBody, VOLATILE_REQUEST_FIELDS } from "./request-key.js";

const path = "/v1/chat/completions";
const body = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }], temperature: 0.2 };
const keyOf = (requestBody: unknown, ignoreFields?: string[]) => createRequestKey({ method: "POST", path, body: requestBody }, ignoreFields);

describe("createRequestKey", () => {
  it("labels a key METHOD path#<12 hex> from the full sha256", () => {
    const key = keyOf(body);
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.label).toBe(`POST ${path}#${key.hash.slice(0, 12)}`);
  });

  it("is the same whatever the order of keys, at any depth", () => {
    const reordered = { temperature: 0.2, messages: [{ content: "Hi", role: "user" }], model: "gpt-4o-mini" };
    expect(keyOf(reordered).hash).toBe(keyOf(body).hash);
  });

  it("leaves out the volatile top-level fields, but only at the top level", () => {
    expect(VOLATILE_REQUEST_FIELDS).toEqual(["user", "safety_identifier", "prompt_cache_key", "prompt_cache_retention", "metadata", "store"]);
    const volatile = { ...body, user: "u-1", safety_identifier: "s", prompt_cache_key: "k", prompt_cache_retention: "24h", metadata: { run: "7" }, store: true };
    expect(keyOf(volatile).hash).toBe(keyOf(body).hash);
    const nested = { ...body, messages: [{ role: "user", content: "Hi", user: "u-1" }] };
    expect(keyOf(nested).hash).not.toBe(keyOf(body).hash);
  });

  it.each([
    ["the content", { ...body, messages: [{ role: "user", content: "Hello" }] }],
    ["the seed", { ...body, seed: 1 }],
    ["streaming", { ...body, stream: true }],
    ["stream options", { ...body, stream: true, stream_options: { include_usage: true } }],
    ["the service tier", { ...body, service_tier: "flex" }],
  ])("tells requests apart by %s", (_what, other) => {
    expect(keyOf(other).hash).not.toBe(keyOf(body).hash);
  });

  it("leaves out ignoreFields as well", () => {
    expect(keyOf({ ...body, temperature: 0.9 }, ["temperature"]).hash).toBe(keyOf(body, ["temperature"]).hash);
    expect(keyOf({ ...body, temperature: 0.9 }).hash).not.toBe(keyOf(body).hash);
  });

  it("tells methods, paths and query strings apart, but not the order of query parameters", () => {
    const get = (requestPath: string, method = "GET") => createRequestKey({ method, path: requestPath }).hash;
    expect(get("/v1/models?b=1&a=2")).toBe(get("/v1/models?a=2&b=1"));
    expect(get("/v1/models/")).toBe(get("/v1/models"));
    expect(get("/v1/models?a=1")).not.toBe(get("/v1/models?a=2"));
    expect(get("/v1/models", "get")).toBe(get("/v1/models"));
    expect(get("/v1/models", "POST")).not.toBe(get("/v1/models"));
  });

  it("keys a body that is not JSON by its text", () => {
    const text = (value: string) => createRequestKey({ method: "POST", path, text: value }).hash;
    expect(text("a=1")).toBe(text("a=1"));
    expect(text("a=1")).not.toBe(text("a=2"));
  });
});

describe("canonicalPath", () => {
  it("sorts query parameters and drops trailing slashes", () => {
    expect(canonicalPath("/openai/deployments/gpt/chat/completions/?b=1&api-version=2024-10-21")).toBe(
      "/openai/deployments/gpt/chat/completions?api-version=2024-10-21&b=1",
    );
    expect(canonicalPath("/")).toBe("/");
  });
});

describe("parseRequestBody", () => {
  it("keeps JSON as a value, other text as text, and nothing for an empty body", () => {
    expect(parseRequestBody('{"a":1}')).toEqual({ body: { a: 1 } });
    expect(parseRequestBody("a=1&b=2")).toEqual({ text: "a=1&b=2" });
    expect(parseRequestBody("")).toEqual({});
  });
});
