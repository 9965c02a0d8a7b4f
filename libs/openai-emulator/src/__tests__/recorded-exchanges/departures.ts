// Where the emulator's answer still differs from a real recorded exchange (src/__fixtures__/recorded-exchanges), and
// why. The replay test (routes/recorded-exchanges.test.ts) fails on any mismatch not listed here, and on a listed one
// that no longer happens, so this list only shrinks. Dates are the recordings' (the response's `created`; for
// errors, the date of a commit holding the cassette).

/** Why a mismatch is accepted. */
export type DepartureKind =
  /** The API answered differently then; the emulator follows the newer recordings. */
  | "api-changed"
  /** Recordings of the same period disagree; the emulator follows the majority. */
  | "api-varies"
  /** Something the emulator does not model (files, web search, upstream failures, a retired model). */
  | "not-emulated"
  /** The cassette itself is inconsistent. */
  | "fixture";

/** One accepted mismatch. */
export interface RecordedDeparture {
  kind: DepartureKind;
  /** Matches the mismatch keys compareExchange() reports. */
  match: RegExp;
  /** Accepted only on recordings dated before this day (the API changed since). */
  recordedBefore?: string;
  /** Accepted only for requests to these models. */
  model?: RegExp;
  what: string;
  evidence: string;
}

/** Every accepted mismatch; keep this the one place where the replay is relaxed. */
export const RECORDED_DEPARTURES: readonly RecordedDeparture[] = [
  {
    kind: "api-changed",
    match: /^stream \S+ chunk extra obfuscation: string$/u,
    recordedBefore: "2025-08-05",
    what: "Stream chunks carry an `obfuscation` pad; recordings up to 2025-04-16 have none.",
    evidence: "20 streams 2024-06-17 to 2025-04-16 without it; every stream from 2025-08-05 on (first: pydantic-ai test_complex_agent_run_in_workflow) has it.",
  },
  {
    kind: "api-changed",
    match: /^(json|stream \S+ chunk) extra service_tier: string$/u,
    recordedBefore: "2025-02-04",
    what: "Answers name their `service_tier`; recordings up to 2024-08-11 do not.",
    evidence: "11 crewAI exchanges 2024-02-13 to 2024-08-11 without it; JSON from 2025-02-04 and streams from 2025-03-03 on have it.",
  },
  {
    kind: "api-changed",
    match: /^json extra usage\.(prompt|completion)_tokens_details(\.\w+)?: (object|number)$/u,
    recordedBefore: "2025-02-04",
    what: "`usage` has `prompt_tokens_details` and `completion_tokens_details`; recordings up to 2024-08-11 do not.",
    evidence: "8 crewAI JSON answers 2024-02-13 to 2024-08-11 without them; every JSON answer from 2025-02-04 on has them.",
  },
  {
    kind: "api-changed",
    match: /^json extra choices\[\]\.message\.refusal: null$/u,
    recordedBefore: "2024-08-11",
    what: "Messages carry `refusal: null`; recordings up to 2024-07-04 do not (the key came with Structured Outputs).",
    evidence: "6 crewAI answers 2024-02-13 to 2024-07-04 without it; from 2024-08-11 on (crewAI test_output_pydantic_to_another_task) it is there.",
  },
  {
    kind: "api-changed",
    match: /^json extra choices\[\]\.message\.annotations: array$/u,
    recordedBefore: "2025-03-22",
    what: "Messages carry `annotations: []`; recordings up to 2025-03-03 do not.",
    evidence: "11 answers 2024-02-13 to 2025-03-03 without it; every answer from 2025-03-22 on has it.",
  },
  {
    kind: "api-changed",
    match: /^header missing openai-model$/u,
    recordedBefore: "2024-06-17",
    what: "Answers from February 2024 carried an `openai-model` header; none since.",
    evidence: "5 crewAI answers 2024-02-13 to 2024-02-19 have it; no recording from 2024-06-17 on does.",
  },
  {
    kind: "api-changed",
    match: /^error message: "The model `gpt-3\.5` does not exist" /u,
    recordedBefore: "2024-02-14",
    what: "The 404 for an unknown model used to end at \"does not exist\"; it now adds \"or you do not have access to it.\"",
    evidence: "crewAI test_agent_function_calling_llm (commit of 2024-02-13) has the short wording; crewAI test_llm_call_with_error, Mirascope and pydantic-ai (2025-2026) the long one, which the emulator sends.",
  },
  {
    kind: "api-changed",
    match: /^status 200 \(emulator 400 unknown_parameter messages\[\d+\]\.tool_calls\[\d+\]\.index\)$/u,
    recordedBefore: "2024-06-18",
    what:
      "In June 2024 the API accepted an `index` member inside a history tool call; the emulator refuses unknown members " +
      "of messages and tool calls as the API does now.",
    evidence: "crewAI test_custom_agent_execution_with_tools and test_custom_logging_tool_usage (2024-06-17, gpt-4o): 200; issue 12 (recorded 2026 `unknown_parameter` with the full path).",
  },
  {
    kind: "api-varies",
    match: /^stream role(\+call-start)? chunk extra choices\[\]\.delta\.refusal: null$/u,
    what: "Some streams' role chunk (also when it starts a tool call) is `{role, content}` without `refusal: null`; most (120 of 142 in the fixture) have it, as the emulator does.",
    evidence:
      "13 streams 2024-06-17 to 2026-01-15 (crewAI, Mirascope async_stream) without it, beside streams of the same days and models with it; " +
      "3 of them (crewAI test_custom_agent_execution_with_tools, test_custom_logging_tool_usage, test_disabling_cache_for_custom_agent, 2024-06-17) start a tool call in that chunk.",
  },
  {
    kind: "api-varies",
    match: /^value finish_reason: "stop" \(emulator "tool_calls"\)$/u,
    model: /^gpt-4$/u,
    what: "gpt-4 once finished a `tool_choice: \"required\"` call with `stop`; the other `required` answers say `tool_calls`, as the emulator does.",
    evidence: "Mirascope test_structured_output_legacy_model[...-strict-or-tool] (2025-09-11, gpt-4-0613) against gpt-4o, gpt-4o-mini, gpt-5-mini `required` answers with `tool_calls`.",
  },
  {
    kind: "not-emulated",
    match: /^stream pattern: role content empty done \(emulator role content finish:stop done\)$/u,
    what: "The API broke off a stream with an `{\"error\": {\"type\": \"model_error\", ...}}` event before [DONE]; the emulator streams normally (its fault grammar can break streams on request).",
    evidence: "crewAI test_hierarchical_verbose_manager_agent and test_sequential_async_task_execution_completion (2024-08, gpt-4o): \"The model produced invalid content.\"",
  },
  {
    kind: "not-emulated",
    match: /^error message: "Invalid file data: 'file_id'\. Expected a file with an application\/pdf MIME type, but got unsupported MIME type 'image\/jpeg'\." \(emulator "Invalid file data: 'file_id'\. No such File object: file-\S+\."\)$/u,
    what:
      "The recording names a file uploaded to the real API (an image, refused as not a PDF); the replayed request's scope has no such file, so " +
      "the emulator answers its 400 for an unknown file id instead (same status, type, param and code). With the image uploaded to the " +
      "emulator first, it answers the recorded message (routes/file-parts.test.ts).",
    evidence: "pydantic-ai test_multimodal_tool_return_matrix[*-uploaded_file-image-openai_chat] (2026-03): \"Expected a file with an application/pdf MIME type, but got unsupported MIME type 'image/jpeg'.\"",
  },
  {
    kind: "not-emulated",
    match: /^json ((missing|extra) choices\[\]\.message\.annotations\[\]\S*|extra service_tier): /u,
    model: /search/u,
    what:
      "The search models cite the pages they read in `url_citation` annotations (none for a question they answer without a source) and send no " +
      "`service_tier`; the emulator does not search the web: it cites one made-up page at the end of every plain-text answer.",
    evidence: "pydantic-ai test_openai_web_search_tool* (gpt-4o-search-preview, 2025-05-14 and 2025-08-25).",
  },
  {
    kind: "not-emulated",
    match: /^json extra choices\[\]\.logprobs: null$/u,
    model: /^gpt-4\.5-preview/u,
    what: "gpt-4.5-preview (retired) answered without the `logprobs` key; the emulator keeps it for every model that does not reason, search or hear.",
    evidence: "pydantic-ai test_max_completion_tokens[gpt-4.5-preview] (2025-03-22), the only gpt-4.5 recording.",
  },
  {
    kind: "not-emulated",
    match: /^json missing usage\.prompt_tokens_details\.cache_write_tokens: number$/u,
    what: "One prompt-caching answer reports `cache_write_tokens`; the emulator does not model cache writes (11 other answers of the same month have no such key).",
    evidence: "pydantic-ai test_openai_chat_prompt_cache_e2e (2026-07-15).",
  },
  {
    kind: "fixture",
    match: /^error (param|message): .*messages\[1\]\.content\[1\]\.file\.data/u,
    what: "The recorded error names `messages[1]` but the recorded request has one message: the cassette's request was edited after recording. The emulator names `messages[0]`, the part that is there.",
    evidence: "pydantic-ai test_document_url_input (commit of 2025-03-13).",
  },
];
