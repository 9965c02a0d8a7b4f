import { describe, expect, it } from "@jest/globals";
import corePackage from "@langchain/core/package.json" with { type: "json" };
import { VERSION as openaiVersion } from "openai/version";

// `TESSERA_DEPS=min` (a CI step) must really run the suite on the oldest supported versions, and the default run on
// the locked ones; this proves which ones were loaded.
describe("the dependency versions under test", () => {
  it(process.env.TESSERA_DEPS === "min" ? "are the declared minimums" : "are the locked versions", () => {
    if (process.env.TESSERA_DEPS === "min") {
      expect(corePackage.version).toBe("1.0.0");
      expect(openaiVersion).toMatch(/^6\./);
    } else {
      expect(corePackage.version).toMatch(/^1\.(?:[4-9]|\d{2,})\./);
      expect(openaiVersion).toMatch(/^7\./);
    }
  });
});
