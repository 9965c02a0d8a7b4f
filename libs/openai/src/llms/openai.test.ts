import { describe, expect, it } from "@jest/globals";
import { createTestLLM } from "../__tests__/test-llm.js";

describe("smoke", () => {
  it("invokes", async () => {
    const { llm, requests } = createTestLLM({ maxTokens: 20 });
    const text = await llm.invoke("Say hi");
    const result = await llm.generate(["A", "B", "C"]);
    const chunks: string[] = [];
    for await (const chunk of await llm.stream("Say hi")) chunks.push(chunk);
    console.log(JSON.stringify({ text, result, chunks, requests: requests.map((r) => r.body) }, null, 1));
  });
});
