// A LangGraph agent: `createAgent` from the `langchain` package (a LangGraph graph) with two tools, streamed with
// `streamMode: "messages"` (the model's tokens as they arrive, and each tool's result, tagged with the graph node).
// Run: `pnpm examples langgraph-agent` from the repository root.
// Emulator: over HTTP (`createEmulator().listen()`). Its built-in model calls both tools in parallel (the question
// mentions the weather and the time), fills `city` from the question, and answers from the tools' results.
import { AIMessageChunk, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { createAgent } from "langchain";
import { z } from "zod";
import { check } from "./check.js";

const getWeather = tool(async ({ city }) => `${city}: 12 °C, light rain`, {
  name: "get_weather",
  description: "Current weather for a city",
  schema: z.object({ city: z.string() }),
});
const getLocalTime = tool(async ({ city }) => `It is 21:40 in ${city}`, {
  name: "get_local_time",
  description: "The local time in a city",
  schema: z.object({ city: z.string() }),
});

const server = await createEmulator().listen();
try {
  // Against the real API: drop `configuration` and set OPENAI_API_KEY.
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "example-key", configuration: { baseURL: server.url } });
  const agent = createAgent({ model: llm, tools: [getWeather, getLocalTime] });

  const question = "What's the weather in Tokyo, and what time is it there?";
  console.log(`user: ${question}`);
  const stream = await agent.stream({ messages: [new HumanMessage(question)] }, { streamMode: "messages" });
  let tokens = 0;
  let answer = "";
  const toolResults: string[] = [];
  const calls = new Set<string>();
  for await (const [message, metadata] of stream) {
    const node = String(metadata.langgraph_node);
    if (AIMessageChunk.isInstance(message)) {
      for (const call of message.tool_call_chunks ?? []) {
        if (!call.name) continue; // later fragments of a call carry only its arguments
        calls.add(call.name);
        console.log(`[${node}] calls ${call.name}`);
      }
      if (typeof message.content === "string" && message.content !== "") {
        if (tokens === 0) process.stdout.write(`[${node}] `);
        process.stdout.write(message.content);
        answer += message.content;
        tokens++;
      }
    } else if (ToolMessage.isInstance(message)) {
      console.log(`[${node}] ${message.name}: ${String(message.content)}`);
      toolResults.push(String(message.content));
    }
  }
  console.log(`\n(${tokens} answer tokens streamed)`);

  check(calls.has("get_weather") && calls.has("get_local_time"), `the agent called both tools: ${[...calls].join(", ")}`);
  check(toolResults.includes("Tokyo: 12 °C, light rain") && toolResults.includes("It is 21:40 in Tokyo"), "both tools ran with city Tokyo");
  check(tokens > 1, "the final answer arrived token by token");
  check(answer.includes("12 °C") && answer.includes("21:40"), `the final answer uses both results: ${answer}`);
} finally {
  await server.close();
}
