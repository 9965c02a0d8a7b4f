// Usage metadata as LangChain's standard tests read it: input, output and total tokens on invoke and on stream (a
// custom base URL included, with no option set), and the detail keys (input_token_details.cache_read,
// output_token_details.reasoning), each equal to what the server reported and never more than their total.
import { describe, expect, it } from "@jest/globals";
import type { UsageMetadata } from "@langchain/core/messages";
import { collectStream, completionOf, createConformanceHarness, streamedEvents } from "./conformance-harness.js";

const harness = createConformanceHarness();

interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number };
}

/** The usage metadata the server's usage should become. */
function expectedUsage(usage: WireUsage): UsageMetadata {
  return {
    input_tokens: usage.prompt_tokens,
    output_tokens: usage.completion_tokens,
    total_tokens: usage.total_tokens,
    input_token_details: { cache_read: usage.prompt_tokens_details.cached_tokens, audio: usage.prompt_tokens_details.audio_tokens },
    output_token_details: { reasoning: usage.completion_tokens_details.reasoning_tokens, audio: usage.completion_tokens_details.audio_tokens },
  };
}

/** The usage of the current test's only exchange, streamed or not. */
async function serverUsage(): Promise<WireUsage> {
  const [exchange] = await harness.exchanges();
  if (exchange?.response.body) return completionOf(exchange).usage as unknown as WireUsage;
  const usageEvent = streamedEvents(exchange).find((event) => event.usage != null);
  if (!usageEvent) throw new Error("the server streamed no usage");
  return usageEvent.usage as WireUsage;
}

function expectDetailsWithinTotals(usage: UsageMetadata | undefined): void {
  const sum = (details: object | undefined) => Object.values(details ?? {}).reduce((total: number, value) => total + (value ?? 0), 0);
  expect(usage!.input_tokens).toBeGreaterThanOrEqual(sum(usage!.input_token_details));
  expect(usage!.output_tokens).toBeGreaterThanOrEqual(sum(usage!.output_token_details));
  expect(usage!.total_tokens).toBe(usage!.input_tokens + usage!.output_tokens);
}

describe("usage on invoke", () => {
  it("gives input, output and total tokens and their details exactly as the server counted them, and the model name", async () => {
    const answer = await harness.model().invoke("Hello");
    const usage = await serverUsage();
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(answer.usage_metadata).toEqual(expectedUsage(usage));
    expectDetailsWithinTotals(answer.usage_metadata);
    expect(typeof answer.response_metadata.model_name).toBe("string");
    expect(answer.response_metadata.model_name).not.toBe("");
  });

  it("reports a reasoning model's hidden reasoning tokens as output_token_details.reasoning, within output_tokens", async () => {
    const answer = await harness.model({ model: "gpt-5-mini" }).invoke("Hello");
    const usage = await serverUsage();
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(answer.usage_metadata).toEqual(expectedUsage(usage));
    expect(answer.usage_metadata?.output_token_details?.reasoning).toBe(usage.completion_tokens_details.reasoning_tokens);
    expectDetailsWithinTotals(answer.usage_metadata);
  });

  it("reports prompt-cache hits as input_token_details.cache_read, within input_tokens", async () => {
    harness.script([{ respond: { usage: { promptTokens: 1200, cachedTokens: 1024 } } }]);
    const answer = await harness.model().invoke("Hello");
    expect(answer.usage_metadata?.input_tokens).toBe(1200);
    expect(answer.usage_metadata?.input_token_details?.cache_read).toBe(1024);
    expect(answer.usage_metadata).toEqual(expectedUsage(await serverUsage()));
    expectDetailsWithinTotals(answer.usage_metadata);
  });
});

describe("usage on stream", () => {
  it("asks for usage when streaming to a custom base URL with no option set, and reports it once, with its details", async () => {
    const { chunks, whole } = await collectStream(await harness.model().stream("Hello"));
    const [body] = await harness.requestBodies();
    expect(body?.stream_options).toEqual({ include_usage: true });
    expect(chunks.filter((chunk) => chunk.usage_metadata !== undefined)).toHaveLength(1);
    expect(whole.usage_metadata).toEqual(expectedUsage(await serverUsage()));
    expectDetailsWithinTotals(whole.usage_metadata);
  });

  it("asks for usage on a streaming invoke (streaming: true) with no option set, and reports it", async () => {
    const answer = await harness.model({ streaming: true }).invoke("Hello");
    const [body] = await harness.requestBodies();
    expect(body?.stream_options).toEqual({ include_usage: true });
    expect(answer.usage_metadata).toEqual(expectedUsage(await serverUsage()));
  });

  it("reports usage on a streamed tool call with no option set (input and output tokens above zero)", async () => {
    const getWeather = { name: "get_weather", description: "Weather for a city", schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } };
    const { whole } = await collectStream(await harness.model().bindTools([getWeather]).stream("Use get_weather for Paris."));
    expect(whole.tool_calls?.[0]?.name).toBe("get_weather");
    expect(whole.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(whole.usage_metadata?.output_tokens).toBeGreaterThan(0);
    expect(whole.usage_metadata).toEqual(expectedUsage(await serverUsage()));
  });

  it("with streamUsage: true, gives the same usage details as invoke, reasoning tokens included", async () => {
    const llm = harness.model({ model: "gpt-5-mini", streamUsage: true });
    const invoked = await llm.invoke("Hello");
    const { whole } = await collectStream(await llm.stream("Hello"));
    const [, streamedBody] = await harness.requestBodies();
    expect(streamedBody?.stream_options).toEqual({ include_usage: true });
    expect(whole.usage_metadata).toEqual(invoked.usage_metadata);
    expect(whole.usage_metadata?.output_token_details?.reasoning).toBeGreaterThan(0);
  });

  it("with streamUsage: true, reports prompt-cache hits on the stream as on invoke", async () => {
    harness.script([{ respond: { usage: { promptTokens: 1200, cachedTokens: 1024 } } }]);
    const { whole } = await collectStream(await harness.model({ streamUsage: true }).stream("Hello"));
    expect(whole.usage_metadata?.input_token_details?.cache_read).toBe(1024);
    expect(whole.usage_metadata).toEqual(expectedUsage(await serverUsage()));
  });

  it("with streamUsage: false, asks for no usage and reports none", async () => {
    const { chunks } = await collectStream(await harness.model({ streamUsage: false }).stream("Hello"));
    const [body] = await harness.requestBodies();
    expect(body).not.toHaveProperty("stream_options");
    expect(chunks.some((chunk) => chunk.usage_metadata !== undefined)).toBe(false);
  });
});
