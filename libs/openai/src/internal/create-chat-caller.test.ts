import { describe, expect, it } from "@jest/globals";
import { HumanMessage } from "@langchain/core/messages";
import { AbortError, ConfigurationError } from "../errors/errors.js";
import { createChatCaller } from "./create-chat-caller.js";

const model = { model: "gpt-4o-mini", systemRole: "system" as const, checkContextWindow: false, maxRetries: 0 };
const noKey = { apiKey: undefined, baseURL: "http://emulator.test/v1", organization: undefined, project: undefined };

describe("createChatCaller", () => {
  it("honours an aborted signal before the client is built, so an aborted call needs no key", async () => {
    const caller = createChatCaller(model, noKey);
    const signal = AbortSignal.abort();
    const completed = await caller.complete([new HumanMessage("Hi")], { signal }).catch((caught: unknown) => caught);
    const opened = await caller.openStream([new HumanMessage("Hi")], { signal }).catch((caught: unknown) => caught);
    expect([AbortError.isInstance(completed), AbortError.isInstance(opened)]).toEqual([true, true]);
    // Without the abort, the missing key is what stops the call.
    expect(ConfigurationError.isInstance(await caller.complete([new HumanMessage("Hi")], {}).catch((caught: unknown) => caught))).toBe(true);
  });
});
