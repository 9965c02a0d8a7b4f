// Where the real API departs from its own published OpenAPI spec, the recordings win. Each departure below relaxes the
// pruned spec (openai-schemas.json) at exactly one place, and names the recorded evidence. Nothing else is relaxed.

/** One recorded departure from the spec: where it is (a JSON pointer into the pruned document) and how it is relaxed. */
export interface SpecDeparture {
  /** What the API sends that the spec does not allow. */
  what: string;
  /** A public recording that shows it. */
  evidence: string;
  /** JSON pointer (into openai-schemas.json) of the subschema that is relaxed. */
  at: string;
  /** Widens the subschema at `at` to also accept what the API sends. */
  relax: (schema: Record<string, unknown>) => Record<string, unknown>;
}

const orNull = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });

const LEGACY_CHOICE = "/components/schemas/CreateCompletionResponse/properties/choices/items";

/** Every departure the oracle allows; keep this list the one place where the spec is relaxed. */
export const SPEC_DEPARTURES: readonly SpecDeparture[] = [
  {
    what:
      "Legacy completions stream chunks carry `finish_reason: null` on every text chunk but the last (the spec reuses the " +
      "non-streamed CreateCompletionResponse for chunks, where finish_reason is a required non-null enum).",
    evidence:
      "Recorded gpt-3.5-turbo-instruct:20230824-v2 stream (created 1770934485) in vercel/ai " +
      "packages/openai/src/completion/__fixtures__/openai-completion-text.chunks.txt (commit 9e339c6): " +
      "`\"choices\":[{\"text\":\"The\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]`; issue 12.",
    at: `${LEGACY_CHOICE}/properties/finish_reason`,
    relax: orNull,
  },
  {
    what: "Legacy completions stream chunks carry `usage: null` on every chunk but the usage chunk with `stream_options.include_usage`.",
    evidence:
      "The same vercel/ai recording: every text chunk ends `\"usage\":null}`, then one chunk with `\"choices\":[]` and the usage.",
    at: "/components/schemas/CreateCompletionResponse/properties/usage",
    relax: orNull,
  },
  {
    what:
      "Legacy completions with `echo` and `logprobs`: the echoed prompt's first token has no score, so `token_logprobs[0]` " +
      "and `top_logprobs[0]` are null (the spec's items are a number and an object).",
    evidence:
      "A quoted davinci response in a public client (`\"tokens\": [\"Say\",\" this\",\" is\",\" a\",\" test\"], " +
      "\"token_logprobs\":[null,-4.5408506,-2.4766643,-1.41573]`); EleutherAI lm-evaluation-harness parse_logprobs() " +
      "relies on the leading null when it scores echoed prompts.",
    at: `${LEGACY_CHOICE}/properties/logprobs/anyOf/0/properties/token_logprobs/items`,
    relax: orNull,
  },
  {
    what: "Legacy completions with `echo` and `logprobs`: `top_logprobs[0]` is null for the unscored first echoed token.",
    evidence: "EleutherAI lm-evaluation-harness parse_logprobs() reads echoed responses as `\"top_logprobs\": [null, {...}, ...]`.",
    at: `${LEGACY_CHOICE}/properties/logprobs/anyOf/0/properties/top_logprobs/items`,
    relax: orNull,
  },
  {
    what: "gpt-5 family chat completions say `system_fingerprint: null` (the spec: a string when present).",
    evidence: "Recorded gpt-5 exchanges, as the team's protocol notes summarise them (\"gpt-5 family: system_fingerprint is null (JSON and chunks)\"); issue 12.",
    at: "/components/schemas/CreateChatCompletionResponse/properties/system_fingerprint",
    relax: orNull,
  },
  {
    what:
      "Reasoning models (gpt-5 family, o-series) leave the `logprobs` key out of every choice (the spec lists it as required).",
    evidence:
      "Recorded gpt-5 and o-series exchanges, summarised in the protocol reference (\"Reasoning models leave the `logprobs` " +
      "key out of choices\"); issue 12 (\"reasoning models leave the `logprobs` key out of choices\").",
    at: "/components/schemas/CreateChatCompletionResponse/properties/choices/items",
    relax: (schema) => ({
      ...schema,
      required: (schema.required as string[] | undefined)?.filter((name) => name !== "logprobs"),
    }),
  },
  {
    what: "gpt-5 family streams say `system_fingerprint: null` in every chunk.",
    evidence: "Recorded gpt-5 streams, as the team's protocol notes summarise them (\"system_fingerprint is null (JSON and chunks)\"); issue 12.",
    at: "/components/schemas/CreateChatCompletionStreamResponse/properties/system_fingerprint",
    relax: orNull,
  },
  {
    what:
      "A streamed custom tool call (`tools: [{type: \"custom\"}]`) arrives as a tool-call delta with `type: \"custom\"` and " +
      "`custom: {name, input}`; the published spec's ChatCompletionMessageToolCallChunk only knows `function` (its " +
      "non-streamed ChatCompletionMessageToolCalls does have the custom variant).",
    evidence:
      "OpenAI's own SDK, generated from OpenAI's newer spec: openai-node 7.57.0 ChatCompletionChunk.Choice.Delta.ToolCall " +
      "has `type?: 'function' | 'custom'` and `custom?: { input?: string; name?: string }`.",
    at: "/components/schemas/ChatCompletionMessageToolCallChunk",
    relax: (schema) => {
      const properties = schema.properties as Record<string, unknown>;
      const custom = { type: "object", properties: { name: { type: "string" }, input: { type: "string" } } };
      return { ...schema, properties: { ...properties, type: { type: "string", enum: ["function", "custom"] }, custom } };
    },
  },
  {
    what:
      "Azure OpenAI opens a stream with a chunk that carries only `prompt_filter_results`: `choices: []`, `created: 0` and " +
      "empty `id`, `model` and `object` (the spec's `object` is the enum `chat.completion.chunk`). The emulator sends it on " +
      "its Azure routes only.",
    evidence:
      "Recorded Azure OpenAI stream (gpt-4o-2024-08-06) in quarkiverse/quarkus-langchain4j AzureOpenAiStreamingChatModelTest.java " +
      "(commit 79f181c), kept as src/__fixtures__/azure/azure-stream-gpt-4o.json; issue 16.",
    at: "/components/schemas/CreateChatCompletionStreamResponse/properties/object",
    relax: (schema) => ({ anyOf: [schema, { type: "string", enum: [""] }] }),
  },
  {
    what: "Responses API: a response echoes `user: null` when the request sent none (the spec's `user` is a string).",
    evidence:
      "Recorded gpt-4o-mini-2024-07-18 stream in vercel/ai packages/openai/src/responses/__fixtures__/" +
      "issue-20047-openai-responses.chunks.txt (commit cc062cf): every response object carries `\"user\":null`; issue 17.",
    at: "/components/schemas/ModelResponseProperties/properties/user",
    relax: orNull,
  },
  {
    what: "Responses API: the response in `response.created` and `response.in_progress` has `usage: null` (the spec's usage is an object).",
    evidence:
      "The same recording, and src/__fixtures__/recorded-responses/openai-reasoning-encrypted-content.1.chunks.txt " +
      "(vercel/ai commit ed857f5): `\"usage\":null` until `response.completed`; issue 17.",
    at: "/components/schemas/Response/allOf/2/properties/usage",
    relax: orNull,
  },
  {
    what: "Responses API: `response.function_call_arguments.done` carries no `name` (the spec requires one).",
    evidence:
      "src/__fixtures__/recorded-responses/openai-reasoning-encrypted-content.1.chunks.txt (vercel/ai commit ed857f5) and " +
      "vercel/ai issue-19493-gpt-5.1-tool-call.chunks.txt (commit 81a6ad7): `{\"type\":\"response.function_call_arguments.done\"," +
      "\"arguments\":…,\"item_id\":…,\"output_index\":0,\"sequence_number\":9}`; issue 17.",
    at: "/components/schemas/ResponseFunctionCallArgumentsDoneEvent",
    relax: (schema) => ({ ...schema, required: ["type", "item_id", "output_index", "arguments", "sequence_number"] }),
  },
  {
    what:
      "Responses API: a streamed request whose input does not fit the context window ends with `response.failed` whose " +
      "error code is `context_length_exceeded`, which the spec's ResponseErrorCode enum does not list.",
    evidence:
      "openai/codex core tests mock the API's streamed failure as `sse_failed(\"resp-overflow\", \"context_length_exceeded\", " +
      "\"Your input exceeds the context window of this model. Please adjust your input and try again.\")` (2026); issue 17.",
    at: "/components/schemas/ResponseErrorCode",
    relax: (schema) => ({ ...schema, enum: [...((schema.enum as string[] | undefined) ?? []), "context_length_exceeded"] }),
  },
  {
    what:
      "Responses API: `response.output_item.added` announces a web_search_call as `{id, type, status: \"in_progress\"}`, " +
      "without the `action` the spec requires (the action comes with `response.output_item.done`).",
    evidence:
      "src/__fixtures__/recorded-responses/openai-web-search-tool.1.chunks.txt (vercel/ai commit ed857f5, gpt-5-mini, 2025-12): " +
      "`{\"type\":\"response.output_item.added\",…,\"item\":{\"id\":\"ws_…\",\"type\":\"web_search_call\",\"status\":\"in_progress\"}}`; issue 17.",
    at: "/components/schemas/WebSearchToolCall",
    relax: (schema) => ({ anyOf: [schema, inProgressItem("web_search_call")] }),
  },
  {
    what:
      "Responses API: `response.output_item.added` announces an image_generation_call as `{id, type, status: \"in_progress\"}`, " +
      "without the `result` the spec requires.",
    evidence:
      "src/__fixtures__/recorded-responses/openai-image-generation-tool.1.chunks.txt (vercel/ai commit ed857f5, gpt-5, 2025-09): " +
      "`\"item\":{\"id\":\"ig_…\",\"type\":\"image_generation_call\",\"status\":\"in_progress\"}`; issue 17.",
    at: "/components/schemas/ImageGenToolCall",
    relax: (schema) => ({ anyOf: [schema, inProgressItem("image_generation_call")] }),
  },
  ...["ListFilesResponse", "ListVectorStoresResponse", "ListVectorStoreFilesResponse"].flatMap((list) =>
    (["first_id", "last_id"] as const).map((cursor) => ({
      what: `Files and Vector Stores API: an empty list page says \`${cursor}: null\` (the spec: always a string).`,
      evidence:
        "No recording found; public clients of these list endpoints decode the API's empty page as " +
        "`{\"object\":\"list\",\"data\":[],\"first_id\":null,\"last_id\":null,\"has_more\":false}` (files and batch list " +
        "tests in public Rust and Kotlin clients, 2026), as the emulator's other lists (input items) answer; issue 17.",
      at: `/components/schemas/${list}/properties/${cursor}`,
      relax: orNull,
    })),
  ),
];

// A tool call item as output_item.added announces it: only its id, type and status (in progress).
function inProgressItem(type: string): Record<string, unknown> {
  return {
    type: "object",
    properties: { id: { type: "string" }, type: { type: "string", enum: [type] }, status: { type: "string", enum: ["in_progress"] } },
    required: ["id", "type", "status"],
  };
}

/** A deep copy of the pruned spec document with every departure applied. */
export function applyDepartures<T extends object>(document: T, departures: readonly SpecDeparture[] = SPEC_DEPARTURES): T {
  const copy = structuredClone(document) as Record<string, unknown>;
  for (const departure of departures) {
    const parts = departure.at.split("/").slice(1).map((part) => part.replace(/~1/gu, "/").replace(/~0/gu, "~"));
    const last = parts.pop();
    let parent: unknown = copy;
    for (const part of parts) parent = (parent as Record<string, unknown> | undefined)?.[part];
    const target = last === undefined ? undefined : (parent as Record<string, unknown> | undefined)?.[last];
    if (last === undefined || target === null || typeof target !== "object") {
      throw new Error(`Spec departure at ${departure.at} points at nothing in the pruned spec; update departures.ts.`);
    }
    (parent as Record<string, unknown>)[last] = departure.relax(target as Record<string, unknown>);
  }
  return copy as T;
}
