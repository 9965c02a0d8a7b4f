// Compares one emulator answer with one real recorded answer (src/__fixtures__/recorded-exchanges): status, error
// fields, the JSON shape (every path with its value type), a few exact values (object, finish_reason, id prefixes),
// and for streams the chunk sequence (role, content, tool-call starts and arguments, finish, usage, [DONE]) with the
// key set of each kind of chunk. Content values are not compared: the emulator's text is not the model's.

/** One exchange of the fixture, as collect-recorded-exchanges.py writes it. */
export interface RecordedExchange {
  id: string;
  date: string | null;
  source: { repo: string; path: string; commit: string };
  request: Record<string, unknown>;
  status: number;
  headers: { "content-type": string | null; openai: string[]; "x-request-id": boolean };
  kind: "json" | "sse";
  response: Record<string, unknown> & { chunks?: Array<Record<string, unknown> | "[DONE]"> };
}

/** What the emulator answered, read the same way. */
export interface EmulatedAnswer {
  status: number;
  contentType: string | null;
  /** Lower-case names of the response headers. */
  headers: string[];
  body: Record<string, unknown> | null;
  chunks: Array<Record<string, unknown> | "[DONE]"> | null;
}

/** A comparison's outcome: mismatch keys (stable strings a departure can name) and whether the model's choice differed. */
export interface Comparison {
  mismatches: string[];
  /**
   * The recording answered text and the emulator called a tool, or the other way round, or called a different number
   * of tools (the model's choice, not a protocol mismatch): the parts that depend on it are not compared.
   */
  choiceDiffers: boolean;
  /** One answer ran into `max_tokens` (`length`) where the other stopped: the text's length is the model's. */
  lengthDiffers: boolean;
}

type Json = unknown;

/** `path: type` for every leaf and container of a JSON value; array items share the path `[]`. */
export function shapePaths(value: Json, path = "", out = new Set<string>()): Set<string> {
  if (value === null) out.add(`${path}: null`);
  else if (Array.isArray(value)) {
    out.add(`${path}: array`);
    for (const item of value) shapePaths(item, `${path}[]`, out);
  } else if (typeof value === "object") {
    out.add(`${path}: object`);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) shapePaths(item, path === "" ? key : `${path}.${key}`, out);
  } else out.add(`${path}: ${typeof value}`);
  return out;
}

const idPrefix = (value: unknown): string | null => (typeof value === "string" ? (/^([A-Za-z]+[-_])/u.exec(value)?.[1] ?? value) : null);

/** What a completion's choices did: "text", "tools", "function" or "refusal", per choice joined. */
function answerKinds(messages: Array<Record<string, unknown> | undefined>): string {
  return messages
    .map((message) => {
      if (!message) return "none";
      if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) return message.tool_calls.length > 1 ? "tools+" : "tools";
      if (message.function_call) return "function";
      if (typeof message.refusal === "string") return "refusal";
      return "text";
    })
    .join(",");
}

// Paths that depend on what the model chose to say, left out when the choice differs.
const CHOICE_PATHS = /^choices\[\]\.(message\.(content|tool_calls|function_call|refusal)|finish_reason)/u;
// Paths whose presence depends on the values, not the protocol: logprob arrays that are empty in one answer.
const VALUE_PATHS = /\.top_logprobs\[\]|\.bytes\[\]|\.content\[\]\.(token|logprob)/u;

function compareShapes(prefix: string, recorded: Set<string>, emulated: Set<string>, skip: (path: string) => boolean, out: string[]): void {
  const name = (entry: string) => entry.slice(0, entry.lastIndexOf(": "));
  const recordedPaths = new Map<string, Set<string>>();
  const emulatedPaths = new Map<string, Set<string>>();
  for (const [entries, map] of [[recorded, recordedPaths], [emulated, emulatedPaths]] as const) {
    for (const entry of entries) {
      const path = name(entry);
      if (skip(path) || VALUE_PATHS.test(path)) continue;
      map.set(path, (map.get(path) ?? new Set()).add(entry.slice(path.length + 2)));
    }
  }
  for (const [path, types] of recordedPaths) {
    const other = emulatedPaths.get(path);
    if (!other) out.push(`${prefix}missing ${path}: ${[...types].sort().join("|")}`);
    else {
      // A key that is null in one answer and a value in the other is a value difference, not a shape one; a type
      // the recording has that the emulator never sends (and is not null) is a mismatch.
      for (const type of types) if (!other.has(type) && type !== "null" && !other.has("null")) out.push(`${prefix}type ${path}: ${type} (emulator ${[...other].sort().join("|")})`);
    }
  }
  for (const [path, types] of emulatedPaths) if (!recordedPaths.has(path)) out.push(`${prefix}extra ${path}: ${[...types].sort().join("|")}`);
}

function compareValue(label: string, recorded: unknown, emulated: unknown, out: string[]): void {
  if (recorded !== emulated) out.push(`${label}: ${JSON.stringify(recorded)} (emulator ${JSON.stringify(emulated)})`);
}

const isLengthDifference = (recorded: unknown, emulated: unknown) =>
  recorded !== emulated && ["stop", "length"].includes(String(recorded)) && ["stop", "length"].includes(String(emulated));

function compareJson(recorded: Record<string, unknown>, emulated: Record<string, unknown>, out: string[]): Omit<Comparison, "mismatches"> {
  const recordedChoices = (recorded.choices as Array<Record<string, unknown>> | undefined) ?? [];
  const emulatedChoices = (emulated.choices as Array<Record<string, unknown>> | undefined) ?? [];
  const choiceDiffers =
    answerKinds(recordedChoices.map((choice) => choice.message as Record<string, unknown>)) !==
    answerKinds(emulatedChoices.map((choice) => choice.message as Record<string, unknown>));
  compareShapes("json ", shapePaths(recorded), shapePaths(emulated), (path) => choiceDiffers && CHOICE_PATHS.test(path), out);
  compareValue("value object", recorded.object, emulated.object, out);
  compareValue("value id prefix", idPrefix(recorded.id), idPrefix(emulated.id), out);
  compareValue("value choices", recordedChoices.length, emulatedChoices.length, out);
  let lengthDiffers = false;
  if (!choiceDiffers) {
    for (const [index, choice] of recordedChoices.entries()) {
      const emulatedFinish = emulatedChoices[index]?.finish_reason;
      if (isLengthDifference(choice.finish_reason, emulatedFinish) && answerKinds([choice.message as Record<string, unknown>]) === "text") lengthDiffers = true;
      else compareValue("value finish_reason", choice.finish_reason, emulatedFinish, out);
      const calls = ((choice.message as Record<string, unknown>)?.tool_calls as Array<Record<string, unknown>> | undefined) ?? [];
      const emulatedCalls = ((emulatedChoices[index]?.message as Record<string, unknown>)?.tool_calls as Array<Record<string, unknown>> | undefined) ?? [];
      if (calls[0] && emulatedCalls[0]) compareValue("value tool call id prefix", idPrefix(calls[0].id), idPrefix(emulatedCalls[0].id), out);
    }
  }
  return { choiceDiffers, lengthDiffers };
}

/** The kind of one chunk in a chat completion stream. */
export function chunkKind(chunk: Record<string, unknown> | "[DONE]"): string {
  if (chunk === "[DONE]") return "done";
  const choices = (chunk.choices as Array<Record<string, unknown>> | undefined) ?? [];
  if (choices.length === 0) return chunk.usage ? "usage" : "empty";
  const kinds = choices.map((choice) => {
    const delta = (choice.delta as Record<string, unknown> | undefined) ?? {};
    const calls = delta.tool_calls as Array<Record<string, unknown>> | undefined;
    const parts: string[] = [];
    if (typeof delta.role === "string") parts.push("role");
    if (calls?.some((call) => call.id !== undefined)) parts.push("call-start");
    else if (calls) parts.push("call-args");
    if (delta.function_call) parts.push("function");
    if (typeof delta.content === "string" && delta.content !== "" && !parts.includes("role")) parts.push("content");
    if (typeof delta.refusal === "string") parts.push("refusal");
    if (choice.finish_reason) parts.push(`finish:${String(choice.finish_reason)}`);
    return parts.length > 0 ? parts.join("+") : "blank";
  });
  return [...new Set(kinds)].join("|");
}

/** The stream's pattern: chunk kinds in order, runs collapsed (`content*`). */
export function streamPattern(chunks: Array<Record<string, unknown> | "[DONE]">): string {
  const kinds = chunks.map(chunkKind);
  const out: string[] = [];
  for (const kind of kinds) {
    const last = out.at(-1);
    if (last === kind || last === `${kind}*`) out[out.length - 1] = `${kind}*`;
    else out.push(kind);
  }
  return out.join(" ");
}

/** What a stream's choices did: text, a refusal, a legacy function call, or how many tool calls. */
function streamChoice(chunks: Array<Record<string, unknown> | "[DONE]">): string {
  const calls = new Set<string>();
  let kind = "text";
  for (const chunk of chunks) {
    if (chunk === "[DONE]") continue;
    for (const choice of (chunk.choices as Array<Record<string, unknown>> | undefined) ?? []) {
      const delta = (choice.delta as Record<string, unknown> | undefined) ?? {};
      for (const call of (delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []) calls.add(`${String(choice.index)}.${String(call.index)}`);
      if (delta.function_call) kind = "function";
      if (typeof delta.refusal === "string") kind = "refusal";
    }
  }
  return calls.size > 0 ? `tools:${calls.size}` : kind;
}

function compareStream(recorded: Array<Record<string, unknown> | "[DONE]">, emulated: Array<Record<string, unknown> | "[DONE]">, out: string[]): Omit<Comparison, "mismatches"> {
  const choiceDiffers = streamChoice(recorded) !== streamChoice(emulated);
  let recordedPattern = streamPattern(recorded);
  let emulatedPattern = streamPattern(emulated);
  const lengthDiffers = !choiceDiffers && streamChoice(recorded) === "text" && /finish:length/u.test(recordedPattern) !== /finish:length/u.test(emulatedPattern);
  if (lengthDiffers) {
    recordedPattern = recordedPattern.replace(/finish:length/gu, "finish:stop");
    emulatedPattern = emulatedPattern.replace(/finish:length/gu, "finish:stop");
  }
  // Tool-call streams: how many calls (and so how many call-start chunks) is the model's choice too.
  const normalise = (pattern: string) => pattern.replace(/content\*/gu, "content").replace(/(call-start|call-args)(\*)?/gu, "call").replace(/call( call)+/gu, "call").replace(/call\*/gu, "call");
  if (!choiceDiffers && normalise(recordedPattern) !== normalise(emulatedPattern)) {
    out.push(`stream pattern: ${normalise(recordedPattern)} (emulator ${normalise(emulatedPattern)})`);
  }
  const byKind = (chunks: Array<Record<string, unknown> | "[DONE]">) => {
    const map = new Map<string, Set<string>>();
    for (const chunk of chunks) {
      if (chunk === "[DONE]") continue;
      const kind = chunkKind(chunk);
      const paths = map.get(kind) ?? new Set<string>();
      shapePaths(chunk, "", paths);
      map.set(kind, paths);
    }
    return map;
  };
  const recordedKinds = byKind(recorded);
  const emulatedKinds = byKind(emulated);
  for (const [kind, paths] of recordedKinds) {
    const other = emulatedKinds.get(kind);
    if (other) compareShapes(`stream ${kind} chunk `, paths, other, () => false, out);
  }
  const firstReal = (chunks: Array<Record<string, unknown> | "[DONE]">) => chunks.find((chunk): chunk is Record<string, unknown> => chunk !== "[DONE]");
  compareValue("value object", firstReal(recorded)?.object, firstReal(emulated)?.object, out);
  compareValue("value id prefix", idPrefix(firstReal(recorded)?.id), idPrefix(firstReal(emulated)?.id), out);
  return { choiceDiffers, lengthDiffers };
}

/**
 * Compares the emulator's answer with the recording; returns stable mismatch keys.
 *
 * @example
 * const { mismatches } = compareExchange(exchange, { status: 200, contentType: "application/json", body, chunks: null });
 */
export function compareExchange(exchange: RecordedExchange, emulated: EmulatedAnswer): Comparison {
  const out: string[] = [];
  const recordedError = exchange.kind === "json" ? (exchange.response.error as Record<string, unknown> | undefined) : undefined;
  const emulatedError = emulated.body?.error as Record<string, unknown> | undefined;
  if (exchange.status !== emulated.status) {
    const describe = (status: number, error: Record<string, unknown> | undefined) =>
      [status, error?.code, error?.param].filter((part) => part !== undefined && part !== null).join(" ");
    out.push(`status ${describe(exchange.status, recordedError)} (emulator ${describe(emulated.status, emulatedError)})`);
    return { mismatches: out, choiceDiffers: false, lengthDiffers: false };
  }
  // Cassettes drop headers they filter, so only what the recording has is required.
  for (const name of exchange.headers.openai) if (!emulated.headers.includes(name)) out.push(`header missing ${name}`);
  if (exchange.headers["x-request-id"] && !emulated.headers.includes("x-request-id")) out.push("header missing x-request-id");
    const recordedType = exchange.headers["content-type"]?.split(";")[0] ?? null;
  compareValue("content-type", recordedType, emulated.contentType?.split(";")[0] ?? null, out);
  if (recordedError) {
    for (const field of ["type", "code", "param", "message"] as const) compareValue(`error ${field}`, recordedError[field], emulatedError?.[field], out);
    return { mismatches: out, choiceDiffers: false, lengthDiffers: false };
  }
  if (exchange.kind === "sse") {
    if (!emulated.chunks) return { mismatches: [...out, "stream: emulator answered without SSE"], choiceDiffers: false, lengthDiffers: false };
    return { mismatches: out, ...compareStream(exchange.response.chunks ?? [], emulated.chunks, out) };
  }
  if (!emulated.body) return { mismatches: [...out, "json: emulator answered without a JSON body"], choiceDiffers: false, lengthDiffers: false };
  return { mismatches: out, ...compareJson(exchange.response, emulated.body, out) };
}
