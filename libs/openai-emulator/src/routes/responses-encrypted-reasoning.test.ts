import { describe, expect, it } from "@jest/globals";
import OpenAI from "openai";
import { createEmulator } from "../emulator.js";
import { checkEncryptedReasoning, sealReasoning } from "./responses-encrypted-reasoning.js";

const model = "o4-mini";

function scopedClient(emulator: ReturnType<typeof createEmulator>, scope?: string): OpenAI {
  const headers = scope === undefined ? undefined : { "x-emulator-scope": scope };
  return new OpenAI({ baseURL: "http://emulator.test/v1", apiKey: "k", fetch: emulator.fetch, maxRetries: 0, defaultHeaders: headers });
}

/** A stateless first turn of a reasoning model, with its reasoning item's encrypted content. */
async function firstTurn(client: OpenAI) {
  const response = await client.responses.create({ model, input: "Plan a three-step proof.", store: false, include: ["reasoning.encrypted_content"] });
  const reasoning = response.output.find((item) => item.type === "reasoning");
  if (reasoning?.type !== "reasoning" || typeof reasoning.encrypted_content !== "string") throw new Error("no encrypted reasoning");
  return { response, reasoning };
}

function nextTurn(reasoning: OpenAI.Responses.ResponseReasoningItem, encrypted: string) {
  return {
    model,
    store: false,
    include: ["reasoning.encrypted_content" as const],
    input: [
      { role: "user" as const, content: "Plan a three-step proof." },
      { ...reasoning, encrypted_content: encrypted },
      { role: "assistant" as const, content: "Step one, step two, step three." },
      { role: "user" as const, content: "Now the second step in detail." },
    ],
  };
}

async function errorOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  const apiError = error as InstanceType<typeof OpenAI.APIError>;
  return { status: apiError.status, ...(apiError.error as Record<string, unknown>) };
}

describe("encrypted reasoning content sent back (store: false)", () => {
  it("accepts the content it gave, in the next stateless turn", async () => {
    const client = scopedClient(createEmulator());
    const { reasoning } = await firstTurn(client);
    expect(reasoning.encrypted_content).toMatch(/^gAAAAAB/u);
    const next = await client.responses.create(nextTurn(reasoning, reasoning.encrypted_content!));
    expect(next.status).toBe("completed");
  });

  it("refuses tampered content with the API's 400 invalid_encrypted_content, naming the item", async () => {
    const client = scopedClient(createEmulator());
    const { reasoning } = await firstTurn(client);
    const content = reasoning.encrypted_content!;
    const decoded = JSON.parse(Buffer.from(content.slice(7), "base64url").toString("utf8")) as Record<string, unknown>;
    const tampered = `gAAAAAB${Buffer.from(JSON.stringify({ ...decoded, reasoning_tokens: 1 })).toString("base64url")}`;
    for (const bad of [tampered, content.slice(0, -6), `${content}x`]) {
      const error = await errorOf(client.responses.create(nextTurn(reasoning, bad)));
      expect(error).toEqual({
        status: 400,
        message: `The encrypted content for item ${reasoning.id} could not be verified. Reason: Encrypted content could not be decrypted or parsed.`,
        type: "invalid_request_error",
        param: null,
        code: "invalid_encrypted_content",
      });
    }
  });

  it("refuses content sealed for another scope (organisation), another item, or made elsewhere", async () => {
    const emulator = createEmulator();
    const { reasoning } = await firstTurn(scopedClient(emulator, "org-a"));
    const elsewhere = await errorOf(scopedClient(emulator, "org-b").responses.create(nextTurn(reasoning, reasoning.encrypted_content!)));
    expect(elsewhere).toMatchObject({ code: "invalid_encrypted_content" });
    const otherItem = await errorOf(scopedClient(emulator, "org-a").responses.create(nextTurn({ ...reasoning, id: "rs_other" }, reasoning.encrypted_content!)));
    expect(otherItem).toMatchObject({ code: "invalid_encrypted_content", message: expect.stringContaining("for item rs_other") });
    const foreign = await errorOf(scopedClient(emulator, "org-a").responses.create(nextTurn(reasoning, "gAAAAABpRealFernetTokenFromTheApi==")));
    expect(foreign).toMatchObject({ code: "invalid_encrypted_content" });
  });

  it("leaves reasoning items without encrypted content alone", () => {
    expect(() => checkEncryptedReasoning([{ type: "reasoning", id: "rs_1", summary: [] }], null)).not.toThrow();
    expect(() => checkEncryptedReasoning([{ type: "reasoning", id: "rs_1", summary: [], encrypted_content: sealReasoning("rs_1", 8, null) }], null)).not.toThrow();
    expect(() => checkEncryptedReasoning([{ type: "reasoning", id: "rs_1", summary: [], encrypted_content: sealReasoning("rs_1", 8, "a") }], null)).toThrow();
  });
});
