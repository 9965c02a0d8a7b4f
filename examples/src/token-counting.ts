// Token counting and trimming history: count a conversation offline with `getNumTokensFromMessages`, trim it to a
// budget with @langchain/core's `trimMessages` and our `createTokenCounter`, and compare each count with the
// `prompt_tokens` the server reports for the same request.
// Run: `pnpm examples token-counting` from the repository root.
// Emulator: in-process (`createEmulator()` as the SDK's `fetch`). It reports usage counted with the real tokenizer.
// Its counter and ours share @tessera/openai-tokens, so agreement here shows the wiring, not accuracy: accuracy is
// measured against 2,284 real API requests in docs/token-counting.md.
import { AIMessage, HumanMessage, SystemMessage, trimMessages, type BaseMessage } from "@langchain/core/messages";
import { ChatOpenAI, createTokenCounter } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { check } from "./check.js";

const emulator = createEmulator();
// Against the real API: drop `configuration` and set OPENAI_API_KEY.
const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "example-key", configuration: { baseURL: "http://emulator/v1", fetch: emulator.fetch } });

const history: BaseMessage[] = [new SystemMessage("You are a travel assistant. Keep answers short.")];
const trips = ["Lisbon", "Kyoto", "Oaxaca", "Tromsø", "Marrakesh", "Hoi An"];
for (const city of trips) {
  history.push(new HumanMessage(`What should I not miss in ${city}?`));
  history.push(new AIMessage(`In ${city}, walk the old town early, eat where the locals queue, and leave a day unplanned.`));
}
history.push(new HumanMessage("Which of these places is best in winter?"));

async function send(label: string, messages: BaseMessage[]): Promise<number> {
  const { totalCount } = await llm.getNumTokensFromMessages(messages);
  const reply = await llm.invoke(messages);
  const reported = reply.usage_metadata?.input_tokens;
  console.log(`${label}: ${messages.length} messages, ${totalCount} tokens counted offline, ${String(reported)} reported by the server`);
  check(reported === totalCount, `the offline count is the reported prompt_tokens (${totalCount} against ${String(reported)})`);
  return totalCount;
}

const fullCount = await send("full history   ", history);

// Keep the system message and the newest turns that fit in 120 tokens, starting on a human message.
const budget = 120;
const trimmed = await trimMessages(history, {
  maxTokens: budget,
  strategy: "last",
  tokenCounter: createTokenCounter("gpt-4o-mini"), // counts like the API: message framing included
  includeSystem: true,
  startOn: "human",
});
const trimmedCount = await send("trimmed history", trimmed);
console.log(`kept: ${trimmed.map((message) => message.getType()).join(", ")}; last: "${String(trimmed.at(-1)?.content)}"`);
// Passing the model itself as `tokenCounter` would count the contents only, not what the API bills.
const contentsOnly = (await Promise.all(trimmed.map((message) => llm.getNumTokens(message.content)))).reduce((sum, count) => sum + count, 0);
console.log(`contents alone: ${contentsOnly} tokens; the ${trimmedCount - contentsOnly} more are the chat format's framing`);

check(trimmedCount <= budget && trimmedCount < fullCount, `the trimmed prompt fits the budget: ${trimmedCount} <= ${budget}`);
check(trimmed[0]?.getType() === "system" && trimmed[1]?.getType() === "human", "the system message is kept, and the turns start on a human message");
check(trimmed.at(-1)?.content === history.at(-1)?.content, "the newest message is kept");
check(contentsOnly < trimmedCount, "framing is counted");
