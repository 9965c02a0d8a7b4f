import { describe, expect, it } from "@jest/globals";
import { inflateSync } from "node:zlib";
import type { ResponsesRequest } from "../../responses-wire.js";
import { parseScenario, ScenarioError } from "../../scenarios/parse-scenario.js";
import { findArithmetic } from "./arithmetic.js";
import { encodePng } from "./png.js";
import { chooseBuiltIn } from "./registry.js";

describe("findArithmetic", () => {
  it("evaluates the first expression with an operator as Python prints it", () => {
    expect(findArithmetic("What is 6 * 7?")).toEqual({ expression: "6 * 7", printed: "42" });
    expect(findArithmetic("What is 7 / 2 + 1?")).toEqual({ expression: "7 / 2 + 1", printed: "4.5" });
    expect(findArithmetic("and 4/2")).toEqual({ expression: "4/2", printed: "2.0" });
    expect(findArithmetic("(12 + 30) * 3")).toEqual({ expression: "(12 + 30) * 3", printed: "126" });
    expect(findArithmetic("2^10 please")).toEqual({ expression: "2**10", printed: "1024" });
    expect(findArithmetic("17 % 5 and -3 % 5")).toEqual({ expression: "17 % 5", printed: "2" });
    expect(findArithmetic("1.5 × 4")).toEqual({ expression: "1.5 * 4", printed: "6.0" });
    expect(findArithmetic("2 ** -1")).toEqual({ expression: "2 ** -1", printed: "0.5" });
  });

  it("finds nothing without an operator, for a division by zero or an unbalanced expression", () => {
    expect(findArithmetic("Tell me about the year 2024")).toBeUndefined();
    expect(findArithmetic("What is 1 / 0?")).toBeUndefined();
    expect(findArithmetic("(1 + 2")).toBeUndefined();
  });
});

describe("encodePng", () => {
  it("writes a valid PNG: signature, IHDR with the size, IDAT rows, IEND", () => {
    const png = encodePng(3, 2, (x, y) => [x * 10, y * 20, 255]);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 8, 2]);
    // The IHDR checksum: the CRC-32 of "IHDR" and its data (Python's zlib.crc32 of the same 17 bytes).
    expect(png.readUInt32BE(29)).toBe(0x1216f14d);
    const idat = png.indexOf("IDAT");
    const rows = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect([...rows]).toEqual([0, 0, 0, 255, 10, 0, 255, 20, 0, 255, 0, 0, 20, 255, 10, 20, 255, 20, 20, 255]);
    expect(png.subarray(-8, -4).toString("ascii")).toBe("IEND");
    expect(png.readUInt32BE(png.length - 4)).toBe(0xae426082);
  });
});

describe("chooseBuiltIn", () => {
  const request = (extra: Partial<ResponsesRequest>): ResponsesRequest => ({ model: "gpt-4o-mini", input: "x", tools: [{ type: "web_search" }, { type: "code_interpreter", container: { type: "auto" } }], ...extra });

  it("runs the tool the question calls for, a forced one, or none", () => {
    expect(chooseBuiltIn(request({}), "Latest news on Mars?", false)?.tool.type).toBe("web_search");
    expect(chooseBuiltIn(request({}), "What is 6 * 7?", false)?.tool.type).toBe("code_interpreter");
    expect(chooseBuiltIn(request({}), "Tell me about Paris", false)).toBeUndefined();
    expect(chooseBuiltIn(request({ tool_choice: { type: "code_interpreter" } }), "Tell me about Paris", false)?.tool.type).toBe("code_interpreter");
    expect(chooseBuiltIn(request({ tool_choice: "none" }), "Latest news on Mars?", false)).toBeUndefined();
    // After tool results the model answers them.
    expect(chooseBuiltIn(request({}), "Latest news on Mars?", true)).toBeUndefined();
  });

  it("follows allowed_tools and required", () => {
    const allowed = request({ tool_choice: { type: "allowed_tools", mode: "auto", tools: [{ type: "code_interpreter" }] } });
    expect(chooseBuiltIn(allowed, "Latest news on Mars?", false)).toBeUndefined();
    expect(chooseBuiltIn(allowed, "What is 6 * 7?", false)?.tool.type).toBe("code_interpreter");
    const required = request({ tool_choice: { type: "allowed_tools", mode: "required", tools: [{ type: "code_interpreter" }] } });
    expect(chooseBuiltIn(required, "Tell me about Paris", false)?.tool.type).toBe("code_interpreter");
    expect(chooseBuiltIn(request({ tool_choice: "required" }), "Tell me about Paris", false)?.tool.type).toBe("web_search");
    const withFunction = request({ tool_choice: "required", tools: [{ type: "web_search" }, { type: "function", name: "get_weather" }] });
    expect(chooseBuiltIn(withFunction, "Tell me about Paris", false)).toBeUndefined();
  });
});

describe("scenario fields for built-in tools", () => {
  it("accepts webSearch, codeInterpreter and mcp, and names the field of each problem", () => {
    const rules = [{ respond: { webSearch: { query: "q", results: [{ title: "T", url: "https://a.example/", snippet: "s" }] }, codeInterpreter: { code: "print(1)", logs: "1\n" }, mcp: { tools: [{ name: "roll" }] } } }];
    expect(parseScenario({ rules }).rules).toHaveLength(1);
    const bad = { rules: [{ respond: { webSearch: { results: [{ title: "T", url: "nope", snippet: 1 }] }, codeInterpreter: { code: 1 }, mcp: { tools: [], call: { name: "" } } } }] };
    let error: unknown;
    try {
      parseScenario(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const fields = (error as ScenarioError).issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "rules[0].respond.webSearch.results[0].snippet",
        "rules[0].respond.webSearch.results[0].url",
        "rules[0].respond.codeInterpreter.code",
        "rules[0].respond.codeInterpreter.logs",
        "rules[0].respond.mcp.tools",
        "rules[0].respond.mcp.call.name",
      ]),
    );
  });
});
