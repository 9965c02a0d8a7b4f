// The app that test/weather-assistant.test.ts tests against the emulator: a small weather assistant written as any
// app would be. It takes its model from outside, so a test can hand it one that talks to the emulator.
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import type { ChatOpenAI } from "@tessera/openai";
import { z } from "zod";

/** What the assistant answers when the model's tool call cannot be used. */
export const UNREADABLE_CALL_ANSWER = "Sorry, I could not look that up. Could you name the city again?";

/** A weather assistant: `ask` runs the model and the `get_weather` tool until the model answers in text. */
export interface WeatherAssistant {
  ask(question: string): Promise<string>;
}

/**
 * Creates the assistant on a chat model and a forecast source (a weather API in production, a stub in tests).
 *
 * @example
 * const assistant = createWeatherAssistant(new ChatOpenAI({ model: "gpt-4o-mini" }), fetchForecast);
 * await assistant.ask("Do I need a coat in Oslo?");
 */
export function createWeatherAssistant(llm: ChatOpenAI, forecast: (city: string) => Promise<string>): WeatherAssistant {
  const getWeather = tool(async ({ city }) => forecast(city), {
    name: "get_weather",
    description: "Current weather for a city",
    schema: z.object({ city: z.string().describe("The city, e.g. Oslo") }),
  });
  const model = llm.bindTools([getWeather], { strict: true });
  return {
    async ask(question) {
      const messages: BaseMessage[] = [new SystemMessage("You answer questions about the weather. Use get_weather for current conditions."), new HumanMessage(question)];
      for (let step = 0; step < 4; step++) {
        const reply = await model.invoke(messages);
        messages.push(reply);
        // A call whose arguments are not valid JSON (or break the schema) arrives as an invalid_tool_call, not a crash.
        if (reply.invalid_tool_calls?.length) return UNREADABLE_CALL_ANSWER;
        if (!reply.tool_calls?.length) return String(reply.content);
        for (const call of reply.tool_calls) messages.push(await getWeather.invoke(call));
      }
      return UNREADABLE_CALL_ANSWER;
    },
  };
}
