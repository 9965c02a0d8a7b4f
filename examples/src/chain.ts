// A chain: ChatPromptTemplate -> prompt.pipe(llm) -> StringOutputParser, invoked once and batched.
// Run: `pnpm examples chain` from the repository root (builds, then runs this file; `pnpm examples` runs them all).
// Emulator: over HTTP (`createEmulator().listen()`), as any app that takes a base URL would use it. A scenario scripts
// the translations so the output means something; without it the built-in model would answer with a generic sentence.
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { StringOutputParser } from "@langchain/core/output_parsers";
import { ChatOpenAI } from "@tessera/openai";
import { createEmulator, type ScenarioRule } from "@tessera/openai-emulator";
import { check } from "./check.js";

const translations: Record<string, string> = {
  French: "Le cache garde les réponses déjà payées.",
  German: "Der Cache behält bereits bezahlte Antworten.",
  Spanish: "La caché guarda las respuestas ya pagadas.",
};
// One rule per language, matched on the rendered system message: the rule proves the template filled {language} in.
const rules: ScenarioRule[] = Object.entries(translations).map(([language, text]) => ({
  name: `translate into ${language}`,
  match: { system: { contains: `into ${language}` } },
  respond: { text },
}));

const emulator = createEmulator({ scenarios: rules });
const server = await emulator.listen();
try {
  // Against the real API: drop `configuration` and set OPENAI_API_KEY (the checks below expect the scripted answers).
  const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "example-key", configuration: { baseURL: server.url } });
  const prompt = ChatPromptTemplate.fromMessages([
    ["system", "Translate the user's text into {language}. Answer with the translation only."],
    ["human", "{text}"],
  ]);
  const chain = prompt.pipe(llm).pipe(new StringOutputParser());
  const text = "The cache keeps answers you already paid for.";

  console.log(`emulator: ${server.url}`);
  const french = await chain.invoke({ language: "French", text });
  console.log(`invoke  French  -> ${french}`);
  check(typeof french === "string" && french === translations.French, `the parser returns the reply's text: ${french}`);

  // What went over the wire: the template rendered into two messages.
  const sent = emulator.journal.last({ path: "/v1/chat/completions" })?.request.body as { messages: Array<{ role: string; content: string }> };
  for (const message of sent.messages) console.log(`        sent ${message.role}: ${message.content}`);
  check(sent.messages[0]?.content === "Translate the user's text into French. Answer with the translation only.", "the system template is filled in");
  check(sent.messages[1]?.content === text, "the human template is filled in");

  const [german, spanish] = await chain.batch([
    { language: "German", text },
    { language: "Spanish", text },
  ]);
  console.log(`batch   German  -> ${german}`);
  console.log(`batch   Spanish -> ${spanish}`);
  check(german === translations.German && spanish === translations.Spanish, "batch keeps the inputs' order");
  check(emulator.journal.entries({ path: "/v1/chat/completions" }).length === 3, "one request per input");
} finally {
  await server.close();
}
