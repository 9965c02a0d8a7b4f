import { describe, expect, it } from "@jest/globals";
import { buildStreamUsage, rememberStreamOptionsRefusal, STREAM_USAGE_REFUSED_WARNING } from "./build-stream-usage.js";

describe("buildStreamUsage", () => {
  it("asks for usage by default, on any server, and may drop it if refused", () => {
    for (const baseURL of [undefined, "http://localhost:8000/v1", "https://example.openai.azure.com/openai/v1"]) {
      expect(buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: false, baseURL })).toEqual({ streamUsage: true, mayDropOnRefusal: true, warnings: [] });
    }
  });

  it("follows an explicit streamUsage and never drops it", () => {
    expect(buildStreamUsage({ streamUsage: true, explicitStreamOptions: false, baseURL: "http://a.test/v1" })).toEqual({ streamUsage: true, mayDropOnRefusal: false, warnings: [] });
    expect(buildStreamUsage({ streamUsage: false, explicitStreamOptions: false, baseURL: "http://a.test/v1" })).toEqual({ streamUsage: false, mayDropOnRefusal: false, warnings: [] });
  });

  it("asks by default beside stream_options the user set, but a refusal is then theirs to handle", () => {
    expect(buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: true, baseURL: "http://b.test/v1" })).toEqual({ streamUsage: true, mayDropOnRefusal: false, warnings: [] });
  });

  it("leaves usage out, with a warning, for a server that refused it, matched with or without a trailing slash", () => {
    rememberStreamOptionsRefusal("http://refused.test/v1/");
    expect(buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: false, baseURL: "http://refused.test/v1" })).toEqual({ streamUsage: false, mayDropOnRefusal: false, warnings: [STREAM_USAGE_REFUSED_WARNING] });
    expect(buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: true, baseURL: "http://refused.test/v1" })).toEqual({ streamUsage: false, mayDropOnRefusal: false, warnings: [] });
    expect(buildStreamUsage({ streamUsage: true, explicitStreamOptions: false, baseURL: "http://refused.test/v1" })).toEqual({ streamUsage: true, mayDropOnRefusal: false, warnings: [] });
    expect(buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: false, baseURL: "http://refused.test/v2" }).streamUsage).toBe(true);
  });

  it("treats no base URL as the official API", () => {
    rememberStreamOptionsRefusal("https://api.openai.com/v1");
    expect(buildStreamUsage({ streamUsage: undefined, explicitStreamOptions: false, baseURL: undefined }).streamUsage).toBe(false);
  });
});
