import { describe, expect, it } from "@jest/globals";
import type OpenAI from "openai";
import { loadEncoding } from "@tessera/openai-tokens";
import { createTestClient, rawRequest, user } from "../__tests__/helpers.js";

const messages = [user("Plan a three-day trip to Lisbon")];

async function visibleTokens(completion: OpenAI.ChatCompletion): Promise<number> {
  const encoder = await loadEncoding("o200k_base");
  return completion.choices.reduce((sum, choice) => sum + encoder.encode(choice.message.content ?? "").length, 0);
}

describe("reasoning models spend hidden reasoning tokens", () => {
  it("reports reasoning_tokens inside completion_tokens, and none for a model that does not reason", async () => {
    const { client } = createTestClient();
    const reasoning = await client.chat.completions.create({ model: "o4-mini", messages });
    const details = reasoning.usage?.completion_tokens_details;
    expect(details?.reasoning_tokens).toBeGreaterThan(0);
    expect(reasoning.usage?.completion_tokens).toBe((details?.reasoning_tokens ?? 0) + (await visibleTokens(reasoning)));
    expect(reasoning.usage?.total_tokens).toBe((reasoning.usage?.prompt_tokens ?? 0) + (reasoning.usage?.completion_tokens ?? 0));
    expect(reasoning.choices[0]?.finish_reason).toBe("stop");
    const plain = await client.chat.completions.create({ model: "gpt-4o", messages });
    expect(plain.usage?.completion_tokens_details?.reasoning_tokens).toBe(0);
  });

  it("reports reasoning_tokens in multiples of 64, often 0 on small prompts, more at a higher reasoning_effort", async () => {
    // Recorded: reasoning_tokens are multiples of 64 and often 0 (the token-counting truth set: 289 gpt-5 and
    // o-series replies, 45 of them 0, all multiples of 64 unless the budget cut them).
    const { client } = createTestClient();
    const ranges = { minimal: [0, 64], low: [0, 128], medium: [0, 320], high: [64, 512] } as const;
    const spent: Record<string, number[]> = {};
    const prompts = Array.from({ length: 12 }, (_, index) => [user(`Question number ${index}: what is ${index} plus ${index}?`)]);
    for (const [effort, [min, max]] of Object.entries(ranges)) {
      for (const prompt of prompts) {
        const completion = await client.chat.completions.create({ model: "gpt-5", messages: prompt, reasoning_effort: effort as keyof typeof ranges });
        const tokens = completion.usage?.completion_tokens_details?.reasoning_tokens ?? -1;
        expect(tokens % 64).toBe(0);
        expect(tokens).toBeGreaterThanOrEqual(min);
        expect(tokens).toBeLessThanOrEqual(max);
        (spent[effort] ??= []).push(tokens);
      }
    }
    const total = (effort: string) => spent[effort]!.reduce((sum, tokens) => sum + tokens, 0);
    expect(total("minimal")).toBeLessThan(total("medium"));
    expect(total("medium")).toBeLessThan(total("high"));
    expect(spent.medium).toContain(0);
    expect(spent.medium!.filter((tokens) => tokens > 0).length).toBeGreaterThan(6);
    // Unset means medium.
    const unset = await client.chat.completions.create({ model: "gpt-5", messages: prompts[0]! });
    expect(unset.usage?.completion_tokens_details?.reasoning_tokens).toBe(spent.medium![0]);
  });

  it("is deterministic per request and sums over n choices", async () => {
    const request = { model: "o3", messages, n: 3 };
    const first = await createTestClient().client.chat.completions.create(request);
    const second = await createTestClient().client.chat.completions.create(request);
    expect(first.usage).toEqual(second.usage);
    const single = await createTestClient().client.chat.completions.create({ ...request, n: 1 });
    // Choice 0 thinks the same whatever n is, and the total is the sum over choices.
    expect(first.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(single.usage?.completion_tokens_details?.reasoning_tokens ?? 0);
    expect(first.usage?.completion_tokens).toBe((first.usage?.completion_tokens_details?.reasoning_tokens ?? 0) + (await visibleTokens(first)));
  });

  it("spends max_completion_tokens on reasoning first: a budget it uses up gives empty content and finish length", async () => {
    const { client } = createTestClient();
    const exhausted = await client.chat.completions.create({ model: "o3-mini", messages, max_completion_tokens: 50 });
    expect(exhausted.choices[0]).toMatchObject({ message: { role: "assistant", content: "", refusal: null }, finish_reason: "length" });
    expect(exhausted.usage).toMatchObject({ completion_tokens: 50, completion_tokens_details: { reasoning_tokens: 50 } });
    const roomy = await client.chat.completions.create({ model: "o3-mini", messages, max_completion_tokens: 5000 });
    const reasoningTokens = roomy.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    // A budget that ends just after the reasoning leaves room for a few visible tokens only.
    const tight = await client.chat.completions.create({ model: "o3-mini", messages, max_completion_tokens: reasoningTokens + 3 });
    expect(tight.choices[0]?.finish_reason).toBe("length");
    expect(tight.usage).toMatchObject({ completion_tokens: reasoningTokens + 3, completion_tokens_details: { reasoning_tokens: reasoningTokens } });
    expect(await visibleTokens(tight)).toBe(3);
  });

  it("exhausts the budget the same way for a tool call, and when streaming", async () => {
    const { client } = createTestClient();
    const tools: OpenAI.ChatCompletionFunctionTool[] = [{ type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } }];
    // High effort reasons at least 64 tokens, more than the budget.
    const call = await client.chat.completions.create({ model: "gpt-5-mini", messages, tools, tool_choice: "required", max_completion_tokens: 20, reasoning_effort: "high" });
    expect(call.choices[0]).toMatchObject({ message: { content: "" }, finish_reason: "length" });
    expect(call.choices[0]?.message.tool_calls).toBeUndefined();
    const stream = await client.chat.completions.create({
      model: "gpt-5-mini",
      messages,
      max_completion_tokens: 20,
      reasoning_effort: "high",
      stream: true,
      stream_options: { include_usage: true },
    });
    let content = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect({ content, finish }).toEqual({ content: "", finish: "length" });
    expect(usage).toMatchObject({ completion_tokens: 20, completion_tokens_details: { reasoning_tokens: 20 } });
  });

  it("refuses a reasoning_effort the model does not know, listing the ones it does", async () => {
    const { emulator } = createTestClient();
    const cases = [
      ["gpt-5", "none", "'minimal', 'low', 'medium', and 'high'"],
      ["o3", "minimal", "'low', 'medium', and 'high'"],
    ] as const;
    for (const [model, effort, supported] of cases) {
      const response = await rawRequest(emulator, "/v1/chat/completions", { body: { model, messages, reasoning_effort: effort } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          message: `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. Supported values are: ${supported}.`,
          type: "invalid_request_error",
          param: "reasoning_effort",
          code: "unsupported_value",
        },
      });
    }
  });
});
