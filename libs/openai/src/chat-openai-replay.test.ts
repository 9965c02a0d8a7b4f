import { afterEach, describe, expect, it } from "@jest/globals";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AIMessage, AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import { createEmulator, type Emulator, type ReplayMode, type ReplayTiming } from "@tessera/openai-emulator";
import { z } from "zod";
import { ChatOpenAI } from "./chat-openai.js";
import { BadRequestError, RateLimitError } from "./errors/errors.js";

// Record and replay through ChatOpenAI: a second emulator stands in for the real API upstream, and the SDK-level tests
// live beside the replayer (libs/openai-emulator/src/replay).

const weather = {
  name: "get_weather",
  description: "Current weather",
  schema: z.object({ city: z.string(), unit: z.enum(["celsius", "fahrenheit"]) }),
};

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function tempCassette(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "chat-openai-replay-"));
  dirs.push(dir);
  return path.join(dir, "cassette.jsonl");
}

function modelOn(emulator: Emulator, fields: ConstructorParameters<typeof ChatOpenAI>[0] = {}): ChatOpenAI {
  return new ChatOpenAI({
    model: "gpt-4o-mini",
    apiKey: "sk-replay-secret-0123456789",
    maxRetries: 0,
    ...fields,
    configuration: { baseURL: "http://emulator.test/v1", fetch: emulator.fetch, ...fields.configuration },
  });
}

function replaying(cassette: string, mode: ReplayMode, upstream?: Emulator, timing?: ReplayTiming): Emulator {
  return createEmulator({
    replay: {
      cassette,
      mode,
      ...(timing ? { timing } : {}),
      ...(upstream ? { upstream: { baseURL: "http://upstream.test/v1", fetch: (request: Request) => upstream.fetch(request) } } : {}),
    },
  });
}

// What a message says, without the ids and metadata that legitimately differ between runs.
function said(message: BaseMessage) {
  const ai = message as AIMessage;
  return {
    content: ai.content,
    toolCalls: ai.tool_calls?.map((call) => ({ name: call.name, args: call.args, id: call.id })),
    usage: ai.usage_metadata,
    finish: ai.response_metadata.finish_reason,
    model: ai.response_metadata.model_name,
  };
}

async function streamed(llm: { stream: ChatOpenAI["stream"] }, input: string): Promise<AIMessageChunk> {
  let total: AIMessageChunk | undefined;
  for await (const chunk of await llm.stream(input)) total = total ? total.concat(chunk) : chunk;
  if (!total) throw new Error("empty stream");
  return total;
}

describe("ChatOpenAI through record and replay", () => {
  it("records invoke, stream and tool calls from the upstream, then replays them offline with identical messages", async () => {
    const cassette = tempCassette();
    const recorder = replaying(cassette, "record", createEmulator());
    const live = modelOn(recorder);
    const liveText = await live.invoke("Tell me about replays");
    const liveStream = await streamed(live, "Stream about replays");
    const liveTools = await live.bindTools([weather], { tool_choice: "get_weather" }).invoke("Weather in Paris?");
    await recorder.flush();
    expect(recorder.journal.entries().map((entry) => entry.source)).toEqual(["recorded", "recorded", "recorded"]);
    const text = readFileSync(cassette, "utf8");
    expect(text.trim().split("\n")).toHaveLength(3);
    expect(text).not.toContain("sk-replay-secret");

    const player = replaying(cassette, "replay");
    const offline = modelOn(player);
    expect(said(await offline.invoke("Tell me about replays"))).toEqual(said(liveText));
    const offlineStream = await streamed(offline, "Stream about replays");
    expect(offlineStream.content).toBe(liveStream.content);
    expect(offlineStream.usage_metadata).toEqual(liveStream.usage_metadata);
    const offlineTools = await offline.bindTools([weather], { tool_choice: "get_weather" }).invoke("Weather in Paris?");
    expect(said(offlineTools)).toEqual(said(liveTools));
    expect(offlineTools.tool_calls?.[0]?.args).toEqual(liveTools.tool_calls?.[0]?.args);
    expect(player.journal.entries().map((entry) => entry.source)).toEqual(["replayed", "replayed", "replayed"]);
  });

  it("fails a replay miss with ChatOpenAI's BadRequestError naming the key, the nearest recording and the difference", async () => {
    const cassette = tempCassette();
    const recorder = replaying(cassette, "record", createEmulator());
    await modelOn(recorder).invoke("What is a cassette?");
    await recorder.flush();
    const error = await modelOn(replaying(cassette, "replay"))
      .invoke("What is a casette?")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: "cassette_miss" });
    const message = (error as Error).message;
    expect(message).toMatch(/POST \/v1\/chat\/completions#[0-9a-f]{12}/);
    expect(message).toContain("messages[0].content");
    expect(message).toContain('"What is a cassette?"');
    expect(message).toContain('"What is a casette?"');
  });

  it("record-missing replays what the cassette holds and records the rest; replay-or-emulate answers misses itself", async () => {
    const cassette = tempCassette();
    const upstream = createEmulator();
    const first = replaying(cassette, "record-missing", upstream);
    const original = await modelOn(first).invoke("Recorded once");
    await first.flush();

    const second = replaying(cassette, "record-missing", upstream);
    expect(said(await modelOn(second).invoke("Recorded once"))).toEqual(said(original));
    await modelOn(second).invoke("Recorded later");
    await second.flush();
    expect(second.journal.entries().map((entry) => entry.source)).toEqual(["replayed", "recorded"]);
    expect(readFileSync(cassette, "utf8").trim().split("\n")).toHaveLength(2);

    const mixed = replaying(cassette, "replay-or-emulate");
    await modelOn(mixed).invoke("Recorded later");
    const emulated = await modelOn(mixed).invoke("Never recorded");
    expect(emulated.content).toContain("Never recorded");
    expect(mixed.journal.entries().map((entry) => entry.source)).toEqual(["replayed", "emulated"]);
  });

  it("replays a recorded 429 and then the success, so ChatOpenAI's retries see what they saw live", async () => {
    const cassette = tempCassette();
    const upstream = createEmulator({ scenarios: [{ respond: { fault: "429:retry-after-ms=1" }, times: 1 }] });
    const recorder = replaying(cassette, "record", upstream);
    const live = await modelOn(recorder, { maxRetries: 1 }).invoke("Flaky");
    await recorder.flush();
    const statuses = (emulator: Emulator) => emulator.journal.entries().map((entry) => entry.response.status);
    expect(statuses(recorder)).toEqual([429, 200]);

    const player = replaying(cassette, "replay");
    await expect(modelOn(player, { maxRetries: 0 }).invoke("Flaky")).rejects.toBeInstanceOf(RateLimitError);
    expect(said(await modelOn(player, { maxRetries: 0 }).invoke("Flaky"))).toEqual(said(live));
    expect(statuses(player)).toEqual([429, 200]);
  });

  // That instant timing schedules no wait at all is checked in the emulator (replay-timing.test.ts), by the timers it
  // sets rather than a wall-clock bound.
  it("keeps the recorded rhythm with timing original and scaled, and gives the same answer with instant", async () => {
    const cassette = tempCassette();
    const upstream = createEmulator();
    const slow = modelOn(replaying(cassette, "record", upstream), {
      configuration: { defaultHeaders: { "x-emulator-fault": "slow:ttft=80,tps=1000" } },
    });
    const recorded = await slow.invoke("Pace me");
    const timed = async (timing: ReplayTiming) => {
      const started = performance.now();
      const answer = await modelOn(replaying(cassette, "replay", undefined, timing)).invoke("Pace me");
      expect(answer.content).toBe(recorded.content);
      return performance.now() - started;
    };
    expect(await timed("original")).toBeGreaterThanOrEqual(70);
    expect(await timed({ scale: 0.5 })).toBeGreaterThanOrEqual(35);
    await timed("instant");
  });
});
