import { readFileSync, writeFileSync } from "node:fs";

/** One output of a code cell, as nbformat 4 stores it. */
export type NotebookOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string | string[] }
  | { output_type: "execute_result"; execution_count: number | null; data: Record<string, unknown>; metadata: object }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: object }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell (nbformat 4.5). */
export interface NotebookCell {
  id: string;
  cell_type: "markdown" | "code" | "raw";
  metadata: { tags?: string[]; [key: string]: unknown };
  source: string | string[];
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

/** How `pnpm docs:check` runs a notebook: read from `metadata.tessera`. */
export interface TesseraNotebookSettings {
  /** A scenario file (relative to docs/) the emulator loads for this notebook. */
  scenario?: string;
  /**
   * `false` for a notebook that starts its own emulators: none is started for it, and the kernel gets no
   * `OPENAI_BASE_URL` or key at all (the SDK would read them).
   */
  emulator?: boolean;
  /**
   * The emulator's profile: `"compatible"` answers as an OpenAI-compatible server (refusing `stream_options`,
   * `max_completion_tokens`, tools' `strict` and the developer role); default `"openai"`.
   */
  profile?: "openai" | "compatible";
  /** `[pattern, replacement]` pairs applied to every output, for values the emulator cannot make stable. */
  normalize?: [string, string][];
}

/** A Jupyter notebook (nbformat 4.5). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: { tessera?: TesseraNotebookSettings; [key: string]: unknown };
  nbformat: 4;
  nbformat_minor: number;
}

/** The Deno kernel's spec: the notebooks open in Jupyter with `deno jupyter --install`. */
export const NOTEBOOK_METADATA = {
  kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
  language_info: {
    codemirror_mode: "typescript",
    file_extension: ".ts",
    mimetype: "text/x.typescript",
    name: "typescript",
    nbconvert_exporter: "script",
    pygments_lexer: "typescript",
  },
};

/** A cell's source as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Splits text into nbformat's list of lines, each keeping its newline. */
export function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line) => line !== "");
}

/** Reads a notebook from disk. */
export function readNotebook(path: string): Notebook {
  return JSON.parse(readFileSync(path, "utf8")) as Notebook;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
  }
  return value;
}

/** Writes a notebook the way Jupyter does (sorted keys, one-space indent), so saving in Jupyter makes no diff. */
export function writeNotebook(path: string, notebook: Notebook): void {
  writeFileSync(path, `${JSON.stringify(sortKeys(notebook), null, 1)}\n`);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text a reader sees for one output: streams as written, results as plain text, errors as `Name: message`. */
export function outputText(output: NotebookOutput): string {
  switch (output.output_type) {
    case "stream":
      return Array.isArray(output.text) ? output.text.join("") : output.text;
    case "execute_result":
    case "display_data": {
      const plain = output.data["text/plain"];
      const text = Array.isArray(plain) ? plain.join("") : typeof plain === "string" ? plain : "";
      return `${text.replace(ANSI, "")}\n`;
    }
    case "error":
      return `${output.ename}: ${output.evalue.replace(ANSI, "")}\n`;
    default: {
      const unknown: never = output;
      return String(unknown);
    }
  }
}

/** Everything a code cell printed, as one text (what `docs:check` compares and the Markdown shows). */
export function cellOutputText(cell: NotebookCell): string {
  return (cell.outputs ?? []).map(outputText).join("");
}
