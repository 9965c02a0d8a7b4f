// The Quick start demo: ChatOpenAI from @tessera/openai against the OpenAI emulator over real HTTP.
// No API key or network is needed; point `baseURL` at the real API (or drop it) and the same code runs there.
import { HumanMessage, type BaseMessage } from "@langchain/core/messages";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { tool } from "@langchain/core/tools";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { z } from "zod";

const server = await createEmulator().listen();
const print = (line = "") => process.stdout.write(`${line}\n`);

try {
  // A custom base URL gets no stream usage unless asked (many compatible servers reject it); the emulator supports it.
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "demo-key", configuration: { baseURL: server.url } });
  print(`ChatOpenAI talking to the emulator at ${server.url}\n`);

  print("1. invoke");
  const answer = await llm.invoke("Say hello to the Tessera demo.");
  print(`   ${String(answer.content)}`);
  print(`   model: ${String(answer.response_metadata.model_name)}, usage: ${JSON.stringify(answer.usage_metadata)}\n`);

  print("2. a prompt template chain: prompt.pipe(llm).pipe(parser)");
  const prompt = ChatPromptTemplate.fromMessages([
    ["system", "You are a concise assistant who answers in {language}."],
    ["human", "Explain {topic} in one sentence."],
  ]);
  const chain = prompt.pipe(llm).pipe(new StringOutputParser());
  print(`   ${await chain.invoke({ language: "English", topic: "token streaming" })}\n`);

  print("3. stream, token by token");
  process.stdout.write("   ");
  let chunks = 0;
  let usage = "";
  for await (const chunk of await llm.stream("Stream a short greeting, please.")) {
    process.stdout.write(String(chunk.content));
    if (chunk.content !== "") chunks++;
    if (chunk.usage_metadata) usage = JSON.stringify(chunk.usage_metadata);
  }
  print(`\n   (${chunks} tokens streamed; usage reported once: ${usage})\n`);

  print("4. batch, two at a time");
  const replies = await llm.batch(["First question", "Second question", "Third question"], { maxConcurrency: 2 });
  for (const reply of replies) print(`   ${String(reply.content).slice(0, 100)}…`);

  print("\n5. tool calling: an agent loop with a strict Zod tool (optional fields come back absent, not null)");
  const getWeather = tool(async ({ city, unit }) => `21 degrees ${unit ?? "celsius"} in ${city}`, {
    name: "get_weather",
    description: "Current weather for a city",
    schema: z.object({ city: z.string(), unit: z.enum(["celsius", "fahrenheit"]).optional() }),
  });
  const agent = llm.bindTools([getWeather], { strict: true });
  // The emulator calls a tool the question relates to, with arguments taken from it ("Paris"), then answers from the result.
  const conversation: BaseMessage[] = [new HumanMessage("What's the weather in Paris?")];
  for (let step = 0; step < 3; step++) {
    const reply = await agent.invoke(conversation);
    conversation.push(reply);
    if (!reply.tool_calls?.length) {
      print(`   model: ${String(reply.content)}`);
      break;
    }
    for (const call of reply.tool_calls) {
      print(`   model calls ${call.name}(${JSON.stringify(call.args)})`);
      conversation.push(await getWeather.invoke(call));
    }
  }

  print("\n6. structured output: validated objects of a Zod schema's type");
  const Recipe = z.object({
    title: z.string(),
    servings: z.number().int().min(1),
    ingredients: z.array(z.object({ name: z.string(), grams: z.number().optional() })),
    vegetarian: z.boolean(),
  });
  const recipes = llm.withStructuredOutput(Recipe, { name: "Recipe" });
  const recipe = await recipes.invoke("Give me a simple pancake recipe.");
  print(`   ${JSON.stringify(recipe)}`);
  let partials = 0;
  for await (const _partial of await recipes.stream("Give me a simple pancake recipe.")) partials++;
  print(`   streamed as ${partials} growing partial objects, the last one validated`);

  print("\nDone. Run the tests with the Quick start's second command.");
} finally {
  await server.close();
}
