import { describe, expect, it } from "@jest/globals";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import type { ChatOpenAIFields } from "./chat-openai-fields.js";
import { BadRequestError, NotFoundError } from "./errors/errors.js";
import { createTestModel, type FakeAnswer } from "./__tests__/test-model.js";

const lookup = tool(async ({ q }) => q, { name: "lookup", description: "Looks a word up.", schema: z.object({ q: z.string() }) });

function onCompatibleServer(fields: ChatOpenAIFields = {}) {
  return createTestModel({ compatibility: "compatible", useResponsesApi: true, ...fields }, { profile: "compatible" });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

// How servers without /v1/responses answer it, as recorded in public issue threads.
const NO_ROUTE: Array<[string, FakeAnswer]> = [
  // ggml-org/llama.cpp#14702 (llama-server 5902): `404 Not Found {"code":404,"message":"File Not Found","type":"not_found_error"}`.
  ["llama.cpp's server", { status: 404, body: { code: 404, message: "File Not Found", type: "not_found_error" } }],
  // FastAPI's default 404 (vllm-project/vllm#5082: `{"detail":"Not Found"}`), as older vLLM and many local servers answer.
  ["a FastAPI server", { status: 404, body: { detail: "Not Found" } }],
  // Ollama's router (ollama/ollama#3050: "404 page not found", plain text).
  ["Ollama before its Responses support", { status: 404, rawBody: "404 page not found", headers: { "content-type": "text/plain" } }],
];

describe("a compatible server without /v1/responses", () => {
  it.each(NO_ROUTE)("%s: the 404 says to use Chat Completions (useResponsesApi: false)", async (_name, answer) => {
    const { llm, answerNext, requests } = onCompatibleServer();
    answerNext(answer);
    const error = await failure(llm.invoke("Hello"));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no Responses API/u);
    expect((error as Error).message).toMatch(/useResponsesApi: false/u);
    expect(requests[0]?.url).toBe("http://emulator.test/v1/responses");
  });

  it("leaves a 404 about the model alone (vLLM: The model `x` does not exist.)", async () => {
    const { llm, answerNext } = onCompatibleServer();
    answerNext({ status: 404, body: { object: "error", message: "The model `qwen3` does not exist.", type: "NotFoundError", param: null, code: 404 } });
    const error = await failure(llm.invoke("Hello"));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toMatch(/useResponsesApi/u);
  });

  it("leaves OpenAI's own 404 alone (compatibility openai)", async () => {
    const { llm, answerNext } = createTestModel({ useResponsesApi: true });
    answerNext(NO_ROUTE[1]![1]);
    const error = await failure(llm.invoke("Hello"));
    expect((error as Error).message).not.toMatch(/useResponsesApi/u);
  });

  it("with useResponsesApi: false the same server is asked on Chat Completions", async () => {
    const { llm, requests } = onCompatibleServer({ useResponsesApi: false });
    await llm.invoke("Hello");
    expect(requests[0]?.url).toBe("http://emulator.test/v1/chat/completions");
  });
});

describe("what compatible servers refuse on the Responses API", () => {
  it("previous_response_id, which a server without stored responses cannot resolve: sent, and the refusal explained", async () => {
    const { llm, requests } = onCompatibleServer();
    const error = await failure(llm.invoke("And then?", { previous_response_id: "resp_0123" }));
    expect(requests[0]?.body.previous_response_id).toBe("resp_0123");
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Response with id 'resp_0123' not found/u);
    expect((error as Error).message).toMatch(/send the whole conversation/u);
  });

  it("store: true, which a stateless server refuses: sent as set, the refusal explained", async () => {
    const { llm, answerNext, requests } = onCompatibleServer({ store: true });
    // The 400 OpenRouter documents for store: true (openrouter.ai, Responses API, "Stateless Only"); the wording is estimated.
    answerNext({ status: 400, body: { error: { message: "store: true is not supported: this API is stateless.", code: "invalid_prompt" } } });
    const error = await failure(llm.invoke("Hello"));
    expect(requests[0]?.body.store).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/leave `store` unset/u);
  });
});

describe("the package's own defaults on a compatible server's Responses API", () => {
  it("sends nothing the user did not set: no store, no include, no previous_response_id", async () => {
    const { llm, requests } = onCompatibleServer();
    const message = await llm.invoke("Hello");
    expect(Object.keys(requests[0]!.body).sort()).toEqual(["input", "model"]);
    expect(message.response_metadata.warnings).toBeUndefined();
  });

  it("keeps `strict` on function tools unchanged (a required member of the Responses FunctionTool, unlike on Chat Completions)", async () => {
    const { llm, requests } = onCompatibleServer();
    await llm.bindTools([lookup]).invoke("Look up 'tessera'.");
    await llm.bindTools([lookup], { strict: true }).invoke("Look up 'tessera'.");
    expect(requests.map((request) => (request.body.tools as Array<{ strict: unknown }>)[0]?.strict)).toEqual([null, true]);
  });
});
