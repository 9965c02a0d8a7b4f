import { describe, expect, it } from "@jest/globals";
import { EmulatorHttpError } from "../errors.js";
import { createUpstreamHeaders, createUpstreamUrl, recordExchange, teeTimed } from "./record-exchange.js";
import { replayExchange } from "./replay-exchange.js";

describe("createUpstreamUrl", () => {
  it.each([
    ["https://api.openai.com/v1", "/v1/chat/completions", "https://api.openai.com/v1/chat/completions"],
    ["https://api.openai.com/v1/", "/v1/models?limit=2", "https://api.openai.com/v1/models?limit=2"],
    ["https://proxy.example/openai/v1", "/v1/chat/completions", "https://proxy.example/openai/v1/chat/completions"],
    [
      "https://x.openai.azure.com/openai/v1",
      "/openai/deployments/gpt/chat/completions?api-version=2024-10-21",
      "https://x.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2024-10-21",
    ],
  ])("%s + %s -> %s", (baseURL, path, expected) => {
    expect(createUpstreamUrl(baseURL, new URL(path, "http://127.0.0.1:4010"))).toBe(expected);
  });
});

describe("createUpstreamHeaders", () => {
  const client = { authorization: "Bearer client", "x-emulator-fault": "429", host: "127.0.0.1:4010", "content-length": "12", "accept-encoding": "gzip" };

  it("forwards the client's headers without hop-by-hop ones", () => {
    const headers = createUpstreamHeaders(new Headers(client), undefined);
    expect(Object.fromEntries(headers)).toEqual({ authorization: "Bearer client", "x-emulator-fault": "429" });
  });

  it("replaces the key in the header the client used", () => {
    expect(createUpstreamHeaders(new Headers(client), "sk-real").get("authorization")).toBe("Bearer sk-real");
    const azure = createUpstreamHeaders(new Headers({ "api-key": "client" }), "azure-real");
    expect(Object.fromEntries(azure)).toEqual({ "api-key": "azure-real" });
    const both = createUpstreamHeaders(new Headers({ "api-key": "client", authorization: "Bearer client" }), "sk-real");
    expect(Object.fromEntries(both)).toEqual({ authorization: "Bearer sk-real" });
  });
});

describe("recordExchange", () => {
  const upstream = (fetch: (input: Request) => Promise<Response>) => ({ baseURL: "http://upstream.test/v1", apiKey: undefined, fetch });
  const request = () => new Request("http://emulator.test/v1/audio/speech", { method: "POST", body: '{"input":"hi"}' });

  it("keeps bytes that are not UTF-8 as base64, and replays them byte for byte", async () => {
    const audio = new Uint8Array([0xff, 0xfb, 0x90, 0x00, 0x80]);
    const { response, recording } = await recordExchange(
      request(),
      upstream(async () => new Response(audio, { headers: { "content-type": "audio/mpeg", "x-request-id": "req_1", "set-cookie": "a=b" } })),
      performance.now(),
    );
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(audio);
    const recorded = await recording;
    expect(recorded).toMatchObject({ status: 200, headers: { "content-type": "audio/mpeg", "x-request-id": "req_1" }, base64: "//uQAIA=" });
    expect(recorded?.headers).not.toHaveProperty("set-cookie");
    const replayed = await replayExchange(recorded!, "instant", new AbortController().signal, performance.now());
    expect(new Uint8Array(await replayed.arrayBuffer())).toEqual(audio);
  });

  it("keeps text as text and a JSON content type over a body that is not JSON as text", async () => {
    const text = async (body: string, contentType: string) =>
      (await (await recordExchange(request(), upstream(async () => new Response(body, { headers: { "content-type": contentType } })), 0)).recording);
    expect(await text("plain words", "text/plain")).toMatchObject({ text: "plain words" });
    expect(await text('{"cut', "application/json")).toMatchObject({ text: '{"cut' });
    expect(await text(' {"a": 1} ', "application/json; charset=utf-8")).toMatchObject({ body: { a: 1 } });
  });

  it("answers 502 upstream_unreachable when the upstream cannot be reached", async () => {
    const failing = upstream(async () => {
      throw new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND upstream.test") });
    });
    const error = await recordExchange(request(), failing, 0).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmulatorHttpError);
    expect(error).toMatchObject({ status: 502, code: "upstream_unreachable", type: "server_error" });
    expect((error as Error).message).toBe(
      "The emulator could not reach the upstream API at http://upstream.test to record this request: fetch failed (getaddrinfo ENOTFOUND upstream.test)",
    );
  });

  it("rethrows the client's abort reason rather than a 502", async () => {
    const controller = new AbortController();
    const reason = new Error("gave up");
    controller.abort(reason);
    const aborted = new Request("http://emulator.test/v1/models", { signal: controller.signal });
    await expect(recordExchange(aborted, upstream(async (input) => fetch(input)), 0)).rejects.toBe(reason);
  });
});

describe("teeTimed", () => {
  it("hands the client every chunk that came before an upstream failure, then the failure", async () => {
    const failure = new TypeError("terminated");
    const pieces = [new Uint8Array([1]), new Uint8Array([2])];
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        const piece = pieces.shift();
        if (piece) controller.enqueue(piece);
        else controller.error(failure);
      },
    });
    const { toClient, read } = teeTimed(source, performance.now());
    expect(await read).toMatchObject({ reset: true, chunks: [{ bytes: new Uint8Array([1]) }, { bytes: new Uint8Array([2]) }] });
    const reader = toClient.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1]));
    expect((await reader.read()).value).toEqual(new Uint8Array([2]));
    await expect(reader.read()).rejects.toBe(failure);
  });
});
