// The text the emulator can search in an uploaded file: text formats (plain text, Markdown, JSON, JSONL, CSV, HTML,
// XML, source code) are decoded as UTF-8; anything else, PDFs included, has no searchable text here (reading a PDF's
// compressed streams would need a PDF parser the emulator does not carry).

/** Extensions whose files are read as UTF-8 text (a subset of those file search supports, plus data formats). */
const TEXT_EXTENSIONS = new Set([
  "txt", "md", "markdown", "json", "jsonl", "csv", "tsv", "html", "htm", "xml", "yaml", "yml",
  "c", "cpp", "cs", "css", "go", "java", "js", "mjs", "ts", "php", "py", "rb", "sh", "tex",
]);

/**
 * The file's text, or null when it is not a text format (by extension or content type) or not valid UTF-8. A leading
 * byte-order mark is dropped.
 *
 * @example
 * extractText(new TextEncoder().encode("# Title"), "notes.md", "text/markdown"); // "# Title"
 * extractText(pdfBytes, "paper.pdf", "application/pdf"); // null
 */
export function extractText(content: Uint8Array, filename: string, contentType: string): string | null {
  const extension = /\.([A-Za-z0-9]+)$/u.exec(filename)?.[1]?.toLowerCase();
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const textual =
    (extension !== undefined && TEXT_EXTENSIONS.has(extension)) ||
    type.startsWith("text/") ||
    type === "application/json" ||
    type === "application/jsonl" ||
    type === "application/xml";
  if (!textual) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return null;
  }
}
