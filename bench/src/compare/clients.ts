// The four clients under comparison, each behind the same small interface so the harness drives them alike: the raw
// `openai` SDK (the yardstick), `@langchain/openai`, Vercel's `@ai-sdk/openai` through `ai` (chat model:
// `openai.chat(...)`), and our `@tessera/openai`. Every adapter returns what a user would read (text, tool
// arguments, usage), which the harness checks, so a fast but wrong client cannot win.
import { createOpenAI } from "@ai-sdk/openai";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import { ChatOpenAI as LangChainChatOpenAI } from "@langchain/openai";
import { ChatOpenAI as TesseraChatOpenAI } from "@tessera/openai";
import { generateText, jsonSchema, streamText, tool } from "ai";
import OpenAI from "openai";
import { TOOL, type Usage } from "./fixtures.js";

(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

/** What one reply added up to, as the user sees it. */
export interface Reply {
  text: string;
  usage: Usage | undefined;
  /** Chunks (or parts) the client yielded; 1 for an invoke. */
  chunks: number;
}

/** A tool-call stream's result. */
export interface ToolReply {
  name: string;
  args: string;
  usage: Usage | undefined;
}

/** One client under comparison. */
export interface Client {
  invoke(): Promise<Reply>;
  streamText(): Promise<Reply>;
  streamTool(): Promise<ToolReply>;
  batch(calls: number, concurrency: number): Promise<Reply[]>;
}

/** The client names, raw SDK first (the yardstick). */
export const CLIENTS = ["openai SDK", "@langchain/openai", "@ai-sdk/openai", "@tessera/openai"] as const;
/** One of {@link CLIENTS}. */
export type ClientName = (typeof CLIENTS)[number];

const MODEL = "gpt-4o-mini";
const PROMPT = "Say hello.";
const API_KEY = "bench-key";

const url = (origin: string, kind: string) => `${origin}/${kind}/v1`;

/** Runs `run` `calls` times with at most `concurrency` in flight, answers in order. */
async function pool<T>(calls: number, concurrency: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(calls);
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      const index = next++;
      results[index] = await run();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  return results;
}

function sdkClient(origin: string): Client {
  const make = (kind: string) => new OpenAI({ baseURL: url(origin, kind), apiKey: API_KEY });
  const invokeSdk = make("invoke");
  const textSdk = make("text");
  const toolSdk = make("tool");
  const usageOf = (usage: OpenAI.CompletionUsage | null | undefined): Usage | undefined =>
    usage ? { input: usage.prompt_tokens, output: usage.completion_tokens, total: usage.total_tokens } : undefined;
  const invoke = async (): Promise<Reply> => {
    const completion = await invokeSdk.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: PROMPT }] });
    return { text: completion.choices[0]?.message.content ?? "", usage: usageOf(completion.usage), chunks: 1 };
  };
  return {
    invoke,
    async streamText() {
      const stream = await textSdk.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: PROMPT }], stream: true, stream_options: { include_usage: true } });
      let text = "";
      let chunks = 0;
      let usage: Usage | undefined;
      for await (const chunk of stream) {
        chunks++;
        text += chunk.choices[0]?.delta.content ?? "";
        if (chunk.usage) usage = usageOf(chunk.usage);
      }
      return { text, usage, chunks };
    },
    async streamTool() {
      const stream = await toolSdk.chat.completions.create({
        model: MODEL,
        messages: [{ role: "user", content: PROMPT }],
        tools: [{ type: "function", function: { ...TOOL } }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let name = "";
      let args = "";
      let usage: Usage | undefined;
      for await (const chunk of stream) {
        const call = chunk.choices[0]?.delta.tool_calls?.[0];
        if (call?.function?.name) name = call.function.name;
        args += call?.function?.arguments ?? "";
        if (chunk.usage) usage = usageOf(chunk.usage);
      }
      return { name, args, usage };
    },
    batch: (calls, concurrency) => pool(calls, concurrency, invoke),
  };
}

type ChatModelClass = new (fields: { model: string; apiKey: string; streamUsage: boolean; configuration: { baseURL: string } }) => BaseChatModel;

// @langchain/openai and @tessera/openai are both LangChain chat models, driven the way their users call them.
function langChainClient(Model: ChatModelClass, origin: string): Client {
  const make = (kind: string) => new Model({ model: MODEL, apiKey: API_KEY, streamUsage: true, configuration: { baseURL: url(origin, kind) } });
  const invokeModel = make("invoke");
  const textModel = make("text");
  const toolModel = make("tool").bindTools?.([{ type: "function", function: { ...TOOL } }]);
  if (toolModel === undefined) throw new Error("bindTools missing");
  const usageOf = (message: AIMessageChunk): Usage | undefined =>
    message.usage_metadata ? { input: message.usage_metadata.input_tokens, output: message.usage_metadata.output_tokens, total: message.usage_metadata.total_tokens } : undefined;
  const add = (sum: Usage | undefined, more: Usage | undefined): Usage | undefined =>
    more === undefined ? sum : sum === undefined ? more : { input: sum.input + more.input, output: sum.output + more.output, total: sum.total + more.total };
  const replyOf = (message: AIMessageChunk): Reply => ({ text: typeof message.content === "string" ? message.content : "", usage: usageOf(message), chunks: 1 });
  return {
    invoke: async () => replyOf((await invokeModel.invoke(PROMPT)) as AIMessageChunk),
    async streamText() {
      let text = "";
      let chunks = 0;
      let usage: Usage | undefined;
      for await (const chunk of await textModel.stream(PROMPT)) {
        chunks++;
        if (typeof chunk.content === "string") text += chunk.content;
        // Summed, so a client that reports usage more than once fails the check.
        usage = add(usage, usageOf(chunk as AIMessageChunk));
      }
      return { text, usage, chunks };
    },
    async streamTool() {
      let name = "";
      let args = "";
      let usage: Usage | undefined;
      for await (const chunk of await toolModel.stream(PROMPT)) {
        for (const piece of (chunk as AIMessageChunk).tool_call_chunks ?? []) {
          if (piece.index !== undefined && piece.index !== 0) continue;
          if (piece.name) name = piece.name;
          args += piece.args ?? "";
        }
        usage = add(usage, usageOf(chunk as AIMessageChunk));
      }
      return { name, args, usage };
    },
    async batch(calls, concurrency) {
      const inputs = Array.from({ length: calls }, () => PROMPT);
      return (await invokeModel.batch(inputs, { maxConcurrency: concurrency })).map((message) => replyOf(message as AIMessageChunk));
    },
  };
}

function aiSdkClient(origin: string): Client {
  const chat = (kind: string) => createOpenAI({ baseURL: url(origin, kind), apiKey: API_KEY }).chat(MODEL);
  const invokeModel = chat("invoke");
  const textModel = chat("text");
  const toolModel = chat("tool");
  const tools = { [TOOL.name]: tool({ description: TOOL.description, inputSchema: jsonSchema<{ content: string }>(TOOL.parameters) }) };
  const usageOf = (usage: { inputTokens: number | undefined; outputTokens: number | undefined; totalTokens: number | undefined }): Usage | undefined =>
    usage.inputTokens === undefined ? undefined : { input: usage.inputTokens, output: usage.outputTokens ?? Number.NaN, total: usage.totalTokens ?? Number.NaN };
  const invoke = async (): Promise<Reply> => {
    const result = await generateText({ model: invokeModel, prompt: PROMPT, maxRetries: 2 });
    return { text: result.text, usage: usageOf(result.usage), chunks: 1 };
  };
  const fail = (error: unknown) => {
    throw error;
  };
  return {
    invoke,
    async streamText() {
      const result = streamText({ model: textModel, prompt: PROMPT, onError: ({ error }) => fail(error) });
      let text = "";
      let chunks = 0;
      for await (const delta of result.textStream) {
        chunks++;
        text += delta;
      }
      return { text, usage: usageOf(await result.usage), chunks };
    },
    async streamTool() {
      const result = streamText({ model: toolModel, prompt: PROMPT, tools, onError: ({ error }) => fail(error) });
      let name = "";
      let args = "";
      let parsed: unknown;
      for await (const part of result.fullStream) {
        if (part.type === "tool-input-start") name = part.toolName;
        else if (part.type === "tool-input-delta") args += part.delta;
        else if (part.type === "tool-call") parsed = part.input;
        else if (part.type === "error") throw part.error;
      }
      // The parsed input must match the streamed text too.
      if (JSON.stringify(parsed) !== JSON.stringify(JSON.parse(args))) args = `parsed input differs: ${JSON.stringify(parsed)}`;
      return { name, args, usage: usageOf(await result.usage) };
    },
    batch: (calls, concurrency) => pool(calls, concurrency, invoke),
  };
}

/** Builds the named client against the comparison server at `origin` (http://127.0.0.1:PORT). */
export function makeClient(name: ClientName, origin: string): Client {
  switch (name) {
    case "openai SDK":
      return sdkClient(origin);
    case "@langchain/openai":
      return langChainClient(LangChainChatOpenAI as unknown as ChatModelClass, origin);
    case "@ai-sdk/openai":
      return aiSdkClient(origin);
    case "@tessera/openai":
      return langChainClient(TesseraChatOpenAI as unknown as ChatModelClass, origin);
  }
}
