// A tool-calling loop: bindTools with a strict Zod tool, run each call, send back ToolMessages, get the final answer.
// Run: `pnpm examples tool-calling-loop` from the repository root.
// Emulator: in-process (`createEmulator()` handed to the SDK as `fetch`; no port). Its built-in model needs no script
// here: it calls the tool the question relates to, fills the arguments from the question ("Lisbon", "fahrenheit") and
// answers from the tool's result.
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { z } from "zod";
import { check } from "./check.js";

const received: unknown[] = [];
const getWeather = tool(
  async ({ city, unit }) => {
    received.push({ city, unit });
    return unit === "fahrenheit" ? `${city}: 68 °F, clear skies` : `${city}: 20 °C, clear skies`;
  },
  {
    name: "get_weather",
    description: "Current weather for a city",
    // Strict mode sends `unit` as required-but-nullable (OpenAI's rule); ChatOpenAI maps a null back to "absent".
    schema: z.object({ city: z.string(), unit: z.enum(["celsius", "fahrenheit"]).optional() }),
  },
);
const toolsByName = { get_weather: getWeather };

const emulator = createEmulator();
// Against the real API: drop `configuration` and set OPENAI_API_KEY.
const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "example-key", configuration: { baseURL: "http://emulator/v1", fetch: emulator.fetch } });
const llmWithTools = llm.bindTools([getWeather], { strict: true });

const messages: BaseMessage[] = [new HumanMessage("What's the weather in Lisbon, in fahrenheit?")];
console.log(`user:  ${String(messages[0]!.content)}`);
let answer = "";
for (let step = 1; step <= 5; step++) {
  const reply = await llmWithTools.invoke(messages);
  messages.push(reply);
  if (!reply.tool_calls?.length) {
    answer = String(reply.content);
    break;
  }
  for (const call of reply.tool_calls) {
    console.log(`model: calls ${call.name}(${JSON.stringify(call.args)})`);
    const selected = toolsByName[call.name as keyof typeof toolsByName];
    check(selected, `the model called a tool we offered: ${call.name}`);
    const result = await selected.invoke(call); // a ToolMessage carrying the call's id
    console.log(`tool:  ${String(result.content)}`);
    messages.push(result);
  }
}
console.log(`model: ${answer}`);

const sentTools = (emulator.journal.entries()[0]?.request.body as { tools: Array<{ function: { strict?: boolean } }> }).tools;
console.log(`(${emulator.journal.entries().length} requests; the tool went out with strict: ${String(sentTools[0]?.function.strict)})`);
check(sentTools[0]?.function.strict === true, "bindTools sent the tool in strict mode");
check(JSON.stringify(received) === JSON.stringify([{ city: "Lisbon", unit: "fahrenheit" }]), `the tool ran once with the question's arguments: ${JSON.stringify(received)}`);
check(messages.map((message) => message.type).join(",") === "human,ai,tool,ai", "model, tool, model");
check(answer.includes("68 °F"), `the final answer uses the tool's result: ${answer}`);
