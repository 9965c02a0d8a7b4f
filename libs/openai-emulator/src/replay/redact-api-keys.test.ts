import { describe, expect, it } from "@jest/globals";
import { redactApiKeys, REDACTED_API_KEY } from "./redact-api-keys.js";

const HINT = "You can find your API key at https://platform.openai.com/account/api-keys.";

describe("redactApiKeys", () => {
  it.each([
    ["OpenAI's wording with a project key", `Incorrect API key provided: sk-proj-${"*".repeat(156)}Ab1c. ${HINT}`],
    ["the emulator's wording", `Incorrect API key provided: sk-a***********5678. ${HINT}`],
    ["a short key without asterisks", `Incorrect API key provided: abc. ${HINT}`],
    ["a key at the end of the text", "Incorrect API key provided: te****ey"],
  ])("replaces the masked key in %s", (_name, message) => {
    const redacted = redactApiKeys(message);
    expect(redacted).toMatch(new RegExp(`^Incorrect API key provided: sk-\\*\\*\\*(\\. ${HINT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})?$`));
  });

  it("replaces a masked sk- key in any other wording, in every string of a JSON value, and is idempotent", () => {
    const body = { error: { message: "The key sk-ab****7890 was revoked.", type: "invalid_request_error", param: null, code: "invalid_api_key" }, n: [1, "sk-x**y"] };
    expect(redactApiKeys(body)).toEqual({ error: { ...body.error, message: `The key ${REDACTED_API_KEY} was revoked.` }, n: [1, REDACTED_API_KEY] });
    expect(redactApiKeys(redactApiKeys(body))).toEqual(redactApiKeys(body));
  });

  it("leaves text without a masked key alone", () => {
    const text = "Rate limit reached for gpt-4o-mini in organization org-abc on tokens per min. **Bold** sk-learn is a library.";
    expect(redactApiKeys(text)).toBe(text);
  });
});
