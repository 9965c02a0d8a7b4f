import type { Notebook, NotebookCell } from "./notebook.js";
import { cellOutputText, cellSource, splitLines, NOTEBOOK_METADATA } from "./notebook.js";

const HEADER_PREFIX = "<!-- Rendered from ";

/** The comment that opens every rendering, naming the notebook it comes from. */
export function renderingHeader(notebookName: string): string {
  return `${HEADER_PREFIX}${notebookName} by \`pnpm docs:render\`: edit the notebook, not this file. -->`;
}

function fence(text: string, info: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/^`{3,}/gm)].map((match) => match[0].length));
  const marks = "`".repeat(longest + 1);
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${marks}${info}\n${body}${marks}`;
}

function renderCell(cell: NotebookCell): string {
  const source = cellSource(cell).replace(/\s+$/, "");
  switch (cell.cell_type) {
    case "markdown":
    case "raw":
      return source;
    case "code": {
      const tags = (cell.metadata.tags ?? []).filter((tag) => tag === "raises-exception");
      const code = fence(source, ["typescript", ...tags].join(" "));
      const output = cellOutputText(cell);
      return output === "" ? code : `${code}\n\n${fence(output, "output")}`;
    }
    default: {
      const unknown: never = cell.cell_type;
      throw new Error(`unknown cell type ${String(unknown)}`);
    }
  }
}

/**
 * Renders a notebook as Markdown for reading on GitHub: Markdown cells as written, code cells as `typescript` blocks,
 * each followed by what it printed in an `output` block.
 */
export function renderNotebook(notebook: Notebook, notebookName: string): string {
  const parts = [renderingHeader(notebookName), ...notebook.cells.map(renderCell)];
  return `${parts.join("\n\n")}\n`;
}

interface Block {
  kind: "markdown" | "code" | "output";
  text: string;
  tags: string[];
}

function splitBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let prose: string[] = [];
  let proseFence: string | null = null;
  const lines = markdown.split("\n");
  const flush = (): void => {
    const text = prose.join("\n").trim();
    if (text !== "") blocks.push({ kind: "markdown", text, tags: [] });
    prose = [];
  };
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    const open = proseFence === null ? /^(`{3,})(typescript|output)\b(.*)$/.exec(line) : null;
    if (open === null) {
      const marks = /^(`{3,}|~{3,})/.exec(line)?.[1];
      if (marks !== undefined && proseFence === null) proseFence = marks;
      else if (marks !== undefined && line.trim() === proseFence) proseFence = null;
      if (proseFence === null && /^## /.test(line)) flush();
      if (!line.startsWith(HEADER_PREFIX)) prose.push(line);
      continue;
    }
    const [, marks = "```", kind, rest = ""] = open;
    const body: string[] = [];
    index += 1;
    while (index < lines.length && lines[index] !== marks) body.push(lines[index++] ?? "");
    flush();
    blocks.push({ kind: kind === "output" ? "output" : "code", text: body.join("\n"), tags: rest.trim().split(/\s+/).filter(Boolean) });
  }
  flush();
  return blocks;
}

/**
 * Turns a Markdown page into a notebook: each `typescript` fenced block becomes a code cell (a `raises-exception`
 * word after the language tags it), `output` blocks are dropped (running the notebook makes them), and the prose
 * between becomes Markdown cells, one per `##` section. Other fences (`ts`, `sh`, `json`) stay in the prose.
 */
export function importMarkdown(markdown: string, slug: string): Notebook {
  const cells: NotebookCell[] = splitBlocks(markdown)
    .filter((block) => block.kind !== "output")
    .map((block, index) => {
      const id = `${slug}-${String(index).padStart(2, "0")}`;
      const source = splitLines(block.text);
      if (block.kind === "markdown") return { id, cell_type: "markdown", metadata: {}, source };
      const metadata = block.tags.length > 0 ? { tags: block.tags } : {};
      return { id, cell_type: "code", metadata, source, outputs: [], execution_count: null };
    });
  return { cells, metadata: { ...NOTEBOOK_METADATA }, nbformat: 4, nbformat_minor: 5 };
}
