import { describe, expect, it } from "@jest/globals";
import { compileMatcher, parseScenario, parseScenarioText, ScenarioError } from "./parse-scenario.js";

function issuesOf(value: unknown): Array<[string, string]> {
  try {
    parseScenario(value);
  } catch (error) {
    if (ScenarioError.isInstance(error)) return error.issues.map((issue) => [issue.field, issue.message]);
    throw error;
  }
  return [];
}

describe("parseScenario", () => {
  it("accepts every documented field, and the bare array of rules", () => {
    const rule = {
      name: "all fields",
      description: "uses everything",
      match: { model: "gpt-4o", lastUserMessage: { regex: "^a", flags: "iu" }, system: { contains: "x" }, tools: ["t"], toolResult: "t", turn: 2 },
      respond: { toolCalls: [{ name: "t" }, { name: "t", arguments: { a: 1 } }, { name: "t", arguments: "{bad" }], finishReason: "length", usage: { promptTokens: 0, completionTokens: 3 }, delayMs: 0, fault: "500*1" },
      times: 3,
    };
    expect(parseScenario({ rules: [rule] }).rules).toEqual([rule]);
    expect(parseScenario([{ respond: { json: null } }]).rules).toHaveLength(1);
    expect(parseScenario({ rules: [] }).rules).toEqual([]);
  });

  it.each<[string, unknown, Array<[string, RegExp]>]>([
    ["a non-object root", "rules", [["(root)", /must be an object with a "rules" array/]]],
    ["rules that are not an array", { rules: {} }, [["rules", /must be an array of rules, got an object/]]],
    ["an unknown root field", { rules: [], rule: [] }, [["rule", /did you mean "rules"\?/]]],
    ["a rule without respond", [{ match: {} }], [["rules[0].respond", /is required/]]],
    ["a misspelt condition", [{ match: { turns: 1 }, respond: { text: "x" } }], [["rules[0].match.turns", /did you mean "turn"\?/]]],
    ["a field far from any known one", [{ respond: { colour: "red" } }], [["rules[0].respond.colour", /allowed: text, toolCalls/], ["rules[0].respond", /says nothing/]]],
    ["an empty respond", [{ respond: {} }], [["rules[0].respond", /says nothing/]]],
    ["two replies in one rule", [{ respond: { text: "a", refusal: "b" } }], [["rules[0].respond", /gives text and refusal/]]],
    ["a bad regular expression", [{ match: { lastUserMessage: { regex: "(" } }, respond: { text: "x" } }], [["rules[0].match.lastUserMessage.regex", /is not a valid regular expression/]]],
    ["unknown regex flags", [{ match: { system: { regex: "a", flags: "q" } }, respond: { text: "x" } }], [["rules[0].match.system.flags", /must be JavaScript regular expression flags/]]],
    ["the stateful regex flags g and y", [{ match: { model: { regex: "a", flags: "gy" } }, respond: { text: "x" } }], [["rules[0].match.model.flags", /g and y would carry state/]]],
    ["a matcher with neither contains nor regex", [{ match: { model: { equals: "x" } }, respond: { text: "x" } }], [["rules[0].match.model", /must have "contains" or "regex"/]]],
    ["an empty tools list", [{ match: { tools: [] }, respond: { text: "x" } }], [["rules[0].match.tools", /non-empty array of tool names, or "none"/]]],
    ["a turn of zero", [{ match: { turn: 0 }, respond: { text: "x" } }], [["rules[0].match.turn", /positive integer/]]],
    ["times of 1.5", [{ respond: { text: "x" }, times: 1.5 }], [["rules[0].times", /positive integer/]]],
    ["a tool call without a name", [{ respond: { toolCalls: [{ arguments: {} }] } }], [["rules[0].respond.toolCalls[0].name", /must be the tool's name/]]],
    ["arguments that are a number", [{ respond: { toolCalls: [{ name: "t", arguments: 5 }] } }], [["rules[0].respond.toolCalls[0].arguments", /must be an object, a string/]]],
    ["an unknown finish reason", [{ respond: { finishReason: "done" } }], [["rules[0].respond.finishReason", /must be one of stop, length, tool_calls, content_filter, function_call/]]],
    ["negative usage", [{ respond: { usage: { promptTokens: -1 } } }], [["rules[0].respond.usage.promptTokens", /non-negative integer/]]],
    ["an hour-long delay", [{ respond: { delayMs: 3_600_000 } }], [["rules[0].respond.delayMs", /from 0 to 600000/]]],
    ["an unknown fault", [{ respond: { fault: "418" } }], [["rules[0].respond.fault", /418/]]],
    ["a duplicate name", [{ name: "a", respond: { text: "x" } }, { name: "a", respond: { text: "y" } }], [["rules[1].name", /also the name of rule 1/]]],
  ])("reports %s", (_case, value, expected) => {
    const issues = issuesOf(value);
    expect(issues.map(([field]) => field)).toEqual(expected.map(([field]) => field));
    issues.forEach(([, message], index) => expect(message).toMatch(expected[index]![1]));
  });

  it("reports every problem at once, each with its rule number and name in the message", () => {
    const rules = [{ name: "first", respond: { text: 1 } }, { respond: { toolCalls: "get_weather" } }];
    expect(() => parseScenario({ rules }, "my-scenario.json")).toThrow(
      'Invalid scenario in my-scenario.json (2 problems):\n- rule 1 ("first"), rules[0].respond.text: must be a string, got number 1.\n' +
        "- rule 2, rules[1].respond.toolCalls: must be a non-empty array of { \"name\": \"…\", \"arguments\": {…} }, got string \"get_weather\".",
    );
  });
});

describe("ScenarioError.isInstance", () => {
  it("recognises a ScenarioError by its registry symbol, not by its class or name", () => {
    const error = new ScenarioError([{ rule: 0, field: "rules[0]", message: "is wrong." }]);
    const lookalike = Object.assign(new Error("Invalid scenario"), { name: "ScenarioError", issues: [] });
    const otherCopy = Object.defineProperty(new Error("x"), Symbol.for("@tessera/openai-emulator/ScenarioError"), { value: true });
    expect([ScenarioError.isInstance(error), ScenarioError.isInstance(lookalike), ScenarioError.isInstance(otherCopy)]).toEqual([true, false, true]);
  });
});

describe("parseScenarioText", () => {
  it("reads YAML and JSON, guessing the format from the first character", () => {
    expect(parseScenarioText("- respond:\n    text: from yaml\n").rules[0]?.respond.text).toBe("from yaml");
    expect(parseScenarioText('[{"respond":{"text":"from json"}}]').rules[0]?.respond.text).toBe("from json");
  });

  it("reports a syntax error with its position", () => {
    expect(() => parseScenarioText('{"rules": [', { source: "x.json" })).toThrow(/Invalid scenario in x\.json \(1 problem\):\n- \(file\): is not valid JSON/);
    expect(() => parseScenarioText("rules: [\n", { format: "yaml" })).toThrow(/is not valid YAML: .*line/s);
  });
});

describe("compileMatcher", () => {
  it("matches exact text, substrings, and regular expressions with their flags", () => {
    expect([compileMatcher("Hi")("Hi"), compileMatcher("Hi")("Hi!")]).toEqual([true, false]);
    expect(compileMatcher({ contains: "ell" })("Hello")).toBe(true);
    const insensitive = compileMatcher({ regex: "^a", flags: "i" });
    expect([insensitive("Abc"), insensitive("Abc"), insensitive("bA")]).toEqual([true, true, false]);
  });
});
