import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { maskApiKey } from "../errors.js";
import { createReplayFetch, createTempDir, UPSTREAM_BASE_URL } from "./__tests__/replay-fetch.js";
import { REDACTED_API_KEY, scrubApiKeys } from "./redact-api-keys.js";

const CLIENT_KEY = "sk-client-0123456789abcdefXYZW";
const UPSTREAM_KEY = "sk-upstream-9876543210fedcbaQRST";

describe("maskApiKey (the 401's quoting of a key, as recorded from the API)", () => {
  it.each([
    // popjane/free_chatgpt_api#3: a 51-character key as sk-PMafP + 39 asterisks + E873.
    [`sk-PMafP${"x".repeat(39)}E873`, `sk-PMafP${"*".repeat(39)}E873`],
    ["test-openai-key", "test-ope***-key"],
    ["sk-abcdefgh12345678", "sk-abcde*******5678"],
    ["test-key", "test-key"],
    ["test", "test"],
  ])("%s → %s", (key, masked) => {
    expect(maskApiKey(key)).toBe(masked);
  });
});

describe("scrubApiKeys", () => {
  it("replaces a key by value wherever it appears, whole or masked, in every string and object key", () => {
    const value = { note: `echo ${CLIENT_KEY}!`, list: [`masked ${maskApiKey(CLIENT_KEY)}`], [CLIENT_KEY]: 1, other: "sk-unrelated" };
    expect(scrubApiKeys(value, [CLIENT_KEY])).toEqual({ note: `echo ${REDACTED_API_KEY}!`, list: [`masked ${REDACTED_API_KEY}`], [REDACTED_API_KEY]: 1, other: "sk-unrelated" });
  });

  it("leaves short keys (words such as 'test') alone", () => {
    expect(scrubApiKeys({ text: "a test of test" }, ["test", undefined])).toEqual({ text: "a test of test" });
  });
});

describe("recording a cassette", () => {
  it("scrubs the request's own keys by value from the recorded response, success and error, body and headers", async () => {
    const temp = createTempDir();
    try {
      // An upstream that echoes the key it was sent in a successful answer, in an error of unusual wording, and a header.
      const upstreamFetch = async (request: Request): Promise<Response> => {
        const key = /^Bearer (\S+)$/u.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
        const body = await request.json() as { model: string };
        const headers = { "content-type": "application/json", "x-request-id": `req-${key}` };
        if (body.model === "fail") return Response.json({ error: { message: `Key ${key} was revoked (${maskApiKey(key)}).`, type: "invalid_request_error", param: null, code: "revoked" } }, { status: 403, headers });
        return Response.json({ id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: `Your key is ${key}` }, finish_reason: "stop" }] }, { headers });
      };
      const recorder = createReplayFetch({ cassette: temp.cassette(), mode: "record", upstream: { baseURL: UPSTREAM_BASE_URL, apiKey: UPSTREAM_KEY, fetch: upstreamFetch } });
      for (const model of ["gpt-4o-mini", "fail"]) {
        const response = await recorder.fetch(new Request("http://emulator.test/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${CLIENT_KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
        }));
        // The client still gets the upstream's answer as it was.
        expect(await response.text()).toContain(UPSTREAM_KEY);
      }
      await recorder.flush();
      const cassette = readFileSync(temp.cassette(), "utf8");
      expect(cassette).not.toContain(UPSTREAM_KEY);
      expect(cassette).not.toContain(maskApiKey(UPSTREAM_KEY));
      expect(cassette).not.toContain(CLIENT_KEY);
      expect(cassette).toContain(`Your key is ${REDACTED_API_KEY}`);
      expect(cassette).toContain(`req-${REDACTED_API_KEY}`);
    } finally {
      temp.remove();
    }
  });
});
