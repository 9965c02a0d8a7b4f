import { describe, expect, it } from "@jest/globals";
import { rawRequest } from "../__tests__/helpers.js";
import { createEmulator } from "../index.js";
import { findCatastrophicBacktracking } from "./check-regex-safety.js";
import { ScenarioError } from "./parse-scenario.js";

describe("findCatastrophicBacktracking", () => {
  it.each([
    ["^(a+)+$", ""],
    ["(a*)*b", ""],
    ["^(\\w+\\s?)*$", ""],
    ["(.*,)*x", ""],
    ["(a+a)+b", ""],
    ["(?:[a-z]+|\\d+)*!", "i"],
    ["(a|a)*b", ""],
    ["^(\\w|\\d)+$", "u"],
    ["(?:x(?:a+)+)?y", ""],
    ["(?=(a+)+b)", ""],
  ])("refuses %j (flags %j)", (source, flags) => {
    expect(findCatastrophicBacktracking(source, flags)).toMatch(/exponentially many ways/u);
  });

  it.each([
    ["weather in (\\w+)", "i"],
    ["^(\\d{1,3}\\.){3}\\d{1,3}$", ""],
    ["(ab+)*c", ""],
    ["^(?:foo|bar)+$", ""],
    ["(?:\\s|\\w)+", ""],
    ["\\p{L}+", "u"],
    ["^[a-z]+@[a-z]+\\.com$", ""],
    ["(a{2})+", ""],
    ["hello|hi|hey", "i"],
  ])("accepts %j (flags %j)", (source, flags) => {
    expect(findCatastrophicBacktracking(source, flags)).toBeUndefined();
  });
});

describe("a scenario with a catastrophic regex", () => {
  const evil = [{ name: "evil", match: { lastUserMessage: { regex: "^(a+)+$" } }, respond: { text: "never" } }];

  it("is refused when the emulator is created, naming the rule, the field and the pattern", () => {
    let caught: unknown;
    try {
      createEmulator({ scenarios: evil });
    } catch (error) {
      caught = error;
    }
    expect(ScenarioError.isInstance(caught)).toBe(true);
    const issue = (caught as ScenarioError).issues[0];
    expect(issue).toMatchObject({ rule: 0, field: "rules[0].match.lastUserMessage.regex" });
    expect(issue?.message).toMatch(/^"\^\(a\+\)\+\$" is refused: it risks catastrophic backtracking, which would block the emulator for every client: the repeated part '\(a\+\)\+' holds the repetition 'a\+'/u);
  });

  it("is refused at run time too (scenarios.add and POST /__emulator/scenarios), and a safe one still loads", async () => {
    const emulator = createEmulator();
    expect(() => emulator.scenarios.add(evil)).toThrow(/catastrophic backtracking/u);
    const posted = await rawRequest(emulator, "/__emulator/scenarios", { body: { rules: evil } });
    expect(posted.status).toBe(400);
    expect(await posted.json()).toMatchObject({ error: { code: "invalid_scenario", param: "rules[0].match.lastUserMessage.regex" } });
    emulator.scenarios.add([{ match: { lastUserMessage: { regex: "^a+$" } }, respond: { text: "safe" } }]);
    const answer = await rawRequest(emulator, "/v1/chat/completions", { body: { model: "gpt-4o-mini", messages: [{ role: "user", content: `${"a".repeat(40)}!` }] } });
    expect(answer.status).toBe(200);
  });
});
