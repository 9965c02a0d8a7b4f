// Azure OpenAI's content-filter annotations, kept in `response_metadata` as Azure sends them. Shapes from recorded
// Azure answers (libs/openai-emulator/src/__fixtures__/azure/): a completion carries `prompt_filter_results` at the top
// level and `content_filter_results` per choice; a stream sends `prompt_filter_results` on a first chunk with empty
// `choices`, then `content_filter_results` on each choice chunk (`{}` on the role and finish chunks, the verdict on the
// chunks whose text the filter checked). OpenAI itself sends neither, so nothing changes there.

/**
 * The warning a message carries in `response_metadata.warnings` when its answer was cut by a content filter
 * (`finish_reason: "content_filter"`): the message is returned, as `@langchain/openai` returns it, but it is incomplete.
 *
 * @example
 * if (message.response_metadata.warnings?.includes(CONTENT_FILTER_WARNING)) console.log(message.response_metadata.content_filter_results);
 */
export const CONTENT_FILTER_WARNING =
  'The answer was cut short by a content filter (finish_reason "content_filter"), so it is incomplete; ' +
  "response_metadata.content_filter_results says which category was filtered.";

/**
 * `prompt_filter_results` of a completion or chunk: a non-empty array, else undefined.
 *
 * @example
 * readPromptFilterResults({ prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] }); // [{ prompt_index: 0, … }]
 */
export function readPromptFilterResults(source: object): unknown[] | undefined {
  const results = (source as { prompt_filter_results?: unknown }).prompt_filter_results;
  return Array.isArray(results) && results.length > 0 ? results : undefined;
}

/**
 * A choice's `content_filter_results`: an object with at least one category, else undefined (Azure's `{}` on role and
 * finish chunks says nothing).
 *
 * @example
 * readContentFilterResults({ content_filter_results: { hate: { filtered: false, severity: "safe" } } }); // { hate: … }
 * readContentFilterResults({ content_filter_results: {} }); // undefined
 */
export function readContentFilterResults(choice: object): Record<string, unknown> | undefined {
  const results = (choice as { content_filter_results?: unknown }).content_filter_results;
  if (typeof results !== "object" || results === null || Array.isArray(results)) return undefined;
  for (const _key in results) return results as Record<string, unknown>;
  return undefined;
}

/**
 * Adds the content-filter facts of one answer to its `response_metadata`: `prompt_filter_results`,
 * `content_filter_results`, and {@link CONTENT_FILTER_WARNING} in `warnings` when the finish reason is
 * `content_filter`. Mutates and returns `metadata`.
 *
 * @example
 * addContentFilterMetadata({}, { promptFilterResults: undefined, contentFilterResults: undefined, finishReason: "content_filter" });
 * // { warnings: [CONTENT_FILTER_WARNING] }
 */
export function addContentFilterMetadata(
  metadata: Record<string, unknown>,
  facts: { promptFilterResults: unknown[] | undefined; contentFilterResults: Record<string, unknown> | undefined; finishReason: string | null | undefined },
): Record<string, unknown> {
  if (facts.promptFilterResults !== undefined) metadata.prompt_filter_results = facts.promptFilterResults;
  if (facts.contentFilterResults !== undefined) metadata.content_filter_results = facts.contentFilterResults;
  if (facts.finishReason === "content_filter") {
    const warnings = Array.isArray(metadata.warnings) ? (metadata.warnings as string[]) : [];
    metadata.warnings = [...warnings, CONTENT_FILTER_WARNING];
  }
  return metadata;
}
