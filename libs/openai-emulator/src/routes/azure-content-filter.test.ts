import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEmulator, type Emulator, type EmulatorOptions } from "../index.js";
import { user } from "../__tests__/helpers.js";

// Recorded Azure answers (each file names its source): the emulator's Azure route must give the same shapes.
const fixtures = join(__dirname, "..", "__fixtures__", "azure");
const recordedStream = JSON.parse(readFileSync(join(fixtures, "azure-stream-gpt-4o.json"), "utf8")) as { events: Array<Record<string, unknown>> };
const recordedBlock = JSON.parse(readFileSync(join(fixtures, "azure-content-filter-400.json"), "utf8")) as { status: number; body: { error: Record<string, unknown> } };

const VERSION = "2024-10-21";

function azurePost(emulator: Emulator, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return emulator.fetch(
    new Request(`http://emulator.test/openai/deployments/gpt-4o-mini/chat/completions?api-version=${VERSION}`, {
      method: "POST",
      headers: { "content-type": "application/json", "api-key": "azure-key", ...headers },
      body: JSON.stringify({ messages: [user("Translate to German: Hello world!")], ...body }),
    }),
  );
}

async function streamedChunks(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((event) => event.startsWith("data: {"))
    .map((event) => JSON.parse(event.slice("data: ".length)) as Record<string, unknown>);
}

const keys = (value: unknown): string[] => Object.keys(value as object).sort();
const choiceOf = (chunk: Record<string, unknown>) => (chunk.choices as Array<Record<string, unknown>>)[0]!;
const filtered = { rules: [{ respond: { text: "Some words the filter stopped", finishReason: "content_filter" as const } }] };

function emulatorWith(options: EmulatorOptions = {}): Emulator {
  return createEmulator(options);
}

describe("Azure content-filter annotations, shaped as recorded Azure streams and completions", () => {
  it("opens a stream with the prompt_filter_results chunk, then annotates every choice chunk as the recording does", async () => {
    const chunks = await streamedChunks(await azurePost(emulatorWith(), { stream: true }));
    const [recordedOpening, recordedRole, recordedText] = recordedStream.events;
    expect(keys(chunks[0])).toEqual(keys(recordedOpening));
    expect(chunks[0]).toMatchObject({ choices: [], created: 0, id: "", model: "", object: "" });
    const prompt = (chunks[0]!.prompt_filter_results as Array<Record<string, unknown>>)[0]!;
    const recordedPrompt = (recordedOpening!.prompt_filter_results as Array<Record<string, unknown>>)[0]!;
    expect(keys(prompt)).toEqual(keys(recordedPrompt));
    // Every category of the recording, with the same fields (the newer resources add jailbreak detection on prompts).
    for (const category of keys(recordedPrompt.content_filter_results)) {
      expect(keys((prompt.content_filter_results as Record<string, unknown>)[category])).toEqual(
        keys((recordedPrompt.content_filter_results as Record<string, unknown>)[category]),
      );
    }
    expect(choiceOf(chunks[1]!).content_filter_results).toEqual(choiceOf(recordedRole!).content_filter_results);
    expect(choiceOf(chunks[2]!).content_filter_results).toEqual(choiceOf(recordedText!).content_filter_results);
    const finish = chunks.find((chunk) => (chunk.choices as unknown[]).length > 0 && choiceOf(chunk).finish_reason === "stop")!;
    expect(choiceOf(finish).content_filter_results).toEqual({});
  });

  it("adds prompt_filter_results and each choice's content_filter_results to a JSON completion", async () => {
    const completion = (await (await azurePost(emulatorWith(), { n: 2 })).json()) as Record<string, unknown>;
    expect(completion.prompt_filter_results).toEqual([{ prompt_index: 0, content_filter_results: expect.objectContaining({ violence: { filtered: false, severity: "safe" } }) }]);
    for (const choice of completion.choices as Array<Record<string, unknown>>) {
      expect(choice.content_filter_results).toEqual(choiceOf(recordedStream.events[2]!).content_filter_results);
    }
  });

  it("leaves OpenAI's own route without Azure's annotations", async () => {
    const response = await emulatorWith().fetch(
      new Request("http://emulator.test/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer k" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [user("Hi")] }),
      }),
    );
    const completion = (await response.json()) as Record<string, unknown>;
    expect(completion).not.toHaveProperty("prompt_filter_results");
    expect((completion.choices as Array<Record<string, unknown>>)[0]).not.toHaveProperty("content_filter_results");
  });
});

describe("Azure's content filter, on request", () => {
  it.each([
    ["the x-emulator-fault header", {}, { "x-emulator-fault": "content-filter" }],
    ["a +fault= suffix on the model", { model: "gpt-4o-mini+fault=content-filter" }, {}],
  ])("blocks the prompt with Azure's 400 content_filter body (%s), as recorded", async (_carrier, body, headers) => {
    const response = await azurePost(emulatorWith(), body, headers);
    expect(response.status).toBe(recordedBlock.status);
    const error = ((await response.json()) as { error: Record<string, unknown> }).error;
    expect(keys(error)).toEqual(keys(recordedBlock.body.error));
    expect(error).toMatchObject({ type: null, param: "prompt", code: "content_filter", status: 400, message: recordedBlock.body.error.message });
    const inner = error.innererror as { code: string; content_filter_result: Record<string, unknown> };
    expect(inner.code).toBe("ResponsibleAIPolicyViolation");
    expect(keys(inner.content_filter_result)).toEqual(keys((recordedBlock.body.error.innererror as Record<string, unknown>).content_filter_result));
    expect(inner.content_filter_result.violence).toEqual({ filtered: true, severity: "high" });
  });

  it("blocks the prompt from a scenario rule's fault, for the requests the rule matches", async () => {
    const emulator = emulatorWith({ scenarios: { rules: [{ match: { lastUserMessage: { contains: "forbidden" } }, respond: { fault: "content-filter" } }] } });
    expect((await azurePost(emulator, {})).status).toBe(200);
    expect((await azurePost(emulator, { messages: [user("Something forbidden")] })).status).toBe(400);
  });

  it("filters per scope: rules added for one scope block its prompts and cut its answers, and no one else's", async () => {
    const emulator = emulatorWith();
    emulator.scenarios.add([{ match: { lastUserMessage: "blocked" }, respond: { fault: "content-filter" } }], { scope: "test-a" });
    emulator.scenarios.add([{ match: { lastUserMessage: "cut" }, respond: { finishReason: "content_filter" } }], { scope: "test-a" });
    const scoped = { "x-emulator-scope": "test-a" };
    expect((await azurePost(emulator, { messages: [user("blocked")] }, scoped)).status).toBe(400);
    const cut = (await (await azurePost(emulator, { messages: [user("cut")] }, scoped)).json()) as { choices: Array<{ finish_reason: string }> };
    expect(cut.choices[0]?.finish_reason).toBe("content_filter");
    expect((await azurePost(emulator, { messages: [user("blocked")] }, { "x-emulator-scope": "test-b" })).status).toBe(200);
    const unscoped = (await (await azurePost(emulator, { messages: [user("cut")] })).json()) as { choices: Array<{ finish_reason: string }> };
    expect(unscoped.choices[0]?.finish_reason).toBe("stop");
  });

  it("marks the blocked category on an answer a scenario ends with finish_reason content_filter (JSON and stream)", async () => {
    const completion = (await (await azurePost(emulatorWith({ scenarios: filtered }), {})).json()) as Record<string, unknown>;
    const choice = (completion.choices as Array<Record<string, unknown>>)[0]!;
    expect(choice.finish_reason).toBe("content_filter");
    expect(choice.content_filter_results).toMatchObject({ violence: { filtered: true, severity: "high" }, hate: { filtered: false, severity: "safe" } });
    const chunks = await streamedChunks(await azurePost(emulatorWith({ scenarios: filtered }), { stream: true }));
    const finish = chunks.find((chunk) => (chunk.choices as unknown[]).length > 0 && choiceOf(chunk).finish_reason === "content_filter")!;
    expect(choiceOf(finish).content_filter_results).toMatchObject({ violence: { filtered: true, severity: "high" } });
  });
});

describe("Azure annotations leave faulted bodies as the fault made them", () => {
  it.each(["disconnect", "close", "split-utf8"])("a non-streamed answer under %s arrives as on OpenAI's path", async (fault) => {
    const azure = azurePost(emulatorWith(), {}, { "x-emulator-fault": fault });
    const openai = emulatorWith().fetch(
      new Request("http://emulator.test/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer k", "x-emulator-fault": fault },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [user("Translate to German: Hello world!")] }),
      }),
    );
    const read = async (response: Promise<Response>) => {
      const reader = (await response).body!.getReader();
      const pieces: number[] = [];
      try {
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) pieces.push(chunk.value.length);
        return { pieces, error: undefined };
      } catch (error) {
        return { pieces, error: (error as Error).message };
      }
    };
    const [fromAzure, fromOpenAI] = [await read(azure), await read(openai)];
    expect(fromAzure.error).toBe(fromOpenAI.error);
    // In process, a stream that errors right after its first piece may drop that piece before the reader sees it (the
    // OpenAI path's case); a reset is what the client must see, so only the error is compared for disconnect.
    if (fault !== "disconnect") expect(fromAzure.pieces.length).toBe(fromOpenAI.pieces.length);
    if (fault === "close") expect(fromAzure.pieces).toEqual(fromOpenAI.pieces);
  });
});
