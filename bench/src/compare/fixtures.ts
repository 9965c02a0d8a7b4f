// The precomputed answers of the comparison server and what every client must make of them. The server (a child
// process) and the harness build them from the same sizes, so the harness knows the expected text, tool arguments
// and usage without asking the server.

/** Sizes of one comparison run; the server is started with the same ones. */
export interface Sizes {
  /** Content chunks in the text stream. */
  textChunks: number;
  /** Argument fragments in the tool-call stream (plus an opening and a closing fragment). */
  toolFragments: number;
}

/** Token usage as every client is checked against it. */
export interface Usage {
  input: number;
  output: number;
  total: number;
}

const BASE = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1_750_000_000, model: "gpt-4o-mini-2024-07-18", system_fingerprint: "fp_bench", service_tier: "default" };

/** The reply of every invoke (and every call of a batch). */
export const INVOKE_TEXT = "Hello from the bench server.";
/** Usage of every invoke. */
export const INVOKE_USAGE: Usage = { input: 9, output: 7, total: 16 };
/** The tool every tool-call stream calls. */
export const TOOL: { name: string; description: string; parameters: { type: "object"; properties: Record<string, { type: "string" }>; required: string[]; additionalProperties: false } } = {
  name: "write_file",
  description: "Write a file.",
  parameters: { type: "object", properties: { content: { type: "string" } }, required: ["content"], additionalProperties: false },
};

const wireUsage = (usage: Usage) => ({
  prompt_tokens: usage.input,
  completion_tokens: usage.output,
  total_tokens: usage.total,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
});

const event = (delta: Record<string, unknown> | null, finish: string | null = null, usage?: Usage) =>
  `data: ${JSON.stringify({ ...BASE, choices: delta ? [{ index: 0, delta, logprobs: null, finish_reason: finish }] : [], usage: usage ? wireUsage(usage) : null })}\n\n`;

/** What the text stream must add up to. */
export function textExpected(sizes: Sizes): { text: string; usage: Usage } {
  let text = "";
  for (let index = 0; index < sizes.textChunks; index++) text += ` w${index % 10}`;
  return { text, usage: { input: 12, output: sizes.textChunks, total: 12 + sizes.textChunks } };
}

/** What the tool-call stream's arguments must add up to. */
export function toolExpected(sizes: Sizes): { args: string; usage: Usage } {
  let args = '{"content":"';
  for (let index = 0; index < sizes.toolFragments; index++) args += `line ${index % 10} `;
  args += '"}';
  return { args, usage: { input: 40, output: sizes.toolFragments + 2, total: 42 + sizes.toolFragments } };
}

/** The JSON body of an invoke. */
export function invokeBody(): string {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: 1_750_000_000,
    model: BASE.model,
    system_fingerprint: "fp_bench",
    service_tier: "default",
    choices: [{ index: 0, message: { role: "assistant", content: INVOKE_TEXT, refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
    usage: wireUsage(INVOKE_USAGE),
  });
}

/** The SSE body of the text stream: a role chunk, `textChunks` content chunks, the finish chunk and a usage chunk. */
export function textBody(sizes: Sizes): string {
  const parts = [event({ role: "assistant", content: "", refusal: null })];
  for (let index = 0; index < sizes.textChunks; index++) parts.push(event({ content: ` w${index % 10}` }));
  parts.push(event({}, "stop"), event(null, null, textExpected(sizes).usage), "data: [DONE]\n\n");
  return parts.join("");
}

/** The SSE body of the tool-call stream: one call of {@link TOOL} whose arguments come in `toolFragments` + 2 pieces. */
export function toolBody(sizes: Sizes): string {
  const start = { index: 0, id: "call_bench", type: "function", function: { name: TOOL.name, arguments: "" } };
  const parts = [event({ role: "assistant", content: null, tool_calls: [start], refusal: null })];
  parts.push(event({ tool_calls: [{ index: 0, function: { arguments: '{"content":"' } }] }));
  for (let index = 0; index < sizes.toolFragments; index++) parts.push(event({ tool_calls: [{ index: 0, function: { arguments: `line ${index % 10} ` } }] }));
  parts.push(event({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }), event({}, "tool_calls"), event(null, null, toolExpected(sizes).usage), "data: [DONE]\n\n");
  return parts.join("");
}

/** Sizes from the environment the harness passes to the server. */
export function sizesFromEnv(env: NodeJS.ProcessEnv): Sizes {
  return { textChunks: Number(env.BENCH_TEXT_CHUNKS ?? 20_000), toolFragments: Number(env.BENCH_TOOL_FRAGMENTS ?? 5_000) };
}
