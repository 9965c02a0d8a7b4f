// Testing your own app against the emulator: a jest test to copy. Each test gets a fresh in-process emulator (no port,
// so tests run in parallel), scripts what the model says with scenario rules, and asserts on what the app sent and got
// with the emulator's journal. Run: `pnpm test --selectProjects examples` from the repository root (part of `pnpm test`).
import { describe, expect, it } from "@jest/globals";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator, type ScenarioRule } from "@tessera/openai-emulator";
import { createWeatherAssistant, UNREADABLE_CALL_ANSWER } from "../src/weather-assistant.js";

function setup(rules: ScenarioRule[]) {
  const emulator = createEmulator({ scenarios: rules });
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "test-key", configuration: { baseURL: "http://emulator/v1", fetch: emulator.fetch } });
  const lookups: string[] = [];
  const assistant = createWeatherAssistant(llm, async (city) => {
    lookups.push(city);
    return `${city}: -3 °C, snow`;
  });
  const requests = () => emulator.journal.entries({ path: "/v1/chat/completions" });
  return { assistant, lookups, requests };
}

const callTheTool: ScenarioRule = {
  name: "call get_weather",
  match: { tools: ["get_weather"], toolResult: false },
  respond: { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] },
};
const answerFromTheResult: ScenarioRule = {
  name: "answer from the forecast",
  match: { toolResult: "get_weather" },
  respond: { text: "Yes: it is -3 °C and snowing in Oslo." },
};

describe("the weather assistant", () => {
  it("looks the city up with the tool and answers from the forecast", async () => {
    const { assistant, lookups, requests } = setup([callTheTool, answerFromTheResult]);

    await expect(assistant.ask("Do I need a coat in Oslo?")).resolves.toBe("Yes: it is -3 °C and snowing in Oslo.");

    expect(lookups).toEqual(["Oslo"]);
    const [first, second] = requests();
    expect(requests().map((entry) => entry.rule)).toEqual(["call get_weather", "answer from the forecast"]);
    // What the app really sent: the tool in strict mode, then the forecast as the answer to the model's call.
    expect(first?.request.body).toMatchObject({
      model: "gpt-4o-mini",
      tools: [{ type: "function", function: { name: "get_weather", strict: true } }],
    });
    const sent = second?.request.body as { messages: Array<Record<string, unknown>> };
    const call = (sent.messages[2]?.tool_calls as Array<{ id: string }>)[0];
    expect(sent.messages.at(-1)).toEqual({ role: "tool", tool_call_id: call?.id, content: "Oslo: -3 °C, snow" });
  });

  it("still answers when the API rate-limits the first request (the client retries it)", async () => {
    const rateLimitOnce: ScenarioRule = { name: "rate limit", respond: { fault: "429" }, times: 1 };
    const { assistant, requests } = setup([rateLimitOnce, callTheTool, answerFromTheResult]);

    await expect(assistant.ask("Do I need a coat in Oslo?")).resolves.toBe("Yes: it is -3 °C and snowing in Oslo.");

    expect(requests().map((entry) => [entry.response.status, entry.faults])).toEqual([
      [429, ["429"]],
      [200, []],
      [200, []],
    ]);
  });

  it("apologises instead of crashing when the model's tool arguments are not JSON", async () => {
    const badArguments: ScenarioRule = { respond: { toolCalls: [{ name: "get_weather", arguments: "{'city': 'Oslo'}" }] } };
    const { assistant, lookups } = setup([badArguments]);

    await expect(assistant.ask("Do I need a coat in Oslo?")).resolves.toBe(UNREADABLE_CALL_ANSWER);
    expect(lookups).toEqual([]);
  });

  it("works with the built-in model too: it calls the tool with the city from the question", async () => {
    const { assistant, lookups } = setup([]);

    const answer = await assistant.ask("What's the weather in Bergen?");

    expect(lookups).toEqual(["Bergen"]);
    expect(answer).toContain("Bergen: -3 °C, snow");
  });
});
