import type { Tiktoken } from "js-tiktoken/lite";
import { encodeTextTokensWith, loadEncoding } from "@tessera/openai-tokens";
import type { EmulatorContext } from "../context.js";
import { composeTextReply } from "../engine/compose-reply.js";
import { stableStringify } from "../engine/conversation.js";
import { cutText, type CutText } from "../engine/generate-choice.js";
import { buildTokenLogprobs } from "../engine/logprobs.js";
import type { ModelProfile } from "../engine/models.js";
import { groupWholeCharacters, tokenizeOutput, type OutputToken, type TokenGroup } from "../engine/output-tokens.js";
import { createRandom, type Random } from "../engine/random.js";
import { invalidRequest } from "../errors.js";
import { applyStreamFaults, faultyJsonBody, multiByteAddition } from "../faults-apply.js";
import { applyRequestFaults, checkFaultsApply, type FaultEndpoint } from "../faults-request.js";
import { planFaults, readFaults, sleep, type FaultPlan } from "../faults.js";
import { readScope } from "../request-notes.js";
import { createSseStream, type SseEvent } from "../sse.js";
import { validateCompletionRequest } from "../validate/validate-completion-request.js";
import type { CompletionRequest } from "../wire.js";
import { sseResponse, successHeaders } from "./respond.js";

/** The real API's default `max_tokens` for legacy completions: short on purpose, so a bare request stops early. */
export const DEFAULT_COMPLETION_MAX_TOKENS = 16;

/** `choices[].logprobs` of a legacy completion: parallel arrays, one entry per token. */
export interface LegacyLogprobs {
  tokens: string[];
  /** `null` for the first token of an echoed prompt, which has nothing before it to be scored against. */
  token_logprobs: Array<number | null>;
  top_logprobs: Array<Record<string, number> | null>;
  /** Where each token starts in the choice's text (echoed prompt included), in UTF-16 code units. */
  text_offset: number[];
}

/** `usage` of a legacy completion: the three counts every captured `text_completion` carries, no detail objects. */
export interface LegacyUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

interface Prompt {
  text: string;
  tokenCount: number;
}

/** One choice: the echoed prompt (if any) and the generated text, each as streamable groups with their logprobs. */
interface LegacyChoice {
  index: number;
  echo: { text: string; logprobs: LegacyLogprobs | null } | undefined;
  generated: CutText;
  /** Per group of `generated.textGroups`, when logprobs were asked for. */
  groupLogprobs: LegacyLogprobs[] | null;
}

// No system_fingerprint: recorded legacy completions carry none (protocol reference, "Corrections from real
// recordings", 2026-12).
interface Envelope {
  id: string;
  created: number;
  model: string;
}

// A legacy completion is plain text: the content faults of chat have nothing to change, and are refused, not skipped.
const LEGACY_FAULTS: FaultEndpoint = {
  name: "POST /v1/completions",
  inapplicable: {
    "bad-tool-args": "it breaks tool-call arguments, and a legacy completion has no tool calls (use /v1/chat/completions)",
    "schema-mismatch": "it breaks JSON output and tool-call arguments, and a legacy completion has no response_format or tools (use /v1/chat/completions)",
  },
};

/**
 * `POST /v1/completions` (the legacy Completions API): validates like the real API, generates deterministic text for
 * each prompt (`n` choices per prompt, indexed prompt by prompt), and answers one `text_completion` or an SSE stream of
 * `text_completion` chunks ending in `data: [DONE]`. Faults from the `x-emulator-fault` header or a `+fault=` model
 * suffix apply as on chat completions, to requests that pass validation; `bad-tool-args` and `schema-mismatch` are
 * refused with a 400, having nothing to act on.
 *
 * @example
 * const completion = await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "Say hi" });
 * completion.choices[0].finish_reason; // "length": the default max_tokens is 16
 */
export async function handleCompletions(request: Request, context: EmulatorContext, requestId: string): Promise<Response> {
  const started = context.now();
  // Per scope, as on chat completions, so parallel tests that each send `500*1` each see one 500.
  const { bodyText, faults } = readFaults(request.headers, await request.text(), readScope(request.headers));
  checkFaultsApply(faults, request.headers, LEGACY_FAULTS);
  const { request: body, model } = validateCompletionRequest(bodyText, context);
  const encoder = await loadEncoding(model.encoding);
  const prompts = readPrompts(body, encoder);
  const maxTokens = body.max_tokens ?? DEFAULT_COMPLETION_MAX_TOKENS;
  checkContextLength(prompts, maxTokens, model);
  const promptTokens = prompts.reduce((sum, prompt) => sum + prompt.tokenCount, 0);
  const plan = planFaults(faults, context.faults);
  context.notes.get(requestId)?.faults.push(...plan.fired);
  // As the rate limiter estimates a legacy request: every prompt, plus max_tokens for each completion generated
  // (best_of of them per prompt, n when best_of is unset).
  const requestedTokens = promptTokens + maxTokens * prompts.length * (body.best_of ?? body.n ?? 1);
  await applyRequestFaults(plan, request, { model: body.model, requestedTokens }, Math.max(1, Math.round(context.now() - started)));
  const choices = generateLegacyChoices(body, model, encoder, prompts, maxTokens, plan);
  const completionTokens = choices.reduce((sum, choice) => sum + choice.generated.textTokens.length, 0);
  const usage: LegacyUsage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  const envelope: Envelope = {
    // The real ids are "cmpl-" + 29 characters, the same length as the chat ids the emulator already makes.
    id: `cmpl-${context.ids.completion().slice("chatcmpl-".length)}`,
    created: Math.floor(started / 1000),
    model: model.snapshot,
  };
  // A slow non-streamed answer arrives whole, after the time a stream would have taken.
  if (plan.slow && body.stream !== true) {
    await sleep(Math.ceil(plan.slow.ttftMs + (usage.completion_tokens * 1000) / plan.slow.tokensPerSecond), request.signal);
  }
  const headers = successHeaders(context, requestId, started, usage.total_tokens);
  if (body.stream === true) {
    const events = streamLegacyCompletion(envelope, choices, usage, body.stream_options?.include_usage === true);
    // Wrapped only when a stream fault fired: the wrapper is an extra async step per event.
    const faulty = plan.slow !== undefined || plan.breaks.length > 0 || plan.splitUtf8;
    return sseResponse(createSseStream(faulty ? applyStreamFaults(events, plan, request.signal) : events), headers);
  }
  const json = JSON.stringify(buildLegacyCompletion(envelope, choices, usage));
  return new Response(faultyJsonBody(json, plan), { status: 200, headers: { ...headers, "content-type": "application/json" } });
}

// Text first, for every choice, then logprobs: split-utf8 may add a character to the first choice's text, and the
// logprobs must score the text that is sent.
function generateLegacyChoices(
  body: CompletionRequest,
  model: ModelProfile,
  encoder: Tiktoken,
  prompts: ReadonlyArray<Prompt>,
  maxTokens: number,
  plan: FaultPlan,
): LegacyChoice[] {
  const random = createRandom(contentSeed(body));
  const perPrompt = body.n ?? 1;
  const drafts = prompts.flatMap((prompt, promptIndex) =>
    Array.from({ length: perPrompt }, (_, choiceIndex) => {
      const slot = { index: promptIndex * perPrompt + choiceIndex, random: random.fork(`prompt:${promptIndex}`).fork(`choice:${choiceIndex}`), maxTokens };
      return { prompt, slot, generated: generateLegacyText(body, model, encoder, prompt, slot) };
    }),
  );
  const [first] = drafts;
  if (plan.splitUtf8 && first) {
    const echoed = body.echo === true ? prompts.map((prompt) => prompt.text) : [];
    const addition = multiByteAddition(plan, [...echoed, ...drafts.map((draft) => draft.generated.text)]);
    if (addition !== "") first.generated = appendText(encoder, first.generated, addition);
  }
  return drafts.map((draft) => scoreLegacyChoice(body, encoder, draft.prompt, draft.slot, draft.generated));
}

// Retokenized whole, as the chat route does, so usage, stream chunks and logprobs all count the text that is sent.
function appendText(encoder: Tiktoken, generated: CutText, addition: string): CutText {
  const text = generated.text + addition;
  const textTokens = tokenizeOutput(encoder, text);
  return { ...generated, text, textTokens, textGroups: groupWholeCharacters(textTokens) };
}

// The prompts as text (token prompts decoded) with their token counts. No prompt means `<|endoftext|>`, the start
// of a new document; a suffix is read by the model too, so it counts with every prompt.
function readPrompts(body: CompletionRequest, encoder: Tiktoken): Prompt[] {
  const suffixTokens = body.suffix ? encodeTextTokensWith(encoder, body.suffix, "as-tokens").length : 0;
  const prompt = body.prompt ?? "<|endoftext|>";
  const entries: Array<string | number[]> = typeof prompt === "string" ? [prompt] : isTokenList(prompt) ? [prompt] : prompt;
  return entries.map((entry) =>
    typeof entry === "string"
      ? { text: entry, tokenCount: encodeTextTokensWith(encoder, entry, "as-tokens").length + suffixTokens }
      : { text: encoder.decode(entry), tokenCount: entry.length + suffixTokens },
  );
}

function isTokenList(prompt: string[] | number[] | number[][]): prompt is number[] {
  return prompt.some((entry) => typeof entry === "number");
}

// Every prompt must fit with the requested completion. Captured wording (2023, text-davinci and gpt-3.5 era):
// "…maximum context length is 4097 tokens, however you requested 4322 tokens (4066 in your prompt; 256 for the
// completion). Please reduce your prompt; or completion length." param and code not confirmed (the chat ones are used)
function checkContextLength(prompts: ReadonlyArray<Prompt>, maxTokens: number, model: ModelProfile): void {
  const longest = Math.max(...prompts.map((prompt) => prompt.tokenCount));
  if (longest + maxTokens <= model.contextWindow) return;
  const message =
    `This model's maximum context length is ${model.contextWindow} tokens, however you requested ${longest + maxTokens} tokens ` +
    `(${longest} in your prompt; ${maxTokens} for the completion). Please reduce your prompt; or completion length.`;
  throw invalidRequest(message, "prompt", "context_length_exceeded");
}

// What shapes the text seeds the generator; echo, limits, stop and streaming only frame or cut it.
function contentSeed(body: CompletionRequest): string {
  const { model, prompt, suffix, seed } = body;
  return stableStringify({ endpoint: "completions", model, prompt, suffix, seed });
}

// The special-token markers a prompt may contain (`<|endoftext|>` is the default prompt) are not quoted back: the
// generated text must tokenize as ordinary text.
const SPECIAL_TOKEN = /<\|[a-z_]+\|>/gu;

/** Where a choice goes (its index), what it draws from, and how long it may be. */
interface Slot {
  index: number;
  random: Random;
  maxTokens: number;
}

function generateLegacyText(body: CompletionRequest, model: ModelProfile, encoder: Tiktoken, prompt: Prompt, slot: Slot): CutText {
  // The chat engine's reply to the prompt as a user message; instruct models start their answer on a new paragraph.
  const view = { model: body.model, messages: [{ role: "user" as const, content: prompt.text.replace(SPECIAL_TOKEN, "") }] };
  return cutText(encoder, `\n\n${composeTextReply(view, model, slot.random)}`, body.stop, slot.maxTokens);
}

function scoreLegacyChoice(body: CompletionRequest, encoder: Tiktoken, prompt: Prompt, slot: Slot, generated: CutText): LegacyChoice {
  const top = body.logprobs;
  if (top == null) {
    return { index: slot.index, echo: body.echo === true ? { text: prompt.text, logprobs: null } : undefined, generated, groupLogprobs: null };
  }
  const logprobRandom = slot.random.fork("logprobs");
  const echoText = body.echo === true ? prompt.text : "";
  const echo = body.echo === true ? { text: echoText, logprobs: promptLogprobs(encoder, echoText, top, logprobRandom.fork("echo")) } : undefined;
  const groupLogprobs = splitByGroup(legacyLogprobs(generated.textTokens, top, logprobRandom, echoText.length), generated.textGroups);
  return { index: slot.index, echo, generated, groupLogprobs };
}

/**
 * Legacy logprobs for generated tokens: the chosen token is the most likely, and `top_logprobs` maps the `top` most
 * likely tokens (at least the chosen one, as the API always reports it) to their logprobs.
 */
function legacyLogprobs(tokens: ReadonlyArray<OutputToken>, top: number, random: Random, startOffset: number): LegacyLogprobs {
  const entries = buildTokenLogprobs(tokens, Math.max(1, top), random);
  return {
    tokens: entries.map((entry) => entry.token),
    token_logprobs: entries.map((entry) => entry.logprob),
    top_logprobs: entries.map((entry) => Object.fromEntries(entry.top_logprobs.map((alternative) => [alternative.token, alternative.logprob]))),
    text_offset: textOffsets(tokens, startOffset),
  };
}

// An echoed prompt is scored too, except its first token, which nothing precedes.
function promptLogprobs(encoder: Tiktoken, text: string, top: number, random: Random): LegacyLogprobs {
  // A legacy prompt may hold real special tokens (`<|endoftext|>` is the empty prompt).
  const tokens = tokenizeOutput(encoder, text, "as-tokens");
  const scored = legacyLogprobs(tokens, top, random, 0);
  if (scored.tokens.length > 0) {
    scored.token_logprobs[0] = null;
    scored.top_logprobs[0] = null;
  }
  return scored;
}

// Tokens of one multi-byte character share the character's offset.
function textOffsets(tokens: ReadonlyArray<OutputToken>, start: number): number[] {
  const offsets: number[] = [];
  let offset = start;
  for (const group of groupWholeCharacters(tokens)) {
    for (let count = 0; count < group.tokens.length; count++) offsets.push(offset);
    offset += group.text.length;
  }
  return offsets;
}

function splitByGroup(logprobs: LegacyLogprobs, groups: ReadonlyArray<TokenGroup>): LegacyLogprobs[] {
  let at = 0;
  return groups.map((group) => {
    const [start, end] = [at, at + group.tokens.length];
    at = end;
    return {
      tokens: logprobs.tokens.slice(start, end),
      token_logprobs: logprobs.token_logprobs.slice(start, end),
      top_logprobs: logprobs.top_logprobs.slice(start, end),
      text_offset: logprobs.text_offset.slice(start, end),
    };
  });
}

function mergeLogprobs(parts: ReadonlyArray<LegacyLogprobs>): LegacyLogprobs {
  return {
    tokens: parts.flatMap((part) => part.tokens),
    token_logprobs: parts.flatMap((part) => part.token_logprobs),
    top_logprobs: parts.flatMap((part) => part.top_logprobs),
    text_offset: parts.flatMap((part) => part.text_offset),
  };
}

/** The non-streamed `text_completion` object, keys in the order captured responses have them. */
function buildLegacyCompletion(envelope: Envelope, choices: ReadonlyArray<LegacyChoice>, usage: LegacyUsage): Record<string, unknown> {
  return {
    id: envelope.id,
    object: "text_completion",
    created: envelope.created,
    model: envelope.model,
    choices: choices.map((choice) => ({
      text: (choice.echo?.text ?? "") + choice.generated.text,
      index: choice.index,
      logprobs: choice.groupLogprobs && mergeLogprobs([...(choice.echo?.logprobs ? [choice.echo.logprobs] : []), ...choice.groupLogprobs]),
      finish_reason: choice.generated.finishReason,
    })),
    usage,
  };
}

/**
 * The events of a streamed legacy completion, as recorded: per choice the echoed prompt (with `echo`), one chunk per
 * whole-character token group, the last of them carrying the finish reason (an empty-text chunk carries it only
 * when nothing was generated); choices
 * interleaved by index; then the usage chunk (`choices: []`, only with `include_usage`) and `[DONE]`.
 */
function* streamLegacyCompletion(
  envelope: Envelope,
  choices: ReadonlyArray<LegacyChoice>,
  usage: LegacyUsage,
  includeUsage: boolean,
): Generator<SseEvent> {
  const perChoice = choices.map(choiceChunks);
  const longest = Math.max(0, ...perChoice.map((chunks) => chunks.length));
  // With include_usage, every chunk but the last says `usage: null`, as recorded (src/__fixtures__/recorded-completions).
  const usageField = includeUsage ? { usage: null } : {};
  for (let step = 0; step < longest; step++) {
    for (const chunks of perChoice) {
      const choice = chunks[step];
      if (choice) yield { data: chunkBody(envelope, [choice], usageField) };
    }
  }
  if (includeUsage) yield { data: usageChunkBody(envelope, usage) };
  yield { done: true };
}

// Key order as captured: id, object, created, choices, model (no system_fingerprint, see Envelope).
function chunkBody(envelope: Envelope, choices: ReadonlyArray<Record<string, unknown>>, extra: Record<string, unknown>): Record<string, unknown> {
  const { id, created, model } = envelope;
  return { id, object: "text_completion", created, choices, model, ...extra };
}

// The usage chunk's keys come in another order than the text chunks' (recorded, src/__fixtures__/recorded-completions):
// id, object, created, model, usage, then the empty choices.
function usageChunkBody(envelope: Envelope, usage: LegacyUsage): Record<string, unknown> {
  const { id, created, model } = envelope;
  return { id, object: "text_completion", created, model, usage, choices: [] };
}

const NO_LOGPROBS: LegacyLogprobs = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };

// Recorded (protocol reference, 2026-12): the finish reason arrives on the last text chunk, not on an extra empty one.
function choiceChunks(choice: LegacyChoice): Array<Record<string, unknown>> {
  const chunk = (text: string, logprobs: LegacyLogprobs | null, finish: string | null) => ({ text, index: choice.index, logprobs, finish_reason: finish });
  const withLogprobs = choice.groupLogprobs !== null;
  const chunks = choice.echo ? [chunk(choice.echo.text, choice.echo.logprobs, null)] : [];
  const groups = choice.generated.textGroups;
  groups.forEach((group, at) =>
    chunks.push(chunk(group.text, choice.groupLogprobs?.[at] ?? null, at === groups.length - 1 ? choice.generated.finishReason : null)),
  );
  if (groups.length === 0) chunks.push(chunk("", withLogprobs ? NO_LOGPROBS : null, choice.generated.finishReason));
  return chunks;
}
