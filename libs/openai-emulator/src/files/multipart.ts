// Multipart request bodies (`POST /v1/files`): read as bytes, never as text, so uploads reach the route unchanged; the
// journal and cassette keys get a JSON summary instead of the raw body, so large binaries are never kept inline.

import { createHash } from "node:crypto";

/**
 * Whether a request carries a `multipart/form-data` body.
 *
 * @example
 * isMultipart(new Headers({ "content-type": "multipart/form-data; boundary=x" })); // true
 */
export function isMultipart(headers: Headers): boolean {
  return /^multipart\/form-data\b/iu.test(headers.get("content-type") ?? "");
}

/**
 * Parses a multipart body, or returns undefined when it is not valid multipart.
 *
 * @example
 * const form = await parseMultipart(bytes, request.headers.get("content-type") ?? "");
 * form?.get("purpose"); // "assistants"
 */
export async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<FormData | undefined> {
  try {
    return await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch {
    return undefined;
  }
}

/**
 * The text the journal shows (and cassettes key on) for a multipart body: a JSON object of its fields, each file part
 * replaced by `{ filename, content_type, bytes, sha256 }`; a field sent twice becomes an array. A body that does not
 * parse is summarised as `[multipart body: N bytes, not parsed]`.
 *
 * @example
 * await summarizeMultipart(bytes, contentType); // '{"purpose":"assistants","file":{"filename":"notes.txt","content_type":"text/plain","bytes":12,"sha256":"…"}}'
 */
export async function summarizeMultipart(bytes: Uint8Array, contentType: string): Promise<string> {
  const form = await parseMultipart(bytes, contentType);
  if (!form) return `[multipart body: ${bytes.length} bytes, not parsed]`;
  const summary: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    const shown = typeof value === "string" ? value : await describeFile(value);
    const previous = summary[name];
    summary[name] = previous === undefined ? shown : Array.isArray(previous) ? [...(previous as unknown[]), shown] : [previous, shown];
  }
  return JSON.stringify(summary);
}

async function describeFile(file: File): Promise<Record<string, unknown>> {
  const content = new Uint8Array(await file.arrayBuffer());
  const sha256 = createHash("sha256").update(content).digest("hex");
  return { filename: file.name, content_type: file.type, bytes: content.length, sha256 };
}
