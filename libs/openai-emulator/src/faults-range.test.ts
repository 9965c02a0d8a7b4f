import { describe, expect, it } from "@jest/globals";
import { rawRequest } from "./__tests__/helpers.js";
import { MAX_TIMER_MS, parseFaults } from "./faults-parse.js";
import { createEmulator } from "./index.js";

describe("fault parameters out of range", () => {
  it.each([
    ["timeout:ms=2147483648", "2147483648 is out of range for 'ms' of 'timeout': a timer holds at most 2147483647 ms (about 24.8 days)"],
    ["slow:ttft=99999999999", "99999999999 is out of range for 'ttft' of 'slow': a timer holds at most 2147483647 ms"],
    ["slow:tps=0.0000001", "0.0000001 is out of range for 'tps' of 'slow': one token then takes 10000000000 ms, but a timer holds at most 2147483647 ms"],
    ["429:retry-after-ms=1e99", "'1e99' is not a valid value for 'retry-after-ms' of '429'"],
    ["429:retry-after-ms=3000000000", "3000000000 is out of range for 'retry-after-ms' of '429'"],
    ["disconnect:after=99999999999999999999", "99999999999999999999 is out of range for 'after' of 'disconnect': it is above 9007199254740991"],
    ["500*99999999999999999999", "the count in '500*99999999999999999999' is above 9007199254740991"],
  ])("refuses %s with a message that says why", (spec, message) => {
    expect(() => parseFaults(spec, "x-emulator-fault")).toThrow(message);
  });

  it("accepts the largest delay a timer holds", () => {
    expect(parseFaults(`timeout:ms=${MAX_TIMER_MS}`, "x-emulator-fault")[0]?.effect).toEqual({ kind: "timeout", ms: MAX_TIMER_MS });
  });

  it("answers a fault header out of range with the emulator's 400 instead of firing at once", async () => {
    const response = await rawRequest(createEmulator(), "/v1/chat/completions", {
      body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] },
      headers: { "x-emulator-fault": "timeout:ms=9999999999" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_emulator_fault", message: expect.stringContaining("a timer holds at most 2147483647 ms") } });
  });

  it("refuses it in a scenario when the scenario is loaded", () => {
    expect(() => createEmulator({ scenarios: [{ respond: { fault: "slow:ttft=3000000000" } }] })).toThrow(/a timer holds at most 2147483647 ms/u);
  });
});
