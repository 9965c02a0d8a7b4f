// The client's counter on the Responses truth set (libs/openai-tokens/src/__fixtures__/responses-truth-set: real
// /v1/responses requests and the input_tokens the API reported). Each recorded request is restated as what a
// ChatOpenAI user holds (LangChain messages, tools) and counted with getNumTokensFromMessages on the Responses API; the
// emulator, which the emulator's own test holds to the reported figures (except its listed misses), answers the same
// request. Client and emulator must agree; and where the emulator is exact, so is the client.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { createEmulator } from "@tessera/openai-emulator";
import { ChatOpenAI } from "../chat-openai.js";
import type { ChatOpenAIToolType } from "../chat-openai-fields.js";

interface Item {
  type?: string;
  role?: string;
  content?: string | Array<{ type: string; text?: string }>;
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string;
}

interface TruthEntry {
  id: string;
  request: { model: string; input: string | Item[]; instructions?: string; tools?: Array<Record<string, unknown>>; tool_choice?: unknown; text?: { format?: { type?: string } } };
  usage: { input_tokens: number };
}

const folder = path.join(__dirname, "../../../openai-tokens/src/__fixtures__/responses-truth-set");
const entries: TruthEntry[] = readdirSync(folder)
  .filter((name) => name.endsWith(".jsonl"))
  .sort()
  .flatMap((name) => readFileSync(path.join(folder, name), "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as TruthEntry));
const knownMisses = JSON.parse(readFileSync(path.join(folder, "known-misses.json"), "utf8")) as Record<string, { counted: number | string }>;

const text = (content: Item["content"]): string => (typeof content === "string" ? content : (content ?? []).map((part) => part.text ?? "").join(""));

/**
 * The request as LangChain messages and tools, or why it has no such form: a json_schema `text.format` (the counter
 * takes no response format), call arguments that are not in JSON.stringify's form (LangChain keeps arguments as
 * objects, so they are sent re-serialized), or system and developer messages mixed (one systemRole per model).
 */
function restate(entry: TruthEntry): { messages: BaseMessage[]; tools: ChatOpenAIToolType[]; systemRole: "system" | "developer"; toolChoice?: string } | string {
  const { request } = entry;
  if (request.text?.format?.type === "json_schema") return "json_schema format";
  const items: Item[] = typeof request.input === "string" ? [{ role: "user", content: request.input }] : request.input;
  const roles = new Set(items.map((item) => item.role).filter((role) => role === "system" || role === "developer"));
  if (request.instructions) roles.add("developer");
  if (roles.size > 1) return "system and developer messages";
  const messages: BaseMessage[] = request.instructions ? [new SystemMessage(request.instructions)] : [];
  for (const item of items) {
    if (item.type === "function_call") {
      const args = JSON.parse(item.arguments ?? "{}") as Record<string, unknown>;
      if (JSON.stringify(args) !== item.arguments) return "arguments not in JSON.stringify form";
      const call = { id: item.call_id!, name: item.name!, args, type: "tool_call" as const };
      const last = messages.at(-1);
      if (last instanceof AIMessage && (last.tool_calls?.length ?? 0) > 0) last.tool_calls!.push(call);
      else messages.push(new AIMessage({ content: "", tool_calls: [call] }));
    } else if (item.type === "function_call_output") {
      messages.push(new ToolMessage({ content: item.output ?? "", tool_call_id: item.call_id! }));
    } else if (item.role === "assistant") {
      messages.push(new AIMessage(text(item.content)));
    } else if (item.role === "user") {
      messages.push(new HumanMessage(text(item.content)));
    } else {
      messages.push(new SystemMessage(text(item.content)));
    }
  }
  const tools = (request.tools ?? []).map(({ name, description, parameters, strict }) => ({
    type: "function" as const,
    function: { name: name as string, ...(description != null && { description: description as string }), parameters: parameters as Record<string, unknown>, ...(strict != null && { strict: strict as boolean }) },
  }));
  const choice = request.tool_choice as string | { name?: string } | undefined;
  const toolChoice = typeof choice === "object" ? choice.name : choice;
  return { messages, tools, systemRole: roles.has("developer") ? "developer" : "system", ...(toolChoice !== undefined && { toolChoice }) };
}

describe("getNumTokensFromMessages on the Responses truth set", () => {
  it("counts what the emulator reports for every request it can restate, and so the API's figure where the emulator's is exact", async () => {
    const emulator = createEmulator();
    const disagreements: unknown[] = [];
    let compared = 0;
    let exact = 0;
    for (const entry of entries) {
      const restated = restate(entry);
      const emulated = knownMisses[entry.id]?.counted ?? entry.usage.input_tokens;
      if (typeof restated === "string" || typeof emulated === "string") continue;
      const llm = new ChatOpenAI({ model: entry.request.model, apiKey: "k", useResponsesApi: true, systemRole: restated.systemRole, configuration: { fetch: emulator.fetch } });
      const { totalCount } = await llm.getNumTokensFromMessages(restated.messages, { tools: restated.tools, ...(restated.toolChoice !== undefined && { toolChoice: restated.toolChoice }) });
      compared++;
      if (totalCount === entry.usage.input_tokens) exact++;
      if (totalCount !== emulated) disagreements.push({ id: entry.id, client: totalCount, emulator: emulated, reported: entry.usage.input_tokens });
    }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(150);
    process.stdout.write(`\nResponses truth set, client counter: ${exact} of ${compared} restated requests exact\n`);
  }, 120_000);

  it("counts Chat Completions and Responses apart for the same messages with tools", async () => {
    const llm = new ChatOpenAI({ model: "gpt-4o", apiKey: "k" });
    const messages = [new HumanMessage("What's the weather like in San Francisco?")];
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
    const chat = await llm.getNumTokensFromMessages(messages, { tools });
    const responses = await llm.getNumTokensFromMessages(messages, { tools, useResponsesApi: true });
    expect(chat.totalCount - responses.totalCount).toBe(6);
    const onResponses = new ChatOpenAI({ model: "gpt-4o", apiKey: "k", useResponsesApi: true });
    expect((await onResponses.getNumTokensFromMessages(messages, { tools })).totalCount).toBe(responses.totalCount);
  });
});
