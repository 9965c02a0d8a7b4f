import { describe, expect, it } from "@jest/globals";
import OpenAI, { AzureOpenAI } from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import {
  askCompletion as ask,
  bodyPieces,
  caught,
  completionChunkText,
  completionModel as model,
  consume as consumeStream,
  countingFetch,
  endsInsideCharacter,
  expectDefault429,
  FAULT,
  faultClient,
  nameOf,
  rawEvents,
  withFault,
  withServer,
} from "../__tests__/fault-helpers.js";
import { rawRequest } from "../__tests__/helpers.js";
import { FAULT_KINDS } from "../faults.js";
import { createEmulator, type Emulator } from "../index.js";

// Fault injection on the legacy POST /v1/completions (and Azure's completions path): the same kinds and semantics as
// chat completions (faults.test.ts), on `text_completion` answers and chunks. The tests both endpoints share run for
// each of them in faults-endpoints.test.ts; this file keeps what is particular to the legacy endpoint.

const consume = (stream: AsyncIterable<OpenAI.Completion>) => consumeStream(stream, completionChunkText);

describe("legacy completions: HTTP faults (OpenAI's bodies and headers, through the official SDK)", () => {
  it("429: RateLimitError naming the model and the tokens a legacy request asks for, with retry-after headers", async () => {
    const { client } = faultClient();
    const normal = await client.completions.create(ask());
    const typed = expectDefault429(await caught(client.completions.create(ask(), withFault("429"))));
    expect(typed.message).toBe(
      `429 Rate limit reached for ${model} in organization org-emulator on tokens per min (TPM): Limit 200000, Used 200000, ` +
        `Requested ${(normal.usage?.prompt_tokens ?? 0) + 40}. Please try again in 20ms. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    );
  });

  it("429 counts every prompt plus max_tokens for each completion (prompts × best_of, or n)", async () => {
    const { client } = faultClient();
    const encoder = await loadEncoding("cl100k_base");
    const prompts = ["First prompt", "Second"];
    const promptTokens = encoder.encode(prompts[0]!).length + encoder.encode(prompts[1]!).length;
    const withN = await caught(client.completions.create({ model, prompt: prompts, max_tokens: 10, n: 2 }, withFault("429")));
    expect((withN as Error).message).toContain(`Requested ${promptTokens + 10 * 2 * 2}.`);
    const withBestOf = await caught(client.completions.create({ model, prompt: prompts, max_tokens: 10, n: 1, best_of: 3 }, withFault("429")));
    expect((withBestOf as Error).message).toContain(`Requested ${promptTokens + 10 * 2 * 3}.`);
  });

  it.each([
    ["quota", OpenAI.RateLimitError, { status: 429, type: "insufficient_quota", code: "insufficient_quota" }, /^429 You exceeded your current quota/u, 2],
    ["500", OpenAI.InternalServerError, { status: 500, type: "server_error", code: null }, /^500 The server had an error while processing your request\. Sorry about that!$/u, 2],
    ["503", OpenAI.InternalServerError, { status: 503, type: "server_error", code: null }, /^503 The engine is currently overloaded, please try again later$/u, 2],
    ["400", OpenAI.BadRequestError, { status: 400, type: "invalid_request_error", code: null, param: null }, /^400 The request was rejected as invalid/u, 1],
    ["401", OpenAI.AuthenticationError, { status: 401, code: "invalid_api_key" }, /^401 Incorrect API key provided: test-key\. /u, 1],
  ])("%s: the same error as on chat completions, retried by the SDK as the real one would be", async (kind, ErrorClass, fields, message, attempts) => {
    const { client, attempts: made } = faultClient({ maxRetries: 1 });
    const error = await caught(client.completions.create(ask(), withFault(`${kind}:retry-after-ms=1`)));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject(fields);
    expect((error as Error).message).toMatch(message);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after-ms")).toBe("1");
    expect(made()).toBe(attempts);
  });

  it("500*1: the SDK's retry succeeds, streamed or not, and the fault is spent", async () => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const completion = await client.completions.create(ask(), withFault("500*1:retry-after-ms=1"));
    expect(completion.choices[0]?.text).toContain("emulated gpt-3.5-turbo-instruct");
    expect(attempts()).toBe(2);
    await client.completions.create(ask(), withFault("500*1:retry-after-ms=1"));
    expect(attempts()).toBe(3);
    const streamed = faultClient({ maxRetries: 1 });
    const { text, error } = await consume(await streamed.client.completions.create({ ...ask(), stream: true }, withFault("500*1:retry-after-ms=1")));
    expect(error).toBeUndefined();
    expect(text).toBe(completion.choices[0]?.text);
    expect(streamed.attempts()).toBe(2);
  });

  it("takes the fault from a model suffix and answers with the real model", async () => {
    const { client, attempts } = faultClient();
    const suffixed = { ...ask(), model: `${model}+fault=429*1:retry-after-ms=1` };
    const error = await caught(client.completions.create(suffixed));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as Error).message).toContain(`Rate limit reached for ${model} in organization`);
    const completion = await client.completions.create(suffixed);
    expect(completion.model).toBe(`${model}:20230824-v2`);
    expect(completion.choices[0]?.text).toBe((await client.completions.create(ask())).choices[0]?.text);
    expect(attempts()).toBe(3);
    const unknown = await caught(client.completions.create({ ...ask(), model: `${model}+fault=nope` }));
    expect(unknown).toMatchObject({ status: 400, param: "model", code: "invalid_emulator_fault" });
  });

  it("counts per x-emulator-scope and records the faults that fired in the journal", async () => {
    const { emulator } = faultClient();
    const send = (scope: string) => rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1", "x-emulator-scope": scope } });
    const statuses = [(await send("a")).status, (await send("b")).status, (await send("a")).status];
    expect(statuses).toEqual([500, 500, 200]);
    await emulator.journal.settled();
    expect(emulator.journal.entries().map((entry) => [entry.scope, entry.response.status, entry.faults])).toEqual([
      ["a", 500, ["500*1"]],
      ["b", 500, ["500*1"]],
      ["a", 200, []],
    ]);
  });

  it("applies to requests that pass validation: a bad request keeps its real 400 and spends no count", async () => {
    const { emulator } = faultClient();
    const invalid = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), logprobs: 6 }, headers: { [FAULT]: "500*1" } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { param: "logprobs" } });
    const chatModel = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), model: "gpt-4o-mini" }, headers: { [FAULT]: "500*1" } });
    expect(chatModel.status).toBe(404);
    expect((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(500);
    expect((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(200);
  });
});

describe("legacy completions: stream faults (through the official SDK)", () => {
  it("a break after more events than the stream has fires just before [DONE], after the usage chunk", async () => {
    const { emulator } = faultClient();
    const events = await rawEvents(emulator, "/v1/completions", { ...ask(), stream_options: { include_usage: true } }, "close:after=1000");
    expect(events.length).toBeGreaterThan(10);
    expect(events).not.toContain("data: [DONE]");
    expect(JSON.parse(events.at(-1)!.slice("data: ".length))).toMatchObject({ choices: [], usage: { completion_tokens: 40 } });
  });
});

describe("legacy completions: non-streamed body faults", () => {
  it("disconnect over HTTP drops the connection in the middle of the JSON", async () => {
    await withServer(async (client) => {
      const error = await caught(client().completions.create(ask(), withFault("disconnect")));
      expect(nameOf(error)).toBe("TypeError");
      expect((error as Error).message).toBe("terminated");
    });
  });
});

describe("legacy completions: split-utf8", () => {
  it("counts the character it adds to a reply that has none in usage and logprobs", async () => {
    const { client } = faultClient();
    const plain = (await client.completions.create(ask("plain ascii"))).choices[0]?.text ?? "";
    const scored = await client.completions.create(ask("plain ascii", { logprobs: 1 }), withFault("split-utf8"));
    const encoder = await loadEncoding("cl100k_base");
    expect(scored.choices[0]?.text).toBe(`${plain} 🙂`);
    expect(scored.usage?.completion_tokens).toBe(encoder.encode(`${plain} 🙂`).length);
    expect(scored.choices[0]?.logprobs?.tokens).toHaveLength(scored.usage?.completion_tokens ?? -1);
  });

  it("counts an echoed prompt as sent text: its multi-byte character is split and nothing is added", async () => {
    const { emulator } = faultClient();
    const body = { ...ask("café", { max_tokens: 3, echo: true }), stream: true };
    const pieces = await bodyPieces(await rawRequest(emulator, "/v1/completions", { body, headers: { [FAULT]: "split-utf8" } }));
    expect(pieces.some(endsInsideCharacter)).toBe(true);
    const joined = new TextDecoder().decode(Buffer.concat(pieces));
    expect(joined).toContain('"text":"café"');
    expect(joined).not.toContain("🙂");
  });

});

describe("legacy completions: faults with nothing to act on", () => {
  const applicable = FAULT_KINDS.filter((kind) => kind !== "bad-tool-args" && kind !== "schema-mismatch").join(", ");

  it.each(["bad-tool-args", "schema-mismatch"])("%s is refused with the emulator's 400 naming the fault and the endpoint, not silently ignored", async (kind) => {
    const { client, attempts } = faultClient({ maxRetries: 2 });
    const error = await caught(client.completions.create(ask(), withFault(kind)));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", code: "invalid_emulator_fault", param: null });
    const message = (error as Error).message;
    expect(message).toContain(`400 Invalid emulator fault in the x-emulator-fault header: '${kind}' cannot apply to POST /v1/completions: `);
    expect(message).toContain("(use /v1/chat/completions)");
    expect(message).toContain(`Faults that apply there: ${applicable}.`);
    expect(message).toContain("comes from the OpenAI emulator's fault injection, not from the OpenAI API");
    expect(attempts()).toBe(1);
    const streamed = await caught(client.completions.create({ ...ask(), stream: true }, withFault(kind)));
    expect(streamed).toMatchObject({ status: 400, code: "invalid_emulator_fault" });
  });

  it("refuses them whatever the trigger, and from the model suffix with param 'model'", async () => {
    const { client } = faultClient();
    for (let request = 0; request < 2; request++) {
      expect(await caught(client.completions.create(ask(), withFault("bad-tool-args*1")))).toMatchObject({ status: 400, code: "invalid_emulator_fault" });
    }
    const random = await caught(client.completions.create(ask(), withFault("schema-mismatch@0.01;seed=3")));
    expect((random as Error).message).toContain("'schema-mismatch@0.01,seed=3' cannot apply to POST /v1/completions");
    const suffixed = await caught(client.completions.create({ ...ask(), model: `${model}+fault=slow:ttft=1;schema-mismatch` }));
    expect(suffixed).toMatchObject({ status: 400, param: "model", code: "invalid_emulator_fault" });
    expect((suffixed as Error).message).toContain("Invalid emulator fault in the model name suffix '+fault=': 'schema-mismatch' cannot apply");
  });

  it("refuses before any counter advances, so the other faults of the request are not spent", async () => {
    const { emulator } = faultClient();
    const refused = await rawRequest(emulator, "/v1/completions", { body: { ...ask(), model: `${model}+fault=bad-tool-args` }, headers: { [FAULT]: "500*1" } });
    expect(refused.status).toBe(400);
    expect((await rawRequest(emulator, "/v1/completions", { body: ask(), headers: { [FAULT]: "500*1" } })).status).toBe(500);
  });
});

describe("legacy completions on Azure's path", () => {
  function azureClient(emulator: Emulator, maxRetries = 0) {
    const { fetch, attempts } = countingFetch(emulator.fetch);
    const client = new AzureOpenAI({ endpoint: "http://emulator.test", apiKey: "azure-key", apiVersion: "2024-10-21", deployment: "gpt-35-turbo-instruct", fetch, maxRetries });
    return { client, attempts };
  }
  const azureAsk = { ...ask(), model: "gpt-35-turbo-instruct" };

  it("answers the fault header with the same errors, naming the model and quoting the api-key as the API does", async () => {
    const emulator = createEmulator();
    const { client } = azureClient(emulator);
    const limited = await caught(client.completions.create(azureAsk, withFault("429")));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as Error).message).toContain(`Rate limit reached for ${model} in organization org-emulator`);
    const unauthorized = await caught(client.completions.create(azureAsk, withFault("401")));
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    // The API quotes a key of 12 characters or fewer whole (errors.ts maskApiKey).
    expect((unauthorized as Error).message).toContain("Incorrect API key provided: azure-key.");
    const refused = await caught(client.completions.create(azureAsk, withFault("bad-tool-args")));
    expect(refused).toMatchObject({ status: 400, code: "invalid_emulator_fault" });
  });

  it("lets the SDK retry a counted fault to success, and breaks Azure streams the same way", async () => {
    const emulator = createEmulator();
    const { client, attempts } = azureClient(emulator, 1);
    const completion = await client.completions.create(azureAsk, withFault("500*1:retry-after-ms=1"));
    expect(completion).toMatchObject({ object: "text_completion", model: `${model}:20230824-v2` });
    expect(attempts()).toBe(2);
    const { chunks, error } = await consume(await client.completions.create({ ...azureAsk, stream: true }, withFault("disconnect:after=3")));
    expect(chunks).toHaveLength(3);
    expect(error).toMatchObject({ message: "terminated" });
  });
});
