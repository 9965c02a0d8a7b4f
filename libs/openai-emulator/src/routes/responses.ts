import { countResponsesPromptTokens, loadEncoding } from "@tessera/openai-tokens";
import { PROFILE_HEADER, readProfile, refuseAsCompatibleResponsesServer } from "../compatible-server.js";
import type { EmulatorContext } from "../context.js";
import { stableStringify } from "../engine/conversation.js";
import { generateChoice, type GeneratedChoice, type ScriptedReply } from "../engine/generate-choice.js";
import type { ModelProfile } from "../engine/models.js";
import { createRandom } from "../engine/random.js";
import { composeReasoningSummary } from "../engine/reasoning-summary.js";
import { EmulatorHttpError, invalidRequest } from "../errors.js";
import { applyStreamFaults, faultyJsonBody } from "../faults-apply.js";
import { readFaults, sleep } from "../faults.js";
import { planRequest } from "../faults-request.js";
import { readScope } from "../request-notes.js";
import type { ResponsesInputItem, ResponsesRequest } from "../responses-wire.js";
import { scriptedReply, withFinishReason, withUsage } from "../scenarios/apply-scenario.js";
import { createSseStream } from "../sse.js";
import { validateRequestSchemas } from "../validate/validate-request-schemas.js";
import { type StrictSchemaLimits, validateStrictSchema } from "../validate/validate-strict-schema.js";
import { checkCallPairs, validateResponsesRequest, validateResponsesSchemas } from "../validate/validate-responses-request.js";
import { buildUsage } from "./chat-completion-body.js";
import { resolveFileParts } from "../files/file-parts.js";
import { countPrompt } from "./chat-completions.js";
import { jsonResponse, successHeaders, sseResponse } from "./respond.js";
import type { ChatCompletionRequest } from "../wire.js";
import { annotationsWithin, type BuiltInStep, builtInTokens, callsMayFollow, checkBuiltInTools, planBuiltInStep } from "./responses-built-in.js";
import { buildOutputItems, buildResponse, incompleteReason, type ResponseEnvelope, type ResponseProgress, type ResponsesUsage } from "./responses-body.js";
import { convertResponsesToChat } from "./responses-convert.js";
import { checkEncryptedReasoning } from "./responses-encrypted-reasoning.js";
import { listInputItems } from "./responses-retrieve.js";
import { previousResponseNotFound } from "./responses-store.js";
import { asResponsesStream, streamFailedResponse, streamResponse } from "./responses-stream.js";

/**
 * `POST /v1/responses`: validates like the API, answers from the chat route's deterministic engine (text, function
 * calls, JSON fitting `text.format`, reasoning with summaries, refusals), as one `response` object or as the event
 * stream, and stores it (unless `store: false`) for `GET`, `/input_items` and `previous_response_id`. Faults (header or
 * model suffix) and scenario rules apply as on the chat route.
 *
 * @example
 * // emulator.ts route(): POST /v1/responses
 * return handleCreateResponse(request, context, requestId);
 */
export async function handleCreateResponse(request: Request, context: EmulatorContext, requestId: string): Promise<Response> {
  const started = context.now();
  const scope = readScope(request.headers);
  const notes = context.notes.get(requestId);
  const { bodyText, faults } = readFaults(request.headers, await request.text(), scope);
  // The compatible-server profile refuses what those servers cannot do on this route, in their words (compatible-server.ts).
  const refusal = readProfile(request.headers, scope, context) === "compatible" ? refuseAsCompatibleResponsesServer(bodyText) : undefined;
  if (refusal) return jsonResponse(refusal.status, refusal.body, { "x-request-id": requestId, [PROFILE_HEADER]: "compatible" });
  const validated = validateResponsesRequest(bodyText, context);
  const model = validated.model;
  const body = withResolvedStrict(validated.request, context.strictLimits);
  const history = previousContext(body, context, scope);
  const files = context.files.scope(scope);
  checkBuiltInTools(body, files);
  checkCallPairs(body.input, history);
  checkEncryptedReasoning(body.input, scope);
  const chat = convertResponsesToChat(body, history);
  validateResponsesSchemas(() => validateRequestSchemas(chat, context.strictLimits));
  // An input_file names one of the scope's uploaded files, and is counted as its text (files/file-parts.ts); input_tokens
  // is the chat count of the same conversation, with the Responses API's measured differences.
  const prompt = await countPrompt(resolveFileParts(chat, context.files.scope(scope), { pdfOnly: false }), model, countResponsesPromptTokens);
  const overflow = contextOverflow(prompt, model);
  if (overflow && body.stream !== true) throw invalidRequest(overflow.message, "input", overflow.code);
  if (overflow) {
    const envelope: ResponseEnvelope = { id: context.ids.responses("resp"), createdAt: Math.floor(started / 1000), model: model.snapshot, reasoningModel: model.reasoning, request: body };
    return sseResponse(createSseStream(streamFailedResponse(envelope, overflow)), successHeaders(context, requestId, started, 0));
  }
  const processingMs = () => Math.max(1, Math.round(context.now() - started));
  const faultDetails = { model: body.model, requestedTokens: prompt + (body.max_output_tokens ?? 0) };
  const { plan, rule } = await planRequest({ request, context, faults, scope, notes, scenarioRequest: chat, details: faultDetails, processingMs });
  const respond = rule?.respond;
  const encoder = await loadEncoding(model.encoding);
  const random = createRandom(stableStringify({ chat, seed: "responses" }));
  let generated: GeneratedChoice;
  let step: BuiltInStep | undefined;
  try {
    const generate = (request: ChatCompletionRequest, script: ScriptedReply | undefined) => generateChoice({ request, model, encoder, ids: context.ids, random, script }, 0);
    const scripted = respond && scriptedReply(respond);
    step = planBuiltInStep({ body, history, chat, respond, scripted, ids: context.ids, random, files, engineText: (request) => generate(request, undefined).text });
    // After a built-in tool ran, the model may still call a function or custom tool in the same response, as the API's
    // models do (a search, then a function call); else it answers in text.
    const calls = step && callsMayFollow(step, chat) ? generate(chat, scripted) : undefined;
    if (step && calls && calls.calls.length > 0) step = { ...step, annotations: [] };
    generated = calls && calls.calls.length > 0 ? calls : step ? generate(step.chat, step.script) : generate(chat, scripted);
  } catch (error) {
    if (rule && error instanceof EmulatorHttpError && error.code === "scenario_error") rule.refund();
    throw error;
  }
  const [choice = generated] = withFinishReason([generated], respond);
  const extra = builtInTokens(step, encoder);
  const usage = responsesUsage(withUsage(buildUsage(prompt + extra.input, [{ ...choice, completionTokens: choice.completionTokens + extra.output }]), respond));
  const summaryStyle = body.reasoning?.summary ?? body.reasoning?.generate_summary;
  const summary = summaryStyle && choice.reasoningTokens > 0 ? composeReasoningSummary(chat, summaryStyle, choice.calls.length > 0, random.fork("summary")) : [];
  const encryptedReasoning = body.include?.includes("reasoning.encrypted_content") === true;
  const annotations = annotationsWithin(step, choice);
  const output = buildOutputItems(choice, { ids: context.ids, summary, encryptedReasoning, scope, ...(step && { builtIn: step.run.items, endsTurn: step.run.endsTurn === true, annotations }) });
  const envelope: ResponseEnvelope = { id: context.ids.responses("resp"), createdAt: Math.floor(started / 1000), model: model.snapshot, reasoningModel: model.reasoning, request: body };
  const reason = incompleteReason(choice);
  const final: ResponseProgress = {
    status: reason === null ? "completed" : "incomplete",
    output,
    usage,
    completedAt: reason === null ? Math.max(envelope.createdAt, Math.floor(context.now() / 1000)) : null,
    incompleteReason: reason,
  };
  const response = buildResponse(envelope, final);
  if (body.store !== false) {
    const input = inputItems(body, context);
    const context_: ResponsesInputItem[] = [...history, ...(input as unknown as ResponsesInputItem[]), ...(output as unknown as ResponsesInputItem[])];
    context.responses.put(scope, envelope.id, { response, inputItems: input, context: context_ });
  }
  if (plan.slow && body.stream !== true) {
    await sleep(Math.ceil(plan.slow.ttftMs + (usage.output_tokens * 1000) / plan.slow.tokensPerSecond), request.signal);
  }
  const headers = successHeaders(context, requestId, started, usage.total_tokens);
  if (body.stream === true) {
    const obfuscation = body.stream_options?.include_obfuscation === false ? undefined : random.fork("obfuscation");
    const events = streamResponse(envelope, final, choice, obfuscation, step?.chosen);
    const faulty = plan.slow !== undefined || plan.breaks.length > 0 || plan.splitUtf8;
    return sseResponse(createSseStream(faulty ? asResponsesStream(applyStreamFaults(events, plan, request.signal), envelope) : events), headers);
  }
  return new Response(faultyJsonBody(JSON.stringify(response), plan), { status: 200, headers: { ...headers, "content-type": "application/json" } });
}

// The stored conversation `previous_response_id` continues (its own context, input and output), or the API's 400.
function previousContext(body: ResponsesRequest, context: EmulatorContext, scope: string | null): ResponsesInputItem[] {
  const id = body.previous_response_id;
  if (id == null) return [];
  const previous = context.responses.get(scope, id);
  if (!previous) throw previousResponseNotFound(id);
  return previous.context;
}

// The input as `/input_items` lists it: a string becomes a user message, and messages get ids and typed content.
function inputItems(body: ResponsesRequest, context: EmulatorContext): Array<Record<string, unknown>> {
  const items = typeof body.input === "string" ? [{ role: "user" as const, content: body.input }] : (body.input ?? []);
  return listInputItems(items, context.ids);
}

function responsesUsage(usage: ReturnType<typeof buildUsage>): ResponsesUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details.cached_tokens, cache_write_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details.reasoning_tokens },
    total_tokens: usage.total_tokens,
  };
}


// An input larger than the model's context window: a 400 (or, streamed, response.failed) with the API's words as
// quoted in public client tests (openai/codex: code `context_length_exceeded`). param `input` not confirmed
function contextOverflow(prompt: number, model: ModelProfile): { code: string; message: string } | undefined {
  if (prompt <= model.contextWindow) return undefined;
  return { code: "context_length_exceeded", message: "Your input exceeds the context window of this model. Please adjust your input and try again." };
}

// A function tool without `strict` is strict when its schema is strict-compatible, and not otherwise (the SDK's
// FunctionTool docs, openai 7: "If omitted, Responses attempts to use strict validation when the schema is compatible,
// and falls back to non-strict validation otherwise"); the answer echoes what was used.
function withResolvedStrict(body: ResponsesRequest, limits: StrictSchemaLimits): ResponsesRequest {
  if (!body.tools?.some((tool) => tool.type === "function" && tool.strict == null)) return body;
  const tools = body.tools.map((tool) => {
    if (tool.type !== "function" || tool.strict != null) return tool;
    try {
      validateStrictSchema(tool.parameters ?? { type: "object", properties: {}, required: [], additionalProperties: false }, { kind: "function", name: tool.name, index: 0 }, limits);
      return { ...tool, strict: true };
    } catch {
      return { ...tool, strict: false };
    }
  });
  return { ...body, tools };
}
