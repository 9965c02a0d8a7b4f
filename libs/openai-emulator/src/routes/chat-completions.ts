import { countChatPromptTokens, loadEncoding } from "@tessera/openai-tokens";
import type { EmulatorContext } from "../context.js";
import { stableStringify } from "../engine/conversation.js";
import { generateChoice, type GeneratedChoice } from "../engine/generate-choice.js";
import { buildTokenLogprobs, type TokenLogprob } from "../engine/logprobs.js";
import type { ModelProfile } from "../engine/models.js";
import { createRandom, type Random } from "../engine/random.js";
import { createSseStream } from "../sse.js";
import { validateChatRequest } from "../validate/validate-chat-request.js";
import { validateRequestSchemas } from "../validate/validate-request-schemas.js";
import type { ChatCompletionRequest } from "../wire.js";
import { buildCompletion, buildUsage, type CompletionEnvelope } from "./chat-completion-body.js";
import { streamCompletion } from "./chat-completion-stream.js";
import { jsonResponse } from "./respond.js";
import { invalidRequest } from "../errors.js";

/**
 * `POST /v1/chat/completions`: validates like the real API (first error wins), generates deterministic choices, and
 * answers as one `chat.completion` or as an SSE stream of `chat.completion.chunk`s.
 */
export async function handleChatCompletions(request: Request, context: EmulatorContext, requestId: string): Promise<Response> {
  const started = context.now();
  const { request: body, model } = validateChatRequest(await request.text(), context);
  validateRequestSchemas(body, context.strictLimits);

  const prompt = await countPrompt(body, model);
  checkContextLength(body, model, prompt);
  const encoder = await loadEncoding(model.encoding);
  const random = createRandom(contentSeed(body));
  const choices = Array.from({ length: body.n ?? 1 }, (_, index) =>
    generateChoice({ request: body, model, encoder, ids: context.ids, random }, index),
  );
  const usage = buildUsage(prompt, choices);
  const logprobs = choices.map((choice) => choiceLogprobs(body, choice, random));
  const envelope: CompletionEnvelope = {
    id: context.ids.completion(),
    created: Math.floor(started / 1000),
    model: model.snapshot,
    service_tier: resolveServiceTier(body.service_tier),
    system_fingerprint: systemFingerprint(model),
  };
  const headers = {
    "x-request-id": requestId,
    "openai-version": "2020-10-01",
    "openai-processing-ms": String(Math.max(1, Math.round(context.now() - started))),
    ...context.rateLimits.record(usage.total_tokens, started),
  };

  if (body.stream === true) {
    const framing = {
      includeUsage: body.stream_options?.include_usage === true,
      obfuscation: body.stream_options?.include_obfuscation === false ? undefined : random.fork("obfuscation"),
    };
    return new Response(createSseStream(streamCompletion(envelope, choices, logprobs, usage, framing)), {
      status: 200,
      headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
    });
  }
  return jsonResponse(200, buildCompletion(envelope, choices, logprobs, usage), headers);
}

// prompt_tokens as the API counts them: messages, tool (or function) definitions and the tool choice.
async function countPrompt(body: ChatCompletionRequest, model: ModelProfile): Promise<number> {
  const counted = await countChatPromptTokens({
    model: model.id,
    messages: body.messages,
    tools: body.tools,
    functions: body.functions,
    toolChoice: body.tool_choice,
    functionCall: body.function_call,
    encoding: model.encoding,
  });
  return counted.totalCount;
}

// The API refuses a request whose prompt plus requested output does not fit the model's context window.
function checkContextLength(body: ChatCompletionRequest, model: ModelProfile, promptTokens: number): void {
  const output = body.max_completion_tokens ?? body.max_tokens ?? 0;
  if (promptTokens + output <= model.contextWindow) return;
  const message =
    output > 0
      ? `This model's maximum context length is ${model.contextWindow} tokens. However, you requested ${promptTokens + output} tokens ` +
        `(${promptTokens} in the messages, ${output} in the completion). Please reduce the length of the messages or completion.`
      : `This model's maximum context length is ${model.contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens. ` +
        "Please reduce the length of the messages.";
  throw invalidRequest(message, "messages", "context_length_exceeded");
}

// Only what shapes the content seeds the generator: the same conversation streamed or not, with any n, stop or
// max_tokens, starts from the same text (stop and limits then cut it).
function contentSeed(body: ChatCompletionRequest): string {
  const { model, messages, tools, tool_choice, parallel_tool_calls, functions, function_call, response_format, seed } = body;
  return stableStringify({ model, messages, tools, tool_choice, parallel_tool_calls, functions, function_call, response_format, seed });
}

function choiceLogprobs(body: ChatCompletionRequest, choice: GeneratedChoice, random: Random): TokenLogprob[] | null {
  if (body.logprobs !== true) return null;
  return buildTokenLogprobs(choice.textTokens, body.top_logprobs ?? 0, random.fork(`logprobs:${choice.index}`));
}

// The tier that served the request: "auto" and "default" run on default; "fast" is served as priority.
function resolveServiceTier(requested: string | null | undefined): string {
  switch (requested) {
    case "flex":
    case "scale":
    case "priority":
      return requested;
    case "fast":
      return "priority";
    default:
      return "default";
  }
}

function systemFingerprint(model: ModelProfile): string {
  const random = createRandom(`fingerprint:${model.snapshot}`);
  let hex = "";
  for (let index = 0; index < 10; index++) hex += random.int(0, 15).toString(16);
  return `fp_${hex}`;
}
