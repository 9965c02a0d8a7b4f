import { describe, expect, it } from "@jest/globals";
import { MalformedResponseError, type TesseraError } from "../errors/errors.js";
import { excerpt, parseChatCompletion, readChatCompletion } from "./parse-chat-completion.js";

function parseError(text: string): TesseraError {
  try {
    parseChatCompletion(text, { requestId: "req_1", status: 200 });
  } catch (error) {
    expect(MalformedResponseError.isInstance(error)).toBe(true);
    return error as TesseraError;
  }
  throw new Error("parseChatCompletion accepted the body");
}

const NOT_A_COMPLETION = "Check that `baseURL` points to an OpenAI-compatible Chat Completions API; retrying will not help.";

describe("parseChatCompletion", () => {
  it("returns a completion as parsed, reading nothing beyond choices", () => {
    const completion = { id: "chatcmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "Hi" }, finish_reason: "stop" }], extra: 1 };
    expect(parseChatCompletion(JSON.stringify(completion))).toEqual(completion);
  });

  it("accepts no choices, and a choice without a message (read as an empty answer downstream)", () => {
    expect(parseChatCompletion('{"choices":[]}').choices).toEqual([]);
    expect(parseChatCompletion('{"choices":[{"index":0,"message":null,"finish_reason":"stop"}]}').choices).toHaveLength(1);
  });

  it.each([
    ["null", "it is null, not an object"],
    ["[]", "it is an array, not an object"],
    ['"ok"', "it is a string, not an object"],
    ["{}", "`choices` is missing, not an array"],
    ['{"choices":"none"}', "`choices` is a string, not an array"],
    ['{"choices":[[]]}', "`choices[0]` is an array, not an object"],
    ['{"choices":[{},3]}', "`choices[1]` is a number, not an object"],
    ['{"choices":[{"message":[]}]}', "`choices[0].message` is an array, not an object"],
    ['{"error":{"message":"Bad gateway"}}', "it carries an error instead: Bad gateway"],
  ])("%s is a MalformedResponseError: %s", (text, problem) => {
    const error = parseError(text);
    expect(error.message).toBe(`The API answered with a body that is not a chat completion: ${problem}. Body: ${JSON.stringify(text)}. ${NOT_A_COMPLETION}`);
    expect(error).toMatchObject({ requestId: "req_1", status: 200, retryable: false });
  });

  it("says a page that is not JSON will not get better by retrying", () => {
    const error = parseError("<!doctype html><title>Login</title>");
    expect(error.message).toMatch(/^The API answered with a body that is not JSON \(.+\): "<!doctype html><title>Login<\/title>"\. Check that `baseURL` points to an OpenAI-compatible API and not to a web page or a proxy; retrying will not help\.$/u);
    expect(error.retryable).toBe(false);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("says JSON cut short may come whole on a retry", () => {
    for (const text of ['{"choices":[', ' [{"a"']) {
      const error = parseError(text);
      expect(error.message.endsWith("It looks cut short; retrying may help.")).toBe(true);
      expect(error.retryable).toBe(true);
    }
    expect(parseError("").retryable).toBe(false);
  });
});

describe("readChatCompletion", () => {
  it("reads the body and the x-request-id header, and errors keep both", async () => {
    const completion = { choices: [] };
    const response = new Response(JSON.stringify(completion), { headers: { "x-request-id": "req_9" } });
    await expect(readChatCompletion(response)).resolves.toEqual({ completion, requestId: "req_9" });
    const error = await readChatCompletion(new Response("null", { status: 201, headers: { "x-request-id": "req_9" } })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ requestId: "req_9", status: 201 });
  });
});

describe("excerpt", () => {
  it("quotes text, and cuts it after 120 characters", () => {
    expect(excerpt('a"b')).toBe('"a\\"b"');
    expect(excerpt("x".repeat(120))).toBe(JSON.stringify("x".repeat(120)));
    expect(excerpt("x".repeat(121))).toBe(JSON.stringify(`${"x".repeat(120)}…`));
  });
});
