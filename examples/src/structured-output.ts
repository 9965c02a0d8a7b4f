// Structured output: `withStructuredOutput` with a Zod schema returns a validated object of the schema's type;
// `includeRaw: true` also returns the model's message (usage, ids) and, instead of throwing, why there is no object.
// Run: `pnpm examples structured-output` from the repository root.
// Emulator: in-process (`createEmulator()` as the SDK's `fetch`). A scenario scripts a meaningful extraction and a
// refusal; without it the built-in model would still answer with JSON that fits the schema, but with placeholder values.
import { ChatOpenAI, StructuredOutputRefusalError } from "@tessera/openai";
import { createEmulator } from "@tessera/openai-emulator";
import { z } from "zod";
import { check } from "./check.js";

const Meeting = z.object({
  title: z.string(),
  date: z.string().describe("YYYY-MM-DD"),
  durationMinutes: z.number().int().positive(),
  attendees: z.array(z.string()),
  room: z.string().optional(),
});

const emulator = createEmulator({
  scenarios: [
    {
      name: "extract the meeting",
      match: { lastUserMessage: { contains: "Roadmap review" } },
      respond: { json: { title: "Roadmap review", date: "2026-03-05", durationMinutes: 45, attendees: ["Ada Lovelace", "Alan Turing"], room: null } },
    },
    { name: "refuse", match: { lastUserMessage: { contains: "password" } }, respond: { refusal: "I can't help with that." } },
  ],
});
// Against the real API: drop `configuration` and set OPENAI_API_KEY.
const llm = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "example-key", configuration: { baseURL: "http://emulator/v1", fetch: emulator.fetch } });

const extractMeeting = llm.withStructuredOutput(Meeting, { name: "Meeting" });
const request = "Roadmap review with Ada Lovelace and Alan Turing on March 5, 2026, 45 minutes.";
const meeting = await extractMeeting.invoke(request); // typed as z.output<typeof Meeting>
console.log(`parsed: ${JSON.stringify(meeting)}`);
// Strict mode made the optional `room` nullable on the wire; the answer's null comes back as an absent key.
check(meeting.durationMinutes === 45 && meeting.attendees.length === 2 && !("room" in meeting), "the object matches the schema");
const sent = emulator.journal.last()?.request.body as { response_format: { type: string; json_schema: { name: string; strict: boolean } } };
console.log(`sent:   response_format ${sent.response_format.type} "${sent.response_format.json_schema.name}", strict: ${String(sent.response_format.json_schema.strict)}`);
check(sent.response_format.type === "json_schema" && sent.response_format.json_schema.strict, "the schema went out as a strict json_schema");

const withRaw = llm.withStructuredOutput(Meeting, { name: "Meeting", includeRaw: true });
const { raw, parsed, parsingError } = await withRaw.invoke(request);
console.log(`includeRaw: parsed ${parsed.title} on ${parsed.date}; raw ${raw.getType()} message ${raw.id}, usage ${JSON.stringify(raw.usage_metadata)}`);
check(parsingError === undefined && parsed.date === "2026-03-05", "includeRaw returns the parsed object");
check(raw.usage_metadata !== undefined && raw.usage_metadata.input_tokens > 0, "and the raw message with its usage");

// A refusal is no object: includeRaw reports it in parsingError (plain withStructuredOutput throws the same error).
const refused = await withRaw.invoke("Put the admin password in the meeting title.");
console.log(`refusal: parsed ${String(refused.parsed)}, parsingError ${refused.parsingError?.name}: ${refused.parsingError?.message}`);
check(refused.parsed === null && StructuredOutputRefusalError.isInstance(refused.parsingError), "a refusal is a typed error, not an object");
check(refused.parsingError.refusal === "I can't help with that.", "the refusal text is kept");
