// The Quick start demo: an OpenAI client talking to the emulator over real HTTP, no API key or network needed.
import OpenAI from "openai";
import { createEmulator } from "@tessera/openai-emulator";

const server = await createEmulator().listen();
const client = new OpenAI({ baseURL: server.url, apiKey: "demo-key" });
const model = "gpt-4o-mini";
const print = (line = "") => process.stdout.write(`${line}\n`);

try {
  print(`Emulator listening at ${server.url}\n`);

  print("1. A plain completion");
  const completion = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "Say hello to the Tessera demo." }],
  });
  print(`   ${completion.choices[0]?.message.content}`);
  print(`   model=${completion.model} usage=${JSON.stringify(completion.usage && { prompt: completion.usage.prompt_tokens, completion: completion.usage.completion_tokens })}\n`);

  print("2. The same question, streamed token by token");
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: "user", content: "Say hello to the Tessera demo." }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let chunks = 0;
  process.stdout.write("   ");
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.delta.content;
    if (text) {
      chunks++;
      process.stdout.write(text);
    }
    if (chunk.usage) print(`\n   (${chunks} content chunks, usage reported once: ${chunk.usage.total_tokens} tokens)\n`);
  }

  print("3. A tool-calling loop: the model asks for get_weather, we run it, the model answers");
  const tools: OpenAI.ChatCompletionTool[] = [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "Current weather for a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
          required: ["city", "unit"],
          additionalProperties: false,
        },
        strict: true,
      },
    },
  ];
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "What's the weather? Use get_weather." }];
  const first = await client.chat.completions.create({ model, messages, tools });
  const call = first.choices[0]?.message.tool_calls?.[0];
  if (call?.type !== "function") throw new Error("expected a function tool call");
  print(`   model called ${call.function.name}(${call.function.arguments})`);
  messages.push(first.choices[0]!.message, { role: "tool", tool_call_id: call.id, content: JSON.stringify({ temperature: 21 }) });
  const answer = await client.chat.completions.create({ model, messages, tools });
  print(`   ${answer.choices[0]?.message.content}`);
  print(`   finish_reason=${answer.choices[0]?.finish_reason}\n`);
  print("Done. Run the tests with the Quick start's second command.");
} finally {
  await server.close();
}
