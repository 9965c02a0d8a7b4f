// The Quick start demo: ChatOpenAI from @tessera/openai against the OpenAI emulator over real HTTP.
// No API key or network is needed; point `baseURL` at the real API (or drop it) and the same code runs there.
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";

const server = await createEmulator().listen();
const print = (line = "") => process.stdout.write(`${line}\n`);

try {
  // A custom base URL gets no stream usage unless asked (many compatible servers reject it); the emulator supports it.
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "demo-key", configuration: { baseURL: server.url }, streamUsage: true });
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
  print("\nDone. Run the tests with the Quick start's second command.");
} finally {
  await server.close();
}
