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

  it("thinks more at a higher reasoning_effort, within 64-512 tokens from minimal to high (medium by default)", async () => {
    const { client } = createTestClient();
    const spent: Record<string, number> = {};
    for (const effort of ["minimal", "low", "medium", "high"] as const) {
      const completion = await client.chat.completions.create({ model: "gpt-5", messages, reasoning_effort: effort });
      spent[effort] = completion.usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    }
    expect(spent.minimal).toBeGreaterThanOrEqual(64);
    expect(spent.minimal).toBeLessThanOrEqual(spent.low!);
    expect(spent.low).toBeLessThanOrEqual(spent.medium!);
    expect(spent.medium).toBeLessThanOrEqual(spent.high!);
    expect(spent.high).toBeLessThanOrEqual(512);
    const unset = await client.chat.completions.create({ model: "gpt-5", messages });
    expect(unset.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThanOrEqual(256);
    expect(unset.usage?.completion_tokens_details?.reasoning_tokens).toBeLessThanOrEqual(384);
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
    const call = await client.chat.completions.create({ model: "gpt-5-mini", messages, tools, tool_choice: "required", max_completion_tokens: 20 });
    expect(call.choices[0]).toMatchObject({ message: { content: "" }, finish_reason: "length" });
    expect(call.choices[0]?.message.tool_calls).toBeUndefined();
    const stream = await client.chat.completions.create({ model: "gpt-5-mini", messages, max_completion_tokens: 20, stream: true, stream_options: { include_usage: true } });
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
