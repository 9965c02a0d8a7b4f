// Recorded-shape exchanges: each JSON file holds the non-streamed ChatCompletion and the SSE chunks of the same
// exchange (same ids, text and tool calls), so tests can check that both paths give the same message.

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { AIMessage, AIMessageChunk } from "@langchain/core/messages";
import type OpenAI from "openai";

export interface Exchange {
  name: string;
  description: string;
  completion: OpenAI.ChatCompletion;
  chunks: OpenAI.ChatCompletionChunk[];
}

const directory = __dirname;

/** Every exchange in this folder, sorted by name. */
export function loadExchanges(): Exchange[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => loadExchange(file.slice(0, -".json".length)));
}

/** One exchange by file name (without `.json`); a fresh copy on every call, so tests may edit it. */
export function loadExchange(name: string): Exchange {
  const data = JSON.parse(readFileSync(path.join(directory, `${name}.json`), "utf8")) as Omit<Exchange, "name">;
  return { name, ...data };
}

/** The parts of a message that must agree between the streamed and non-streamed paths of one exchange. */
export function comparableMessage(message: AIMessage | AIMessageChunk) {
  return {
    content: message.content,
    id: message.id,
    tool_calls: message.tool_calls,
    invalid_tool_calls: message.invalid_tool_calls,
    usage_metadata: message.usage_metadata,
    response_metadata: message.response_metadata,
    additional_kwargs: message.additional_kwargs,
  };
}
