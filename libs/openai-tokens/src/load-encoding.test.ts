import { describe, expect, it, jest } from "@jest/globals";

describe("loadEncoding", () => {
  it("loads no ranks on import, and loads them without any network access on first use", async () => {
    await jest.isolateModulesAsync(async () => {
      const fetchSpy = jest.spyOn(globalThis, "fetch").mockImplementation(() => {
        throw new Error("network is disabled in this test");
      });
      try {
        const tokens = await import("./index.js");
        const loadedRanks = () => Object.keys(require.cache).filter((file) => /[\\/]js-tiktoken[\\/].*[\\/]ranks[\\/]/.test(file));
        expect(loadedRanks()).toEqual([]);
        const encoder = await tokens.loadEncoding("o200k_base");
        expect(encoder.encode("hello world")).toHaveLength(2);
        expect(loadedRanks()).toEqual([expect.stringContaining("o200k_base")]);
        expect(fetchSpy).not.toHaveBeenCalled();
      } finally {
        fetchSpy.mockRestore();
      }
    });
  });
});
