// Text annotations of the Responses API (url_citation, file_citation, container_file_citation, file_path) as
// LangChain's `citation` content blocks, the way @langchain/openai keeps them on text blocks, so that core's "openai"
// translator passes them through unchanged into `outputVersion: "v1"` content.

import { isPlainObject } from "../internal/json-values.js";

/**
 * A text annotation as this package puts it on text blocks: LangChain's citation (with `source` naming the OpenAI
 * annotation type, and the ids OpenAI gave), or `{ type: "non_standard", value }` for an annotation type it does not
 * know.
 *
 * @example
 * const citation: ResponsesCitation = { type: "citation", source: "url_citation", url: "https://example.com", title: "Example", startIndex: 0, endIndex: 10 };
 */
export type ResponsesCitation = Record<string, unknown> & { type: "citation" | "non_standard" };

/**
 * Converts one Responses API annotation into LangChain's citation format, as @langchain/openai does: `url_citation`
 * -> `{ type: "citation", source: "url_citation", url, title, startIndex, endIndex }`; `file_citation` -> `{ type:
 * "citation", source: "file_citation", title: filename, startIndex: index, file_id }`; `container_file_citation` and
 * `file_path` likewise; anything else is kept as `{ type: "non_standard", value }`.
 *
 * @example
 * convertResponsesAnnotation({ type: "url_citation", url: "https://a.b", title: "A", start_index: 3, end_index: 9 });
 * // { type: "citation", source: "url_citation", url: "https://a.b", title: "A", startIndex: 3, endIndex: 9 }
 */
export function convertResponsesAnnotation(annotation: unknown): ResponsesCitation {
  if (!isPlainObject(annotation)) return { type: "non_standard", value: annotation };
  switch (annotation.type) {
    case "url_citation":
      return { type: "citation", source: "url_citation", url: annotation.url, title: annotation.title, startIndex: annotation.start_index, endIndex: annotation.end_index };
    case "file_citation":
      return { type: "citation", source: "file_citation", title: annotation.filename, startIndex: annotation.index, file_id: annotation.file_id };
    case "container_file_citation":
      return {
        type: "citation",
        source: "container_file_citation",
        title: annotation.filename,
        startIndex: annotation.start_index,
        endIndex: annotation.end_index,
        file_id: annotation.file_id,
        container_id: annotation.container_id,
      };
    case "file_path":
      return { type: "citation", source: "file_path", startIndex: annotation.index, file_id: annotation.file_id };
    default:
      return { type: "non_standard", value: annotation };
  }
}

/**
 * The inverse of {@link convertResponsesAnnotation}, for sending an AI message back: a citation with a `source`
 * becomes that OpenAI annotation again, a non-standard one its value; an annotation already in OpenAI's form passes.
 * A citation without a `source` (one built by hand, or by another provider) cannot be sent back and is left out
 * (`undefined`).
 *
 * @example
 * convertCitationToAnnotation({ type: "citation", source: "file_citation", title: "a.pdf", startIndex: 4, file_id: "file_1" });
 * // { type: "file_citation", file_id: "file_1", filename: "a.pdf", index: 4 }
 */
export function convertCitationToAnnotation(citation: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(citation)) return undefined;
  if (citation.type === "non_standard") return isPlainObject(citation.value) ? citation.value : undefined;
  if (citation.type !== "citation") return typeof citation.type === "string" ? citation : undefined;
  switch (citation.source) {
    case "url_citation":
      return { type: "url_citation", url: citation.url, title: citation.title, start_index: citation.startIndex, end_index: citation.endIndex };
    case "file_citation":
      return { type: "file_citation", file_id: citation.file_id, filename: citation.title, index: citation.startIndex };
    case "container_file_citation":
      return {
        type: "container_file_citation",
        container_id: citation.container_id,
        file_id: citation.file_id,
        filename: citation.title,
        start_index: citation.startIndex,
        end_index: citation.endIndex,
      };
    case "file_path":
      return { type: "file_path", file_id: citation.file_id, index: citation.startIndex };
    default:
      return undefined;
  }
}
