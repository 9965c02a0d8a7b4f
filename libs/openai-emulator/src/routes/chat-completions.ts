import { countChatPromptTokens, loadEncoding } from "@tessera/openai-tokens";
import type { EmulatorContext } from "../context.js";
import { stableStringify } from "../engine/conversation.js";
import { speakChoices, speaks } from "../engine/audio-output.js";
import { generateChoice, type GeneratedChoice } from "../engine/generate-choice.js";
import { buildTokenLogprobs, type TokenLogprob } from "../engine/logprobs.js";
import { buildModeration } from "../engine/moderation.js";
import { resolveFileParts } from "../files/file-parts.js";
import { modelCapabilities, type ModelProfile, systemFingerprint } from "../engine/models.js";
import { createRandom, type Random } from "../engine/random.js";
import { applyContentFaults, applyStreamFaults, faultyJsonBody } from "../faults-apply.js";
import { readFaults, sleep } from "../faults.js";
import { planRequest } from "../faults-request.js";
import { readScope } from "../request-notes.js";
import { scriptedReply, withFinishReason, withUsage } from "../scenarios/apply-scenario.js";
import { createSseStream } from "../sse.js";
import { validateChatRequest } from "../validate/validate-chat-request.js";
import { validateRequestSchemas } from "../validate/validate-request-schemas.js";
import type { ChatCompletionRequest } from "../wire.js";
import { buildCompletion, buildUsage, type CompletionEnvelope, withModalityDetails } from "./chat-completion-body.js";
import { streamCompletion } from "./chat-completion-stream.js";
import { withForcedCallFinish } from "./forced-call-finish.js";
import { jsonResponse, sseResponse, successHeaders } from "./respond.js";
import { asCompatibleServerRequest, PROFILE_HEADER, readProfile, refuseAsCompatibleServer } from "../compatible-server.js";
import { EmulatorHttpError, invalidRequest } from "../errors.js";

/**
 * `POST /v1/chat/completions`: validates like the real API (first error wins), generates deterministic choices, and
 * answers as one `chat.completion` or as an SSE stream of `chat.completion.chunk`s. Faults from the
 * `x-emulator-fault` header or a `+fault=` model suffix apply to requests that pass validation (faults.ts).
 */
export async function handleChatCompletions(request: Request, context: EmulatorContext, requestId: string): Promise<Response> {
  const started = context.now();
  const scope = readScope(request.headers);
  const notes = context.notes.get(requestId);
  const { bodyText, faults } = readFaults(request.headers, await request.text(), scope);
  // The compatible-server profile refuses the newer keys first, in that server's words (compatible-server.ts).
  const compatible = readProfile(request.headers, scope, context) === "compatible";
  const refusal = compatible ? refuseAsCompatibleServer(bodyText) : undefined;
  // The profile header on the answer tells tests (and people reading a journal) whose words these are.
  if (refusal) return jsonResponse(refusal.status, refusal.body, { "x-request-id": requestId, [PROFILE_HEADER]: "compatible" });
  const { request: body, model } = validateChatRequest(compatible ? asCompatibleServerRequest(bodyText) : bodyText, context);
  validateRequestSchemas(body, context.strictLimits);

  // A file part names one of the scope's uploaded files, and is counted as its text (files/file-parts.ts).
  const prompt = await countPrompt(resolveFileParts(body, context.files.scope(scope), { pdfOnly: true }), model);
  checkContextLength(body, model, prompt);
  const processingMs = () => Math.max(1, Math.round(context.now() - started));
  // Faults act first, then a scenario rule may script the answer (see planRequest).
  const faultDetails = { model: body.model, requestedTokens: prompt + (body.max_completion_tokens ?? body.max_tokens ?? 0) };
  const { plan, rule } = await planRequest({ request, context, faults, scope, notes, scenarioRequest: body, details: faultDetails, processingMs });
  const respond = rule?.respond;
  const encoder = await loadEncoding(model.encoding);
  const random = createRandom(contentSeed(body));
  const script = respond && scriptedReply(respond);
  let generated: GeneratedChoice[];
  try {
    generated = Array.from({ length: body.n ?? 1 }, (_, index) =>
      generateChoice({ request: body, model, encoder, ids: context.ids, random, script }, index),
    );
  } catch (error) {
    // A rule that cannot answer this request (it scripts a tool the request does not offer) keeps its use; the journal
    // still names it, as the source of the error.
    if (rule && error instanceof EmulatorHttpError && error.code === "scenario_error") rule.refund();
    throw error;
  }
  const faulted = applyContentFaults(withFinishReason(withForcedCallFinish(generated, body, model), respond), plan, body, encoder);
  const completionId = context.ids.completion();
  const created = Math.floor(started / 1000);
  const choices = speaks(body, model) ? speakChoices(faulted, body, { completionId, created }) : faulted;
  const counted = buildUsage(prompt, choices);
  const usage = withUsage(modelCapabilities(model).audioInput ? withModalityDetails(counted) : counted, respond);
  const logprobs = choices.map((choice) => choiceLogprobs(body, choice, random));
  const envelope: CompletionEnvelope = {
    id: completionId,
    created,
    model: model.snapshot,
    service_tier: resolveServiceTier(body.service_tier),
    system_fingerprint: systemFingerprint(model),
    logprobsKey: hasLogprobsKey(model),
    ...(body.moderation && { moderation: { ...buildModeration(body.moderation.model, random.fork("moderation")) } }),
  };
  // A slow non-streamed answer arrives whole, after the time a stream would have taken.
  if (plan.slow && body.stream !== true) {
    await sleep(Math.ceil(plan.slow.ttftMs + (usage.completion_tokens * 1000) / plan.slow.tokensPerSecond), request.signal);
  }
  const headers = successHeaders(context, requestId, started, usage.total_tokens);

  if (body.stream === true) {
    const framing = {
      includeUsage: body.stream_options?.include_usage === true,
      obfuscation: body.stream_options?.include_obfuscation === false ? undefined : random.fork("obfuscation"),
    };
    const events = streamCompletion(envelope, choices, logprobs, usage, framing);
    // Wrapped only when a stream fault fired: the wrapper is an extra async step per event.
    const faulty = plan.slow !== undefined || plan.breaks.length > 0 || plan.splitUtf8;
    return sseResponse(createSseStream(faulty ? applyStreamFaults(events, plan, request.signal) : events), headers);
  }
  const json = JSON.stringify(buildCompletion(envelope, choices, logprobs, usage));
  return new Response(faultyJsonBody(json, plan), { status: 200, headers: { ...headers, "content-type": "application/json" } });
}

// prompt_tokens as the API counts them: messages, tool (or function) definitions, the tool choice and a json_schema
// response format.
/**
 * Whether choices carry the `logprobs` key. Reasoning models leave it out (chat-completion-body.ts), and so do the
 * audio and search models: recorded without it from gpt-4o-audio-preview (pydantic-ai cassette
 * test_audio_as_binary_content_input, 2025-03-25), gpt-audio (Mirascope openai_gpt_audio, 2025-10-23) and
 * gpt-4o-search-preview (pydantic-ai test_openai_web_search_tool*, 2025-05 and 2025-08), all non-streamed.
 */
function hasLogprobsKey(model: ModelProfile): boolean {
  const capabilities = modelCapabilities(model);
  return !model.reasoning && !capabilities.audioInput && !capabilities.webSearch;
}

/**
 * A chat request's `prompt_tokens`, counted as the API counts them (messages, tools, functions, tool choice and a
 * json_schema format); the Responses route passes countResponsesPromptTokens as `count` for its converted request.
 *
 * @example
 * const prompt = await countPrompt(body, model);
 */
export async function countPrompt(body: ChatCompletionRequest, model: ModelProfile, count = countChatPromptTokens): Promise<number> {
  const counted = await count({
    model: model.id,
    messages: body.messages,
    tools: body.tools,
    functions: body.functions,
    toolChoice: body.tool_choice,
    functionCall: body.function_call,
    responseFormat: body.response_format,
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

