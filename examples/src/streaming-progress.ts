// Streaming to the terminal with a progress display: the text appears as it arrives, and each finished line ends with
// the chunks and tokens so far and the rate. Plain appended text, no cursor moves or `\r`, so CI logs read the same.
// Run: `pnpm examples streaming-progress` from the repository root.
// Emulator: over HTTP (`createEmulator().listen()`). A scenario scripts a four-line answer and paces it with the
// emulator's `slow` fault (first token after 150 ms, then 250 tokens/s), so the rate shown is a real measurement.
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { check } from "./check.js";

const poem = [
  "Tokens arrive like rain on a tin roof,",
  "each one a word or a piece of a word;",
  "the usage comes last, counted and exact,",
  "and the screen keeps up with every drop.",
].join("\n");

const emulator = createEmulator({ scenarios: [{ name: "a paced poem", respond: { text: poem, fault: "slow:ttft=150,tps=250" } }] });
const server = await emulator.listen();
try {
  // Against the real API: drop `configuration` and set OPENAI_API_KEY. A custom base URL gets no stream usage unless
  // asked for (many compatible servers reject it), hence `streamUsage: true`.
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "example-key", streamUsage: true, configuration: { baseURL: server.url } });

  let firstChunkAt = 0;
  let firstChunkTokens = 0;
  let chunks = 0;
  let text = "";
  let outputTokens: number | undefined;
  // Tokens are counted from the text with the model's tokenizer (offline), since a chunk may hold several tokens on
  // other servers. The rate counts the tokens that came after the first chunk, over the time since it came.
  const progress = async () => {
    const tokens = await llm.getNumTokens(text);
    const seconds = (performance.now() - firstChunkAt) / 1000;
    return `   [${chunks} chunks, ${tokens} tokens, ${((tokens - firstChunkTokens) / seconds).toFixed(0)} tokens/s]`;
  };

  for await (const chunk of await llm.stream("Write a four-line poem about streaming.")) {
    if (chunk.usage_metadata) outputTokens = chunk.usage_metadata.output_tokens;
    const piece = String(chunk.content);
    if (piece === "") continue;
    if (chunks === 0) {
      firstChunkAt = performance.now();
      firstChunkTokens = await llm.getNumTokens(piece);
    }
    chunks++;
    const lines = piece.split("\n");
    for (const [index, part] of lines.entries()) {
      if (index > 0) process.stdout.write(`${await progress()}\n`);
      process.stdout.write(part);
      text += (index > 0 ? "\n" : "") + part;
    }
  }
  process.stdout.write(`${await progress()}\n`);
  const counted = await llm.getNumTokens(text);
  console.log(`done: ${chunks} chunks; ${counted} tokens counted offline, ${String(outputTokens)} reported by the server`);

  check(text === poem, "the streamed text is the whole answer, in order");
  check(chunks > 4, `the answer came in many chunks: ${chunks}`);
  check(outputTokens === counted, `the offline count matches the usage chunk: ${counted} against ${String(outputTokens)}`);
} finally {
  await server.close();
}
