import { describe, expect, it } from "@jest/globals";
import { z } from "zod";
import { AbortError, InvalidOptionError, TimeoutError } from "../errors/errors.js";
import { createTestModel } from "../__tests__/test-model.js";

// A structured-output runnable stopped by its caller gives the package's typed errors, as the model itself does, on
// invoke, stream and batch (core's own abort race would otherwise surface the platform's bare DOMException).
const Person = z.object({ name: z.string(), age: z.number() });
// The answer starts after 2 s, so the abort (at once) or the 50 ms timeout always comes first.
const slow = { options: { headers: { "x-emulator-fault": "slow:ttft=2000" } } };

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

function structured() {
  return createTestModel({ model: "gpt-4o-mini", maxRetries: 0 }).llm.withStructuredOutput(Person);
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _chunk of stream) void _chunk;
}

describe("withStructuredOutput stopped by its caller", () => {
  const paths: Array<[string, (runnable: ReturnType<typeof structured>, config: Record<string, unknown>) => Promise<unknown>]> = [
    ["invoke", (runnable, config) => runnable.invoke("Tell me about Ada, 36", config)],
    ["stream", async (runnable, config) => drain(await runnable.stream("Tell me about Ada, 36", config))],
    ["batch", (runnable, config) => runnable.batch(["Tell me about Ada, 36"], config)],
  ];

  it.each(paths)("%s: an aborted signal gives AbortError", async (_name, run) => {
    const controller = new AbortController();
    const pending = caught(() => run(structured(), { ...slow, signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    const error = await pending;
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it.each(paths)("%s: a per-call timeout gives TimeoutError", async (_name, run) => {
    const error = await caught(() => run(structured(), { ...slow, timeout: 50 }));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(AbortError.isInstance(error)).toBe(false);
  });
});

describe("withStructuredOutput with an unusable per-call timeout", () => {
  it.each([Number.NaN, -1])("refuses timeout %p with InvalidOptionError, sending nothing", async (timeout) => {
    const { llm, requests } = createTestModel({ model: "gpt-4o-mini" });
    const error = await caught(() => llm.withStructuredOutput(Person).invoke("Tell me about Ada, 36", { timeout }));
    expect(InvalidOptionError.isInstance(error)).toBe(true);
    expect(requests).toHaveLength(0);
  });
});
